"""Sessions and turns in one SQLite file (stdlib ``sqlite3``, WAL journal).

Tables::

    users     id, created, preferences (JSON)
    sessions  id, user_id, started, ended, type, summary, crisis (JSON)
    turns     session_id, idx, role, text, source, risk_level, risk_score, categories (JSON),
              decisions (JSON), intent, created

A turn is one message: the person's (``role="user"``, with the risk assessment) or the coach's
(``role="assistant"``, with the filter decisions, the intent label and where the text came from).
``idx`` counts messages within a session from 0. Times are ISO 8601 UTC strings.

Every write is its own ``BEGIN IMMEDIATE`` transaction, so the file stays consistent if the
process dies, and several processes may share it (WAL lets readers run beside one writer).
Message text is stored in plain text; encryption at rest belongs to the server store.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, cast

from coachsmith.safety.base import RISK_CATEGORIES, RiskAssessment, RiskCategory, RiskLevel
from coachsmith.safety.crisis import CrisisState
from coachsmith.safety.filter import FilterDecision
from coachsmith.serve.context import SESSION_TYPES, Preferences, SessionType

SCHEMA_VERSION = 1
TurnRole = Literal["user", "assistant"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id          TEXT PRIMARY KEY,
    created     TEXT NOT NULL,
    preferences TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS sessions (
    id      TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    started TEXT NOT NULL,
    ended   TEXT,
    type    TEXT NOT NULL,
    summary TEXT,
    crisis  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id, started);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    idx        INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text       TEXT NOT NULL,
    source     TEXT,
    risk_level TEXT,
    risk_score REAL,
    categories TEXT NOT NULL DEFAULT '[]',
    decisions  TEXT NOT NULL DEFAULT '[]',
    intent     TEXT,
    created    TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
);
"""


@dataclass(frozen=True)
class SessionRecord:
    """One session as stored.

    Attributes:
        id: Session id.
        user: The person's id.
        started: When it started (ISO 8601 UTC).
        ended: When it ended; None while open.
        type: ``check_in``, ``deep`` or ``micro_practice``.
        summary: The coach's notes written at the end; None if none were written.
        crisis: The crisis state after the last message.
    """

    id: str
    user: str
    started: str
    ended: str | None
    type: SessionType
    summary: str | None
    crisis: CrisisState


@dataclass(frozen=True)
class TurnRecord:
    """One stored message (see the module docstring for what each role carries)."""

    session_id: str
    index: int
    role: TurnRole
    text: str
    source: str | None
    risk_level: RiskLevel | None
    risk_score: float | None
    categories: tuple[RiskCategory, ...]
    decisions: tuple[dict[str, object], ...]
    intent: str | None
    created: str


class SessionStore:
    """Persistent sessions, turns and per-person preferences in one SQLite file.

    Args:
        path: The database file; created (with its folder) if missing.

    Raises:
        ValueError: The file was written by a newer, incompatible version of the schema.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (see _write).
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._conn.close()
            raise ValueError(f"{self.path}: session store schema version {version} is newer "
                             f"than this coachsmith supports ({SCHEMA_VERSION}); upgrade it")
        with self._write() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close the file. Safe to call twice."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ users

    def ensure_user(self, user: str) -> None:
        """Create the person's row if it does not exist yet."""
        with self._write() as conn:
            self._ensure_user(conn, user)

    def preferences(self, user: str) -> Preferences:
        """The person's stored preferences (empty ones for an unknown person)."""
        row = self._one("SELECT preferences FROM users WHERE id = ?", (user,))
        if row is None:
            return Preferences()
        data = json.loads(row["preferences"])
        return Preferences(tone=data.get("tone"), length=data.get("length"))

    def set_preferences(self, user: str, preferences: Preferences) -> None:
        """Store the person's preferences, replacing earlier ones."""
        with self._write() as conn:
            self._ensure_user(conn, user)
            conn.execute("UPDATE users SET preferences = ? WHERE id = ?",
                         (json.dumps(preferences.to_dict()), user))

    # ------------------------------------------------------------------ sessions

    def create_session(self, user: str, *, session_type: SessionType = "check_in",
                       session_id: str | None = None) -> SessionRecord:
        """Start a session for ``user`` (created if new).

        Args:
            user: The person's id.
            session_type: ``check_in``, ``deep`` or ``micro_practice``.
            session_id: An id to use; a random one when None.

        Raises:
            ValueError: Unknown session type, or the id is taken.
        """
        if session_type not in SESSION_TYPES:
            raise ValueError(f"session type must be one of {', '.join(SESSION_TYPES)}, "
                             f"got {session_type!r}")
        sid = session_id or uuid.uuid4().hex
        with self._write() as conn:
            self._ensure_user(conn, user)
            try:
                conn.execute(
                    "INSERT INTO sessions (id, user_id, started, type, crisis) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (sid, user, _now(), session_type, json.dumps(CrisisState().to_dict())))
            except sqlite3.IntegrityError:
                raise ValueError(f"session id {sid!r} already exists") from None
        return self.get_session(sid)

    def get_session(self, session_id: str) -> SessionRecord:
        """The session with this id.

        Raises:
            KeyError: No such session.
        """
        row = self._one("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise KeyError(f"no session {session_id!r} in {self.path}")
        return _session(row)

    def latest_session(self, user: str) -> SessionRecord | None:
        """The person's most recently started session, or None if they have none."""
        row = self._one("SELECT * FROM sessions WHERE user_id = ? "
                        "ORDER BY started DESC, rowid DESC LIMIT 1", (user,))
        return None if row is None else _session(row)

    def earlier_summaries(self, user: str, *, exclude: str | None = None,
                          limit: int = 5) -> list[SessionRecord]:
        """The person's ended sessions that have a summary, newest first.

        Args:
            user: The person's id.
            exclude: A session id to leave out (usually the current one).
            limit: Most sessions to return.
        """
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM sessions WHERE user_id = ? AND id != ? AND ended IS NOT NULL "
                "AND summary IS NOT NULL AND summary != '' "
                "ORDER BY ended DESC, rowid DESC LIMIT ?",
                (user, exclude or "", limit)).fetchall()
        return [_session(r) for r in rows]

    def end_session(self, session_id: str, summary: str | None) -> None:
        """Mark the session ended, with the coach's notes (None keeps no notes).

        Raises:
            KeyError: No such session.
        """
        with self._write() as conn:
            cur = conn.execute("UPDATE sessions SET ended = ?, summary = ? WHERE id = ?",
                               (_now(), summary, session_id))
            if cur.rowcount == 0:
                raise KeyError(f"no session {session_id!r} in {self.path}")

    def crisis_state(self, session_id: str) -> CrisisState:
        """The session's crisis state after its last message.

        Raises:
            KeyError: No such session.
        """
        return self.get_session(session_id).crisis

    def set_crisis_state(self, session_id: str, state: CrisisState) -> None:
        """Replace the session's crisis state.

        Raises:
            KeyError: No such session.
        """
        with self._write() as conn:
            cur = conn.execute("UPDATE sessions SET crisis = ? WHERE id = ?",
                               (json.dumps(state.to_dict()), session_id))
            if cur.rowcount == 0:
                raise KeyError(f"no session {session_id!r} in {self.path}")

    # ------------------------------------------------------------------ turns

    def append_turn(
        self,
        session_id: str,
        role: TurnRole,
        text: str,
        *,
        source: str | None = None,
        risk: RiskAssessment | None = None,
        decisions: Sequence[FilterDecision] = (),
        intent: str | None = None,
    ) -> int:
        """Store one message at the end of the session.

        Args:
            session_id: The session.
            role: ``user`` or ``assistant``.
            text: The message, in full.
            source: Where an assistant message came from (``coach``, ``fallback``,
                ``crisis_first``, ...); None for user messages.
            risk: The risk assessment of a user message.
            decisions: The response filter's decisions for an assistant message.
            intent: The intent label of an assistant message.

        Returns:
            The message's index within the session (0 for the first).

        Raises:
            KeyError: No such session.
        """
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() \
                    is None:
                raise KeyError(f"no session {session_id!r} in {self.path}")
            index = conn.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM turns "
                                 "WHERE session_id = ?", (session_id,)).fetchone()[0]
            conn.execute(
                "INSERT INTO turns (session_id, idx, role, text, source, risk_level, risk_score, "
                "categories, decisions, intent, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, index, role, text, source,
                 risk.level if risk else None, risk.score if risk else None,
                 json.dumps(list(risk.categories) if risk else []),
                 json.dumps([d.to_dict() for d in decisions]), intent, _now()))
        return int(index)

    def turns(self, session_id: str) -> list[TurnRecord]:
        """Every message of the session, oldest first."""
        with self._lock:
            rows = self._conn.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY idx",
                                      (session_id,)).fetchall()
        return [_turn(r) for r in rows]

    def recent_user_messages(self, session_id: str, limit: int = 3) -> list[str]:
        """The session's last ``limit`` user messages, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT text FROM turns WHERE session_id = ? AND role = 'user' "
                "ORDER BY idx DESC LIMIT ?", (session_id, limit)).fetchall()
        return [str(r["text"]) for r in reversed(rows)]

    # ------------------------------------------------------------------ helpers

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _one(self, sql: str, params: tuple[object, ...]) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
        return row

    @staticmethod
    def _ensure_user(conn: sqlite3.Connection, user: str) -> None:
        if not user:
            raise ValueError("a user id must not be empty")
        conn.execute("INSERT OR IGNORE INTO users (id, created) VALUES (?, ?)", (user, _now()))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _session(row: sqlite3.Row) -> SessionRecord:
    crisis = json.loads(row["crisis"] or "{}")
    return SessionRecord(
        id=row["id"], user=row["user_id"], started=row["started"], ended=row["ended"],
        type=cast(SessionType, row["type"]), summary=row["summary"],
        crisis=CrisisState(active=bool(crisis.get("active", False)),
                           since_turn=crisis.get("since_turn"),
                           categories=_categories(crisis.get("categories", [])),
                           checking=bool(crisis.get("checking", False)),
                           trigger=crisis.get("trigger"),
                           carried=bool(crisis.get("carried", False)),
                           last_signal=crisis.get("last_signal")))


def _turn(row: sqlite3.Row) -> TurnRecord:
    return TurnRecord(
        session_id=row["session_id"], index=int(row["idx"]), role=row["role"], text=row["text"],
        source=row["source"], risk_level=row["risk_level"], risk_score=row["risk_score"],
        categories=_categories(json.loads(row["categories"])),
        decisions=tuple(json.loads(row["decisions"])), intent=row["intent"],
        created=row["created"])


def _categories(values: list[str]) -> tuple[RiskCategory, ...]:
    return tuple(v for v in values if v in RISK_CATEGORIES)
