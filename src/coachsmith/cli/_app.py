"""The Typer app every command module registers with, and the console entry point.

Errors raised on purpose (:class:`~coachsmith.errors.CoachsmithError`) print as one line per
problem and exit 1; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from coachsmith import __version__
from coachsmith.errors import CoachsmithError

# Privacy by default: nothing we load should phone home.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

app = typer.Typer(
    name="coachsmith",
    help="Build, evaluate and run private, locally-runnable coaching language models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
domain_app = typer.Typer(help="Inspect and validate domain packs.", no_args_is_help=True)
app.add_typer(domain_app, name="domain", help="Validate a domain pack or show its prompts.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coachsmith {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Build, evaluate and run private, locally-runnable coaching language models."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clear line per problem, no traceback unless --debug."""
    args = sys.argv[1:] if argv is None else argv
    try:
        # Outside standalone mode click returns, rather than raises, a command's typer.Exit code.
        code = app(args=args, standalone_mode=False)
        if isinstance(code, int) and code:
            raise SystemExit(code)
    except CoachsmithError as exc:
        if "--debug" in args:
            raise
        for line in str(exc).splitlines():
            typer.echo(f"error: {line}", err=True)
        raise SystemExit(1) from None
    except (typer.Exit, SystemExit) as exc:
        code = exc.exit_code if isinstance(exc, typer.Exit) else exc.code
        raise SystemExit(code) from None
    except typer.Abort:
        typer.echo("aborted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            raise SystemExit(exc.exit_code) from None
        if "--debug" in args:
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                   err=True)
        raise SystemExit(1) from None
