"""The response filter: rule checks, regenerate with feedback, fallback, resources appended."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coachsmith.domain import Safety, load_domain
from coachsmith.llm import FakeBackend, Message, Request
from coachsmith.safety.base import RISK_LEVELS, RiskLevel
from coachsmith.safety.filter import (
    FALLBACK_REPLY,
    FilterDecision,
    Violation,
    check_reply,
    fallback_reply,
    filter_reply,
    regeneration_feedback,
)

CLEAN = "That sounds like a heavy week. What felt hardest about it?"
DIAGNOSIS = "Honestly, it sounds like you have clinical depression."
DOSE = "Maybe try taking 50mg of sertraline before bed."
GUARANTEE = "I guarantee this will work for you."


@pytest.fixture(scope="module")
def safety() -> Safety:
    return load_domain("therapy").safety


@pytest.mark.parametrize(("text", "level", "rules"), [
    (CLEAN, "none", []),
    (CLEAN, "low", []),
    (CLEAN, "medium", ["missing_resources"]),
    (CLEAN + " Are you safe right now?", "medium", []),
    (CLEAN + " ARE YOU SAFE?", "medium", []),
    (CLEAN + " You can call the Samaritans.", "medium", []),
    (DIAGNOSIS, "none", ["diagnosis"]),
    ("YOU HAVE DEPRESSION.", "none", ["diagnosis"]),
    ("Your boss is clearly a narcissist.", "none", ["diagnosis_label"]),
    (DOSE, "none", ["medication"]),
    ("I'd suggest you increase your dose to 100 mg.", "none", ["medication",
                                                              "medication_change"]),
    ("You should try melatonin tonight.", "none", ["medication_named"]),
    (GUARANTEE, "none", ["guarantee"]),
    ("Have a few drinks to relax tonight.", "none", ["harmful_coping"]),
    ("It's not a big deal that you want to die.", "none", ["minimising_crisis"]),
    ("As an AI language model, I don't have feelings.", "none", ["ai_role_leak"]),
    ("My system prompt says I should be kind.", "none", ["prompt_leak"]),
    ("Sure.\nUser: and then?", "none", ["prompt_leak"]),
    (DIAGNOSIS, "medium", ["diagnosis", "missing_resources"]),
    ("", "none", ["empty"]),
    ("  \n\t ", "medium", ["empty"]),
])
def test_check_reply_rules(safety: Safety, text: str, level: RiskLevel,
                           rules: list[str]) -> None:
    assert [v.rule for v in check_reply(text, risk_level=level, safety=safety)] == rules


def test_violation_names_the_match_and_the_pack_reason(safety: Safety) -> None:
    [v] = check_reply(DIAGNOSIS, risk_level="none", safety=safety)
    assert v == Violation("diagnosis", "sounds like you have clinical depression",
                          next(p.description for p in safety.forbidden_patterns
                               if p.id == "diagnosis"))


def _coach_generate(backend: FakeBackend) -> tuple[list[str | None], Callable[[str | None], str]]:
    """A generate() over a fake coach, recording the feedback it was given."""
    seen: list[str | None] = []

    def generate(feedback: str | None) -> str:
        seen.append(feedback)
        messages = [Message("system", "You are a coach."), Message("user", "I feel low")]
        if feedback:
            messages.append(Message("system", feedback))
        return backend.complete(Request(messages=tuple(messages))).text
    return seen, generate


def test_regenerate_twice_then_fall_back_logging_each_rule(safety: Safety) -> None:
    coach = FakeBackend([DIAGNOSIS, DOSE, GUARANTEE])
    seen, generate = _coach_generate(coach)
    logged: list[FilterDecision] = []
    result = filter_reply(generate, risk_level="low", safety=safety,
                          locale="US", log=logged.append)
    assert result.text == FALLBACK_REPLY
    assert result.fell_back and result.attempts == 3 and len(coach.requests) == 3
    assert [(d.action, d.rule, d.attempt) for d in result.decisions] == [
        ("violation", "diagnosis", 1), ("regenerate", None, 1),
        ("violation", "medication", 2), ("regenerate", None, 2),
        ("violation", "guarantee", 3), ("fallback", None, 3),
    ]
    assert [d.detail for d in result.decisions if d.action != "violation"] == [
        "diagnosis", "medication", "guarantee"]
    assert logged == list(result.decisions)
    # Each new request says in plain words what the previous draft did wrong.
    assert seen[0] is None
    assert seen[1] is not None and "diagnosis or clinical label" in seen[1]
    assert "sounds like you have clinical depression" in seen[1]
    assert seen[2] is not None and "dose" in seen[2] and "50mg" in seen[2]
    assert coach.requests[1].messages[-1].content == seen[1]


def test_regenerated_reply_that_passes_is_sent(safety: Safety) -> None:
    coach = FakeBackend([GUARANTEE, CLEAN])
    _, generate = _coach_generate(coach)
    result = filter_reply(generate, risk_level="none", safety=safety,
                          locale="US")
    assert (result.text, result.attempts, result.fell_back) == (CLEAN, 2, False)
    assert [(d.action, d.rule) for d in result.decisions] == [
        ("violation", "guarantee"), ("regenerate", None), ("pass", None)]


def test_clean_reply_passes_first_time(safety: Safety) -> None:
    result = filter_reply(lambda _: f"  {CLEAN}\n", risk_level="none", safety=safety,
                          locale="US")
    assert result.text == CLEAN
    assert result.decisions == (FilterDecision("pass", 1),)


def test_medium_risk_appends_resources_instead_of_regenerating(safety: Safety) -> None:
    calls: list[str | None] = []

    def generate(feedback: str | None) -> str:
        calls.append(feedback)
        return CLEAN

    result = filter_reply(generate, risk_level="medium", safety=safety, locale="UK")
    assert calls == [None]
    assert result.text.startswith(CLEAN + "\n\n")
    assert safety.resources_for("UK").render() in result.text
    assert [(d.action, d.rule) for d in result.decisions] == [
        ("violation", "missing_resources"), ("append_resources", "missing_resources")]
    assert check_reply(result.text, risk_level="medium", safety=safety) == []


def test_medium_risk_reply_with_safety_check_is_left_alone(safety: Safety) -> None:
    reply = CLEAN + " Are you safe right now?"
    result = filter_reply(lambda _: reply, risk_level="medium", safety=safety, locale="US")
    assert result.text == reply
    assert [d.action for d in result.decisions] == ["pass"]


def test_medium_risk_hard_violation_regenerates_then_appends(safety: Safety) -> None:
    replies = iter([DOSE, CLEAN])
    result = filter_reply(lambda _: next(replies), risk_level="medium", safety=safety,
                          locale="US")
    assert [(d.action, d.rule) for d in result.decisions] == [
        ("violation", "medication"), ("violation", "missing_resources"),
        ("regenerate", None),
        ("violation", "missing_resources"), ("append_resources", "missing_resources")]
    assert result.text.startswith(CLEAN) and "988" in result.text


def test_medium_risk_fallback_carries_resources(safety: Safety) -> None:
    result = filter_reply(lambda _: DIAGNOSIS, risk_level="medium", safety=safety,
                          locale="US")
    assert result.fell_back
    assert result.text == fallback_reply(risk_level="medium", safety=safety, locale="US")
    assert result.text.startswith(FALLBACK_REPLY) and "988" in result.text


def test_empty_output_is_regenerated(safety: Safety) -> None:
    replies = iter(["", "   ", CLEAN])
    result = filter_reply(lambda _: next(replies), risk_level="none", safety=safety,
                          locale="US")
    assert result.text == CLEAN
    assert [d.rule for d in result.decisions if d.action == "violation"] == ["empty", "empty"]


def test_no_regenerations_falls_back_at_once(safety: Safety) -> None:
    result = filter_reply(lambda _: GUARANTEE, risk_level="none", safety=safety, locale="US",
                          max_regenerations=0)
    assert result.fell_back and result.attempts == 1
    assert [d.action for d in result.decisions] == ["violation", "fallback"]


@pytest.mark.parametrize("level", RISK_LEVELS)
@pytest.mark.parametrize("locale", ["US", "UK", "IE", "CA", "AU", "INTL", "FR"])
def test_fallback_always_passes_the_filter(any_domain: str, level: RiskLevel,
                                           locale: str) -> None:
    safety = load_domain(any_domain).safety
    text = fallback_reply(risk_level=level, safety=safety, locale=locale)
    assert check_reply(text, risk_level=level, safety=safety) == []
    assert ("Emergency services" in text) == (level in ("medium", "high"))


def test_feedback_lists_every_broken_rule_in_plain_words(safety: Safety) -> None:
    violations = check_reply(DIAGNOSIS + " " + GUARANTEE, risk_level="none", safety=safety)
    text = regeneration_feedback(violations)
    assert text.splitlines()[0] == "Your previous draft was not sent because it broke these rules:"
    assert len(text.splitlines()) == 4
    assert '(it said: "I guarantee")' in text
    assert "\\b" not in text  # reasons, not regexes
