"""The packaged intent classifier, measured on its held-out test split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.safety.base import INTENTS
from coachsmith.safety.intent import IntentModel, load_intent_classifier

REPLIES = Path(__file__).resolve().parents[2] / "data" / "intent" / "replies.jsonl"


@pytest.fixture(scope="module")
def model() -> IntentModel:
    return load_intent_classifier()


def test_accuracy_on_the_test_split_is_above_85_percent(model: IntentModel) -> None:
    rows = [json.loads(line) for line in REPLIES.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == "test"]
    assert len(rows) > 150
    accuracy = sum(model.classify(r["text"]) == r["intent"] for r in rows) / len(rows)
    assert accuracy > 0.85, accuracy


@pytest.mark.parametrize(("text", "intent"), [
    ("Please call 988 right now, or 911 if you've already taken something.", "emergency"),
    ("Are you having thoughts of ending your life right now?", "safety_check"),
    ("Let's take three slow breaths together, a little longer on the out-breath.",
     "offer_mindfulness"),
    ("We covered a lot today. Same time next week?", "close"),
])
def test_clear_cases(model: IntentModel, text: str, intent: str) -> None:
    assert model.classify(text) == intent


@pytest.mark.parametrize("text", ["", "   ", "🙂", "x" * 20_000])
def test_odd_input_gives_a_known_intent(model: IntentModel, text: str) -> None:
    assert model.classify(text) in INTENTS


def test_probabilities_sum_to_one(model: IntentModel) -> None:
    probs = model.probabilities("That sounds exhausting.")
    assert probs.shape == (len(INTENTS),) and abs(float(probs.sum()) - 1.0) < 1e-5


def test_loader_returns_the_same_model_every_time() -> None:
    assert load_intent_classifier() is load_intent_classifier()
