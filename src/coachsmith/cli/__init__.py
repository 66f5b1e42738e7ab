"""The ``coachsmith`` command: parse flags, load config, call one stage, write its outputs.

One module per group of verbs registers its commands on the app in :mod:`._app`; this package
is the only code that knows about the run directory and files. The import order below is the
order ``coachsmith --help`` lists the verbs in.
"""

# isort: off
from coachsmith.cli import project, pipeline, runtime, doctor
from coachsmith.cli import generate, assess, curate, train, export, evaluate, optimize
from coachsmith.cli._app import app, main
# isort: on

__all__ = ["app", "assess", "curate", "doctor", "evaluate", "export", "generate", "main",
           "optimize", "pipeline", "project", "runtime", "train"]
