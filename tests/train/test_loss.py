"""The prefix-shared form with weights gives the sliced form's loss and gradients.

Normalisation in both: loss = Σ_tokens w·ℓ / Σ_tokens w over every coach token of the step.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import torch

from coachsmith.train.config import TrainConfig, to_sft_config
from coachsmith.train.data import Tokenized, collate, tokenize_examples
from coachsmith.train.loss import (
    Collator,
    PieceDataset,
    WeightedLossTrainer,
    holdout_loss,
    weighted_token_loss,
)
from tests.train.conftest import as_examples, prefix_shared, sliced, tiny_model

TRANSCRIPTS = [(0, 4), (1, 2), (2, 5)]  # (index, exchanges)


def _forms(tokenizer: Any) -> tuple[list[Tokenized], list[Tokenized]]:
    shared, _ = tokenize_examples(tokenizer, as_examples([prefix_shared(i, n) for i, n in TRANSCRIPTS]),
                                  max_length=4096)
    cut, _ = tokenize_examples(tokenizer, as_examples([r for i, n in TRANSCRIPTS for r in sliced(i, n)]),
                               max_length=4096)
    return shared, cut


def _loss_and_grads(model: Any, pieces: list[Tokenized], batch: int, pad: int
                    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    model.zero_grad()
    totals = []
    weights = []
    for start in range(0, len(pieces), batch):
        b = collate(pieces[start:start + batch], pad)
        out = model(input_ids=b["input_ids"], attention_mask=b["attention_mask"])
        t, w = weighted_token_loss(out.logits, b["labels"], b["loss_weights"])
        totals.append(t)
        weights.append(w)
    loss = torch.stack(totals).sum() / torch.stack(weights).sum()
    loss.backward()
    return loss.detach(), {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}


def test_prefix_shared_loss_and_gradients_equal_the_sliced_dataset(tokenizer: Any) -> None:
    shared, cut = _forms(tokenizer)
    assert len(cut) == sum(n for _, n in TRANSCRIPTS) and len(shared) == len(TRANSCRIPTS)
    pad = tokenizer.pad_token_id
    loss_a, grads_a = _loss_and_grads(tiny_model(tokenizer), shared, batch=2, pad=pad)
    loss_b, grads_b = _loss_and_grads(tiny_model(tokenizer), cut, batch=3, pad=pad)
    assert torch.allclose(loss_a, loss_b, rtol=1e-5, atol=1e-6)
    assert grads_a.keys() == grads_b.keys() and grads_a
    for name in grads_a:
        assert torch.allclose(grads_a[name], grads_b[name], rtol=1e-4, atol=1e-7), name
    # and the weights matter: without them the shared form's gradient differs
    flat = [Tokenized(p.id, p.input_ids, p.labels, [1.0 if w else 0.0 for w in p.weights],
                      p.transcript_id) for p in shared]
    _, grads_c = _loss_and_grads(tiny_model(tokenizer), flat, batch=2, pad=pad)
    assert not all(torch.allclose(grads_a[n], grads_c[n], rtol=1e-4, atol=1e-7) for n in grads_a)


def _one_sgd_step(tokenizer: Any, pieces: list[Tokenized], batch: int, out: Path) -> tuple[Any, float]:
    model = tiny_model(tokenizer)
    steps = math.ceil(len(pieces) / batch)
    cfg = TrainConfig(max_steps=1, batch_size=batch, grad_accum=steps, warmup_ratio=0.0,
                      max_grad_norm=1e9, save_steps=100, early_stopping_patience=None)
    args = to_sft_config(cfg, output_dir=out, seed=0, precision="fp32", evaluate=False)
    sgd = torch.optim.SGD(model.parameters(), lr=1.0)
    trainer = WeightedLossTrainer(
        model=model, args=args, train_dataset=PieceDataset(pieces),
        data_collator=Collator(tokenizer.pad_token_id),
        optimizers=(sgd, torch.optim.lr_scheduler.LambdaLR(sgd, lambda _: 1.0)))
    trainer.train()
    return model, trainer.state.log_history[0]["loss"]


def test_one_trainer_step_moves_the_weights_the_same_way_for_both_forms(tokenizer: Any,
                                                                        tmp_path: Path) -> None:
    shared, cut = _forms(tokenizer)
    model_a, loss_a = _one_sgd_step(tokenizer, shared, 2, tmp_path / "a")
    model_b, loss_b = _one_sgd_step(tokenizer, cut, 3, tmp_path / "b")
    assert loss_a == pytest.approx(loss_b, rel=1e-5)
    start = tiny_model(tokenizer).state_dict()
    a, b = model_a.state_dict(), model_b.state_dict()
    assert any(not torch.equal(a[n], start[n]) for n in a), "the step did not move anything"
    for name in a:
        assert torch.allclose(a[name], b[name], rtol=1e-4, atol=1e-6), name


def test_holdout_loss_is_the_weighted_mean_whatever_the_batch(tokenizer: Any) -> None:
    shared, cut = _forms(tokenizer)
    model = tiny_model(tokenizer)
    pad = tokenizer.pad_token_id
    one = holdout_loss(model, shared, pad, batch_size=1)
    assert one == pytest.approx(holdout_loss(model, shared, pad, batch_size=3), rel=1e-5)
    assert one == pytest.approx(holdout_loss(model, cut, pad, batch_size=4), rel=1e-5)
    assert 5.0 < one < 20.0  # an untrained model over a 49k vocabulary is near ln(49152) = 10.8
