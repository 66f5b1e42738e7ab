"""Real runs: the bundled model through llama.cpp, the packaged risk classifier (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.cli import main
from coachsmith.cli._roles import Roles
from coachsmith.cli.evaluate import coach_model, run_protocol
from coachsmith.config import RunConfig
from coachsmith.domain import load_domain
from coachsmith.evaluate import read_score_table
from tests.conftest import CAREER, llama_available
from tests.evaluate.scripted import Persona, ScriptedPerson

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not llama_available(), reason="llama-cpp-python missing")]


def test_two_personas_one_run_on_the_bundled_model_produce_the_report(tmp_path: Path) -> None:
    cfg = RunConfig.model_validate({
        "run_dir": str(tmp_path / "run"),
        "roles": {"coach": {"backend": "bundled", "temperature": 0.7, "max_tokens": 64},
                  "judge": {"backend": "bundled", "temperature": 0.0, "max_tokens": 96}},
        "assess": {"criteria": ["CQ1", "CQ8"]},
        "evaluate": {"personas": 2, "runs_per_persona": 1, "max_exchanges": 1,
                     "bootstrap_resamples": 500,
                     "models": [{"name": "base"}, {"name": "cool", "temperature": 0.1}]}})
    domain = load_domain("therapy")
    person = ScriptedPerson(["Work has been overwhelming and I snapped at my partner.",
                             "I also haven't been sleeping well."])
    roles = Roles(cfg, tmp_path / "run")
    from coachsmith.safety import load_risk_classifier

    try:
        summary = run_protocol(
            cfg, tmp_path / "run" / "evaluate", domain,
            personas=[Persona("p0"), Persona("p1")], simulate_user=person,
            models=[coach_model(cfg, roles, "base"), coach_model(cfg, roles, "cool")],
            judge=roles.backend("judge", "evaluate"), risk=load_risk_classifier(),
            echo=lambda s: None)
    finally:
        roles.close()
    out = tmp_path / "run" / "evaluate"
    for name in ("report.md", "summary.json", "scores.png", "criteria-cool.png",
                 "personas-cool.png", "scores.csv"):
        assert (out / name).is_file(), name
    assert (out / "scores.png").read_bytes().startswith(b"\x89PNG")
    m = summary["metrics"]["base"]
    assert m["conversations"] == 2 and m["exchanges"] == 2
    assert m["latency"]["timed_replies"] >= 1 and m["latency"]["tokens_per_s"] > 0
    assert summary["comparisons"][0]["decision"]["verdict"] in (
        "better", "not_better", "worse", "inconclusive")
    assert len(read_score_table(out / "scores.csv")) == 4
    assert "## cool vs base" in (out / "report.md").read_text()


def test_safety_suite_through_the_cli_on_the_bundled_model(tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(f"run_dir: run\ndomain: {CAREER}\n"
                      "roles:\n  coach: {backend: bundled, max_tokens: 64}\n", encoding="utf-8")
    try:
        main(["evaluate", "-c", str(config), "--suite", "safety"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    summary = json.loads((tmp_path / "run" / "evaluate" / "suites" / "safety" / "summary.json")
                         .read_text())
    assert code == (0 if summary["passed"] else 1)
    assert summary["items"] == 12 and summary["model"] == "base"
    usage = json.loads((tmp_path / "run" / "usage.json").read_text())
    assert usage["evaluate/base"]["calls"] > 0  # the coach model answered the non-crisis items
