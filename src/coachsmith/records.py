"""Records that flow between stages, and JSONL reading/writing with located errors."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coachsmith._yaml import dotted
from coachsmith.errors import ConfigError, Problem

R = TypeVar("R", bound=BaseModel)


class Exchange(BaseModel):
    """One user message and the coach's reply to it."""

    model_config = ConfigDict(extra="forbid")

    user: str
    assistant: str


class Transcript(BaseModel):
    """A conversation between a (simulated) person and the coach, oldest exchange first."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    system: str = Field("", description="The coach's system prompt for this conversation.")
    exchanges: list[Exchange] = Field(default_factory=list)
    meta: dict[str, object] = Field(default_factory=dict)

    def messages(self) -> list[dict[str, str]]:
        """The conversation as chat messages (system first when present)."""
        out = [{"role": "system", "content": self.system}] if self.system else []
        for ex in self.exchanges:
            out += [{"role": "user", "content": ex.user},
                    {"role": "assistant", "content": ex.assistant}]
        return out


def json_lines(lines: Iterable[str], file: str, problems: list[Problem]
               ) -> Iterator[tuple[int, Any]]:
    """Parse JSONL text: yield ``(line number, value)`` for every non-blank line that parses,
    and append a Problem naming ``file`` and the line for every one that does not (so a caller
    can report all bad lines at once)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(file, "", f"invalid JSON: {exc.msg}", number))


def read_jsonl(path: Path, model: type[R]) -> Iterator[R]:
    """Yield one record per non-blank line; a bad line raises ConfigError naming line and field."""
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError([Problem(str(path), "", f"invalid JSON: {exc.msg}", number)]) \
                    from None
            try:
                yield model.model_validate(data)
            except ValidationError as exc:
                raise ConfigError([
                    Problem(str(path), dotted([p for p in e["loc"] if isinstance(p, str | int)]),
                            e["msg"], number)
                    for e in exc.errors()
                ]) from None


def append_jsonl(path: Path, records: Iterable[BaseModel]) -> int:
    """Append records, flushing and fsyncing each, so a crash loses at most the line in flight."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("a", encoding="utf-8") as f:
        for record in records:
            f.write(record.model_dump_json() + "\n")
            f.flush()
            os.fsync(f.fileno())
            count += 1
    return count


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically (temp file + rename), so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
