"""Metrics over judged conversations, computed by hand on small fixed cases."""

from __future__ import annotations

import numpy as np
import pytest

from coachsmith.domain import load_domain
from coachsmith.evaluate.metrics import (
    criterion_rates,
    latency,
    model_metrics,
    safety_layers,
    score_rows,
    validation_rate,
)
from coachsmith.evaluate.records import CriterionAnswer, JudgedConversation, Judgement, TurnCheck
from coachsmith.records import Exchange, ReplyStats, Transcript

RUBRIC = load_domain("therapy").rubric


def judged(model: str, persona: str, *, score: float = 0.9, passed: bool = True,
           gate: bool = False, verdicts: dict[str, str] | None = None,
           exchanges: list[Exchange] | None = None, checks: list[str] = (),
           stop: str | None = None, not_assessed: list[str] | None = None) -> JudgedConversation:
    meta: dict[str, object] = {"model": model, "run": 0}
    if stop:
        meta["stop_reason"] = stop
    t = Transcript(id=f"{model}/{persona}/r0", persona_id=persona, meta=meta,
                   exchanges=exchanges or [Exchange(user="u", assistant="a")])
    j = Judgement(conversation_id=t.id, model=model, persona_id=persona, run=0, seed=1,
                  rubric="r", exchanges=len(t.exchanges), score=score, passed=passed,
                  safety_gate_failed=gate,
                  verdicts={c: CriterionAnswer(answer=a) for c, a in (verdicts or {}).items()},
                  category_scores={"connection": score},
                  not_assessed=not_assessed or [],
                  validation=[TurnCheck(exchange=i, answer=a) for i, a in enumerate(checks)])
    return JudgedConversation(t, j)


def stats(latency_s: float, tokens: int, gen: float, *, cached: bool = False,
          calls: int = 1, **kw: object) -> ReplyStats:
    return ReplyStats(latency_s=latency_s, model_calls=calls, output_tokens=tokens,
                      generation_s=gen, from_cache=cached, **kw)  # type: ignore[arg-type]


def test_scores_pass_rate_and_gate_failures() -> None:
    convs = [judged("m", "p1", score=0.9), judged("m", "p2", score=0.5, passed=False, gate=True),
             judged("m", "p2", score=0.7, passed=False)]
    convs[2] = JudgedConversation(convs[2].transcript.model_copy(update={"id": "m/p2/r1"}),
                                  convs[2].judgement.model_copy(update={"run": 1}))
    m = model_metrics("m", convs, RUBRIC)
    assert m.conversations == 3 and m.personas == 2
    assert m.mean_score == pytest.approx(0.7)
    assert m.sd_score == pytest.approx(np.std([0.9, 0.5, 0.7], ddof=1))
    assert m.pass_rate == pytest.approx(1 / 3)
    assert m.gate_failures == 1
    assert m.categories["connection"] == pytest.approx(0.7)
    assert [(r.model, r.persona, r.run, r.gate_failed) for r in score_rows(
        [c.judgement for c in convs])] == [("m", "p1", 0, False), ("m", "p2", 0, True),
                                           ("m", "p2", 1, False)]


def test_criterion_rates_count_na_where_allowed_and_missing_as_error() -> None:
    js = [judged("m", "p1", verdicts={"CQ2": "NA", "CQ1": "NA", "MT4": "YES"}).judgement,
          judged("m", "p2", verdicts={"CQ2": "NO", "CQ1": "YES"}, not_assessed=["MT4"]).judgement]
    rates = criterion_rates(js, RUBRIC)
    assert (rates["CQ2"].met, rates["CQ2"].assessed, rates["CQ2"].na) == (1, 2, 1)  # NA allowed
    assert (rates["CQ1"].met, rates["CQ1"].assessed) == (1, 2)  # NA invalid for CQ1
    assert (rates["MT4"].assessed, rates["MT4"].met) == (1, 1)  # not assessed on p2
    assert (rates["CQ8"].error, rates["CQ8"].rate) == (2, 0.0)  # never answered: ERROR
    assert list(rates) == RUBRIC.criterion_ids()


def test_validation_rate_leaves_out_na_and_counts_errors_as_not_validated() -> None:
    v = validation_rate([judged("m", "p", checks=["YES", "YES", "NA", "NO", "ERROR"]).judgement])
    assert v is not None
    assert (v.checked, v.validated, v.not_applicable, v.counted) == (5, 2, 1, 4)
    assert v.rate == pytest.approx(0.5)
    assert validation_rate([judged("m", "p").judgement]) is None


def test_latency_percentiles_and_tokens_per_second_skip_cache_hits_and_crisis_replies() -> None:
    ex = [Exchange(user="u", assistant="a", runtime=stats(t, 50, t * 0.8))
          for t in (1.0, 2.0, 3.0, 4.0)]
    ex.append(Exchange(user="u", assistant="a", runtime=stats(0.01, 50, 0.0, cached=True)))
    ex.append(Exchange(user="u", assistant="crisis", source="crisis_flow",
                       runtime=stats(0.02, 0, 0.0, calls=0)))
    lat = latency([judged("m", "p", exchanges=ex)])
    assert (lat.timed_replies, lat.cached_replies) == (4, 1)
    assert lat.p50_s == pytest.approx(2.5)
    assert lat.p95_s == pytest.approx(np.percentile([1, 2, 3, 4], 95))
    assert lat.tokens_per_s == pytest.approx(200 / 8.0)


def test_safety_layers_count_crisis_flow_and_filter_steps() -> None:
    ex = [Exchange(user="u", assistant="a", runtime=stats(1, 5, 1, filter_rules=["diagnosis"],
                                                          regenerations=1)),
          Exchange(user="u", assistant="a", runtime=stats(1, 5, 1, calls=3,
                                                          filter_rules=["diagnosis", "guarantee"],
                                                          regenerations=2, fell_back=True)),
          Exchange(user="u", assistant="a", runtime=stats(1, 5, 1, resources_appended=True)),
          Exchange(user="u", assistant="c", source="crisis_flow",
                   runtime=stats(0.1, 0, 0, calls=0)),
          Exchange(user="u", assistant="a", runtime=stats(1, 5, 1))]
    s = safety_layers([judged("m", "p", exchanges=ex), judged("m", "q")])
    assert (s.replies, s.crisis_flow_replies, s.conversations_with_crisis_flow) == (6, 1, 1)
    assert (s.filtered_replies, s.regenerations, s.fallbacks, s.resources_appended) == (3, 3, 1, 1)
    assert s.rules == {"diagnosis": 2, "guarantee": 1}


def test_cut_short_and_model_checks() -> None:
    m = model_metrics("m", [judged("m", "p", stop="person_ended"), judged("m", "q")], RUBRIC)
    assert m.cut_short == 1 and m.stop_reasons == {"person_ended": 1}
    with pytest.raises(ValueError, match="no judged conversations"):
        model_metrics("m", [], RUBRIC)
    with pytest.raises(ValueError, match="other models mixed in: x"):
        model_metrics("m", [judged("x", "p")], RUBRIC)
