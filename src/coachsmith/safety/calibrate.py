"""Choosing the risk thresholds: the whole trade-off, and one point on it for an explicit cost.

Pure functions, no I/O. The risk classifier asks the **check question** when a message is rated
high (a phrase rule, or the model's ``P(high)`` at or above ``check``), and sends the **full
crisis message** at once when the rating is sure (a phrase rule, or ``P(high)`` at or above
``crisis``). Lower thresholds catch more high-risk messages and interrupt more people who were
not at risk; :func:`operating_curve` measures both for every pair of thresholds on labelled
messages (the held-out calibration set at training time, the sealed test set in the benchmark), and
:func:`choose_operating_point` picks the pair with the lowest total cost::

    cost = miss * (high messages not rated high)
         + check * (not-high messages that get the check question)
         + full_alarm * (not-high messages that get the full crisis message)
         + slow_high * (high messages that get the check question first)

among the pairs that keep ``recall_floor`` in every category (all pairs if none does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

#: Kinds of not-high messages whose false-alarm rates are reported on their own.
TRACKED_KINDS = ("support_opener", "safe_violent_words", "service_question")

Label = tuple[bool, tuple[str, ...], str]  # (is high, categories, kind)


@dataclass(frozen=True)
class CurvePoint:
    """Outcomes at one pair of thresholds.

    Attributes:
        check: ``P(high)`` at or above which a message is rated high (the check question).
        crisis: ``P(high)`` at or above which a high rating is sure (the full crisis message).
        recall: Per category, the share of its high messages rated high.
        high_recall: The share of all high messages rated high.
        check_rate: Share of the not-high messages rated high (either message).
        full_rate: Share of the not-high messages sent the full crisis message.
        slow_high: Share of the high messages that get the check question first.
        kinds: For each of :data:`TRACKED_KINDS` present, the share rated high.
        cost: Total cost at the costs the curve was scored with (0 before scoring).
    """

    check: float
    crisis: float
    recall: dict[str, float]
    high_recall: float
    check_rate: float
    full_rate: float
    slow_high: float
    kinds: dict[str, float] = field(default_factory=dict)
    cost: float = 0.0

    @property
    def min_recall(self) -> float:
        """The lowest recall of any category (1.0 with no high messages)."""
        return min(self.recall.values(), default=1.0)


@dataclass(frozen=True)
class Curve:
    """Every point measured, with the counts they rest on."""

    points: list[CurvePoint]
    n_high: int
    n_not_high: int


def threshold_grid(scores: npt.ArrayLike, size: int = 120) -> list[float]:
    """Candidate thresholds: quantiles of the scores, plus a fine grid near 0 and 1."""
    values = np.asarray(scores, dtype=np.float64)
    qs = np.quantile(values, np.linspace(0, 1, size)) if len(values) else np.zeros(0)
    fixed = np.concatenate([np.geomspace(1e-4, 0.05, 12), np.linspace(0.05, 0.95, 19),
                            1 - np.geomspace(1e-4, 0.05, 12)])
    grid = np.unique(np.clip(np.concatenate([qs, fixed]), 1e-6, 1.0))
    return [round(float(g), 6) for g in grid]


def operating_curve(p_high: npt.ArrayLike, phrase_high: npt.ArrayLike, labels: Sequence[Label],
                    grid: Sequence[float] | None = None) -> Curve:
    """Outcomes at every ``check <= crisis`` pair of ``grid`` (default :func:`threshold_grid`).

    Args:
        p_high: The model's ``P(high)`` per message.
        phrase_high: Whether the phrase layer alone rates each message high (always sure).
        labels: ``(is high, categories, kind)`` per message.
        grid: Thresholds to try.
    """
    p = np.asarray(p_high, dtype=np.float64)
    phrase = np.asarray(phrase_high, dtype=bool)
    high = np.array([lab[0] for lab in labels], dtype=bool)
    cats = sorted({c for lab in labels if lab[0] for c in lab[1]})
    members = {c: np.array([lab[0] and c in lab[1] for lab in labels]) for c in cats}
    kinds = {k: np.array([not lab[0] and lab[2] == k for lab in labels]) for k in TRACKED_KINDS}
    kinds = {k: m for k, m in kinds.items() if m.any()}
    thresholds = list(grid) if grid is not None else threshold_grid(p)
    points = []
    for check in thresholds:
        rated = phrase | (p >= check)
        recall = {c: round(float(rated[m].mean()), 4) for c, m in members.items()}
        check_rate = float(rated[~high].mean()) if (~high).any() else 0.0
        kind_rates = {k: round(float(rated[m].mean()), 4) for k, m in kinds.items()}
        high_recall = round(float(rated[high].mean()), 4) if high.any() else 1.0
        for crisis in thresholds:
            if crisis < check:
                continue
            sure = phrase | (p >= crisis)
            points.append(CurvePoint(
                check, crisis, recall, high_recall, round(check_rate, 4),
                round(float(sure[~high].mean()), 4) if (~high).any() else 0.0,
                round(float((rated & ~sure)[high].mean()), 4) if high.any() else 0.0,
                kind_rates))
    return Curve(points, int(high.sum()), int((~high).sum()))


def point_cost(point: CurvePoint, curve: Curve, costs: Mapping[str, float],
               prevalence: float | None = None) -> float:
    """Cost of ``point``: per message of traffic in which a share ``prevalence`` is high, or,
    without one, the total over the counts of ``curve`` (the labelled set's own mix)."""
    n_high, n_not_high = ((prevalence, 1.0 - prevalence) if prevalence is not None
                          else (curve.n_high, curve.n_not_high))
    misses = (1.0 - point.high_recall) * n_high
    checked_only = (point.check_rate - point.full_rate) * n_not_high
    return float(costs.get("miss", 0.0) * misses + costs.get("check", 0.0) * checked_only
                 + costs.get("full_alarm", 0.0) * point.full_rate * n_not_high
                 + costs.get("slow_high", 0.0) * point.slow_high * n_high)


def choose_operating_point(curve: Curve, costs: Mapping[str, float],
                           recall_floor: float = 0.98,
                           prevalence: float | None = None) -> CurvePoint:
    """The cheapest point that keeps ``recall_floor`` in every category.

    When no point keeps it, the cheapest among those with the highest lowest-category recall.
    ``prevalence`` (the share of high messages in real traffic) weighs the rates; without it,
    the labelled set's own counts do, and a set written with many high messages makes a miss
    look far more common than it is.

    Raises:
        ValueError: The curve has no points, or ``prevalence`` is not in (0, 1).
    """
    if prevalence is not None and not 0.0 < prevalence < 1.0:
        raise ValueError(f"prevalence must be in (0, 1), got {prevalence}")
    if not curve.points:
        raise ValueError("the curve has no points")
    scored = [CurvePoint(p.check, p.crisis, p.recall, p.high_recall, p.check_rate, p.full_rate, p.slow_high,
                         p.kinds, round(point_cost(p, curve, costs, prevalence), 6))
              for p in curve.points]
    allowed = [p for p in scored if p.min_recall >= recall_floor]
    if not allowed:
        best = max(p.min_recall for p in scored)
        allowed = [p for p in scored if p.min_recall == best]
    return min(allowed, key=lambda p: (p.cost, -p.check, -p.crisis))
