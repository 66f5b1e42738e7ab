"""The coach's side of a simulated conversation: its prompt with session context, its notes at
the end of each session, and checks on what it wrote.

The coach reads the pack's ``coach_system`` prompt, with ``{{session_context}}`` filled as the
runtime fills it (session type, then notes from earlier sessions, newest first, within a token
budget) plus the days since the last session, and the whole conversation so far (one continuing
relationship, as the long-context training data needs). Messages the crisis flow answered appear
to it as the runtime shows them: withheld.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coachsmith.assess.judge import render_transcript
from coachsmith.domain import Domain
from coachsmith.generate.simulator import SessionPlan
from coachsmith.llm import Message, Request, Response, RoleSpec
from coachsmith.records import Exchange, Transcript
from coachsmith.serve.context import SessionType, build_session_context
from coachsmith.serve.runtime import MEDIUM_RISK_INSTRUCTION, WITHHELD_MESSAGE

#: Token budget of the session context (notes of earlier sessions), as the runtime's default.
CONTEXT_BUDGET_TOKENS = 600
NOTES_MAX_TOKENS = 320
_LABEL = re.compile(r"^\s*\**\s*([A-Za-z][\w .'-]{0,30}?)\s*\**\s*:\s*", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?…](?:[\"')\]]*)(?=\s|$)")


def session_context(session: SessionPlan, notes: Sequence[str]) -> str:
    """What fills ``{{session_context}}`` for one session.

    Args:
        session: The session (its type and the days since the previous one).
        notes: The coach's notes of every earlier session, oldest first.
    """
    session_type: SessionType = session.session_type  # type: ignore[assignment]
    text = build_session_context(session_type=session_type,
                                 summaries=[n for n in reversed(notes) if n.strip()],
                                 budget_tokens=CONTEXT_BUDGET_TOKENS)
    if session.index > 0:
        text += (f"\nSession {session.index + 1}; {session.days_since_previous:g} days since the "
                 "last session.")
    return text


def coach_system(domain: Domain, context: str, *, medium_risk: bool = False) -> str:
    """The coach's system prompt for one session (with the runtime's extra paragraph when the
    message was rated medium risk)."""
    system = domain.prompt("coach_system").render(session_context=context).strip()
    return system + "\n\n" + MEDIUM_RISK_INSTRUCTION if medium_risk else system


def coach_messages(system: str, history: Sequence[Exchange], message: str) -> tuple[Message, ...]:
    """System prompt, the conversation so far (crisis-flow turns withheld), the new message."""
    out = [Message("system", system)]
    for ex in history:
        user = WITHHELD_MESSAGE if ex.source == "crisis_flow" else ex.user
        out += [Message("user", user), Message("assistant", ex.assistant)]
    out.append(Message("user", message))
    return tuple(out)


def notes_request(domain: Domain, exchanges: Sequence[Exchange], role: RoleSpec,
                  seed: int) -> Request:
    """Ask the coach for its notes on one finished session (the pack's ``session_summary``)."""
    shown = [ex if ex.source != "crisis_flow" else ex.model_copy(update={"user": WITHHELD_MESSAGE})
             for ex in exchanges]
    text = render_transcript(Transcript(id="session", exchanges=[
        e.model_copy(update={"session": 0}) for e in shown]))
    prompt = domain.prompt("session_summary").render(transcript=text).strip()
    return Request(messages=(Message("user", prompt),), max_tokens=min(role.max_tokens,
                   NOTES_MAX_TOKENS), temperature=0.3, top_p=role.top_p, seed=seed)


def clean_reply(text: str, coach_name: str | None) -> str:
    """Strip a leading speaker label ("Sage:", "Assistant:") from a coach reply."""
    stripped = text.strip()
    labels = {"assistant", "coach", "ai"} | ({coach_name.lower()} if coach_name else set())
    match = _LABEL.match(stripped)
    if match and match.group(1).strip().lower() in labels:
        stripped = stripped[match.end():].strip()
    return stripped


def check_reply(text: str, response: Response, *, user_message: str, persona_name: str | None,
                earlier: Sequence[str]) -> str | None:
    """Why a coach reply is unusable, or None when it is fine.

    Reasons: ``empty``, ``truncated`` (cut off at max_tokens), ``speaks_for_user`` (it writes
    the person's next turn), ``echo`` (it repeats the person's message), ``repeat`` (the same
    as an earlier reply).
    """
    if not text.strip():
        return "empty"
    if response.finish_reason == "length":
        return "truncated"
    user_labels = {"user", "human", "client", "me", "person"}
    if persona_name:
        user_labels.add(persona_name.lower())
    for match in _LABEL.finditer(text):
        if match.group(1).strip().lower() in user_labels:
            return "speaks_for_user"
    if " ".join(user_message.split()) and " ".join(user_message.split()) in " ".join(text.split()):
        return "echo"
    if text.strip() in {e.strip() for e in earlier}:
        return "repeat"
    return None


def trim_to_sentence(text: str, *, min_chars: int = 40) -> str | None:
    """``text`` cut after its last complete sentence, or None when too little would remain."""
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return None
    trimmed = text[:ends[-1].end()].rstrip()
    return trimmed if len(trimmed) >= min_chars else None
