"""Score tables round-trip, and every bad row is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachsmith.errors import ConfigError
from coachsmith.evaluate.compare import ScoreRow
from coachsmith.evaluate.table import read_score_table, write_score_table

rows_strategy = st.lists(
    st.builds(ScoreRow, model=st.sampled_from(["base", "tuned", "x-1"]),
              persona=st.from_regex(r"p[0-9]{1,3}", fullmatch=True),
              run=st.integers(0, 5), score=st.floats(0, 1, allow_nan=False),
              passed=st.booleans(), gate_failed=st.booleans()),
    min_size=1, max_size=20, unique_by=lambda r: (r.model, r.persona, r.run))


@given(rows_strategy)
def test_written_tables_read_back_exactly(rows: list[ScoreRow]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scores.csv"
        path.write_text(write_score_table(rows), encoding="utf-8")
        assert read_score_table(path) == rows


def test_jsonl_with_json_booleans_and_sniffed_format(tmp_path: Path) -> None:
    path = tmp_path / "scores.txt"
    path.write_text('{"model": "a", "persona": "p", "run": 0, "score": 0.5, "passed": true}\n\n'
                    '{"model": "b", "persona": "p", "run": "1", "score": "0.7", "passed": "no"}\n',
                    encoding="utf-8")
    assert read_score_table(path) == [ScoreRow("a", "p", 0, 0.5, True),
                                      ScoreRow("b", "p", 1, 0.7, False)]


def test_bad_json_lines_and_partial_gate_column(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"model": "a", "persona": "p", "run": 0, "score": 0.5, "passed": 1, '
                    '"gate_failed": false}\nnot json\n[1]\n'
                    '{"model": "a", "persona": "q", "run": 0, "score": 0.5, "passed": 1}\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_score_table(path)
    lines = [str(p) for p in info.value.problems]
    assert lines[0].startswith(f"{path}:2: invalid JSON")
    assert lines[1] == f"{path}:3: expected a JSON object"
    assert lines[2].startswith(f"{path}:4: gate_failed: some rows give gate_failed")


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_text("model,persona,run,score,passed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no rows"):
        read_score_table(empty)
    with pytest.raises(ConfigError, match="file not found"):
        read_score_table(tmp_path / "nope.csv")
    nan = tmp_path / "n.csv"
    nan.write_text("model,persona,run,score,passed\na,p,0,nan,true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"n.csv:2: score: expected a number, got 'nan'"):
        read_score_table(nan)
