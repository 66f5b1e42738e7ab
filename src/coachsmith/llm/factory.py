"""Turn a ``BackendSpec`` from run.yaml into a ready backend, wrapped for caching, retries and
usage accounting."""

from __future__ import annotations

from coachsmith.errors import BackendError
from coachsmith.llm.anthropic import AnthropicBackend
from coachsmith.llm.base import Backend
from coachsmith.llm.cache import CachedBackend, ResponseCache
from coachsmith.llm.command import CommandBackend
from coachsmith.llm.llamacpp import LlamaCppBackend
from coachsmith.llm.openai import OpenAIBackend
from coachsmith.llm.retry import RetryingBackend, RetryPolicy
from coachsmith.llm.spec import BackendSpec
from coachsmith.llm.usage import MeteredBackend, UsageMeter


def build_backend(spec: BackendSpec, *, model: str | None = None) -> Backend:
    """Create the bare backend ``spec.kind`` names.

    Args:
        spec: The backend settings.
        model: Model name for this role; ``None`` uses ``spec.model``.

    Returns:
        An unwrapped backend (no cache, retries or metering).

    Raises:
        BackendError: ``kind`` is ``fake`` (tests build ``FakeBackend`` directly), a ``command``
            spec has no ``command``, or a llamacpp GGUF file is missing.
    """
    name = model or spec.model
    match spec.kind:
        case "llamacpp":
            return LlamaCppBackend(
                spec.model_path, model=name, n_ctx=spec.n_ctx, n_threads=spec.n_threads
            )
        case "openai":
            return OpenAIBackend(
                name,
                base_url=spec.base_url,
                api_key_env=spec.api_key_env,
                timeout_s=spec.timeout_s,
                max_concurrency=spec.max_concurrency,
            )
        case "anthropic":
            return AnthropicBackend(
                name,
                base_url=spec.base_url,
                api_key_env=spec.api_key_env,
                timeout_s=spec.timeout_s,
                max_concurrency=spec.max_concurrency,
            )
        case "command":
            if not spec.command:
                raise BackendError(
                    "backend kind 'command' needs 'command:', the program's argv, "
                    "e.g. command: [claude, -p, --output-format, json]"
                )
            return CommandBackend(
                spec.command,
                model=name,
                output=spec.output,
                timeout_s=spec.timeout_s,
                max_concurrency=spec.max_concurrency,
            )
        case "fake":
            raise BackendError(
                "backend kind 'fake' is for tests only and cannot be built from a config; "
                "tests construct coachsmith.llm.FakeBackend directly"
            )
    raise BackendError(f"unknown backend kind {spec.kind!r}")  # pragma: no cover


def open_backend(
    spec: BackendSpec,
    *,
    model: str | None = None,
    cache: ResponseCache | None = None,
    retry: RetryPolicy | None = None,
    meter: UsageMeter | None = None,
    stage: str = "default",
) -> Backend:
    """Build a backend and wrap it: ``Metered(Cached(Retrying(bare)))``, each layer optional.

    Why this order, outside in:

    * **Metered** is outermost so it sees each logical call exactly once, with its outcome: a
      cache hit (``from_cache``, counted in ``cache_hits``, no tokens), a model reply (tokens),
      or a final failure (``errors``), and the wall time the caller waited, backoff included.
    * **Cached** sits outside the retries: a hit returns before any retry logic runs, the cache
      is looked up once per call rather than once per attempt, and only the reply that finally
      succeeded is stored (errors never are).
    * **Retrying** wraps the bare backend directly, so each retry is one more real request.

    Args:
        spec: The backend settings.
        model: Model name for this role; ``None`` uses ``spec.model``.
        cache: Response cache; ``None`` disables caching.
        retry: Retry policy; ``None`` disables retries.
        meter: Usage meter; ``None`` disables accounting.
        stage: Stage name the meter files the calls under.

    Returns:
        The wrapped backend; its capability flags are the bare backend's.

    Raises:
        BackendError: As ``build_backend``.
    """
    backend: Backend = build_backend(spec, model=model)
    if retry is not None:
        backend = RetryingBackend(backend, retry)
    if cache is not None:
        backend = CachedBackend(backend, cache)
    if meter is not None:
        backend = MeteredBackend(backend, meter, stage)
    return backend
