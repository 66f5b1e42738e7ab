"""Shared training fixtures: the bundled model's tokenizer, tiny models built from a config, and
small datasets in the contract's format (sliced and prefix-shared forms of the same transcripts).
Nothing is downloaded."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coachsmith.train.data import TrainExample

pytest.importorskip("transformers")
pytest.importorskip("peft")


@pytest.fixture(scope="session")
def tokenizer() -> Any:
    """SmolLM2's tokenizer (ChatML template), read from the bundled GGUF."""
    from coachsmith.train.base import load_tokenizer, resolve_base

    return load_tokenizer(resolve_base("bundled"))


def tiny_model(tokenizer: Any, *, seed: int = 0, layers: int = 2) -> Any:
    """A randomly initialised Llama with the bundled tokenizer's vocabulary, built from a config."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64,
                         num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2,
                         max_position_embeddings=1024, tie_word_embeddings=True,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    return LlamaForCausalLM(config)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, tokenizer: Any) -> Path:
    """A tiny model saved as a local folder, usable as ``train.base_model``."""
    folder = tmp_path_factory.mktemp("tiny-llama")
    tiny_model(tokenizer).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


_LINES = [
    ("I have three deadlines and I can't sleep.", "That is a lot at once. Which deadline worries you most?"),
    ("The report for Friday, my boss is tense.",
     "Let's look at Friday first. What is the smallest next step?"),
    ("Maybe outlining it tonight.", "An outline tonight sounds doable. How will you know it's enough?"),
    ("When the headings are there.", "Headings as the bar for tonight. How do you feel about that?"),
    ("Lighter, honestly.", "I'm glad it feels lighter. Shall we check in on sleep next time?"),
]


def transcript_messages(index: int, exchanges: int) -> list[dict[str, Any]]:
    """A short coaching conversation; contents vary with ``index``."""
    msgs: list[dict[str, Any]] = [{"role": "system", "content": f"You are a warm coach ({index})."}]
    for k in range(exchanges):
        user, coach = _LINES[(index + k) % len(_LINES)]
        msgs += [{"role": "user", "content": f"{user} ({index}.{k})"},
                 {"role": "assistant", "content": coach}]
    return msgs


def prefix_shared(index: int, exchanges: int, tags: list[str] | None = None) -> dict[str, Any]:
    """One transcript in prefix-shared form: turn k of K carries weight K - k."""
    msgs = transcript_messages(index, exchanges)
    turns = [m for m in msgs if m["role"] == "assistant"]
    for k, m in enumerate(turns):
        m["weight"] = float(len(turns) - k)
    return {"id": f"t{index}", "messages": msgs,
            "meta": {"transcript_id": f"t{index}", "form": "prefix_shared", "tags": tags or []}}


def sliced(index: int, exchanges: int) -> list[dict[str, Any]]:
    """The same transcript sliced: one example per coach turn, each a prefix ending on it."""
    msgs = transcript_messages(index, exchanges)
    ends = [i for i, m in enumerate(msgs) if m["role"] == "assistant"]
    return [{"id": f"t{index}#{n}", "messages": [dict(m, weight=1.0) if m["role"] == "assistant"
                                                  else m for m in msgs[: end + 1]],
             "meta": {"transcript_id": f"t{index}", "form": "sliced"}}
            for n, end in enumerate(ends)]


def as_examples(rows: list[dict[str, Any]]) -> list[TrainExample]:
    return [TrainExample.model_validate(r) for r in rows]


@pytest.fixture()
def write_jsonl() -> Callable[[Path, list[dict[str, Any]]], Path]:
    def write(path: Path, rows: list[dict[str, Any]]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return path

    return write
