"""Statistical primitives against scipy/statsmodels and hand computations on fixed vectors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sp
from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar

from coachsmith.evaluate.stats import (
    bootstrap_ci,
    clustered_se,
    effect_size_dz,
    mcnemar,
    paired_t,
    wilcoxon,
)

BASE = [0.55, 0.62, 0.48, 0.71, 0.66, 0.59, 0.52, 0.68, 0.61, 0.57]
TUNED = [0.70, 0.74, 0.61, 0.80, 0.77, 0.73, 0.60, 0.79, 0.72, 0.69]


def test_paired_t_matches_scipy_ttest_rel() -> None:
    ours = paired_t(np.subtract(TUNED, BASE).tolist())
    ref = sp.ttest_rel(TUNED, BASE)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-12)


def test_wilcoxon_matches_scipy_including_ties_and_zeros() -> None:
    d = [0.1, 0.1, 0.2, -0.1, 0.0, 0.3, 0.2, 0.1]  # ties and one zero
    ours = wilcoxon(d)
    ref = sp.wilcoxon(d, zero_method="wilcox")
    assert ours.statistic == pytest.approx(ref.statistic)
    assert ours.p_value == pytest.approx(ref.pvalue)
    assert "1 zero difference" in ours.note


def test_mcnemar_matches_statsmodels_exact() -> None:
    ref = [True, True, False, False, True, False, False, False, True, False]
    cand = [True, True, True, True, False, True, True, False, True, True]
    ours = mcnemar(ref, cand)
    assert (ours.both_pass, ours.reference_only, ours.candidate_only, ours.neither) == (3, 1, 5, 1)
    expected = sm_mcnemar([[3, 1], [5, 1]], exact=True)
    assert ours.test.p_value == pytest.approx(expected.pvalue)
    # exact binomial by hand: P(X <= 1 | n=6, p=.5) * 2
    assert ours.test.p_value == pytest.approx(2 * (1 + 6) / 64)


def test_clustered_se_matches_miller_formula_with_small_sample_correction() -> None:
    d = [0.1, 0.2, 0.15, 0.3, 0.35, 0.4, -0.1, 0.0, 0.05]
    g = ["a"] * 3 + ["b"] * 3 + ["c"] * 3
    result = clustered_se(d, g)
    arr = np.array(d)
    resid = arr - arr.mean()
    sums = [resid[i:i + 3].sum() for i in (0, 3, 6)]
    n, groups = 9, 3
    # Miller (2024): SE² = Σ_c (Σ_i e_ic)² / n²; statsmodels multiplies by G/(G-1)·(n-1)/(n-k)
    raw = math.sqrt(sum(s * s for s in sums)) / n
    corrected = raw * math.sqrt(groups / (groups - 1) * (n - 1) / (n - 1))
    assert result.clustered_se == pytest.approx(corrected)
    assert result.naive_se == pytest.approx(arr.std(ddof=1) / 3)
    t = sp.t.ppf(0.975, groups - 1)
    assert result.ci.low == pytest.approx(arr.mean() - t * corrected)
    assert result.design_effect == pytest.approx((corrected / result.naive_se) ** 2)


def test_bootstrap_is_seeded() -> None:
    d = np.subtract(TUNED, BASE).tolist()
    a = bootstrap_ci(d, seed=3, n_resamples=2000)
    b = bootstrap_ci(d, seed=3, n_resamples=2000)
    c = bootstrap_ci(d, seed=4, n_resamples=2000)
    assert (a.low, a.high) == (b.low, b.high)
    assert (a.low, a.high) != (c.low, c.high)
    assert a.low is not None and a.high is not None
    assert a.low < float(np.mean(d)) < a.high


def test_effect_size_undefined_cases() -> None:
    assert effect_size_dz([0.1]) is None
    assert effect_size_dz([0.1, 0.1]) is None
    assert effect_size_dz([0.0, 0.2]) == pytest.approx(0.1 / np.std([0, 0.2], ddof=1))


