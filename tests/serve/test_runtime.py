"""The coach runtime end to end with a fake coach, a scripted risk classifier and a real store."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

import pytest

import coachsmith.serve
from coachsmith.domain import Domain
from coachsmith.errors import BackendError
from coachsmith.llm import FakeBackend, Request
from coachsmith.safety.base import Intent, RiskAssessment, RiskLevel
from coachsmith.safety.crisis import CrisisState, render_crisis_message
from coachsmith.safety.filter import FALLBACK_REPLY, check_reply
from coachsmith.serve.context import Preferences
from coachsmith.serve.runtime import (
    EMPTY_INPUT_REPLY,
    MEDIUM_RISK_INSTRUCTION,
    WITHHELD_MESSAGE,
    CoachRuntime,
)
from coachsmith.serve.store import SessionStore

CLEAN = "That sounds like a lot to hold. What part of it weighs on you most?"
HIGH_MESSAGES = [
    "I want to kill myself",
    "I've been thinking about ending my life tonight",
    "I cut myself again and I want to do it deeper",
    "I'm going to hurt him, I've got a knife",
    "nobody would notice if I was gone, I have the pills here",
    "je veux mourir",
    "😢🔪",
    "",
]


class ScriptedRisk:
    """A risk classifier that rates messages from a table (default: none) and records calls."""

    def __init__(self, table: dict[str, RiskLevel] | None = None,
                 error: Exception | None = None, unsure: frozenset[str] = frozenset()) -> None:
        self.table = table or {}
        self.error = error
        self.unsure = unsure  # rated high by "the model alone", not confident
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        self.calls.append((text, tuple(history)))
        if self.error is not None:
            raise self.error
        if text in self.unsure:
            return RiskAssessment("high", ("suicidal_ideation",), 0.3, confident=False)
        level = self.table.get(text, "none")
        categories = ("suicidal_ideation",) if level == "high" else ()
        return RiskAssessment(level, categories, {"high": 0.97, "medium": 0.5}.get(level, 0.01))


class FixedIntent:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def classify(self, text: str) -> Intent:
        if self.fail:
            raise RuntimeError("model missing")
        return "validate"


def never_called(request: Request) -> str:
    raise AssertionError("the coach model must not be called")


def is_summary(request: Request) -> bool:
    return "<session>" in request.messages[-1].content


def make(domain: Domain, store: SessionStore, coach: FakeBackend,
         risk: ScriptedRisk | None = None, **kwargs: Any) -> CoachRuntime:
    return CoachRuntime(domain, coach, risk or ScriptedRisk(), store=store, **kwargs)


def test_public_names_are_exported() -> None:
    public = {name for name, value in vars(coachsmith.serve).items()
              if not name.startswith("_") and not isinstance(value, ModuleType)}
    assert sorted(coachsmith.serve.__all__) == sorted(public)


@pytest.mark.parametrize("text", HIGH_MESSAGES)
def test_high_risk_never_reaches_the_coach(domain: Domain, store: SessionStore,
                                           text: str) -> None:
    coach = FakeBackend(never_called)
    runtime = make(domain, store, coach, ScriptedRisk({text: "high"}))
    sid = runtime.start_session("ana")
    turn = runtime.respond(sid, text)
    assert turn.source == "crisis_first" and turn.crisis_active
    assert turn.reply == render_crisis_message("first", domain.safety, "US")
    turn = runtime.respond(sid, "ok")  # still in crisis: followup, still no model
    assert turn.source == "crisis_followup"
    assert coach.requests == []
    assert store.crisis_state(sid).active


def test_crisis_flow_through_the_runtime(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(lambda r: CLEAN)
    risk = ScriptedRisk({"I want to die": "high", "I have a plan": "high"})
    runtime = make(domain, store, coach, risk)
    sid = runtime.start_session("ana")
    sources = [runtime.respond(sid, text).source for text in [
        "hello", "I want to die", "hmm", "I have a plan", "I'm not sure I'm safe",
        "I'm safe now", "thanks, can we talk about work?"]]
    assert sources == ["coach", "crisis_first", "crisis_followup", "crisis_followup",
                       "crisis_followup", "crisis_resolved", "coach"]
    assert len(coach.requests) == 2
    assert not store.crisis_state(sid).active
    stored = store.turns(sid)
    assert [t.source for t in stored if t.role == "assistant"] == sources
    assert [t.risk_level for t in stored if t.role == "user"][1] == "high"


def test_a_declined_check_answers_the_message_it_held_back(domain: Domain,
                                                          store: SessionStore) -> None:
    coach = FakeBackend(lambda r: CLEAN)
    risk = ScriptedRisk(unsure=frozenset({"so done with all of it"}))
    runtime = make(domain, store, coach, risk)
    sid = runtime.start_session("ana")
    turns = [runtime.respond(sid, text) for text in [
        "hello", "so done with all of it", "no, I meant the job hunt", "ok so about the CV"]]
    assert [t.source for t in turns] == ["coach", "crisis_check", "coach_after_check", "coach"]
    assert turns[1].reply == render_crisis_message("check", domain.safety, "US")
    assert turns[1].crisis_active and not turns[2].crisis_active
    # the thanks, then the coach's answer to the message the check held back
    assert turns[2].reply == render_crisis_message("check_resolved", domain.safety, "US") \
        + "\n\n" + CLEAN
    assert len(coach.requests) == 3  # "hello", the held-back message, the CV message
    assert coach.requests[1].messages[-1].content == \
        "so done with all of it\n\nno, I meant the job hunt"
    # once cleared, the held-back message is ordinary history, no longer withheld
    later = [m.content for m in coach.requests[2].messages]
    assert "so done with all of it" in later and WITHHELD_MESSAGE not in later


def test_an_unanswered_check_keeps_the_message_withheld(domain: Domain,
                                                         store: SessionStore) -> None:
    coach = FakeBackend(lambda r: CLEAN)
    risk = ScriptedRisk({"still don't know": "low"}, unsure=frozenset({"so done with all of it"}))
    runtime = make(domain, store, coach, risk)
    sid = runtime.start_session("ana")
    sources = [runtime.respond(sid, text).source for text in [
        "so done with all of it", "still don't know"]]
    assert sources == ["crisis_check", "crisis_followup"]
    assert coach.requests == []


def test_an_unsure_high_then_a_confident_one_gets_the_full_crisis_message(
        domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(never_called)
    risk = ScriptedRisk({"yes, I have the pills": "high"},
                        unsure=frozenset({"so done with all of it"}))
    runtime = make(domain, store, coach, risk)
    sid = runtime.start_session("ana")
    sources = [runtime.respond(sid, text).source for text in [
        "so done with all of it", "I don't know", "yes, I have the pills", "no"]]
    assert sources == ["crisis_check", "crisis_followup", "crisis_first", "crisis_followup"]
    state = store.crisis_state(sid)
    assert (state.active, state.checking, state.categories) == (True, False,
                                                                ("suicidal_ideation",))
    assert coach.requests == []


def test_a_check_carries_into_the_next_session(domain: Domain, store: SessionStore) -> None:
    runtime = make(domain, store, FakeBackend(lambda r: CLEAN),
                   ScriptedRisk(unsure=frozenset({"so done with all of it"})))
    first = runtime.start_session("ana")
    runtime.respond(first, "so done with all of it")
    store.end_session(first, None)
    second = runtime.start_session("ana")
    carried = store.crisis_state(second)
    assert carried == CrisisState(True, 0, ("suicidal_ideation",), checking=True, carried=True,
                                  last_signal=carried.last_signal)
    assert runtime.respond(second, "hi, about my CV").source == "crisis_recheck"
    turn = runtime.respond(second, "no, I'm fine")
    assert turn.source == "coach_after_check" and turn.reply.endswith(CLEAN)


def test_failing_risk_classifier_fails_closed(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(never_called)
    runtime = make(domain, store, coach, ScriptedRisk(error=ValueError("boom")))
    turn = runtime.respond(runtime.start_session("ana"), "hello")
    assert turn.source == "crisis_first" and turn.risk.level == "high"
    assert coach.requests == []


def test_medium_risk_reply_carries_resources(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend([CLEAN])
    runtime = make(domain, store, coach, ScriptedRisk({"I can't cope": "medium"}),
                   locale="UK")
    sid = runtime.start_session("ana")
    turn = runtime.respond(sid, "I can't cope")
    assert turn.source == "coach"
    assert turn.reply.startswith(CLEAN) and "Samaritans" in turn.reply
    assert [(d.action, d.rule) for d in turn.decisions] == [
        ("violation", "missing_resources"), ("append_resources", "missing_resources")]
    assert check_reply(turn.reply, risk_level="medium", safety=domain.safety) == []
    assert coach.requests[0].messages[0].content.endswith(MEDIUM_RISK_INSTRUCTION)
    assert store.turns(sid)[1].text == turn.reply


def test_low_risk_has_no_safety_instruction(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend([CLEAN])
    runtime = make(domain, store, coach, ScriptedRisk({"meh": "low"}))
    turn = runtime.respond(runtime.start_session("ana"), "meh")
    assert turn.reply == CLEAN
    assert MEDIUM_RISK_INSTRUCTION not in coach.requests[0].messages[0].content


def test_unsafe_replies_regenerate_then_fall_back_and_are_logged(domain: Domain,
                                                                 store: SessionStore) -> None:
    coach = FakeBackend([
        "It sounds like you have clinical depression.",
        "You could take 50mg of sertraline.",
        "I guarantee this will work.",
    ])
    logged: list[str | None] = []
    runtime = make(domain, store, coach, log=lambda d: logged.append(d.rule))
    sid = runtime.start_session("ana")
    turn = runtime.respond(sid, "I feel flat all the time")
    assert turn.source == "fallback" and turn.reply == FALLBACK_REPLY
    assert len(coach.requests) == 3
    assert "## Your last draft" in coach.requests[1].messages[0].content
    assert [d["rule"] for d in store.turns(sid)[1].decisions if d["action"] == "violation"] == [
        "diagnosis", "medication", "guarantee"]
    assert [r for r in logged if r] == ["diagnosis", "medication", "guarantee"]


def test_backend_error_falls_back(domain: Domain, store: SessionStore) -> None:
    def broken(request: Request) -> str:
        raise BackendError("server down")

    runtime = make(domain, store, FakeBackend(broken))
    turn = runtime.respond(runtime.start_session("ana"), "hi")
    assert turn.source == "fallback" and turn.reply == FALLBACK_REPLY
    assert {d.rule for d in turn.decisions if d.action == "violation"} == {"empty"}


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_input_gets_a_gentle_prompt_without_the_model(domain: Domain,
                                                            store: SessionStore,
                                                            text: str) -> None:
    coach = FakeBackend(never_called)
    runtime = make(domain, store, coach)
    turn = runtime.respond(runtime.start_session("ana"), text)
    assert (turn.reply, turn.source) == (EMPTY_INPUT_REPLY, "empty_input")
    assert coach.requests == []


@pytest.mark.parametrize("text", [
    "Je me sens très seul ces derniers temps.",
    "我最近压力很大，睡不着。",
    "أشعر بالحزن اليوم",
    "😢😢😢",
    "🙂",
    "\x00\u200b",
])
def test_any_language_or_emoji_gets_a_reply(domain: Domain, store: SessionStore,
                                            text: str) -> None:
    coach = FakeBackend(lambda r: CLEAN)
    runtime = make(domain, store, coach)
    sid = runtime.start_session("ana")
    turn = runtime.respond(sid, text)
    assert turn.reply == CLEAN
    assert store.turns(sid)[0].text == text
    assert coach.requests[0].messages[-1].content == text


def test_very_long_input_is_clipped_for_the_model_but_checked_whole(domain: Domain,
                                                                    store: SessionStore) -> None:
    text = "I keep thinking about it. " * 770 + "And I don't want to be here anymore."
    assert len(text) > 20_000
    coach = FakeBackend(lambda r: CLEAN)
    risk = ScriptedRisk()
    runtime = make(domain, store, coach, risk, max_input_chars=2000)
    sid = runtime.start_session("ana")
    runtime.respond(sid, text)
    sent = coach.requests[0].messages[-1].content
    assert len(sent) <= 2000
    assert sent.startswith("I keep thinking") and sent.endswith("don't want to be here anymore.")
    assert risk.calls[0][0] == text
    assert store.turns(sid)[0].text == text


def test_risk_classifier_sees_the_last_user_messages(domain: Domain,
                                                     store: SessionStore) -> None:
    risk = ScriptedRisk()
    runtime = make(domain, store, FakeBackend(lambda r: CLEAN), risk, risk_history=2)
    sid = runtime.start_session("ana")
    for text in ["one", "two", "three"]:
        runtime.respond(sid, text)
    assert [c[1] for c in risk.calls] == [(), ("one",), ("one", "two")]


def test_coach_sees_earlier_exchanges(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(["first reply", "second reply"])
    runtime = make(domain, store, coach)
    sid = runtime.start_session("ana")
    runtime.respond(sid, "first")
    runtime.respond(sid, "second")
    assert [(m.role, m.content) for m in coach.requests[1].messages[1:]] == [
        ("user", "first"), ("assistant", "first reply"), ("user", "second")]


def test_intent_is_stored(domain: Domain, store: SessionStore) -> None:
    runtime = make(domain, store, FakeBackend(lambda r: CLEAN), intent=FixedIntent())
    sid = runtime.start_session("ana")
    assert runtime.respond(sid, "hi").intent == "validate"
    assert store.turns(sid)[1].intent == "validate"
    failing = make(domain, store, FakeBackend(lambda r: CLEAN), intent=FixedIntent(fail=True))
    assert failing.respond(sid, "hi").intent is None


def test_next_session_remembers_the_last_one(domain: Domain, store: SessionStore) -> None:
    def coach_reply(request: Request) -> str:
        return "- Talked about the move to Leeds." if is_summary(request) else CLEAN

    coach = FakeBackend(coach_reply)
    runtime = make(domain, store, coach)
    store.set_preferences("ana", Preferences(tone="gentle"))
    first = runtime.start_session("ana")
    runtime.respond(first, "We're moving to Leeds")
    summary = runtime.end_session(first)
    assert summary == "- Talked about the move to Leeds."
    assert "We're moving to Leeds" in coach.requests[-1].messages[-1].content
    assert store.get_session(first).summary == summary

    second = runtime.start_session("ana", session_type="deep")
    runtime.respond(second, "hi again")
    system = coach.requests[-1].messages[0].content
    assert "Talked about the move to Leeds." in system
    assert "tone: gentle" in system and "Session type: deep session" in system


def test_summary_notes_risk_and_replaces_unsafe_notes(domain: Domain,
                                                      store: SessionStore) -> None:
    coach = FakeBackend(lambda r: "My system prompt says to write notes.")
    runtime = make(domain, store, coach, ScriptedRisk({"I want to die": "high"}))
    sid = runtime.start_session("ana")
    runtime.respond(sid, "I want to die")
    summary = runtime.end_session(sid)
    assert summary is not None
    assert summary.startswith('No notes were written for this session. The person opened '
                              'with: "I want to die"')
    assert "crisis flow ran" in summary
    assert len(coach.requests) == 2  # asked, then asked again with feedback


def test_end_session_without_turns_and_twice(domain: Domain, store: SessionStore) -> None:
    runtime = make(domain, store, FakeBackend(never_called))
    sid = runtime.start_session("ana")
    assert runtime.end_session(sid) is None
    assert runtime.end_session(sid) is None
    assert store.get_session(sid).ended is not None
    with pytest.raises(ValueError, match="ended"):
        runtime.respond(sid, "hello?")


def test_crisis_carries_into_the_next_session(domain: Domain, store: SessionStore) -> None:
    coach = FakeBackend(never_called)
    runtime = make(domain, store, coach, ScriptedRisk({"I want to die": "high"}))
    first = runtime.start_session("ana")
    runtime.respond(first, "I want to die")
    store.end_session(first, None)
    second = runtime.start_session("ana")
    carried = store.crisis_state(second)
    assert carried == CrisisState(True, 0, ("suicidal_ideation",), checking=True, carried=True,
                                  last_signal=carried.last_signal)
    # one gentle check, not the crisis script; the coach waits for the answer
    assert runtime.respond(second, "hi").source == "crisis_recheck"
    assert runtime.respond(second, "I'm not sure").source == "crisis_followup"
    assert coach.requests == []


@pytest.mark.slow
def test_two_turns_on_the_bundled_model(domain: Domain, store: SessionStore) -> None:
    from coachsmith.llm import build_backend
    from coachsmith.llm.spec import BackendSpec, RoleSpec

    coach = build_backend(BackendSpec(n_ctx=4096))
    try:
        runtime = CoachRuntime(domain, coach, ScriptedRisk(), store=store, seed=0,
                               coach_params=RoleSpec(max_tokens=96, temperature=0.7))
        sid = runtime.start_session("ana")
        turns = [runtime.respond(sid, text) for text in [
            "I've been stressed about my exams and sleeping badly.",
            "Yesterday I only studied for an hour. What could I try?"]]
    finally:
        coach.close()
    stored = [t for t in store.turns(sid) if t.role == "assistant"]
    assert [t.text for t in stored] == [t.reply for t in turns]
    for turn in turns:
        assert turn.reply.strip()
        assert check_reply(turn.reply, risk_level="none", safety=domain.safety) == []
        if turn.source == "fallback":
            assert any(d.action == "violation" and d.rule for d in turn.decisions)
        else:
            assert turn.source == "coach" and turn.decisions[-1].action == "pass"
