"""Counting the tokens of a coach prompt, for the context budget.

Where the coach model has a tokenizer coachsmith can read, the count is exact for the messages'
text: a llamacpp backend's GGUF is opened with ``vocab_only=True`` (the vocabulary, no weights).
For other backends the count is an estimate (4 characters a token), and says so. Chat-template
tokens are added as a fixed allowance per message.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from coachsmith.errors import BackendError
from coachsmith.llm import BackendSpec, Message, bundled_model_path

#: Tokens a chat template adds around one message (role markers, separators); generous for
#: ChatML (5) and Llama 3 (5) so the budget errs on the safe side.
TEMPLATE_TOKENS_PER_MESSAGE = 8
CHARS_PER_TOKEN = 4


class TokenCounter(Protocol):
    """Counts tokens of text for one model.

    Attributes:
        exact: True when the model's own tokenizer counts; False for an estimate.
        method: How counting works, for reports (``gguf:<file>`` or ``estimate: ...``).
    """

    exact: bool
    method: str

    def count(self, text: str) -> int:
        ...


class EstimatedCounter:
    """An estimate for models whose tokenizer coachsmith cannot read: 4 characters a token."""

    exact = False
    method = f"estimate: {CHARS_PER_TOKEN} characters per token"

    def count(self, text: str) -> int:
        """About how many tokens ``text`` takes."""
        return math.ceil(len(text) / CHARS_PER_TOKEN)


class GGUFCounter:
    """Exact counts with a GGUF file's own tokenizer, loaded vocabulary-only on first use.

    Args:
        path: The GGUF file.

    Raises:
        BackendError: (on first count) llama-cpp-python is missing or cannot read the file.
    """

    exact = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self.method = f"gguf: {path.name}"
        self._lock = threading.Lock()
        self._vocab: Any = None

    def count(self, text: str) -> int:
        """Tokens of ``text`` (no BOS)."""
        with self._lock:
            if self._vocab is None:
                self._vocab = _load_vocab(self.path)
            return len(self._vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))


def _load_vocab(path: Path) -> Any:
    try:
        import llama_cpp
    except ImportError as exc:
        raise BackendError("counting tokens with a GGUF needs llama-cpp-python: "
                           "pip install llama-cpp-python==0.3.36") from exc
    try:
        return llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)
    except Exception as exc:
        raise BackendError(f"could not read the tokenizer of {path}: {exc}") from exc


def counter_for(spec: BackendSpec) -> TokenCounter:
    """The best counter for a backend: its GGUF's tokenizer for llamacpp, else an estimate."""
    if spec.kind == "llamacpp":
        return GGUFCounter(Path(spec.model_path) if spec.model_path else bundled_model_path())
    return EstimatedCounter()


def prompt_tokens(counter: TokenCounter, messages: Sequence[Message]) -> int:
    """Tokens of a chat prompt: the messages' text plus the template allowance per message."""
    return sum(counter.count(m.content) + TEMPLATE_TOKENS_PER_MESSAGE for m in messages)


def effective_budget(budget_tokens: int, spec: BackendSpec) -> int:
    """The configured budget, capped by a llamacpp backend's context window."""
    return min(budget_tokens, spec.n_ctx) if spec.kind == "llamacpp" else budget_tokens
