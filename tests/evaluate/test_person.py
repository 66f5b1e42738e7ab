"""The evaluation protocol's simulated person is the generate stage's user simulator."""

from __future__ import annotations

import pytest

from coachsmith.domain import load_domain
from coachsmith.errors import CoachsmithError
from coachsmith.evaluate.person import EVALUATION_PERSONA_START, SimulatedPerson, evaluation_personas
from coachsmith.generate import sample_personas
from coachsmith.llm import FakeBackend, Request, RoleSpec
from coachsmith.records import Exchange

DOMAIN = load_domain("therapy")
ROLE = RoleSpec(backend="bundled", temperature=0.9, max_tokens=200)


def _person(backend: FakeBackend, **kw: object) -> SimulatedPerson:
    settings: dict[str, object] = {"max_exchanges": 4, "session_exchanges": (2, 2),
                                   "days_between": (7.0, 7.0)}
    settings.update(kw)
    return SimulatedPerson(DOMAIN, backend, ROLE, **settings)  # type: ignore[arg-type]


def _numbered(request: Request) -> str:
    # the person's earlier messages come back as assistant turns: number each new one
    said = sum(1 for m in request.messages if m.role == "assistant")
    return f"Message {said}: work has been heavy and I keep lying awake. Seed {request.seed}."


def test_plays_the_persona_across_sessions_then_stops() -> None:
    [persona] = evaluation_personas(DOMAIN, 1, seed=3)
    person = _person(FakeBackend(_numbered))
    history: list[Exchange] = []
    messages = []
    while (message := person(persona, history, seed=11)) is not None:
        messages.append(message)
        history.append(Exchange(user=message.text, assistant="That sounds hard. What helps?",
                                session=len(history) // 2))
    assert [m.text.split(":")[0] for m in messages] == [f"Message {i}" for i in range(4)]
    # two sessions of two exchanges: the third message opens the second session, a week later
    assert [m.new_session for m in messages] == [False, False, True, False]
    assert messages[2].days_since_previous == 7.0
    assert all(m.planted is not None and m.planted.topics for m in messages)
    # the persona's own prompt (not a generic one) reaches the simulator
    system = person.backend.requests[0].messages[0]  # type: ignore[attr-defined]
    assert system.role == "system" and persona.topics[0].topic.replace("_", " ") in (
        system.content.lower().replace("_", " "))


def test_same_seed_same_messages_other_seed_other_requests() -> None:
    [persona] = evaluation_personas(DOMAIN, 1, seed=3)
    a, b, c = (_person(FakeBackend(_numbered)) for _ in range(3))
    assert a(persona, (), seed=5) == b(persona, (), seed=5)
    assert a(persona, (), seed=5) != c(persona, (), seed=6)


def test_unusable_messages_are_retried_then_reported() -> None:
    [persona] = evaluation_personas(DOMAIN, 1, seed=3)
    replies = ["", "As an AI, I can't be the user.", "Honestly it's been a rough week at work."]
    person = _person(FakeBackend(replies), max_attempts=3)
    message = person(persona, (), seed=1)
    assert message is not None and message.text == replies[2]

    broken = _person(FakeBackend(["", "", ""]), max_attempts=3)
    with pytest.raises(CoachsmithError, match=r"no usable message .* exchange 0 in 3 tries "
                       r"\(empty, empty, empty\)"):
        broken(persona, (), seed=1)


def test_evaluation_personas_never_share_an_id_with_training_personas() -> None:
    training = sample_personas(DOMAIN, 50, seed=0)
    fresh = evaluation_personas(DOMAIN, 12, seed=0, training_ids=[p.id for p in training])
    assert len(fresh) == 12 and not {p.id for p in fresh} & {p.id for p in training}
    clash = sample_personas(DOMAIN, 1, seed=0, start=EVALUATION_PERSONA_START)[0].id
    with pytest.raises(CoachsmithError, match=r"also appear in personas\.jsonl"):
        evaluation_personas(DOMAIN, 2, seed=0, training_ids=[clash])
