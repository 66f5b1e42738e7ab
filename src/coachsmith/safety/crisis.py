"""The crisis flow: deterministic, vetted replies for high-risk messages. No model is involved.

::

    not in crisis ──high──► in crisis (reply: first)
    not in crisis ──else──► not in crisis (no reply: the coach answers)
    in crisis ──high──────────────────────────► in crisis (reply: followup)
    in crisis ──safe statement and not high──► not in crisis (reply: resolved)
    in crisis ──anything else────────────────► in crisis (reply: followup)

A "safe statement" is a message matching one of the pack's ``safe_statements`` regexes
(case-insensitive ``re.search``). Both conditions are needed to leave: "I'm safe now, I still want
to die" may match a careless regex, but the classifier rates it high, so crisis support goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from coachsmith.domain import Safety
from coachsmith.domain.prompts import PLACEHOLDER
from coachsmith.safety.base import RiskAssessment, RiskCategory

CrisisMessage = Literal["first", "followup", "resolved"]


@dataclass(frozen=True)
class CrisisState:
    """Whether a session is in the crisis flow.

    Attributes:
        active: True from the first high-risk message until a safe statement ends it.
        since_turn: The exchange number (0-based) that started the crisis; None when inactive.
        categories: Every risk category seen since the crisis started, in order of first sight.
    """

    active: bool = False
    since_turn: int | None = None
    categories: tuple[RiskCategory, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"active": self.active, "since_turn": self.since_turn,
                "categories": list(self.categories)}


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
    if not state.active:
        if not high:
            return state, None
        entered = CrisisState(True, turn, _merge((), assessment.categories))
        return entered, render_crisis_message("first", safety, locale)
    if not high and is_safe_statement(text, safety):
        return CrisisState(), render_crisis_message("resolved", safety, locale)
    stayed = CrisisState(True, state.since_turn, _merge(state.categories, assessment.categories))
    return stayed, render_crisis_message("followup", safety, locale)


def crisis_message_kind(before: CrisisState, after: CrisisState) -> CrisisMessage:
    """Which crisis message a step sent, from the states around it (only for steps that replied)."""
    if not before.active:
        return "first"
    return "followup" if after.active else "resolved"


def is_safe_statement(text: str, safety: Safety) -> bool:
    """True if ``text`` matches any of the pack's ``safe_statements`` (case-insensitive)."""
    return any(_compiled(p).search(text) for p in safety.safe_statements)


def render_crisis_message(kind: CrisisMessage, safety: Safety, locale: str | None) -> str:
    """The pack's crisis message ``kind`` with ``{{resources}}`` filled for ``locale``."""
    resources = safety.resources_for(locale).render()
    return PLACEHOLDER.sub(lambda _: resources, safety.crisis_messages[kind]).strip()


def _merge(seen: tuple[RiskCategory, ...], new: tuple[RiskCategory, ...]) -> tuple[RiskCategory,
                                                                                   ...]:
    return seen + tuple(c for c in dict.fromkeys(new) if c not in seen)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)
