from __future__ import annotations

import re
from pathlib import Path

import pytest

from coachsmith.domain import PROMPT_PLACEHOLDERS, copy_domain, load_domain, shipped_domains
from coachsmith.errors import ConfigError


def test_therapy_is_shipped() -> None:
    assert "therapy" in shipped_domains()


def test_every_pack_loads(any_domain: str) -> None:
    domain = load_domain(any_domain)
    assert set(domain.prompts) == set(PROMPT_PLACEHOLDERS)
    assert domain.rubric.gate, "every pack needs a safety gate"
    for locale in ("US", "UK", "IE"):
        assert domain.safety.resources_for(locale).emergency


def test_therapy_resources_carry_the_crisis_lines() -> None:
    safety = load_domain("therapy").safety
    us = safety.resources_for("US").render()
    assert "988" in us and "741741" in us and "HOME" in us
    assert "116 123" in safety.resources_for("UK").render()
    assert "116 123" in safety.resources_for("IE").render()


def test_therapy_curriculum_stages() -> None:
    stages = load_domain("therapy").curriculum.stages
    assert [(s.name, s.share) for s in stages] == [
        ("foundation", 0.40), ("expertise", 0.25), ("edge", 0.20), ("voice", 0.15)]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_domain("therapy", tmp_path / "pack")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(pack: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_domain(pack)
    return [str(p) for p in info.value.problems]


def test_wrong_weight_sum_names_file_and_field(pack: Path) -> None:
    _edit(pack / "rubric.yaml", "0.15", "0.25")
    errors = _errors(pack)
    assert any(re.match(r".*rubric\.yaml:\d+: categories: category weights must sum to 1, "
                        r"got 1\.1", e) for e in errors), errors


def test_unknown_criterion_in_a_category(pack: Path) -> None:
    text = (pack / "rubric.yaml").read_text(encoding="utf-8")
    text = re.sub(r"criteria: \[CQ1, CQ2\]", "criteria: [CQ1, CQ22]", text, count=1)
    (pack / "rubric.yaml").write_text(text, encoding="utf-8")
    errors = _errors(pack)
    assert any("rubric.yaml" in e and "categories.comprehension.criteria[1]" in e
               and "unknown criterion 'CQ22'" in e for e in errors), errors


def test_missing_prompt_placeholder(pack: Path) -> None:
    prompt = pack / "prompts" / "judge_transcript.md"
    prompt.write_text(prompt.read_text(encoding="utf-8").replace("{{transcript}}", "the text"),
                      encoding="utf-8")
    errors = _errors(pack)
    assert any("judge_transcript.md" in e and "{{transcript}} is missing" in e
               for e in errors), errors


def test_unknown_prompt_placeholder_names_its_line(pack: Path) -> None:
    prompt = pack / "prompts" / "coach_system.md"
    prompt.write_text("line one\n{{mood}}\n" + prompt.read_text(encoding="utf-8"),
                      encoding="utf-8")
    errors = _errors(pack)
    assert any(re.search(r"coach_system\.md:2: unknown placeholder \{\{mood\}\}", e)
               for e in errors), errors


def test_bad_yaml_names_the_line(pack: Path) -> None:
    (pack / "taxonomy.yaml").write_text("topics:\n  - name: [unclosed\n", encoding="utf-8")
    errors = _errors(pack)
    assert any(re.match(r".*taxonomy\.yaml:\d+: invalid YAML", e) for e in errors), errors


def test_unknown_key_is_rejected_with_its_line(pack: Path) -> None:
    path = pack / "rubric.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "pass_treshold: 0.7\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n")
    errors = _errors(pack)
    assert f"{path}:{lines}: pass_treshold: unknown key" in "\n".join(errors)


def test_every_problem_is_reported_at_once(pack: Path) -> None:
    _edit(pack / "rubric.yaml", "0.15", "0.25")
    (pack / "prompts" / "fixup.md").unlink()
    errors = _errors(pack)
    assert any("rubric.yaml" in e for e in errors) and any("fixup.md" in e for e in errors)


def test_bad_regex_in_safety(pack: Path) -> None:
    path = pack / "safety.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "safe_statements: ['(unclosed']\n",
                    encoding="utf-8")
    # A repeated top-level key is still valid YAML (the last wins); the regex must be caught.
    errors = _errors(pack)
    assert any("safety.yaml" in e and "safe_statements[0]" in e and "regular expression" in e
               for e in errors), errors


def test_rubric_override_by_name_inside_the_pack() -> None:
    assert len(load_domain("therapy", rubric="rubric-v1.yaml").rubric.criteria) == 12


def test_unknown_domain_lists_shipped_ones() -> None:
    with pytest.raises(ConfigError, match=r"shipped: .*therapy"):
        load_domain("no-such-domain")


def test_unknown_crisis_message_is_named(pack: Path) -> None:
    _edit(pack / "safety.yaml", "  check_resolved: |", "  check_resolvd: |")
    errors = _errors(pack)
    assert any("safety.yaml" in e and "check_resolvd" in e and "unknown message" in e
               for e in errors), errors
    assert any("needs 'check_resolved'" in e for e in errors), errors


def test_bad_regex_in_check_declines(pack: Path) -> None:
    _edit(pack / "safety.yaml", "check_declines:\n", "check_declines:\n  - '(oops'\n")
    errors = _errors(pack)
    assert any("check_declines[0]" in e and "regular expression" in e for e in errors), errors


def _set_thresholds(pack: Path, check: str, crisis: str) -> None:
    text = (pack / "safety.yaml").read_text(encoding="utf-8")
    start = text.index("\nrisk_thresholds:\n") + 1
    end = text.index("\ncrisis_exit:\n") + 1
    (pack / "safety.yaml").write_text(
        f"{text[:start]}risk_thresholds:\n  check: {check}\n  crisis: {crisis}\n\n{text[end:]}",
        encoding="utf-8")


def test_risk_thresholds_are_a_pack_setting(pack: Path) -> None:
    safety = load_domain(pack).safety
    assert safety.risk_thresholds is not None
    assert 0 < safety.risk_thresholds.check <= safety.risk_thresholds.crisis <= 1
    assert safety.crisis_exit.quiet_minutes == 30


def test_a_crisis_threshold_below_the_check_threshold_is_named_with_its_line(pack: Path) -> None:
    _set_thresholds(pack, "0.6", "0.2")
    errors = _errors(pack)
    assert any("safety.yaml:" in e and "risk_thresholds.crisis" in e and "at least check" in e
               for e in errors), errors


def test_thresholds_outside_the_unit_interval_are_rejected(pack: Path) -> None:
    _set_thresholds(pack, "0", "1.5")
    errors = _errors(pack)
    assert any("risk_thresholds" in e and "check" in e for e in errors), errors


def test_artifact_and_calibration_files_are_optional_and_checked(pack: Path) -> None:
    full = load_domain(pack)
    assert "That sounds really hard" in full.artifacts.formulaic_openers
    assert len(full.calibration.faults) >= 9 and len(full.calibration.bases) == 2
    _edit(pack / "artifacts.yaml", "'\\bI am not a (?:real", "'(\\bI am not a (?:real")
    _edit(pack / "calibration.yaml", "bases: [therapy-base-maya]", "bases: [nobody]")
    errors = _errors(pack)
    assert any(re.match(r".*artifacts\.yaml:\d+: self_reference\[1\]: invalid regex", e)
               for e in errors), errors
    assert any(re.match(r".*calibration\.yaml:\d+: faults\[\d+\]\.bases\[0\]: unknown base "
                        r"'nobody'", e) for e in errors), errors
    _edit(pack / "calibration.yaml", "    at: [-3]", "    at: [0]")
    assert any(re.match(r".*calibration\.yaml:\d+: faults\[1\]\.at: .*exchanges count from 1", e)
               for e in _errors(pack))
    (pack / "artifacts.yaml").unlink()
    (pack / "calibration.yaml").unlink()
    bare = load_domain(pack)
    assert bare.artifacts.formulaic_openers == [] and bare.calibration.faults == []
