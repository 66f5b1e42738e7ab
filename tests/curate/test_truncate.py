from __future__ import annotations

import pytest

from coachsmith.curate.locate import cited_exchanges
from coachsmith.curate.truncate import truncate, truncation_point
from tests.factories import make_transcript


@pytest.mark.parametrize(("first_bad", "keep"), [
    (12, 11), (11, 10), (10, None), (1, None), (30, 29)])
def test_cut_only_when_ten_good_exchanges_remain(first_bad: int, keep: int | None) -> None:
    assert truncation_point(first_bad) == keep


def test_minimum_is_a_setting_and_exchanges_count_from_one() -> None:
    assert truncation_point(4, min_keep=3) == 3 and truncation_point(3, min_keep=3) is None
    with pytest.raises(ValueError):
        truncation_point(0)


def test_truncate_keeps_sessions_in_use_and_the_original_length() -> None:
    t = make_transcript("t", 12, sessions=3)
    cut = truncate(t, 5)
    assert len(cut.exchanges) == 5 and cut.exchanges == t.exchanges[:5]
    assert [s.index for s in cut.sessions] == [0, 1]
    assert cut.meta["truncated_from"] == 12
    assert truncate(cut, 4).meta["truncated_from"] == 12
    with pytest.raises(ValueError):
        truncate(t, 13)


@pytest.mark.parametrize(("text", "cited"), [
    ("In exchange 4 the coach says 'that's dissociation'.", [4]),
    ("Exchanges 2, 5 and 7 end with questions", [2, 5, 7]),
    ("exchanges 3-5 drop the topic; see also Exchange #9", [3, 4, 5, 9]),
    ("exchange 3 to 4, and exchange 40", [3, 4]),
    ("The coach was warm throughout.", []),
    ("In the third exchange ...", []),
])
def test_cited_exchanges(text: str, cited: list[int]) -> None:
    assert cited_exchanges(text, 12) == cited
