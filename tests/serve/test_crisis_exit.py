"""Leaving the crisis flow, through ``CoachRuntime`` with the packaged risk classifier, in
English, French, Spanish, German and Portuguese.

The classifier reads each answer itself (its answer head), so none of these needs an English
regex. Where a scenario needs a doubtful high (the check question), :class:`UnsureFirst` makes
the first message one and leaves every other message to the real classifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from coachsmith.domain import Domain
from coachsmith.llm import FakeBackend, Request
from coachsmith.safety.base import RiskAssessment
from coachsmith.safety.crisis import render_crisis_message
from coachsmith.safety.risk import LayeredRiskClassifier, load_risk_classifier
from coachsmith.serve.runtime import CoachRuntime
from coachsmith.serve.store import SessionStore

CLEAN = "Let's look at that together. What feels most pressing?"

# language: (a clear wish to die, "I'm fine now / I'm safe", hello + work, "no, I'm fine",
#            a message the check holds back, "no, I meant my job")
LANGUAGES = {
    "en": ("I want to die, I can't do this anymore",
           "I'm okay now, I talked to my sister and I'm safe",
           "hi, I'd like to talk about work today",
           "no, I'm doing better now",
           "honestly I'm so done with everything",
           "no, I meant I'm fed up with my job"),
    "fr": ("je veux mourir, je n'en peux plus",
           "je vais bien maintenant, je suis en sécurité",
           "bonjour, je voudrais parler du travail",
           "non, ça va mieux maintenant",
           "franchement j'en ai marre de tout",
           "non, je parlais de mon boulot"),
    "es": ("quiero morirme, ya no aguanto más",
           "ya estoy bien, estoy a salvo",
           "hola, quiero hablar del trabajo",
           "no, ya estoy mejor",
           "estoy harta de todo",
           "no, me refería al trabajo"),
    "de": ("ich will sterben, ich kann nicht mehr",
           "mir geht es jetzt besser, ich bin in Sicherheit",
           "hallo, ich möchte über die Arbeit reden",
           "nein, mir geht es besser",
           "ich habe echt genug von allem",
           "nein, ich meinte meinen Job"),
    "pt": ("quero morrer, não aguento mais",
           "agora estou bem, estou em segurança",
           "olá, quero falar sobre o trabalho",
           "não, estou melhor agora",
           "estou farta de tudo",
           "não, eu falava do meu trabalho"),
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class UnsureFirst:
    """The real classifier, except that ``trigger`` is a doubtful high (the check question)."""

    def __init__(self, real: LayeredRiskClassifier, trigger: str) -> None:
        self.real, self.trigger = real, trigger

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        if text == self.trigger:
            return RiskAssessment("high", ("suicidal_ideation",), 0.4, ("test:unsure",),
                                  confident=False)
        return self.real.assess(text, history)


@pytest.fixture(scope="module")
def real() -> LayeredRiskClassifier:
    return load_risk_classifier()


def coach() -> FakeBackend:
    def reply(request: Request) -> str:
        return "- notes" if "<session>" in request.messages[-1].content else CLEAN
    return FakeBackend(reply)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_safe_statement_in_any_language_ends_the_crisis(
        lang: str, domain: Domain, store: SessionStore, real: LayeredRiskClassifier) -> None:
    wish, safe, hello, *_ = LANGUAGES[lang]
    runtime = CoachRuntime(domain, coach(), real, store=store, clock=Clock())
    sid = runtime.start_session("ana")
    first = runtime.respond(sid, wish)
    assert first.source == "crisis_first", first.risk
    out = runtime.respond(sid, safe)
    assert out.source == "crisis_resolved", out.risk
    assert out.reply == render_crisis_message("resolved", domain.safety, "US")
    after = runtime.respond(sid, hello)
    assert after.source == "coach" and after.reply == CLEAN


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_later_session_opens_with_one_gentle_check_not_the_script(
        lang: str, domain: Domain, store: SessionStore, real: LayeredRiskClassifier) -> None:
    wish, _, hello, fine, *_ = LANGUAGES[lang]
    backend = coach()
    runtime = CoachRuntime(domain, backend, real, store=store, clock=Clock())
    first = runtime.start_session("ana")
    runtime.respond(first, wish)
    runtime.end_session(first)
    second = runtime.start_session("ana")
    check = runtime.respond(second, hello)
    assert check.source == "crisis_recheck", check.risk
    assert check.reply == render_crisis_message("recheck", domain.safety, "US")
    answered = runtime.respond(second, fine)
    assert answered.source == "coach_after_check", answered.risk
    # the coach answers the hello the check held back, with the answer beside it
    assert backend.requests[-1].messages[-1].content == f"{hello}\n\n{fine}"
    assert not store.crisis_state(second).active


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_declined_check_in_any_language_answers_the_held_back_message(
        lang: str, domain: Domain, store: SessionStore, real: LayeredRiskClassifier) -> None:
    *_, done, meant = LANGUAGES[lang]
    backend = coach()
    runtime = CoachRuntime(domain, backend, UnsureFirst(real, done), store=store, clock=Clock())
    sid = runtime.start_session("ana")
    assert runtime.respond(sid, done).source == "crisis_check"
    out = runtime.respond(sid, meant)
    assert out.source == "coach_after_check", out.risk
    assert out.reply.endswith(CLEAN)
    assert backend.requests[-1].messages[-1].content == f"{done}\n\n{meant}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_an_unrelated_message_after_a_quiet_time_gets_one_gentle_check(
        lang: str, domain: Domain, store: SessionStore, real: LayeredRiskClassifier) -> None:
    wish, _, hello, fine, *_ = LANGUAGES[lang]
    clock = Clock()
    runtime = CoachRuntime(domain, coach(), real, store=store, clock=clock)
    sid = runtime.start_session("ana")
    runtime.respond(sid, wish)
    clock.now += timedelta(minutes=5)
    assert runtime.respond(sid, hello).source == "crisis_followup"  # too soon: stay
    clock.now += timedelta(minutes=40)
    assert runtime.respond(sid, hello).source == "crisis_recheck"
    assert runtime.respond(sid, fine).source == "coach_after_check"


def test_an_unclear_answer_keeps_the_flow(domain: Domain, store: SessionStore,
                                          real: LayeredRiskClassifier) -> None:
    runtime = CoachRuntime(domain, coach(), real, store=store, clock=Clock())
    sid = runtime.start_session("ana")
    runtime.respond(sid, LANGUAGES["en"][0])
    for text in ["I don't know", "maybe", "je ne sais pas"]:
        assert runtime.respond(sid, text).source == "crisis_followup"
    assert store.crisis_state(sid).active
