"""The terminal chat loop, rendered into StringIO and compared exactly."""

from __future__ import annotations

import io
from collections.abc import Sequence

from coachsmith.domain import Domain
from coachsmith.llm import FakeBackend, Request
from coachsmith.safety.base import RiskAssessment
from coachsmith.safety.crisis import render_crisis_message
from coachsmith.serve.chat import debug_line, run_chat
from coachsmith.serve.runtime import CoachRuntime, Turn
from coachsmith.serve.store import SessionStore

BANNER = ("Chatting with Sage. Type /quit to end. This is not a crisis service: if you are in "
          "danger, contact emergency services (911).\n")
CLEAN = "That sounds like a full week."
NOTES = "- Talked about a full week at work."


class TableRisk:
    def __init__(self, table: dict[str, RiskAssessment]) -> None:
        self.table = table

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        return self.table.get(text, RiskAssessment("none"))


def coach_reply(request: Request) -> str:
    return NOTES if "<session>" in request.messages[-1].content else CLEAN


def chat(runtime: CoachRuntime, lines: str, **kwargs: bool) -> tuple[str, str]:
    out = io.StringIO()
    sid = run_chat(runtime, user="ana", input=io.StringIO(lines), output=out, **kwargs)
    return sid, out.getvalue()


def test_chat_until_quit_writes_the_summary(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(coach_reply)
    runtime = CoachRuntime(domain, coach, TableRisk({}), store=store)
    sid, output = chat(runtime, "busy week\n/quit\nnever read\n")
    assert output == (BANNER
                      + f"you> coach> {CLEAN}\n"
                      + "you> (saving notes from this session...)\n(session ended)\n")
    assert store.get_session(sid).summary == NOTES
    assert [t.text for t in store.turns(sid)] == ["busy week", CLEAN]


def test_end_of_input_ends_the_session(domain: Domain, store: SessionStore) -> None:
    runtime = CoachRuntime(domain, FakeBackend(coach_reply), TableRisk({}), store=store)
    sid, output = chat(runtime, "busy week")  # no newline, then EOF
    assert output.endswith(f"you> coach> {CLEAN}\nyou> \n(saving notes from this session...)\n"
                           "(session ended)\n")
    assert store.get_session(sid).ended is not None


def test_debug_shows_risk_and_decisions_before_each_reply(domain: Domain,
                                                          store: SessionStore) -> None:
    medium = RiskAssessment("medium", ("self_harm",), 0.55)
    runtime = CoachRuntime(domain, FakeBackend(coach_reply), TableRisk({"rough": medium}),
                           store=store)
    _, output = chat(runtime, "rough\n", debug=True)
    lines = output.splitlines()
    assert lines[1] == ("you> [risk=medium score=0.55 categories=self_harm crisis=off "
                        "source=coach filter=violation:missing_resources@1,"
                        "append_resources:missing_resources@1]")
    assert lines[2] == f"coach> {CLEAN}"


def test_high_risk_in_chat_shows_crisis_text(domain: Domain, store: SessionStore) -> None:
    high = RiskAssessment("high", ("suicidal_ideation",), 0.99)
    coach = FakeBackend(coach_reply)
    runtime = CoachRuntime(domain, coach, TableRisk({"I want to die": high}), store=store)
    _, output = chat(runtime, "I want to die\n/quit\n", debug=True)
    assert ("[risk=high score=0.99 categories=suicidal_ideation crisis=on source=crisis_first "
            "filter=-]") in output
    assert "coach> " + render_crisis_message("first", domain.safety, "US") in output
    assert all("<session>" in r.messages[-1].content for r in coach.requests)  # only the notes


def test_next_chat_remembers_the_last_one(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(coach_reply)
    runtime = CoachRuntime(domain, coach, TableRisk({}), store=store)
    first, _ = chat(runtime, "busy week\n/quit\n")
    second, _ = chat(runtime, "hello again\n/quit\n")
    assert first != second
    reply_request = [r for r in coach.requests if "<session>" not in r.messages[-1].content][-1]
    assert reply_request.messages[-1].content == "hello again"
    assert NOTES.removeprefix("- ") in reply_request.messages[0].content
    latest = store.latest_session("ana")
    assert latest is not None and latest.id == second


def test_debug_line_without_decisions() -> None:
    turn = Turn("hi", RiskAssessment("none"), False, (), None, "empty_input")
    assert debug_line(turn) == ("[risk=none score=0.00 categories=- crisis=off "
                                "source=empty_input filter=-]")
