"""Where coachsmith keeps files outside a run directory (XDG base directories)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Rebuildable files: the quantized sentence encoder, compiled llama.cpp wheels.

    ``$XDG_CACHE_HOME/coachsmith``, default ``~/.cache/coachsmith``.
    """
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coachsmith"


def data_dir() -> Path:
    """Files a user would miss: the chat session store.

    ``$XDG_DATA_HOME/coachsmith``, default ``~/.local/share/coachsmith``.
    """
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "coachsmith"
