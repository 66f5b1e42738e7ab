"""``coachsmith optimize`` on the bundled model through llama.cpp (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.cli import main
from coachsmith.domain import load_domain
from coachsmith.records import append_jsonl
from tests.optimize.conftest import transcripts

RUN_YAML = """\
run_dir: run
seed: 0
roles:
  coach: {backend: bundled, temperature: 0.7, max_tokens: 48}
  judge: {backend: bundled, temperature: 0.0, max_tokens: 64}
  fixup: {backend: bundled, temperature: 0.3, max_tokens: 120}
optimize:
  train_examples: 1
  val_examples: 1
  max_metric_calls: 2
  reflection_minibatch_size: 1
  max_history: 0
  criteria: [CQ1]
  reflection_role: fixup
"""


@pytest.mark.slow
def test_optimize_runs_on_the_bundled_model(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text(RUN_YAML, encoding="utf-8")
    append_jsonl(tmp_path / "run" / "transcripts.jsonl", transcripts(2))
    try:
        main(["optimize", "-c", str(tmp_path / "run.yaml")])
    except SystemExit as exc:
        assert not exc.code
    result = json.loads((tmp_path / "run/optimize/result.json").read_text(encoding="utf-8"))
    report = (tmp_path / "run/optimize/report.md").read_text(encoding="utf-8")
    assert "| mean rubric score |" in report and "CQ1" in report
    assert 0.0 <= result["before"]["mean_score"] <= 1.0
    assert result["metric_calls"] >= 1
    if result["improved"]:  # whatever the tiny model proposed must still load as a pack
        assert load_domain(tmp_path / "run/domain").prompt("coach_system").text == \
            result["after"]["prompt"]
    else:
        assert not (tmp_path / "run/domain").exists()
    usage = json.loads((tmp_path / "run/usage.json").read_text(encoding="utf-8"))
    assert usage["optimize/coach"]["output_tokens"] > 0
