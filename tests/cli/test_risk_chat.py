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
    assert all(set(r) == {"level", "categories", "score", "reasons", "confident", "answer",
                          "answer_score", "all_clear"} for r in results)


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


# --- leaving the crisis flow in `coachsmith chat`, in four languages --------------------------

CHAT_LANGUAGES = {
    "en": ("I want to die, I can't do this anymore", "I'm okay now, I'm safe",
           "hi, I'd like to talk about work today", "no, I'm doing better now"),
    "fr": ("je veux mourir, je n'en peux plus", "je vais bien maintenant, je suis en sécurité",
           "bonjour, je voudrais parler du travail", "non, ça va mieux maintenant"),
    "es": ("quiero morirme, ya no aguanto más", "ya estoy bien, estoy a salvo",
           "hola, quiero hablar del trabajo", "no, ya estoy mejor"),
    "de": ("ich will sterben, ich kann nicht mehr",
           "mir geht es jetzt besser, ich bin in Sicherheit",
           "hallo, ich möchte über die Arbeit reden", "nein, mir geht es besser"),
}
COACH_REPLY = "Work sounds like a good place to start. What's happening there?"


def _fake_coach(monkeypatch: pytest.MonkeyPatch) -> None:
    from coachsmith.llm import FakeBackend, Request

    def reply(request: Request) -> str:
        return "- notes" if "<session>" in request.messages[-1].content else COACH_REPLY

    monkeypatch.setattr("coachsmith.cli.runtime.build_backend",
                        lambda *args, **kwargs: FakeBackend(reply))


def _chat(lines: list[str], db: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join([*lines, "/quit"]) + "\n"))
    code, out, err = run_cli(["chat", "--user", "sam", "--db", str(db)], capsys)
    assert code == 0, err
    return out


@pytest.mark.parametrize("lang", sorted(CHAT_LANGUAGES))
def test_chat_a_safe_statement_ends_the_crisis(
        lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coachsmith.domain import load_domain
    from coachsmith.safety.crisis import render_crisis_message

    wish, safe, hello, _ = CHAT_LANGUAGES[lang]
    _fake_coach(monkeypatch)
    out = _chat([wish, safe, hello], tmp_path / "s.db", capsys, monkeypatch)
    safety = load_domain("therapy").safety
    replies = [line for line in out.split("coach> ")[1:]]
    assert replies[0].startswith(render_crisis_message("first", safety, None)[:60])
    assert replies[1].startswith(render_crisis_message("resolved", safety, None)[:60])
    assert replies[2].startswith(COACH_REPLY)


@pytest.mark.parametrize("lang", sorted(CHAT_LANGUAGES))
def test_chat_the_next_session_opens_with_one_gentle_check(
        lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coachsmith.domain import load_domain
    from coachsmith.safety.crisis import render_crisis_message

    wish, _, hello, fine = CHAT_LANGUAGES[lang]
    _fake_coach(monkeypatch)
    db = tmp_path / "s.db"
    _chat([wish], db, capsys, monkeypatch)  # the first chat ends in the crisis flow
    out = _chat([hello, fine], db, capsys, monkeypatch)
    safety = load_domain("therapy").safety
    replies = out.split("coach> ")[1:]
    assert replies[0].startswith(render_crisis_message("recheck", safety, None)[:60])
    assert render_crisis_message("followup", safety, None)[:60] not in out
    assert COACH_REPLY in replies[1]
