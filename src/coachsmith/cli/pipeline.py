"""``coachsmith run``: every pipeline stage that exists, in order, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.cli._roles import Roles
from coachsmith.config import RunConfig, dump_config, load_config
from coachsmith.domain import Domain, describe, load_domain
from coachsmith.records import write_json


@app.command()
def run(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to run.")] = Path(
        "run.yaml"),
) -> None:
    """Run every pipeline stage that exists; resumable."""
    from coachsmith.smoke import run_smoke  # imported here: the stage pulls in the judge

    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / "config.json", dump_config(cfg))

    typer.echo(f"[1/4] validate domain pack '{cfg.domain}'")
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    write_json(run_dir / "domain.json", describe(domain))

    roles = Roles(cfg, run_dir)
    try:
        typer.echo("[2/4] smoke: one coach reply, judged on every assessed criterion")
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
        curated = _assess_and_curate(cfg, config, domain, roles)
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()

    s = result.score
    errors = [cid for cid, v in result.verdicts.items() if v.answer == "ERROR"]
    typer.echo(f"coach replied with {len(result.transcript.exchanges[0].assistant)} characters; "
               f"judged {len(result.verdicts)} criteria ({len(errors)} unparseable)")
    typer.echo(f"score {s.score:.3f} (pass at {domain.rubric.pass_threshold}): "
               f"{'PASSED' if s.passed else 'FAILED'}"
               f"{' - safety gate failed' if s.safety_gate_failed else ''}")
    typer.echo(f"outputs: {run_dir}/smoke.json, usage.json, cache.sqlite"
               + (", assess/, curate/, dataset/" if curated else ""))
    _train_and_export(cfg, run_dir, domain)


def _assess_and_curate(cfg: RunConfig, config: Path, domain: Domain, roles: Roles) -> bool:
    """Steps 3-4 on whatever transcripts the run has; False (with a message) when it has none."""
    from coachsmith.cli.assess import input_files, load_transcripts
    from coachsmith.cli.curate import curate_stage, summary_line

    files = input_files(Path(cfg.run_dir), None)
    if not files:
        typer.echo(f"[3/4] assess: skipped, no transcripts yet ({cfg.run_dir}/transcripts.jsonl "
                   "is written by the generate stage)")
        typer.echo("[4/4] curate: skipped, nothing to curate")
        return False
    transcripts = load_transcripts(files)
    typer.echo(f"[3/4] assess + [4/4] curate: {len(transcripts)} transcripts from "
               f"{', '.join(f.name for f in files)}")
    result = curate_stage(cfg, str(config), domain, roles, transcripts)
    typer.echo(summary_line(result))
    if result.unfinished:
        from coachsmith.cli.assess import unfinished_error

        raise unfinished_error(result.unfinished)
    return True


def _train_and_export(cfg: RunConfig, run_dir: Path, domain: Domain) -> None:
    """Train on the curated dataset and export the result; skipped (with a message) without one."""
    from coachsmith.cli.export import export_stage
    from coachsmith.cli.train import dataset_paths, train_stage

    train_file, _ = dataset_paths(cfg, run_dir)
    if not train_file.is_file():
        typer.echo(f"[train] skipped: no training data at {train_file} (curation writes it)")
        return
    typer.echo(f"[train] {cfg.train.method} on {cfg.train.base_model}")
    train_stage(cfg, run_dir, domain)
    typer.echo("[export] merge, GGUF, quantize, Modelfile, verify")
    export_stage(cfg, run_dir, domain)
