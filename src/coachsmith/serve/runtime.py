"""The coach at runtime: risk check → crisis flow or coach model → response filter → store.

::

    message ─► risk classifier (whole text + recent user messages)
                 │
                 ├─ high, or the session is in crisis ─► crisis flow (vetted text, no model)
                 │
                 └─ otherwise ─► coach model (system prompt + session context [+ safety note
                                 at medium risk] + recent exchanges + the message, clipped)
                                   ─► response filter (regenerate ≤ 2×, fallback, resources
                                      appended at medium risk)
    every turn ─► session store (text, risk, filter decisions, intent, crisis state)

A high-risk message never reaches the coach model. If the risk classifier itself fails, the
message is treated as high risk (fail closed): a needless crisis reply is the safer mistake.
When the person declines the check question and nothing in the answer signals risk, the coach
answers the message the check held back (``coach_after_check``), after a short thanks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from coachsmith.assess.judge import render_transcript
from coachsmith.domain import Domain
from coachsmith.errors import BackendError
from coachsmith.llm import Backend, Message, Request, RoleSpec
from coachsmith.records import Exchange, Transcript
from coachsmith.safety.base import (
    Intent,
    IntentClassifier,
    RiskAssessment,
    RiskClassifier,
    level_rank,
)
from coachsmith.safety.crisis import CrisisMessage, crisis_step
from coachsmith.safety.filter import (
    FilterDecision,
    check_reply,
    filter_reply,
    regeneration_feedback,
)
from coachsmith.serve.context import (
    CountTokens,
    SessionType,
    build_session_context,
    estimate_tokens,
)
from coachsmith.serve.store import SessionStore, TurnRecord

logger = logging.getLogger(__name__)

ReplySource = Literal["coach", "fallback", "empty_input", "crisis_first", "crisis_followup",
                      "crisis_resolved", "crisis_check", "crisis_check_resolved", "crisis_recheck",
                      "coach_after_check"]

#: Added to the system prompt when the message is rated medium risk.
MEDIUM_RISK_INSTRUCTION = (
    "## Right now\n\n"
    "The person's latest message shows some signs of risk. Respond with extra care: say plainly "
    "and kindly what you noticed, don't minimise it, and ask whether they are safe right now. "
    "Crisis resources will be shown with your reply."
)
#: Stands in the coach's history for a message the crisis flow answered.
WITHHELD_MESSAGE = "[message answered by the safety flow; not shown]"
#: Sent, without a model call, for a blank message outside a crisis.
EMPTY_INPUT_REPLY = "I'm here. Take your time - whenever you're ready, tell me what's on your mind."
_CRISIS_SOURCES: dict[CrisisMessage, ReplySource] = {
    "first": "crisis_first", "followup": "crisis_followup", "resolved": "crisis_resolved",
    "check": "crisis_check", "check_resolved": "crisis_check_resolved",
    "recheck": "crisis_recheck"}
_CHECKS = frozenset({"crisis_check", "crisis_recheck"})
_CLIP_MARKER = "\n[... part of this long message left out ...]\n"
_RISK_FAILURE = "the risk classifier failed; treated as high risk"


@dataclass(frozen=True)
class Turn:
    """The outcome of one user message.

    Attributes:
        reply: The text to show the person.
        risk: The risk assessment of the message.
        crisis_active: Whether the session is in the crisis flow after this message.
        decisions: The response filter's decisions (empty for crisis replies).
        intent: The intent label of the reply, when an intent classifier is configured.
        source: Where the reply came from: ``coach``, ``fallback``, ``empty_input``, a crisis
            message (``crisis_first``, ``crisis_followup``, ``crisis_resolved``,
            ``crisis_check``, ``crisis_check_resolved``, ``crisis_recheck``), or
            ``coach_after_check`` (thanks for the answer, then the coach's reply to the message
            the check held back).
    """

    reply: str
    risk: RiskAssessment
    crisis_active: bool
    decisions: tuple[FilterDecision, ...]
    intent: Intent | None
    source: ReplySource


class CoachRuntime:
    """Answers a person's messages safely and remembers sessions.

    Args:
        domain: The domain pack (prompts and safety data).
        coach: The coach model's backend.
        risk: Rates each user message.
        store: Where sessions and turns are kept.
        locale: Crisis-resource locale; None uses the pack's default.
        coach_params: Sampling settings for the coach (temperature, top_p, max_tokens); None
            uses ``RoleSpec()`` defaults.
        intent: Labels each coach reply with its intent; None skips labelling.
        seed: Sampling seed for the coach; None lets the backend choose.
        risk_history: How many earlier user messages the risk classifier sees.
        max_input_chars: Longest user message sent to the model; longer ones are clipped in the
            middle (the risk check always reads the whole message).
        max_history_chars: Most characters of earlier exchanges sent to the model (oldest go).
        max_regenerations: New replies asked for after a reply breaks a filter rule.
        context_budget_tokens: Token budget of the session context in the system prompt.
        max_summaries: How many earlier sessions' notes the context may carry.
        count_tokens: Token counter for the context budget (default: words × 1.3).
        log: Called with every filter decision as it is made.
        clock: The current time, timezone-aware (the crisis flow's quiet time reads it).
    """

    def __init__(
        self,
        domain: Domain,
        coach: Backend,
        risk: RiskClassifier,
        *,
        store: SessionStore,
        locale: str | None = None,
        coach_params: RoleSpec | None = None,
        intent: IntentClassifier | None = None,
        seed: int | None = None,
        risk_history: int = 3,
        max_input_chars: int = 4000,
        max_history_chars: int = 6000,
        max_regenerations: int = 2,
        context_budget_tokens: int = 600,
        max_summaries: int = 5,
        count_tokens: CountTokens = estimate_tokens,
        log: Callable[[FilterDecision], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.domain = domain
        self.coach = coach
        self.risk = risk
        self.store = store
        self.locale = locale or domain.info.default_locale
        self.coach_params = coach_params or RoleSpec.model_validate({})
        self.intent = intent
        self.seed = seed
        self.risk_history = risk_history
        self.max_input_chars = max_input_chars
        self.max_history_chars = max_history_chars
        self.max_regenerations = max_regenerations
        self.context_budget_tokens = context_budget_tokens
        self.max_summaries = max_summaries
        self.count_tokens = count_tokens
        self.log = log
        self.clock = clock

    # ------------------------------------------------------------------ sessions

    def start_session(self, user: str, *, session_type: SessionType = "check_in") -> str:
        """Open a new session for ``user`` and return its id.

        If the person's previous session ended in the crisis flow, the new session starts with
        one gentle check (the pack's ``recheck``) on its first message rather than the crisis
        script; a safe answer, or a high message, decides from there.
        """
        previous = self.store.latest_session(user)
        session = self.store.create_session(user, session_type=session_type)
        if previous is not None and previous.crisis.active:
            self.store.set_crisis_state(session.id, previous.crisis.carried_over())
        return session.id

    def respond(self, session_id: str, text: str) -> Turn:
        """Answer one user message and store the exchange.

        Args:
            session_id: An open session (see :meth:`start_session`).
            text: The person's message, as typed; any length, any language, may be blank.

        Returns:
            The reply and what decided it.

        Raises:
            KeyError: No such session.
            ValueError: The session has ended.
        """
        session = self.store.get_session(session_id)
        if session.ended is not None:
            raise ValueError(f"session {session_id!r} has ended; start a new one")
        turns = self.store.turns(session_id)
        user_texts = [t.text for t in turns if t.role == "user"]
        risk = self._assess(text, user_texts[-self.risk_history:] if self.risk_history else [])

        step = crisis_step(session.crisis, risk, text, self.domain.safety, self.locale,
                           turn=len(user_texts), now=self.clock())
        state = step.state
        if risk.level == "high" and step.reply is None:  # never let a high message through
            raise RuntimeError("a high-risk message must never reach the coach model")
        if step.resume is not None and 0 <= step.resume < len(user_texts):
            held = user_texts[step.resume]
            answer = self._coach_turn(session.user, session.type, session_id, turns,
                                      f"{held}\n\n{text}", risk)
            turn = Turn(f"{step.reply}\n\n{answer.reply}", risk, False, answer.decisions,
                        answer.intent, "coach_after_check" if answer.source == "coach"
                        else answer.source)
        elif step.message is not None and step.reply is not None:
            turn = Turn(step.reply, risk, state.active, (), None, _CRISIS_SOURCES[step.message])
        else:
            turn = self._coach_turn(session.user, session.type, session_id, turns, text, risk)

        # The crisis state is written first: if the process dies mid-way, the session still
        # knows it is in crisis, even if the exchange itself was not stored.
        if state != session.crisis:
            self.store.set_crisis_state(session_id, state)
        self.store.append_turn(session_id, "user", text, risk=risk)
        self.store.append_turn(session_id, "assistant", turn.reply, source=turn.source,
                               decisions=turn.decisions, intent=turn.intent)
        return turn

    def end_session(self, session_id: str) -> str | None:
        """End the session, asking the coach model for notes with the pack's summary prompt.

        A session with no messages ends without notes. Notes that break a filter rule are
        asked for once more, then replaced by a plain note. If the session had risk signals, a
        fixed safety line is added so the next session knows, whatever the model wrote.

        Returns:
            The stored notes, or None when there were none.

        Raises:
            KeyError: No such session.
        """
        session = self.store.get_session(session_id)
        if session.ended is not None:
            return session.summary
        turns = self.store.turns(session_id)
        if not turns:
            self.store.end_session(session_id, None)
            return None
        summary = self._summarise(turns)
        note = _safety_note(turns)
        if note:
            summary = f"{summary}\n{note}"
        self.store.end_session(session_id, summary)
        return summary

    # ------------------------------------------------------------------ steps

    def _assess(self, text: str, history: Sequence[str]) -> RiskAssessment:
        try:
            return self.risk.assess(text, history)
        except Exception:
            # Fail closed: an unrated message is treated as high risk, never sent to the coach.
            logger.exception("risk classifier failed; treating the message as high risk")
            return RiskAssessment("high", (), 1.0, (_RISK_FAILURE,))

    def _coach_turn(self, user: str, session_type: SessionType, session_id: str,
                    turns: Sequence[TurnRecord], text: str, risk: RiskAssessment) -> Turn:
        if not text.strip():
            def generate(feedback: str | None) -> str:
                return EMPTY_INPUT_REPLY
            source: ReplySource = "empty_input"
        else:
            system = self._system_prompt(user, session_type, session_id, risk)
            history = self._history(turns)
            message = _clip(text, self.max_input_chars)

            def generate(feedback: str | None) -> str:
                return self._generate(system, history, message, feedback)
            source = "coach"
        result = filter_reply(generate, risk_level=risk.level, safety=self.domain.safety,
                              locale=self.locale, max_regenerations=self.max_regenerations,
                              log=self.log)
        return Turn(result.text, risk, False, result.decisions, self._classify(result.text),
                    "fallback" if result.fell_back else source)

    def _system_prompt(self, user: str, session_type: SessionType, session_id: str,
                       risk: RiskAssessment) -> str:
        earlier = self.store.earlier_summaries(user, exclude=session_id, limit=self.max_summaries)
        context = build_session_context(
            session_type=session_type,
            preferences=self.store.preferences(user),
            summaries=[f"({s.ended[:10] if s.ended else '?'}) {s.summary}" for s in earlier],
            budget_tokens=self.context_budget_tokens,
            count_tokens=self.count_tokens,
        )
        system = self.domain.prompt("coach_system").render(session_context=context).strip()
        if level_rank(risk.level) >= level_rank("medium"):
            system += "\n\n" + MEDIUM_RISK_INSTRUCTION
        return system

    def _history(self, turns: Sequence[TurnRecord]) -> list[Exchange]:
        exchanges = _exchanges(turns)
        kept: list[Exchange] = []
        used = 0
        for ex in reversed(exchanges):
            user = _clip(ex.user, self.max_input_chars)
            used += len(user) + len(ex.assistant)
            if used > self.max_history_chars:
                break
            kept.append(Exchange(user=user, assistant=ex.assistant))
        return kept[::-1]

    def _generate(self, system: str, history: Sequence[Exchange], message: str,
                  feedback: str | None) -> str:
        if feedback:
            system = f"{system}\n\n## Your last draft\n\n{feedback}"
        messages = [Message("system", system)]
        for ex in history:
            messages += [Message("user", ex.user), Message("assistant", ex.assistant)]
        messages.append(Message("user", message))
        params = self.coach_params
        try:
            response = self.coach.complete(Request(
                messages=tuple(messages), max_tokens=params.max_tokens,
                temperature=params.temperature, top_p=params.top_p, seed=self.seed))
        except BackendError:
            # Counted as an empty reply by the filter: regenerated, then the fallback.
            logger.exception("coach backend failed")
            return ""
        return response.text

    def _classify(self, reply: str) -> Intent | None:
        if self.intent is None:
            return None
        try:
            return self.intent.classify(reply)
        except Exception:
            # The label is for analytics only; a failure must not cost the person their reply.
            logger.exception("intent classifier failed")
            return None

    def _summarise(self, turns: Sequence[TurnRecord]) -> str:
        transcript = render_transcript(Transcript(
            id="session", system="", exchanges=_exchanges(turns), meta={}))
        prompt = self.domain.prompt("session_summary").render(
            transcript=_clip(transcript, 4 * self.max_history_chars))
        feedback: str | None = None
        for _ in range(2):
            content = prompt if feedback is None else f"{prompt}\n\n{feedback}"
            try:
                text = self.coach.complete(Request(
                    messages=(Message("user", content),), max_tokens=min(
                        self.coach_params.max_tokens, 320), temperature=0.3,
                    top_p=self.coach_params.top_p, seed=self.seed)).text.strip()
            except BackendError:
                logger.exception("coach backend failed while writing session notes")
                break
            violations = check_reply(text, risk_level="none", safety=self.domain.safety)
            if not violations:
                return text
            feedback = regeneration_feedback(violations)
        return _plain_notes(turns)


def _exchanges(turns: Sequence[TurnRecord]) -> list[Exchange]:
    """Pair each user message with the reply stored after it.

    A message the crisis flow answered is replaced by :data:`WITHHELD_MESSAGE`: a message rated
    high never reaches the coach model, not even later as history. The one exception is a
    message a check held back and the person then cleared (``coach_after_check``): the coach
    has answered it, so it is shown.
    """
    pairs: list[tuple[str, TurnRecord]] = []
    pending: str | None = None
    for t in turns:
        if t.role == "user":
            pending = t.text
        elif pending is not None:
            pairs.append((pending, t))
            pending = None
    cleared: set[int] = set()
    for i, (_, reply) in enumerate(pairs):
        if reply.source == "coach_after_check":
            held = [j for j in range(i) if pairs[j][1].source in _CHECKS]
            cleared.update(held[-1:])
    return [Exchange(user=WITHHELD_MESSAGE if (reply.source or "").startswith("crisis_")
                     and i not in cleared else text, assistant=reply.text)
            for i, (text, reply) in enumerate(pairs)]


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters: the start and the end kept, the middle left out.

    The end is kept because people often say the most important thing last.
    """
    if len(text) <= limit:
        return text
    room = max(limit - len(_CLIP_MARKER), 0)
    head = room * 2 // 3
    tail = room - head
    return text[:head] + _CLIP_MARKER + (text[-tail:] if tail else "")


def _plain_notes(turns: Sequence[TurnRecord]) -> str:
    firsts = [" ".join(t.text.split()[:25]) for t in turns if t.role == "user" and t.text.strip()]
    if not firsts:
        return "No notes were written for this session."
    return ("No notes were written for this session. The person opened with: "
            f"\"{firsts[0]}\"")


def _safety_note(turns: Sequence[TurnRecord]) -> str:
    if any(t.risk_level == "high" or (t.source or "").startswith("crisis_") for t in turns):
        return ("Safety: this session had serious risk signals; the crisis flow ran and crisis "
                "resources were shared. Check in gently on how they are and whether they are "
                "safe.")
    if any(t.risk_level == "medium" for t in turns):
        return "Safety: some messages showed signs of risk; crisis resources were shared."
    return ""
