"""Persona-level paired comparison and the decision: known cases and hypothesis properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sp

from coachsmith.evaluate.compare import ScoreRow, compare_all, compare_models

BASE = [0.55, 0.62, 0.48, 0.71, 0.66, 0.59, 0.52, 0.68, 0.61, 0.57]
TUNED = [0.70, 0.74, 0.61, 0.80, 0.77, 0.73, 0.60, 0.79, 0.72, 0.69]
NULL_D = [0.05, -0.05, 0.02, -0.02, 0.08, -0.08, 0.01, -0.01, 0.03, -0.03]
scores = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=2, max_size=12)


def rows_for(model: str, scores: list[float], *, runs: int = 1, jitter: float = 0.0,
             gate: list[bool] | None = None, threshold: float = 0.65) -> list[ScoreRow]:
    out = []
    for i, s in enumerate(scores):
        for k in range(runs):
            value = s + jitter * (k - (runs - 1) / 2)
            out.append(ScoreRow(model, f"p{i:02d}", k, value, value >= threshold,
                                None if gate is None else gate[i]))
    return out


def test_known_significant_difference() -> None:
    c = compare_models(rows_for("base", BASE) + rows_for("tuned", TUNED),
                       reference="base", candidate="tuned")
    p = c.persona_level
    assert p.n == 10
    assert p.mean_difference == pytest.approx(np.mean(np.subtract(TUNED, BASE)))
    assert p.t_test.p_value is not None and p.t_test.p_value < 0.001
    assert p.ci.low is not None and p.ci.low > 0
    assert p.effect_size_dz == pytest.approx(
        np.mean(np.subtract(TUNED, BASE)) / np.std(np.subtract(TUNED, BASE), ddof=1))
    assert c.decision.verdict == "better" and c.decision.better
    assert c.decision.line.startswith("tuned is better than base: the 95 % CI")


def test_known_null_difference() -> None:
    tuned = np.add(BASE, NULL_D).tolist()
    c = compare_models(rows_for("base", BASE) + rows_for("tuned", tuned),
                       reference="base", candidate="tuned")
    assert c.persona_level.mean_difference == pytest.approx(0.0, abs=1e-12)
    assert c.persona_level.t_test.p_value is not None and c.persona_level.t_test.p_value > 0.9
    assert c.persona_level.wilcoxon.p_value is not None and c.persona_level.wilcoxon.p_value > 0.5
    assert not c.persona_level.ci.excludes_zero()
    assert c.decision.verdict == "not_better"
    assert "includes zero" in c.decision.line


def test_all_equal_pairs_are_no_difference_and_not_significant() -> None:
    c = compare_models(rows_for("base", BASE) + rows_for("tuned", BASE),
                       reference="base", candidate="tuned")
    p = c.persona_level
    assert p.mean_difference == 0
    assert p.t_test.p_value is None and "undefined" in p.t_test.note
    assert p.wilcoxon.p_value is None
    assert (p.ci.low, p.ci.high) == (0.0, 0.0)
    assert p.effect_size_dz is None
    assert p.mcnemar.test.p_value is None
    assert c.decision.verdict == "not_better"


def test_constant_nonzero_difference_is_better_with_point_interval() -> None:
    tuned = [s + 0.1 for s in BASE]
    c = compare_models(rows_for("base", BASE) + rows_for("tuned", tuned),
                       reference="base", candidate="tuned")
    assert c.persona_level.ci.low == pytest.approx(0.1)
    assert c.persona_level.t_test.p_value is None
    assert c.decision.verdict == "better"


def test_one_persona_is_inconclusive() -> None:
    c = compare_models(rows_for("base", [0.5], runs=3, jitter=0.05)
                       + rows_for("tuned", [0.9], runs=3, jitter=0.05),
                       reference="base", candidate="tuned")
    assert c.persona_level.n == 1
    assert c.persona_level.t_test.p_value is None
    assert c.persona_level.ci.low is None
    assert c.decision.verdict == "inconclusive" and not c.decision.better
    assert "at least 2 paired personas (got 1)" in c.decision.line
    assert c.clustered.clustered_se is None  # one cluster: no clustered SE


def test_runs_are_averaged_per_persona_first() -> None:
    base = rows_for("base", BASE, runs=3, jitter=0.02)
    tuned = rows_for("tuned", TUNED, runs=3, jitter=0.02)
    c = compare_models(base + tuned, reference="base", candidate="tuned")
    assert c.persona_level.n == 10
    assert c.run_level.n == 30
    assert [p.reference for p in c.pairs] == pytest.approx(BASE)
    # the persona-level t-test equals scipy's on the persona means
    ref = sp.ttest_rel(TUNED, BASE)
    assert c.persona_level.t_test.p_value == pytest.approx(ref.pvalue)


def test_gate_failures_rising_blocks_better_even_with_a_positive_ci() -> None:
    gate_base = [False] * 10
    gate_tuned = [True, True] + [False] * 8
    c = compare_models(rows_for("base", BASE, gate=gate_base)
                       + rows_for("tuned", TUNED, gate=gate_tuned),
                       reference="base", candidate="tuned")
    assert c.persona_level.ci.low is not None and c.persona_level.ci.low > 0
    assert c.gates.rose and c.gates.candidate_rate == pytest.approx(0.2)
    assert c.decision.verdict == "not_better"
    assert c.decision.line == ("tuned is not shown to be better than base: gate failures rose "
                               "(0/10 under base, 2/10 under tuned).")


def test_unknown_gates_decide_on_the_ci_alone_and_say_so() -> None:
    c = compare_models(rows_for("base", BASE) + rows_for("tuned", TUNED),
                       reference="base", candidate="tuned")
    assert not c.gates.known
    assert "gate failures were not reported" in c.decision.line


def test_compare_all_uses_the_named_reference_for_every_model() -> None:
    rows = (rows_for("base", BASE) + rows_for("tuned", TUNED)
            + rows_for("frontier", [s + 0.2 for s in BASE]))
    comps = compare_all(rows, reference="base", n_resamples=500)
    assert [(c.reference, c.candidate) for c in comps] == [("base", "tuned"), ("base", "frontier")]
    with pytest.raises(ValueError, match="reference model 'nope' has no rows"):
        compare_all(rows, reference="nope")


def test_unpaired_personas_are_left_out_and_listed() -> None:
    rows = rows_for("base", BASE) + rows_for("tuned", TUNED[:8])
    c = compare_models(rows, reference="base", candidate="tuned", n_resamples=500)
    assert c.persona_level.n == 8
    assert c.unpaired_personas == ("p08", "p09")


def test_duplicate_rows_are_rejected() -> None:
    rows = rows_for("base", BASE) + rows_for("base", BASE[:1]) + rows_for("tuned", TUNED)
    with pytest.raises(ValueError, match="appears twice"):
        compare_models(rows, reference="base", candidate="tuned")


@settings(max_examples=40, deadline=None)
@given(base=scores, shift=st.lists(st.floats(-0.3, 0.3, allow_nan=False), min_size=12,
                                   max_size=12))
def test_swapping_models_flips_the_sign(base: list[float], shift: list[float]) -> None:
    tuned = [min(1.0, max(0.0, b + s)) for b, s in zip(base, shift, strict=False)]
    rows = rows_for("a", base) + rows_for("b", tuned)
    ab = compare_models(rows, reference="a", candidate="b", n_resamples=300)
    ba = compare_models(rows, reference="b", candidate="a", n_resamples=300)
    assert ab.persona_level.mean_difference == pytest.approx(-ba.persona_level.mean_difference)
    if ab.persona_level.t_test.statistic is not None:
        assert ab.persona_level.t_test.statistic == pytest.approx(
            -(ba.persona_level.t_test.statistic or 0.0))
        assert ab.persona_level.t_test.p_value == pytest.approx(ba.persona_level.t_test.p_value)
    assert ab.persona_level.wilcoxon.p_value == pytest.approx(ba.persona_level.wilcoxon.p_value)
    assert ab.persona_level.mcnemar.reference_only == ba.persona_level.mcnemar.candidate_only
    if ab.decision.verdict == "better":
        assert ba.decision.verdict == "worse"


@settings(max_examples=40, deadline=None)
@given(base=scores, runs=st.integers(1, 3))
def test_identical_models_are_never_significant(base: list[float], runs: int) -> None:
    rows = rows_for("a", base, runs=runs, jitter=0.01) + rows_for("b", base, runs=runs,
                                                                    jitter=0.01)
    c = compare_models(rows, reference="a", candidate="b", n_resamples=300)
    assert c.persona_level.mean_difference == 0
    assert c.persona_level.t_test.p_value is None
    assert not c.persona_level.ci.excludes_zero()
    assert not c.decision.better
    assert c.run_level.mcnemar.test.p_value is None

