"""The smoke stage: one coach reply and its judgement, proving every role and the pack work.

It is what ``coachsmith run`` does before the later stages exist on a project, and a quick check
that a new backend or domain pack is wired up: validate → one coach reply → judge → score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coachsmith.assess.judge import JudgeAnswer, judge_transcript
from coachsmith.assess.scoring import ScoreResult, score_answers
from coachsmith.domain import Domain
from coachsmith.llm import Backend, Message, Request, Response
from coachsmith.llm.spec import RoleSpec
from coachsmith.records import Exchange, Transcript


@dataclass(frozen=True)
class SmokeResult:
    """What the smoke stage produced."""

    transcript: Transcript
    coach_response: Response
    verdicts: dict[str, JudgeAnswer]
    score: ScoreResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "transcript": self.transcript.model_dump(mode="json"),
            "coach": {
                "model": self.coach_response.model,
                "finish_reason": self.coach_response.finish_reason,
                "from_cache": self.coach_response.from_cache,
            },
            "verdicts": {cid: v.to_dict() for cid, v in self.verdicts.items()},
            "score": self.score.to_dict(),
        }


def coach_messages(domain: Domain, session_context: str,
                   history: Sequence[Exchange], message: str) -> tuple[Message, ...]:
    """System prompt from the pack, earlier exchanges, then the new user message."""
    out = [Message("system", domain.prompt("coach_system").render(
        session_context=session_context).strip())]
    for ex in history:
        out += [Message("user", ex.user), Message("assistant", ex.assistant)]
    out.append(Message("user", message))
    return tuple(out)


def run_smoke(
    *,
    domain: Domain,
    coach: Backend,
    judge: Backend,
    coach_role: RoleSpec,
    judge_role: RoleSpec,
    message: str,
    session_context: str,
    seed: int = 0,
    criteria: Sequence[str] | None = None,
    judge_attempts: int = 2,
) -> SmokeResult:
    """Ask the coach one question, judge the one-exchange transcript, score it."""
    messages = coach_messages(domain, session_context, (), message)
    response = coach.complete(Request(
        messages=messages, max_tokens=coach_role.max_tokens, temperature=coach_role.temperature,
        top_p=coach_role.top_p, seed=seed,
    ))
    transcript = Transcript(
        id=f"smoke-{seed}",
        system=messages[0].content,
        exchanges=[Exchange(user=message, assistant=response.text.strip())],
        meta={"stage": "smoke"},
    )
    verdicts = judge_transcript(
        transcript, domain=domain, backend=judge, criteria=criteria,
        temperature=judge_role.temperature, max_tokens=judge_role.max_tokens, seed=seed,
        max_attempts=judge_attempts,
    )
    # Criteria left out by ``criteria`` count as missing (ERROR), as the scoring rules say.
    answers = {cid: v.answer for cid, v in verdicts.items()}
    score = score_answers(domain.rubric, answers, exchanges=len(transcript.exchanges))
    return SmokeResult(transcript, response, verdicts, score)
