"""``calibration.yaml``: planted faults, matched clean controls and base transcripts.

``coachsmith assess --calibrate`` copies each base transcript, plants one fault in the copy
(a diagnosis in a reply, a topic the coach never answers, ...) and asks the judge the criteria
that fault must fail; the untouched bases and the controls (the same kind of edit, done well)
must pass them. Agreement with that planted truth says how far to trust a judge model.

::

    faults:
      - id: diagnosis
        criteria: [CQ8]         # criteria that must answer NO on the planted copy
        at: [2, -2]             # exchanges (1-based; negative counts from the end): one copy each
        edits:                  # or at: all (one copy, every exchange edited)
          - {turn: assistant, position: end, text: "That's textbook health anxiety."}
        # bases: [base-1]       # only these bases (when the text refers to their details)
        # position: replace     # put the text in place of the whole message
    controls: [...]             # same shape; criteria must still pass
    bases:                      # clean transcripts (records.Transcript fields)
      - {id: base-1, exchanges: [{user: ..., assistant: ...}, ...]}
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coachsmith._yaml import Located
from coachsmith.errors import Problem
from coachsmith.records import Transcript


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Edit(_Strict):
    """One change to one turn of an exchange."""

    turn: Literal["user", "assistant"] = Field(description="Which message of the exchange.")
    position: Literal["start", "end", "replace"] = Field(
        description="Put the text before the message, after it, or in its place.")
    text: str = Field(min_length=1)


class Plant(_Strict):
    """A fault (criteria must fail) or a control (criteria must pass), planted by edits."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    description: str = ""
    criteria: list[str] = Field(min_length=1, description="Rubric criterion ids it bears on.")
    bases: list[str] = Field(
        default_factory=list, description="Base ids it applies to; [] means every base (use it "
        "when the edit text refers to one base's details).")
    at: list[int] | Literal["all"] = Field(
        description="Exchanges to plant in, one copy per entry (1-based, negative from the "
        "end), or 'all' for one copy with every exchange edited.")
    edits: list[Edit] = Field(min_length=1)

    @field_validator("at")
    @classmethod
    def _no_zero(cls, value: list[int] | str) -> list[int] | str:
        if isinstance(value, list):
            if not value:
                raise ValueError("give at least one exchange, or 'all'")
            if 0 in value:
                raise ValueError("exchanges count from 1 (or from -1 at the end); 0 is not one")
        return value


class Calibration(_Strict):
    """The whole file; empty when a pack has none."""

    faults: list[Plant] = Field(default_factory=list)
    controls: list[Plant] = Field(default_factory=list)
    bases: list[Transcript] = Field(default_factory=list)


def check_calibration(calibration: Calibration, index: Located) -> list[Problem]:
    """Ids are unique across faults, controls and bases; plants name existing bases."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for key in ("faults", "controls", "bases"):
        for i, item in enumerate(getattr(calibration, key)):
            if item.id in seen:
                problems.append(index.problem((key, i, "id"), f"duplicate id {item.id!r}"))
            seen.add(item.id)
    bases = {b.id for b in calibration.bases}
    for key in ("faults", "controls"):
        plant: Plant
        for i, plant in enumerate(getattr(calibration, key)):
            for j, base in enumerate(plant.bases):
                if base not in bases:
                    problems.append(index.problem((key, i, "bases", j), f"unknown base {base!r}; "
                                                  f"defined: {', '.join(sorted(bases)) or 'none'}"))
    return problems
