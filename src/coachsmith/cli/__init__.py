"""The ``coachsmith`` command: parse flags, load config, call one stage, write its outputs.

One module per group of verbs registers its commands on the app in :mod:`._app`; this package
is the only code that knows about the run directory and files.
"""

from coachsmith.cli import pipeline, project, runtime
from coachsmith.cli._app import app, main

__all__ = ["app", "main", "pipeline", "project", "runtime"]
