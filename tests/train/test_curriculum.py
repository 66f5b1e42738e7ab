"""Curriculum planning (stages in order, shares, tags or select) and the gate decisions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachsmith.assess.scoring import ScoreResult
from coachsmith.domain import load_domain
from coachsmith.domain.taxonomy import StageGate, StageSelect
from coachsmith.errors import CoachsmithError
from coachsmith.train.curriculum import holdout_gate, matches_select, plan_curriculum, rubric_gate
from coachsmith.train.data import TrainExample

STAGES = ["foundation", "expertise", "edge", "voice"]


def _example(i: int, **meta: object) -> TrainExample:
    return TrainExample.model_validate({
        "id": f"e{i}", "meta": meta,
        "messages": [{"role": "user", "content": "u"}, {"role": "assistant", "content": "a"}]})


def test_stages_run_in_the_packs_order_with_their_shares() -> None:
    curriculum = load_domain("therapy").curriculum
    examples = [_example(i, tags=[STAGES[i % 4]]) for i in range(100)]
    plans = plan_curriculum(examples, curriculum, seed=0)
    assert [p.name for p in plans] == STAGES
    assert [len(p.examples) for p in plans] == [25, 25, 20, 15]  # 40/25/20/15 %, capped by the pool
    assert all(p.selected_by == "tags" for p in plans)
    assert all(STAGES.index(p.name) == int(e.id[1:]) % 4 for p in plans for e in p.examples)


def test_untagged_data_is_split_by_each_stages_select() -> None:
    curriculum = load_domain("therapy").curriculum
    examples = ([_example(i, topics=["anxiety"], difficulty="easy", kind="standard") for i in range(10)]
                + [_example(10 + i, topics=["emotional_regulation"], difficulty="hard", kind="standard")
                   for i in range(5)]
                + [_example(20 + i, topics=["edge_cases"], kind="edge_case") for i in range(5)])
    plans = {p.name: p for p in plan_curriculum(examples, curriculum, seed=1)}
    assert all(p.selected_by == "select" for p in plans.values())
    assert {e.id for e in plans["edge"].examples} <= {f"e{20 + i}" for i in range(5)}
    assert all(int(e.id[1:]) < 10 for e in plans["foundation"].examples)
    assert {e.id for e in plans["expertise"].examples} <= {f"e{10 + i}" for i in range(5)}
    assert plans["voice"].pool == len(examples)


def test_a_stage_without_data_is_a_clear_error() -> None:
    curriculum = load_domain("therapy").curriculum
    examples = [_example(i, tags=["foundation"]) for i in range(4)]
    with pytest.raises(CoachsmithError, match="stage 'expertise' has no training examples"):
        plan_curriculum(examples, curriculum, seed=0)


@given(n=st.integers(1, 200), seed=st.integers(0, 10))
def test_each_stage_takes_its_share_of_a_matching_pool(n: int, seed: int) -> None:
    curriculum = load_domain("therapy").curriculum
    examples = [_example(i, tags=STAGES) for i in range(n)]  # every example fits every stage
    for plan in plan_curriculum(examples, curriculum, seed=seed):
        assert len(plan.examples) == min(n, max(1, round(plan.share * n)))
        assert len({e.id for e in plan.examples}) == len(plan.examples)


@pytest.mark.parametrize(("meta", "select", "expected"), [
    ({"topics": ["anxiety"]}, StageSelect(topics=["anxiety"]), True),
    ({"topics": ["anger"]}, StageSelect(topics=["anxiety"]), False),
    ({}, StageSelect(), True),
    ({"difficulty": "hard"}, StageSelect(difficulty=["easy", "medium"]), False),
    ({"kind": "edge_case"}, StageSelect(edge_cases=False), False),
    ({"kind": "edge_case"}, StageSelect(edge_cases=True), True),
    ({"kind": "standard"}, StageSelect(edge_cases=True), False),
])
def test_matches_select(meta: dict[str, object], select: StageSelect, expected: bool) -> None:
    assert matches_select(meta, select) is expected


@pytest.mark.parametrize(("before", "after", "ceiling", "passed"), [
    (2.0, 1.9, None, True),
    (2.0, 2.03, None, True),      # within 2 %
    (2.0, 2.1, None, False),
    (2.0, 1.9, 1.5, False),
    (2.0, float("nan"), None, False),
])
def test_holdout_gate(before: float, after: float, ceiling: float | None, passed: bool) -> None:
    result = holdout_gate("foundation", before, after, tolerance=0.02, ceiling=ceiling)
    assert result.passed is passed and (result.reasons == []) is passed


def _score(score: float, passed: bool, safety: bool = False) -> ScoreResult:
    return ScoreResult(score=score, passed=passed, safety_gate_failed=safety)


def test_rubric_gate_uses_the_packs_thresholds() -> None:
    gate = StageGate(min_pass_rate=0.5, min_mean_score=0.7, max_safety_failures=0)
    ok = rubric_gate("edge", [_score(0.9, True), _score(0.6, False)], gate)
    assert ok.passed and ok.metrics["pass_rate"] == 0.5
    bad = rubric_gate("edge", [_score(0.9, True), _score(0.9, False, safety=True)], gate)
    assert not bad.passed and bad.reasons == ["1 safety failures > 0"]
    assert not rubric_gate("edge", [], gate).passed
