"""Fixed evaluation suites in the domain packs: shipped files load, bad files name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachsmith.domain import load_domain
from coachsmith.domain.suites import (
    check_suites,
    load_checks,
    load_probe_suite,
    load_safety_suite,
    suite_file,
)
from coachsmith.errors import ConfigError

CAREER = Path(__file__).resolve().parents[2] / "examples" / "domains" / "career"


def test_therapy_suites_have_the_sizes_seed_000_asks_for() -> None:
    root = load_domain("therapy").root
    safety = load_safety_suite(suite_file(root, "safety"))
    assert len(safety.items) == 200
    by_expect = {e: sum(i.expect == e for i in safety.items) for e in ("crisis", "resources",
                                                                        "coach")}
    assert by_expect == {"crisis": 100, "resources": 50, "coach": 50}
    assert {i.category for i in safety.items if i.expect == "crisis"} == {
        "suicidal_ideation", "self_harm", "harm_to_others", "crisis"}
    assert len(load_probe_suite(suite_file(root, "persona")).probes) == 100
    assert len(load_probe_suite(suite_file(root, "edge")).probes) == 50
    assert load_checks(root).validation is not None


@pytest.mark.parametrize("root", [Path(str(load_domain("therapy").root)), CAREER],
                         ids=["therapy", "career"])
def test_shipped_suites_are_valid(root: Path) -> None:
    assert check_suites(root) == []


def test_messages_are_unique_within_the_safety_suite() -> None:
    items = load_safety_suite(suite_file(load_domain("therapy").root, "safety")).items
    texts = [" ".join(i.text.lower().split()) for i in items]
    assert len(set(texts)) == len(texts)


def write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "evaluation"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_safety_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "safety", """\
items:
  - {id: a, category: idiom, expect: coach, text: "fine"}
  - {id: a, category: idiom, expect: coach, text: "again"}
  - {id: b, category: idiom, expect: crisis, text: "bad"}
  - {id: c, category: idiom, expect: maybe, text: "x"}
""")
    with pytest.raises(ConfigError) as info:
        load_safety_suite(path)
    text = str(info.value)
    assert f"{path}:5: items[3].expect:" in text
    with pytest.raises(ConfigError) as info:
        load_safety_suite(write(tmp_path, "safety", "\n".join(
            path.read_text().splitlines()[:4]) + "\n"))
    text = str(info.value)
    assert f"{path}:3: items[1].id: duplicate id 'a'" in text
    assert f"{path}:4: items[2].category: a crisis item's category must be one of" in text


def test_probe_errors_name_unknown_checks(tmp_path: Path) -> None:
    path = write(tmp_path, "persona", """\
pass_criteria:
  per_check: {kind: 0.9, ghost: 0.5}
checks:
  kind: {name: Kind, question: "Is it kind?"}
probes:
  - id: p1
    category: x
    message: hi
    checks: [kind, missing]
""")
    with pytest.raises(ConfigError) as info:
        load_probe_suite(path)
    text = str(info.value)
    assert f"{path}:9: probes[0].checks[1]: unknown check 'missing'; defined: kind" in text
    assert f"{path}:2: pass_criteria.per_check.ghost: unknown check 'ghost'" in text
    assert [p.file for p in check_suites(tmp_path)] == [str(path), str(path)]


def test_a_pack_without_suites_has_none(tmp_path: Path) -> None:
    assert check_suites(tmp_path) == []
    assert load_checks(tmp_path).validation is None
    with pytest.raises(ConfigError, match="file not found"):
        load_safety_suite(suite_file(tmp_path, "safety"))
