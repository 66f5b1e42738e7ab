"""The SFT recipe: setup → train (one stage, or the curriculum's stages in order) → save.

Read top to bottom, like nanoGPT's ``train.py``:

1. **setup**: tokenise the dataset with the base model's own chat template (coach tokens carry
   their turn's weight, everything else none), load the base in full precision (4-bit for QLoRA),
   add LoRA adapters (or train every weight);
2. **train**: for each stage, the Trainer with the weighted loss of :mod:`.loss`, checkpoints
   every ``save_steps`` (resumed from the newest complete one after a kill), evaluation and early
   stopping on the holdout, TensorBoard logs and a progress bar; after each curriculum stage its
   gate, and a failed gate stops the run;
3. **save**: the adapter (or full model) with the tokenizer and its *original* chat template,
   and a summary.

It writes only under ``out_dir`` (``<run_dir>/train``); reading the dataset and writing
``summary.json`` is the CLI's business. Under ``accelerate launch`` every process runs this
function; the Trainer handles DDP/FSDP/DeepSpeed and only the main process writes.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coachsmith.assess.scoring import ScoreResult
from coachsmith.domain.taxonomy import Curriculum
from coachsmith.errors import CoachsmithError
from coachsmith.train.base import load_model, load_tokenizer, require_training_stack, resolve_base
from coachsmith.train.config import TrainConfig, resolve_precision, to_sft_config
from coachsmith.train.curriculum import (
    GateResult,
    StagePlan,
    holdout_gate,
    plan_curriculum,
    rubric_gate,
)
from coachsmith.train.data import Tokenized, TokenizeReport, TrainExample, tokenize_examples

# (model, tokenizer, stage name) -> rubric scores of a small evaluation; the CLI builds it from
# the judge role, so the recipe never touches LLM backends.
RubricEvaluator = Callable[[Any, Any, str], list[ScoreResult]]


@dataclass
class StageSummary:
    """What one stage (the whole run, without a curriculum) did."""

    name: str
    examples: int
    pieces: int
    tokens_per_epoch: int
    steps: int
    train_loss: float | None
    holdout_loss_before: float | None
    holdout_loss_after: float | None
    early_stopped: bool
    resumed_from: str | None
    wall_s: float
    tokens_per_s: float | None
    gate: dict[str, Any] | None = None


@dataclass
class TrainSummary:
    """The end of a training run, written to ``<run_dir>/train/summary.json`` by the CLI."""

    base_model: str
    base_kind: str
    base_location: str
    method: str
    precision: str
    device: str
    processes: int
    data: dict[str, Any]
    holdout: dict[str, Any] | None
    stages: list[StageSummary] = field(default_factory=list)
    complete: bool = False
    stopped_by_gate: str | None = None
    output: str | None = None
    wall_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``summary.json``."""
        return asdict(self)


def _add_adapters(model: Any, cfg: TrainConfig) -> Any:
    if cfg.method == "full":
        return model
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if cfg.method == "qlora":
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=cfg.gradient_checkpointing)
    lora = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=cfg.lora_target_modules, task_type="CAUSAL_LM", bias="none")
    return get_peft_model(model, lora)


def _save_weights(model: Any, tokenizer: Any, chat_template: str, folder: Path) -> None:
    """Adapter (or full model) + tokenizer with the original template, swapped in atomically."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tokenizer.chat_template = chat_template
    tokenizer.save_pretrained(tmp)
    old = folder.with_name(folder.name + ".old")
    if folder.exists():
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    tmp.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _load_weights(model: Any, folder: Path, method: str) -> None:
    """Put a finished stage's weights back into the model (resuming after that stage)."""
    from safetensors.torch import load_file

    if method == "full":
        model.load_state_dict(load_file(str(folder / "model.safetensors")), strict=False)
        return
    from peft import set_peft_model_state_dict

    set_peft_model_state_dict(model, load_file(str(folder / "adapter_model.safetensors")))


def _train_stage(model: Any, tokenizer: Any, pieces: Sequence[Tokenized], held: Sequence[Tokenized],
                 cfg: TrainConfig, folder: Path, *, seed: int, precision: str, label: str,
                 max_steps: int | None, logs: Path) -> tuple[Any, dict[str, Any]]:
    import transformers
    from torch.utils.tensorboard import SummaryWriter
    from transformers.integrations.integration_utils import TensorBoardCallback

    from coachsmith.train.checkpoints import MarkComplete, ProgressBar, latest_checkpoint
    from coachsmith.train.loss import Collator, PieceDataset, WeightedLossTrainer

    evaluate = bool(held)
    args = to_sft_config(cfg, output_dir=folder / "checkpoints", seed=seed, precision=precision,
                         evaluate=evaluate, max_steps=max_steps)
    progress = ProgressBar(label)
    callbacks: list[Any] = [MarkComplete(), progress,
                            TensorBoardCallback(SummaryWriter(log_dir=str(logs / label)))]  # type: ignore[no-untyped-call]
    if evaluate and cfg.early_stopping_patience is not None:
        callbacks.append(transformers.EarlyStoppingCallback(cfg.early_stopping_patience))
    trainer = WeightedLossTrainer(
        model=model, args=args, data_collator=Collator(tokenizer.pad_token_id),
        train_dataset=PieceDataset(pieces), eval_dataset=PieceDataset(held) if evaluate else None,
        processing_class=tokenizer, callbacks=callbacks,
    )
    trainer.remove_callback(transformers.PrinterCallback)  # the bar shows what it would print
    resume = latest_checkpoint(folder / "checkpoints")
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    state = trainer.state
    stopped_early = state.global_step < state.max_steps
    info = {
        "steps": state.global_step,
        "train_loss": float(result.training_loss) if math.isfinite(result.training_loss) else None,
        "early_stopped": evaluate and stopped_early,
        "resumed_from": resume.name if resume else None,
        "wall_s": round(time.perf_counter() - started, 2),
        "tokens_per_s": progress.tokens_per_s,
    }
    return trainer, info


def train_sft(*, cfg: TrainConfig, train: Sequence[TrainExample], holdout: Sequence[TrainExample],
              out_dir: Path, seed: int, curriculum: Curriculum | None = None,
              rubric_evaluator: RubricEvaluator | None = None) -> TrainSummary:
    """Fine-tune the base model on the dataset; resumable after a kill.

    Args:
        cfg: The ``train:`` settings.
        train: Training examples (sliced or prefix-shared form).
        holdout: Holdout examples (may be empty: no evaluation, no early stopping).
        out_dir: ``<run_dir>/train``: checkpoints, logs, stages and the final adapter go here.
        seed: Seed for initialisation, shuffling and dropout.
        curriculum: The domain pack's curriculum when ``cfg.curriculum.enabled``.
        rubric_evaluator: Runs the small judged evaluation of the ``rubric`` gate.

    Returns:
        What happened; ``complete`` is False when a curriculum gate stopped the run.

    Raises:
        CoachsmithError: Missing extra, QLoRA without CUDA, no trainable tokens, or a gate that
            needs a holdout or evaluator it does not have.
    """
    # --- setup ---
    require_training_stack()
    import torch
    import transformers

    from coachsmith.train.loss import holdout_loss

    started = time.perf_counter()
    cuda = torch.cuda.is_available()
    precision = resolve_precision(cfg.precision, cuda=cuda,
                                  bf16_supported=cuda and torch.cuda.is_bf16_supported())
    base = resolve_base(cfg.base_model)
    tokenizer = load_tokenizer(base)
    chat_template = str(tokenizer.chat_template)
    pieces, report = tokenize_examples(tokenizer, train, max_length=cfg.max_length)
    held, held_report = tokenize_examples(tokenizer, holdout, max_length=cfg.max_length) \
        if holdout else ([], None)
    if not pieces or report.weighted_tokens <= 0:
        raise CoachsmithError("the training data has no coach token with a positive weight "
                              f"under max_length={cfg.max_length}; nothing to train on")
    if cfg.curriculum.enabled and curriculum is None:
        raise CoachsmithError("train.curriculum.enabled needs the domain pack's curriculum")
    if cfg.curriculum.enabled and cfg.curriculum.gate == "holdout_loss" and not held:
        raise CoachsmithError("train.curriculum.gate: holdout_loss needs a holdout set "
                              "(dataset/holdout.jsonl or train.holdout)")
    if cfg.curriculum.enabled and cfg.curriculum.gate == "rubric" and rubric_evaluator is None:
        raise CoachsmithError("train.curriculum.gate: rubric needs a judge to evaluate with")

    transformers.set_seed(seed)
    weight_dtype = "fp32" if precision == "fp32" or cfg.method != "full" else precision
    model = load_model(base, dtype=weight_dtype, four_bit=cfg.method == "qlora")
    model.config.use_cache = False
    model = _add_adapters(model, cfg)

    plans: list[StagePlan | None] = (
        list(plan_curriculum(train, curriculum, seed=seed))
        if cfg.curriculum.enabled and curriculum is not None else [None])
    summary = TrainSummary(
        base_model=base.name, base_kind=base.kind, base_location=base.location, method=cfg.method,
        precision=precision, device="cuda" if cuda else "cpu", processes=1,
        data=report.to_dict(), holdout=held_report.to_dict() if held_report else None)
    out_dir.mkdir(parents=True, exist_ok=True)

    # --- train ---
    trainer: Any = None
    for plan in plans:
        name = plan.name if plan else "sft"
        folder = out_dir / "stages" / name if plan else out_dir
        done = folder / "stage.json"
        if plan and done.is_file():  # finished before a restart: take its weights, move on
            _load_weights(model, folder / "final", cfg.method)
            finished = StageSummary(**json.loads(done.read_text(encoding="utf-8")))
            summary.stages.append(finished)
            if finished.gate is not None and not finished.gate["passed"]:
                summary.stopped_by_gate = name
                break
            continue
        if plan:
            by_id = {e.id for e in plan.examples}
            stage_pieces = [p for p in pieces if p.id.split("@")[0] in by_id]
            stage_report = TokenizeReport(examples=len(plan.examples), pieces=len(stage_pieces),
                                          tokens=sum(len(p.input_ids) for p in stage_pieces))
            steps = max(1, round(plan.share * cfg.max_steps)) if cfg.max_steps else None
        else:
            stage_pieces, stage_report, steps = pieces, report, None
        before = holdout_loss(model, held, tokenizer.pad_token_id) if held else None
        trainer, info = _train_stage(model, tokenizer, stage_pieces, held, cfg, folder, seed=seed,
                                     precision=precision, label=name, max_steps=steps,
                                     logs=out_dir / "logs")
        summary.processes = trainer.accelerator.num_processes
        after = holdout_loss(model, held, tokenizer.pad_token_id) if held else None
        gate: GateResult | None = None
        if plan and cfg.curriculum.gate == "holdout_loss" and before is not None and after is not None:
            gate = holdout_gate(name, before, after, tolerance=cfg.curriculum.holdout_tolerance,
                                ceiling=cfg.curriculum.max_holdout_loss)
        elif plan and rubric_evaluator is not None:
            gate = rubric_gate(name, rubric_evaluator(model, tokenizer, name), plan.gate)
        stage = StageSummary(name=name, examples=stage_report.examples, pieces=len(stage_pieces),
                             tokens_per_epoch=stage_report.tokens, holdout_loss_before=before,
                             holdout_loss_after=after, gate=gate.to_dict() if gate else None, **info)
        summary.stages.append(stage)
        if plan and trainer.is_world_process_zero():
            _save_weights(model, tokenizer, chat_template, folder / "final")
            done.write_text(json.dumps(asdict(stage), indent=2) + "\n", encoding="utf-8")
        if gate is not None and not gate.passed:
            summary.stopped_by_gate = name
            break

    # --- save ---
    final = out_dir / ("model" if cfg.method == "full" else "adapter")
    if trainer is None or trainer.is_world_process_zero():
        _save_weights(model, tokenizer, chat_template, final)
    if trainer is not None:
        trainer.accelerator.wait_for_everyone()
    summary.output = str(final)
    summary.complete = summary.stopped_by_gate is None
    summary.wall_s = round(time.perf_counter() - started, 2)
    return summary


__all__ = ["RubricEvaluator", "StageSummary", "TrainSummary", "train_sft"]
