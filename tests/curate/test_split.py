from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachsmith.curate.dataset import stratum
from coachsmith.curate.split import split_holdout
from tests.factories import make_transcript


def _corpus(n: int, personas: int) -> list:  # type: ignore[type-arg]
    topics = ["anxiety", "relationships", "self_worth"]
    return [make_transcript(f"t{i}", 3 if i % 2 else 40, persona=f"p{i % personas}",
                            meta={"topics": [topics[i % 3]]}) for i in range(n)]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 80), st.integers(1, 30), st.integers(0, 5))
def test_no_persona_is_on_both_sides_and_the_split_is_reproducible(
        n: int, personas: int, seed: int) -> None:
    ts = _corpus(n, personas)
    split = split_holdout(ts, fraction=0.1, seed=seed, stratum=stratum)
    by_id = {t.id: t for t in ts}
    train = {by_id[i].persona_id for i in split.train}
    held = {by_id[i].persona_id for i in split.holdout}
    assert not train & held
    assert sorted(split.train + split.holdout) == sorted(by_id)
    assert split_holdout(ts, fraction=0.1, seed=seed, stratum=stratum) == split
    assert len(split.holdout) <= round(0.1 * n)


def test_the_holdout_is_a_tenth_spread_over_the_strata() -> None:
    ts = [make_transcript(f"t{i}", 3 if i % 2 else 40, persona=f"p{i}",
                          meta={"topics": [["anxiety", "relationships"][i // 2 % 2]]})
          for i in range(200)]
    split = split_holdout(ts, fraction=0.1, seed=0, stratum=stratum)
    assert len(split.holdout) == 20
    by_id = {t.id: t for t in ts}
    strata = Counter(stratum(by_id[i]) for i in split.holdout)
    assert set(strata.values()) == {5} and len(strata) == 4
    other = split_holdout(ts, fraction=0.1, seed=1, stratum=stratum)
    assert other.holdout != split.holdout


def test_fraction_bounds() -> None:
    assert split_holdout(_corpus(5, 5), fraction=0.0, seed=0, stratum=stratum).holdout == []
    with pytest.raises(ValueError):
        split_holdout([], fraction=1.0, seed=0, stratum=stratum)
