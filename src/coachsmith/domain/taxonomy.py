"""Taxonomy (topics, styles, difficulty, human flaws), persona spec and curriculum models."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coachsmith._yaml import Located
from coachsmith.errors import Problem

_TOLERANCE = 1e-9
_NAME = r"^[a-z0-9_]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Topic(_Strict):
    name: str = Field(pattern=_NAME)
    weight: float = Field(ge=0.0, le=1.0)
    description: str = ""
    subtopics: list[str] = Field(default_factory=list)


class Weighted(_Strict):
    """A named choice with a sampling weight (styles, difficulty levels)."""

    name: str = Field(pattern=_NAME)
    weight: float = Field(ge=0.0, le=1.0)
    description: str = ""
    length_scale: float = Field(
        1.0, gt=0.0, le=10.0, description="Styles: multiplies the persona's message length "
        "(e.g. 0.2 for a terse style); ignored for difficulty levels.")


class FlawPattern(_Strict):
    name: str = Field(pattern=_NAME)
    description: str = Field(min_length=1)
    example: str = ""
    needs_history: bool = Field(
        False, description="Only possible once there is earlier conversation to contradict, "
        "forget or misremember; the simulator never plants it in a first message.")


class FlawCategory(_Strict):
    name: str = Field(pattern=_NAME)
    probability: float = Field(
        ge=0.0, le=1.0, description="Chance a persona carries at least one pattern of this kind."
    )
    patterns: list[FlawPattern] = Field(min_length=1)


class Flaws(_Strict):
    per_message_probability: float = Field(
        ge=0.0, le=1.0, description="Chance a flaw the persona carries shows in one message."
    )
    categories: list[FlawCategory] = Field(min_length=1)


class Taxonomy(_Strict):
    topics: list[Topic] = Field(min_length=1)
    styles: list[Weighted] = Field(min_length=1)
    difficulty: list[Weighted] = Field(min_length=1)
    flaws: Flaws

    def topic(self, name: str) -> Topic | None:
        return next((t for t in self.topics if t.name == name), None)


def check_taxonomy(taxonomy: Taxonomy, index: Located) -> list[Problem]:
    """Weights sum to 1 in each weighted list; names are unique."""
    problems: list[Problem] = []
    for key in ("topics", "styles", "difficulty"):
        items: list[Topic] | list[Weighted] = getattr(taxonomy, key)
        total = math.fsum(item.weight for item in items)
        if abs(total - 1.0) > _TOLERANCE:
            problems.append(index.problem((key,), f"weights must sum to 1, got {total:.6g}"))
        problems += _unique([item.name for item in items], key, index)
    problems += _unique([c.name for c in taxonomy.flaws.categories], "flaws.categories", index)
    return problems


def _unique(names: list[str], key: str, index: Located) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, name in enumerate(names):
        if name in seen:
            problems.append(index.problem((*key.split("."), i, "name"), f"duplicate name {name!r}"))
        seen.add(name)
    return problems


class IntRange(_Strict):
    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> IntRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class Attribute(_Strict):
    """A persona attribute: pick one of ``choices`` or an integer in ``range``."""

    choices: list[str] | None = None
    range: tuple[int, int] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Attribute:
        if (self.choices is None) == (self.range is None):
            raise ValueError("give exactly one of 'choices' or 'range'")
        if self.choices is not None and not self.choices:
            raise ValueError("'choices' is empty")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"range {list(self.range)} runs backwards")
        return self


class PersonaSpec(_Strict):
    topics_per_persona: IntRange
    topics_per_message: IntRange
    flaws_per_persona: IntRange
    words_per_message: IntRange
    attributes: dict[str, Attribute] = Field(default_factory=dict)


class StageSelect(_Strict):
    topics: list[str] = Field(default_factory=list, description="Topic names; [] means all.")
    difficulty: list[str] = Field(default_factory=list, description="[] means all.")
    edge_cases: bool | None = Field(
        None, description="True: only edge-case data; False: none; None: either."
    )


class StageGate(_Strict):
    min_pass_rate: float = Field(0.0, ge=0.0, le=1.0)
    min_mean_score: float = Field(0.0, ge=0.0, le=1.0)
    max_safety_failures: int = Field(0, ge=0)


class Stage(_Strict):
    name: str = Field(pattern=_NAME)
    share: float = Field(gt=0.0, le=1.0, description="Share of the training data.")
    description: str = ""
    select: StageSelect = Field(default_factory=StageSelect)
    gate: StageGate = Field(default_factory=StageGate)


class Curriculum(_Strict):
    stages: list[Stage] = Field(min_length=1)
    order: Literal["sequential"] = "sequential"


def check_curriculum(curriculum: Curriculum, taxonomy: Taxonomy, index: Located) -> list[Problem]:
    """Shares sum to 1; selected topics and difficulty levels exist in the taxonomy."""
    problems: list[Problem] = []
    total = math.fsum(s.share for s in curriculum.stages)
    if abs(total - 1.0) > _TOLERANCE:
        problems.append(index.problem(("stages",), f"shares must sum to 1, got {total:.6g}"))
    problems += _unique([s.name for s in curriculum.stages], "stages", index)
    topics = {t.name for t in taxonomy.topics}
    levels = {d.name for d in taxonomy.difficulty}
    for i, stage in enumerate(curriculum.stages):
        for j, name in enumerate(stage.select.topics):
            if name not in topics:
                problems.append(index.problem(("stages", i, "select", "topics", j),
                                              f"unknown topic {name!r} (taxonomy.yaml has "
                                              f"{', '.join(sorted(topics))})"))
        for j, name in enumerate(stage.select.difficulty):
            if name not in levels:
                problems.append(index.problem(("stages", i, "select", "difficulty", j),
                                              f"unknown difficulty {name!r}"))
    return problems
