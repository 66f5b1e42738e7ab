"""``coachsmith run``: every pipeline stage in order, each resumable, optionally stopping early."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.cli._roles import Roles
from coachsmith.config import RunConfig, dump_config, load_config
from coachsmith.domain import Domain, describe, load_domain
from coachsmith.records import write_json


class Stage(StrEnum):
    """The stages of ``coachsmith run``, in order (``--until`` stops after one)."""

    smoke = "smoke"
    generate = "generate"
    curate = "curate"  # assessment and curation: curation re-assesses what it fixes
    train = "train"
    export = "export"
    evaluate = "evaluate"


_ORDER = list(Stage)


def _step(stage: Stage) -> str:
    return f"[{_ORDER.index(stage) + 1}/{len(_ORDER)}] {stage.value}"


@app.command()
def run(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to run.")] = Path(
        "run.yaml"),
    until: Annotated[Stage | None, typer.Option(
        help="Stop after this stage (assessment runs inside curate).")] = None,
) -> None:
    """Run the pipeline: smoke, generate, assess + curate, train, export, evaluate; resumable."""
    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / "config.json", dump_config(cfg))

    typer.echo(f"validate domain pack '{cfg.domain}'")
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    write_json(run_dir / "domain.json", describe(domain))
    last = _ORDER.index(until) if until is not None else len(_ORDER) - 1

    roles = Roles(cfg, run_dir)
    try:
        _smoke(cfg, run_dir, domain, roles)
        if last >= _ORDER.index(Stage.generate):
            _generate(cfg, config, run_dir, domain, roles)
        if last >= _ORDER.index(Stage.curate):
            _assess_and_curate(cfg, config, domain, roles)
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()
    trained = last >= _ORDER.index(Stage.train) and _train(cfg, run_dir, domain)
    if trained and last >= _ORDER.index(Stage.export):
        _export(cfg, run_dir, domain)
    if last >= _ORDER.index(Stage.evaluate):
        from coachsmith.cli.evaluate import evaluate_in_run

        typer.echo(f"{_step(Stage.evaluate)}: base vs tuned on simulated conversations")
        evaluate_in_run(cfg, run_dir, domain)
    typer.echo(f"outputs in {run_dir}")


def _smoke(cfg: RunConfig, run_dir: Path, domain: Domain, roles: Roles) -> None:
    """One coach reply judged on every assessed criterion: proves the roles answer at all."""
    from coachsmith.smoke import run_smoke  # imported here: the stage pulls in the judge

    typer.echo(f"{_step(Stage.smoke)}: one coach reply, judged on every assessed criterion")
    result = run_smoke(
        domain=domain,
        coach=roles.backend("coach", "smoke"),
        judge=roles.backend("judge", "smoke"),
        coach_role=cfg.roles["coach"],
        judge_role=cfg.roles["judge"],
        message=cfg.smoke.message,
        session_context=cfg.smoke.session_context,
        seed=cfg.seed,
        criteria=cfg.assess.criteria,
        judge_attempts=cfg.assess.max_attempts,
    )
    write_json(run_dir / "smoke.json", result.to_dict())
    s = result.score
    errors = [cid for cid, v in result.verdicts.items() if v.answer == "ERROR"]
    typer.echo(f"coach replied with {len(result.transcript.exchanges[0].assistant)} characters; "
               f"judged {len(result.verdicts)} criteria ({len(errors)} unparseable); "
               f"score {s.score:.3f} (pass at {domain.rubric.pass_threshold}): "
               f"{'PASSED' if s.passed else 'FAILED'}"
               f"{' - safety gate failed' if s.safety_gate_failed else ''}")


def _generate(cfg: RunConfig, config: Path, run_dir: Path, domain: Domain, roles: Roles) -> None:
    """Personas and transcripts; resumes where it stopped."""
    from coachsmith.cli.generate import generate_stage

    typer.echo(f"{_step(Stage.generate)}: personas and transcripts (resumable)")
    generated = generate_stage(cfg, domain, roles, run_dir)
    typer.echo(f"generate: {len(generated.written)} new transcripts, {generated.skipped} already "
               f"there, {len(generated.stopped_early)} stopped early")


def _assess_and_curate(cfg: RunConfig, config: Path, domain: Domain, roles: Roles) -> bool:
    """Assess and curate whatever transcripts the run has; False (with a message) when none."""
    from coachsmith.cli.assess import input_files, load_transcripts
    from coachsmith.cli.curate import curate_stage, summary_line

    files = input_files(Path(cfg.run_dir), None)
    if not files:
        typer.echo(f"{_step(Stage.curate)}: skipped, no transcripts yet ({cfg.run_dir}/"
                   "transcripts.jsonl is written by the generate stage)")
        return False
    transcripts = load_transcripts(files)
    typer.echo(f"{_step(Stage.curate)}: assess and curate {len(transcripts)} transcripts from "
               f"{', '.join(f.name for f in files)}")
    result = curate_stage(cfg, str(config), domain, roles, transcripts)
    typer.echo(summary_line(result))
    if result.unfinished:
        from coachsmith.cli.assess import unfinished_error

        raise unfinished_error(result.unfinished)
    return True


def _train(cfg: RunConfig, run_dir: Path, domain: Domain) -> bool:
    """Train on the curated dataset; False (with a message) when there is none."""
    from coachsmith.cli.train import dataset_paths, train_stage

    train_file, _ = dataset_paths(cfg, run_dir)
    if not train_file.is_file():
        typer.echo(f"{_step(Stage.train)}: skipped, no training data at {train_file} "
                   "(curation writes it)")
        return False
    typer.echo(f"{_step(Stage.train)}: {cfg.train.method} on {cfg.train.base_model}")
    train_stage(cfg, run_dir, domain)
    return True


def _export(cfg: RunConfig, run_dir: Path, domain: Domain) -> None:
    from coachsmith.cli.export import export_stage

    typer.echo(f"{_step(Stage.export)}: merge, GGUF, quantize, Modelfile, verify")
    export_stage(cfg, run_dir, domain)
