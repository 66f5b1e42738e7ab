from __future__ import annotations

from coachsmith.curate.dedup import DedupSettings, find_duplicates
from tests.factories import make_transcript


def _near_copy(tid: str, source):  # type: ignore[no-untyped-def]
    """The same conversation with one reply changed: a near-duplicate."""
    exchanges = list(source.exchanges)
    exchanges[-1] = exchanges[-1].model_copy(update={"assistant": "A different last reply."})
    return source.model_copy(update={"id": tid, "exchanges": exchanges})


def test_near_duplicates_are_found_within_and_across_splits() -> None:
    a, b, c = (make_transcript(x, 12, seed=i) for i, x in enumerate("abc"))
    train = [a, _near_copy("a2", a), b]
    holdout = [c, _near_copy("c2", c)]
    train.append(_near_copy("c3", c))
    dropped = {d.dropped: d for d in find_duplicates(train, holdout)}
    assert set(dropped) == {"a2", "c2", "c3"}
    assert dropped["a2"].kept == "a" and dropped["a2"].where == "train"
    assert dropped["c2"].where == "holdout"
    assert dropped["c3"].kept in ("c", "c2") and dropped["c3"].where == "train~holdout"
    assert all(d.similarity >= 0.8 for d in dropped.values())


def test_distinct_transcripts_are_kept_and_the_threshold_matters() -> None:
    ts = [make_transcript(f"t{i}", 8, seed=i) for i in range(20)]
    assert find_duplicates(ts, []) == []
    a = make_transcript("a", 6, seed=1)
    half = a.model_copy(update={"id": "h", "exchanges": a.exchanges[:3] + make_transcript(
        "z", 3, seed=99).exchanges})
    assert find_duplicates([a, half], []) == []
    assert [d.dropped for d in find_duplicates([a, half], [], DedupSettings(threshold=0.3))] \
        == ["h"]
