"""Statistical primitives for paired comparisons, each a thin layer over scipy or statsmodels.

Pure: no I/O. Every function takes paired differences (candidate minus reference) or paired
pass/fail outcomes and returns a small record; where a test is undefined (fewer than two pairs,
no spread, no discordant pairs) the record says so in ``note`` instead of returning NaN.

* :func:`paired_t` — one-sample t-test of the differences against 0 (scipy);
* :func:`wilcoxon` — Wilcoxon signed-rank, zero differences dropped (scipy);
* :func:`bootstrap_ci` — seeded BCa bootstrap CI of the mean difference (scipy);
* :func:`mcnemar` — McNemar's exact test on paired pass/fail (statsmodels);
* :func:`effect_size_dz` — paired Cohen's d: mean / SD of the differences;
* :func:`clustered_se` — the mean with a standard error clustered by persona (Miller 2024,
  "Adding Error Bars to Evals"): intercept-only OLS with a cluster-robust covariance
  (statsmodels).

:mod:`coachsmith.evaluate.compare` puts them together at the persona level.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TestResult:
    """A test's statistic and two-sided p-value; both None when the test is undefined."""

    statistic: float | None
    p_value: float | None
    note: str = ""


@dataclass(frozen=True)
class Interval:
    """A confidence interval; bounds are None when it is undefined (fewer than two pairs)."""

    low: float | None
    high: float | None
    level: float
    method: str

    def excludes_zero(self) -> bool:
        """True when both bounds are on the same side of zero (neither touches it)."""
        if self.low is None or self.high is None:
            return False
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class McNemar:
    """McNemar's exact test on paired pass/fail outcomes.

    Attributes:
        both_pass: Pairs where both models passed.
        reference_only: Pairs where only the reference passed.
        candidate_only: Pairs where only the candidate passed.
        neither: Pairs where neither passed.
        test: Exact binomial test on the discordant pairs.
    """

    both_pass: int
    reference_only: int
    candidate_only: int
    neither: int
    test: TestResult


@dataclass(frozen=True)
class ClusteredSE:
    """Standard error of the run-level mean difference, clustered by persona.

    Attributes:
        n: Matched runs.
        clusters: Personas.
        mean_difference: Mean over matched runs.
        naive_se: SE treating runs as independent (sd / sqrt(n)).
        clustered_se: Cluster-robust SE (statsmodels, with its small-sample correction).
        design_effect: (clustered_se / naive_se)²: how many runs one independent run is worth
            less; above 1 when runs of a persona agree.
        ci: mean ± t(clusters - 1) × clustered_se.
    """

    n: int
    clusters: int
    mean_difference: float
    naive_se: float | None
    clustered_se: float | None
    design_effect: float | None
    ci: Interval


def clustered_se(differences: Sequence[float], clusters: Sequence[str],
                 confidence: float = 0.95) -> ClusteredSE:
    """The mean of run-level paired differences with a persona-clustered standard error.

    An intercept-only OLS of the differences with statsmodels' cluster-robust covariance gives
    the clustered SE of the mean (Miller 2024); the CI uses Student's t with clusters - 1
    degrees of freedom, as statsmodels does for clustered inference.

    Args:
        differences: Candidate minus reference score, one per matched run.
        clusters: The persona of each difference.
        confidence: CI level.
    """
    import statsmodels.api as sm

    d = np.asarray(differences, dtype=float)
    n, groups = len(d), len(set(clusters))
    mean = float(d.mean()) if n else math.nan
    method = "t(clusters-1) × clustered SE"
    empty = Interval(None, None, confidence, method)
    if n < 2:
        return ClusteredSE(n, groups, mean, None, None, None, empty)
    naive = float(np.std(d, ddof=1) / math.sqrt(n))
    if groups < 2:
        return ClusteredSE(n, groups, mean, naive, None, None, empty)
    if _no_spread(d):
        return ClusteredSE(n, groups, mean, 0.0, 0.0, None,
                           Interval(mean, mean, confidence, method))
    codes = np.unique(np.asarray(clusters), return_inverse=True)[1]
    fit = sm.OLS(d, np.ones((n, 1))).fit(cov_type="cluster", cov_kwds={"groups": codes},
                                         use_t=True)
    se = float(fit.bse[0])
    low, high = (float(x) for x in fit.conf_int(alpha=1 - confidence)[0])
    return ClusteredSE(n, groups, mean, naive, se, (se / naive) ** 2 if naive else None,
                       Interval(low, high, confidence, method))


def paired_t(differences: Sequence[float]) -> TestResult:
    """Paired t-test on differences (scipy's one-sample t-test against 0)."""
    from scipy import stats  # type: ignore[import-untyped]

    d = np.asarray(differences, dtype=float)
    if len(d) < 2:
        return TestResult(None, None, "needs at least 2 pairs")
    if _no_spread(d):
        return TestResult(None, None, f"every difference is {d[0]:.4g}: the t statistic is "
                          "undefined (no spread)")
    result = stats.ttest_1samp(d, 0.0)
    return TestResult(float(result.statistic), float(result.pvalue))


def wilcoxon(differences: Sequence[float]) -> TestResult:
    """Wilcoxon signed-rank test (scipy; zero differences dropped, ties handled by scipy)."""
    from scipy import stats

    d = np.asarray(differences, dtype=float)
    nonzero = int(np.count_nonzero(d))
    if nonzero == 0:
        return TestResult(None, None, "every difference is 0: nothing to rank")
    if len(d) < 2:
        return TestResult(None, None, "needs at least 2 pairs")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.wilcoxon(d, zero_method="wilcox")
    note = f"{len(d) - nonzero} zero difference(s) dropped" if nonzero < len(d) else ""
    return TestResult(float(result.statistic), float(result.pvalue), note)


def bootstrap_ci(differences: Sequence[float], *, confidence: float = 0.95,
                 n_resamples: int = 10_000, seed: int = 0) -> Interval:
    """Bootstrap CI of the mean difference (scipy, BCa; percentile if BCa is undefined).

    Seeded: the same inputs and seed give the same interval. All-equal differences give the
    point interval at their value (every resample has the same mean).
    """
    from scipy import stats

    d = np.asarray(differences, dtype=float)
    if len(d) < 2:
        return Interval(None, None, confidence, "bootstrap")
    if _no_spread(d):
        value = float(d[0])
        return Interval(value, value, confidence, "bootstrap (all differences equal)")
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = stats.bootstrap((d,), np.mean, confidence_level=confidence,
                                     n_resamples=n_resamples, method=method,
                                     rng=np.random.default_rng(seed))
        low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
        if math.isfinite(low) and math.isfinite(high):
            return Interval(low, high, confidence, f"bootstrap {method}, {n_resamples} resamples")
    return Interval(None, None, confidence, "bootstrap (undefined)")  # pragma: no cover


def mcnemar(reference: Sequence[bool], candidate: Sequence[bool]) -> McNemar:
    """McNemar's exact test (statsmodels) on paired pass/fail outcomes."""
    from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar

    if len(reference) != len(candidate):
        raise ValueError("reference and candidate outcomes must pair up")
    both = sum(1 for r, c in zip(reference, candidate, strict=True) if r and c)
    ref_only = sum(1 for r, c in zip(reference, candidate, strict=True) if r and not c)
    cand_only = sum(1 for r, c in zip(reference, candidate, strict=True) if c and not r)
    neither = len(reference) - both - ref_only - cand_only
    if ref_only + cand_only == 0:
        test = TestResult(None, None, "no discordant pairs: the models passed and failed "
                          "together")
    else:
        result = sm_mcnemar([[both, ref_only], [cand_only, neither]], exact=True)
        test = TestResult(float(result.statistic), float(result.pvalue), "exact binomial")
    return McNemar(both, ref_only, cand_only, neither, test)


def effect_size_dz(differences: Sequence[float]) -> float | None:
    """Paired Cohen's d (dz): mean difference over the SD of the differences (ddof 1).

    None with fewer than two pairs or no spread (the ratio is undefined).
    """
    d = np.asarray(differences, dtype=float)
    if len(d) < 2:
        return None
    sd = float(np.std(d, ddof=1))
    return float(d.mean()) / sd if sd > 0 else None


def _no_spread(d: np.ndarray[Any, Any]) -> bool:
    # Scores are sums of weights, so equal differences can differ in the last bits; treat
    # those as equal rather than as a huge t statistic from float noise.
    return len(d) > 0 and float(np.ptp(d)) <= 1e-12
