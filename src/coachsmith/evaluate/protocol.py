"""The evaluation protocol: every model meets the same simulated people, through the real runtime.

::

    for each fresh persona p and run k:   seed(p, k) and the opening message, made once
      for each model m:                   the same seed and the same opening
        runtime(m) ◄─► simulated person   risk check, crisis flow, coach model, response filter,
                                          session memory: what a user of model m gets
        → transcript (exchanges carry ReplyStats) → judge (rubric + per-turn validation) → score

The simulated person is anything that satisfies :class:`UserSimulator`: given the persona and
the conversation so far, it returns the next message, or None to end the conversation. Openings
are generated once per (persona, run) and replayed to every model, so the first message is
identical even for a simulator (or server) that ignores seeds.
"""

from __future__ import annotations

import time
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from coachsmith.assess.judge import judge_transcript
from coachsmith.assess.scoring import score_answers
from coachsmith.domain import Domain
from coachsmith.errors import BackendError, CoachsmithError
from coachsmith.evaluate.checks import Check, check_messages, judge_checks
from coachsmith.evaluate.records import (
    CriterionAnswer,
    Judgement,
    TurnCheck,
    conversation_id,
)
from coachsmith.llm import Backend, Request, Response, RoleSpec
from coachsmith.records import Exchange, Planted, ReplyStats, Session, Transcript
from coachsmith.safety.base import IntentClassifier, RiskClassifier
from coachsmith.serve.context import SessionType
from coachsmith.serve.runtime import CoachRuntime, Turn
from coachsmith.serve.store import SessionStore


class HasId(Protocol):
    """A persona as evaluation sees it: anything with a stable ``id``."""

    @property
    def id(self) -> str: ...


P_contra = TypeVar("P_contra", bound=HasId, contravariant=True)


@dataclass(frozen=True)
class SimulatedMessage:
    """The simulated person's next message.

    Attributes:
        text: What they write.
        planted: What the simulator deliberately put in (topics, flaws), when it says.
        new_session: The person comes back in a new session with this message (the runtime
            closes the current session, writing its notes, and opens the next one).
        days_since_previous: For a new session, the time since the last one.
    """

    text: str
    planted: Planted | None = None
    new_session: bool = False
    days_since_previous: float = 0.0


class UserSimulator(Protocol[P_contra]):
    """The simulated person: (persona, history, seed) → next message, or None to stop."""

    def __call__(self, persona: P_contra, history: Sequence[Exchange], *,
                 seed: int) -> SimulatedMessage | None: ...


class Opening(BaseModel):
    """The first message of one (persona, run), shared by every model (``openings.jsonl``)."""

    model_config = ConfigDict(extra="forbid")

    persona_id: str
    run: int = Field(ge=0)
    seed: int
    text: str = Field(min_length=1)
    planted: Planted | None = None


class CoachBackendFailed(CoachsmithError):
    """A coach model call failed for good during a conversation; the conversation is not kept.

    The runtime would answer such a turn with its fallback reply, which is right for a user but
    would make an evaluation measure the fallback instead of the model.
    """


def conversation_seed(base_seed: int, persona_id: str, run: int) -> int:
    """A stable seed for one (persona, run), the same for every model (CRC32, not ``hash``)."""
    return zlib.crc32(f"{base_seed}:{persona_id}:{run}".encode()) & 0x7FFFFFFF


def make_opening(persona: HasId, run: int, *, simulate_user: UserSimulator[HasId],
                 base_seed: int) -> Opening:
    """Ask the simulator for the first message of (persona, run).

    Raises:
        CoachsmithError: The simulator ended the conversation before it started.
    """
    seed = conversation_seed(base_seed, persona.id, run)
    message = simulate_user(persona, (), seed=seed)
    if message is None or not message.text.strip():
        raise CoachsmithError(f"the user simulator gave no opening message for persona "
                              f"{persona.id!r}, run {run}")
    return Opening(persona_id=persona.id, run=run, seed=seed, text=message.text,
                   planted=message.planted)


class CallRecorder:
    """Wraps the coach backend and remembers each call of the current turn (outcome, time)."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.supports_schema = inner.supports_schema
        self.max_concurrency = inner.max_concurrency
        self.calls: list[tuple[Response | BackendError, float]] = []

    def complete(self, request: Request) -> Response:
        start = time.perf_counter()
        try:
            response = self.inner.complete(request)
        except BackendError as exc:
            self.calls.append((exc, time.perf_counter() - start))
            raise
        self.calls.append((response, time.perf_counter() - start))
        return response

    def close(self) -> None:
        """The inner backend is shared across conversations; the caller closes it."""

    def take(self) -> list[tuple[Response | BackendError, float]]:
        calls, self.calls = self.calls, []
        return calls


def run_conversation(
    persona: HasId,
    opening: Opening,
    *,
    model: str,
    simulate_user: UserSimulator[HasId],
    domain: Domain,
    coach: Backend,
    coach_params: RoleSpec,
    risk: RiskClassifier,
    store: SessionStore,
    max_exchanges: int,
    locale: str | None = None,
    intent: IntentClassifier | None = None,
    session_type: SessionType = "check_in",
) -> Transcript:
    """One conversation between the simulated person and ``model`` through the real runtime.

    Args:
        persona: The simulated person.
        opening: The shared first message of this (persona, run).
        model: The model's label (goes into the transcript id and meta).
        simulate_user: Produces the person's later messages.
        domain: The domain pack (prompts, safety data).
        coach: The model's backend (cached/retried as the caller wants).
        coach_params: The model's sampling settings.
        risk: The runtime's risk classifier.
        store: The runtime's session store (a real SQLite file); each conversation gets a
            fresh user id in it, so a rerun never sees an earlier attempt's memory.
        max_exchanges: Most exchanges; fewer when the person ends the conversation.
        locale: Crisis-resource locale.
        intent: Intent classifier for the replies, if any.
        session_type: Type of each session the runtime opens.

    Returns:
        The transcript; ``meta`` has ``model``, ``run``, ``seed``, ``kind`` and, when the
        person ended early, ``stop_reason``.

    Raises:
        CoachBackendFailed: A coach model call failed for good.
    """
    recorder = CallRecorder(coach)
    runtime = CoachRuntime(domain, recorder, risk, store=store, locale=locale,
                           coach_params=coach_params, intent=intent, seed=opening.seed)
    cid = conversation_id(model, persona.id, opening.run)
    user = f"eval:{cid}:{uuid.uuid4().hex[:8]}"
    session_id = runtime.start_session(user, session_type=session_type)
    sessions = [Session(index=0)]
    exchanges: list[Exchange] = []
    message: SimulatedMessage | None = SimulatedMessage(opening.text, opening.planted)
    stop_reason: str | None = None
    while message is not None:
        if message.new_session and exchanges:
            runtime.end_session(session_id)
            session_id = runtime.start_session(user, session_type=session_type)
            sessions.append(Session(index=len(sessions),
                                    days_since_previous=message.days_since_previous))
        recorder.take()
        start = time.perf_counter()
        turn = runtime.respond(session_id, message.text)
        elapsed = time.perf_counter() - start
        calls = recorder.take()
        failures = [c for c, _ in calls if isinstance(c, BackendError)]
        if failures:
            raise CoachBackendFailed(f"{cid}: the coach model failed at exchange "
                                     f"{len(exchanges) + 1}: {failures[0]}")
        exchanges.append(Exchange(
            user=message.text, assistant=turn.reply, session=len(sessions) - 1,
            planted=message.planted,
            source="crisis_flow" if turn.source.startswith("crisis_") else "coach",
            runtime=reply_stats(turn, calls, elapsed)))
        if len(exchanges) >= max_exchanges:
            break
        message = simulate_user(persona, tuple(exchanges), seed=opening.seed)
        if message is None:
            stop_reason = "person_ended"
    runtime.end_session(session_id)
    meta: dict[str, object] = {"kind": "evaluation", "model": model, "run": opening.run,
                               "seed": opening.seed, "target_exchanges": max_exchanges}
    if stop_reason is not None:
        meta["stop_reason"] = stop_reason
    return Transcript(id=cid, exchanges=exchanges, sessions=sessions if len(sessions) > 1 else [],
                      persona_id=persona.id, meta=meta)


@dataclass(frozen=True)
class CoachModel:
    """A model under evaluation: its label, backend and sampling settings."""

    name: str
    backend: Backend
    params: RoleSpec


def generate_conversations(
    personas: Sequence[HasId],
    openings: Mapping[tuple[str, int], Opening],
    *,
    models: Sequence[CoachModel],
    simulate_user: UserSimulator[HasId],
    domain: Domain,
    risk: RiskClassifier,
    store: SessionStore,
    max_exchanges: int,
    runs: int,
    done: Callable[[str], bool] = lambda cid: False,
    locale: str | None = None,
    intent: IntentClassifier | None = None,
    session_type: SessionType = "check_in",
) -> Iterator[Transcript]:
    """Every (persona, run, model) conversation not yet ``done``, persona by persona.

    The order keeps one persona's runs for all models together, so an interrupted evaluation
    leaves complete pairs behind.

    Raises:
        KeyError: An opening is missing for a (persona, run).
        CoachBackendFailed: A coach model call failed for good.
    """
    for persona in personas:
        for run in range(runs):
            opening = openings[(persona.id, run)]
            for model in models:
                if done(conversation_id(model.name, persona.id, run)):
                    continue
                yield run_conversation(
                    persona, opening, model=model.name, simulate_user=simulate_user,
                    domain=domain, coach=model.backend, coach_params=model.params, risk=risk,
                    store=store, max_exchanges=max_exchanges, locale=locale, intent=intent,
                    session_type=session_type)


def reply_stats(turn: Turn, calls: Sequence[tuple[Response | BackendError, float]],
                elapsed: float) -> ReplyStats:
    """What the runtime did for one reply, from its Turn and the model calls it made."""
    responses = [(r, wall) for r, wall in calls if isinstance(r, Response)]
    fresh = [(r, wall) for r, wall in responses if not r.from_cache]
    return ReplyStats(
        latency_s=elapsed,
        model_calls=len(calls),
        output_tokens=sum(r.usage.output_tokens for r, _ in fresh),
        generation_s=sum(wall for _, wall in fresh),
        from_cache=bool(responses) and not fresh,
        risk_level=turn.risk.level,
        runtime_source=turn.source,
        filter_rules=[d.rule for d in turn.decisions if d.action == "violation" and d.rule],
        regenerations=sum(d.action == "regenerate" for d in turn.decisions),
        fell_back=any(d.action == "fallback" for d in turn.decisions),
        resources_appended=any(d.action == "append_resources" for d in turn.decisions),
    )


def judge_conversation(
    transcript: Transcript,
    *,
    domain: Domain,
    judge: Backend,
    judge_role: RoleSpec,
    criteria: Sequence[str] | None = None,
    validation: Check | None = None,
    seed: int = 0,
    max_attempts: int = 2,
) -> Judgement:
    """Judge a conversation on the rubric, score it, and check each coach-model reply.

    Args:
        transcript: A conversation from :func:`run_conversation`.
        domain: Supplies the rubric and judge prompts.
        judge: The judge role's backend.
        judge_role: The judge's sampling settings.
        criteria: Criteria to judge (None: every assessed one); the rest count as missing.
        validation: The per-turn validation check, or None to skip it.
        seed: Judge seed (the same for every model, so judging is paired too).
        max_attempts: Tries per answer before ERROR.
    """
    verdicts = judge_transcript(
        transcript, domain=domain, backend=judge, criteria=criteria,
        temperature=judge_role.temperature, max_tokens=judge_role.max_tokens, seed=seed,
        max_attempts=max_attempts)
    result = score_answers(domain.rubric, {cid: v.answer for cid, v in verdicts.items()},
                           exchanges=len(transcript.exchanges))
    turns: list[TurnCheck] = []
    if validation is not None:
        indexes = [i for i, ex in enumerate(transcript.exchanges) if ex.source == "coach"]
        answers = judge_checks(
            [(check_messages(domain, [transcript.exchanges[i]], validation), validation.id)
             for i in indexes],
            backend=judge, temperature=judge_role.temperature,
            max_tokens=judge_role.max_tokens, seed=seed, max_attempts=max_attempts)
        turns = [TurnCheck(exchange=i, answer=a.answer, reasoning=a.reasoning, error=a.error)
                 for i, a in zip(indexes, answers, strict=True)]
    meta = transcript.meta
    return Judgement(
        conversation_id=transcript.id, model=str(meta.get("model", "")),
        persona_id=transcript.persona_id or "", run=int(str(meta.get("run", 0))),
        seed=int(str(meta.get("seed", 0))), rubric=domain.rubric.name,
        exchanges=len(transcript.exchanges),
        verdicts={cid: CriterionAnswer(answer=v.answer, reasoning=v.reasoning, error=v.error)
                  for cid, v in verdicts.items()},
        score=result.score, passed=result.passed, safety_gate_failed=result.safety_gate_failed,
        category_scores=result.category_scores, failed=result.failed,
        not_assessed=result.not_assessed, validation=turns)

