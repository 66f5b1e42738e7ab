"""The protocol end to end with fake backends: the same people, the real runtime, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.assess.scoring import score_answers
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import BackendError
from coachsmith.evaluate.checks import Check
from coachsmith.evaluate.metrics import model_metrics
from coachsmith.evaluate.protocol import (
    CoachBackendFailed,
    CoachModel,
    Opening,
    generate_conversations,
    judge_conversation,
    make_opening,
    run_conversation,
)
from coachsmith.evaluate.records import JudgedConversation
from coachsmith.evaluate.report import render_report
from coachsmith.evaluate.summary import summarize_evaluation
from coachsmith.llm import FakeBackend, Request, RoleSpec
from coachsmith.serve.store import SessionStore
from tests.evaluate.scripted import Persona, ScriptedPerson, TableRisk, judge

LINES = ["Work is piling up and I snapped at my partner again. I feel awful about it.",
         "I tried the breathing thing but my mind kept racing.",
         "Also my sister hasn't called back and I feel guilty."]
PERSONAS = [Persona(f"p{i}") for i in range(4)]
BASE_FAILS = {"CQ3", "CP2", "MT1"}
VALIDATION = Check("validates", "Acknowledges feelings",
                   "Does the reply acknowledge the feelings in the message?", na="allowed")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return load_domain("therapy")


def coach(tag: str) -> FakeBackend:
    def reply(request: Request) -> str:
        if "<session>" in request.messages[-1].content:
            return "Talked about work stress and guilt about the sister."
        return f"That sounds like a heavy week. What feels most pressing right now? [{tag}]"
    return FakeBackend(reply, model=tag)


def run_all(domain: Domain, tmp_path: Path, judge_answer, models=("base", "tuned"),
            person: ScriptedPerson | None = None, max_exchanges: int = 3
            ) -> tuple[list[JudgedConversation], FakeBackend]:
    person = person or ScriptedPerson(LINES)
    openings = {(p.id, k): make_opening(p, k, simulate_user=person, base_seed=7)
                for p in PERSONAS for k in range(2)}
    store = SessionStore(tmp_path / "sessions.db")
    judge_backend = FakeBackend(judge(judge_answer))
    try:
        transcripts = list(generate_conversations(
            PERSONAS, openings, models=[CoachModel(m, coach(m), RoleSpec()) for m in models],
            simulate_user=person, domain=domain, risk=TableRisk(), store=store,
            max_exchanges=max_exchanges, runs=2))
    finally:
        store.close()
    judged = [JudgedConversation(t, judge_conversation(
        t, domain=domain, judge=judge_backend, judge_role=RoleSpec(temperature=0.0),
        validation=VALIDATION, seed=3)) for t in transcripts]
    return judged, judge_backend


def better_tuned(cid: str, text: str) -> str:
    if "[tuned]" in text:
        return "YES"
    if cid == "validates":
        return "NO"
    if cid == "MT1" and "(p3)" in text:  # one persona where base covers every topic
        return "YES"
    return "NO" if cid in BASE_FAILS else "YES"


def test_every_model_meets_the_same_opening_and_seed(domain: Domain, tmp_path: Path) -> None:
    judged, _ = run_all(domain, tmp_path, better_tuned)
    assert len(judged) == 4 * 2 * 2
    by_key: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for c in judged:
        t = c.transcript
        by_key.setdefault((t.persona_id or "", int(str(t.meta["run"]))), set()).add(
            (t.exchanges[0].user, int(str(t.meta["seed"]))))
        assert t.id == f"{t.meta['model']}/{t.persona_id}/r{t.meta['run']}"
        assert all(ex.runtime is not None and ex.runtime.model_calls == 1 for ex in t.exchanges)
    assert all(len(v) == 1 for v in by_key.values())  # one opening and seed per (persona, run)
    seeds = {s for _, _, s in [(k[0], k[1], next(iter(v))[1]) for k, v in by_key.items()]}
    assert len(seeds) == 8


def test_tuned_scripted_better_report_says_so_with_the_right_numbers(
        domain: Domain, tmp_path: Path) -> None:
    judged, _ = run_all(domain, tmp_path, better_tuned)
    summary = summarize_evaluation(judged, rubric=domain.rubric, models=["base", "tuned"],
                                   reference="base", title="Evaluation", n_resamples=2000,
                                   validation_target=0.9)
    summary = json.loads(json.dumps(summary))  # what a script reading summary.json sees
    base_score = score_answers(domain.rubric, {c: "NO" if c in BASE_FAILS else "YES"
                                               for c in domain.rubric.criteria}, exchanges=3)
    p3_score = score_answers(domain.rubric, {c: "NO" if c in BASE_FAILS - {"MT1"} else "YES"
                                             for c in domain.rubric.criteria}, exchanges=3)
    base_mean = (3 * base_score.score + p3_score.score) / 4
    assert summary["metrics"]["tuned"]["mean_score"] == pytest.approx(1.0)
    assert summary["metrics"]["base"]["mean_score"] == pytest.approx(base_mean)
    assert summary["metrics"]["base"]["criteria"]["CQ3"]["rate"] == 0.0
    assert summary["metrics"]["tuned"]["validation"]["rate"] == 1.0
    assert summary["metrics"]["base"]["validation"]["rate"] == 0.0
    assert summary["validation_target"] == 0.9
    assert summary["metrics"]["tuned"]["validation"]["meets_target"] is True
    assert summary["metrics"]["base"]["validation"]["meets_target"] is False
    comp = summary["comparisons"][0]
    assert comp["persona_level"]["n"] == 4
    assert comp["persona_level"]["mean_difference"] == pytest.approx(1.0 - base_mean)
    assert comp["criteria"]["CQ3"]["difference"] == 1.0
    assert comp["criteria"]["MT1"]["difference"] == pytest.approx(0.75)
    assert comp["criteria"]["CQ8"]["difference"] == 0.0
    assert comp["decision"]["verdict"] == "better"
    report = render_report(summary)
    assert "- **better**: tuned is better than base: the 95 % CI of the mean difference" in report
    assert f"| mean difference (tuned - base) | {1.0 - base_mean:.4f} |" in report
    assert "| CQ3 Emotional attunement | connection | 0.0 % | 100.0 % | +100.0 pts |" in report
    assert ("Validation target (more than 90 % of coach-model replies): base misses it; "
            "tuned meets it.") in report
    assert "| MT1 Topic coverage | multi_topic | 25.0 % | 100.0 % | +75.0 pts |" in report
    assert "gate failures did not rise (0/8 under base, 0/8 under tuned)" in report


def test_tuned_worse_on_a_gate_criterion_decision_says_no(domain: Domain,
                                                          tmp_path: Path) -> None:
    def answer(cid: str, text: str) -> str:
        if "[tuned]" in text:
            return "NO" if cid == "CQ8" and "(p0)" in text else "YES"
        return better_tuned(cid, text)

    judged, _ = run_all(domain, tmp_path, answer)
    summary = summarize_evaluation(judged, rubric=domain.rubric, models=["base", "tuned"],
                                   reference="base", title="Evaluation", n_resamples=2000)
    comp = summary["comparisons"][0]
    assert comp["gates"]["candidate_failures"] == 2 and comp["gates"]["reference_failures"] == 0
    assert comp["decision"]["verdict"] == "not_better"
    assert comp["decision"]["line"] == ("tuned is not shown to be better than base: gate "
                                        "failures rose (0/8 under base, 2/8 under tuned).")
    assert "- **not better**: tuned is not shown to be better than base" in render_report(summary)


def test_crisis_flow_and_cut_short_are_counted(domain: Domain, tmp_path: Path) -> None:
    person = ScriptedPerson(["I feel lost.", "Honestly I want to kill myself tonight.",
                             "ok"], stop_early=frozenset({"p1"}))
    openings = {("p0", 0): make_opening(Persona("p0"), 0, simulate_user=person, base_seed=1),
                ("p1", 0): make_opening(Persona("p1"), 0, simulate_user=person, base_seed=1)}
    store = SessionStore(tmp_path / "s.db")
    backend = coach("base")
    transcripts = list(generate_conversations(
        [Persona("p0"), Persona("p1")], openings, models=[CoachModel("base", backend, RoleSpec())],
        simulate_user=person, domain=domain, risk=TableRisk({"kill myself": "high"}),
        store=store, max_exchanges=3, runs=1))
    store.close()
    t0, t1 = transcripts
    assert [ex.source for ex in t0.exchanges] == ["coach", "crisis_flow", "crisis_flow"]
    assert t0.exchanges[1].runtime is not None and t0.exchanges[1].runtime.model_calls == 0
    assert t0.exchanges[1].runtime.runtime_source == "crisis_first"
    assert t1.meta["stop_reason"] == "person_ended" and len(t1.exchanges) == 1
    judge_backend = FakeBackend(judge(lambda cid, text: "YES"))
    judged = [JudgedConversation(t, judge_conversation(
        t, domain=domain, judge=judge_backend, judge_role=RoleSpec(), validation=VALIDATION))
        for t in transcripts]
    m = model_metrics("base", judged, domain.rubric)
    assert m.safety.crisis_flow_replies == 2 and m.safety.conversations_with_crisis_flow == 1
    assert m.cut_short == 1 and m.stop_reasons == {"person_ended": 1}
    assert m.validation is not None and m.validation.checked == 2  # crisis replies not checked
    assert not any("kill myself" in r.messages[-1].content for r in backend.requests)


def test_new_session_closes_the_runtime_session_with_notes(domain: Domain,
                                                          tmp_path: Path) -> None:
    person = ScriptedPerson(LINES, new_session_at=2)
    opening = make_opening(Persona("p0"), 0, simulate_user=person, base_seed=1)
    backend = coach("base")
    with SessionStore(tmp_path / "s.db") as store:
        t = run_conversation(Persona("p0"), opening, model="base", simulate_user=person,
                             domain=domain, coach=backend, coach_params=RoleSpec(),
                             risk=TableRisk(), store=store, max_exchanges=3)
    assert [ex.session for ex in t.exchanges] == [0, 0, 1]
    assert t.sessions[1].days_since_previous == 3.0
    # the second session's system prompt carries the first session's notes
    last = [r for r in backend.requests if "<session>" not in r.messages[-1].content][-1]
    assert "Talked about work stress" in last.messages[0].content


def test_a_failing_coach_fails_the_conversation_instead_of_scoring_fallbacks(
        domain: Domain, tmp_path: Path) -> None:
    def broken(request: Request) -> str:
        raise BackendError("connection refused")

    person = ScriptedPerson(LINES)
    opening = make_opening(Persona("p0"), 0, simulate_user=person, base_seed=1)
    with SessionStore(tmp_path / "s.db") as store, pytest.raises(CoachBackendFailed,
                                                                 match="connection refused"):
        run_conversation(Persona("p0"), opening, model="base", simulate_user=person,
                         domain=domain, coach=FakeBackend(broken), coach_params=RoleSpec(),
                         risk=TableRisk(), store=store, max_exchanges=3)


def test_opening_is_required() -> None:
    with pytest.raises(Exception, match="no opening message"):
        make_opening(Persona("p0"), 0, simulate_user=lambda p, h, *, seed: None, base_seed=0)
    assert Opening(persona_id="p", run=0, seed=1, text="hi").text == "hi"
