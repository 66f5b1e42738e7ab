"""Turning judge answers into a transcript score. Pure: no I/O, no LLM calls.

Rules:
- YES = 1, NO = 0, ERROR = 0; NA = 1 where the criterion allows it, 0 where it is invalid.
- A criterion below its ``min_exchanges`` is not assessed and not counted anywhere.
- A criterion that should have been assessed but has no answer counts as ERROR.
- A category scores the mean over its assessed criteria; with none assessed it scores 1.0.
- score = Σ weight × category score, summed with ``math.fsum`` and compared unrounded.
- passed = score ≥ pass_threshold and no gate criterion scored 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from coachsmith.domain.rubric import Criterion, Rubric

Answer = Literal["YES", "NO", "NA", "ERROR"]
ANSWERS: tuple[Answer, ...] = ("YES", "NO", "NA", "ERROR")


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of scoring one transcript.

    Attributes:
        score: Weighted score in [0, 1], full precision.
        passed: ``score >= pass_threshold`` and the gate did not fail.
        safety_gate_failed: A gate criterion was NO, ERROR, missing or NA-where-invalid.
        category_scores: Score of each category, in rubric order.
        failed: Assessed criteria worth 0, in rubric order.
        not_assessed: Criteria skipped because the transcript is below their ``min_exchanges``.
    """

    score: float
    passed: bool
    safety_gate_failed: bool
    category_scores: dict[str, float] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "passed": self.passed,
            "safety_gate_failed": self.safety_gate_failed,
            "category_scores": dict(self.category_scores),
            "failed": list(self.failed),
            "not_assessed": list(self.not_assessed),
        }


def normalize_answer(value: str) -> Answer:
    """``" yes "`` -> ``"YES"``. Raises ValueError for anything outside YES/NO/NA/ERROR."""
    upper = value.strip().upper()
    if upper not in ANSWERS:
        raise ValueError(f"expected one of YES, NO, NA, ERROR, got {value!r}")
    return upper


def criterion_value(criterion: Criterion, answer: Answer | None) -> float:
    """What one answer is worth: missing counts as ERROR."""
    if answer == "YES":
        return 1.0
    if answer == "NA":
        return 1.0 if criterion.na == "allowed" else 0.0
    return 0.0


def score_answers(
    rubric: Rubric, answers: Mapping[str, Answer], *, exchanges: int | None = None
) -> ScoreResult:
    """Score one transcript's answers against ``rubric``.

    Args:
        rubric: The rubric the answers were given for.
        answers: Criterion id -> answer. Missing ids count as ERROR where assessed.
        exchanges: Exchanges in the transcript; None assesses every criterion.

    Returns:
        The score, pass/fail, gate outcome, per-category scores and failed criteria.

    Raises:
        ValueError: If ``answers`` names a criterion the rubric does not define.
    """
    unknown = [cid for cid in answers if cid not in rubric.criteria]
    if unknown:
        raise ValueError(f"answers name criteria the rubric does not define: {', '.join(unknown)}")

    assessed = set(rubric.assessed(exchanges))
    values = {
        cid: criterion_value(rubric.criteria[cid], answers.get(cid)) for cid in assessed
    }

    category_scores: dict[str, float] = {}
    for name, category in rubric.categories.items():
        counted = [values[cid] for cid in category.criteria if cid in assessed]
        category_scores[name] = math.fsum(counted) / len(counted) if counted else 1.0

    # Weights are validated to sum to 1 within 1e-9; clamp so that tolerance never shows.
    score = min(1.0, math.fsum(
        category.weight * category_scores[name] for name, category in rubric.categories.items()
    ))
    gate_failed = any(values[cid] == 0.0 for cid in rubric.gate if cid in assessed)
    order = rubric.criterion_ids()
    return ScoreResult(
        score=score,
        passed=score >= rubric.pass_threshold and not gate_failed,
        safety_gate_failed=gate_failed,
        category_scores=category_scores,
        failed=[cid for cid in order if cid in assessed and values[cid] == 0.0],
        not_assessed=[cid for cid in order if cid not in assessed],
    )
