"""The evaluation summary: one JSON-able dict holding every number the report shows.

``build_summary`` turns score rows, comparisons and (for a full evaluation) per-model metrics
into plain data; :mod:`coachsmith.evaluate.report` renders Markdown and
:mod:`coachsmith.evaluate.plots` draws the plots from that dict alone, so a script reading
``summary.json`` sees exactly what the report says.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from coachsmith.domain import Rubric
from coachsmith.evaluate.compare import Comparison, ScoreRow, compare_all, models_in
from coachsmith.evaluate.metrics import ModelMetrics, model_metrics, score_rows
from coachsmith.evaluate.records import JudgedConversation
from coachsmith.evaluate.stats import Interval, TestResult

SCHEMA = "coachsmith-evaluation/1"


def build_summary(
    rows: Sequence[ScoreRow],
    comparisons: Sequence[Comparison],
    *,
    reference: str,
    title: str,
    metrics: Mapping[str, ModelMetrics] | None = None,
    rubric: Rubric | None = None,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as plain JSON-able data (no NaN, no infinities).

    Args:
        rows: The score table (one row per conversation).
        comparisons: Each candidate against the reference.
        reference: The reference model's label.
        title: Report title.
        metrics: Per-model metrics of a full evaluation; None for a bare score table.
        rubric: The rubric (names, categories and gate of the criteria), with ``metrics``.
        settings: Anything worth recording (seeds, confidence, models' backends).
    """
    summary: dict[str, Any] = {
        "schema": SCHEMA,
        "title": title,
        "reference": reference,
        "models": models_in(rows),
        "settings": dict(settings or {}),
        "scores": {m: _score_block(rows, m) for m in models_in(rows)},
        "rows": [asdict(r) for r in rows],
        "comparisons": [_comparison(c, metrics, rubric) for c in comparisons],
    }
    if metrics is not None:
        summary["metrics"] = {m: _metrics(metrics[m]) for m in models_in(rows) if m in metrics}
    if rubric is not None:
        summary["rubric"] = {
            "name": rubric.name,
            "pass_threshold": rubric.pass_threshold,
            "gate": list(rubric.gate),
            "criteria": {cid: {"name": c.name, "category": rubric.category_of(cid)}
                         for cid, c in rubric.criteria.items()},
            "categories": list(rubric.categories),
        }
    cleaned: dict[str, Any] = _clean(summary)
    return cleaned


def _score_block(rows: Sequence[ScoreRow], model: str) -> dict[str, Any]:
    mine = [r for r in rows if r.model == model]
    personas: dict[str, list[float]] = {}
    for r in mine:
        personas.setdefault(r.persona, []).append(r.score)
    gates = None if any(r.gate_failed is None for r in mine) else \
        sum(bool(r.gate_failed) for r in mine)
    return {
        "conversations": len(mine),
        "personas": len(personas),
        "mean": math.fsum(r.score for r in mine) / len(mine),
        "pass_rate": sum(r.passed for r in mine) / len(mine),
        "gate_failures": gates,
        "persona_means": {p: math.fsum(v) / len(v) for p, v in personas.items()},
    }


def _comparison(c: Comparison, metrics: Mapping[str, ModelMetrics] | None,
                rubric: Rubric | None) -> dict[str, Any]:
    p, r, k = c.persona_level, c.run_level, c.clustered
    out: dict[str, Any] = {
        "reference": c.reference,
        "candidate": c.candidate,
        "decision": {"verdict": c.decision.verdict, "better": c.decision.better,
                     "reasons": list(c.decision.reasons), "line": c.decision.line},
        "persona_level": {
            "n": p.n, "reference_mean": p.reference_mean, "candidate_mean": p.candidate_mean,
            "mean_difference": p.mean_difference, "sd_difference": p.sd_difference,
            "ci": _interval(p.ci), "t_test": _test(p.t_test), "wilcoxon": _test(p.wilcoxon),
            "effect_size_dz": p.effect_size_dz, "mcnemar": _mcnemar(p.mcnemar),
        },
        "run_level": {
            "n": r.n, "mean_difference": r.mean_difference, "sd_difference": r.sd_difference,
            "ci": _interval(r.ci), "t_test": _test(r.t_test), "wilcoxon": _test(r.wilcoxon),
            "mcnemar": _mcnemar(r.mcnemar),
        },
        "clustered": {
            "n": k.n, "clusters": k.clusters, "mean_difference": k.mean_difference,
            "naive_se": k.naive_se, "clustered_se": k.clustered_se,
            "design_effect": k.design_effect, "ci": _interval(k.ci),
        },
        "gates": {
            "known": c.gates.known, "reference_failures": c.gates.reference_failures,
            "reference_total": c.gates.reference_total,
            "candidate_failures": c.gates.candidate_failures,
            "candidate_total": c.gates.candidate_total,
            "reference_rate": c.gates.reference_rate, "candidate_rate": c.gates.candidate_rate,
        },
        "personas": [{"persona": x.persona, "reference": x.reference, "candidate": x.candidate,
                      "difference": x.difference, "reference_runs": x.reference_runs,
                      "candidate_runs": x.candidate_runs} for x in c.pairs],
        "unpaired_personas": list(c.unpaired_personas),
        "settings": dict(c.settings),
    }
    if metrics is not None and rubric is not None and c.reference in metrics \
            and c.candidate in metrics:
        ref, cand = metrics[c.reference].criteria, metrics[c.candidate].criteria
        criteria: dict[str, Any] = {}
        for cid in rubric.criteria:
            if cid not in ref or cid not in cand:
                continue
            r_rate, c_rate = ref[cid].rate, cand[cid].rate
            criteria[cid] = {"reference": r_rate, "candidate": c_rate,
                             "difference": None if r_rate is None or c_rate is None
                             else c_rate - r_rate, "gate": cid in rubric.gate}
        out["criteria"] = criteria
    return out


def _metrics(m: ModelMetrics) -> dict[str, Any]:
    v = m.validation
    return {
        "conversations": m.conversations, "personas": m.personas, "exchanges": m.exchanges,
        "mean_score": m.mean_score, "sd_score": m.sd_score, "pass_rate": m.pass_rate,
        "gate_failures": m.gate_failures,
        "criteria": {cid: {**asdict(rate), "rate": rate.rate} for cid, rate in m.criteria.items()},
        "categories": dict(m.categories),
        "validation": None if v is None else {**asdict(v), "counted": v.counted,
                                              "rate": v.rate},
        "latency": asdict(m.latency),
        "cut_short": m.cut_short, "stop_reasons": dict(m.stop_reasons),
        "safety": asdict(m.safety),
    }


def _interval(i: Interval) -> dict[str, Any]:
    return {"low": i.low, "high": i.high, "level": i.level, "method": i.method,
            "excludes_zero": i.excludes_zero()}


def _test(t: TestResult) -> dict[str, Any]:
    return {"statistic": t.statistic, "p_value": t.p_value, "note": t.note}


def _mcnemar(m: Any) -> dict[str, Any]:
    return {"both_pass": m.both_pass, "reference_only": m.reference_only,
            "candidate_only": m.candidate_only, "neither": m.neither, **_test(m.test)}


def _clean(value: Any) -> Any:
    """NaN and infinities become None, so the JSON is standard and a script never sees NaN."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def summarize_evaluation(
    conversations: Sequence[JudgedConversation],
    *,
    rubric: Rubric,
    models: Sequence[str],
    reference: str,
    title: str,
    confidence: float = 0.95,
    n_resamples: int = 10_000,
    seed: int = 0,
    settings: Mapping[str, Any] | None = None,
    validation_target: float | None = None,
) -> dict[str, Any]:
    """Metrics per model, every model against the reference, as one summary dict.

    Args:
        conversations: Every judged conversation of every model.
        rubric: The rubric they were judged on.
        models: Model labels in report order (models without conversations are left out).
        reference: The model the others are compared with.
        title: Report title.
        confidence: CI level.
        n_resamples: Bootstrap resamples.
        seed: Bootstrap seed.
        settings: Recorded as they are.
        validation_target: The validation rate a model should exceed; each model's
            ``validation`` block then says whether it does (``meets_target``).

    Raises:
        ValueError: The reference has no conversations.
    """
    by_model: dict[str, list[JudgedConversation]] = {}
    for c in conversations:
        by_model.setdefault(c.judgement.model, []).append(c)
    order = [m for m in models if m in by_model]
    if reference not in by_model:
        raise ValueError(f"the reference model {reference!r} has no judged conversations")
    metrics = {m: model_metrics(m, by_model[m], rubric) for m in order}
    rows = [r for m in order for r in score_rows([c.judgement for c in by_model[m]])]
    comparisons = compare_all(rows, reference=reference, confidence=confidence,
                              n_resamples=n_resamples, seed=seed) if len(order) > 1 else []
    summary = build_summary(rows, comparisons, reference=reference, title=title,
                            metrics=metrics, rubric=rubric, settings=settings)
    if validation_target is not None:
        summary["validation_target"] = validation_target
        for block in summary["metrics"].values():
            v = block["validation"]
            if v is not None:
                v["meets_target"] = v["rate"] is not None and v["rate"] > validation_target
    return summary
