"""``coachsmith optimize``: improve the coach prompt against the rubric and keep it in the run.

Reads ``<run_dir>/transcripts.jsonl`` (coach turns to try prompts on) and the domain pack, runs
GEPA, and writes:

- ``<run_dir>/domain/``: the run's copy of the pack (copied from ``domain:`` on first use), with
  the improved ``prompts/coach_system.md`` when a candidate beat the original. A later
  ``optimize`` starts from this copy, so runs build on each other.
- ``<run_dir>/optimize/report.md`` (before/after table) and ``result.json``.

Nothing is written into the pack when any LLM call failed, and the pack named by ``domain:`` is
never modified.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.cli._roles import Roles
from coachsmith.config import RunConfig, load_config
from coachsmith.domain import copy_domain, load_domain
from coachsmith.errors import ConfigError, Problem
from coachsmith.records import Transcript, read_jsonl, write_json

PACK_DIR = "domain"
PROMPT_FILE = Path("prompts") / "coach_system.md"


@app.command()
def optimize(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to run.")] = Path(
        "run.yaml"),
) -> None:
    """Improve the coach prompt against the rubric with DSPy GEPA (needs transcripts)."""
    from coachsmith.optimize import (
        BackendEngine,
        RubricMetric,
        coach_examples,
        optimize_coach_prompt,
        render_optimize_report,
        split_examples,
    )

    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    opt = cfg.optimize
    pack_dir = run_dir / PACK_DIR
    source: str | Path = pack_dir if pack_dir.is_dir() else cfg.domain
    domain = load_domain(source, rubric=cfg.rubric)
    path = run_dir / "transcripts.jsonl"
    if not path.exists():
        raise ConfigError([Problem(str(path), "", "no transcripts to optimise the prompt on; "
                                   f"run: coachsmith generate -c {config}")])
    examples = coach_examples(list(read_jsonl(path, Transcript)), max_history=opt.max_history)
    try:
        train, val = split_examples(examples, train=opt.train_examples, val=opt.val_examples,
                                    seed=cfg.seed)
    except ValueError as exc:
        raise ConfigError([Problem(str(path), "", str(exc))]) from None
    criteria = opt.criteria if opt.criteria is not None else cfg.assess.criteria
    typer.echo(f"optimising {domain.prompt('coach_system').file} on {len(train)} training and "
               f"{len(val)} validation coach turns, budget {opt.max_metric_calls} judged replies")

    roles = Roles(cfg, run_dir)
    try:
        result = optimize_coach_prompt(
            domain.prompt("coach_system").text,
            train=train, val=val,
            coach=BackendEngine(roles.backend("coach", "optimize"), cfg.roles["coach"],
                                seed=cfg.seed),
            reflection=BackendEngine(roles.backend(opt.reflection_role, "optimize"),
                                     cfg.roles[opt.reflection_role], seed=cfg.seed),
            metric=RubricMetric(domain, roles.backend("judge", "optimize"), cfg.roles["judge"],
                                criteria=criteria, seed=cfg.seed,
                                max_attempts=cfg.assess.max_attempts),
            max_metric_calls=opt.max_metric_calls,
            reflection_minibatch_size=opt.reflection_minibatch_size,
            seed=cfg.seed,
        )
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()

    written = write_pack_prompt(cfg, pack_dir, result.prompt) if result.improved else None
    out = run_dir / "optimize"
    out.mkdir(parents=True, exist_ok=True)
    report = render_optimize_report(result, domain.rubric, source=str(source),
                                    written_to=str(written) if written else None)
    (out / "report.md").write_text(report, encoding="utf-8")
    write_json(out / "result.json", {
        "source": str(source), "written_to": str(written) if written else None,
        "improved": result.improved, "metric_calls": result.metric_calls,
        "before": {"mean_score": result.before.mean_score, "pass_rate": result.before.pass_rate,
                   "criteria": result.before.criterion_rates(), "prompt": result.before.prompt},
        "after": {"mean_score": result.after.mean_score, "pass_rate": result.after.pass_rate,
                  "criteria": result.after.criterion_rates(), "prompt": result.after.prompt},
        "candidates": [{"score": s, "prompt": p} for p, s in
                       zip(result.candidates, result.candidate_scores, strict=True)],
    })
    typer.echo(f"mean rubric score {result.before.mean_score:.3f} -> "
               f"{result.after.mean_score:.3f} on {len(val)} validation turns")
    if written:
        typer.echo(f"improved prompt written to {written}; to use it, set in {config}: "
                   f"domain: {pack_dir}")
    else:
        typer.echo("no candidate beat the original prompt; the pack is unchanged")
    typer.echo(f"report: {out / 'report.md'}")


def write_pack_prompt(cfg: RunConfig, pack_dir: Path, prompt: str) -> Path:
    """Put ``prompt`` into the run's copy of the pack, creating the copy from ``cfg.domain``
    first; the copy must load before it replaces anything.

    Returns:
        The prompt file written.
    """
    if pack_dir.is_dir():
        target = pack_dir / PROMPT_FILE
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(prompt, encoding="utf-8")
        os.replace(tmp, target)
        load_domain(pack_dir, rubric=cfg.rubric)
        return target
    staging = pack_dir.with_name(pack_dir.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    copy_domain(cfg.domain, staging)
    (staging / PROMPT_FILE).write_text(prompt, encoding="utf-8")
    load_domain(staging, rubric=cfg.rubric)
    os.replace(staging, pack_dir)
    return pack_dir / PROMPT_FILE
