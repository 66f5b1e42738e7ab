"""Preference pairs: built from fixups (same context), read with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.errors import ConfigError
from coachsmith.records import Exchange, Transcript
from coachsmith.train.dpo import build_preference_pairs, read_pairs


def test_each_fixup_pairs_with_the_reply_it_replaced_in_the_same_context() -> None:
    t = Transcript(id="t1", system="Be kind.", exchanges=[
        Exchange(user="u0", assistant="a0"),
        Exchange(user="u1", assistant="fixed reply", source="fixup", original="bad reply"),
        Exchange(user="u2", assistant="a2"),
        Exchange(user="u3", assistant="same", source="fixup", original="same"),
    ])
    [pair] = build_preference_pairs([t])
    assert pair.id == "t1#1" and pair.meta["exchange"] == 1
    assert [m.content for m in pair.prompt] == ["Be kind.", "u0", "a0", "u1"]
    assert pair.chosen[0].content == "fixed reply" and pair.rejected[0].content == "bad reply"
    assert pair.to_trl()["prompt"][-1] == {"role": "user", "content": "u1"}


def test_bad_pairs_name_line_and_field(tmp_path: Path) -> None:
    good = {"id": "p", "prompt": [{"role": "user", "content": "u"}],
            "chosen": [{"role": "assistant", "content": "good"}],
            "rejected": [{"role": "assistant", "content": "bad"}]}
    ends_on_coach = {**good, "prompt": [{"role": "user", "content": "u"},
                                        {"role": "assistant", "content": "x"}]}
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join([json.dumps(good), json.dumps(ends_on_coach),
                               json.dumps({**good, "chosen": []})]) + "\n")
    with pytest.raises(ConfigError) as err:
        read_pairs(path)
    text = str(err.value)
    assert f"{path}:2" in text and "must end with the user turn" in text
    assert f"{path}:3: chosen" in text
