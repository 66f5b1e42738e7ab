"""A scripted world for optimisation tests: a coach that hedges only when its prompt says so,
a judge that fails CQ2 on replies that do not hedge, and a reflection model that proposes the
fix the judge's feedback points to."""

from __future__ import annotations

import json

import pytest

from coachsmith.domain import Domain, load_domain
from coachsmith.llm import FakeBackend, Request
from coachsmith.records import Exchange, Session, Transcript

FIX = "Always hedge interpretations with 'I wonder'."


def coach_reply(request: Request) -> str:
    system = request.messages[0].content
    last = request.messages[-1].content
    if FIX in system:
        return f"I wonder if {last.split('.')[0].lower()} weighs on you. What would help?"
    return f"You are clearly upset about {last.split('.')[0].lower()}. Do this."


def judge_reply(request: Request) -> str:
    text = request.messages[-1].content
    cid = text.rsplit("Criterion ", 1)[-1].split()[0] if "Criterion " in text else ""
    last_coach = text.split("COACH:")[-1].split("\n\n")[0]
    if "CQ2" in text[-2000:] and "I wonder" not in last_coach:
        return json.dumps({"reasoning": "The coach states its reading as fact.", "answer": "NO"})
    return json.dumps({"reasoning": f"fine {cid}", "answer": "YES"})


def reflection_reply(request: Request) -> str:
    text = request.messages[-1].content
    current = text.split("```\n", 1)[1].split("\n```", 1)[0]
    return f"Here it is:\n```\n{current}\n\n{FIX}\n```"


def world(request: Request) -> str:
    if request.json_schema is not None:
        return judge_reply(request)
    if "You are improving the system prompt" in request.messages[-1].content:
        return reflection_reply(request)
    return coach_reply(request)


@pytest.fixture
def domain() -> Domain:
    return load_domain("therapy")


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend(world, supports_schema=True)


def transcripts(n: int = 4) -> list[Transcript]:
    topics = ["my sister", "work", "sleep", "my dog", "money", "the move"]
    return [Transcript(
        id=f"t-{i}", sessions=[Session(index=0, context="Session type: check-in.")],
        exchanges=[Exchange(user=f"I keep thinking about {topics[(i + k) % 6]}. It is hard.",
                            assistant="That sounds hard.") for k in range(2)])
        for i in range(n)]
