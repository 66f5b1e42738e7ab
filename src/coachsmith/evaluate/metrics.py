"""Metrics of one model over its judged conversations. Pure: no I/O, no LLM calls.

* **Scores**: mean (and SD) of the rubric score, pass rate, gate failures.
* **Per criterion**: share of conversations where the criterion was met (YES, or NA where the
  rubric allows it), among those where it was assessed; YES/NO/NA/ERROR counts.
* **Per category**: mean category score (the share of the category's assessed criteria met).
* **Validation rate**: share of coach-model replies that acknowledge the feelings in the message
  they answer, among replies to messages that express feelings. Measured by a per-turn judge
  check (``TurnCheck``; NA = the message expressed no feeling, left out; ERROR counts as not
  validated). Crisis-flow replies are vetted text identical for every model, so they are not
  checked.
* **Latency**: p50/p95 of the whole turn's wall time and tokens/s of generation, over replies
  whose model calls were not cache hits.
* **Cut short**: conversations whose ``meta.stop_reason`` is set.
* **Safety layers**: crisis-flow replies, and replies where the response filter stepped in
  (a broken rule, a regeneration, the fallback or appended resources), with counts per rule.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coachsmith.domain import Rubric
from coachsmith.evaluate.compare import ScoreRow
from coachsmith.evaluate.records import JudgedConversation, Judgement


@dataclass(frozen=True)
class CriterionRate:
    """How often one criterion was met."""

    assessed: int
    met: int
    yes: int = 0
    no: int = 0
    na: int = 0
    error: int = 0

    @property
    def rate(self) -> float | None:
        return self.met / self.assessed if self.assessed else None


@dataclass(frozen=True)
class ValidationRate:
    """Per-turn validation checks of one model's coach-model replies."""

    checked: int
    validated: int
    not_validated: int
    not_applicable: int
    errors: int

    @property
    def counted(self) -> int:
        """Replies in the rate: validated, not validated, or unjudgeable (ERROR)."""
        return self.validated + self.not_validated + self.errors

    @property
    def rate(self) -> float | None:
        return self.validated / self.counted if self.counted else None


@dataclass(frozen=True)
class Latency:
    """Reply latency and generation speed over replies that were not cache hits."""

    timed_replies: int
    cached_replies: int
    p50_s: float | None
    p95_s: float | None
    tokens_per_s: float | None


@dataclass(frozen=True)
class SafetyLayers:
    """How often the runtime's safety layers stepped in."""

    replies: int
    crisis_flow_replies: int
    conversations_with_crisis_flow: int
    filtered_replies: int
    regenerations: int
    fallbacks: int
    resources_appended: int
    rules: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelMetrics:
    """Every metric of one model."""

    model: str
    conversations: int
    personas: int
    exchanges: int
    mean_score: float
    sd_score: float | None
    pass_rate: float
    gate_failures: int
    criteria: dict[str, CriterionRate]
    categories: dict[str, float]
    validation: ValidationRate | None
    latency: Latency
    cut_short: int
    stop_reasons: dict[str, int]
    safety: SafetyLayers


def score_rows(judgements: Sequence[Judgement]) -> list[ScoreRow]:
    """The score table the statistics read: one row per judged conversation."""
    return [ScoreRow(j.model, j.persona_id, j.run, j.score, j.passed, j.safety_gate_failed)
            for j in judgements]


def model_metrics(model: str, conversations: Sequence[JudgedConversation],
                  rubric: Rubric) -> ModelMetrics:
    """Every metric of one model's judged conversations.

    Raises:
        ValueError: No conversations, or one belongs to another model.
    """
    if not conversations:
        raise ValueError(f"model {model!r} has no judged conversations")
    others = sorted({c.judgement.model for c in conversations} - {model})
    if others:
        raise ValueError(f"conversations of other models mixed in: {', '.join(others)}")
    judgements = [c.judgement for c in conversations]
    scores = [j.score for j in judgements]
    stop = Counter(str(c.transcript.meta["stop_reason"]) for c in conversations
                   if c.transcript.meta.get("stop_reason"))
    return ModelMetrics(
        model=model,
        conversations=len(conversations),
        personas=len({j.persona_id for j in judgements}),
        exchanges=sum(len(c.transcript.exchanges) for c in conversations),
        mean_score=math.fsum(scores) / len(scores),
        sd_score=float(np.std(scores, ddof=1)) if len(scores) > 1 else None,
        pass_rate=sum(j.passed for j in judgements) / len(judgements),
        gate_failures=sum(j.safety_gate_failed for j in judgements),
        criteria=criterion_rates(judgements, rubric),
        categories=category_means(judgements, rubric),
        validation=validation_rate(judgements),
        latency=latency(conversations),
        cut_short=sum(stop.values()),
        stop_reasons=dict(sorted(stop.items())),
        safety=safety_layers(conversations),
    )


def criterion_rates(judgements: Sequence[Judgement], rubric: Rubric) -> dict[str, CriterionRate]:
    """Per criterion, in rubric order: how often it was met where it was assessed.

    A criterion a conversation should have been judged on but has no verdict for counts as
    ERROR (not met), as in scoring.
    """
    out: dict[str, CriterionRate] = {}
    for cid, criterion in rubric.criteria.items():
        counts: Counter[str] = Counter()
        for j in judgements:
            if cid in j.not_assessed:
                continue
            verdict = j.verdicts.get(cid)
            counts[verdict.answer if verdict is not None else "ERROR"] += 1
        assessed = sum(counts.values())
        met = counts["YES"] + (counts["NA"] if criterion.na == "allowed" else 0)
        out[cid] = CriterionRate(assessed, met, counts["YES"], counts["NO"], counts["NA"],
                                 counts["ERROR"])
    return out


def category_means(judgements: Sequence[Judgement], rubric: Rubric) -> dict[str, float]:
    """Mean category score per category, in rubric order."""
    return {name: math.fsum(j.category_scores.get(name, 0.0) for j in judgements)
            / len(judgements) for name in rubric.categories} if judgements else {}


def validation_rate(judgements: Sequence[Judgement]) -> ValidationRate | None:
    """Validation checks summed over conversations; None when no turn was checked."""
    checks = [c for j in judgements for c in j.validation]
    if not checks:
        return None
    counts = Counter(c.answer for c in checks)
    return ValidationRate(len(checks), counts["YES"], counts["NO"], counts["NA"],
                          counts["ERROR"])


def latency(conversations: Sequence[JudgedConversation]) -> Latency:
    """p50/p95 turn latency and tokens/s (total generated tokens over total generation time)."""
    stats = [ex.runtime for c in conversations for ex in c.transcript.exchanges
             if ex.runtime is not None and ex.runtime.model_calls > 0]
    timed = [s for s in stats if not s.from_cache]
    if not timed:
        return Latency(0, len(stats), None, None, None)
    times = np.asarray([s.latency_s for s in timed], dtype=float)
    seconds = math.fsum(s.generation_s for s in timed)
    tokens = sum(s.output_tokens for s in timed)
    return Latency(len(timed), len(stats) - len(timed), float(np.percentile(times, 50)),
                   float(np.percentile(times, 95)), tokens / seconds if seconds > 0 else None)


def safety_layers(conversations: Sequence[JudgedConversation]) -> SafetyLayers:
    """Crisis-flow replies and response-filter interventions."""
    replies = crisis = filtered = regenerations = fallbacks = appended = 0
    with_crisis = 0
    rules: Counter[str] = Counter()
    for c in conversations:
        any_crisis = False
        for ex in c.transcript.exchanges:
            replies += 1
            if ex.source == "crisis_flow":
                crisis += 1
                any_crisis = True
            s = ex.runtime
            if s is None:
                continue
            if s.filter_rules or s.regenerations or s.fell_back or s.resources_appended:
                filtered += 1
            regenerations += s.regenerations
            fallbacks += s.fell_back
            appended += s.resources_appended
            rules.update(s.filter_rules)
        with_crisis += any_crisis
    return SafetyLayers(replies, crisis, with_crisis, filtered, regenerations, fallbacks,
                        appended, dict(sorted(rules.items())))
