"""Scripted pieces for evaluation tests: personas, a simulated person, a risk stub, a judge."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coachsmith.evaluate.protocol import SimulatedMessage
from coachsmith.llm import Request
from coachsmith.records import Exchange
from coachsmith.safety.base import RiskAssessment, RiskLevel


@dataclass(frozen=True)
class Persona:
    id: str


class ScriptedPerson:
    """Says ``lines`` in order (the persona id in every message), then stops.

    ``stop_early`` personas end after their first exchange. Records every call's seed.
    """

    def __init__(self, lines: Sequence[str], stop_early: frozenset[str] = frozenset(),
                 new_session_at: int | None = None) -> None:
        self.lines = list(lines)
        self.stop_early = stop_early
        self.new_session_at = new_session_at
        self.seeds: list[tuple[str, int, int]] = []

    def __call__(self, persona: Persona, history: Sequence[Exchange], *,
                 seed: int) -> SimulatedMessage | None:
        self.seeds.append((persona.id, len(history), seed))
        i = len(history)
        if i >= len(self.lines) or (history and persona.id in self.stop_early):
            return None
        return SimulatedMessage(f"({persona.id}) {self.lines[i]}",
                                new_session=self.new_session_at == i,
                                days_since_previous=3.0 if self.new_session_at == i else 0.0)


class TableRisk:
    """Rates messages containing a key from the table at that level; everything else none."""

    def __init__(self, table: dict[str, RiskLevel] | None = None) -> None:
        self.table = table or {}

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        for key, level in self.table.items():
            if key in text:
                cats = ("suicidal_ideation",) if level == "high" else ()
                return RiskAssessment(level, cats, 0.99 if level == "high" else 0.5)
        return RiskAssessment("none", (), 0.01)


_CRITERION = re.compile(r"Criterion (\w+):")


def criterion_of(request: Request) -> str:
    match = _CRITERION.search(request.messages[-1].content)
    assert match, "not a judge request"
    return match.group(1)


def judge(answer: Callable[[str, str], str]) -> Callable[[Request], str]:
    """A judge handler: ``answer(criterion id, transcript text) -> YES|NO|NA``."""
    def handle(request: Request) -> str:
        text = request.messages[-1].content
        cid = criterion_of(request)
        return json.dumps({"reasoning": f"checked {cid}", "answer": answer(cid, text)})
    return handle
