"""The response filter: rule checks on a generated coach reply, regeneration, and a safe fallback.

Rules (ids as logged and stored):

- every ``forbidden_patterns`` entry of the domain pack, under its own id (``diagnosis``,
  ``medication``, ``guarantee``, ``harmful_coping``, ``minimising_crisis``, ``ai_role_leak``,
  ``prompt_leak``, ...), matched case-insensitively with ``re.search``;
- ``missing_resources``: the message was rated medium risk or higher and the reply contains none
  of the pack's ``required_phrases`` (case-insensitive);
- ``empty``: the reply is blank.

How :func:`filter_reply` acts on them:

- a forbidden pattern or ``empty`` ("hard" violations): regenerate with feedback naming the broken
  rules, at most ``max_regenerations`` times, then send a fixed fallback reply;
- ``missing_resources`` alone: the reply is otherwise fine, so the locale's resources are appended
  to it instead of regenerating (a regeneration could break a hard rule, and appending is certain
  to fix this one). It is also appended to a fallback sent at medium risk or higher.

Every step is recorded as a :class:`FilterDecision` with the rule id it concerns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from coachsmith.domain import Safety
from coachsmith.safety.base import RiskLevel, level_rank

MISSING_RESOURCES = "missing_resources"
EMPTY = "empty"

#: Sent when every attempt broke a hard rule. Neutral on purpose: it must suit any domain pack
#: and any message, commit to nothing, and invite the person to go on.
FALLBACK_REPLY = (
    "Thank you for telling me this. I want to give you a careful answer rather than a quick "
    "one, so let's slow down for a moment. Could you tell me a little more about what feels "
    "most important about this for you right now?"
)

#: Put before the resources list when they are appended to a reply.
RESOURCES_LEAD = (
    "If things feel like too much, or you are not safe right now, you don't have to handle it "
    "alone. You can reach someone any time:"
)

Action = Literal["pass", "violation", "regenerate", "fallback", "append_resources"]


@dataclass(frozen=True)
class Violation:
    """One rule a reply broke.

    Attributes:
        rule: The rule id (a forbidden pattern's id, ``missing_resources`` or ``empty``).
        matched: The text that matched (empty for ``missing_resources`` and ``empty``).
        reason: What the rule forbids, in plain words.
    """

    rule: str
    matched: str
    reason: str


@dataclass(frozen=True)
class FilterDecision:
    """One step the filter took, for logs and the session store.

    Attributes:
        action: ``pass`` (reply sent as generated), ``violation`` (a rule was broken),
            ``regenerate`` (asked for a new reply), ``fallback`` (sent the fixed fallback) or
            ``append_resources`` (added the crisis resources to the reply).
        attempt: Which generation this concerns, 1 for the first.
        rule: The rule id for ``violation`` and ``append_resources``; None otherwise.
        detail: The matched text for a violation; the rules involved for regenerate/fallback.
    """

    action: Action
    attempt: int
    rule: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"action": self.action, "attempt": self.attempt, "rule": self.rule,
                "detail": self.detail}


@dataclass(frozen=True)
class FilterResult:
    """What the filter lets through.

    Attributes:
        text: The reply to send.
        decisions: Every step taken, in order.
        attempts: How many times ``generate`` was called.
        fell_back: True when ``text`` is the fallback, not a generated reply.
    """

    text: str
    decisions: tuple[FilterDecision, ...]
    attempts: int
    fell_back: bool


def check_reply(text: str, *, risk_level: RiskLevel, safety: Safety) -> list[Violation]:
    """Every rule a reply breaks, in the pack's order, ``missing_resources`` last.

    Args:
        text: The generated reply.
        risk_level: The risk level of the user message it answers.
        safety: The domain pack's safety data.

    Returns:
        The violations; empty when the reply may be sent as it is.
    """
    if not text.strip():
        return [Violation(EMPTY, "", "the reply was empty")]
    out: list[Violation] = []
    for item in safety.forbidden_patterns:
        match = _compiled(item.pattern).search(text)
        if match:
            out.append(Violation(item.id, match.group(0),
                                 item.description or f"matches forbidden pattern {item.id}"))
    if level_rank(risk_level) >= level_rank("medium") and not _has_required_phrase(text, safety):
        out.append(Violation(MISSING_RESOURCES, "", "the message showed signs of risk and the "
                             "reply gave no crisis resources and did not ask about safety"))
    return out


def filter_reply(
    generate: Callable[[str | None], str],
    *,
    risk_level: RiskLevel,
    safety: Safety,
    locale: str | None,
    max_regenerations: int = 2,
    log: Callable[[FilterDecision], None] | None = None,
) -> FilterResult:
    """Generate a reply, check it, regenerate with feedback, and fall back if it stays unsafe.

    Args:
        generate: Produces one reply. Called with None first, then with feedback that names,
            in plain words, the rules the previous reply broke.
        risk_level: The risk level of the user message being answered.
        safety: The domain pack's safety data.
        locale: Resource locale for appended resources and the fallback.
        max_regenerations: How many new replies to ask for after the first one.
        log: Called with each decision as it is made (the result carries them all as well).

    Returns:
        The reply to send and every decision taken.
    """
    decisions: list[FilterDecision] = []

    def record(decision: FilterDecision) -> None:
        decisions.append(decision)
        if log is not None:
            log(decision)

    feedback: str | None = None
    attempt = 0
    while True:
        attempt += 1
        text = generate(feedback).strip()
        violations = check_reply(text, risk_level=risk_level, safety=safety)
        for v in violations:
            record(FilterDecision("violation", attempt, v.rule, v.matched))
        hard = [v for v in violations if v.rule != MISSING_RESOURCES]
        if not hard:
            return FilterResult(_finish(text, violations, attempt, record, safety, locale),
                                tuple(decisions), attempt, fell_back=False)
        rules = ", ".join(dict.fromkeys(v.rule for v in hard))
        if attempt > max_regenerations:
            record(FilterDecision("fallback", attempt, None, rules))
            return FilterResult(fallback_reply(risk_level=risk_level, safety=safety,
                                               locale=locale),
                                tuple(decisions), attempt, fell_back=True)
        record(FilterDecision("regenerate", attempt, None, rules))
        feedback = regeneration_feedback(hard)


def regeneration_feedback(violations: list[Violation]) -> str:
    """Plain-words instructions for a new reply that avoids every rule ``violations`` broke."""
    lines = ["Your previous draft was not sent because it broke these rules:"]
    for v in violations:
        said = f' (it said: "{v.matched}")' if v.matched else ""
        lines.append(f"- {v.reason}{said}")
    lines.append("Write a new reply to the person's last message that keeps the same warmth and "
                 "does none of these things.")
    return "\n".join(lines)


def fallback_reply(*, risk_level: RiskLevel, safety: Safety, locale: str | None) -> str:
    """The fixed reply sent when generation keeps breaking rules; carries resources at medium+."""
    if level_rank(risk_level) >= level_rank("medium"):
        return append_resources(FALLBACK_REPLY, safety=safety, locale=locale)
    return FALLBACK_REPLY


def append_resources(text: str, *, safety: Safety, locale: str | None) -> str:
    """``text`` followed by a short lead-in and the locale's crisis resources."""
    return f"{text}\n\n{RESOURCES_LEAD}\n{safety.resources_for(locale).render()}"


def _finish(text: str, violations: list[Violation], attempt: int,
            record: Callable[[FilterDecision], None], safety: Safety, locale: str | None) -> str:
    if violations:  # only missing_resources is left
        record(FilterDecision("append_resources", attempt, MISSING_RESOURCES))
        return append_resources(text, safety=safety, locale=locale)
    record(FilterDecision("pass", attempt))
    return text


def _has_required_phrase(text: str, safety: Safety) -> bool:
    folded = text.casefold()
    return any(phrase.casefold() in folded for phrase in safety.required_phrases)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)
