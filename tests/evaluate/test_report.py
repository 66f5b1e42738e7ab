"""The report is rendered from the summary alone: every number in it is a summary value."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from coachsmith.domain import load_domain
from coachsmith.evaluate.compare import ScoreRow, compare_all
from coachsmith.evaluate.plots import plot_files, render_plots
from coachsmith.evaluate.report import render_report
from coachsmith.evaluate.summary import build_summary, summarize_evaluation
from tests.evaluate.test_protocol import better_tuned, run_all

NUMBER = re.compile(r"(?<![\w.+-])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")


def renderings(value: Any) -> set[str]:
    """Every way the report may print ``value`` (its formatters), and numbers inside strings."""
    out: set[str] = set()
    if isinstance(value, bool) or value is None:
        return out
    if isinstance(value, int | float):
        x = float(value)
        out |= {f"{x:.4f}", f"{x * 100:.1f}", f"{x:.3g}", f"{x:.2f}", f"{x * 100:+.1f}",
                f"{x:g}", f"{x * 100:g}"}
        if x == int(x):
            out.add(str(int(x)))
    elif isinstance(value, str):
        out |= set(NUMBER.findall(value))
    elif isinstance(value, dict):
        for k, v in value.items():
            out |= renderings(v) | renderings(k)
    elif isinstance(value, list):
        for v in value:
            out |= renderings(v)
    return out


def assert_numbers_come_from(summary: dict[str, Any], report: str) -> None:
    allowed = renderings(summary)
    # Headings and fixed prose may name the year of a cited paper; nothing else is free.
    allowed.add("2024")
    stray = [n for n in NUMBER.findall(report) if n not in allowed and n.lstrip("+") not in allowed]
    assert not stray, f"numbers not from the summary: {stray[:10]}"


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    domain = load_domain("therapy")
    judged, _ = run_all(domain, tmp_path_factory.mktemp("e"), better_tuned)
    summary = summarize_evaluation(judged, rubric=domain.rubric, models=["base", "tuned"],
                                   reference="base", title="Evaluation: base vs tuned",
                                   n_resamples=1000, settings={"personas": 4, "runs": 2})
    return json.loads(json.dumps(summary))


def test_every_number_in_the_evaluation_report_is_in_the_summary(
        evaluation: dict[str, Any]) -> None:
    report = render_report(evaluation, plots=plot_files(evaluation))
    assert_numbers_come_from(evaluation, report)
    assert "![Score distribution per model](scores.png)" in report
    assert "![Per-criterion difference, tuned - base](criteria-tuned.png)" in report


def test_the_report_is_a_function_of_the_summary(evaluation: dict[str, Any]) -> None:
    again = json.loads(json.dumps(evaluation))
    assert render_report(again) == render_report(evaluation)


def test_score_table_report_numbers_come_from_the_summary() -> None:
    rows = [ScoreRow(m, f"p{i}", k, 0.5 + 0.03 * i + (0.1 if m == "tuned" else 0) + 0.01 * k,
                     i % 2 == 0, None) for m in ("base", "tuned") for i in range(5)
            for k in range(2)]
    summary = build_summary(rows, compare_all(rows, reference="base", n_resamples=500),
                            reference="base", title="Scores")
    summary = json.loads(json.dumps(summary))
    report = render_report(summary)
    assert_numbers_come_from(summary, report)
    assert "Not reported in the score table." in report
    assert "## Runtime safety layers" not in report


def test_plots_are_pngs_for_every_comparison(evaluation: dict[str, Any], tmp_path: Path) -> None:
    images = render_plots(evaluation)
    assert set(images) == {"scores.png", "criteria-tuned.png", "personas-tuned.png"}
    for data in images.values():
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
