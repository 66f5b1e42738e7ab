"""The preference step: DPO with TRL on top of the SFT adapter.

A pair is one coach turn the judge failed (``rejected``: the original reply) and the fixup that
replaced it and passed (``chosen``), with the same context (``prompt``: the conversation up to and
including the user turn). Curation writes them to ``dataset/preference_pairs.jsonl`` in TRL's
conversational format; :func:`build_preference_pairs` builds the same from curated transcripts
(each exchange whose ``source`` is ``fixup`` keeps the replaced reply in ``original``).

The SFT adapter is loaded as the trainable policy; TRL copies it into a frozen reference adapter,
so DPO measures every move against the SFT model, not the untuned base.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coachsmith.errors import CoachsmithError, ConfigError, Problem
from coachsmith.records import Transcript
from coachsmith.train.config import TrainConfig
from coachsmith.train.data import read_records


class PairMessage(BaseModel):
    """A chat message of a preference pair."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str


class PreferencePair(BaseModel):
    """One line of ``preference_pairs.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    prompt: list[PairMessage] = Field(min_length=1)
    chosen: list[PairMessage] = Field(min_length=1, max_length=1)
    rejected: list[PairMessage] = Field(min_length=1, max_length=1)
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shape(self) -> PreferencePair:
        if self.prompt[-1].role != "user":
            raise ValueError("the prompt must end with the user turn being answered")
        if self.chosen[0].role != "assistant" or self.rejected[0].role != "assistant":
            raise ValueError("chosen and rejected must each be one assistant message")
        if self.chosen[0].content.strip() == self.rejected[0].content.strip():
            raise ValueError("chosen and rejected are the same reply")
        return self

    def to_trl(self) -> dict[str, list[dict[str, str]]]:
        """TRL's conversational preference row."""
        return {k: [m.model_dump() for m in getattr(self, k)] for k in ("prompt", "chosen", "rejected")}


def build_preference_pairs(transcripts: Iterable[Transcript]) -> list[PreferencePair]:
    """Pairs from curated transcripts: each fixup with the reply it replaced, same context."""
    pairs = []
    for t in transcripts:
        history: list[PairMessage] = [PairMessage(role="system", content=t.system)] if t.system else []
        for index, ex in enumerate(t.exchanges):
            prompt = [*history, PairMessage(role="user", content=ex.user)]
            if ex.source == "fixup" and ex.original and ex.original.strip() != ex.assistant.strip():
                pairs.append(PreferencePair(
                    id=f"{t.id}#{index}", prompt=prompt,
                    chosen=[PairMessage(role="assistant", content=ex.assistant)],
                    rejected=[PairMessage(role="assistant", content=ex.original)],
                    meta={"transcript_id": t.id, "exchange": index,
                          "criteria": list(ex.planted.flaws) if ex.planted else []}))
            history = [*prompt, PairMessage(role="assistant", content=ex.assistant)]
    return pairs


def read_pairs(path: Path) -> list[PreferencePair]:
    """Read preference pairs.

    Raises:
        ConfigError: Every bad line, naming file, line and field.
    """
    problems: list[Problem] = []
    pairs = read_records(path, PreferencePair, problems)
    if problems:
        raise ConfigError(problems)
    return [pair for _, pair in pairs]


def to_dpo_config(cfg: TrainConfig, *, output_dir: Path, seed: int, precision: str) -> Any:
    """``train:`` and ``train.dpo:`` settings as TRL's ``DPOConfig``."""
    import trl

    from coachsmith.train.base import no_accelerator

    d = cfg.dpo
    return trl.DPOConfig(
        output_dir=str(output_dir), seed=seed, data_seed=seed, beta=d.beta,
        learning_rate=d.learning_rate, num_train_epochs=d.epochs,
        max_steps=d.max_steps if d.max_steps is not None else -1,
        per_device_train_batch_size=cfg.batch_size, gradient_accumulation_steps=cfg.grad_accum,
        lr_scheduler_type=cfg.lr_scheduler, warmup_steps=cfg.warmup_ratio,
        max_grad_norm=cfg.max_grad_norm, bf16=precision == "bf16", fp16=precision == "fp16",
        gradient_checkpointing=cfg.gradient_checkpointing, max_length=cfg.max_length,
        save_strategy="steps", save_steps=cfg.save_steps, save_total_limit=cfg.save_total_limit,
        logging_steps=cfg.logging_steps, report_to="none", disable_tqdm=True,
        use_cpu=no_accelerator(),
    )


def train_dpo(*, cfg: TrainConfig, pairs: Sequence[PreferencePair], base: Any, sft_adapter: Path,
              out_dir: Path, seed: int) -> dict[str, Any]:
    """Run DPO on the pairs, starting from (and measured against) the SFT adapter.

    Args:
        cfg: The ``train:`` settings (``cfg.dpo`` holds the DPO-specific ones).
        pairs: Preference pairs.
        base: The :class:`~coachsmith.train.base.BaseRef` the SFT adapter was trained on.
        sft_adapter: ``<run_dir>/train/adapter``.
        out_dir: ``<run_dir>/train/dpo``: checkpoints, logs and the final adapter.
        seed: Seed for shuffling and dropout.

    Returns:
        A summary for ``train/dpo/summary.json``.

    Raises:
        CoachsmithError: No pairs, no SFT adapter, or full fine-tuning (DPO here trains adapters).
    """
    if not pairs:
        raise CoachsmithError("no preference pairs: curation found no failing coach turn with an "
                              "accepted fixup")
    if not (sft_adapter / "adapter_config.json").is_file():
        raise CoachsmithError(f"{sft_adapter}: no SFT adapter; run coachsmith train first "
                              "(DPO runs on top of a LoRA adapter)")
    import datasets
    import torch
    import transformers
    import trl
    from peft import PeftModel
    from torch.utils.tensorboard import SummaryWriter
    from transformers import AutoTokenizer
    from transformers.integrations.integration_utils import TensorBoardCallback

    from coachsmith.train.base import load_model
    from coachsmith.train.checkpoints import MarkComplete, ProgressBar, latest_checkpoint
    from coachsmith.train.config import resolve_precision
    from coachsmith.train.sft import _save_weights

    started = time.perf_counter()
    cuda = torch.cuda.is_available()
    precision = resolve_precision(cfg.precision, cuda=cuda,
                                  bf16_supported=cuda and torch.cuda.is_bf16_supported())
    transformers.set_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(str(sft_adapter))
    chat_template = str(tokenizer.chat_template)
    model = PeftModel.from_pretrained(load_model(base, dtype="fp32"), str(sft_adapter),
                                      is_trainable=True)
    progress = ProgressBar("dpo")
    trainer = trl.DPOTrainer(
        model=model, args=to_dpo_config(cfg, output_dir=out_dir / "checkpoints", seed=seed,
                                        precision=precision),
        train_dataset=datasets.Dataset.from_list([p.to_trl() for p in pairs]),
        processing_class=tokenizer,
        callbacks=[MarkComplete(), progress,
                   TensorBoardCallback(  # type: ignore[no-untyped-call]
                       SummaryWriter(log_dir=str(out_dir / "logs")))],
    )
    trainer.remove_callback(transformers.PrinterCallback)
    resume = latest_checkpoint(out_dir / "checkpoints")
    result = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    if trainer.is_world_process_zero():
        _save_weights(_PolicyOnly(model), tokenizer, chat_template, out_dir / "adapter")
    trainer.accelerator.wait_for_everyone()
    return {"pairs": len(pairs), "steps": trainer.state.global_step,
            "train_loss": float(result.training_loss), "beta": cfg.dpo.beta,
            "resumed_from": resume.name if resume else None, "sft_adapter": str(sft_adapter),
            "output": str(out_dir / "adapter"), "tokens_per_s": progress.tokens_per_s,
            "wall_s": round(time.perf_counter() - started, 2)}


class _PolicyOnly:
    """Saves only the trained ("default") adapter of a PEFT model that also holds TRL's "ref"."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def save_pretrained(self, folder: Path) -> None:
        self.model.save_pretrained(str(folder), selected_adapters=["default"])


__all__ = ["PairMessage", "PreferencePair", "build_preference_pairs", "read_pairs", "to_dpo_config",
           "train_dpo"]
