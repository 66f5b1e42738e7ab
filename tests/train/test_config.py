"""``train:`` settings, their one conversion to TRL's config, and QLoRA's message without CUDA."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachsmith.config import load_config
from coachsmith.errors import CoachsmithError, ConfigError
from coachsmith.train.base import load_model, qlora_problem, resolve_base
from coachsmith.train.config import TrainConfig, resolve_precision, to_sft_config
from tests.conftest import REPO


@pytest.mark.parametrize(("setting", "cuda", "bf16", "expected"), [
    ("auto", False, False, "fp32"),
    ("auto", True, True, "bf16"),
    ("auto", True, False, "fp16"),
    ("fp16", False, False, "fp16"),
])
def test_precision(setting: str, cuda: bool, bf16: bool, expected: str) -> None:
    assert resolve_precision(setting, cuda=cuda, bf16_supported=bf16) == expected  # type: ignore[arg-type]


def test_to_sft_config_carries_every_setting(tmp_path: Path) -> None:
    cfg = TrainConfig(max_steps=7, grad_accum=4, batch_size=2, learning_rate=1e-4, save_steps=3,
                      warmup_ratio=0.1, lr_scheduler="linear", early_stopping_patience=2)
    args = to_sft_config(cfg, output_dir=tmp_path / "checkpoints", seed=5, precision="fp32",
                         evaluate=True)
    assert (args.max_steps, args.gradient_accumulation_steps, args.per_device_train_batch_size) == (7, 4, 2)
    assert args.learning_rate == 1e-4 and args.seed == 5 and not args.bf16 and not args.fp16
    assert args.save_steps == 3 and args.eval_steps == 3 and args.load_best_model_at_end
    assert args.metric_for_best_model == "eval_loss" and args.save_total_limit == 2
    assert args.remove_unused_columns is False  # the loss weights must reach the loss
    no_eval = to_sft_config(cfg, output_dir=tmp_path, seed=0, precision="fp32", evaluate=False)
    assert not no_eval.load_best_model_at_end and no_eval.eval_strategy == "no"


def test_quickstart_trains_a_few_steps_and_exports_one_quantization() -> None:
    cfg = load_config(REPO / "examples" / "quickstart.yaml")
    assert cfg.train.base_model == "bundled" and cfg.train.method == "lora"
    assert cfg.train.max_steps is not None and cfg.train.max_steps <= 8
    assert cfg.export.quantizations == ["Q4_K_M"]


def test_unknown_train_keys_and_quantizations_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("train:\n  lora_rank: 8\nexport:\n  quantizations: [Q4_K_M, Q9_X]\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    text = str(err.value)
    assert f"{path}:2: train.lora_rank" in text and "export.quantizations" in text and "Q9_X" in text


def test_qlora_says_what_it_needs_where_cuda_is_absent() -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    problem = qlora_problem()
    assert problem is not None and "CUDA" in problem and "method: lora" in problem
    with pytest.raises(CoachsmithError, match="qlora needs a CUDA GPU"):
        load_model(resolve_base("bundled"), four_bit=True)


def test_a_missing_local_base_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CoachsmithError, match="GGUF file not found"):
        resolve_base(str(tmp_path / "nope.gguf"))
    with pytest.raises(CoachsmithError, match="no such folder"):
        resolve_base("./missing-model")
    assert resolve_base("Qwen/Qwen2.5-0.5B-Instruct").kind == "hub"
