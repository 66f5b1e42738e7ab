from __future__ import annotations

from coachsmith.curate.curriculum import mix_curriculum, stage_of
from coachsmith.domain import load_domain
from tests.factories import make_transcript

CURRICULUM = load_domain("therapy").curriculum


def _t(i: int, **meta: object):  # type: ignore[no-untyped-def]
    return make_transcript(f"t{i}", 3, meta=meta)


def test_tags_win_then_the_first_matching_selection() -> None:
    assert stage_of(CURRICULUM, _t(0, tags=["voice"], topics=["anxiety"],
                                    difficulty="easy")) == "voice"
    assert stage_of(CURRICULUM, _t(1, topics=["anxiety"], difficulty="easy")) == "foundation"
    assert stage_of(CURRICULUM, _t(2, topics=["anxiety"], difficulty="hard")) == "expertise"
    assert stage_of(CURRICULUM, _t(3, topics=["edge_cases"], kind="edge_case")) == "edge"
    assert stage_of(CURRICULUM, _t(4)) == "voice"  # selects everything


def test_the_mix_honours_the_shares_and_the_stage_order() -> None:
    ts = ([_t(i, topics=["anxiety"], difficulty="easy") for i in range(40)]
          + [_t(100 + i, topics=["anxiety"], difficulty="hard") for i in range(25)]
          + [_t(200 + i, topics=["edge_cases"], kind="edge_case") for i in range(20)]
          + [_t(300 + i, tags=["voice"]) for i in range(30)])
    mix = mix_curriculum(CURRICULUM, ts, seed=0)
    assert list(mix.stages) == ["foundation", "expertise", "edge", "voice"]
    assert {k: len(v) for k, v in mix.stages.items()} == {
        "foundation": 40, "expertise": 25, "edge": 20, "voice": 15}
    assert len(mix.left_over) == 15 and mix.dropped_stages == []
    assert mix_curriculum(CURRICULUM, ts, seed=0) == mix


def test_a_stage_with_no_data_is_dropped_and_the_rest_renormalised() -> None:
    ts = [_t(i, topics=["anxiety"], difficulty="easy") for i in range(10)] + \
         [_t(50 + i, tags=["voice"]) for i in range(10)]
    mix = mix_curriculum(CURRICULUM, ts)
    assert mix.dropped_stages == ["expertise", "edge"]
    assert {k: len(v) for k, v in mix.stages.items()} == {"foundation": 10, "voice": 3}
