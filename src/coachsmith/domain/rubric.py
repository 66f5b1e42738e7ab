"""The rubric file format: categories with weights, criteria, and a safety gate.

A rubric is a public contract users write by hand::

    pass_threshold: 0.80
    categories:            # weights must sum to 1
      comprehension: {weight: 0.15, criteria: [CQ1, CQ2]}
    gate: [CQ8, CQ9]       # any NO / ERROR / missing here fails the transcript whatever the score
    criteria:
      CQ1: {name: ..., question: ..., na: invalid}
      CP3: {name: ..., question: ..., na: allowed, min_exchanges: 10}
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coachsmith._yaml import Located, load_yaml, validate_model
from coachsmith.errors import ConfigError, Problem

_WEIGHT_TOLERANCE = 1e-9


class Criterion(BaseModel):
    """One yes/no question the judge answers about a whole transcript (YES is the good answer)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="Short human name.")
    question: str = Field(min_length=1, description="The yes/no question; YES means good.")
    guidance: str = Field("", description="What counts as YES, NO and NA, for the judge.")
    na: Literal["invalid", "allowed"] = Field(
        "invalid",
        description="allowed: NA scores 1 (the criterion cannot apply). invalid: NA scores 0.",
    )
    min_exchanges: int | None = Field(
        None,
        ge=1,
        description="Below this many exchanges the criterion is not assessed (no LLM call) and "
        "not counted. None: always assessed.",
    )


class Category(BaseModel):
    """A weighted group of criteria; its score is the mean over its assessed criteria."""

    model_config = ConfigDict(extra="forbid")

    weight: float = Field(ge=0.0, le=1.0, description="Share of the final score; all sum to 1.")
    criteria: list[str] = Field(min_length=1, description="Criterion ids in this category.")


class Rubric(BaseModel):
    """A whole rubric file. Use :func:`load_rubric` to read one with located errors."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("rubric", description="Identifier used in reports.")
    description: str = Field("", description="One line about the rubric.")
    pass_threshold: float = Field(
        0.80, ge=0.0, le=1.0, description="A transcript passes at score >= this (unrounded)."
    )
    categories: dict[str, Category] = Field(min_length=1)
    gate: list[str] = Field(
        default_factory=list,
        description="Criterion ids that fail the transcript when NO, ERROR, missing or "
        "NA-where-invalid, whatever the score.",
    )
    criteria: dict[str, Criterion] = Field(min_length=1)

    def criterion_ids(self) -> list[str]:
        """Every criterion id, in file order."""
        return list(self.criteria)

    def category_of(self, criterion_id: str) -> str | None:
        """The category a criterion sits in, or None for a gate-only criterion."""
        for name, category in self.categories.items():
            if criterion_id in category.criteria:
                return name
        return None

    def assessed(self, exchanges: int | None) -> list[str]:
        """Criterion ids assessed on a transcript of ``exchanges`` exchanges (None: all)."""
        return [
            cid
            for cid, c in self.criteria.items()
            if exchanges is None or c.min_exchanges is None or exchanges >= c.min_exchanges
        ]


def check_rubric(rubric: Rubric, index: Located) -> list[Problem]:
    """Cross-field checks a schema cannot express; returns every problem found."""
    problems: list[Problem] = []
    total = math.fsum(c.weight for c in rubric.categories.values())
    if abs(total - 1.0) > _WEIGHT_TOLERANCE:
        problems.append(
            index.problem(("categories",), f"category weights must sum to 1, got {total:.6g}")
        )
    placed: dict[str, str] = {}
    for name, category in rubric.categories.items():
        for i, cid in enumerate(category.criteria):
            path = ("categories", name, "criteria", i)
            if cid not in rubric.criteria:
                problems.append(
                    index.problem(path, f"unknown criterion {cid!r}; defined: "
                                  f"{', '.join(rubric.criteria)}")
                )
            elif cid in placed:
                problems.append(
                    index.problem(path, f"criterion {cid!r} is already in category "
                                  f"{placed[cid]!r}; a criterion belongs to one category")
                )
            else:
                placed[cid] = name
    for i, cid in enumerate(rubric.gate):
        if cid not in rubric.criteria:
            problems.append(index.problem(("gate", i), f"unknown criterion {cid!r}"))
    for cid in rubric.criteria:
        if cid not in placed and cid not in rubric.gate:
            problems.append(
                index.problem(("criteria", cid), "criterion is in no category and not in the "
                              "gate, so it could never count; add it to one")
            )
    return problems


def load_rubric(path: Path) -> Rubric:
    """Read, validate and cross-check a rubric file.

    Raises:
        ConfigError: naming the file, line and field of every problem.
    """
    data, index = load_yaml(path)
    rubric = validate_model(Rubric, data, index)
    problems = check_rubric(rubric, index)
    if problems:
        raise ConfigError(problems)
    return rubric
