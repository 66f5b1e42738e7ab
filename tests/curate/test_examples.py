from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coachsmith.curate.examples import (
    build_examples,
    estimate_tokens,
    length_bucket,
    plan_slices,
    preference_pairs,
    primary_topic,
)
from coachsmith.curate.fixup import FixupAttempt, apply_rewrites
from coachsmith.curate.slicing import SliceSettings
from coachsmith.records import Example, Planted
from tests.factories import make_transcript


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.text(min_size=1, max_size=8))
def test_both_forms_train_each_reply_the_same_number_of_times(n: int, tid: str) -> None:
    t = make_transcript(tid, n, persona="p")
    ends = plan_slices(t, estimate_tokens, SliceSettings())
    sliced = build_examples(t, "sliced", ends)
    [shared] = build_examples(t, "prefix_shared", ends)
    assert [e.id for e in sliced] == [f"{tid}#{e}" for e in ends]
    full = shared.messages
    for e in sliced:  # every slice is a true prefix of the whole example, ending on the coach
        assert e.messages[-1].role == "assistant"
        assert [(m.role, m.content) for m in e.messages] == \
            [(m.role, m.content) for m in full[:len(e.messages)]]
        assert all(m.weight == 1.0 for m in e.messages if m.role == "assistant")
        assert all(m.weight is None for m in e.messages if m.role != "assistant")
    replies = [m for m in full if m.role == "assistant"]
    for reply in replies:
        trained = sum(1 for e in sliced for m in e.messages
                      if m.role == "assistant" and m.content == reply.content)
        assert reply.weight == trained
    assert shared.meta["form"] == "prefix_shared" and shared.meta["slices"] == len(ends)
    Example.model_validate_json(shared.model_dump_json())  # the contract's validator accepts it


def test_meta_defaults_come_from_the_transcript() -> None:
    t = make_transcript("t", 35, persona="p-1", meta={"tags": ["foundation", 3]})
    assert length_bucket(t) == "medium" and primary_topic(t) == "unknown"
    ex = t.exchanges[0].model_copy(update={"planted": Planted(topics=["anxiety"])})
    t2 = t.model_copy(update={"exchanges": [ex, *t.exchanges[1:]],
                              "meta": {"length_bucket": "short"}})
    assert length_bucket(t2) == "short" and primary_topic(t2) == "anxiety"
    [e] = build_examples(t, "prefix_shared", [35])
    assert e.meta["tags"] == ["foundation"] and e.meta["persona_id"] == "p-1"
    assert e.messages[0].role == "system"


def test_accepted_fixups_become_preference_pairs_with_the_curated_history() -> None:
    t = make_transcript("t", 4)
    attempts = [
        FixupAttempt(transcript_id="t", exchange=2, issues="x", original=t.exchanges[1].assistant,
                     rewrite="Better reply two.", status="accepted", criteria=["CQ2"]),
        FixupAttempt(transcript_id="t", exchange=3, issues="x", original=t.exchanges[2].assistant,
                     rewrite="UNFIXABLE", status="rejected", reason="unfixable"),
        FixupAttempt(transcript_id="t", exchange=4, issues="x", original=t.exchanges[3].assistant,
                     rewrite="Better reply four.", status="accepted", rules=["truncated"]),
    ]
    fixed = apply_rewrites(t, attempts)
    assert fixed.exchanges[1].source == "fixup"
    assert fixed.exchanges[1].original == t.exchanges[1].assistant
    assert fixed.exchanges[2] == t.exchanges[2]
    pairs = preference_pairs(fixed, attempts)
    assert [p.id for p in pairs] == ["t@2", "t@4"]
    p = pairs[1]
    assert [m.role for m in p.prompt] == ["system", "user", "assistant", "user", "assistant",
                                          "user", "assistant", "user"]
    assert p.prompt[4].content == "Better reply two."  # history is the curated one
    assert p.chosen[0].content == "Better reply four."
    assert p.rejected[0].content == t.exchanges[3].assistant
    assert p.meta == {"transcript_id": "t", "exchange": 4, "criteria": ["truncated"]}
    # a pair whose exchange was cut away is not made
    assert [p.id for p in preference_pairs(fixed.model_copy(
        update={"exchanges": fixed.exchanges[:3]}), attempts)] == ["t@2"]
