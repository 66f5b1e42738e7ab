"""The weighted coach-only loss, and the smallest trainer that applies it.

Normalisation (the same for both dataset forms, so they give the same gradient)::

    loss = Σ_tokens w·ℓ / Σ_tokens w

where ℓ is a token's cross-entropy as a prediction target, ``w`` its weight (the coach turn's
weight on its tokens, 0 on system, user and padding tokens), and both sums run over every token of
the **optimizer step**: all micro-batches of a gradient-accumulation window on all processes. With
that normaliser, one prefix-shared transcript whose turn ``k`` carries weight ``n_k`` contributes
exactly what its ``n_k`` slices would, because under causal attention a turn's token losses are the
same in a slice that ends on it and in the whole transcript.

Neither transformers' ``Trainer`` nor TRL has per-token loss weights (TRL's weighted-SFT proposals
were closed unmerged) and TRL's ``assistant_only_loss`` needs ``{% generation %}`` markers that many
templates (SmolLM2's ChatML) lack. The labels and weights are built in :mod:`.data`; this module
overrides two methods of ``transformers.Trainer``: ``get_batch_samples`` (which already collects an
optimizer step's micro-batches to count its tokens) returns the step's total weight instead, and
``compute_loss`` divides by it. Everything else (optimizer, scheduler, checkpoints, resume, DDP,
FSDP, DeepSpeed) is the Trainer's own.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F
import transformers

from coachsmith.train.data import IGNORE, Tokenized, collate

if TYPE_CHECKING:
    from torch import nn


def weighted_token_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor
                        ) -> tuple[torch.Tensor, torch.Tensor]:
    """The weighted loss sum of a micro-batch and its weight sum (not yet divided).

    Position ``t`` predicts token ``t + 1``, so logits drop their last position and labels and
    weights their first.

    Args:
        logits: ``[batch, time, vocab]``.
        labels: ``[batch, time]`` token ids, :data:`~coachsmith.train.data.IGNORE` where no loss.
        weights: ``[batch, time]`` loss weight of each token as a target.

    Returns:
        ``(Σ w·ℓ, Σ w)`` as scalar tensors.
    """
    logits = logits[:, :-1, :].float()
    target = labels[:, 1:].to(logits.device)
    w = weights[:, 1:].to(logits.device, torch.float32)
    token_loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), target.reshape(-1),
                                 ignore_index=IGNORE, reduction="none")
    w = torch.where(target.reshape(-1) == IGNORE, torch.zeros_like(w.reshape(-1)), w.reshape(-1))
    return (token_loss * w).sum(), w.sum()


class WeightedLossTrainer(transformers.Trainer):
    """``transformers.Trainer`` with the weighted coach-only loss stated in this module.

    Batches carry ``labels`` and ``loss_weights`` (from :func:`~coachsmith.train.data.collate`);
    both are taken out before the model's forward pass.
    """

    # compute_loss already divides by the whole optimizer step's weight
    loss_is_scaled_for_ga = True

    def get_batch_samples(self, epoch_iterator: Iterator[Any], num_batches: int, device: torch.device
                          ) -> tuple[list[Any], torch.Tensor | None]:
        """Collect one optimizer step's micro-batches and their total weight on all processes."""
        batches: list[Any] = []
        for _ in range(num_batches):
            try:
                batches.append(next(epoch_iterator))
            except StopIteration:
                break
        if not batches:
            return batches, None
        total = sum((b["loss_weights"][:, 1:].sum() for b in batches), torch.tensor(0.0))
        total = total.to(device)
        if self.args.world_size > 1:
            total = self.accelerator.gather(total.reshape(1)).sum()
        return batches, total

    def compute_loss(self, model: nn.Module, inputs: dict[str, Any], return_outputs: bool = False,
                     num_items_in_batch: torch.Tensor | int | None = None
                     ) -> torch.Tensor | tuple[torch.Tensor, Any]:
        """Σ w·ℓ of this micro-batch over the step's Σ w (times the process count, as DDP
        averages gradients); in evaluation, over this batch's own Σ w."""
        labels = inputs.pop("labels")
        weights = inputs.pop("loss_weights")
        outputs = model(**inputs)
        total, wsum = weighted_token_loss(outputs.logits, labels, weights)
        if num_items_in_batch is None or not model.training:
            loss = total / wsum.clamp(min=1e-12)
        else:
            denom = torch.as_tensor(num_items_in_batch, device=total.device).clamp(min=1e-12)
            loss = total / denom * self.accelerator.num_processes
        return (loss, outputs) if return_outputs else loss


class PieceDataset(torch.utils.data.Dataset[Tokenized]):
    """Tokenised pieces as a map-style dataset (the Trainer shuffles and shards it)."""

    def __init__(self, pieces: Sequence[Tokenized]) -> None:
        self.pieces = list(pieces)

    def __len__(self) -> int:
        return len(self.pieces)

    def __getitem__(self, index: int) -> Tokenized:
        return self.pieces[index]


class Collator:
    """Pads pieces into a batch (a class rather than a closure so dataloader workers can pickle it)."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, pieces: list[Tokenized]) -> dict[str, Any]:
        return collate(pieces, self.pad_id)


@torch.no_grad()
def holdout_loss(model: nn.Module, pieces: Sequence[Tokenized], pad_id: int, *, batch_size: int = 1
                 ) -> float:
    """The exact weighted loss Σ w·ℓ / Σ w over a whole holdout set (nats per weighted token).

    Returns:
        The loss, or NaN when the pieces carry no weight.
    """
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    total = torch.tensor(0.0, dtype=torch.float64)
    wsum = torch.tensor(0.0, dtype=torch.float64)
    for start in range(0, len(pieces), batch_size):
        batch = collate(pieces[start:start + batch_size], pad_id)
        out = model(input_ids=batch["input_ids"].to(device),
                    attention_mask=batch["attention_mask"].to(device))
        t, w = weighted_token_loss(out.logits, batch["labels"], batch["loss_weights"])
        total += t.double().cpu()
        wsum += w.double().cpu()
    model.train(was_training)
    return float(total / wsum) if wsum > 0 else math.nan


__all__ = ["Collator", "PieceDataset", "WeightedLossTrainer", "holdout_loss", "weighted_token_loss"]
