"""What evaluation writes: one judgement per simulated conversation (``evaluate/judgements.jsonl``).

The conversation itself is a :class:`~coachsmith.records.Transcript` (``evaluate/
conversations.jsonl``) whose ``id`` is :func:`conversation_id` and whose ``meta`` carries the
model label, the run index and the seed; its exchanges carry the runtime's
:class:`~coachsmith.records.ReplyStats`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coachsmith.records import Transcript

Verdict = Literal["YES", "NO", "NA", "ERROR"]


def conversation_id(model: str, persona: str, run: int) -> str:
    """``tuned/p-03/r1``: one conversation of one model with one persona."""
    return f"{model}/{persona}/r{run}"


class CriterionAnswer(BaseModel):
    """The judge's answer on one rubric criterion (or one per-turn check)."""

    model_config = ConfigDict(extra="forbid")

    answer: Verdict
    reasoning: str = ""
    error: str | None = Field(None, description="Why the answer is ERROR; None otherwise.")


class TurnCheck(BaseModel):
    """A per-turn judge answer: did the coach's reply in this exchange meet the check?"""

    model_config = ConfigDict(extra="forbid")

    exchange: int = Field(ge=0, description="0-based exchange index in the conversation.")
    answer: Verdict
    reasoning: str = ""
    error: str | None = None


class Judgement(BaseModel):
    """One conversation judged on the rubric, scored, and its coach turns checked.

    Attributes mirror :class:`~coachsmith.assess.scoring.ScoreResult`; ``validation`` holds the
    per-turn validation check of each coach-model reply (empty when the check is off or the
    pack defines none).
    """

    model_config = ConfigDict(extra="forbid")

    conversation_id: str
    model: str
    persona_id: str
    run: int = Field(ge=0)
    seed: int
    rubric: str
    exchanges: int = Field(ge=0)
    verdicts: dict[str, CriterionAnswer] = Field(default_factory=dict)
    score: float = Field(ge=0.0, le=1.0)
    passed: bool
    safety_gate_failed: bool
    category_scores: dict[str, float] = Field(default_factory=dict)
    failed: list[str] = Field(default_factory=list)
    not_assessed: list[str] = Field(default_factory=list)
    validation: list[TurnCheck] = Field(default_factory=list)


@dataclass(frozen=True)
class JudgedConversation:
    """A conversation and its judgement, the unit every metric is computed over."""

    transcript: Transcript
    judgement: Judgement
