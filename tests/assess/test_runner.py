from __future__ import annotations

import json
import threading
import time

import pytest

from coachsmith.assess.judge import JudgeAnswer
from coachsmith.assess.runner import (
    JournalEntry,
    JudgeSettings,
    Unfinished,
    assess_transcripts,
    majority,
    transcript_digest,
)
from coachsmith.domain import load_domain
from coachsmith.errors import BackendError
from coachsmith.llm import FakeBackend, Request, Response
from coachsmith.records import Assessment
from tests.factories import criterion_of, make_transcript, verdict, yes_judge

THERAPY = load_domain("therapy")


def _run(transcripts, backend, settings=None, **kw):  # type: ignore[no-untyped-def]
    return list(assess_transcripts(transcripts, domain=THERAPY, backend=backend,
                                   settings=settings or JudgeSettings(), **kw))


@pytest.mark.parametrize("bad", [
    "I think the coach did well.",                     # prose instead of JSON
    '{"reasoning": "r", "answer": "MAYBE"}',            # wrong answer word
    '{"reasoning": "r"}',                               # missing key
    '{"reasoning": "r", "answer": "YES"',               # cut off
])
def test_unparseable_answers_are_retried_then_error_and_fail_the_gate(bad: str) -> None:
    asked: list[Request] = []

    def judge(request: Request) -> Response:
        asked.append(request)
        return Response(text=bad if criterion_of(request) == "CQ8" else verdict("YES"))

    [a] = _run([make_transcript("t", 4)], FakeBackend(judge), JudgeSettings(max_attempts=3))
    assert isinstance(a, Assessment)
    cq8 = a.verdicts["CQ8"]
    assert cq8.answer == "ERROR" and cq8.raw == bad and cq8.error
    assert a.safety_gate_failed and not a.passed and "CQ8" in a.failed
    seeds = [r.seed for r in asked if criterion_of(r) == "CQ8"]
    assert seeds == [0, 1, 2]  # three tries, each with a new seed (no cached replay)


def test_a_retry_that_parses_recovers_the_answer() -> None:
    def judge(request: Request) -> Response:
        if criterion_of(request) == "CQ9" and request.seed == 0:
            return Response(text="yes")
        return Response(text=verdict("YES"))

    [a] = _run([make_transcript("t", 4)], FakeBackend(judge))
    assert isinstance(a, Assessment) and a.verdicts["CQ9"].answer == "YES" and a.passed


def test_criteria_below_min_exchanges_make_no_call_and_are_not_assessed() -> None:
    backend = FakeBackend(yes_judge)
    [a] = _run([make_transcript("t", 2)], backend)
    asked = {criterion_of(r) for r in backend.requests}
    assert isinstance(a, Assessment)
    assert {"MT4", "MT5", "MT7"} & asked == set()
    assert a.not_assessed == ["MT4", "MT5", "MT7"] and a.passed
    assert len(backend.requests) == 14


def test_criteria_left_out_by_the_config_count_as_error() -> None:
    backend = FakeBackend(yes_judge)
    [a] = _run([make_transcript("t", 4)], backend, JudgeSettings(criteria=("CQ1", "CQ8")))
    assert isinstance(a, Assessment)
    assert len(backend.requests) == 2
    assert "CQ9" in a.not_judged and "CQ9" in a.failed and a.safety_gate_failed
    with pytest.raises(ValueError, match="unknown criteria: XX1"):
        _run([make_transcript("t", 4)], backend, JudgeSettings(criteria=("XX1",)))


def test_resume_asks_only_what_the_journal_lacks_and_reports_each_verdict() -> None:
    t = make_transcript("t", 4)
    first: list[JournalEntry] = []
    _run([t], FakeBackend(yes_judge), on_verdict=first.append)
    assert len(first) == 17 and {e.digest for e in first} == {transcript_digest(t)}
    done = {(e.transcript_id, e.digest, e.criterion): e.verdict for e in first[:10]}
    backend = FakeBackend(yes_judge)
    again: list[JournalEntry] = []
    [a] = _run([t], backend, done=done, on_verdict=again.append)
    assert len(backend.requests) == 7 and len(again) == 7
    assert {e.criterion for e in again} == {e.criterion for e in first[10:]}
    assert isinstance(a, Assessment) and len(a.verdicts) == 17


def test_a_changed_transcript_is_judged_again() -> None:
    t = make_transcript("t", 4)
    entries: list[JournalEntry] = []
    _run([t], FakeBackend(yes_judge), on_verdict=entries.append)
    done = {(e.transcript_id, e.digest, e.criterion): e.verdict for e in entries}
    changed = t.model_copy(update={"exchanges": t.exchanges[:3]})
    backend = FakeBackend(yes_judge)
    _run([changed], backend, done=done)
    assert len(backend.requests) == 17


def test_a_backend_failure_is_unfinished_and_not_journaled() -> None:
    def judge(request: Request) -> Response:
        if criterion_of(request) == "MT1":
            raise BackendError("server went away")
        return Response(text=verdict("YES"))

    entries: list[JournalEntry] = []
    [u] = _run([make_transcript("t", 4)], FakeBackend(judge), on_verdict=entries.append)
    assert isinstance(u, Unfinished) and u.errors == {"MT1": "server went away"}
    assert "MT1" not in {e.criterion for e in entries} and len(entries) == 16


@pytest.mark.parametrize(("answers", "expected"), [
    (["YES", "YES", "NO"], "YES"),
    (["YES", "NO", "NO"], "NO"),
    (["YES", "NO"], "NO"),          # a tie goes to the answer that scores worse
    (["NA", "YES"], "NA"),
    (["ERROR", "ERROR", "YES"], "YES"),  # unparsed samples do not vote
    (["ERROR", "ERROR"], "ERROR"),
])
def test_majority_vote(answers: list[str], expected: str) -> None:
    got = majority([JudgeAnswer("CQ1", a, f"because {a}", a) for a in answers])  # type: ignore[arg-type]
    assert got.answer == expected and got.samples == answers
    if expected != "ERROR":
        assert got.reasoning == f"because {expected}"


def test_samples_use_distinct_seeds_and_vote() -> None:
    def judge(request: Request) -> Response:
        # sample 0 -> seed 0, sample 1 -> seed 2, sample 2 -> seed 4 (max_attempts 2)
        return Response(text=verdict("NO" if criterion_of(request) == "CQ1" and request.seed
                                     in (0, 2) else "YES"))

    backend = FakeBackend(judge)
    settings = JudgeSettings(criteria=("CQ1", "CQ8"), samples=3, temperature=0.7)
    [a] = _run([make_transcript("t", 4)], backend, settings)
    assert isinstance(a, Assessment)
    assert a.verdicts["CQ1"].samples == ["NO", "NO", "YES"] and a.verdicts["CQ1"].answer == "NO"
    assert sorted(r.seed for r in backend.requests if criterion_of(r) == "CQ8") == [0, 2, 4]


def test_all_in_one_asks_once_and_retries_only_when_a_criterion_is_missing() -> None:
    calls: list[Request] = []

    def judge(request: Request) -> Response:
        calls.append(request)
        schema = request.json_schema or {}
        ids = list(schema["properties"])
        answers = {cid: {"reasoning": "ok", "answer": "YES"} for cid in ids}
        if request.seed == 0:
            del answers["MT1"]
        return Response(text=json.dumps(answers))

    [a] = _run([make_transcript("t", 4)], FakeBackend(judge), JudgeSettings(all_in_one=True))
    assert isinstance(a, Assessment) and a.passed and len(a.verdicts) == 17
    assert len(calls) == 2 and calls[1].seed == 1
    content = calls[0].messages[-1].content
    assert "### CQ1: Accurate understanding" in content and "### MT7" in content
    assert calls[0].json_schema is not None and calls[0].json_schema["required"][0] == "CQ1"


def test_remote_backends_are_asked_concurrently_in_transcript_order() -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def judge(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.01)
        with lock:
            state["now"] -= 1
        return Response(text=verdict("YES"))

    ts = [make_transcript(f"t{i}", 3) for i in range(4)]
    out = _run(ts, FakeBackend(judge, max_concurrency=4), JudgeSettings(criteria=("CQ1", "CQ8")))
    assert 1 < state["most"] <= 4
    assert sorted(a.transcript_id for a in out) == ["t0", "t1", "t2", "t3"]
    # concurrency 1 (llama.cpp): the criteria of one transcript are asked back to back
    backend = FakeBackend(yes_judge)
    _run(ts[:2], backend, JudgeSettings(criteria=("CQ1", "CQ8")))
    users = [r.messages[-1].content.split("USER: (")[1][:3] for r in backend.requests]
    assert users == ["t0 ", "t0 ", "t1 ", "t1 "]


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError):
        JudgeSettings(samples=0)
