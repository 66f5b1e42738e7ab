"""Checkpoints a killed run can resume from, and the progress bar of a training run.

The Trainer writes ``checkpoint-N/`` in several steps (weights, optimizer, scheduler, RNG states,
trainer state). A run killed in the middle leaves a folder that looks like a checkpoint but is
not, so :class:`MarkComplete` drops a marker once the Trainer has finished saving, and
:func:`latest_checkpoint` resumes only from a marked folder. ``save_total_limit`` is at least 2, so
the marked checkpoint before a half-written one is still there.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm
from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

COMPLETE = "coachsmith-complete"
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")


def latest_checkpoint(folder: Path) -> Path | None:
    """The newest checkpoint under ``folder`` that was completely written, if any."""
    if not folder.is_dir():
        return None
    done = [(int(m.group(1)), p) for p in folder.iterdir()
            if (m := _CHECKPOINT.match(p.name)) and (p / COMPLETE).is_file()]
    return max(done)[1] if done else None


class MarkComplete(TrainerCallback):
    """Marks a checkpoint folder once the Trainer has written all of it."""

    def on_save(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                **kwargs: Any) -> None:
        if state.is_world_process_zero:
            folder = Path(str(args.output_dir)) / f"checkpoint-{state.global_step}"
            if folder.is_dir():
                (folder / COMPLETE).write_text(f"{state.global_step}\n", encoding="utf-8")


class ProgressBar(TrainerCallback):
    """One bar per run: optimizer steps, with the last loss, learning rate and tokens/s."""

    def __init__(self, label: str = "train") -> None:
        self.label = label
        self.bar: Any = None
        self._t0 = 0.0
        self._tokens0 = 0
        self.tokens_per_s: float | None = None

    def on_train_begin(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                       **kwargs: Any) -> None:
        if state.is_world_process_zero:
            self.bar = tqdm(total=state.max_steps, initial=state.global_step, desc=self.label,
                            unit="step", dynamic_ncols=True)
        self._t0 = time.perf_counter()
        self._tokens0 = int(state.num_input_tokens_seen or 0)

    def on_step_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                    **kwargs: Any) -> None:
        elapsed = time.perf_counter() - self._t0
        tokens = int(state.num_input_tokens_seen or 0) - self._tokens0
        if elapsed > 0:
            self.tokens_per_s = tokens / elapsed
        if self.bar is not None:
            self.bar.update(state.global_step - self.bar.n)

    def on_log(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
               logs: dict[str, float] | None = None, **kwargs: Any) -> None:
        if self.bar is None or not logs:
            return
        shown = {}
        if "loss" in logs:
            shown["loss"] = f"{logs['loss']:.4f}"
        if "eval_loss" in logs:
            shown["holdout"] = f"{logs['eval_loss']:.4f}"
        if "learning_rate" in logs:
            shown["lr"] = f"{logs['learning_rate']:.2e}"
        if self.tokens_per_s is not None:
            shown["tok/s"] = f"{self.tokens_per_s:.0f}"
        self.bar.set_postfix(shown, refresh=True)

    def on_train_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
                     **kwargs: Any) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


__all__ = ["COMPLETE", "MarkComplete", "ProgressBar", "latest_checkpoint"]
