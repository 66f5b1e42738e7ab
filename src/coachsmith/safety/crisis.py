"""The crisis flow: deterministic, vetted replies for high-risk messages. No model writes them.

::

    not in crisis ──high, sure───────────────────────────────────► crisis      (first)
    not in crisis ──high, not sure───────────────────────────────► checking    (check)
    checking ──high, sure, or an affirming answer ("yes", "I don't know")► crisis (first)
    checking ──safe statement or decline, not high───────────────► not in crisis (check_resolved;
                                                                   the coach answers the message
                                                                   the check held back)
    checking ──unrelated low-risk message after a quiet time─────► not in crisis (the coach
                                                                   answers it)
    checking ──anything else─────────────────────────────────────► checking    (followup)
    crisis ──safe statement, not high────────────────────────────► not in crisis (resolved)
    crisis ──unrelated low-risk message after a quiet time───────► checking    (recheck)
    crisis ──anything else───────────────────────────────────────► crisis      (followup)
    a new session after one that ended in the flow ──────────────► checking, carried: its first
        message gets one gentle check (recheck) unless it is high or a safe statement

A **safe statement** or a **decline** is read by the risk classifier's answer head
(``RiskAssessment.answer`` at ``crisis_exit.answer`` or above), in any language the classifier
reads, or matched by the pack's ``safe_statements`` / ``check_declines`` regexes. To the check
question, either is an all-clear, so there the two probabilities count together
(``RiskAssessment.all_clear``): "no, I'm better now" reads as both. A decline
ends a check only, never a full crisis. Both need the message itself to be rated below high:
"I'm safe now, I still want to die" stays in the flow. An **unrelated low-risk** message is
rated ``none`` and reads as no answer at all (``other``), and it only counts once
``crisis_exit.quiet_minutes`` have passed since the last message with a risk signal. Where the
signal is unclear, the flow stays where it is: that is the conservative default.

"Checking" is the crisis state with ``checking=True``: a high rating that rests on the trained
model alone, without a sure score (``RiskAssessment.confident`` is False), is met with the
pack's ``check`` message (a direct question, with the resources) instead of the full crisis
message. A pack without a ``check`` message sends ``first`` for every high message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Literal

from coachsmith.domain import Safety
from coachsmith.domain.prompts import PLACEHOLDER
from coachsmith.safety.base import RiskAssessment, RiskCategory

CrisisMessage = Literal["first", "followup", "resolved", "check", "check_resolved", "recheck"]


@dataclass(frozen=True)
class CrisisState:
    """Whether a session is in the crisis flow.

    Attributes:
        active: True from the first high-risk message until the person leaves the flow.
        since_turn: The exchange number (0-based) that started the crisis; None when inactive.
        categories: Every risk category seen since the crisis started, in order of first sight.
        checking: True while the flow is only checking (a doubtful high, a quiet time, or a
            new session after a crisis); False in a full crisis.
        trigger: The exchange number of the message the check holds back (answered by the
            coach if the check is declined); None when there is none.
        carried: The state came from an earlier session and nothing has been said since.
        last_signal: When the last message with a risk signal (high or medium) arrived, as an
            ISO 8601 time; None when unknown.
    """

    active: bool = False
    since_turn: int | None = None
    categories: tuple[RiskCategory, ...] = ()
    checking: bool = False
    trigger: int | None = None
    carried: bool = False
    last_signal: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"active": self.active, "since_turn": self.since_turn,
                "categories": list(self.categories), "checking": self.checking,
                "trigger": self.trigger, "carried": self.carried,
                "last_signal": self.last_signal}

    def carried_over(self) -> CrisisState:
        """The state a new session starts in after a session that ended in this one."""
        if not self.active:
            return CrisisState()
        return CrisisState(True, 0, self.categories, checking=True, carried=True,
                           last_signal=self.last_signal)


@dataclass(frozen=True)
class CrisisStep:
    """What one message did to the flow.

    Attributes:
        state: The state after the message.
        message: Which vetted message to send; None when the coach answers.
        reply: That message, rendered for the locale; None when the coach answers.
        resume: The exchange number of a held-back message the coach should now answer (a
            declined check); None otherwise.
    """

    state: CrisisState
    message: CrisisMessage | None = None
    reply: str | None = None
    resume: int | None = None


def crisis_step(state: CrisisState, assessment: RiskAssessment, text: str, safety: Safety,
                locale: str | None, *, turn: int = 0, now: datetime | None = None) -> CrisisStep:
    """Advance the crisis flow by one user message.

    Args:
        state: The session's crisis state before this message.
        assessment: The risk classifier's verdict on this message.
        text: The user's message, in full.
        safety: The domain pack's safety data (messages, resources, regexes, exit settings).
        locale: Resource locale (``US``, ``UK``, ...); unknown locales fall back as
            :meth:`Safety.resources_for` does.
        turn: The exchange number of this message in its session.
        now: The message's time (timezone-aware); None: no quiet time has passed.

    Returns:
        The new state and what to send (nothing when the coach answers).
    """
    high = assessment.level == "high"
    sure = high and (assessment.confident or "check" not in safety.crisis_messages)
    # The classifier's own reading of an answer ("I'm safe now", "no, I meant my job") outweighs
    # a high that rests on the model's doubt or on earlier messages; a pack regex alone does
    # not, and a phrase rule or a confident model always wins.
    unsure = doubtful(assessment)
    stamp = now.isoformat() if now is not None else state.last_signal
    signal = stamp if high or assessment.level == "medium" else state.last_signal
    categories = _merge(state.categories, assessment.categories)

    def send(new: CrisisState, message: CrisisMessage, resume: int | None = None) -> CrisisStep:
        return CrisisStep(new, message, render_crisis_message(message, safety, locale), resume)

    if not state.active:
        if not high:
            return CrisisStep(state)
        entered = CrisisState(True, turn, categories, checking=not sure,
                              trigger=None if sure else turn, last_signal=signal)
        return send(entered, "first" if sure else "check")
    if (said_safe(text, assessment, safety) if not high
            else unsure and _answered(assessment, safety, "safe")):
        return send(CrisisState(), "check_resolved" if state.checking and not state.carried
                    else "resolved", _resume(state, assessment))
    if sure:
        return send(CrisisState(True, state.since_turn, categories, last_signal=signal),
                    "first" if state.checking else "followup")
    if state.checking:
        if state.carried:  # the first message of a session after a crisis: one gentle check
            return send(replace(state, categories=categories, carried=False, trigger=turn,
                                last_signal=signal), "recheck")
        if (declined(text, assessment, safety) if not high
                else unsure and _cleared(assessment, safety)):
            return send(CrisisState(), "check_resolved", _resume(state, assessment))
        if affirmed(assessment, safety):
            return send(CrisisState(True, state.since_turn, categories, last_signal=signal),
                        "first")
        if _unrelated(assessment) and quiet(state, now, safety):
            return CrisisStep(CrisisState())  # the coach answers this message
        return send(replace(state, categories=categories, last_signal=signal), "followup")
    if _unrelated(assessment) and quiet(state, now, safety):
        return send(CrisisState(True, state.since_turn, categories, checking=True, trigger=turn,
                                last_signal=state.last_signal), "recheck")
    return send(CrisisState(True, state.since_turn, categories, last_signal=signal), "followup")


def doubtful(assessment: RiskAssessment) -> bool:
    """A high rating that rests on the model below its confident threshold, or on the person's
    earlier messages (``history:`` reasons), rather than on this message's own clear signal."""
    return assessment.level == "high" and (
        not assessment.confident or any(r.startswith("history:") for r in assessment.reasons))


def said_safe(text: str, assessment: RiskAssessment, safety: Safety) -> bool:
    """A safe statement: the answer head says ``safe``, or a pack regex matches."""
    return _answered(assessment, safety, "safe") or is_safe_statement(text, safety)


def declined(text: str, assessment: RiskAssessment, safety: Safety) -> bool:
    """A "no" to the check question: the answer head says ``decline``, or ``safe`` and
    ``decline`` together reach the threshold (either is an all-clear), or a regex matches."""
    return _cleared(assessment, safety) or is_check_decline(text, safety)


def affirmed(assessment: RiskAssessment, safety: Safety) -> bool:
    """A "yes" or "I don't know" to the check question, by the answer head."""
    return _answered(assessment, safety, "affirm")


def quiet(state: CrisisState, now: datetime | None, safety: Safety) -> bool:
    """True when ``crisis_exit.quiet_minutes`` have passed since the last risk signal."""
    if now is None or state.last_signal is None:
        return False
    try:
        last = datetime.fromisoformat(state.last_signal)
    except ValueError:
        return False
    if (last.tzinfo is None) != (now.tzinfo is None):
        return False
    return (now - last).total_seconds() >= 60.0 * safety.crisis_exit.quiet_minutes


def _answered(assessment: RiskAssessment, safety: Safety, answer: str) -> bool:
    return assessment.answer == answer and assessment.answer_score >= safety.crisis_exit.answer


def _cleared(assessment: RiskAssessment, safety: Safety) -> bool:
    """The answer is a decline, or its top reading is a safe statement or a decline and the two
    together reach ``crisis_exit.answer``: "no, I'm better now" is read as both."""
    return _answered(assessment, safety, "decline") or (
        assessment.answer in ("safe", "decline")
        and assessment.all_clear >= safety.crisis_exit.answer)


def _unrelated(assessment: RiskAssessment) -> bool:
    return assessment.level == "none" and assessment.answer == "other"


def _resume(state: CrisisState, assessment: RiskAssessment) -> int | None:
    """The held-back message to answer, when nothing in the answer itself signals risk."""
    quiet_answer = assessment.level in ("none", "low") or doubtful(assessment)
    return state.trigger if state.checking and quiet_answer else None


def is_safe_statement(text: str, safety: Safety) -> bool:
    """True if ``text`` matches any of the pack's ``safe_statements`` (case-insensitive)."""
    return any(_compiled(p).search(text) for p in safety.safe_statements)


def is_check_decline(text: str, safety: Safety) -> bool:
    """True if ``text`` matches any of the pack's ``check_declines`` (case-insensitive)."""
    return any(_compiled(p).search(text) for p in safety.check_declines)


def render_crisis_message(kind: CrisisMessage, safety: Safety, locale: str | None) -> str:
    """The pack's crisis message ``kind`` with ``{{resources}}`` filled for ``locale``.

    The check messages are optional in a pack: without ``check_resolved``, ``resolved`` is
    sent; without ``recheck``, ``check``; without ``check``, ``first``.
    """
    while kind not in safety.crisis_messages and kind in _OPTIONAL_FALLBACK:
        kind = _OPTIONAL_FALLBACK[kind]
    resources = safety.resources_for(locale).render()
    return PLACEHOLDER.sub(lambda _: resources, safety.crisis_messages[kind]).strip()


_OPTIONAL_FALLBACK: dict[CrisisMessage, CrisisMessage] = {
    "check": "first", "check_resolved": "resolved", "recheck": "check"}


def _merge(seen: tuple[RiskCategory, ...], new: tuple[RiskCategory, ...]) -> tuple[RiskCategory,
                                                                                   ...]:
    return seen + tuple(c for c in dict.fromkeys(new) if c not in seen)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)
