"""``coachsmith run`` on the quickstart config with a dataset: it trains a LoRA on the bundled
model, exports a quantized GGUF that llama.cpp loads and that ``coachsmith chat --model`` talks
with. Offline, on the CPU."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import run_cli
from tests.conftest import REPO, llama_available
from tests.train.conftest import prefix_shared

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not llama_available(), reason="llama-cpp-python is not installed"),
]


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_run_trains_exports_and_chat_loads_the_result(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("peft")
    run = tmp_path / "run"
    text = (REPO / "examples" / "quickstart.yaml").read_text(encoding="utf-8")
    text = text.replace("run_dir: ../runs/quickstart", f"run_dir: {run}")
    text = text.replace("max_tokens: 320", "max_tokens: 64") + "assess: {criteria: [CQ8]}\n"
    # this test brings its own dataset: no generated transcripts, so curation writes none
    assert "  transcripts: 2\n" in text
    text = text.replace("  transcripts: 2\n", "  transcripts: 0\n")
    config = tmp_path / "quickstart.yaml"
    config.write_text(text, encoding="utf-8")

    # without a dataset the pipeline says so and stops after the stages before training
    code, out, err = run_cli(["run", "-c", str(config), "--until", "export"], capsys)
    assert code == 0, err
    assert "train: skipped, no training data" in out and not (run / "train").exists()

    _write(run / "dataset" / "train.jsonl", [prefix_shared(i, 3) for i in range(6)])
    _write(run / "dataset" / "holdout.jsonl", [prefix_shared(10 + i, 2) for i in range(2)])
    code, out, err = run_cli(["run", "-c", str(config), "--until", "export"], capsys)
    assert code == 0, err + out

    summary = json.loads((run / "train" / "summary.json").read_text())
    [stage] = summary["stages"]
    assert summary["complete"] and summary["method"] == "lora" and stage["steps"] == 4
    assert stage["holdout_loss_after"] < stage["holdout_loss_before"]
    assert (run / "train" / "adapter" / "adapter_model.safetensors").is_file()
    assert list((run / "train" / "logs").rglob("events.out.tfevents.*")), "no TensorBoard log"

    export = run / "export"
    verify = json.loads((export / "verify.json").read_text())
    assert verify["passed"] and {c["name"] for c in verify["checks"]} >= {
        "template_tokens", "greedy_agreement", "loads_and_stops:therapy-coach-Q4_K_M.gguf"}
    gguf = export / "therapy-coach-Q4_K_M.gguf"
    assert gguf.is_file() and (export / "therapy-coach-f16.gguf").is_file()
    assert (export / "merged" / "model.safetensors").is_file()
    modelfile = (export / "Modelfile").read_text()
    assert "FROM ./therapy-coach-Q4_K_M.gguf" in modelfile and 'PARAMETER stop "<|im_end|>"' in modelfile
    assert f"coachsmith chat --model {gguf}" in out

    from llama_cpp import Llama

    llm = Llama(str(gguf), n_ctx=512, verbose=False)
    template = str(llm.metadata["tokenizer.chat_template"])
    llm.close()
    assert "{% generation" not in template and "<|im_start|>" in template

    # the exported model answers through the coach runtime, as `chat --model` runs it
    monkeypatch.setattr(sys, "stdin", io.StringIO("Work has been a lot this week.\n/quit\n"))
    code, out, err = run_cli(["chat", "--model", str(gguf), "--user", "t", "--db",
                              str(tmp_path / "s.db")], capsys)
    assert code == 0, err
    assert len(out.strip()) > 20
