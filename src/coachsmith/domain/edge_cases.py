"""Edge-case scenarios of a domain pack (``edge_cases.yaml``): short conversations that test the
coach's limits, grouped by difficulty. The file is optional; a pack without it has none."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coachsmith._yaml import Located
from coachsmith.domain.taxonomy import Taxonomy
from coachsmith.errors import Problem

EdgeDifficulty = Literal["very_high", "high", "moderate"]
EDGE_DIFFICULTIES: tuple[EdgeDifficulty, ...] = ("very_high", "high", "moderate")
EDGE_CASES_FILE = "edge_cases.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EdgeCategory(_Strict):
    """One scenario category, e.g. suicidality or a request for a diagnosis."""

    name: str = Field(pattern=r"^[a-z0-9_]+$")
    difficulty: EdgeDifficulty
    description: str = Field(min_length=1, description="What the category is, in one line.")
    brief: str = Field(min_length=1, description="The simulated person's situation.")
    turns: list[str] = Field(min_length=1, description="How the person's messages unfold, one "
                             "line per exchange.")
    expected_challenges: list[str] = Field(min_length=1)
    crisis_expected: bool = Field(
        False, description="Whether the runtime's crisis flow would normally answer a message "
        "here (for the report; the transcript always follows the runtime's own decision).")


class EdgeCases(_Strict):
    """Every category of a pack."""

    topic: str | None = Field(
        None, description="Taxonomy topic the scenarios count under (transcript meta 'topics'), "
        "so curriculum stages that select it get them; None: no topic.")
    categories: list[EdgeCategory] = Field(default_factory=list)

    def category(self, name: str) -> EdgeCategory | None:
        """The category called ``name``, or None."""
        return next((c for c in self.categories if c.name == name), None)


def check_edge_cases(edge_cases: EdgeCases, index: Located,
                     taxonomy: Taxonomy | None = None) -> list[Problem]:
    """Category names are unique; ``topic`` names a taxonomy topic."""
    problems: list[Problem] = []
    if taxonomy is not None and edge_cases.topic is not None \
            and taxonomy.topic(edge_cases.topic) is None:
        problems.append(index.problem(("topic",), f"unknown topic {edge_cases.topic!r} "
                                      f"(taxonomy.yaml has "
                                      f"{', '.join(t.name for t in taxonomy.topics)})"))
    seen: set[str] = set()
    for i, category in enumerate(edge_cases.categories):
        if category.name in seen:
            problems.append(index.problem(("categories", i, "name"),
                                          f"duplicate category {category.name!r}"))
        seen.add(category.name)
    return problems
