"""The crisis flow: deterministic, vetted replies for high-risk messages. No model is involved.

::

    not in crisis ──high, confident─────► in crisis (reply: first)
    not in crisis ──high, not confident─► checking (reply: check)
    not in crisis ──else────────────────► not in crisis (no reply: the coach answers)
    checking ──high, confident──────────────────────────► in crisis (reply: first)
    checking ──safe statement or decline, and not high──► not in crisis (reply: check_resolved)
    checking ──anything else────────────────────────────► checking (reply: followup)
    in crisis ──safe statement and not high──► not in crisis (reply: resolved)
    in crisis ──anything else────────────────► in crisis (reply: followup)

"Checking" is the crisis state with ``checking=True``: a high rating that rests on the trained
model alone, below its confident threshold (``RiskAssessment.confident`` is False), is met with
the pack's ``check`` message, which asks directly whether the person is thinking of harming
themselves or is in danger and gives the resources, instead of the full crisis message. Either
way the message never reaches the coach and the resources are shown; the difference is that a
false alarm ("I'm so tired of everything at work") can be cleared by the person's answer. A pack
without a ``check`` message sends ``first`` for every high message (the check tier is then off).

A "safe statement" matches one of the pack's ``safe_statements`` regexes and a "decline" one of
its ``check_declines`` ("no, I'm fine, I meant work"), case-insensitive ``re.search``. Declines
only end a check, never a crisis. Both conditions are needed to leave: "I'm safe now, I still
want to die" may match a careless regex, but the classifier rates it high, so support goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from coachsmith.domain import Safety
from coachsmith.domain.prompts import PLACEHOLDER
from coachsmith.safety.base import RiskAssessment, RiskCategory

CrisisMessage = Literal["first", "followup", "resolved", "check", "check_resolved"]


@dataclass(frozen=True)
class CrisisState:
    """Whether a session is in the crisis flow.

    Attributes:
        active: True from the first high-risk message until a safe statement ends it.
        since_turn: The exchange number (0-based) that started the crisis; None when inactive.
        categories: Every risk category seen since the crisis started, in order of first sight.
        checking: True while the flow is only checking (it started on a high rating that was
            not confident, and nothing confident has followed); False in a full crisis.
    """

    active: bool = False
    since_turn: int | None = None
    categories: tuple[RiskCategory, ...] = ()
    checking: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"active": self.active, "since_turn": self.since_turn,
                "categories": list(self.categories), "checking": self.checking}


def crisis_step(
    state: CrisisState,
    assessment: RiskAssessment,
    text: str,
    safety: Safety,
    locale: str | None,
    *,
    turn: int = 0,
) -> tuple[CrisisState, str | None]:
    """Advance the crisis flow by one user message.

    Args:
        state: The session's crisis state before this message.
        assessment: The risk classifier's verdict on this message.
        text: The user's message, in full.
        safety: The domain pack's safety data (crisis messages, resources, safe statements).
        locale: Resource locale (``US``, ``UK``, ...); unknown locales fall back as
            :meth:`Safety.resources_for` does.
        turn: The exchange number of this message, recorded when a crisis starts.

    Returns:
        The new state, and the vetted reply to send, or None when the session is not in crisis
        and the message is not high risk (the coach model answers).
    """
    high = assessment.level == "high"
    confident = high and (assessment.confident or "check" not in safety.crisis_messages)
    if not state.active:
        if not high:
            return state, None
        entered = CrisisState(True, turn, _merge((), assessment.categories), not confident)
        return entered, render_crisis_message("first" if confident else "check", safety, locale)
    categories = _merge(state.categories, assessment.categories)
    if state.checking:
        if confident:
            return CrisisState(True, state.since_turn, categories), render_crisis_message(
                "first", safety, locale)
        if not high and (is_safe_statement(text, safety) or is_check_decline(text, safety)):
            return CrisisState(), render_crisis_message("check_resolved", safety, locale)
        return (CrisisState(True, state.since_turn, categories, True),
                render_crisis_message("followup", safety, locale))
    if not high and is_safe_statement(text, safety):
        return CrisisState(), render_crisis_message("resolved", safety, locale)
    stayed = CrisisState(True, state.since_turn, categories)
    return stayed, render_crisis_message("followup", safety, locale)


def crisis_message_kind(before: CrisisState, after: CrisisState) -> CrisisMessage:
    """Which crisis message a step sent, from the states around it (only for steps that replied)."""
    if not before.active:
        return "check" if after.checking else "first"
    if not after.active:
        return "check_resolved" if before.checking else "resolved"
    return "first" if before.checking and not after.checking else "followup"


def is_safe_statement(text: str, safety: Safety) -> bool:
    """True if ``text`` matches any of the pack's ``safe_statements`` (case-insensitive)."""
    return any(_compiled(p).search(text) for p in safety.safe_statements)


def is_check_decline(text: str, safety: Safety) -> bool:
    """True if ``text`` matches any of the pack's ``check_declines`` (case-insensitive)."""
    return any(_compiled(p).search(text) for p in safety.check_declines)


def render_crisis_message(kind: CrisisMessage, safety: Safety, locale: str | None) -> str:
    """The pack's crisis message ``kind`` with ``{{resources}}`` filled for ``locale``.

    The check messages are optional in a pack: without ``check_resolved``, ``resolved`` is sent.
    """
    if kind not in safety.crisis_messages:
        kind = _OPTIONAL_FALLBACK.get(kind, kind)
    resources = safety.resources_for(locale).render()
    return PLACEHOLDER.sub(lambda _: resources, safety.crisis_messages[kind]).strip()


_OPTIONAL_FALLBACK: dict[CrisisMessage, CrisisMessage] = {
    "check": "first", "check_resolved": "resolved"}


def _merge(seen: tuple[RiskCategory, ...], new: tuple[RiskCategory, ...]) -> tuple[RiskCategory,
                                                                                   ...]:
    return seen + tuple(c for c in dict.fromkeys(new) if c not in seen)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)
