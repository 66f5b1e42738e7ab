"""The transcript loop on fake models: sessions, budget, malformed output, crisis flow."""

from __future__ import annotations

from typing import Any

from coachsmith.generate import TranscriptJob, TranscriptState
from coachsmith.llm import Request, Response
from coachsmith.records import Persona
from coachsmith.safety.crisis import render_crisis_message
from tests.generate.conftest import StubRisk, coach_reply, user_reply


def job(persona: Persona, n: int = 6, **kw: Any) -> TranscriptJob:
    return TranscriptJob(id="t-0000", persona=persona, seed=5, target_exchanges=n, **kw)


def test_transcript_spans_sessions_with_breaks_and_notes(make_loop: Any, persona: Persona) -> None:
    loop, user, _ = make_loop(session_exchanges=(2, 2), days_between_sessions=(3.0, 3.0))
    t = loop.run(job(persona, 6))
    assert len(t.exchanges) == 6 and "stop_reason" not in t.meta
    assert [ex.session for ex in t.exchanges] == [0, 0, 1, 1, 2, 2]
    assert t.session_starts() == [2, 4]
    assert [s.days_since_previous for s in t.sessions] == [0.0, 3.0, 3.0]
    # The coach's notes of session 1 reach session 2's context.
    assert "Notes: talked about sleep" in t.sessions[1].context
    # The simulator sees the break in its conversation.
    assert any("3 days later" in m.content for r in user.requests for m in r.messages)
    assert all(ex.planted is not None and ex.planted.topics for ex in t.exchanges)
    assert t.meta["target_exchanges"] == 6 and t.meta["kind"] == "standard"


def test_same_seed_same_transcript(make_loop: Any, persona: Persona) -> None:
    a = make_loop()[0].run(job(persona, 4))
    b = make_loop()[0].run(job(persona, 4))
    assert a.model_dump_json() == b.model_dump_json()


def test_context_budget_stops_early_with_reason(make_loop: Any, persona: Persona) -> None:
    loop, _, _ = make_loop(budget=2500)
    t = loop.run(job(persona, 40))
    assert 0 < len(t.exchanges) < 40
    assert str(t.meta["stop_reason"]).split(": ", 1)[1].startswith("context_budget")
    assert "estimate" in str(t.meta["stop_reason"])  # says the count is an estimate


def test_malformed_reply_is_retried_not_saved(make_loop: Any, persona: Persona) -> None:
    bad = iter(["", "User: thanks, that helps!"])

    def coach(request: Request) -> str | Response:
        if len(request.messages) > 1:
            nxt = next(bad, None)
            if nxt is not None:
                return nxt
        return coach_reply(request)

    loop, _, backend = make_loop(coach=coach)
    t = loop.run(job(persona, 2))
    assert len(t.exchanges) == 2 and "stop_reason" not in t.meta
    assert all(ex.assistant and "User:" not in ex.assistant for ex in t.exchanges)
    assert t.meta["retries"] == {"coach:empty": 1, "coach:speaks_for_user": 1}
    # Each retry asked with another seed, so a cached bad answer is not replayed.
    seeds = [r.seed for r in backend.requests[:3]]
    assert len(set(seeds)) == 3


def test_reply_that_never_works_stops_the_transcript(make_loop: Any, persona: Persona) -> None:
    cut = Response(text="On work: you could try", finish_reason="length")

    def coach(request: Request) -> Response | str:
        return cut if "(The coach" not in request.messages[-1].content else coach_reply(request)

    loop, _, _ = make_loop(coach=coach, max_attempts=2)
    t = loop.run(job(persona, 3))
    assert t.exchanges == []
    assert t.meta["stop_reason"] == ("exchange 0: coach gave no usable reply in 2 tries "
                                     "(last: truncated)")


def test_user_sim_wrong_role_and_speaking_for_coach_are_rejected(make_loop: Any,
                                                                  persona: Persona) -> None:
    bad = iter(["As an AI, I can't share feelings.",
                "I had a bad week.\nCoach: That sounds hard."])

    def user(request: Request) -> str:
        return next(bad, None) or user_reply(request)

    loop, _, _ = make_loop(user=user)
    t = loop.run(job(persona, 1))
    assert len(t.exchanges) == 1 and "Coach:" not in t.exchanges[0].user
    assert t.meta["retries"] == {"user_sim:wrong_role": 1, "user_sim:speaks_for_coach": 1}


def test_high_risk_message_gets_the_crisis_flow_text(make_loop: Any, persona: Persona,
                                                     domain: Any) -> None:
    def user(request: Request) -> str:
        n = sum(1 for m in request.messages if m.role == "assistant")
        return "I just want to end my life." if n == 1 else user_reply(request)

    loop, _, coach = make_loop(user=user, risk=StubRisk())
    t = loop.run(job(persona, 3))
    second = t.exchanges[1]
    assert second.source == "crisis_flow"
    assert second.assistant == render_crisis_message("first", domain.safety, loop.locale)
    # The session stays in the crisis flow until a safe statement, as at runtime.
    assert t.exchanges[2].source == "crisis_flow"
    assert t.exchanges[2].assistant == render_crisis_message("followup", domain.safety,
                                                             loop.locale)
    assert all("end my life" not in m.content for r in coach.requests for m in r.messages)


def test_crisis_flow_in_a_row_stops_a_standard_transcript(make_loop: Any,
                                                          persona: Persona) -> None:
    loop, _, _ = make_loop(user=lambda r: f"I want to end my life {r.seed}", risk=StubRisk(),
                           crisis_max_exchanges=2)
    t = loop.run(job(persona, 5))
    assert len(t.exchanges) == 2 and t.meta["stop_reason"] == "crisis_flow"
    assert {ex.source for ex in t.exchanges} == {"crisis_flow"}


def test_step_continues_from_a_saved_state(make_loop: Any, persona: Persona) -> None:
    whole = make_loop(session_exchanges=(2, 3))[0].run(job(persona, 5))
    loop = make_loop(session_exchanges=(2, 3))[0]
    state = TranscriptState(id="t-0000")
    for _ in range(3):
        state = loop.step(job(persona, 5), state)
    saved = TranscriptState.model_validate_json(state.model_dump_json())
    resumed = make_loop(session_exchanges=(2, 3))[0].run(job(persona, 5), saved)
    assert resumed.model_dump_json() == whole.model_dump_json()
