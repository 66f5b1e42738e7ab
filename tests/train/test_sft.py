"""The recipe end to end on a tiny model built from a config: a real training subprocess killed
with SIGKILL resumes to the same weights as an uninterrupted run; two processes (DDP over gloo,
through ``accelerate launch``) take the same step as one process; DPO runs on the SFT adapter."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.train.conftest import prefix_shared

pytestmark = pytest.mark.slow


def _adapter(run: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    return load_file(str(run / "train" / "adapter" / "adapter_model.safetensors"))


def _project(tmp: Path, name: str, base: Path, write_jsonl: Any, **train: object) -> Path:
    run = tmp / name
    write_jsonl(run / "dataset" / "train.jsonl", [prefix_shared(i, 2 + i % 4) for i in range(12)])
    settings = {"base_model": str(base), "lora_r": 4, "lora_dropout": 0.1, "grad_accum": 2,
                "save_steps": 1, "early_stopping_patience": None, **train}
    config = tmp / f"{name}.yaml"
    config.write_text(json.dumps({"run_dir": str(run), "train": settings}), encoding="utf-8")
    return config


def _coachsmith(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-m", "coachsmith", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)


def test_a_run_killed_with_sigkill_resumes_to_the_same_weights(
        tmp_path: Path, tiny_model_dir: Path, write_jsonl: Any) -> None:
    import torch

    steps = {"max_steps": 24}
    whole = _project(tmp_path, "whole", tiny_model_dir, write_jsonl, **steps)
    killed = _project(tmp_path, "killed", tiny_model_dir, write_jsonl, **steps)

    proc = _coachsmith("train", "-c", str(whole))
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out

    proc = _coachsmith("train", "-c", str(killed))
    marker = tmp_path / "killed" / "train" / "checkpoints" / "checkpoint-3" / "coachsmith-complete"
    deadline = time.monotonic() + 600
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert not (tmp_path / "killed" / "train" / "summary.json").exists(), "it finished before the kill"

    proc = _coachsmith("train", "-c", str(killed))
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    summary = json.loads((tmp_path / "killed" / "train" / "summary.json").read_text())
    resumed = summary["stages"][0]["resumed_from"]
    assert resumed and int(resumed.split("-")[1]) >= 3
    assert summary["stages"][0]["steps"] == 24

    a, b = _adapter(tmp_path / "whole"), _adapter(tmp_path / "killed")
    assert a.keys() == b.keys() and a
    for name in a:
        assert torch.equal(a[name], b[name]), name

    # a finished run is not repeated; other settings under the same folder are refused
    again = _coachsmith("train", "-c", str(killed))
    out, _ = again.communicate(timeout=600)
    assert again.returncode == 0 and "already trained" in out
    changed = json.loads(killed.read_text())
    changed["train"]["learning_rate"] = 1e-3
    killed.write_text(json.dumps(changed))
    refused = _coachsmith("train", "-c", str(killed))
    out, _ = refused.communicate(timeout=600)
    assert refused.returncode == 1 and "--fresh" in out


def test_two_cpu_processes_take_the_same_step_as_one(
        tmp_path: Path, tiny_model_dir: Path, write_jsonl: Any) -> None:
    import torch

    if shutil.which("accelerate", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("accelerate is not installed")
    # one optimizer step over all 12 examples: 12 micro-batches in one process, 6 in each of two
    one = _project(tmp_path, "one", tiny_model_dir, write_jsonl, max_steps=1, grad_accum=12,
                   lora_dropout=0.0, learning_rate=1e-2, warmup_ratio=0.0)
    two = _project(tmp_path, "two", tiny_model_dir, write_jsonl, max_steps=1, grad_accum=6,
                   lora_dropout=0.0, learning_rate=1e-2, warmup_ratio=0.0)
    proc = _coachsmith("train", "-c", str(one))
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    launcher = Path(sys.executable).parent / "accelerate"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
    done = subprocess.run([str(launcher), "launch", "--multi_gpu", "--num_processes", "2",
                           "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no",
                           "-m", "coachsmith", "train", "-c", str(two)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads((tmp_path / "two" / "train" / "summary.json").read_text())
    assert summary["processes"] == 2
    a, b = _adapter(tmp_path / "one"), _adapter(tmp_path / "two")
    start = {k: v for k, v in a.items() if "lora_B" in k}
    assert any(v.abs().sum() > 0 for v in start.values()), "the step did not move lora_B"
    for name in a:
        assert torch.allclose(a[name], b[name], rtol=1e-4, atol=1e-6), name


def test_dpo_runs_on_top_of_the_sft_adapter(tmp_path: Path, tiny_model_dir: Path,
                                             write_jsonl: Any) -> None:
    config = _project(tmp_path, "dpo", tiny_model_dir, write_jsonl, max_steps=2)
    pairs = [{"id": f"p{i}", "prompt": [{"role": "user", "content": f"I feel tense ({i})."}],
              "chosen": [{"role": "assistant", "content": "That sounds heavy. What weighs most?"}],
              "rejected": [{"role": "assistant", "content": "Relax, it is nothing."}]}
             for i in range(4)]
    write_jsonl(tmp_path / "dpo" / "dataset" / "preference_pairs.jsonl", pairs)
    data = json.loads(config.read_text())
    data["train"]["dpo"] = {"max_steps": 2}
    config.write_text(json.dumps(data))
    for args in (["train", "-c", str(config)], ["train", "--dpo", "-c", str(config)]):
        proc = _coachsmith(*args)
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, out
    summary = json.loads((tmp_path / "dpo" / "train" / "dpo" / "summary.json").read_text())
    assert summary["pairs"] == 4 and summary["steps"] == 2
    adapter = tmp_path / "dpo" / "train" / "dpo" / "adapter"
    assert (adapter / "adapter_model.safetensors").is_file()
    assert not (adapter / "ref").exists()  # TRL's frozen reference copy is not exported


def test_a_failed_curriculum_gate_stops_the_run_with_a_report(
        tmp_path: Path, tiny_model_dir: Path, write_jsonl: Any) -> None:
    run = tmp_path / "cur"
    stages = ["foundation", "expertise", "edge", "voice"]
    write_jsonl(run / "dataset" / "train.jsonl",
                [prefix_shared(i, 2, tags=[stages[i % 4]]) for i in range(8)])
    write_jsonl(run / "dataset" / "holdout.jsonl", [prefix_shared(50 + i, 2) for i in range(2)])
    config = tmp_path / "cur.yaml"
    config.write_text(json.dumps({"run_dir": str(run), "train": {
        "base_model": str(tiny_model_dir), "lora_r": 4, "max_steps": 4, "save_steps": 1,
        "early_stopping_patience": None,
        # an untrained tiny model is nowhere near this ceiling: the first gate must fail
        "curriculum": {"enabled": True, "gate": "holdout_loss", "max_holdout_loss": 0.01}}}))
    proc = _coachsmith("train", "-c", str(config))
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 1, out
    assert "curriculum stopped: stage 'foundation' failed its gate" in out
    report = (run / "train" / "curriculum.md").read_text()
    assert "| foundation | holdout_loss | False |" in report and "above the ceiling" in report
    summary = json.loads((run / "train" / "summary.json").read_text())
    assert [s["name"] for s in summary["stages"]] == ["foundation"] and not summary["complete"]
    assert (run / "train" / "stages" / "foundation" / "final" / "adapter_model.safetensors").is_file()
