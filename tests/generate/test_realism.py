"""Realism report: hand-built transcripts whose right numbers are known."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachsmith.config import LengthBucket
from coachsmith.generate.realism import (
    distinct_n,
    jaccard,
    measure_realism,
    render_realism_markdown,
    write_realism_report,
)
from coachsmith.records import Exchange, Persona, PersonaFlaw, PersonaTopic, Planted, Transcript

MIX = {"short": LengthBucket(share=0.5, exchanges=2), "long": LengthBucket(share=0.5, exchanges=4)}


def _persona(pid: str, flaw_p: float) -> Persona:
    return Persona(
        id=pid, seed=1, style="casual", difficulty="easy",
        topics=[PersonaTopic(topic="work", weight=3.0, opens=0.0),
                PersonaTopic(topic="sleep", weight=1.0, opens=0.0)],
        flaws=[PersonaFlaw(name="yes_but", category="resistance", probability=flaw_p)],
        words_per_message=(2, 4))


def _ex(user: str, topics: list[str], flaws: list[str], reply: str = "ok then") -> Exchange:
    return Exchange(user=user, assistant=reply, planted=Planted(topics=topics, flaws=flaws))


@pytest.fixture
def data() -> tuple[list[Persona], list[Transcript]]:
    personas = [_persona("p-a", 0.5), _persona("p-b", 0.0)]
    a = Transcript(id="t-a", persona_id="p-a",
                   meta={"length_bucket": "short", "target_exchanges": 2},
                   exchanges=[_ex("work is hard", ["work"], ["yes_but"]),
                              _ex("work and sleep both bad today", ["work", "sleep"], [])])
    b = Transcript(id="t-b", persona_id="p-b",
                   meta={"length_bucket": "long", "target_exchanges": 4,
                         "stop_reason": "context_budget"},
                   exchanges=[_ex("sleep is poor", ["sleep"], []),
                              _ex("still poor sleep", ["sleep"], [])])
    return personas, [a, b]


def test_measures_known_numbers(data: tuple[list[Persona], list[Transcript]]) -> None:
    personas, transcripts = data
    r = measure_realism(personas, transcripts, length_mix=MIX)
    assert (r.transcripts, r.user_messages, r.planted_messages) == (2, 4, 4)
    short, long = r.buckets
    assert (short.name, short.transcripts, short.share, short.reached_target) == ("short", 1, 0.5, 1)
    assert (long.name, long.mean_exchanges, long.reached_target, long.target_exchanges) == \
        ("long", 2.0, 0, 4)
    # 5 topic mentions: work 2, sleep 3; each persona weighs work 3:1.
    topics = {s.name: s for s in r.topics}
    assert topics["sleep"].observed == pytest.approx(3 / 5)
    assert topics["work"].observed == pytest.approx(2 / 5)
    assert topics["work"].target == pytest.approx(0.75)
    assert [s.name for s in r.topics] == ["sleep", "work"]
    # yes_but: 1 of 4 planted messages; target = (0.5 + 0.5 + 0 + 0) / 4.
    (flaw,) = r.flaws
    assert (flaw.count, flaw.observed, flaw.target) == (1, 0.25, pytest.approx(0.25))
    assert flaw.gap == pytest.approx(0.0)
    assert r.multi_topic == 0.25
    assert r.topics_per_message == {1: 3, 2: 1}
    # Word counts 3, 6, 3, 3; persona range 2..4 holds three of them.
    assert r.user_word_counts == [3, 6, 3, 3]
    assert r.user_words.mean == pytest.approx(15 / 4)
    assert r.user_words.maximum == 6
    assert r.in_persona_range == 0.75
    assert r.exchanges.mean == 2
    assert r.stopped_early == {"context_budget": ["t-b"]}
    # p-a words {work,is,hard,and,sleep,both,bad,today}; p-b {sleep,is,poor,still}: 2 shared of 10.
    (sim,) = r.persona_similarity
    assert (sim.first, sim.second, sim.jaccard) == ("p-a", "p-b", pytest.approx(2 / 10))
    assert r.mean_persona_similarity == pytest.approx(0.2)
    # 15 unigrams, 10 unique.
    assert r.distinct[1] == pytest.approx(10 / 15)


def test_transcripts_without_bucket_or_planting_still_measure() -> None:
    t = Transcript(id="old", exchanges=[Exchange(user="hello there", assistant="hi")])
    r = measure_realism([], [t], length_mix=MIX)
    assert [b.name for b in r.buckets] == ["short", "long", "(none)"]
    assert r.buckets[2].transcripts == 1
    assert r.planted_messages == 0 and r.multi_topic == 0.0
    assert r.in_persona_range is None and r.mean_persona_similarity is None
    assert r.topics == [] and r.flaws == []


def test_empty_input() -> None:
    r = measure_realism([], [], length_mix=MIX)
    assert r.transcripts == 0 and r.exchanges.count == 0
    assert "None: every transcript" in render_realism_markdown(r)


@pytest.mark.parametrize(("texts", "n", "expected"), [
    (["a b a b"], 1, 2 / 4),
    (["a b a b"], 2, 2 / 3),
    (["a b", "a b"], 2, 1 / 2),
    (["a"], 2, 0.0),
    ([], 1, 0.0),
])
def test_distinct_n(texts: list[str], n: int, expected: float) -> None:
    assert distinct_n(texts, n) == pytest.approx(expected)


@given(st.lists(st.text(alphabet="ab ", max_size=30), max_size=5), st.integers(1, 3))
def test_distinct_n_is_a_fraction(texts: list[str], n: int) -> None:
    assert 0.0 <= distinct_n(texts, n) <= 1.0


@given(st.sets(st.sampled_from("abcdef")), st.sets(st.sampled_from("abcdef")))
def test_jaccard_is_symmetric_and_bounded(a: set[str], b: set[str]) -> None:
    assert jaccard(a, b) == jaccard(b, a)
    assert 0.0 <= jaccard(a, b) <= 1.0
    if a and a == b:
        assert jaccard(a, b) == 1.0


def test_report_numbers_come_from_the_result(
        data: tuple[list[Persona], list[Transcript]], tmp_path: Path) -> None:
    personas, transcripts = data
    r = measure_realism(personas, transcripts, length_mix=MIX)
    files = write_realism_report(r, tmp_path / "realism")
    report = files[0]
    assert report.name == "report.md"
    text = report.read_text(encoding="utf-8")
    assert "| short | 1 | 50.0 % | 50.0 % | 2 | 2.0 | 1 |" in text
    assert "| long | 1 | 50.0 % | 50.0 % | 4 | 2.0 | 0 |" in text
    assert "| yes_but | 1 | 25.0 % | 25.0 % | +0.0 pp |" in text
    assert "| work | 2 | 40.0 % | 75.0 % | -35.0 pp |" in text
    assert "Multi-topic user messages (two topics or more): 25.0 %." in text
    assert "| distinct-1 | 0.667 |" in text
    assert "| p-a | p-b | 0.200 |" in text
    assert "| context_budget | 1 | t-b |" in text
    assert "Jaccard index" in text
    pngs = [f for f in files if f.suffix == ".png"]
    assert {p.name for p in pngs} == {"length_buckets.png", "exchanges.png", "user_words.png",
                                      "topics.png", "flaws.png"}
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({png.name})" in text


def test_default_mix_of_seed_002_is_the_target() -> None:
    from coachsmith.config import GenerateConfig

    counts = {"short": 2, "medium": 5, "long": 2, "very_long": 1}
    transcripts = [Transcript(id=f"{b}-{i}", meta={"length_bucket": b},
                              exchanges=[Exchange(user="hi", assistant="hello")])
                   for b, n in counts.items() for i in range(n)]
    r = measure_realism([], transcripts, length_mix=GenerateConfig().length_mix)
    assert [(b.name, b.share, b.target_share, b.target_exchanges) for b in r.buckets] == [
        ("short", 0.2, 0.2, 20), ("medium", 0.5, 0.5, 50), ("long", 0.2, 0.25, 75),
        ("very_long", 0.1, 0.05, 100)]
    assert all(b.reached_target == 0 for b in r.buckets)  # one exchange each: none got there
