"""A DSPy language model over a coachsmith :class:`~coachsmith.llm.Backend`.

DSPy 3.4 lets a ``dspy.LM`` delegate every call to an *engine*: an object with
``complete(request) -> response`` over DSPy's canonical request types. This module's engine
turns such a request into a coachsmith :class:`~coachsmith.llm.Request` and sends it to the
configured role backend, so optimisation calls go through the same response cache, retry
policy and usage meter as every other stage (and never through litellm). DSPy's own response
cache is switched off: coachsmith's SQLite cache already keys on model, messages and seed.
"""

from __future__ import annotations

import threading
from typing import Any

from coachsmith.errors import BackendError
from coachsmith.llm import Backend, Message, Request, RoleSpec


class BackendEngine:
    """A DSPy engine that runs every request on one coachsmith backend.

    Args:
        backend: The role's backend (wrapped with cache, retry and usage by the caller).
        role: Sampling defaults (max_tokens, temperature, top_p) when DSPy leaves them unset.
        seed: Seed of every request; a cached run replays exactly.

    Attributes:
        errors: Backend failures seen, in order. DSPy's evaluator scores a failed call as a
            failure and carries on, so callers check this list to refuse a result built on them.
    """

    def __init__(self, backend: Backend, role: RoleSpec, *, seed: int = 0) -> None:
        self.backend = backend
        self.role = role
        self.seed = seed
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def to_request(self, request: Any) -> Request:
        """DSPy's canonical request as a coachsmith request (text parts only)."""
        messages: list[Message] = []
        system = request.system
        if system is not None:
            text = system if isinstance(system, str) else "".join(
                getattr(p, "text", "") for p in system)
            messages.append(Message("system", text))
        for m in request.messages:
            messages.append(Message("assistant" if m.role == "assistant" else "user",
                                    m.text or ""))
        config = request.config
        return Request(
            messages=tuple(messages),
            max_tokens=config.max_tokens or self.role.max_tokens,
            temperature=(config.temperature if config.temperature is not None
                         else self.role.temperature),
            top_p=config.top_p if config.top_p is not None else self.role.top_p,
            seed=self.seed,
            stop=tuple(config.stop),
        )

    def complete(self, request: Any) -> Any:
        """Run one DSPy request on the backend and answer in DSPy's response type.

        Raises:
            BackendError: When the backend fails (also recorded in :attr:`errors`).
        """
        from dspy.lm15 import Message as DMessage
        from dspy.lm15 import Response as DResponse
        from dspy.lm15 import TextPart, Usage

        try:
            response = self.backend.complete(self.to_request(request))
        except BackendError as exc:
            with self._lock:
                self.errors.append(str(exc))
            raise
        finish = response.finish_reason if response.finish_reason in ("stop", "length") else "stop"
        return DResponse(
            id=None, model=response.model or self.backend.model or "coachsmith",
            message=DMessage.assistant([TextPart(response.text)]), finish_reason=finish,
            usage=Usage(input_tokens=response.usage.input_tokens,
                        output_tokens=response.usage.output_tokens))

    def stream(self, request: Any) -> Any:
        """DSPy's streaming hook: the whole response as events (backends do not stream)."""
        from dspy.lm15 import response_to_events

        return response_to_events(self.complete(request))

    def close(self) -> None:
        """Nothing to release: the caller owns the backend."""


def backend_lm(engine: BackendEngine, name: str) -> Any:
    """A ``dspy.LM`` whose calls all go to ``engine`` (DSPy's own cache off)."""
    import dspy

    return dspy.LM(f"coachsmith/{name}", engine=engine, cache=False,
                   temperature=engine.role.temperature, max_tokens=engine.role.max_tokens,
                   num_retries=0)
