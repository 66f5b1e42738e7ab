"""The risk benchmark's table of English against the other languages (``benchmarks/risk.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np


def _benchmark() -> ModuleType:
    name = "risk_benchmark"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "benchmarks" / "risk.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def _row(level: str, kind: str, lang: str | None) -> dict[str, object]:
    row: dict[str, object] = {"text": "x", "level": level, "categories": [], "kind": kind}
    if lang is not None:
        row["lang"] = lang
    return row


def test_rows_with_a_language_split_recall_and_false_alarms_by_english_and_the_rest() -> None:
    rows = [_row("high", "question", "en"), _row("high", "question", "en"),
            _row("high", "statement", "tr"), _row("high", "plan", "ro"),
            _row("low", "support_opener", "en"), _row("low", "support_opener", "pl"),
            _row("low", "support_opener", "id")]
    flagged = np.array([True, True, True, False, False, True, False])
    lines = _benchmark().language_lines(rows, flagged)
    assert "| high-risk, rated high | 100.0 % of 2 | 50.0 % of 2 |" in lines
    assert "| support_opener, rated high | 0.0 % of 1 | 50.0 % of 2 |" in lines
    assert "| safe_violent_words, rated high | - | - |" in lines


def test_rows_without_a_language_add_no_table() -> None:
    rows = [_row("high", "question", None), _row("low", "support_opener", None)]
    assert _benchmark().language_lines(rows, np.array([True, False])) == []
