"""The quickstart on the real bundled model: what `make demo` runs, into a temporary run folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.cli import main
from coachsmith.domain import load_domain
from tests.conftest import REPO, llama_available

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not llama_available(), reason="llama-cpp-python is not installed"),
]


def _config(tmp_path: Path, domain: str) -> Path:
    text = (REPO / "examples" / "quickstart.yaml").read_text(encoding="utf-8")
    text = text.replace("run_dir: ../runs/quickstart", f"run_dir: {tmp_path / 'run'}")
    text = text.replace("domain: therapy ", f"domain: {domain} ")
    # Keep the real-model run short: a shorter reply and two criteria (one of them a gate).
    rubric = load_domain(domain).rubric
    text = text.replace("max_tokens: 320", "max_tokens: 96")
    text = text.replace("assess: {criteria: [CQ1, CQ8, CQ9, MT1], max_attempts: 1}",
                        f"assess: {{criteria: [{rubric.criterion_ids()[0]}, {rubric.gate[0]}]}}")
    assert f"criteria: [{rubric.criterion_ids()[0]}" in text
    path = tmp_path / "quickstart.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(config: Path) -> None:
    try:
        main(["run", "-c", str(config), "--until", "curate"])
    except SystemExit as exc:
        assert exc.code in (0, None)


def test_quickstart_runs_on_the_bundled_model_and_resumes(
        tmp_path: Path, any_domain: str, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, any_domain)
    _run(config)
    out = capsys.readouterr().out
    assert "generate: 2 new transcripts" in out
    assert "curate: assess and curate 2 transcripts from transcripts.jsonl" in out
    assert (tmp_path / "run" / "generate" / "realism" / "report.md").exists()
    # assessed, curated and written as a dataset (kept, fixed or kept failing: the 135M judge)
    dataset = tmp_path / "run" / "dataset"
    train = (dataset / "train.jsonl").read_text(encoding="utf-8").splitlines()
    assert 1 <= len(train) <= 2 and (dataset / "sliced" / "train.jsonl").exists()
    assert "coachsmith training data" in (dataset / "README.md").read_text(encoding="utf-8")
    assert (tmp_path / "run" / "assess" / "report.md").exists()
    assert (tmp_path / "run" / "curate" / "rejections.md").exists()

    run = tmp_path / "run"
    smoke = json.loads((run / "smoke.json").read_text(encoding="utf-8"))
    reply = smoke["transcript"]["exchanges"][0]["assistant"]
    assert reply.strip(), "the coach said nothing"
    verdicts = smoke["verdicts"]
    assert len(verdicts) == 2 and all(v["answer"] in ("YES", "NO", "NA", "ERROR") for v in verdicts.values())
    assert 0.0 <= smoke["score"]["score"] <= 1.0
    usage = json.loads((run / "usage.json").read_text(encoding="utf-8"))
    first_calls = sum(s["calls"] - s["cache_hits"] for s in usage.values())
    assert first_calls >= 1 + len(verdicts)

    # Run again: every call is answered from the cache, the outputs are the same.
    _run(config)
    again = json.loads((run / "smoke.json").read_text(encoding="utf-8"))
    assert again["verdicts"] == verdicts
    assert again["transcript"]["exchanges"][0]["assistant"] == reply
    usage2 = json.loads((run / "usage.json").read_text(encoding="utf-8"))
    second_calls = sum(s["calls"] - s["cache_hits"] for s in usage2.values())
    assert second_calls == first_calls  # nothing new reached the model
    assert (dataset / "train.jsonl").read_text(encoding="utf-8").splitlines() == train
