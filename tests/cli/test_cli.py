from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coachsmith.cli import main

VERBS = ["init", "domain", "score", "run", "doctor", "assess", "curate"]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_verb(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0
    rows = [line.strip("│ ") for line in out.splitlines()]
    for verb in VERBS:
        row = next((r for r in rows if r.startswith(verb + " ")), None)
        assert row is not None and len(row.split(None, 1)) == 2, verb  # a verb and its line


def _answers(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_score_prints_full_precision_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from coachsmith.domain import load_domain

    ids = list(load_domain("therapy", rubric="rubric-v1.yaml").rubric.criteria)
    answers = dict.fromkeys(ids, "YES") | {"CP3": {"answer": "NO", "reasoning": "flat arc"}}
    code, out, _ = run_cli(["score", "--domain", "therapy", "--rubric", "rubric-v1.yaml",
                            "--answers", str(_answers(tmp_path, answers)), "--exchanges", "12"],
                           capsys)
    assert code == 0
    result = json.loads(out)
    assert set(result) >= {"score", "passed", "safety_gate_failed", "category_scores", "failed"}
    assert result["score"] == 1 - 0.2 / 3  # full precision, not rounded
    assert result["failed"] == ["CP3"] and result["passed"] is True


def test_score_without_exchanges_assesses_everything(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["score", "--answers", str(_answers(tmp_path, {"CQ1": "YES"}))], capsys)
    result = json.loads(out)
    assert code == 0 and result["safety_gate_failed"] is True
    assert "MT7" in result["failed"] and "CQ1" not in result["failed"]


@pytest.mark.parametrize(("data", "message"), [
    ({"CQ1": "MAYBE"}, "CQ1: expected one of YES, NO, NA, ERROR, got 'MAYBE'"),
    ({"CQ01": "YES"}, "CQ01: unknown criterion"),
    ({"CQ1": 3}, "CQ1: expected"),
    ([1, 2], "expected a JSON object"),
])
def test_score_bad_answers_give_one_clear_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, message: str) -> None:
    path = _answers(tmp_path, data)
    code, out, err = run_cli(["score", "--answers", str(path)], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"error: {path}")
    assert message in err
    assert "Traceback" not in err


def test_score_invalid_json_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{\n  "CQ1": "YES",\n  "CQ2": YES\n}\n', encoding="utf-8")
    code, _, err = run_cli(["score", "--answers", str(path)], capsys)
    assert code == 1 and f"error: {path}:3: invalid JSON" in err


def test_domain_validate_ok_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["domain", "validate", "therapy"], capsys)
    assert code == 0 and json.loads(out)["criteria"] == 17

    code, _, _ = run_cli(["init", str(tmp_path / "proj")], capsys)
    assert code == 0
    rubric = tmp_path / "proj" / "domain" / "rubric.yaml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("0.30", "0.35", 1),
                      encoding="utf-8")
    code, out, err = run_cli(["domain", "validate", str(tmp_path / "proj" / "domain")], capsys)
    assert code == 1 and out == ""
    assert f"error: {rubric}:" in err and "weights must sum to 1, got 1.05" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = _answers(tmp_path, {"CQ1": "MAYBE"})
    proc = subprocess.run([sys.executable, "-m", "coachsmith", "--debug", "score", "--answers",
                           str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_init_writes_an_editable_pack_and_config(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from coachsmith.config import load_config

    code, out, _ = run_cli(["init", str(tmp_path / "coach"), "--domain", "therapy"], capsys)
    assert code == 0 and "coachsmith run -c" in out
    config = load_config(tmp_path / "coach" / "run.yaml")
    assert Path(config.domain) == (tmp_path / "coach" / "domain").resolve()
    assert Path(config.run_dir) == (tmp_path / "coach" / "runs" / "main").resolve()
    assert (tmp_path / "coach" / "domain" / "prompts" / "coach_system.md").is_file()

    code, _, err = run_cli(["init", str(tmp_path / "coach")], capsys)
    assert code == 1 and "exists and is not empty" in err


def test_domain_prompt_renders_with_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["domain", "prompt", "coach_system", "--set",
                            "session_context=Session type: check-in"], capsys)
    assert code == 0 and "Session type: check-in" in out and "{{" not in out
