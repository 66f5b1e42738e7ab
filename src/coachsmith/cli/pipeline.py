"""``coachsmith run``: every pipeline stage that exists, in order, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.cli._roles import Roles
from coachsmith.cli.generate import generate_stage
from coachsmith.config import dump_config, load_config
from coachsmith.domain import describe, load_domain
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

    typer.echo(f"[1/2] validate domain pack '{cfg.domain}'")
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    write_json(run_dir / "domain.json", describe(domain))

    roles = Roles(cfg, run_dir)
    try:
        typer.echo("generate: personas and transcripts (resumable)")
        generated = generate_stage(cfg, domain, roles, run_dir)
        typer.echo(f"generate: {len(generated.written)} new transcripts, "
                   f"{generated.skipped} already there, {len(generated.stopped_early)} stopped "
                   "early")
        typer.echo("[2/2] smoke: one coach reply, judged on every assessed criterion")
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
    typer.echo(f"outputs: {run_dir}/smoke.json, usage.json, cache.sqlite")
    typer.echo(f"         {run_dir}/personas.jsonl, transcripts.jsonl")
