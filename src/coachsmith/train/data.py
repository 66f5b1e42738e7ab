"""Training examples: read the dataset contract's JSONL, tokenise with the tokenizer's own chat
template, and give every token the loss weight of the coach turn it belongs to.

The dataset holds conversations in one of two forms (see the contract in the design notes):

* **sliced**: one example per slice (a transcript prefix ending on a coach turn), every coach turn
  weighted 1;
* **prefix-shared**: one example per transcript, each coach turn weighted by the number of slices
  that contain it.

Only coach (assistant) tokens carry loss. Their positions are found by rendering prefixes of the
conversation with the same template: the tokens between ``render(messages[:i], generation
prompt)`` and ``render(messages[:i+1])`` are turn ``i``'s reply and its end-of-turn token. That
works, and the prefix-shared form is exact, only where every such prefix renders as a *token
prefix* of the whole conversation. A template that rewrites earlier turns (dropping reasoning
blocks, say) breaks that; such an example **falls back to slices**: one piece per coach turn,
ending on it, in which only that last turn carries its weight. The recipe reports how many did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coachsmith._yaml import dotted
from coachsmith.errors import ConfigError, Problem
from coachsmith.records import json_lines

M = TypeVar("M", bound=BaseModel)

IGNORE = -100  # the label of a token that carries no loss (PyTorch's cross-entropy default)


class ChatMessage(BaseModel):
    """One message of a training conversation; only an assistant message may carry ``weight``."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str
    weight: float | None = Field(None, ge=0.0, description="Loss weight of an assistant turn; "
                                 "absent means 1.0.")

    @model_validator(mode="after")
    def _weight_on_assistant_only(self) -> ChatMessage:
        if self.weight is not None and self.role != "assistant":
            raise ValueError(f"a {self.role} message may not carry 'weight' (only assistant "
                             "turns train)")
        return self


class TrainExample(BaseModel):
    """One line of ``dataset/train.jsonl`` or ``holdout.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    messages: list[ChatMessage] = Field(min_length=2)
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shape(self) -> TrainExample:
        roles = [m.role for m in self.messages]
        if "assistant" not in roles:
            raise ValueError("has no assistant message, so nothing to train on")
        first = next(r for r in roles if r != "system")
        if first != "user":
            raise ValueError(f"the first non-system message must be 'user', got {first!r}")
        return self

    @property
    def transcript_id(self) -> str:
        """The transcript this example came from (``meta.transcript_id``, else the id)."""
        return str(self.meta.get("transcript_id", self.id))

    def turn_weights(self) -> list[float]:
        """Weights of the assistant turns, in order (absent counts as 1.0)."""
        return [1.0 if m.weight is None else m.weight for m in self.messages if m.role == "assistant"]

    def chat(self) -> list[dict[str, str]]:
        """The messages as plain chat dicts, without weights, for a chat template.

        Contents are stripped of surrounding whitespace: a reply that starts with a space
        would merge with the template's newline into one BPE token (as SmolLM2's does), so the
        conversation before the reply would not be a token prefix of the one through it and the
        reply's tokens could not be found; a chat model never needs to learn to open a turn
        with a space."""
        return [{"role": m.role, "content": m.content.strip()} for m in self.messages]


def read_records(path: Path, model: type[M], problems: list[Problem]) -> list[tuple[int, M]]:
    """Read a JSONL file of ``model`` records with their line numbers.

    Every bad line (invalid JSON, a field that does not validate) is appended to ``problems``,
    naming the file, line and field, so a caller can add its own checks before raising.

    Raises:
        ConfigError: The file does not exist.
    """
    records: list[tuple[int, M]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), "", "file not found")]) from None
    for number, data in json_lines(lines, str(path), problems):
        try:
            records.append((number, model.model_validate(data)))
        except ValidationError as exc:
            problems += [Problem(str(path), dotted([p for p in e["loc"] if isinstance(p, str | int)]),
                                 e["msg"], number) for e in exc.errors()]
    return records


def read_examples(path: Path) -> list[TrainExample]:
    """Read a training JSONL file.

    Raises:
        ConfigError: Every bad line, each naming the file, line and field; duplicate ids.
    """
    problems: list[Problem] = []
    records = read_records(path, TrainExample, problems)
    seen: dict[str, int] = {}
    for number, example in records:
        if example.id in seen:
            problems.append(Problem(str(path), "id", f"duplicate id {example.id!r} (first on line "
                                    f"{seen[example.id]})", number))
        seen.setdefault(example.id, number)
    if problems:
        raise ConfigError(problems)
    examples = [e for _, e in records]
    if not examples:
        raise ConfigError([Problem(str(path), "", "no examples")])
    return examples


@dataclass(frozen=True)
class Tokenized:
    """One example ready for the model.

    Attributes:
        id: The example's id (a fallback piece adds ``@turn``).
        input_ids: The rendered conversation's tokens.
        labels: ``input_ids`` where a token carries loss, :data:`IGNORE` elsewhere.
        weights: Each token's loss weight as a prediction target (0 where it carries none).
        transcript_id: The transcript it came from.
    """

    id: str
    input_ids: list[int]
    labels: list[int]
    weights: list[float]
    transcript_id: str

    @property
    def weighted_tokens(self) -> float:
        """The sum of this example's token weights (its share of the loss normaliser)."""
        return sum(self.weights)


@dataclass
class TokenizeReport:
    """What tokenising a dataset did, for the run's summary.

    Attributes:
        examples: Examples read.
        pieces: Token sequences produced (fallback examples give one per coach turn).
        tokens: Tokens in those sequences: what one epoch processes.
        weighted_tokens: Sum of token weights: the loss normaliser of one epoch.
        fallback: Ids of examples whose template did not render slices as token prefixes.
        too_long: Ids of pieces longer than ``max_length`` tokens, left out.
    """

    examples: int = 0
    pieces: int = 0
    tokens: int = 0
    weighted_tokens: float = 0.0
    fallback: list[str] = field(default_factory=list)
    too_long: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``summary.json``."""
        return {"examples": self.examples, "pieces": self.pieces, "tokens": self.tokens,
                "weighted_tokens": self.weighted_tokens, "fallback_to_slices": len(self.fallback),
                "fallback_ids": self.fallback, "too_long": len(self.too_long),
                "too_long_ids": self.too_long}


def render_ids(tokenizer: Any, messages: Sequence[dict[str, str]], *,
               add_generation_prompt: bool = False) -> list[int]:
    """Token ids of ``messages`` rendered with the tokenizer's own chat template.

    The template's text is tokenised without adding special tokens: whatever the template writes
    (a BOS, role markers) is all there is, exactly as a runtime that applies the template sees it.
    """
    text = tokenizer.apply_chat_template(list(messages), tokenize=False,
                                         add_generation_prompt=add_generation_prompt)
    return list(tokenizer(text, add_special_tokens=False)["input_ids"])


def _trim(tokenizer: Any, ids: list[int], start: int, end: int) -> int:
    # The rendered turn ends with its end-of-turn token and then, in most templates, a newline
    # that separates it from the next turn. The model never generates that newline (it stops at
    # the end-of-turn token), so it carries no loss.
    while end - 1 > start and not tokenizer.decode([ids[end - 1]]).strip():
        end -= 1
    return end


def _span(tokenizer: Any, messages: Sequence[dict[str, str]], index: int, full: list[int]
          ) -> tuple[int, int] | None:
    before = render_ids(tokenizer, messages[:index], add_generation_prompt=True)
    through = render_ids(tokenizer, messages[: index + 1])
    if full[: len(before)] != before or full[: len(through)] != through or len(through) <= len(before):
        return None
    return len(before), _trim(tokenizer, full, len(before), len(through))


def _weighted(example_id: str, transcript_id: str, ids: list[int],
              spans: Iterable[tuple[tuple[int, int], float]]) -> Tokenized:
    labels = [IGNORE] * len(ids)
    weights = [0.0] * len(ids)
    for (start, end), weight in spans:
        if weight <= 0.0:
            continue
        for t in range(start, end):
            labels[t] = ids[t]
            weights[t] = weight
    return Tokenized(example_id, ids, labels, weights, transcript_id)


def tokenize_example(tokenizer: Any, example: TrainExample) -> list[Tokenized]:
    """Tokenise one example; fall back to slices where the template is not prefix-stable.

    Args:
        tokenizer: A ``transformers`` tokenizer with a chat template.
        example: A sliced or prefix-shared example.

    Returns:
        One piece normally; where a prefix of the conversation does not render as a token prefix
        of the whole, one piece per weighted coach turn, each ending on that turn and carrying
        only its weight (the caller counts these as fallbacks: more than one piece, or an id with
        ``@``).

    Raises:
        ConfigError: Even the slice ending on a coach turn does not render that turn after its
            context, so its tokens cannot be found.
    """
    chat = example.chat()
    turns = [i for i, m in enumerate(example.messages) if m.role == "assistant"]
    weights = example.turn_weights()
    full = render_ids(tokenizer, chat)
    spans = [_span(tokenizer, chat, i, full) for i in turns]
    if all(s is not None for s in spans):
        return [_weighted(example.id, example.transcript_id, full,
                          [(s, w) for s, w in zip(spans, weights, strict=True) if s is not None])]
    pieces = []
    for i, weight in zip(turns, weights, strict=True):
        if weight <= 0.0:
            continue
        prefix = chat[: i + 1]
        ids = render_ids(tokenizer, prefix)
        span = _span(tokenizer, prefix, i, ids)
        if span is None:
            raise ConfigError([Problem(example.id, f"messages[{i}]", "the chat template does not "
                                       "render this coach turn after its context, so its tokens "
                                       "cannot be found; use a model whose template does")])
        pieces.append(_weighted(f"{example.id}@{i}", example.transcript_id, ids, [(span, weight)]))
    return pieces


def tokenize_examples(tokenizer: Any, examples: Sequence[TrainExample], *, max_length: int
                      ) -> tuple[list[Tokenized], TokenizeReport]:
    """Tokenise a dataset, counting fallbacks and leaving out pieces over ``max_length``.

    Returns:
        The pieces in dataset order, and what happened.
    """
    report = TokenizeReport(examples=len(examples))
    kept: list[Tokenized] = []
    for example in examples:
        pieces = tokenize_example(tokenizer, example)
        if len(pieces) != 1 or pieces[0].id != example.id:
            report.fallback.append(example.id)
        for piece in pieces:
            if len(piece.input_ids) > max_length:
                report.too_long.append(piece.id)
                continue
            kept.append(piece)
            report.pieces += 1
            report.tokens += len(piece.input_ids)
            report.weighted_tokens += piece.weighted_tokens
    return kept, report


def collate(pieces: Sequence[Tokenized], pad_id: int) -> dict[str, Any]:
    """Pad a micro-batch on the right into tensors: ``input_ids``, ``attention_mask``,
    ``labels`` (:data:`IGNORE` on padding) and ``loss_weights`` (0 on padding)."""
    import torch

    width = max(len(p.input_ids) for p in pieces)
    pad = [width - len(p.input_ids) for p in pieces]
    return {
        "input_ids": torch.tensor([p.input_ids + [pad_id] * n for p, n in zip(pieces, pad, strict=True)]),
        "attention_mask": torch.tensor([[1] * len(p.input_ids) + [0] * n
                                        for p, n in zip(pieces, pad, strict=True)]),
        "labels": torch.tensor([p.labels + [IGNORE] * n for p, n in zip(pieces, pad, strict=True)]),
        "loss_weights": torch.tensor([p.weights + [0.0] * n for p, n in zip(pieces, pad, strict=True)],
                                     dtype=torch.float32),
    }


__all__ = [
    "IGNORE",
    "ChatMessage",
    "TokenizeReport",
    "Tokenized",
    "TrainExample",
    "collate",
    "read_examples",
    "read_records",
    "render_ids",
    "tokenize_example",
    "tokenize_examples",
]
