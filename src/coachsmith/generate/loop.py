"""The transcript loop: one simulated relationship, advanced one exchange at a time.

A transcript's whole progress lives in a :class:`TranscriptState` (the checkpoint): its
exchanges, the sessions opened so far, the coach's notes of finished sessions and the crisis
state. :meth:`TranscriptLoop.step` adds one exchange (user message, then the reply) and returns
the new state, so a caller can save it after every exchange and continue from it after a crash.
Every random choice and every request seed derives from the transcript's seed and the exchange
number, never from the order work happened to run in, so a resumed transcript is the same as an
uninterrupted one.

Each turn is checked; a malformed one (empty, cut off, wrong role, speaking for the other side)
is asked for again with another seed, and after ``max_attempts`` the transcript stops early and
``stop_reason`` says why: a bad exchange is never saved as a good one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coachsmith.config import GenerateConfig
from coachsmith.domain import Domain
from coachsmith.domain.edge_cases import EdgeCategory
from coachsmith.errors import BackendError
from coachsmith.generate.budget import TokenCounter, prompt_tokens
from coachsmith.generate.coach import (
    check_reply,
    clean_reply,
    coach_messages,
    coach_system,
    notes_request,
    session_context,
    trim_to_sentence,
)
from coachsmith.generate.personas import persona_name
from coachsmith.generate.seeding import derive_seed
from coachsmith.generate.simulator import (
    SessionPlan,
    TurnPlan,
    plan_sessions,
    plan_user_turn,
    render_user_prompt,
    session_of,
)
from coachsmith.generate.user_turn import ask_user, simulator_messages
from coachsmith.llm import Backend, Message, Request, Response, RoleSpec
from coachsmith.records import Exchange, Persona, Planted, Session, Transcript
from coachsmith.safety import CrisisState, RiskClassifier, crisis_step

TranscriptKind = Literal["standard", "edge_case"]


@dataclass(frozen=True)
class TranscriptJob:
    """What one transcript should be.

    Attributes:
        id: Transcript id (``t-0007``, ``e-suicidality-0``).
        persona: The simulated person.
        seed: The transcript's own seed.
        target_exchanges: How many exchanges it aims for.
        length_bucket: The length bucket it was drawn from (edge cases: ``short``).
        kind: ``standard`` or ``edge_case``.
        edge: The scenario category of an edge case.
    """

    id: str
    persona: Persona
    seed: int
    target_exchanges: int
    length_bucket: str = "short"
    kind: TranscriptKind = "standard"
    edge: EdgeCategory | None = None


class TranscriptState(BaseModel):
    """A transcript in progress: everything needed to continue it (the checkpoint)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    exchanges: list[Exchange] = Field(default_factory=list)
    sessions: list[Session] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Coach notes per finished session.")
    crisis: dict[str, object] = Field(default_factory=dict)
    crisis_run: int = Field(0, description="Crisis-flow replies in a row so far.")
    retries: dict[str, int] = Field(default_factory=dict,
                                    description="Malformed outputs asked for again, by reason.")
    stop_reason: str | None = None
    done: bool = False


@dataclass
class LoopCounters:
    """Totals across every transcript of a run (thread-safe), for the progress bar."""

    exchanges: int = 0
    tokens: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, *, exchanges: int = 0, tokens: int = 0) -> None:
        with self._lock:
            self.exchanges += exchanges
            self.tokens += tokens


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TranscriptLoop:
    """Plays one persona against the coach, exchange by exchange.

    Args:
        domain: The pack (prompts, taxonomy, safety data for the crisis flow).
        user_sim: The user simulator's backend.
        coach: The coach's backend.
        user_role: The user simulator's sampling settings.
        coach_role: The coach's sampling settings.
        config: The ``generate`` section.
        risk: Rates each user message as the runtime does; None turns the crisis flow off.
        coach_counter: Counts the coach prompt's tokens for the context budget.
        user_counter: The same for the user simulator's prompt.
        coach_budget: Most tokens the coach prompt plus its reply may take.
        user_budget: The same for the user simulator.
        locale: Crisis-resource locale; None uses the pack's default.
    """

    def __init__(self, domain: Domain, *, user_sim: Backend, coach: Backend, user_role: RoleSpec,
                 coach_role: RoleSpec, config: GenerateConfig, risk: RiskClassifier | None,
                 coach_counter: TokenCounter, user_counter: TokenCounter, coach_budget: int,
                 user_budget: int, locale: str | None = None) -> None:
        self.domain = domain
        self.user_sim = user_sim
        self.coach = coach
        self.user_role = user_role
        self.coach_role = coach_role
        self.config = config
        self.risk = risk
        self.coach_counter = coach_counter
        self.user_counter = user_counter
        self.coach_budget = coach_budget
        self.user_budget = user_budget
        self.locale = locale or domain.info.default_locale
        self.counters = LoopCounters()

    # ------------------------------------------------------------------ plan

    def sessions(self, job: TranscriptJob) -> list[SessionPlan]:
        """The job's sessions (edge cases: one session)."""
        if job.kind == "edge_case":
            return plan_sessions(job.persona, job.target_exchanges,
                                 session_exchanges=(job.target_exchanges, job.target_exchanges),
                                 days_between=(0.0, 0.0), seed=job.seed)
        return plan_sessions(job.persona, job.target_exchanges,
                             session_exchanges=self.config.session_exchanges,
                             days_between=self.config.days_between_sessions, seed=job.seed)

    # ------------------------------------------------------------------ one step

    def step(self, job: TranscriptJob, state: TranscriptState) -> TranscriptState:
        """Add the next exchange (with the notes of the session it closes) and return the new
        state; a state that is ``done`` comes back unchanged."""
        if state.done:
            return state
        index = len(state.exchanges)
        if index >= job.target_exchanges:
            return state.model_copy(update={"done": True})
        plans = self.sessions(job)
        session = session_of(plans, index)
        state = state.model_copy(deep=True)
        if index == session.start:
            if session.index > 0 and self.config.session_notes and job.kind == "standard":
                state.notes.append(self._notes(job, state, session.index - 1))
            context = session_context(session, state.notes)
            state.sessions.append(Session(index=session.index,
                                          days_since_previous=session.days_since_previous,
                                          context=context))
        try:
            plan = plan_user_turn(job.persona, self.domain, session, index, state.exchanges,
                                  seed=job.seed)
            user = self._user_turn(job, state, plans, session, plan, index)
            exchange = self._reply(job, state, session, plan, user, index)
        except _Rejected as exc:
            state.stop_reason = f"exchange {index}: {exc.reason}"
            state.done = True
            return state
        state.exchanges.append(exchange)
        self.counters.add(exchanges=1)
        state.crisis_run = state.crisis_run + 1 if exchange.source == "crisis_flow" else 0
        if len(state.exchanges) >= job.target_exchanges:
            state.done = True
        elif job.kind == "standard" and state.crisis_run >= self.config.crisis_max_exchanges:
            state.stop_reason = "crisis_flow"
            state.done = True
        return state

    def run(self, job: TranscriptJob, state: TranscriptState | None = None) -> Transcript:
        """Play the whole transcript (from ``state`` when given)."""
        state = state or TranscriptState(id=job.id)
        while not state.done:
            state = self.step(job, state)
        return self.finish(job, state)

    # ------------------------------------------------------------------ the user

    def _user_turn(self, job: TranscriptJob, state: TranscriptState, plans: Sequence[SessionPlan],
                   session: SessionPlan, plan: TurnPlan, index: int) -> str:
        prompt = render_user_prompt(self.domain, job.persona, plan, session, index)
        if job.edge is not None:
            turn = job.edge.turns[min(index, len(job.edge.turns) - 1)]
            prompt += (f"\n\n## Your situation right now\n\n{job.edge.brief}\n\n"
                       f"In this message: {turn}")
        messages = simulator_messages(prompt, state.exchanges, plans)
        self._check_budget("user_sim", self.user_counter, messages, self.user_role,
                           self.user_budget)
        text, problems = ask_user(
            lambda request: self._call(self.user_sim, request), messages, self.user_role,
            seed=job.seed, index=index, attempts=self.config.max_attempts,
            trim_truncated=self.config.trim_truncated, persona_name=persona_name(job.persona),
            earlier=[ex.user for ex in state.exchanges])
        for problem in problems:
            state.retries[f"user_sim:{problem}"] = state.retries.get(f"user_sim:{problem}", 0) + 1
        if text is None:
            raise _Rejected(f"user_sim gave no usable message in {self.config.max_attempts} "
                            f"tries (last: {problems[-1]})")
        return text

    # ------------------------------------------------------------------ the reply

    def _reply(self, job: TranscriptJob, state: TranscriptState, session: SessionPlan,
               plan: TurnPlan, user: str, index: int) -> Exchange:
        planted: Planted = plan.planted()
        if job.edge is not None:
            planted.notes["edge_turn"] = job.edge.turns[min(index, len(job.edge.turns) - 1)]
        crisis_text, medium = self._crisis(job, state, user, index)
        if crisis_text is not None:
            return Exchange(user=user, assistant=crisis_text, session=session.index,
                            planted=planted, source="crisis_flow")
        system = coach_system(self.domain, state.sessions[-1].context, medium_risk=medium)
        messages = coach_messages(system, state.exchanges, user)
        self._check_budget("coach", self.coach_counter, messages, self.coach_role,
                           self.coach_budget)
        earlier = [ex.assistant for ex in state.exchanges]
        name = persona_name(job.persona)
        for attempt in range(self.config.max_attempts):
            response = self._call(self.coach, Request(
                messages=messages, max_tokens=self.coach_role.max_tokens,
                temperature=self.coach_role.temperature, top_p=self.coach_role.top_p,
                seed=derive_seed(job.seed, "coach", index, attempt)))
            text = clean_reply(response.text, None)
            problem = check_reply(text, response, user_message=user, persona_name=name,
                                  earlier=earlier)
            if problem is None:
                return Exchange(user=user, assistant=text, session=session.index,
                                planted=planted, source="coach")
            if (problem == "truncated" and self.config.trim_truncated
                    and attempt == self.config.max_attempts - 1):
                trimmed = trim_to_sentence(text)
                if trimmed:
                    return Exchange(user=user, assistant=trimmed, session=session.index,
                                    planted=planted, source="coach")
            state.retries[f"coach:{problem}"] = state.retries.get(f"coach:{problem}", 0) + 1
        raise _Rejected(f"coach gave no usable reply in {self.config.max_attempts} tries "
                        f"(last: {problem})")

    def _crisis(self, job: TranscriptJob, state: TranscriptState, user: str,
                index: int) -> tuple[str | None, bool]:
        """The crisis flow's vetted text when the runtime would send it, and whether the
        message was rated medium risk (the coach then gets the runtime's extra paragraph)."""
        mode = "runtime" if job.kind == "edge_case" else self.config.crisis_flow
        if self.risk is None or mode == "off":
            return None, False
        history = [ex.user for ex in state.exchanges][-3:]
        assessment = self.risk.assess(user, history)
        before = _crisis_state(state.crisis)
        if (mode == "confident" and not before.active
                and not (assessment.level == "high" and assessment.confident)):
            return None, assessment.level == "medium"
        step = crisis_step(before, assessment, user, self.domain.safety, self.locale, turn=index)
        state.crisis = step.state.to_dict()
        return step.reply, assessment.level == "medium"

    # ------------------------------------------------------------------ helpers

    def _notes(self, job: TranscriptJob, state: TranscriptState, session: int) -> str:
        exchanges = [ex for ex in state.exchanges if ex.session == session]
        if not exchanges:
            return ""
        request = notes_request(self.domain, exchanges, self.coach_role,
                                derive_seed(job.seed, "notes", session))
        try:
            response = self._call(self.coach, request)
        except _Rejected:
            return ""  # the next session starts without notes; the transcript goes on
        return response.text.strip() if response.finish_reason != "length" else \
            (trim_to_sentence(response.text) or "")

    def _call(self, backend: Backend, request: Request) -> Response:
        try:
            response = backend.complete(request)
        except BackendError as exc:
            raise _Rejected(f"backend error: {exc}") from exc
        self.counters.add(tokens=response.usage.input_tokens + response.usage.output_tokens)
        return response

    def _check_budget(self, role: str, counter: TokenCounter, messages: Sequence[Message],
                      spec: RoleSpec, budget: int) -> None:
        needed = prompt_tokens(counter, messages) + spec.max_tokens
        if needed > budget:
            raise _Rejected(f"context_budget: the {role} prompt needs {needed} tokens with its "
                            f"reply, over the budget of {budget} ({counter.method})")

    # ------------------------------------------------------------------ the record

    def finish(self, job: TranscriptJob, state: TranscriptState) -> Transcript:
        """The finished transcript record of a ``done`` state."""
        topics = list(dict.fromkeys(t for ex in state.exchanges if ex.planted
                                    for t in ex.planted.topics))
        meta: dict[str, object] = {
            "kind": job.kind, "length_bucket": job.length_bucket,
            "target_exchanges": job.target_exchanges, "topics": topics, "seed": job.seed,
            "tags": ["edge"] if job.kind == "edge_case" else [],
            "token_count": self.coach_counter.method,
        }
        if job.edge is not None:
            meta.update(edge_category=job.edge.name, difficulty=job.edge.difficulty,
                        expected_challenges=list(job.edge.expected_challenges),
                        crisis_expected=job.edge.crisis_expected,
                        crisis_used=any(ex.source == "crisis_flow" for ex in state.exchanges))
            if self.domain.edge_cases.topic:
                meta["topics"] = list(dict.fromkeys([self.domain.edge_cases.topic, *topics]))
        if state.stop_reason is not None:
            meta["stop_reason"] = state.stop_reason
        if state.retries:
            meta["retries"] = dict(state.retries)
        used = {ex.session for ex in state.exchanges}
        sessions = [s for s in state.sessions if s.index in used]
        first = sessions[0].context if sessions else ""
        return Transcript(id=job.id, system=coach_system(self.domain, first),
                          exchanges=state.exchanges, sessions=sessions,
                          persona_id=job.persona.id, meta=meta)


def _crisis_state(data: dict[str, object]) -> CrisisState:
    if not data:
        return CrisisState()
    since = data.get("since_turn")
    categories = data.get("categories") or []
    assert isinstance(categories, list)
    trigger, signal = data.get("trigger"), data.get("last_signal")
    return CrisisState(active=bool(data.get("active")),
                       since_turn=since if isinstance(since, int) else None,
                       categories=tuple(categories), checking=bool(data.get("checking")),
                       trigger=trigger if isinstance(trigger, int) else None,
                       carried=bool(data.get("carried")),
                       last_signal=signal if isinstance(signal, str) else None)
