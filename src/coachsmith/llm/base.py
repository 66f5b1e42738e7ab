"""The Backend protocol and the plain records that cross it.

A backend turns one :class:`Request` (chat messages + sampling parameters + an optional JSON
schema) into one :class:`Response` (text + token usage). Everything else — caching, retries,
concurrency limits, usage accounting — wraps a backend instead of living inside it, so every
backend stays small and every wrapper works with every backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Role
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class Request:
    """One completion request.

    Attributes:
        messages: The conversation so far, oldest first. A leading ``system`` message is allowed.
        max_tokens: Upper bound on generated tokens.
        temperature: Sampling temperature; 0 means greedy.
        top_p: Nucleus sampling mass, in (0, 1].
        seed: Sampling seed; ``None`` lets the backend choose (and makes the cache key seedless).
        json_schema: When set, the reply must be JSON matching this schema. Backends with
            ``supports_schema`` enforce it while decoding; callers still validate the result.
        stop: Strings that end generation when produced.
    """

    messages: tuple[Message, ...]
    max_tokens: int = 512
    temperature: float = 0.7
    top_p: float = 1.0
    seed: int | None = None
    json_schema: dict[str, Any] | None = None
    stop: tuple[str, ...] = ()

    def parameters(self) -> dict[str, Any]:
        """Everything but the messages, as plain JSON-able values (used in cache keys)."""
        return {
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "seed": self.seed,
            "json_schema": self.json_schema,
            "stop": list(self.stop),
        }


@dataclass(frozen=True)
class Usage:
    """Token counts for one call. ``cached_tokens`` counts prompt tokens served from a prefix cache."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0


@dataclass(frozen=True)
class Response:
    """What a backend returns.

    Attributes:
        text: The generated text (for schema requests, the raw JSON text).
        usage: Token counts reported by the backend (or counted by it).
        model: Model name the backend actually used.
        finish_reason: ``stop``, ``length`` or whatever the backend reports; ``None`` if unknown.
        from_cache: True when the response came from the response cache, not a model.
        wall_seconds: Time the call took; 0 for cache hits.
    """

    text: str
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    finish_reason: str | None = None
    from_cache: bool = False
    wall_seconds: float = 0.0


@runtime_checkable
class Backend(Protocol):
    """Anything that can complete a chat request.

    Callers look at the capability flags, never at the concrete class.

    Attributes:
        kind: The backend kind (``llamacpp``, ``openai``, ``anthropic``, ``command``, ``fake``).
        model: Model identifier, part of the cache key.
        base_url: Server address for remote backends, ``None`` for in-process ones.
        supports_schema: True if ``Request.json_schema`` is enforced while decoding.
        max_concurrency: How many calls may run at once against this backend (1 for in-process).
    """

    kind: str
    model: str
    base_url: str | None
    supports_schema: bool
    max_concurrency: int

    def complete(self, request: Request) -> Response:
        """Run one request. Raises ``BackendError`` (or ``RetryableBackendError``) on failure."""
        ...

    def close(self) -> None:
        """Release resources (HTTP connections, model memory). Safe to call twice."""
        ...
