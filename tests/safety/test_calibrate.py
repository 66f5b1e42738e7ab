"""Choosing the thresholds: exact outcomes on small tables, and properties of the curve."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachsmith.safety.calibrate import (
    Curve,
    CurvePoint,
    choose_operating_point,
    operating_curve,
    point_cost,
    threshold_grid,
)

# five messages: two high (one self-harm caught by a phrase), three not high
P_HIGH = [0.9, 0.3, 0.6, 0.2, 0.05]
PHRASE = [False, True, False, False, False]
LABELS = [(True, ("suicidal_ideation",), ""), (True, ("self_harm",), ""),
          (False, (), "support_opener"), (False, (), "safe_violent_words"), (False, (), "")]


def point(curve: Curve, check: float, crisis: float) -> CurvePoint:
    return next(p for p in curve.points if (p.check, p.crisis) == (check, crisis))


def test_outcomes_at_one_pair_of_thresholds() -> None:
    curve = operating_curve(P_HIGH, PHRASE, LABELS, grid=[0.1, 0.5, 0.95])
    p = point(curve, 0.5, 0.95)
    assert p.recall == {"self_harm": 1.0, "suicidal_ideation": 1.0} and p.high_recall == 1.0
    assert p.check_rate == pytest.approx(1 / 3, abs=1e-3)  # the 0.6 opener
    assert p.full_rate == 0.0                          # nothing not-high reaches 0.95
    assert p.slow_high == 0.5                          # the 0.9 message gets the check first
    assert p.kinds == {"support_opener": 1.0, "safe_violent_words": 0.0}
    low = point(curve, 0.95, 0.95)
    assert low.recall == {"self_harm": 1.0, "suicidal_ideation": 0.0} and low.check_rate == 0.0
    assert (n := (curve.n_high, curve.n_not_high)) == (2, 3), n
    assert all(q.check <= q.crisis for q in curve.points)


def test_cost_counts_misses_checks_and_full_alarms() -> None:
    curve = operating_curve(P_HIGH, PHRASE, LABELS, grid=[0.1, 0.5, 0.95])
    costs = {"miss": 100.0, "check": 1.0, "full_alarm": 5.0, "slow_high": 1.0}
    # check 0.1, crisis 0.5: no miss; openers 0.6 and 0.2 rated high, 0.6 also full (5 + 1);
    # the 0.9 message is sure, the phrase one too
    assert point_cost(point(curve, 0.1, 0.5), curve, costs) == pytest.approx(5 + 1, abs=1e-2)
    # check 0.95: the 0.9 message is missed
    assert point_cost(point(curve, 0.95, 0.95), curve, costs) == pytest.approx(100, abs=1e-2)


def test_a_prevalence_weighs_rates_per_message_of_traffic() -> None:
    curve = operating_curve(P_HIGH, PHRASE, LABELS, grid=[0.1, 0.5, 0.95])
    costs = {"miss": 100.0, "check": 1.0, "full_alarm": 5.0, "slow_high": 1.0}
    # one high in ten messages: half the highs missed is 0.1 * 0.5 * 100 per message ...
    assert point_cost(point(curve, 0.95, 0.95), curve, costs, 0.1) == pytest.approx(5)
    # ... and a third of the others checked and a third sent the full message, 0.9 * (1 + 5) / 3
    assert point_cost(point(curve, 0.1, 0.5), curve, costs, 0.1) == pytest.approx(1.8, abs=1e-3)
    with pytest.raises(ValueError, match="prevalence"):
        choose_operating_point(curve, costs, prevalence=1.0)


def test_the_chosen_point_keeps_the_recall_floor_at_the_lowest_cost() -> None:
    curve = operating_curve(P_HIGH, PHRASE, LABELS, grid=[0.1, 0.5, 0.95])
    chosen = choose_operating_point(curve, {"miss": 100.0, "check": 1.0, "full_alarm": 5.0,
                                            "slow_high": 1.0})
    assert chosen.min_recall == 1.0
    assert (chosen.check, chosen.crisis) == (0.5, 0.95) and chosen.cost == pytest.approx(2, abs=1e-2)
    # with misses nearly free, the cheapest point gives up recall unless the floor holds it
    cheap = {"miss": 0.01, "check": 1.0, "full_alarm": 5.0}
    assert choose_operating_point(curve, cheap, recall_floor=0.0).check == 0.95
    assert choose_operating_point(curve, cheap, recall_floor=1.0).min_recall == 1.0


def test_an_empty_curve_is_an_error() -> None:
    with pytest.raises(ValueError, match="no points"):
        choose_operating_point(Curve([], 0, 0), {"miss": 1.0})


def test_grid_is_sorted_unique_and_inside_the_unit_interval() -> None:
    grid = threshold_grid([0.0, 0.2, 0.2, 1.0])
    assert grid == sorted(set(grid)) and grid[0] > 0.0 and grid[-1] <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.booleans(), st.booleans()), min_size=2,
                max_size=30))
def test_raising_the_check_threshold_never_raises_recall_or_alarms(
        rows: list[tuple[float, bool, bool]]) -> None:
    p = [r[0] for r in rows]
    phrase = [r[1] and r[2] for r in rows]  # phrase rules fire on some high messages
    labels = [(r[2], ("crisis",) if r[2] else (), "") for r in rows]
    curve = operating_curve(p, phrase, labels, grid=[0.2, 0.5, 0.8])
    line = [point(curve, t, 0.8) for t in (0.2, 0.5, 0.8)]
    for a, b in itertools.pairwise(line):
        assert b.high_recall <= a.high_recall and b.check_rate <= a.check_rate
    assert all(q.full_rate <= q.check_rate + 1e-9 for q in curve.points)
    assert np.isclose(line[0].full_rate, line[-1].full_rate)  # the crisis threshold is fixed
