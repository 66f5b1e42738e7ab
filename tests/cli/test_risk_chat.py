from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import run_cli


def test_risk_prints_one_object_per_message_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["risk", "I have the pills ready and I've written my letters",
                            "kill the process and restart the server"], capsys)
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert results[0]["level"] == "high"
    assert results[1]["level"] != "high"
    assert all(set(r) == {"level", "categories", "score", "reasons", "confident"} for r in results)


def test_risk_file_bad_jsonl_line_names_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "fine"}\n{"txt": "oops"}\n', encoding="utf-8")
    code, _, err = run_cli(["risk", "--file", str(path)], capsys)
    assert code == 1 and f"error: {path}:2" in err


@pytest.mark.slow
def test_chat_answers_high_risk_with_resources_and_keeps_the_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "sessions.db"
    monkeypatch.setattr(sys, "stdin", io.StringIO(
        "I've given my cat to my sister and written the letters. Tonight's the night.\n/quit\n"))
    code, out, err = run_cli(["chat", "--user", "sam", "--db", str(db)], capsys)
    assert code == 0, err
    assert "988" in out and "741741" in out
    from coachsmith.serve import SessionStore

    with SessionStore(db) as store:
        session = store.latest_session("sam")
        assert session is not None and session.crisis.active
