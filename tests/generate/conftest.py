"""Shared pieces for the generation tests: the therapy pack, scripted fake models and a loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coachsmith.config import GenerateConfig
from coachsmith.domain import Domain, load_domain
from coachsmith.generate import EstimatedCounter, TranscriptLoop, sample_persona
from coachsmith.llm import FakeBackend, Request, Response, RoleSpec
from coachsmith.records import Persona
from coachsmith.safety import RiskAssessment


@pytest.fixture(scope="session")
def domain() -> Domain:
    return load_domain("therapy")


@pytest.fixture(scope="session")
def persona(domain: Domain) -> Persona:
    return sample_persona(domain, 0, seed=11)


def user_reply(request: Request) -> str:
    """A plausible user message that differs per request seed."""
    return (f"Honestly work has been a lot this week (note {request.seed}). I keep lying awake "
            "and then I snap at my sister, which I hate.")


def coach_reply(request: Request) -> str:
    """A coach reply that differs per prompt; notes requests get a short note."""
    last = request.messages[-1].content
    if "session" in last.lower() and len(request.messages) == 1:
        return f"Notes: talked about sleep and work stress ({request.seed})."
    return (f"That sounds exhausting. On work: you could try writing down tomorrow's three "
            f"tasks before bed. On your sister: what happens just before you snap? "
            f"({request.seed})")


class StubRisk:
    """Rates a message high when it contains a trigger phrase, else none."""

    def __init__(self, trigger: str = "end my life", confident: bool = True) -> None:
        self.trigger = trigger
        self.confident = confident
        self.calls: list[str] = []

    def assess(self, text: str, history: Any = ()) -> RiskAssessment:
        self.calls.append(text)
        if self.trigger in text:
            return RiskAssessment("high", ("suicide",), 0.99, ("stub",), self.confident)
        return RiskAssessment("none")


Handler = Callable[[Request], Response | str]


@pytest.fixture
def make_loop(domain: Domain) -> Callable[..., tuple[TranscriptLoop, FakeBackend, FakeBackend]]:
    def make(user: Handler = user_reply, coach: Handler = coach_reply, *, risk: Any = None,
             budget: int = 120_000, **config: Any) -> tuple[TranscriptLoop, FakeBackend,
                                                          FakeBackend]:
        user_backend = FakeBackend(user, model="fake-user")
        coach_backend = FakeBackend(coach, model="fake-coach")
        cfg = GenerateConfig.model_validate({"crisis_flow": "off" if risk is None else
                                             "confident", **config})
        loop = TranscriptLoop(
            domain, user_sim=user_backend, coach=coach_backend,
            user_role=RoleSpec(max_tokens=200), coach_role=RoleSpec(max_tokens=200),
            config=cfg, risk=risk, coach_counter=EstimatedCounter(),
            user_counter=EstimatedCounter(), coach_budget=budget, user_budget=budget)
        return loop, user_backend, coach_backend
    return make
