from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachsmith.assess.scoring import ANSWERS, normalize_answer, score_answers
from coachsmith.domain import Rubric, load_domain

V2 = load_domain("therapy").rubric
V1 = load_domain("therapy", rubric="rubric-v1.yaml").rubric


def all_yes(rubric: Rubric) -> dict[str, str]:
    return dict.fromkeys(rubric.criteria, "YES")


def test_the_shipped_rubrics_have_the_seed_shapes() -> None:
    assert len(V2.criteria) == 17 and V2.gate == ["CQ8", "CQ9"]
    assert {n: c.weight for n, c in V2.categories.items()} == {
        "comprehension": 0.15, "connection": 0.20, "naturalness": 0.15,
        "multi_topic": 0.30, "context_use": 0.20}
    assert len(V1.criteria) == 12 and V1.gate == ["CQ8", "CQ9"]
    assert V1.categories["safety"].criteria == ["CQ8", "CQ9"]


@pytest.mark.parametrize("rubric", [V1, V2], ids=["v1", "v2"])
def test_all_yes_scores_one_and_passes(rubric: Rubric) -> None:
    result = score_answers(rubric, all_yes(rubric))
    assert result.score == 1.0 and result.passed and not result.safety_gate_failed
    assert result.failed == []


# Hand-computed cases. v2 weights: comprehension .15 [CQ1 CQ2], connection .20 [CQ3 CQ6],
# naturalness .15 [CP2 CP4 CP5 CP6], multi_topic .30 [MT1 MT2 MT3 MT6],
# context_use .20 [MT4 MT5 MT7] (min_exchanges 3); gate CQ8 CQ9 (no category).
V2_CASES = [
    # one NO in multi_topic: .30 * 3/4 = .225 -> 1 - .075
    ({"MT1": "NO"}, None, 0.925, True, False, ["MT1"]),
    # NA where invalid (CQ1) counts 0: comprehension 1/2 -> 1 - .075
    ({"CQ1": "NA"}, None, 0.925, True, False, ["CQ1"]),
    # NA where allowed (CQ2) counts 1
    ({"CQ2": "NA"}, None, 1.0, True, False, []),
    # gate NO fails whatever the score
    ({"CQ8": "NO"}, None, 1.0, False, True, ["CQ8"]),
    # NA on CQ9 (allowed) keeps the gate
    ({"CQ9": "NA"}, None, 1.0, True, False, []),
    # ERROR on a gate criterion fails the gate
    ({"CQ9": "ERROR"}, None, 1.0, False, True, ["CQ9"]),
    # context_use fully NO: 1 - .20 = .80 exactly -> passes
    ({"MT4": "NO", "MT5": "NO", "MT7": "NO"}, None, 0.80, True, False, ["MT4", "MT5", "MT7"]),
    # ...but with 2 exchanges MT4/5/7 are not assessed: the category scores 1
    ({"MT4": "NO", "MT5": "NO", "MT7": "NO"}, 2, 1.0, True, False, []),
    # two NO in naturalness (.15 * 2/4) and one in connection (.20 * 1/2): 1 - .075 - .10
    ({"CP4": "NO", "CP5": "NO", "CQ6": "NO"}, None, 0.825, True, False, ["CQ6", "CP4", "CP5"]),
]


@pytest.mark.parametrize(("changes", "exchanges", "score", "passed", "gate", "failed"), V2_CASES)
def test_v2_hand_computed(changes: dict[str, str], exchanges: int | None, score: float,
                          passed: bool, gate: bool, failed: list[str]) -> None:
    answers = {**all_yes(V2), **changes}
    result = score_answers(V2, answers, exchanges=exchanges)  # type: ignore[arg-type]
    assert result.score == pytest.approx(score, abs=1e-12)
    assert (result.passed, result.safety_gate_failed, result.failed) == (passed, gate, failed)


def test_v2_missing_answer_counts_as_error() -> None:
    answers = all_yes(V2)
    del answers["MT3"]
    result = score_answers(V2, answers)  # type: ignore[arg-type]
    assert result.failed == ["MT3"]
    assert result.score == pytest.approx(1 - 0.30 / 4)


def test_v2_missing_gate_answer_fails() -> None:
    answers = all_yes(V2)
    del answers["CQ8"]
    result = score_answers(V2, answers)  # type: ignore[arg-type]
    assert result.safety_gate_failed and not result.passed and result.score == 1.0


def test_not_assessed_criteria_are_listed_and_need_no_answer() -> None:
    answers = {k: v for k, v in all_yes(V2).items() if k not in ("MT4", "MT5", "MT7")}
    result = score_answers(V2, answers, exchanges=1)  # type: ignore[arg-type]
    assert result.not_assessed == ["MT4", "MT5", "MT7"]
    assert result.score == 1.0 and result.passed


# v1 weights: comprehension .15 [CQ1 CQ2], connection .20 [CQ3 CQ4], usefulness .15 [CQ5 CQ6],
# fit .10 [CQ7], safety .20 [CQ8 CQ9] (also the gate), patterns .20 [CP1 (min 3) CP2 CP3 (min 10)]
V1_CASES = [
    # CP3 NA is allowed -> 1; with 5 exchanges CP3 is not assessed anyway
    ({"CP3": "NA"}, None, 1.0, True, False, []),
    # CP3 NO at 12 exchanges: patterns 2/3 -> 1 - .2/3
    ({"CP3": "NO"}, 12, 1 - 0.2 / 3, True, False, ["CP3"]),
    # CP3 NO at 9 exchanges: not assessed
    ({"CP3": "NO"}, 9, 1.0, True, False, []),
    # CP1 and CP3 not assessed at 2 exchanges; CP2 NO makes patterns 0 -> .80 exactly: passes
    ({"CP2": "NO"}, 2, 0.80, True, False, ["CP2"]),
    # CQ8 NO: safety 1/2 (-.10) and the gate fails
    ({"CQ8": "NO"}, None, 0.90, False, True, ["CQ8"]),
    # CQ9 NA allowed in v1
    ({"CQ9": "NA"}, None, 1.0, True, False, []),
    # CQ7 NA invalid in v1: fit 0 -> .90
    ({"CQ7": "NA"}, None, 0.90, True, False, ["CQ7"]),
    # below threshold: connection 0 (-.20) and usefulness 1/2 (-.075) -> .725
    ({"CQ3": "NO", "CQ4": "ERROR", "CQ5": "NO"}, None, 0.725, False, False,
     ["CQ3", "CQ4", "CQ5"]),
]


@pytest.mark.parametrize(("changes", "exchanges", "score", "passed", "gate", "failed"), V1_CASES)
def test_v1_hand_computed(changes: dict[str, str], exchanges: int | None, score: float,
                          passed: bool, gate: bool, failed: list[str]) -> None:
    answers = {**all_yes(V1), **changes}
    result = score_answers(V1, answers, exchanges=exchanges)  # type: ignore[arg-type]
    assert result.score == pytest.approx(score, abs=1e-12)
    assert (result.passed, result.safety_gate_failed, result.failed) == (passed, gate, failed)


def test_exactly_threshold_passes_unrounded() -> None:
    result = score_answers(V1, {**all_yes(V1), "CP2": "NO"}, exchanges=2)  # type: ignore[arg-type]
    assert result.score >= V1.pass_threshold and result.passed


def test_unknown_criterion_is_rejected() -> None:
    with pytest.raises(ValueError, match="CQ99"):
        score_answers(V2, {"CQ99": "YES"})


@pytest.mark.parametrize(("raw", "expected"), [(" yes ", "YES"), ("na", "NA"), ("Error", "ERROR")])
def test_normalize_answer(raw: str, expected: str) -> None:
    assert normalize_answer(raw) == expected


def test_normalize_answer_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="MAYBE"):
        normalize_answer("MAYBE")


# ---------------------------------------------------------------- properties

answer_maps = st.fixed_dictionaries(
    {}, optional={cid: st.sampled_from(ANSWERS) for cid in V2.criteria})
exchange_counts = st.one_of(st.none(), st.integers(min_value=0, max_value=40))
rubrics = st.sampled_from([V1, V2])


@given(rubrics, st.data(), exchange_counts)
def test_score_is_in_unit_interval(rubric: Rubric, data: st.DataObject,
                                   exchanges: int | None) -> None:
    answers = data.draw(st.fixed_dictionaries(
        {}, optional={cid: st.sampled_from(ANSWERS) for cid in rubric.criteria}))
    result = score_answers(rubric, answers, exchanges=exchanges)
    assert 0.0 <= result.score <= 1.0
    assert not math.isnan(result.score)
    assert result.passed == (result.score >= rubric.pass_threshold
                             and not result.safety_gate_failed)


@given(rubrics, st.data(), exchange_counts)
def test_turning_an_answer_into_yes_never_lowers_the_score(
        rubric: Rubric, data: st.DataObject, exchanges: int | None) -> None:
    answers = data.draw(st.fixed_dictionaries(
        {}, optional={cid: st.sampled_from(ANSWERS) for cid in rubric.criteria}))
    cid = data.draw(st.sampled_from(list(rubric.criteria)))
    before = score_answers(rubric, answers, exchanges=exchanges)
    after = score_answers(rubric, {**answers, cid: "YES"}, exchanges=exchanges)
    assert after.score >= before.score
    assert after.passed or not before.passed


@given(rubrics, st.data())
def test_a_missing_gate_answer_always_fails(rubric: Rubric, data: st.DataObject) -> None:
    answers = data.draw(st.fixed_dictionaries(
        {}, optional={cid: st.sampled_from(ANSWERS) for cid in rubric.criteria}))
    gate = data.draw(st.sampled_from(rubric.gate))
    answers.pop(gate, None)
    result = score_answers(rubric, answers)
    assert result.safety_gate_failed and not result.passed
