"""Coach turns as optimisation examples, and the seeded train/validation split."""

from __future__ import annotations

import pytest

from coachsmith.optimize import coach_examples, split_examples
from coachsmith.records import Exchange, Session, Transcript
from tests.optimize.conftest import transcripts


def test_examples_carry_session_history_and_context() -> None:
    t = Transcript(id="t", sessions=[Session(index=0, context="first"),
                                     Session(index=1, days_since_previous=7, context="later")],
                   exchanges=[Exchange(user="a", assistant="A"),
                              Exchange(user="b", assistant="B"),
                              Exchange(user="c", assistant="C", session=1),
                              Exchange(user="help", assistant="crisis text", session=1,
                                       source="crisis_flow"),
                              Exchange(user="d", assistant="D", session=1)])
    ex = coach_examples([t], max_history=1)
    assert [e.id for e in ex] == ["t#0", "t#1", "t#2", "t#4"]  # crisis-flow turn skipped
    assert [e.message for e in ex] == ["a", "b", "c", "d"]
    assert ex[1].history[0].user == "a" and ex[1].session_context == "first"
    assert ex[2].history == () and ex[2].session_context == "later"  # new session, no history
    assert [h.user for h in ex[3].history] == ["help"]  # capped at max_history=1
    assert coach_examples([t], max_history=0)[1].history == ()


def test_split_keeps_transcripts_apart_and_is_seeded() -> None:
    examples = coach_examples(transcripts(6), max_history=2)
    train, val = split_examples(examples, train=4, val=3, seed=1)
    assert len(train) == 4 and len(val) == 3
    assert not {e.id.split("#")[0] for e in train} & {e.id.split("#")[0] for e in val}
    assert split_examples(examples, train=4, val=3, seed=1) == (train, val)
    assert split_examples(examples, train=4, val=3, seed=2) != (train, val)


def test_split_of_one_transcript_splits_its_turns() -> None:
    examples = coach_examples(transcripts(1), max_history=2)
    train, val = split_examples(examples, train=5, val=5, seed=0)
    assert len(train) == 1 and len(val) == 1 and train[0] != val[0]


def test_split_needs_two_turns() -> None:
    with pytest.raises(ValueError, match="at least 2 coach turns"):
        split_examples(coach_examples(transcripts(1), max_history=0)[:1], train=1, val=1, seed=0)
