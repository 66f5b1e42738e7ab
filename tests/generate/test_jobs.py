"""Which transcripts a run makes: the length mix and the edge-case scenarios."""

from __future__ import annotations

from collections import Counter

import pytest

from coachsmith.config import GenerateConfig
from coachsmith.domain import Domain
from coachsmith.generate import edge_case_jobs, length_plan, sample_personas, transcript_jobs


@pytest.mark.parametrize(("count", "expected"), [
    (20, {"short": 4, "medium": 10, "long": 5, "very_long": 1}),
    (100, {"short": 20, "medium": 50, "long": 25, "very_long": 5}),
    (3, {"short": 1, "medium": 1, "long": 1}),
])
def test_default_mix_of_seed_002(count: int, expected: dict[str, int]) -> None:
    plan = length_plan(GenerateConfig(), count, seed=0)
    assert dict(Counter(b for b, _ in plan)) == expected
    targets = {"short": 20, "medium": 50, "long": 75, "very_long": 100}
    assert all(n == targets[b] for b, n in plan)
    assert plan == length_plan(GenerateConfig(), count, seed=0)


def test_transcript_jobs_use_personas_in_turn(domain: Domain) -> None:
    personas = sample_personas(domain, 3, seed=0)
    jobs = transcript_jobs(GenerateConfig(transcripts=7), personas, seed=0)
    assert [j.id for j in jobs] == [f"t-{i:04d}" for i in range(7)]
    assert [j.persona.id for j in jobs] == [personas[i % 3].id for i in range(7)]
    assert len({j.seed for j in jobs}) == 7


def test_edge_case_jobs_cover_25_categories_by_difficulty(domain: Domain) -> None:
    personas = sample_personas(domain, 4, seed=0)
    jobs = edge_case_jobs(GenerateConfig(), domain, personas, seed=0)
    assert len(jobs) == 25 and all(j.kind == "edge_case" and j.edge for j in jobs)
    by = {j.edge.name: j.edge.difficulty for j in jobs if j.edge}
    assert {n for n, d in by.items() if d == "very_high"} >= {
        "suicidality", "homicidal_ideation", "psychotic_episode", "child_abuse_disclosure",
        "severe_dissociation"}
    cfg = GenerateConfig.model_validate({"edge_cases": {"categories": ["nope"]}})
    with pytest.raises(ValueError, match="unknown nope"):
        edge_case_jobs(cfg, domain, personas, seed=0)
