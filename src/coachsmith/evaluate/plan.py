"""How many personas and runs an evaluation needs (power analysis), and the pilot's decision.

Pure: no I/O. The power analysis starts from a pilot's scores:

* with two models, the run-level paired differences (candidate - reference);
* with one model (a base-only pilot), the scores themselves, and an assumed correlation ρ between
  two models' scores on the same persona: Var(difference) = 2 (1 - ρ) Var(score).

Their variance is split into a between-persona part σ²_b and a within-persona part σ²_w
(one-way random-effects ANOVA, method of moments, on statsmodels' ANOVA table). A persona mean
over K runs then has Var = σ²_b + σ²_w / K, and the number of personas a paired t-test needs to
detect ``difference`` at ``alpha`` with ``power`` is statsmodels' ``TTestPower.solve_power``
with effect size difference / sqrt(σ²_b + σ²_w / K). More runs per persona shrink only the
within part, so past a point extra runs buy nothing; more personas always help.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from coachsmith.evaluate.compare import ScoreRow, models_in

PilotAction = Literal["likely_sufficient", "fine_tune", "full_pipeline"]

#: The seed-002 decision table: base-model pass rate -> what to do next.
PILOT_TABLE: tuple[tuple[float, PilotAction, str], ...] = (
    (0.70, "likely_sufficient",
     "likely sufficient: review conversations qualitatively before spending on data"),
    (0.50, "fine_tune", "moderate improvement possible: fine-tuning should help"),
    (0.0, "full_pipeline", "significant improvement needed: run the full pipeline"),
)


@dataclass(frozen=True)
class PilotDecision:
    """What a base-model pilot's pass rate says to do next."""

    pass_rate: float
    action: PilotAction
    text: str


def pilot_decision(pass_rate: float) -> PilotDecision:
    """The seed-002 table: ≥ 70 % likely sufficient; 50-70 % fine-tune; < 50 % full pipeline.

    Boundaries belong to the higher band (exactly 70 % is "likely sufficient").

    Raises:
        ValueError: ``pass_rate`` is outside [0, 1] or not a number.
    """
    if not 0.0 <= pass_rate <= 1.0:  # also rejects NaN
        raise ValueError(f"pass rate must be in [0, 1], got {pass_rate}")
    for threshold, action, text in PILOT_TABLE:
        if pass_rate >= threshold:
            return PilotDecision(pass_rate, action, text)
    raise AssertionError("unreachable: the last band starts at 0")  # pragma: no cover


@dataclass(frozen=True)
class VarianceSplit:
    """Between- and within-persona variance of the quantity being compared.

    Attributes:
        between: σ²_b, variance of persona means beyond what run noise explains (≥ 0).
        within: σ²_w, variance between runs of one persona; None when no persona had two runs.
        personas: Personas in the pilot.
        runs: Observations in the pilot.
        source: What was split (paired differences, or scores under an assumed correlation).
    """

    between: float
    within: float | None
    personas: int
    runs: int
    source: str


@dataclass(frozen=True)
class PlanRow:
    """Personas needed with ``runs`` runs each, and the conversations that costs per model."""

    runs: int
    sd: float
    personas: int
    conversations: int


@dataclass(frozen=True)
class Plan:
    """The power analysis for one target difference.

    Attributes:
        difference: Smallest mean score difference worth detecting.
        alpha: Two-sided significance level.
        power: Wanted chance of detecting ``difference`` when it is real.
        split: The pilot's variance components.
        rows: Personas needed for 1..max runs per persona.
        recommended: The row with the fewest conversations whose personas fit the cap.
        current: Power and minimum detectable difference of the configured design.
        notes: Assumptions and caveats.
    """

    difference: float
    alpha: float
    power: float
    split: VarianceSplit
    rows: tuple[PlanRow, ...]
    recommended: PlanRow | None
    current: dict[str, float | int | None]
    notes: tuple[str, ...]


def variance_split(groups: Mapping[str, Sequence[float]], *, source: str) -> VarianceSplit:
    """σ²_b and σ²_w of values grouped by persona (one-way random effects, moments).

    The mean squares come from statsmodels' ANOVA of ``value ~ C(persona)``; then
    σ²_w = MS_within and σ²_b = max(0, (MS_between - MS_within) / n0), where n0 is the
    (unbalanced-design) effective runs per persona.

    Raises:
        ValueError: Fewer than two personas, or a persona with no values.
    """
    if any(not v for v in groups.values()):
        raise ValueError("every persona needs at least one value")
    if len(groups) < 2:
        raise ValueError(f"a variance split needs at least 2 personas, got {len(groups)}")
    values = [float(x) for v in groups.values() for x in v]
    sizes = [len(v) for v in groups.values()]
    n, g = len(values), len(groups)
    if n == g:  # one run each: nothing separates within from between
        return VarianceSplit(float(np.var(values, ddof=1)), None, g, n, source)
    import pandas as pd  # type: ignore[import-untyped]
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    frame = pd.DataFrame({"value": values,
                          "persona": [p for p, v in groups.items() for _ in v]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a zero residual variance warns; the table is fine
        table = sm.stats.anova_lm(smf.ols("value ~ C(persona)", data=frame).fit())
    ms_between = float(table.loc["C(persona)", "mean_sq"])
    ms_within = float(table.loc["Residual", "mean_sq"])
    if not math.isfinite(ms_within):
        ms_within = 0.0
    n0 = (n - sum(s * s for s in sizes) / n) / (g - 1)
    between = max(0.0, (ms_between - ms_within) / n0)
    return VarianceSplit(between, ms_within, g, n, source)


def pilot_split(rows: Sequence[ScoreRow], *, reference: str | None = None,
                candidate: str | None = None, assumed_correlation: float = 0.5
                ) -> VarianceSplit:
    """The variance split of a pilot's score table.

    With a candidate (given, or the first other model in ``rows``): run-level paired
    differences. With the reference alone: the scores, scaled by 2 (1 - ρ).

    Raises:
        ValueError: No rows, an unknown model, ρ outside [-1, 1), or fewer than 2 personas.
    """
    models = models_in(rows)
    if not models:
        raise ValueError("the pilot has no rows")
    reference = reference or models[0]
    if reference not in models:
        raise ValueError(f"reference model {reference!r} has no rows; models: {', '.join(models)}")
    others = [m for m in models if m != reference]
    if candidate is not None and candidate not in others:
        raise ValueError(f"candidate model {candidate!r} has no rows; models: {', '.join(models)}")
    candidate = candidate or (others[0] if others else None)
    groups: dict[str, list[float]] = {}
    if candidate is not None:
        ref = {(r.persona, r.run): r.score for r in rows if r.model == reference}
        for r in rows:
            if r.model == candidate and (r.persona, r.run) in ref:
                groups.setdefault(r.persona, []).append(r.score - ref[(r.persona, r.run)])
        return variance_split(groups, source=f"paired differences {candidate} - {reference}")
    if not -1.0 <= assumed_correlation < 1.0:
        raise ValueError(f"assumed correlation must be in [-1, 1), got {assumed_correlation}")
    for r in rows:
        groups.setdefault(r.persona, []).append(r.score)
    split = variance_split(groups, source=f"scores of {reference} alone")
    factor = 2.0 * (1.0 - assumed_correlation)
    return VarianceSplit(split.between * factor,
                         None if split.within is None else split.within * factor,
                         split.personas, split.runs,
                         f"scores of {reference} alone, assuming a correlation of "
                         f"{assumed_correlation:g} between two models on one persona")


def plan_sample_size(split: VarianceSplit, *, difference: float, alpha: float = 0.05,
                     power: float = 0.8, max_runs: int = 5, max_personas: int | None = None,
                     current_personas: int | None = None, current_runs: int | None = None
                     ) -> Plan:
    """Personas (and runs per persona) a paired t-test needs to detect ``difference``.

    Args:
        split: Variance components from a pilot (:func:`pilot_split`).
        difference: Smallest mean score difference worth detecting (> 0).
        alpha: Two-sided significance level, in (0, 1).
        power: Wanted power, in (0, 1).
        max_runs: Largest runs per persona to tabulate.
        max_personas: The most fresh personas available; the recommendation keeps within it.
        current_personas: Personas in the configured design, for its power.
        current_runs: Runs per persona in the configured design.

    Raises:
        ValueError: A setting is out of range.
    """
    if difference <= 0:
        raise ValueError(f"difference must be > 0, got {difference}")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError(f"alpha and power must be in (0, 1), got {alpha} and {power}")
    if max_runs < 1:
        raise ValueError(f"max_runs must be >= 1, got {max_runs}")
    notes: list[str] = [f"variance from {split.source}"]
    within = split.within
    if within is None:
        notes.append("no persona had two pilot runs, so runs per persona cannot be traded "
                      "against personas; only 1 run per persona is planned")
    run_options = range(1, (max_runs if within is not None else 1) + 1)
    rows = [_plan_row(split.between, within or 0.0, k, difference, alpha, power)
            for k in run_options]
    fitting = [r for r in rows if max_personas is None or r.personas <= max_personas]
    recommended = min(fitting, key=lambda r: (r.conversations, r.runs), default=None)
    if max_personas is not None and recommended is None:
        notes.append(f"no design with at most {max_runs} runs per persona needs {max_personas} "
                     "personas or fewer; more personas are needed")
    if within is not None and within > 0 and split.between == 0:
        notes.append("the pilot shows no between-persona variance; more runs per persona "
                     "substitute fully for personas only under that estimate")
    current: dict[str, float | int | None] = {"personas": current_personas,
                                              "runs": current_runs}
    if current_personas is not None and current_runs is not None:
        sd = math.sqrt(split.between + (within or 0.0) / current_runs)
        current["power"] = _power(difference / sd if sd else math.inf, current_personas, alpha)
        current["detectable_difference"] = _detectable(sd, current_personas, alpha, power)
    return Plan(difference, alpha, power, split, tuple(rows), recommended, current, tuple(notes))


def _plan_row(between: float, within: float, runs: int, difference: float, alpha: float,
              power: float) -> PlanRow:
    sd = math.sqrt(between + within / runs)
    if sd == 0:
        return PlanRow(runs, 0.0, 2, 2 * runs)  # no noise at all: the t-test's minimum
    personas = _personas_needed(difference / sd, alpha, power)
    return PlanRow(runs, sd, personas, personas * runs)


def _personas_needed(effect: float, alpha: float, power: float) -> int:
    """Smallest n >= 2 whose paired t-test reaches ``power`` (statsmodels' TTestPower).

    ``solve_power`` is tried first; where it does not converge (very large or very small
    effects) the power curve, which rises with n, is searched directly.
    """
    from statsmodels.stats.power import TTestPower

    analysis = TTestPower()

    def reaches(n: int) -> bool:
        return bool(analysis.power(effect_size=effect, nobs=n, alpha=alpha,
                                   alternative="two-sided") >= power)

    if reaches(2):
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            solved = float(np.asarray(analysis.solve_power(
                effect_size=effect, alpha=alpha, power=power, alternative="two-sided")).item())
        except (ValueError, RuntimeError):
            solved = math.nan
    if math.isfinite(solved) and solved >= 2:
        n = math.ceil(solved - 1e-9)
        # solve_power works on a continuous n; make sure the whole number reaches the power
        while not reaches(n):
            n += 1
        return n
    low, high = 2, 4
    while not reaches(high):
        low, high = high, high * 2
        if high > 10**9:
            raise ValueError(f"an effect size of {effect:.3g} is too small to plan for")
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if reaches(mid) else (mid, high)
    return high


def _power(effect: float, personas: int, alpha: float) -> float | None:
    from statsmodels.stats.power import TTestPower

    if personas < 2:
        return None
    if math.isinf(effect):
        return 1.0
    return float(TTestPower().power(effect_size=effect, nobs=personas, alpha=alpha,
                                    alternative="two-sided"))


def _detectable(sd: float, personas: int, alpha: float, power: float) -> float | None:
    from statsmodels.stats.power import TTestPower

    if personas < 2:
        return None
    if sd == 0:
        return 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        effect = TTestPower().solve_power(nobs=personas, alpha=alpha, power=power,
                                          alternative="two-sided")
    return float(np.asarray(effect).item()) * sd
