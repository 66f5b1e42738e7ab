"""Append-only JSONL journals that survive a kill in the middle of a write.

``append_jsonl`` fsyncs each line, so a killed process leaves at most one partial line, always
the last. Reading a journal drops that partial line and cuts it from the file, so the next
append starts on a clean line instead of gluing onto the fragment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from coachsmith._yaml import dotted
from coachsmith.errors import ConfigError, Problem

R = TypeVar("R", bound=BaseModel)


def read_journal(path: Path, model: type[R]) -> list[R]:
    """Every record in ``path`` (none if it does not exist); a torn last line is removed.

    Raises:
        ConfigError: A complete line is not a valid record (file, line and field named).
    """
    if not path.exists():
        return []
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):  # a line cut off by a kill: drop it from the file too
        with path.open("r+b") as f:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
        data = data[:end]
    out: list[R] = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise ConfigError([Problem(str(path), "", f"invalid JSON: {exc.msg}; move the file "
                                       "away to start this stage afresh", number)]) from None
        except ValidationError as exc:
            raise ConfigError([
                Problem(str(path), dotted([p for p in e["loc"] if isinstance(p, str | int)]),
                        e["msg"], number) for e in exc.errors()]) from None
    return out
