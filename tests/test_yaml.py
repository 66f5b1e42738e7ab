from __future__ import annotations

import pytest

from coachsmith._yaml import dotted, parse_yaml
from coachsmith.errors import ConfigError


def test_lines_are_recorded_for_keys_and_items() -> None:
    data, index = parse_yaml("a: 1\nb:\n  c: [x, y]\n  d:\n    - 1\n    - 2\n", "f.yaml")
    assert data == {"a": 1, "b": {"c": ["x", "y"], "d": [1, 2]}}
    assert index.line(("a",)) == 1
    assert index.line(("b", "c")) == 3
    assert index.line(("b", "d", 1)) == 6
    assert index.line(("b", "missing", "deeper")) == 2  # nearest known ancestor


def test_scalars_resolve_like_safe_load() -> None:
    data, _ = parse_yaml("a: 0.80\nb: yes\nc: null\nd: '0.80'\ne: 3\n", "f.yaml")
    assert data == {"a": 0.8, "b": True, "c": None, "d": "0.80", "e": 3}


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"^f\.yaml:2: invalid YAML: mapping values"):
        parse_yaml("a: 1\nb: c: 2\nd: 3\n", "f.yaml")


@pytest.mark.parametrize(("path", "text"), [
    (("a", "b", 2, "c"), "a.b[2].c"), ((), ""), ((0,), "[0]")])
def test_dotted(path: tuple[str | int, ...], text: str) -> None:
    assert dotted(path) == text
