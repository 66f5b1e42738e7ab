"""Power analysis from a pilot's variance, and the seed-002 pilot decision table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.power import TTestPower

from coachsmith.evaluate.compare import ScoreRow
from coachsmith.evaluate.plan import (
    pilot_decision,
    pilot_split,
    plan_sample_size,
    variance_split,
)


@pytest.mark.parametrize(("rate", "action"), [
    (1.0, "likely_sufficient"), (0.70, "likely_sufficient"), (0.6999, "fine_tune"),
    (0.50, "fine_tune"), (0.4999, "full_pipeline"), (0.0, "full_pipeline")])
def test_pilot_decision_table(rate: float, action: str) -> None:
    assert pilot_decision(rate).action == action


@pytest.mark.parametrize("rate", [-0.1, 1.01, math.nan])
def test_pilot_decision_rejects_rates_outside_0_1(rate: float) -> None:
    with pytest.raises(ValueError, match="pass rate must be in"):
        pilot_decision(rate)


@given(st.floats(0.0, 1.0))
def test_pilot_decision_is_monotone(rate: float) -> None:
    order = ["full_pipeline", "fine_tune", "likely_sufficient"]
    lower = pilot_decision(rate * 0.9).action
    assert order.index(lower) <= order.index(pilot_decision(rate).action)


def test_variance_split_recovers_known_components() -> None:
    # Balanced design: persona means differ by design, runs add known noise.
    groups = {"a": [0.1, 0.3], "b": [0.5, 0.7], "c": [0.9, 1.1]}
    split = variance_split(groups, source="x")
    # MS_within = mean within-group variance = 0.02; MS_between = 2 * var(means) = 2 * 0.16
    assert split.within == pytest.approx(0.02)
    assert split.between == pytest.approx((2 * 0.16 - 0.02) / 2)
    assert (split.personas, split.runs) == (3, 6)


def test_variance_split_with_one_run_each_has_no_within_part() -> None:
    split = variance_split({"a": [0.1], "b": [0.3], "c": [0.8]}, source="x")
    assert split.within is None
    assert split.between == pytest.approx(np.var([0.1, 0.3, 0.8], ddof=1))


def test_variance_split_needs_two_personas() -> None:
    with pytest.raises(ValueError, match="at least 2 personas"):
        variance_split({"a": [0.1, 0.2]}, source="x")


def test_plan_matches_statsmodels_for_one_run() -> None:
    split = variance_split({"a": [0.0], "b": [0.1], "c": [0.2], "d": [0.3]}, source="x")
    plan = plan_sample_size(split, difference=0.1, alpha=0.05, power=0.8)
    sd = math.sqrt(split.between)
    expected = math.ceil(TTestPower().solve_power(effect_size=0.1 / sd, alpha=0.05, power=0.8))
    assert [r.runs for r in plan.rows] == [1]
    assert plan.rows[0].personas == expected
    assert plan.recommended == plan.rows[0]
    assert any("cannot be traded" in n for n in plan.notes)


def test_more_runs_need_fewer_personas_but_more_conversations() -> None:
    groups = {f"p{i}": [0.05 * i + e for e in (-0.1, 0.0, 0.1)] for i in range(8)}
    plan = plan_sample_size(variance_split(groups, source="x"), difference=0.05, max_runs=4)
    personas = [r.personas for r in plan.rows]
    assert personas == sorted(personas, reverse=True)
    assert plan.rows[0].personas > plan.rows[-1].personas
    assert plan.recommended is not None and plan.recommended.runs == 1


def test_persona_cap_picks_the_cheapest_design_that_fits() -> None:
    groups = {f"p{i}": [0.01 * i + e for e in (-0.2, 0.0, 0.2)] for i in range(6)}
    plan = plan_sample_size(variance_split(groups, source="x"), difference=0.1, max_runs=5,
                            max_personas=12)
    assert plan.recommended is not None
    assert plan.recommended.personas <= 12
    assert all(r.personas > 12 for r in plan.rows if r.runs < plan.recommended.runs)


def test_current_design_power_and_detectable_difference() -> None:
    split = variance_split({f"p{i}": [0.02 * i, 0.02 * i + 0.05] for i in range(6)}, source="x")
    plan = plan_sample_size(split, difference=0.05, current_personas=12, current_runs=3)
    sd = math.sqrt(split.between + (split.within or 0) / 3)
    assert plan.current["power"] == pytest.approx(
        TTestPower().power(effect_size=0.05 / sd, nobs=12, alpha=0.05))
    detect = plan.current["detectable_difference"]
    assert isinstance(detect, float)
    assert TTestPower().power(effect_size=detect / sd, nobs=12, alpha=0.05) == pytest.approx(0.8)


def test_pilot_split_pairs_differences_or_assumes_a_correlation() -> None:
    rows = [ScoreRow("base", f"p{i}", k, 0.1 * i + 0.01 * k, False) for i in range(4)
            for k in range(2)]
    tuned = [ScoreRow("tuned", r.persona, r.run, r.score + 0.1 + 0.02 * r.run, True)
             for r in rows]
    paired = pilot_split(rows + tuned)
    assert "paired differences tuned - base" in paired.source
    assert paired.between == pytest.approx(0.0, abs=1e-12)  # differences do not vary by persona
    alone = pilot_split(rows, assumed_correlation=0.75)
    plain = variance_split({f"p{i}": [0.1 * i, 0.1 * i + 0.01] for i in range(4)}, source="x")
    assert alone.between == pytest.approx(plain.between * 0.5)
    with pytest.raises(ValueError, match="candidate model 'x' has no rows"):
        pilot_split(rows + tuned, candidate="x")


def test_plan_rejects_bad_settings() -> None:
    split = variance_split({"a": [0.1], "b": [0.2]}, source="x")
    with pytest.raises(ValueError, match="difference must be > 0"):
        plan_sample_size(split, difference=0)
    with pytest.raises(ValueError, match="alpha and power"):
        plan_sample_size(split, difference=0.1, power=1.0)
