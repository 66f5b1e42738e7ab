"""A scripted backend for tests, in the spirit of httpx's ``MockTransport``.

The test decides every reply, either with a handler function or a list of replies, and can read
back every request the code under test sent. Running past the end of a script fails loudly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from coachsmith.llm._text import estimate_tokens
from coachsmith.llm.base import Request, Response, Usage

Reply = Response | str
Handler = Callable[[Request], Reply]


class ScriptExhaustedError(AssertionError):
    """A ``FakeBackend`` got more requests than its script has replies."""


class FakeBackend:
    """A backend whose replies come from the test.

    A ``str`` reply becomes a ``Response`` with ``finish_reason="stop"`` and word-count usage
    (input: words in all messages; output: words in the reply). A handler may also raise
    ``BackendError`` / ``RetryableBackendError`` to simulate failures. Thread-safe.

    Args:
        replies: A handler ``(request) -> Response | str``, or a list of replies used in order.
        model: Reported model name (part of cache keys).
        supports_schema: Capability flag reported to callers.
        max_concurrency: Capability flag reported to callers (and used by ``complete_many``).
        base_url: Reported server address.

    Attributes:
        requests: Every request received, in arrival order (failed ones included).
    """

    kind = "fake"

    def __init__(
        self,
        replies: Handler | Sequence[Reply],
        *,
        model: str = "fake-model",
        supports_schema: bool = False,
        max_concurrency: int = 1,
        base_url: str | None = None,
    ) -> None:
        self.model = model
        self.supports_schema = supports_schema
        self.max_concurrency = max_concurrency
        self.base_url = base_url
        self.requests: list[Request] = []
        self.closed = False
        self._lock = threading.Lock()
        if callable(replies):
            self._handler: Handler | None = replies
            self._script: list[Reply] = []
        else:
            self._handler = None
            self._script = list(replies)

    def complete(self, request: Request) -> Response:
        """Record the request and return the next scripted reply (or the handler's).

        Raises:
            ScriptExhaustedError: The script has no reply left for this request.
        """
        with self._lock:
            self.requests.append(request)
            number = len(self.requests)
            if self._handler is None:
                if number > len(self._script):
                    last = request.messages[-1].content if request.messages else ""
                    raise ScriptExhaustedError(
                        f"FakeBackend script ran out: {len(self._script)} replies scripted, "
                        f"got request #{number} ending with {last[:80]!r}"
                    )
                reply = self._script[number - 1]
        if self._handler is not None:
            reply = self._handler(request)
        if isinstance(reply, Response):
            return reply
        return Response(
            text=reply,
            usage=Usage(
                input_tokens=sum(estimate_tokens(m.content) for m in request.messages),
                output_tokens=estimate_tokens(reply),
            ),
            model=self.model,
            finish_reason="stop",
        )

    def close(self) -> None:
        """Mark the backend closed (tests can assert it was)."""
        self.closed = True
