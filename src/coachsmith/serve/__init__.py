"""The coach at runtime: session store, session context, the runtime itself and a terminal chat."""

from coachsmith.serve.chat import run_chat
from coachsmith.serve.context import (
    SESSION_TYPES,
    Preferences,
    SessionType,
    build_session_context,
    estimate_tokens,
)
from coachsmith.serve.runtime import CoachRuntime, ReplySource, Turn
from coachsmith.serve.store import SessionRecord, SessionStore, TurnRecord

__all__ = [
    "SESSION_TYPES",
    "CoachRuntime",
    "Preferences",
    "ReplySource",
    "SessionRecord",
    "SessionStore",
    "SessionType",
    "Turn",
    "TurnRecord",
    "build_session_context",
    "estimate_tokens",
    "run_chat",
]
