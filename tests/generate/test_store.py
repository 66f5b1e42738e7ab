"""The transcript store: atomic lines, checkpoints, repair after a kill."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachsmith.errors import ConfigError
from coachsmith.generate import TranscriptState, TranscriptStore
from coachsmith.records import Exchange, Transcript


def _t(tid: str) -> Transcript:
    return Transcript(id=tid, exchanges=[Exchange(user="hi", assistant="hello")])


def test_finish_appends_one_line_and_drops_the_checkpoint(tmp_path: Path) -> None:
    store = TranscriptStore(tmp_path / "t.jsonl", tmp_path / "ck")
    store.save(TranscriptState(id="t-1", exchanges=[Exchange(user="a", assistant="b")]))
    loaded = store.load("t-1")
    assert loaded is not None and loaded.exchanges[0].user == "a"
    store.finish(_t("t-1"))
    assert store.load("t-1") is None
    assert (tmp_path / "t.jsonl").read_text().count("\n") == 1
    with pytest.raises(ValueError, match="already"):
        store.finish(_t("t-1"))


def test_a_line_cut_off_by_a_kill_is_removed_and_stale_checkpoints_go(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    out.write_text(_t("t-1").model_dump_json() + "\n" + _t("t-2").model_dump_json()[:30])
    ck = tmp_path / "ck"
    ck.mkdir()
    (ck / "t-1.json").write_text(TranscriptState(id="t-1").model_dump_json())
    (ck / "t-2.json").write_text(TranscriptState(id="t-2").model_dump_json())
    store = TranscriptStore(out, ck)
    assert store.finished_ids() == {"t-1"}
    assert out.read_text() == _t("t-1").model_dump_json() + "\n"
    assert not (ck / "t-1.json").exists() and store.load("t-2") is not None


def test_a_bad_complete_line_names_file_and_line(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    out.write_text(_t("t-1").model_dump_json() + "\n{oops}\n")
    with pytest.raises(ConfigError, match=r"t\.jsonl:2"):
        TranscriptStore(out, tmp_path / "ck")
