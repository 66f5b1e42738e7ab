"""Markdown reports of the assess stage: pass rates, failure rates, the pilot decision, calibration.

Pure: each function takes records and returns text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coachsmith.assess.calibration import CalibrationResult, Rate
from coachsmith.domain import Rubric
from coachsmith.records import Assessment

#: Seed 002's decision table on a pilot's pass rate: (lowest rate, decision, what to do).
PILOT_DECISIONS: tuple[tuple[float, str, str], ...] = (
    (0.70, "likely sufficient",
     "the model already passes most transcripts: review a sample by hand before deciding to "
     "fine-tune"),
    (0.50, "proceed",
     "moderate improvement is possible: proceed with fine-tuning"),
    (0.0, "full pipeline",
     "significant improvement is needed: run the full pipeline (generation, curation, training)"),
)


@dataclass(frozen=True)
class CriterionStats:
    """How one criterion fared over a batch."""

    criterion: str
    name: str
    assessed: int
    answers: Counter[str]
    failed: int

    @property
    def failure_rate(self) -> float:
        return self.failed / self.assessed if self.assessed else 0.0


def criterion_stats(rubric: Rubric, assessments: Sequence[Assessment]) -> list[CriterionStats]:
    """Per-criterion answer counts and failures over the transcripts that judged it (criteria
    never judged, by ``min_exchanges`` or ``assess.criteria``, are left out)."""
    out = []
    for cid, criterion in rubric.criteria.items():
        counts: Counter[str] = Counter()
        assessed = failed = 0
        for a in assessments:
            if cid in a.not_assessed or cid in a.not_judged:
                continue
            assessed += 1
            verdict = a.verdicts.get(cid)
            counts[verdict.answer if verdict else "missing"] += 1
            failed += cid in a.failed
        if assessed:
            out.append(CriterionStats(cid, criterion.name, assessed, counts, failed))
    return out


def pilot_decision(pass_rate: float) -> tuple[str, str]:
    """The seed-002 decision for a pilot pass rate in [0, 1]: (label, advice)."""
    for floor, label, advice in PILOT_DECISIONS:
        if pass_rate >= floor:
            return label, advice
    raise ValueError(f"pass rate must be in [0, 1], got {pass_rate}")


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def assessment_report(rubric: Rubric, assessments: Sequence[Assessment], *, judge: str,
                      title: str = "Assessment", unfinished: int = 0) -> str:
    """The assess stage's report: pass rate, gate failures, categories, per-criterion failures."""
    n = len(assessments)
    lines = [f"# {title}", ""]
    if not n:
        return "\n".join([*lines, "No transcripts were assessed.", ""])
    passed = sum(a.passed for a in assessments)
    gate = sum(a.safety_gate_failed for a in assessments)
    mean = sum(a.score for a in assessments) / n
    not_judged = sorted({c for a in assessments for c in a.not_judged})
    lines += [
        f"Judge: `{judge}`. Rubric: `{rubric.name}` (pass at score >= {rubric.pass_threshold}, "
        f"gate {', '.join(rubric.gate) or 'none'}).",
        "",
        "| transcripts | passed | pass rate | safety gate failed | mean score |",
        "|---|---|---|---|---|",
        f"| {n} | {passed} | {_pct(passed / n)} | {gate} | {mean:.3f} |",
        "",
    ]
    if unfinished:
        lines += [f"{unfinished} transcript(s) could not be finished (backend errors); run "
                  "again to complete them.", ""]
    if not_judged:
        lines += [f"Not judged (left out by `assess.criteria`, so counted as ERROR): "
                  f"{', '.join(not_judged)}.", ""]
    lines += ["## Categories", "", "| category | weight | mean score |", "|---|---|---|"]
    for name, category in rubric.categories.items():
        scores = [a.category_scores.get(name, 0.0) for a in assessments]
        lines.append(f"| {name} | {category.weight:g} | {sum(scores) / n:.3f} |")
    lines += ["", "## Criteria, most failed first", "",
              "| criterion | name | assessed | YES | NO | NA | ERROR | failure rate |",
              "|---|---|---|---|---|---|---|---|"]
    stats = sorted(criterion_stats(rubric, assessments),
                   key=lambda s: (-s.failure_rate, s.criterion))
    for s in stats:
        gate_mark = " (gate)" if s.criterion in rubric.gate else ""
        lines.append(f"| {s.criterion}{gate_mark} | {s.name} | {s.assessed} | {s.answers['YES']} "
                     f"| {s.answers['NO']} | {s.answers['NA']} | "
                     f"{s.answers['ERROR'] + s.answers['missing']} | {_pct(s.failure_rate)} |")
    return "\n".join([*lines, ""])


def pilot_report(rubric: Rubric, assessments: Sequence[Assessment], *, top: int = 5) -> str:
    """The pilot summary: pass rate, the seed-002 decision and the criteria that fail most."""
    n = len(assessments)
    if not n:
        return "Pilot: no transcripts assessed.\n"
    rate = sum(a.passed for a in assessments) / n
    label, advice = pilot_decision(rate)
    worst = sorted((s for s in criterion_stats(rubric, assessments) if s.failed),
                   key=lambda s: (-s.failure_rate, s.criterion))[:top]
    lines = [f"Pilot: {n} transcripts, pass rate {_pct(rate)} -> {label}: {advice}."]
    if worst:
        lines.append("Most failed: " + ", ".join(
            f"{s.criterion} {s.name} ({_pct(s.failure_rate)})" for s in worst) + ".")
    lines.append("Thresholds (seed 002): >= 70 % likely sufficient; 50-70 % proceed; "
                 "< 50 % full pipeline.")
    return "\n".join(lines) + "\n"


def _rate(rate: Rate) -> str:
    value, ci = rate.value, rate.interval()
    if value is None or ci is None:
        return "n/a"
    return f"{value:.2f} ({ci[0]:.2f}-{ci[1]:.2f}, n={rate.total})"


def calibration_report(result: CalibrationResult, *, judge: str, rubric: Rubric,
                       trust: float = 0.7) -> str:
    """How well the judge agreed with the planted truth, criterion by criterion and item by item."""
    lines = [
        "# Judge calibration", "",
        f"Judge: `{judge}`. Rubric: `{rubric.name}`. {result.cases} calibration transcripts.",
        "",
        "A *fault* is planted where the judge must answer NO; the clean bases and the *controls* "
        "(the same kind of edit, done well) must pass. *Flagged* means the answer scores 0 (NO, "
        "ERROR, or NA where NA is invalid). Sensitivity: faults flagged; specificity: negatives "
        "passed; both with Wilson 95 % intervals. Kappa: Cohen's kappa of flagged against "
        "planted (1 perfect, 0 chance).",
        "",
        "| criterion | faults caught | negatives passed | sensitivity | specificity | kappa "
        "| ERROR |",
        "|---|---|---|---|---|---|---|",
    ]
    weak = []
    for row in result.criteria:
        kappa = "n/a" if row.kappa is None else f"{row.kappa:.2f}"
        lines.append(f"| {row.criterion} | {row.tp}/{row.tp + row.fn} | {row.tn}/{row.tn + row.fp} "
                     f"| {_rate(row.sensitivity)} | {_rate(row.specificity)} | {kappa} "
                     f"| {row.errors} |")
        sens, spec = row.sensitivity.value, row.specificity.value
        if (sens is not None and sens < trust) or (spec is not None and spec < trust):
            weak.append(row.criterion)
    lines += ["", "## By planted item", "", "| item | kind | criteria | agreed |", "|---|---|---|---|"]
    for item in result.items:
        lines.append(f"| {item.item} | {item.kind} | {', '.join(item.criteria)} "
                     f"| {item.agreed}/{item.total} |")
    lines += ["", "## Reading it", ""]
    if weak:
        lines.append(f"Below {trust:.0%} sensitivity or specificity: {', '.join(weak)}. Verdicts "
                     "on these criteria are unreliable with this judge; use a stronger judge, "
                     "more samples (`assess.samples`), or check them by hand.")
    else:
        lines.append(f"Every calibrated criterion reached {trust:.0%} sensitivity and "
                     "specificity on this set (small sets give wide intervals: read them).")
    if result.missing:
        lines += ["", f"Not judged (backend errors): {', '.join(result.missing)}."]
    if result.notes:
        lines += ["", "Skipped:", *[f"- {note}" for note in result.notes]]
    return "\n".join([*lines, ""])
