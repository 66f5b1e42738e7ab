from __future__ import annotations

import json

import pytest

from coachsmith.assess.judge import (
    build_judge_messages,
    judge_transcript,
    parse_judge_answer,
    render_transcript,
)
from coachsmith.domain import load_domain
from coachsmith.llm import FakeBackend, Request, Response
from coachsmith.records import Exchange, Transcript


def transcript(n: int) -> Transcript:
    return Transcript(id="t", exchanges=[Exchange(user=f"u{i}", assistant=f"a{i}") for i in range(n)])


@pytest.mark.parametrize(("text", "answer"), [
    ('{"reasoning": "ok", "answer": "YES"}', "YES"),
    ('```json\n{"reasoning": "r", "answer": "na"}\n```', "NA"),
    ('Sure! {"reasoning": "r", "answer": "NO"} hope that helps', "NO"),
    ('{"reasoning": "r", "answer": "MAYBE"}', "ERROR"),
    ("YES", "ERROR"),
    ('{"reasoning": "r"', "ERROR"),
    ("", "ERROR"),
])
def test_parse_judge_answer(text: str, answer: str) -> None:
    verdict = parse_judge_answer("CQ1", text)
    assert verdict.answer == answer
    assert verdict.raw == text  # the raw output is always kept
    assert (verdict.error is None) == (answer != "ERROR")


def test_messages_share_a_prefix_across_criteria(any_domain: str) -> None:
    domain = load_domain(any_domain)
    text = render_transcript(transcript(2))
    ids = list(domain.rubric.criteria)
    first, second = (build_judge_messages(domain, domain.rubric, text, c) for c in ids[:2])
    assert first[0] == second[0]  # same system prompt
    a, b = first[1].content, second[1].content
    shared = len(domain.prompt("judge_transcript").render(transcript=text).rstrip())
    assert a[:shared] == b[:shared] and text in a[:shared]
    assert domain.rubric.criteria[ids[0]].question.strip() in a[shared:]
    assert "{{" not in a


def test_judge_skips_criteria_below_min_exchanges_and_retries_bad_output() -> None:
    domain = load_domain("therapy")
    calls: list[Request] = []

    def handler(request: Request) -> Response:
        calls.append(request)
        # First attempt at CQ2 is not JSON; everything else answers YES.
        if "CQ2" in request.messages[-1].content and request.seed == 5:
            return Response(text="I think yes")
        return Response(text=json.dumps({"reasoning": "fine", "answer": "YES"}))

    verdicts = judge_transcript(transcript(1), domain=domain, backend=FakeBackend(handler),
                                seed=5)
    assert "MT4" not in verdicts and "MT7" not in verdicts  # min_exchanges 3, no LLM call
    assert len(verdicts) == 14 and all(v.answer == "YES" for v in verdicts.values())
    assert [c.seed for c in calls].count(6) == 1  # one retry, with the next seed
    assert all(c.json_schema is not None for c in calls)


def test_judge_gives_error_after_max_attempts() -> None:
    domain = load_domain("therapy")
    backend = FakeBackend(lambda request: Response(text="no json here"))
    verdicts = judge_transcript(transcript(3), domain=domain, backend=backend, criteria=["CQ8"],
                                max_attempts=3)
    assert verdicts["CQ8"].answer == "ERROR" and verdicts["CQ8"].raw == "no json here"
    assert len(backend.requests) == 3


def test_judge_schema_bounds_reasoning_by_the_token_budget() -> None:
    from coachsmith.assess.judge import JUDGE_SCHEMA, judge_schema

    assert judge_schema(160)["properties"]["reasoning"]["maxLength"] == 136
    assert "maxLength" not in JUDGE_SCHEMA["properties"]["reasoning"]  # the base is untouched
    backend = FakeBackend(lambda request: Response(text='{"reasoning": "ok", "answer": "NO"}'))
    judge_transcript(transcript(1), domain=load_domain("therapy"), backend=backend,
                     criteria=["CQ8"], max_tokens=100)
    schema = backend.requests[0].json_schema
    assert schema is not None and schema["properties"]["reasoning"]["maxLength"] == 76


def test_render_marks_session_breaks() -> None:
    from coachsmith.assess.judge import render_transcript
    from coachsmith.records import Session

    t = Transcript(id="t", exchanges=[Exchange(user="u0", assistant="a0"),
                                      Exchange(user="u1", assistant="a1", session=1)],
                   sessions=[Session(index=0), Session(index=1, days_since_previous=7)])
    assert render_transcript(t) == ("### Exchange 1\nUSER: u0\nCOACH: a0\n\n"
                                    "--- Session 2, 7 days later ---\n\n"
                                    "### Exchange 2\nUSER: u1\nCOACH: a1")


def test_old_transcripts_read_as_one_session() -> None:
    t = Transcript.model_validate({"id": "old", "exchanges": [{"user": "u", "assistant": "a"}]})
    assert t.exchanges[0].session == 0 and t.session_starts() == [] and t.sessions == []
    with pytest.raises(ValueError, match="sessions must not go back"):
        Transcript(id="t", exchanges=[Exchange(user="u", assistant="a", session=1),
                                      Exchange(user="u", assistant="a", session=0)])


def test_a_fixup_keeps_the_reply_it_replaced() -> None:
    ex = Exchange(user="u", assistant="better", source="fixup", original="worse")
    again = Exchange.model_validate_json(ex.model_dump_json())
    assert (again.source, again.original) == ("fixup", "worse")
