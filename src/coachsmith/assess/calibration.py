"""Judge calibration: plant known faults in clean transcripts and measure agreement with the truth.

:func:`build_cases` copies each base transcript of the pack's ``calibration.yaml`` (or the
user's own) once per fault position, plants the fault's edits, and adds the untouched base and
the controls (the same kind of edit, done well) as negatives. After the judge has answered,
:func:`agreement` compares, criterion by criterion, "the judge flagged it" (the answer scores 0:
NO, ERROR, or NA where NA is invalid) with "a fault was planted": sensitivity, specificity (each
with a Wilson 95 % interval) and Cohen's kappa.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from coachsmith.assess.scoring import criterion_value
from coachsmith.domain import Calibration, Plant, Rubric
from coachsmith.records import Assessment, Exchange, Transcript

Kind = Literal["fault", "control", "clean"]


@dataclass(frozen=True)
class Case:
    """One calibration transcript and what the judge should say about it.

    Attributes:
        transcript: The (planted) transcript.
        base_id: The base it was made from.
        item: The fault or control id, or ``clean``.
        kind: ``fault`` (criteria must be flagged), ``control`` or ``clean`` (must pass).
        criteria: The criteria with a known truth on this transcript.
    """

    transcript: Transcript
    base_id: str
    item: str
    kind: Kind
    criteria: tuple[str, ...]

    @property
    def expect_flag(self) -> bool:
        return self.kind == "fault"


def plant(base: Transcript, item: Plant, position: int | None) -> Transcript:
    """A copy of ``base`` with ``item``'s edits at exchange ``position`` (1-based, negative
    from the end) or, for None, at every exchange.

    Raises:
        IndexError: ``position`` is outside the transcript.
    """
    n = len(base.exchanges)
    if position is None:
        targets = list(range(n))
    else:
        index = position - 1 if position > 0 else n + position
        if not 0 <= index < n:
            raise IndexError(f"exchange {position} is outside a {n}-exchange transcript")
        targets = [index]
    exchanges = [ex.model_copy() for ex in base.exchanges]
    for i in targets:
        ex = exchanges[i]
        texts = {"user": ex.user, "assistant": ex.assistant}
        for edit in item.edits:
            texts[edit.turn] = _edit(texts[edit.turn], edit.text.strip(), edit.position)
        exchanges[i] = Exchange(user=texts["user"], assistant=texts["assistant"],
                                session=ex.session, planted=ex.planted, source=ex.source)
    where = "all" if position is None else str(position)
    return base.model_copy(update={
        "id": f"cal:{base.id}:{item.id}@{where}", "exchanges": exchanges,
        "meta": {**base.meta, "calibration": item.id}})


def _edit(old: str, text: str, position: str) -> str:
    """Insert ``text``: as its own paragraph in a reply made of paragraphs, else as a sentence."""
    if position == "replace":
        return text
    sep = "\n\n" if "\n\n" in old else " "
    return f"{text}{sep}{old}" if position == "start" else f"{old}{sep}{text}"


def build_cases(calibration: Calibration, rubric: Rubric,
                bases: Sequence[Transcript] | None = None) -> tuple[list[Case], list[str]]:
    """Every calibration case, and notes on what had to be skipped.

    Args:
        calibration: The pack's planted set.
        rubric: The rubric in use: items naming criteria it lacks (or does not assess at a
            base's length) are skipped for those criteria.
        bases: Clean transcripts to plant into; None uses the pack's bases.

    Returns:
        (cases, notes). Cases come base by base: clean first, then faults, then controls.
    """
    bases = list(calibration.bases if bases is None else bases)
    cases: list[Case] = []
    notes: list[str] = []
    for base in bases:
        assessed = set(rubric.assessed(len(base.exchanges)))
        negatives: set[str] = set()
        planted: list[Case] = []
        for kind, items in (("fault", calibration.faults), ("control", calibration.controls)):
            for item in items:
                if item.bases and base.id not in item.bases:
                    continue
                criteria = tuple(c for c in item.criteria if c in assessed)
                missing = [c for c in item.criteria if c not in assessed]
                if missing:
                    notes.append(f"{item.id} on {base.id}: {', '.join(missing)} not assessed by "
                                 f"rubric {rubric.name} at {len(base.exchanges)} exchanges")
                if not criteria:
                    continue
                positions: list[int | None] = [None] if item.at == "all" else list(item.at)
                for position in positions:
                    try:
                        t = plant(base, item, position)
                    except IndexError as exc:
                        notes.append(f"{item.id} on {base.id}: {exc}")
                        continue
                    planted.append(Case(t, base.id, item.id, kind, criteria))  # type: ignore[arg-type]
                if kind == "fault":
                    negatives.update(criteria)
        if negatives:
            clean = base.model_copy(update={"id": f"cal:{base.id}:clean",
                                            "meta": {**base.meta, "calibration": "clean"}})
            cases.append(Case(clean, base.id, "clean", "clean",
                              tuple(c for c in rubric.criteria if c in negatives)))
        cases += planted
    return cases, notes


@dataclass(frozen=True)
class Rate:
    """A proportion with its Wilson 95 % interval (None when there is nothing to count)."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def interval(self) -> tuple[float, float] | None:
        if not self.total:
            return None
        from scipy.stats import binomtest  # type: ignore[import-untyped]

        ci = binomtest(self.hits, self.total).proportion_ci(confidence_level=0.95,
                                                             method="wilson")
        return float(ci.low), float(ci.high)


@dataclass
class CriterionAgreement:
    """Agreement on one criterion.

    Attributes:
        criterion: The criterion id.
        tp: Faults flagged. fn: Faults missed. tn: Negatives passed. fp: Negatives flagged.
        errors: Answers that never parsed (they count as flagged, as scoring counts them).
        kappa: Cohen's kappa of flagged against planted; None when undefined (one class only).
    """

    criterion: str
    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0
    errors: int = 0
    kappa: float | None = None

    @property
    def sensitivity(self) -> Rate:
        return Rate(self.tp, self.tp + self.fn)

    @property
    def specificity(self) -> Rate:
        return Rate(self.tn, self.tn + self.fp)


@dataclass
class ItemAgreement:
    """How often the judge agreed with the truth on one planted item (or on the clean bases)."""

    item: str
    kind: Kind
    criteria: list[str]
    agreed: int = 0
    total: int = 0


@dataclass
class CalibrationResult:
    """Per-criterion and per-item agreement, plus what was skipped."""

    criteria: list[CriterionAgreement]
    items: list[ItemAgreement]
    cases: int
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _kappa(truth: Sequence[int], flagged: Sequence[int]) -> float | None:
    if len(set(truth)) < 2 and len(set(flagged)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score  # type: ignore[import-untyped]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(truth, flagged))
    return value if math.isfinite(value) else None


def agreement(cases: Sequence[Case], assessments: Mapping[str, Assessment], rubric: Rubric,
              notes: Sequence[str] = ()) -> CalibrationResult:
    """Compare the judge's answers with the planted truth.

    Args:
        cases: From :func:`build_cases`.
        assessments: Transcript id -> its assessment; cases without one are listed as missing.
        rubric: The rubric the answers were given on.
        notes: Carried into the result (what :func:`build_cases` skipped).
    """
    pairs: dict[str, tuple[list[int], list[int]]] = {}
    rows: dict[str, CriterionAgreement] = {}
    items: dict[tuple[str, Kind], ItemAgreement] = {}
    missing = []
    for case in cases:
        a = assessments.get(case.transcript.id)
        if a is None:
            missing.append(case.transcript.id)
            continue
        item = items.setdefault((case.item, case.kind),
                                ItemAgreement(case.item, case.kind, list(case.criteria)))
        for cid in case.criteria:
            verdict = a.verdicts.get(cid)
            answer = verdict.answer if verdict else "ERROR"
            flagged = criterion_value(rubric.criteria[cid], answer) == 0.0
            row = rows.setdefault(cid, CriterionAgreement(cid))
            row.errors += answer == "ERROR"
            if case.expect_flag:
                row.tp += flagged
                row.fn += not flagged
            else:
                row.tn += not flagged
                row.fp += flagged
            truth, pred = pairs.setdefault(cid, ([], []))
            truth.append(int(case.expect_flag))
            pred.append(int(flagged))
            item.total += 1
            item.agreed += flagged == case.expect_flag
    for cid, (truth, pred) in pairs.items():
        rows[cid].kappa = _kappa(truth, pred)
    order = [c for c in rubric.criteria if c in rows]
    return CalibrationResult([rows[c] for c in order], list(items.values()), len(cases),
                             missing, list(notes))
