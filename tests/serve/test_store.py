"""The SQLite session store: sessions, turns, crisis state, summaries, and surviving a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coachsmith.safety.base import RiskAssessment
from coachsmith.safety.crisis import CrisisState
from coachsmith.safety.filter import FilterDecision
from coachsmith.serve.context import Preferences
from coachsmith.serve.store import SCHEMA_VERSION, SessionStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "sessions.db"


@pytest.fixture
def store(db: Path) -> SessionStore:
    return SessionStore(db)


def _fill(store: SessionStore) -> str:
    sid = store.create_session("ana", session_type="deep", session_id="s1").id
    store.append_turn(sid, "user", "I can't sleep",
                      risk=RiskAssessment("medium", ("crisis",), 0.42, ("r",)))
    store.append_turn(sid, "assistant", "That sounds exhausting.", source="coach",
                      decisions=[FilterDecision("violation", 1, "missing_resources"),
                                 FilterDecision("append_resources", 1, "missing_resources")],
                      intent="validate")
    store.set_crisis_state(sid, CrisisState(True, 0, ("self_harm",)))
    return sid


def test_session_and_turns_round_trip(store: SessionStore) -> None:
    sid = _fill(store)
    session = store.get_session(sid)
    assert (session.user, session.type, session.ended, session.summary) == (
        "ana", "deep", None, None)
    assert session.crisis == CrisisState(True, 0, ("self_harm",))
    user, coach = store.turns(sid)
    assert (user.index, user.role, user.text, user.risk_level, user.risk_score,
            user.categories) == (0, "user", "I can't sleep", "medium", 0.42, ("crisis",))
    assert (coach.index, coach.role, coach.source, coach.intent) == (
        1, "assistant", "coach", "validate")
    assert coach.decisions == (
        {"action": "violation", "attempt": 1, "rule": "missing_resources", "detail": ""},
        {"action": "append_resources", "attempt": 1, "rule": "missing_resources",
         "detail": ""})


def test_survives_reopening_the_file(db: Path) -> None:
    first = SessionStore(db)
    sid = _fill(first)
    first.end_session(sid, "Talked about sleep.")
    first.set_preferences("ana", Preferences(tone="gentle", length="short"))
    first.close()

    again = SessionStore(db)
    session = again.get_session(sid)
    assert session.summary == "Talked about sleep." and session.ended is not None
    assert session.crisis.active
    assert [t.text for t in again.turns(sid)] == ["I can't sleep", "That sounds exhausting."]
    assert again.preferences("ana") == Preferences(tone="gentle", length="short")
    assert again.append_turn(sid, "user", "back again") == 2
    again.close()


def test_uses_wal_and_records_the_schema_version(store: SessionStore, db: Path) -> None:
    _fill(store)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_refuses_a_newer_schema(db: Path) -> None:
    SessionStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ValueError, match="newer"):
        SessionStore(db)


def test_a_second_store_on_the_same_file_sees_writes(store: SessionStore, db: Path) -> None:
    other = SessionStore(db)
    sid = _fill(store)
    assert other.recent_user_messages(sid) == ["I can't sleep"]
    other.close()


def test_recent_user_messages_are_the_last_ones_oldest_first(store: SessionStore) -> None:
    sid = store.create_session("ana").id
    for i in range(5):
        store.append_turn(sid, "user", f"m{i}")
        store.append_turn(sid, "assistant", f"r{i}")
    assert store.recent_user_messages(sid, 3) == ["m2", "m3", "m4"]
    assert store.recent_user_messages(sid, 0) == []


def test_earlier_summaries_newest_first_and_only_ended_with_notes(store: SessionStore) -> None:
    for name, summary in [("a", "first notes"), ("b", None), ("c", "third notes")]:
        store.create_session("ana", session_id=name)
        store.end_session(name, summary)
    store.create_session("ana", session_id="open")
    store.create_session("ben", session_id="other")
    store.end_session("other", "not Ana's")
    got = store.earlier_summaries("ana", exclude="c")
    assert [s.id for s in got] == ["a"]
    assert [s.summary for s in store.earlier_summaries("ana")] == ["third notes", "first notes"]
    assert [s.id for s in store.earlier_summaries("ana", limit=1)] == ["c"]


def test_latest_session(store: SessionStore) -> None:
    assert store.latest_session("ana") is None
    store.create_session("ana", session_id="one")
    store.create_session("ana", session_id="two")
    latest = store.latest_session("ana")
    assert latest is not None and latest.id == "two"


def test_crisis_state_defaults_to_inactive_and_can_be_cleared(store: SessionStore) -> None:
    sid = _fill(store)
    store.set_crisis_state(sid, CrisisState(True, 3, ("crisis",), checking=True))
    assert store.crisis_state(sid) == CrisisState(True, 3, ("crisis",), checking=True)
    store.set_crisis_state(sid, CrisisState())
    assert store.crisis_state(sid) == CrisisState()
    assert store.crisis_state(store.create_session("ben").id) == CrisisState()


def test_unicode_and_long_text(store: SessionStore) -> None:
    sid = store.create_session("ana").id
    texts = ["我最近压力很大", "😢😢😢", "x" * 20_000, ""]
    for text in texts:
        store.append_turn(sid, "user", text)
    assert [t.text for t in store.turns(sid)] == texts


def test_errors_are_clear(store: SessionStore) -> None:
    with pytest.raises(KeyError, match="nope"):
        store.get_session("nope")
    with pytest.raises(KeyError, match="nope"):
        store.append_turn("nope", "user", "hi")
    with pytest.raises(KeyError, match="nope"):
        store.end_session("nope", None)
    with pytest.raises(KeyError, match="nope"):
        store.set_crisis_state("nope", CrisisState())
    with pytest.raises(ValueError, match="session type"):
        store.create_session("ana", session_type="marathon")  # type: ignore[arg-type]
    store.create_session("ana", session_id="dup")
    with pytest.raises(ValueError, match="already exists"):
        store.create_session("ana", session_id="dup")
    with pytest.raises(ValueError, match="user id"):
        store.create_session("")


def test_failed_write_leaves_nothing_behind(store: SessionStore, db: Path) -> None:
    store.create_session("ana", session_id="dup")
    with pytest.raises(ValueError):
        store.create_session("zoe", session_id="dup")
    assert store.latest_session("zoe") is None
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM users WHERE id = 'zoe'").fetchone()[0] == 0
    conn.close()
