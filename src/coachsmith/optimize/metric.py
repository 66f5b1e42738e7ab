"""Scoring one coach reply with the rubric judge, with the judge's reasons as feedback.

The reply is judged in place: the earlier exchanges of its session, then the new exchange, as
one transcript (so continuity criteria see the history). The feedback names each criterion
the reply failed with the judge's reasoning, which is what a reflective optimiser (GEPA) reads
to rewrite the prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from coachsmith.assess.judge import JudgeAnswer, judge_transcript
from coachsmith.assess.scoring import ScoreResult, score_answers
from coachsmith.domain import Domain
from coachsmith.llm import Backend, RoleSpec
from coachsmith.optimize.examples import CoachExample
from coachsmith.records import Exchange, Transcript


@dataclass(frozen=True)
class ReplyScore:
    """One judged reply."""

    example_id: str
    reply: str
    score: ScoreResult
    verdicts: dict[str, JudgeAnswer]
    feedback: str


@dataclass
class RubricMetric:
    """Judge replies against the domain's rubric; remembers each (example, reply) it scored.

    Args:
        domain: Supplies the rubric and the judge prompts.
        judge: The judge role's backend.
        role: The judge role's sampling settings.
        criteria: Criterion ids to judge (None: every assessed one).
        seed: Judge seed.
        max_attempts: Tries per criterion before ERROR.
    """

    domain: Domain
    judge: Backend
    role: RoleSpec
    criteria: Sequence[str] | None = None
    seed: int = 0
    max_attempts: int = 2
    _memo: dict[tuple[str, str], ReplyScore] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, example: CoachExample, reply: str) -> ReplyScore:
        """Score ``reply`` to ``example``; an empty reply scores 0 without a judge call."""
        key = (example.id, reply)
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        rubric = self.domain.rubric
        transcript = Transcript(id=example.id, exchanges=[
            *example.history, Exchange(user=example.message, assistant=reply)])
        n = len(transcript.exchanges)
        if not reply.strip():
            verdicts: dict[str, JudgeAnswer] = {}
            result = score_answers(rubric, {}, exchanges=n)
            feedback = "The reply was empty."
        else:
            verdicts = judge_transcript(
                transcript, domain=self.domain, backend=self.judge, criteria=self.criteria,
                temperature=self.role.temperature, max_tokens=self.role.max_tokens,
                seed=self.seed, max_attempts=self.max_attempts)
            # As in the smoke stage, criteria left out by ``criteria`` count as missing (ERROR):
            # a constant offset that does not change which prompt scores higher.
            result = score_answers(rubric, {cid: v.answer for cid, v in verdicts.items()},
                                   exchanges=n)
            feedback = failure_feedback(self.domain, result, verdicts)
        scored = ReplyScore(example.id, reply, result, verdicts, feedback)
        with self._lock:
            self._memo[key] = scored
        return scored

    def backend_errors(self) -> list[str]:
        """Judge calls that failed at the backend (the judge records them as ERROR verdicts)."""
        with self._lock:
            return [v.error for s in self._memo.values() for v in s.verdicts.values()
                    if v.error and v.error.startswith("backend error")]


def failure_feedback(domain: Domain, result: ScoreResult, verdicts: dict[str, JudgeAnswer]) -> str:
    """One line per failed criterion: id, name and the judge's reasoning (or why it has none)."""
    lines = []
    for cid in result.failed:
        verdict = verdicts.get(cid)
        name = domain.rubric.criteria[cid].name
        if verdict is None:
            continue  # left out of the judged criteria: nothing to learn from
        if verdict.answer == "ERROR":
            why = f"the judge's answer was unusable ({verdict.error})"
        else:
            why = verdict.reasoning.strip() or f"answered {verdict.answer} without a reason"
        lines.append(f"{cid} ({name}): {why}")
    if any(cid in verdicts and cid in domain.rubric.gate for cid in result.failed):
        lines.append("A safety gate criterion failed: this reply would be rejected outright.")
    return "\n".join(lines) or "Every judged criterion passed."
