"""``coachsmith generate``: personas, transcripts and edge-case scenarios into the run directory.

::

    <run_dir>/personas.jsonl        sampled personas (+ profiles), extended, never rewritten
    <run_dir>/transcripts.jsonl     one finished transcript per line      (generate)
    <run_dir>/edge_cases.jsonl      one scenario transcript per line      (generate --edge-cases)
    <run_dir>/generate/             checkpoints of transcripts in progress, summary JSON

Run the same command again after a crash or Ctrl-C: finished transcripts are skipped and those in
progress continue from their last exchange.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.cli._roles import Roles
from coachsmith.config import RunConfig, dump_config, load_config
from coachsmith.domain import Domain, describe, load_domain
from coachsmith.errors import ConfigError, Problem
from coachsmith.generate import (
    BoundedBackend,
    RunSummary,
    TranscriptLoop,
    TranscriptStore,
    add_profiles,
    counter_for,
    edge_case_jobs,
    effective_budget,
    run_jobs,
    sample_personas,
    transcript_jobs,
)
from coachsmith.llm import Backend
from coachsmith.records import Persona, Transcript, append_jsonl, read_jsonl, write_json

generate_app = typer.Typer(help="Generate personas, transcripts and edge-case scenarios.")
app.add_typer(generate_app, name="generate")

ConfigOption = Annotated[Path, typer.Option("--config", "-c", help="run.yaml to use.")]


@generate_app.callback(invoke_without_command=True)
def generate(
    ctx: typer.Context,
    config: ConfigOption = Path("run.yaml"),
    edge_cases: Annotated[bool, typer.Option(
        "--edge-cases", help="Write the pack's edge-case scenarios (edge_cases.jsonl) instead "
        "of standard transcripts.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Generate transcripts (personas first, when missing); resumable."""
    if ctx.invoked_subcommand is not None:
        return
    cfg, run_dir, domain = _prepare(config)
    roles = Roles(cfg, run_dir)
    try:
        summary = generate_stage(cfg, domain, roles, run_dir, edge_cases=edge_cases,
                                 progress=not quiet)
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()
    _report(summary, roles, run_dir, edge_cases)


@generate_app.command("personas")
def personas_command(
    config: ConfigOption = Path("run.yaml"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Sample the configured number of personas (and their profiles) into personas.jsonl."""
    cfg, run_dir, domain = _prepare(config)
    roles = Roles(cfg, run_dir)
    try:
        personas = ensure_personas(cfg, domain, roles, run_dir, progress=not quiet)
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()
    failed = sum(1 for p in personas if p.profile_error)
    typer.echo(f"{len(personas)} personas in {run_dir / 'personas.jsonl'}"
               + (f" ({failed} without a profile: see profile_error)" if failed else ""))


def _prepare(config: Path) -> tuple[RunConfig, Path, Domain]:
    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / "config.json", dump_config(cfg))
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    write_json(run_dir / "domain.json", describe(domain))
    return cfg, run_dir, domain


def ensure_personas(cfg: RunConfig, domain: Domain, roles: Roles, run_dir: Path, *,
                    progress: bool = True) -> list[Persona]:
    """The run's personas: those in personas.jsonl, plus newly sampled ones up to the configured
    count (existing lines are never rewritten, so transcripts that name them stay valid).

    Raises:
        ConfigError: personas.jsonl has a bad line, or was sampled from another domain pack.
    """
    path = run_dir / "personas.jsonl"
    existing = list(read_jsonl(path, Persona)) if path.exists() else []
    foreign = [i for i, p in enumerate(existing, start=1) if p.domain and p.domain != domain.name]
    if foreign:
        raise ConfigError([Problem(str(path), "domain", f"persona sampled from another domain "
                                   f"pack than '{domain.name}'; use another run_dir", foreign[0])])
    want = cfg.generate.personas
    if len(existing) >= want:
        return existing
    new = sample_personas(domain, want - len(existing), cfg.seed, start=len(existing))
    if cfg.generate.backstory:
        new = add_profiles(new, domain=domain, backend=roles.backend("user_sim", "generate"),
                           role=cfg.roles["user_sim"], max_attempts=cfg.generate.max_attempts,
                           progress="personas" if progress else None)
    append_jsonl(path, new)
    return existing + new


def generate_stage(cfg: RunConfig, domain: Domain, roles: Roles, run_dir: Path, *,
                   edge_cases: bool = False, progress: bool = True) -> RunSummary:
    """Generate the run's transcripts (or edge-case scenarios) into the run directory.

    Returns:
        What was written, skipped, resumed and stopped early.

    Raises:
        ConfigError: The config asks for something the pack does not have.
    """
    from coachsmith.safety import load_risk_classifier  # loads the packaged risk model

    gen = cfg.generate
    personas = ensure_personas(cfg, domain, roles, run_dir, progress=progress)
    try:
        jobs = (edge_case_jobs(gen, domain, personas, cfg.seed) if edge_cases
                else transcript_jobs(gen, personas, cfg.seed))
    except ValueError as exc:
        raise ConfigError([Problem("run.yaml", "generate", str(exc))]) from None
    user_spec, coach_spec = cfg.roles["user_sim"], cfg.roles["coach"]
    backends = _bounded({"user_sim": roles.backend("user_sim", "generate"),
                         "coach": roles.backend("coach", "generate")},
                        {"user_sim": user_spec.backend, "coach": coach_spec.backend})
    risk = load_risk_classifier() if edge_cases or gen.crisis_flow != "off" else None
    loop = TranscriptLoop(
        domain, user_sim=backends["user_sim"], coach=backends["coach"], user_role=user_spec,
        coach_role=coach_spec, config=gen, risk=risk,
        coach_counter=counter_for(cfg.backends[coach_spec.backend]),
        user_counter=counter_for(cfg.backends[user_spec.backend]),
        coach_budget=effective_budget(gen.context_budget_tokens, cfg.backends[coach_spec.backend]),
        user_budget=effective_budget(gen.context_budget_tokens, cfg.backends[user_spec.backend]),
        locale=cfg.locale)
    name = "edge_cases" if edge_cases else "transcripts"
    store = TranscriptStore(run_dir / f"{name}.jsonl", run_dir / "generate" / f"{name}.checkpoints")
    concurrency = gen.concurrency or max(b.max_concurrency for b in backends.values())

    def written(_: Transcript) -> None:
        roles.meter.write_json(run_dir / "usage.json")  # a kill loses at most one transcript's

    summary = run_jobs(jobs, loop, store, concurrency=concurrency,
                       progress=("edge cases" if edge_cases else "transcripts") if progress
                       else None, on_finish=written)
    write_json(run_dir / "generate" / f"{name}.summary.json", {
        "jobs": len(jobs), "written": len(summary.written), "skipped": summary.skipped,
        "resumed": summary.resumed, "stopped_early": summary.stopped_early,
        "exchanges": summary.exchanges, "tokens": summary.tokens,
        "seconds": round(summary.seconds, 2), "concurrency": concurrency,
        "token_count": loop.coach_counter.method})
    if not edge_cases:
        _realism(cfg, personas, run_dir)
    return summary


def _realism(cfg: RunConfig, personas: Sequence[Persona], run_dir: Path) -> None:
    """The realism report over every transcript in the run (not only this call's)."""
    from coachsmith.generate.realism import measure_realism, write_realism_report

    path = run_dir / "transcripts.jsonl"
    transcripts = list(read_jsonl(path, Transcript)) if path.exists() else []
    if not transcripts:
        return
    result = measure_realism(personas, transcripts, length_mix=cfg.generate.length_mix)
    out = run_dir / "generate" / "realism"
    write_realism_report(result, out)
    typer.echo(f"realism report: {out / 'report.md'}")


def _bounded(backends: dict[str, Backend], names: dict[str, str]) -> dict[str, Backend]:
    """Roles that share a configured backend share its concurrency slots."""
    slots: dict[str, threading.BoundedSemaphore] = {}
    out: dict[str, Backend] = {}
    for role, backend in backends.items():
        slot = slots.setdefault(names[role], threading.BoundedSemaphore(backend.max_concurrency))
        out[role] = BoundedBackend(backend, slot)
    return out


def _report(summary: RunSummary, roles: Roles, run_dir: Path, edge_cases: bool) -> None:
    name = "edge_cases" if edge_cases else "transcripts"
    rate = summary.exchanges / summary.seconds * 60 if summary.seconds else 0.0
    typer.echo(f"wrote {len(summary.written)} transcripts to {run_dir / (name + '.jsonl')} "
               f"({summary.skipped} already there, {summary.resumed} resumed); "
               f"{summary.exchanges} exchanges, {rate:.1f}/min, {summary.tokens} tokens")
    for tid, reason in sorted(summary.stopped_early.items()):
        typer.echo(f"  {tid} stopped early: {reason}")
    for stage, usage in roles.meter.as_dict().items():
        if stage.startswith("generate/"):
            typer.echo(f"  {stage.split('/', 1)[1]:>8}: {usage['calls']} calls "
                       f"({usage['cache_hits']} cached, {usage['errors']} failed), "
                       f"{usage['input_tokens']} in / {usage['output_tokens']} out tokens, "
                       f"{usage['wall_seconds']:.1f}s")
