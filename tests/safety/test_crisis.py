"""The crisis state machine: enter, follow up, stay on high, leave on a real safe statement or
answer (regex or the classifier's answer head), a gentle check after a quiet time or a new
session, and the held-back message resumed after a declined check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coachsmith.domain import Safety, load_domain
from coachsmith.safety.base import Answer, RiskAssessment, RiskCategory, RiskLevel
from coachsmith.safety.crisis import (
    CrisisMessage,
    CrisisState,
    CrisisStep,
    crisis_step,
    is_check_decline,
    is_safe_statement,
    render_crisis_message,
)
from coachsmith.safety.filter import check_reply


@pytest.fixture(scope="module")
def safety() -> Safety:
    return load_domain("therapy").safety


def rated(level: RiskLevel, *categories: RiskCategory, answer: Answer = "other",
          answer_score: float = 0.0) -> RiskAssessment:
    return RiskAssessment(level, tuple(categories), 0.9 if level == "high" else 0.1,
                          answer=answer, answer_score=answer_score)


def step(state: CrisisState, assessment: RiskAssessment, text: str, safety: Safety,
         locale: str | None = "US", turn: int = 0,
         now: datetime | None = None) -> tuple[CrisisState, str | None]:
    out = crisis_step(state, assessment, text, safety, locale, turn=turn, now=now)
    assert (out.reply is None) == (out.message is None)
    return out.state, out.reply


IN_CRISIS = CrisisState(True, 2, ("suicidal_ideation",))

SAFE_STATEMENTS = [
    "I'm safe now",
    "I am safe. Thank you for staying with me.",
    "I’m safe, my sister is here",
    "I won't hurt myself",
    "I'm not going to hurt myself tonight",
    "I feel safe now",
    "ok, the urge has passed",
]
NOT_SAFE_STATEMENTS = [
    "I'm not sure I'm safe",
    "I don't know if I'm safe",
    "I can't promise I won't hurt myself",
    "I'm safe but I still want to die",
    "ok",
    "thanks",
    "",
    "   ",
    "😢",
]


@pytest.mark.parametrize("level", ["none", "low", "medium"])
def test_below_high_outside_crisis_leaves_the_coach_to_answer(safety: Safety,
                                                               level: RiskLevel) -> None:
    state, reply = step(CrisisState(), rated(level), "rough day", safety, "US", turn=4)
    assert state == CrisisState()
    assert reply is None


def test_high_enters_crisis_with_first_message_and_resources(safety: Safety) -> None:
    state, reply = step(CrisisState(), rated("high", "suicidal_ideation", "self_harm"),
                        "I want to end it", safety, "US", turn=3)
    assert state == CrisisState(True, 3, ("suicidal_ideation", "self_harm"))
    assert reply == render_crisis_message("first", safety, "US")
    assert "988" in reply and "911" in reply
    assert "{{" not in reply


@pytest.mark.parametrize("text", NOT_SAFE_STATEMENTS)
@pytest.mark.parametrize("level", ["none", "low", "medium"])
def test_in_crisis_anything_but_a_safe_statement_gets_followup(safety: Safety, text: str,
                                                                level: RiskLevel) -> None:
    state, reply = step(IN_CRISIS, rated(level), text, safety, "US", turn=5)
    assert state == IN_CRISIS
    assert reply == render_crisis_message("followup", safety, "US")


@pytest.mark.parametrize("text", SAFE_STATEMENTS + NOT_SAFE_STATEMENTS)
def test_high_in_crisis_never_leaves(safety: Safety, text: str) -> None:
    state, reply = step(IN_CRISIS, rated("high", "self_harm"), text, safety, "US", turn=5)
    assert state == CrisisState(True, 2, ("suicidal_ideation", "self_harm"))
    assert reply == render_crisis_message("followup", safety, "US")


@pytest.mark.parametrize("text", SAFE_STATEMENTS)
@pytest.mark.parametrize("level", ["none", "low", "medium"])
def test_safe_statement_rated_below_high_resolves(safety: Safety, text: str,
                                                  level: RiskLevel) -> None:
    state, reply = step(IN_CRISIS, rated(level), text, safety, "US", turn=5)
    assert state == CrisisState()
    assert reply == render_crisis_message("resolved", safety, "US")


@pytest.mark.parametrize("text", SAFE_STATEMENTS)
def test_safe_statement_outside_crisis_does_nothing(safety: Safety, text: str) -> None:
    assert step(CrisisState(), rated("none"), text, safety, "US") == (CrisisState(), None)
    assert crisis_step(CrisisState(), rated("none"), text, safety, "US") == CrisisStep(
        CrisisState())


def test_whole_conversation(safety: Safety) -> None:
    script: list[tuple[str, RiskAssessment, CrisisMessage | None, bool]] = [
        ("hi, long week", rated("none"), None, False),
        ("I don't want to be here any more", rated("high", "suicidal_ideation"), "first", True),
        ("I don't know", rated("low"), "followup", True),
        ("I have the pills right here", rated("high", "self_harm"), "followup", True),
        ("I'm not sure I'm safe", rated("medium"), "followup", True),
        ("I'm safe now, my partner is home", rated("low"), "resolved", False),
        ("can we talk about work instead", rated("none"), None, False),
    ]
    state = CrisisState()
    for turn, (text, assessment, expected, active) in enumerate(script):
        out = crisis_step(state, assessment, text, safety, "US", turn=turn)
        state, reply = out.state, out.reply
        assert out.message == expected, text
        if expected is None:
            assert reply is None, text
        else:
            assert reply == render_crisis_message(expected, safety, "US"), text
        assert state.active is active, text
        if 1 <= turn <= 4:
            assert state.since_turn == 1
            assert state.categories[0] == "suicidal_ideation"
    assert state == CrisisState()


@pytest.mark.parametrize(("locale", "expected"), [
    ("US", "988"), ("uk", "Samaritans"), ("IE", "112 or 999"), ("AU", "13 11 14"),
    ("FR", "your local emergency number"), (None, "your local emergency number"),
])
def test_resources_follow_the_locale(safety: Safety, locale: str | None, expected: str) -> None:
    _, reply = step(CrisisState(), rated("high"), "x", safety, locale)
    assert reply is not None and expected in reply


@pytest.mark.parametrize("kind", ["first", "followup", "resolved", "check", "check_resolved"])
@pytest.mark.parametrize("locale", ["US", "UK", "IE", "INTL"])
def test_vetted_crisis_text_passes_the_response_filter(safety: Safety, kind: CrisisMessage,
                                                       locale: str) -> None:
    text = render_crisis_message(kind, safety, locale)
    assert check_reply(text, risk_level="high", safety=safety) == []


def test_works_for_every_pack(any_domain: str) -> None:
    safety = load_domain(any_domain).safety
    state, reply = step(CrisisState(), rated("high"), "x", safety, "UK")
    assert state.active and reply and "{{" not in reply
    state, reply = step(state, rated("none"), "I'm safe now", safety, "UK")
    assert not state.active and reply == render_crisis_message("resolved", safety, "UK")


def test_is_safe_statement_is_case_insensitive(safety: Safety) -> None:
    assert is_safe_statement("I'M SAFE NOW", safety)
    assert not is_safe_statement("I'M NOT SURE I'M SAFE", safety)


def test_safe_statement_at_the_end_of_a_long_message(safety: Safety) -> None:
    text = "I keep going over it. " * 2000 + "I'm safe now."
    assert is_safe_statement(text, safety)


# --- the check tier: a model-only high that is not confident --------------------------------

def unsure(*categories: RiskCategory) -> RiskAssessment:
    return RiskAssessment("high", tuple(categories), 0.3, ("model:p_high=0.30>=0.20",),
                          confident=False)


CHECKING = CrisisState(True, 1, ("suicidal_ideation",), checking=True, trigger=1)
DECLINES = ["no", "No, I meant the deadline", "nope, I'm fine", "I'm ok, just tired",
            "not really, I just meant work is a lot", "you misread me, it was about my essay"]
NOT_DECLINES = ["maybe", "no... I don't know", "idk", "yes", "sometimes", "ok",
                "I'm fine I guess, sometimes I want to end it", "I know what I meant"]


def test_an_unsure_high_asks_the_check_question_and_never_reaches_the_coach(
        safety: Safety) -> None:
    state, reply = step(CrisisState(), unsure("suicidal_ideation"), "so tired of it all",
                               safety, "US", turn=1)
    assert state == CHECKING
    assert reply == render_crisis_message("check", safety, "US")
    assert "988" in reply and "741741" in reply


@pytest.mark.parametrize("text", DECLINES + SAFE_STATEMENTS)
def test_a_decline_or_safe_statement_ends_the_check(safety: Safety, text: str) -> None:
    out = crisis_step(CHECKING, rated("none"), text, safety, "US", turn=2)
    assert out.state == CrisisState()
    assert out.reply == render_crisis_message("check_resolved", safety, "US")
    assert out.resume == 1  # the coach now answers the message the check held back


@pytest.mark.parametrize("text", NOT_DECLINES)
def test_anything_else_keeps_checking_with_the_followup(safety: Safety, text: str) -> None:
    assert not is_check_decline(text, safety)
    state, reply = step(CHECKING, rated("low"), text, safety, "US", turn=2)
    assert state == CHECKING
    assert reply == render_crisis_message("followup", safety, "US")


@pytest.mark.parametrize("text", DECLINES)
def test_a_decline_rated_high_does_not_end_the_check(safety: Safety, text: str) -> None:
    state, reply = step(CHECKING, unsure("self_harm"), text, safety, "US", turn=2)
    assert state == CrisisState(True, 1, ("suicidal_ideation", "self_harm"), checking=True,
                                trigger=1)
    assert reply == render_crisis_message("followup", safety, "US")


def test_a_confident_high_while_checking_escalates_to_the_full_crisis(safety: Safety) -> None:
    state, reply = step(CHECKING, rated("high", "self_harm"), "yes. I have the pills",
                               safety, "US", turn=2)
    assert state == CrisisState(True, 1, ("suicidal_ideation", "self_harm"))
    assert reply == render_crisis_message("first", safety, "US")


@pytest.mark.parametrize("text", DECLINES)
def test_a_decline_never_ends_a_full_crisis(safety: Safety, text: str) -> None:
    if is_safe_statement(text, safety):
        pytest.skip("also a safe statement")
    state, reply = step(IN_CRISIS, rated("none"), text, safety, "US", turn=5)
    assert state == IN_CRISIS
    assert reply == render_crisis_message("followup", safety, "US")


def test_a_pack_without_check_messages_sends_the_full_crisis_message(any_domain: str) -> None:
    safety = load_domain(any_domain).safety
    state, reply = step(CrisisState(), unsure(), "x", safety, "UK")
    if "check" in safety.crisis_messages:
        assert state.checking and reply == render_crisis_message("check", safety, "UK")
    else:
        assert state == CrisisState(True, 0, ()) and not state.checking
        assert reply == render_crisis_message("first", safety, "UK")


# --- the classifier's answer head, quiet time, a new session ---------------------------------

T0 = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(("answer", "score", "leaves"), [
    ("safe", 0.95, True), ("safe", 0.5, False), ("decline", 0.95, False), ("other", 0.99, False),
    ("affirm", 0.99, False)])
def test_a_full_crisis_ends_on_the_answer_heads_safe_statement_only(
        safety: Safety, answer: Answer, score: float, leaves: bool) -> None:
    # "je vais mieux maintenant": no English regex matches, the answer head reads it
    out = crisis_step(IN_CRISIS, rated("low", answer=answer, answer_score=score),
                      "je vais mieux maintenant", safety, "US", turn=5)
    assert (out.state == CrisisState()) is leaves
    assert out.message == ("resolved" if leaves else "followup")


@pytest.mark.parametrize(("answer", "message", "resume"), [
    ("decline", "check_resolved", 1), ("safe", "check_resolved", 1), ("affirm", "first", None),
    ("other", "followup", None)])
def test_a_check_reads_the_answer_head(safety: Safety, answer: Answer,
                                       message: CrisisMessage, resume: int | None) -> None:
    out = crisis_step(CHECKING, rated("none", answer=answer, answer_score=0.97),
                      "nein, ich meinte die Arbeit", safety, "US", turn=2)
    assert (out.message, out.resume) == (message, resume)
    assert out.state.active is (message != "check_resolved")


@pytest.mark.parametrize(("answer", "all_clear", "message"), [
    ("decline", 0.99, "check_resolved"),   # 0.79 decline + 0.20 safe: "no, I'm better now"
    ("safe", 0.99, "check_resolved"),
    ("decline", 0.79, "followup"),         # the rest of the mass is a yes or no answer at all
    ("affirm", 0.85, "followup"),          # the top reading is a yes: the all-clear is not read
])
def test_a_check_counts_a_decline_and_a_safe_statement_together(
        safety: Safety, answer: Answer, all_clear: float, message: CrisisMessage) -> None:
    assessment = RiskAssessment("none", (), 0.1, answer=answer, answer_score=0.79,
                                all_clear=all_clear)
    out = crisis_step(CHECKING, assessment, "non, ça va mieux maintenant", safety, "US", turn=2)
    assert out.message == message
    # a full crisis is left only by a safe statement at the threshold, never by a decline
    assert crisis_step(IN_CRISIS, assessment, "non, ça va mieux maintenant", safety, "US",
                       turn=2).message == "followup"


def test_an_answer_with_some_risk_ends_the_check_but_holds_the_message_back(
        safety: Safety) -> None:
    out = crisis_step(CHECKING, rated("medium", "self_harm", answer="decline", answer_score=0.9),
                      "no, but the urges are bad", safety, "US", turn=2)
    assert out.message == "check_resolved" and out.resume is None


def test_a_high_answer_never_leaves_whatever_the_answer_head_says(safety: Safety) -> None:
    for state in (IN_CRISIS, CHECKING):
        out = crisis_step(state, rated("high", "suicidal_ideation", answer="safe",
                                       answer_score=0.99), "I'm safe but I still want to die",
                          safety, "US", turn=5)
        assert out.state.active


def test_an_unrelated_message_after_a_quiet_time_gets_one_gentle_check(safety: Safety) -> None:
    start = crisis_step(CrisisState(), rated("high", "suicidal_ideation"), "I want to die",
                        safety, "US", turn=0, now=T0)
    assert start.state.last_signal == T0.isoformat()
    work = rated("none", answer="other", answer_score=0.9)
    soon = crisis_step(start.state, work, "can we talk about work", safety, "US", turn=1,
                       now=T0 + timedelta(minutes=5))
    assert soon.message == "followup"  # too soon: the conservative default
    later = crisis_step(soon.state, work, "can we talk about work", safety, "US", turn=2,
                        now=T0 + timedelta(minutes=45))
    assert later.message == "recheck" and later.state.checking and later.state.trigger == 2
    assert later.reply == render_crisis_message("recheck", safety, "US")
    fine = crisis_step(later.state, rated("none", answer="decline", answer_score=0.9),
                       "no, I'm doing better", safety, "US", turn=3,
                       now=T0 + timedelta(minutes=46))
    assert (fine.state, fine.message, fine.resume) == (CrisisState(), "check_resolved", 2)


def test_a_medium_message_resets_the_quiet_time(safety: Safety) -> None:
    state = CrisisState(True, 0, ("suicidal_ideation",), last_signal=T0.isoformat())
    worry = crisis_step(state, rated("medium", "suicidal_ideation"), "what's the point",
                        safety, "US", turn=1, now=T0 + timedelta(minutes=40))
    assert worry.state.last_signal == (T0 + timedelta(minutes=40)).isoformat()
    again = crisis_step(worry.state, rated("none"), "anyway, work", safety, "US", turn=2,
                        now=T0 + timedelta(minutes=50))
    assert again.message == "followup"


def test_a_new_session_starts_with_one_gentle_check(safety: Safety) -> None:
    carried = IN_CRISIS.carried_over()
    assert carried.checking and carried.carried and carried.trigger is None
    hello = crisis_step(carried, rated("none"), "hello, I want to talk about work", safety,
                        "US", turn=0)
    assert hello.message == "recheck" and hello.state.trigger == 0 and not hello.state.carried
    ok = crisis_step(hello.state, rated("none", answer="decline", answer_score=0.9), "no, I'm ok",
                     safety, "US", turn=1)
    assert (ok.state, ok.resume) == (CrisisState(), 0)


def test_a_new_session_that_opens_safe_or_high(safety: Safety) -> None:
    carried = IN_CRISIS.carried_over()
    safe = crisis_step(carried, rated("none", answer="safe", answer_score=0.9),
                       "I'm doing much better now", safety, "US", turn=0)
    assert (safe.state, safe.message, safe.resume) == (CrisisState(), "resolved", None)
    high = crisis_step(carried, rated("high", "suicidal_ideation"), "it's worse today", safety,
                       "US", turn=0)
    assert high.message == "first" and high.state.active and not high.state.checking
    assert CrisisState().carried_over() == CrisisState()


def test_a_pack_without_recheck_sends_the_check_then_the_first_message(any_domain: str) -> None:
    safety = load_domain(any_domain).safety
    expected = "recheck" if "recheck" in safety.crisis_messages else \
        "check" if "check" in safety.crisis_messages else "first"
    assert render_crisis_message("recheck", safety, "UK") == render_crisis_message(
        expected, safety, "UK")


def _safe_answer(*reasons: str, confident: bool = True) -> RiskAssessment:
    return RiskAssessment("high", ("suicidal_ideation",), 0.3, reasons, confident,
                          answer="safe", answer_score=0.97)


@pytest.mark.parametrize("assessment", [
    _safe_answer("model:p_high=0.30>=0.01", "history:confirms"),  # sure only through history
    _safe_answer("model:p_high=0.30>=0.01", confident=False),  # the model's doubtful high
])
def test_the_answer_head_ends_the_crisis_over_a_doubtful_high(
        safety: Safety, assessment: RiskAssessment) -> None:
    active = CrisisState(True, 0, ("suicidal_ideation",))
    state, reply = step(active, assessment, "mir geht es jetzt besser", safety, "US", turn=1)
    assert state == CrisisState()
    assert reply == render_crisis_message("resolved", safety, "US")


def test_a_safe_answer_does_not_outweigh_a_high_of_its_own(safety: Safety) -> None:
    active = CrisisState(True, 0, ("suicidal_ideation",))
    own = _safe_answer("si.plan")  # a phrase rule (or a confident model): sure on its own
    state, reply = step(active, own, "I'm safe, but the pills are ready for tonight", safety,
                        "US", turn=1)
    assert state.active
    assert reply == render_crisis_message("followup", safety, "US")
