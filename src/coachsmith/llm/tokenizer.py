"""A GGUF file's tokenizer and chat template, without its weights.

Renders and tokenizes chat messages exactly as :class:`~coachsmith.llm.LlamaCppBackend` does
inside ``create_chat_completion`` (the GGUF's Jinja chat template, then llama.cpp's tokenizer
with special tokens parsed), so token counts and prefix checks here match what llama.cpp
evaluates. Loads only the vocabulary (``vocab_only``), which takes well under a second.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from coachsmith.errors import BackendError


class GGUFTokenizer:
    """Tokenizer and chat template of one GGUF file.

    Args:
        model_path: The GGUF file; None for the bundled SmolLM2-135M-Instruct.

    Raises:
        BackendError: llama-cpp-python is missing, the file cannot be read, or it has no chat
            template.
    """

    def __init__(self, model_path: str | Path | None = None) -> None:
        try:
            import llama_cpp
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter
        except ImportError as exc:
            raise BackendError("llama-cpp-python is not installed; it is a coachsmith "
                               "dependency: pip install llama-cpp-python==0.3.36") from exc
        from coachsmith.llm.llamacpp import bundled_model_path

        self.path = Path(model_path) if model_path is not None else bundled_model_path()
        try:
            self._llm: Any = llama_cpp.Llama(model_path=str(self.path), vocab_only=True,
                                             verbose=False)
        except Exception as exc:
            raise BackendError(f"llama.cpp could not read {self.path}: {exc}") from exc
        template = self._llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise BackendError(f"{self.path} has no chat template (tokenizer.chat_template)")
        eos, bos = self._llm.token_eos(), self._llm.token_bos()
        text = self._llm._model.token_get_text
        eos_text = text(eos) if eos != -1 else ""
        bos_text = text(bos) if bos != -1 else ""
        self._formatters = {
            flag: Jinja2ChatFormatter(template=template, eos_token=eos_text, bos_token=bos_text,
                                      add_generation_prompt=flag, stop_token_ids=[eos])
            for flag in (True, False)
        }
        self._lock = threading.Lock()

    def render(self, messages: Sequence[Mapping[str, str]], *,
               add_generation_prompt: bool = True) -> tuple[str, bool]:
        """The chat template's text for ``messages`` and whether it already holds the BOS token."""
        chat: list[Any] = [{"role": m["role"], "content": m["content"]} for m in messages]
        result = self._formatters[add_generation_prompt](messages=chat)
        return result.prompt, bool(result.added_special)

    def tokenize_chat(self, messages: Sequence[Mapping[str, str]], *,
                      add_generation_prompt: bool = True) -> list[int]:
        """Token ids of the rendered chat, as llama.cpp's chat completion evaluates them."""
        prompt, added = self.render(messages, add_generation_prompt=add_generation_prompt)
        return self.tokenize(prompt, add_bos=not added)

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        """Token ids of plain text (special tokens parsed)."""
        with self._lock:
            return list(self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True))

    def close(self) -> None:
        """Free the vocabulary. Safe to call twice."""
        if self._llm is not None:
            self._llm.close()
            self._llm = None
