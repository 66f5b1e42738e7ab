"""Pieces of the GEPA set-up: proposals stay loadable prompts, feedback names failures, the
engine maps DSPy requests onto coachsmith backends."""

from __future__ import annotations

import pytest

from coachsmith.domain import load_domain
from coachsmith.domain.prompts import PROMPT_PLACEHOLDERS, check_template
from coachsmith.errors import BackendError
from coachsmith.llm import FakeBackend, RoleSpec
from coachsmith.optimize import (
    BackendEngine,
    PromptProposer,
    RubricMetric,
    backend_lm,
    coach_examples,
    extract_prompt,
    repair_prompt,
)
from tests.optimize.conftest import transcripts, world

REQUIRED = PROMPT_PLACEHOLDERS["coach_system"]


@pytest.mark.parametrize(("text", "fixes"), [
    ("Be kind.\n\n{{session_context}}", []),
    ("Be kind.", ["added the missing {{session_context}} section"]),
    ("Be kind, {{name}}.\n{{session_context}}", ["removed unknown placeholder {{name}}"]),
])
def test_repair_prompt_makes_a_loadable_template(text: str, fixes: list[str]) -> None:
    repaired, made = repair_prompt(text)
    assert made == fixes
    assert check_template(repaired, "x", REQUIRED) == []


def test_extract_prompt_takes_the_longest_fenced_block() -> None:
    answer = "Sure.\n```\nshort\n```\nand\n```markdown\nthe whole new prompt\nline two\n```\n"
    assert extract_prompt(answer) == "the whole new prompt\nline two\n"
    assert extract_prompt("no fences here") == "no fences here"


def test_proposer_keeps_the_prompt_when_the_answer_is_too_short() -> None:
    proposer = PromptProposer(lambda prompt: "```\nok\n```")
    out = proposer({"coach": "old {{session_context}}"}, {"coach": []}, ["coach"])
    assert out == {"coach": "old {{session_context}}"}
    assert proposer.proposals[0].repaired == ["proposal too short: kept the prompt"]


def test_metric_feedback_names_failed_criteria_with_reasons() -> None:
    domain = load_domain("therapy")
    metric = RubricMetric(domain, FakeBackend(world, supports_schema=True),
                          RoleSpec(temperature=0, max_tokens=256), criteria=["CQ1", "CQ2"])
    example = coach_examples(transcripts(1), max_history=0)[0]
    bad = metric(example, "You are clearly upset. Do this.")
    good = metric(example, "I wonder if that weighs on you.")
    assert bad.feedback == "CQ2 (Tentative handling of ambiguity): The coach states its reading " \
        "as fact."
    assert "CQ2" in bad.score.failed and "CQ2" not in good.score.failed
    assert good.score.score > bad.score.score
    assert metric(example, "I wonder if that weighs on you.") is good  # remembered
    assert metric.backend_errors() == []


def test_engine_carries_role_defaults_seed_and_usage() -> None:
    fake = FakeBackend(["hello back"], model="m")
    engine = BackendEngine(fake, RoleSpec(temperature=0.2, max_tokens=77), seed=9)
    lm = backend_lm(engine, "coach")
    assert lm("hi there") == ["hello back"]
    (request,) = fake.requests
    assert request.messages[-1].content == "hi there"
    assert (request.seed, request.temperature, request.max_tokens) == (9, 0.2, 77)


def test_engine_records_backend_failures() -> None:
    def fail(request: object) -> str:
        raise BackendError("boom")

    engine = BackendEngine(FakeBackend(fail), RoleSpec())
    with pytest.raises(Exception, match="boom"):
        backend_lm(engine, "coach")("hi")
    assert engine.errors == ["boom"]
