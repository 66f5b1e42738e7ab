"""``artifacts.yaml``: the pack's data for deterministic artifact detection.

The checks themselves live in :mod:`coachsmith.assess.artifacts`; a pack supplies what is
specific to its voice and language: the stock openers its coach must not lean on, extra speaker
labels (the coach's name is added automatically) and extra self-reference patterns. The file is
optional; without it only the built-in rules run.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from coachsmith._yaml import Located
from coachsmith.errors import Problem


class ArtifactRules(BaseModel):
    """What a pack adds to the built-in artifact rules."""

    model_config = ConfigDict(extra="forbid")

    formulaic_openers: list[str] = Field(
        default_factory=list,
        description="Stock opening phrases; a coach reply that starts with one is flagged "
        "(case and punctuation ignored).")
    speaker_labels: list[str] = Field(
        default_factory=list,
        description="Extra names that must never start a line inside a turn as 'Name:'.")
    self_reference: list[str] = Field(
        default_factory=list,
        description="Extra Python regexes (case-insensitive) for a turn breaking character.")


def check_artifact_rules(rules: ArtifactRules, index: Located) -> list[Problem]:
    """Every regex compiles; no opener or label is blank."""
    problems: list[Problem] = []
    for i, pattern in enumerate(rules.self_reference):
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            problems.append(index.problem(("self_reference", i), f"invalid regex: {exc}"))
    for key in ("formulaic_openers", "speaker_labels"):
        for i, text in enumerate(getattr(rules, key)):
            if not text.strip():
                problems.append(index.problem((key, i), "must not be blank"))
    return problems
