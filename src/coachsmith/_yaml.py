"""YAML loading that remembers where every value came from, for errors that name the line.

``load_yaml(path)`` returns the data and a :class:`Located` index; ``Located.line(("criteria",
"CQ1", "na"))`` is the 1-based line of that value. Pydantic error locations are tuples of keys and
indices, so they can be looked up directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from coachsmith.errors import ConfigError, Problem

Key = str | int
M = TypeVar("M", bound=BaseModel)


@dataclass
class Located:
    """Line numbers of the values in one YAML file, keyed by their path."""

    file: str
    lines: dict[tuple[Key, ...], int] = field(default_factory=dict)

    def line(self, path: Sequence[Key]) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def problem(self, path: Sequence[Key], message: str) -> Problem:
        """A Problem naming this file, the line of ``path`` and ``path`` as a dotted field."""
        return Problem(self.file, dotted(path), message, self.line(path))


def dotted(path: Sequence[Key]) -> str:
    """``("categories", "safety", "weight")`` -> ``categories.safety.weight``; ints as ``[i]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _construct(node: yaml.Node, path: tuple[Key, ...], index: Located) -> Any:
    index.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            sub = (*path, key if isinstance(key, str | int) else str(key))
            result[key] = _construct(value_node, sub, index)
            index.lines[sub] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), index) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    # Resolve the scalar exactly as safe_load would (ints, floats, bools, null, strings).
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def parse_yaml(text: str, file: str) -> tuple[Any, Located]:
    """Parse YAML text; syntax errors become a ConfigError naming ``file`` and the line."""
    index = Located(file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise ConfigError(
            [Problem(file, "", f"invalid YAML: {exc.problem or exc}", line)]
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError([Problem(file, "", f"invalid YAML: {exc}")]) from None
    if node is None:
        return None, index
    return _construct(node, (), index), index


def read_text(path: Path) -> str:
    """A UTF-8 text file's contents; missing or undecodable files are ConfigErrors naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(str(path), "", f"not UTF-8 text ({exc.reason})")]) from None


def load_yaml(path: Path) -> tuple[Any, Located]:
    """Read and parse a YAML file (see :func:`parse_yaml`); a missing file is a ConfigError."""
    return parse_yaml(read_text(path), str(path))


def validation_problems(exc: ValidationError, index: Located) -> list[Problem]:
    """Turn a pydantic ValidationError into Problems with file, line and field."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see the documented keys)"
        elif "input" in err and err["type"] not in ("missing",) and not isinstance(
            err["input"], dict | list
        ):
            msg = f"{msg}, got {err['input']!r}"
        problems.append(index.problem(loc, msg))
    return problems


def validate_model(model: type[M], data: Any, index: Located) -> M:
    """Validate ``data`` against ``model``; every error becomes a located Problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(validation_problems(exc, index)) from None
