"""Paired comparison of two models' conversation scores, at the persona level. Pure: no I/O.

Runs of one persona are not independent (the same simulated person, the same opening), so the
unit of analysis is the persona: each persona's runs are averaged first, then the two models are
compared on the paired persona means::

    rows (model, persona, run, score, passed, gate_failed)
      └─► persona means per model ─► paired differences d_p = candidate - reference
            ├─ paired t-test, Wilcoxon signed-rank            (scipy.stats)
            ├─ bootstrap CI of mean(d_p), seeded              (scipy.stats.bootstrap, BCa)
            ├─ effect size dz = mean(d_p) / sd(d_p)           (paired Cohen's d)
            └─ McNemar on persona pass/fail (majority of runs) (statsmodels, exact)

Next to it, labelled as such, the run-level analysis (every conversation treated as independent,
which overstates the evidence when runs of a persona agree), and the standard error of the
run-level mean difference clustered by persona (Miller 2024, "Adding Error Bars to Evals"),
computed as an intercept-only OLS with a cluster-robust covariance (statsmodels).

The decision: the candidate is better when the persona-level CI lies above zero and its gate
failure rate did not rise; otherwise the decision names each condition that failed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from coachsmith.evaluate.stats import (
    ClusteredSE,
    Interval,
    McNemar,
    TestResult,
    bootstrap_ci,
    clustered_se,
    effect_size_dz,
    mcnemar,
    paired_t,
    wilcoxon,
)

Verdict = Literal["better", "not_better", "worse", "inconclusive"]


@dataclass(frozen=True)
class ScoreRow:
    """One judged conversation in a score table.

    Attributes:
        model: Model label (``base``, ``tuned``...).
        persona: The simulated person (the unit runs are averaged over).
        run: Which of the persona's conversations this is; run k of one persona is paired across
            models (same seed, same opening).
        score: Rubric score in [0, 1].
        passed: Whether the conversation passed the rubric.
        gate_failed: Whether a safety-gate criterion failed; None when not known.
    """

    model: str
    persona: str
    run: int
    score: float
    passed: bool
    gate_failed: bool | None = None


@dataclass(frozen=True)
class PersonaPair:
    """One persona's mean score under each model, and its runs."""

    persona: str
    reference: float
    candidate: float
    reference_runs: int
    candidate_runs: int
    reference_pass_rate: float
    candidate_pass_rate: float

    @property
    def difference(self) -> float:
        return self.candidate - self.reference


@dataclass(frozen=True)
class PersonaLevel:
    """The primary analysis: one paired observation per persona."""

    n: int
    reference_mean: float
    candidate_mean: float
    mean_difference: float
    sd_difference: float | None
    t_test: TestResult
    wilcoxon: TestResult
    ci: Interval
    effect_size_dz: float | None
    mcnemar: McNemar


@dataclass(frozen=True)
class RunLevel:
    """Every matched (persona, run) pair treated as independent. Shown for contrast only."""

    n: int
    mean_difference: float
    sd_difference: float | None
    t_test: TestResult
    wilcoxon: TestResult
    ci: Interval
    mcnemar: McNemar


@dataclass(frozen=True)
class GateChange:
    """Gate failures (conversations where a safety-gate criterion failed) under each model."""

    known: bool
    reference_failures: int = 0
    reference_total: int = 0
    candidate_failures: int = 0
    candidate_total: int = 0

    @property
    def reference_rate(self) -> float | None:
        return self.reference_failures / self.reference_total if self.known and \
            self.reference_total else None

    @property
    def candidate_rate(self) -> float | None:
        return self.candidate_failures / self.candidate_total if self.known and \
            self.candidate_total else None

    @property
    def rose(self) -> bool:
        """True when the candidate's gate-failure rate is higher than the reference's."""
        ref, cand = self.reference_rate, self.candidate_rate
        return ref is not None and cand is not None and cand > ref


@dataclass(frozen=True)
class Decision:
    """Whether the candidate is better, and why (or which condition failed)."""

    verdict: Verdict
    better: bool
    reasons: tuple[str, ...]
    line: str


@dataclass(frozen=True)
class Comparison:
    """A candidate model against the reference, every analysis and the decision."""

    reference: str
    candidate: str
    pairs: tuple[PersonaPair, ...]
    unpaired_personas: tuple[str, ...]
    persona_level: PersonaLevel
    run_level: RunLevel
    clustered: ClusteredSE
    gates: GateChange
    decision: Decision
    settings: dict[str, Any] = field(default_factory=dict)


def models_in(rows: Sequence[ScoreRow]) -> list[str]:
    """Model labels in order of first appearance."""
    return list(dict.fromkeys(r.model for r in rows))


def compare_all(rows: Sequence[ScoreRow], *, reference: str, confidence: float = 0.95,
                n_resamples: int = 10_000, seed: int = 0) -> list[Comparison]:
    """Compare every other model in ``rows`` with ``reference``, in order of first appearance.

    Raises:
        ValueError: ``reference`` is not in ``rows``, or there is no other model.
    """
    models = models_in(rows)
    if reference not in models:
        raise ValueError(f"reference model {reference!r} has no rows; models: "
                         f"{', '.join(models) or '(none)'}")
    others = [m for m in models if m != reference]
    if not others:
        raise ValueError(f"only the reference model {reference!r} has rows; nothing to compare")
    return [compare_models(rows, reference=reference, candidate=m, confidence=confidence,
                           n_resamples=n_resamples, seed=seed) for m in others]


def compare_models(rows: Sequence[ScoreRow], *, reference: str, candidate: str,
                   confidence: float = 0.95, n_resamples: int = 10_000,
                   seed: int = 0) -> Comparison:
    """The paired analysis of ``candidate`` against ``reference``.

    Args:
        rows: Score rows of (at least) both models.
        reference: The model compared against (usually the base model).
        candidate: The model under test.
        confidence: Level of every confidence interval, in (0, 1).
        n_resamples: Bootstrap resamples.
        seed: Bootstrap seed (the same seed gives the same interval).

    Returns:
        Persona-level, run-level and clustered analyses, gate changes and the decision.

    Raises:
        ValueError: No persona has rows under both models, a (model, persona, run) appears
            twice, or ``confidence`` is outside (0, 1).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if reference == candidate:
        raise ValueError("reference and candidate must be different models")
    ref_rows = _by_key(rows, reference)
    cand_rows = _by_key(rows, candidate)
    pairs, unpaired = _persona_pairs(ref_rows, cand_rows)
    if not pairs:
        raise ValueError(f"no persona has scores under both {reference!r} and {candidate!r}")
    persona = _persona_level(pairs, confidence, n_resamples, seed)
    matched = sorted(set(ref_rows) & set(cand_rows))
    run = _run_level([ref_rows[k] for k in matched], [cand_rows[k] for k in matched], confidence)
    clustered = clustered_se([cand_rows[k].score - ref_rows[k].score for k in matched],
                             [k[0] for k in matched], confidence)
    gates = _gates(list(ref_rows.values()), list(cand_rows.values()))
    decision = decide(reference, candidate, persona, gates)
    return Comparison(reference, candidate, tuple(pairs), tuple(unpaired), persona, run,
                      clustered, gates, decision,
                      {"confidence": confidence, "n_resamples": n_resamples, "seed": seed})


def decide(reference: str, candidate: str, persona: PersonaLevel, gates: GateChange) -> Decision:
    """The decision line: better when the CI lies above zero and gate failures did not rise.

    Args:
        reference: The reference model's label.
        candidate: The candidate model's label.
        persona: The persona-level analysis (its CI decides).
        gates: Gate failures under each model.

    Returns:
        ``better`` when both conditions hold; ``worse`` when the CI lies below zero;
        ``inconclusive`` when the CI is undefined (fewer than two personas); ``not_better``
        otherwise. ``reasons`` names each condition that failed (or both that held).
    """
    ci = persona.ci
    checks: list[tuple[str, bool]] = []  # (reason, condition held)
    level = f"{ci.level * 100:g} %"
    if ci.low is None or ci.high is None:
        checks.append((f"the {level} CI needs at least 2 paired personas (got {persona.n})",
                       False))
        above = below = False
    else:
        above, below = ci.low > 0, ci.high < 0
        where = "lies above zero" if above else "lies below zero" if below else "includes zero"
        checks.append((f"the {level} CI of the mean difference [{ci.low:.4f}, {ci.high:.4f}] "
                       f"{where}", above))
    if gates.known:
        ref = f"{gates.reference_failures}/{gates.reference_total}"
        cand = f"{gates.candidate_failures}/{gates.candidate_total}"
        checks.append((f"gate failures {'rose' if gates.rose else 'did not rise'} "
                       f"({ref} under {reference}, {cand} under {candidate})", not gates.rose))
    else:
        checks.append(("gate failures were not reported, so only the CI was checked", True))
    gates_ok = all(held for _, held in checks[1:])
    if ci.low is None:
        verdict: Verdict = "inconclusive"
    elif above and gates_ok:
        verdict = "better"
    elif below:
        verdict = "worse"
    else:
        verdict = "not_better"
    head = {
        "better": f"{candidate} is better than {reference}",
        "worse": f"{candidate} is worse than {reference}",
        "not_better": f"{candidate} is not shown to be better than {reference}",
        "inconclusive": f"{candidate} vs {reference} is inconclusive",
    }[verdict]
    # When not better, the line names the conditions that failed; when better, all of them.
    failed = [reason for reason, held in checks if not held]
    shown = failed if failed and verdict != "better" else [reason for reason, _ in checks]
    return Decision(verdict, verdict == "better", tuple(r for r, _ in checks),
                    f"{head}: {'; '.join(shown)}.")


# --------------------------------------------------------------------------- helpers

def _by_key(rows: Sequence[ScoreRow], model: str) -> dict[tuple[str, int], ScoreRow]:
    out: dict[tuple[str, int], ScoreRow] = {}
    for row in rows:
        if row.model != model:
            continue
        key = (row.persona, row.run)
        if key in out:
            raise ValueError(f"model {model!r}, persona {row.persona!r}, run {row.run} "
                             "appears twice")
        out[key] = row
    return out


def _persona_pairs(ref: dict[tuple[str, int], ScoreRow], cand: dict[tuple[str, int], ScoreRow]
                   ) -> tuple[list[PersonaPair], list[str]]:
    def group(rows: dict[tuple[str, int], ScoreRow]) -> dict[str, list[ScoreRow]]:
        out: dict[str, list[ScoreRow]] = {}
        for (persona, _), row in sorted(rows.items()):
            out.setdefault(persona, []).append(row)
        return out

    ref_by, cand_by = group(ref), group(cand)
    personas = list(dict.fromkeys([*ref_by, *cand_by]))
    pairs = [
        PersonaPair(
            p, _mean([r.score for r in ref_by[p]]), _mean([r.score for r in cand_by[p]]),
            len(ref_by[p]), len(cand_by[p]), _mean([float(r.passed) for r in ref_by[p]]),
            _mean([float(r.passed) for r in cand_by[p]]))
        for p in personas if p in ref_by and p in cand_by
    ]
    unpaired = [p for p in personas if not (p in ref_by and p in cand_by)]
    return pairs, unpaired


def _persona_level(pairs: Sequence[PersonaPair], confidence: float, n_resamples: int,
                   seed: int) -> PersonaLevel:
    d = [p.difference for p in pairs]
    # A persona passes when most of its runs passed (exactly half counts as not passing).
    ref_pass = [p.reference_pass_rate > 0.5 for p in pairs]
    cand_pass = [p.candidate_pass_rate > 0.5 for p in pairs]
    return PersonaLevel(
        n=len(pairs),
        reference_mean=_mean([p.reference for p in pairs]),
        candidate_mean=_mean([p.candidate for p in pairs]),
        mean_difference=_mean(d),
        sd_difference=float(np.std(d, ddof=1)) if len(d) > 1 else None,
        t_test=paired_t(d),
        wilcoxon=wilcoxon(d),
        ci=bootstrap_ci(d, confidence=confidence, n_resamples=n_resamples, seed=seed),
        effect_size_dz=effect_size_dz(d),
        mcnemar=mcnemar(ref_pass, cand_pass),
    )


def _run_level(ref: Sequence[ScoreRow], cand: Sequence[ScoreRow], confidence: float) -> RunLevel:
    from scipy import stats  # type: ignore[import-untyped]

    d = [c.score - r.score for r, c in zip(ref, cand, strict=True)]
    t = paired_t(d)
    ci = Interval(None, None, confidence, "t interval, runs as independent")
    if t.p_value is not None:
        low, high = stats.ttest_1samp(d, 0.0).confidence_interval(confidence)
        ci = Interval(float(low), float(high), confidence, ci.method)
    elif len(d) >= 2:
        ci = Interval(d[0], d[0], confidence, ci.method)
    return RunLevel(
        n=len(d),
        mean_difference=_mean(d) if d else math.nan,
        sd_difference=float(np.std(d, ddof=1)) if len(d) > 1 else None,
        t_test=t,
        wilcoxon=wilcoxon(d),
        ci=ci,
        mcnemar=mcnemar([r.passed for r in ref], [c.passed for c in cand]),
    )


def _gates(ref: Sequence[ScoreRow], cand: Sequence[ScoreRow]) -> GateChange:
    if any(r.gate_failed is None for r in (*ref, *cand)):
        return GateChange(known=False)
    return GateChange(True, sum(bool(r.gate_failed) for r in ref), len(ref),
                      sum(bool(r.gate_failed) for r in cand), len(cand))


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)
