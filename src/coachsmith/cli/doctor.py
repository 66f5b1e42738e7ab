"""``coachsmith doctor``: check the install and a config's backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.config import load_config


@app.command()
def doctor(
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="Also reach every backend of this run.yaml with a one-token "
        "request.")] = None,
    model: Annotated[Path | None, typer.Option(
        help="Check and generate with this GGUF instead of the bundled model.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
    timeout: Annotated[float, typer.Option(
        min=1.0, help="Seconds the llama.cpp child process may take.")] = 180.0,
) -> None:
    """Check the install: versions, model, CPU features, a generation, folders, backends."""
    from dataclasses import asdict

    from coachsmith.doctor import render_checks, run_checks

    cfg = load_config(config) if config is not None else None
    checks = run_checks(model=model, config=cfg, timeout_s=timeout)
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        typer.echo(json.dumps({"ok": not failed, "checks": [asdict(c) for c in checks]},
                              indent=2))
    else:
        typer.echo(render_checks(checks))
    if failed:
        raise typer.Exit(1)
