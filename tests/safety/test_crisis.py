"""The crisis state machine: enter, follow up, stay on high, leave only on a real safe statement."""

from __future__ import annotations

import pytest

from coachsmith.domain import Safety, load_domain
from coachsmith.safety.base import RiskAssessment, RiskCategory, RiskLevel
from coachsmith.safety.crisis import (
    CrisisMessage,
    CrisisState,
    crisis_message_kind,
    crisis_step,
    is_check_decline,
    is_safe_statement,
    render_crisis_message,
)
from coachsmith.safety.filter import check_reply


@pytest.fixture(scope="module")
def safety() -> Safety:
    return load_domain("therapy").safety


def rated(level: RiskLevel, *categories: RiskCategory) -> RiskAssessment:
    return RiskAssessment(level, tuple(categories), 0.9 if level == "high" else 0.1)


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
    state, reply = crisis_step(CrisisState(), rated(level), "rough day", safety, "US", turn=4)
    assert state == CrisisState()
    assert reply is None


def test_high_enters_crisis_with_first_message_and_resources(safety: Safety) -> None:
    state, reply = crisis_step(CrisisState(), rated("high", "suicidal_ideation", "self_harm"),
                               "I want to end it", safety, "US", turn=3)
    assert state == CrisisState(True, 3, ("suicidal_ideation", "self_harm"))
    assert reply == render_crisis_message("first", safety, "US")
    assert "988" in reply and "911" in reply
    assert "{{" not in reply


@pytest.mark.parametrize("text", NOT_SAFE_STATEMENTS)
@pytest.mark.parametrize("level", ["none", "low", "medium"])
def test_in_crisis_anything_but_a_safe_statement_gets_followup(safety: Safety, text: str,
                                                                level: RiskLevel) -> None:
    state, reply = crisis_step(IN_CRISIS, rated(level), text, safety, "US", turn=5)
    assert state == IN_CRISIS
    assert reply == render_crisis_message("followup", safety, "US")


@pytest.mark.parametrize("text", SAFE_STATEMENTS + NOT_SAFE_STATEMENTS)
def test_high_in_crisis_never_leaves(safety: Safety, text: str) -> None:
    state, reply = crisis_step(IN_CRISIS, rated("high", "self_harm"), text, safety, "US", turn=5)
    assert state == CrisisState(True, 2, ("suicidal_ideation", "self_harm"))
    assert reply == render_crisis_message("followup", safety, "US")


@pytest.mark.parametrize("text", SAFE_STATEMENTS)
@pytest.mark.parametrize("level", ["none", "low", "medium"])
def test_safe_statement_rated_below_high_resolves(safety: Safety, text: str,
                                                  level: RiskLevel) -> None:
    state, reply = crisis_step(IN_CRISIS, rated(level), text, safety, "US", turn=5)
    assert state == CrisisState()
    assert reply == render_crisis_message("resolved", safety, "US")


@pytest.mark.parametrize("text", SAFE_STATEMENTS)
def test_safe_statement_outside_crisis_does_nothing(safety: Safety, text: str) -> None:
    assert crisis_step(CrisisState(), rated("none"), text, safety, "US") == (CrisisState(), None)


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
        before = state
        state, reply = crisis_step(state, assessment, text, safety, "US", turn=turn)
        if expected is None:
            assert reply is None, text
        else:
            assert reply == render_crisis_message(expected, safety, "US"), text
            assert crisis_message_kind(before, state) == expected
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
    _, reply = crisis_step(CrisisState(), rated("high"), "x", safety, locale)
    assert reply is not None and expected in reply


@pytest.mark.parametrize("kind", ["first", "followup", "resolved", "check", "check_resolved"])
@pytest.mark.parametrize("locale", ["US", "UK", "IE", "INTL"])
def test_vetted_crisis_text_passes_the_response_filter(safety: Safety, kind: CrisisMessage,
                                                       locale: str) -> None:
    text = render_crisis_message(kind, safety, locale)
    assert check_reply(text, risk_level="high", safety=safety) == []


def test_works_for_every_pack(any_domain: str) -> None:
    safety = load_domain(any_domain).safety
    state, reply = crisis_step(CrisisState(), rated("high"), "x", safety, "UK")
    assert state.active and reply and "{{" not in reply
    state, reply = crisis_step(state, rated("none"), "I'm safe now", safety, "UK")
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


CHECKING = CrisisState(True, 1, ("suicidal_ideation",), checking=True)
DECLINES = ["no", "No, I meant the deadline", "nope, I'm fine", "I'm ok, just tired",
            "not really, I just meant work is a lot", "you misread me, it was about my essay"]
NOT_DECLINES = ["maybe", "no... I don't know", "idk", "yes", "sometimes", "ok",
                "I'm fine I guess, sometimes I want to end it", "I know what I meant"]


def test_an_unsure_high_asks_the_check_question_and_never_reaches_the_coach(
        safety: Safety) -> None:
    state, reply = crisis_step(CrisisState(), unsure("suicidal_ideation"), "so tired of it all",
                               safety, "US", turn=1)
    assert state == CHECKING
    assert reply == render_crisis_message("check", safety, "US")
    assert "988" in reply and "741741" in reply
    assert crisis_message_kind(CrisisState(), state) == "check"


@pytest.mark.parametrize("text", DECLINES + SAFE_STATEMENTS)
def test_a_decline_or_safe_statement_ends_the_check(safety: Safety, text: str) -> None:
    state, reply = crisis_step(CHECKING, rated("none"), text, safety, "US", turn=2)
    assert state == CrisisState()
    assert reply == render_crisis_message("check_resolved", safety, "US")
    assert crisis_message_kind(CHECKING, state) == "check_resolved"


@pytest.mark.parametrize("text", NOT_DECLINES)
def test_anything_else_keeps_checking_with_the_followup(safety: Safety, text: str) -> None:
    assert not is_check_decline(text, safety)
    state, reply = crisis_step(CHECKING, rated("low"), text, safety, "US", turn=2)
    assert state == CHECKING
    assert reply == render_crisis_message("followup", safety, "US")


@pytest.mark.parametrize("text", DECLINES)
def test_a_decline_rated_high_does_not_end_the_check(safety: Safety, text: str) -> None:
    state, reply = crisis_step(CHECKING, unsure("self_harm"), text, safety, "US", turn=2)
    assert state == CrisisState(True, 1, ("suicidal_ideation", "self_harm"), checking=True)
    assert reply == render_crisis_message("followup", safety, "US")


def test_a_confident_high_while_checking_escalates_to_the_full_crisis(safety: Safety) -> None:
    state, reply = crisis_step(CHECKING, rated("high", "self_harm"), "yes. I have the pills",
                               safety, "US", turn=2)
    assert state == CrisisState(True, 1, ("suicidal_ideation", "self_harm"))
    assert reply == render_crisis_message("first", safety, "US")
    assert crisis_message_kind(CHECKING, state) == "first"


@pytest.mark.parametrize("text", DECLINES)
def test_a_decline_never_ends_a_full_crisis(safety: Safety, text: str) -> None:
    if is_safe_statement(text, safety):
        pytest.skip("also a safe statement")
    state, reply = crisis_step(IN_CRISIS, rated("none"), text, safety, "US", turn=5)
    assert state == IN_CRISIS
    assert reply == render_crisis_message("followup", safety, "US")


def test_a_pack_without_check_messages_sends_the_full_crisis_message(any_domain: str) -> None:
    safety = load_domain(any_domain).safety
    state, reply = crisis_step(CrisisState(), unsure(), "x", safety, "UK")
    if "check" in safety.crisis_messages:
        assert state.checking and reply == render_crisis_message("check", safety, "UK")
    else:
        assert state == CrisisState(True, 0, ()) and not state.checking
        assert reply == render_crisis_message("first", safety, "UK")
