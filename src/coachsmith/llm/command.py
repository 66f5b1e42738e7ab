"""A local program as a backend: the conversation goes to its stdin, the reply comes from stdout.

Useful for vendor CLIs (``claude -p --output-format json``, ``llm``, ``ollama run``) and for
wrapping anything that is not an HTTP server.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Sequence
from typing import Any, Literal

from coachsmith.errors import BackendError, RetryableBackendError
from coachsmith.llm._http import body_head, int_field
from coachsmith.llm._text import estimate_tokens, render_conversation
from coachsmith.llm.base import Request, Response, Usage

_STDERR_TAIL = 500


class CommandBackend:
    """Run a program once per request.

    The program reads the conversation rendered as plain text (system text first, then
    ``User:`` / ``Assistant:`` turns, then the schema instruction when the request has a schema)
    and writes the reply. Sampling parameters are not passed; put them in ``argv``.

    Usage: with ``output="json-result"`` and a ``usage`` object in the JSON (``input_tokens``,
    ``output_tokens``, ``cache_read_input_tokens``, as Claude Code prints), those counts are
    used. Otherwise tokens are *estimated* as whitespace-separated words of the prompt and reply.

    Args:
        argv: The program and its arguments; ``{model}`` in an argument becomes ``model``.
        model: Model name (substituted into ``argv`` and used in cache keys).
        output: ``text`` takes stdout as the reply; ``json-result`` parses stdout as JSON and
            takes its ``result`` string.
        timeout_s: Seconds before the program is killed.
        max_concurrency: How many copies may run at once.

    Raises:
        ValueError: ``argv`` is empty.
    """

    kind = "command"
    supports_schema = False

    def __init__(
        self,
        argv: Sequence[str],
        *,
        model: str,
        output: Literal["text", "json-result"] = "text",
        timeout_s: float = 120.0,
        max_concurrency: int = 4,
    ) -> None:
        if not argv:
            raise ValueError("CommandBackend needs a non-empty argv")
        self.model = model
        self.output = output
        self.timeout_s = timeout_s
        self.max_concurrency = max_concurrency
        self.argv = [arg.replace("{model}", model) for arg in argv]
        # The program plays the part of a server address in cache keys: two commands that
        # report the same model name must not share cached replies.
        self.base_url: str | None = "command:" + json.dumps(self.argv)

    def complete(self, request: Request) -> Response:
        """Run the program on one request.

        Returns:
            The reply; ``finish_reason`` is ``None`` (the program does not say).

        Raises:
            RetryableBackendError: The program ran longer than ``timeout_s``.
            BackendError: It could not start, exited non-zero (message ends with its stderr),
                or printed no usable JSON in ``json-result`` mode.
        """
        prompt = render_conversation(request.messages, request.json_schema)
        start = time.perf_counter()
        try:
            done = subprocess.run(
                self.argv,
                input=prompt,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self.timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RetryableBackendError(
                f"command {self.argv[0]} timed out after {self.timeout_s} s"
            ) from exc
        except OSError as exc:
            raise BackendError(f"command {self.argv[0]} could not start: {exc}") from exc
        wall = time.perf_counter() - start
        if done.returncode != 0:
            tail = _tail(done.stderr.strip()) or "(no stderr)"
            raise BackendError(f"command {self.argv[0]} exited with {done.returncode}: {tail}")
        if self.output == "text":
            text, usage = done.stdout, None
        else:
            text, usage = self._json_result(done.stdout)
        return Response(
            text=text,
            usage=usage or Usage(estimate_tokens(prompt), estimate_tokens(text)),
            model=self.model,
            wall_seconds=wall,
        )

    def close(self) -> None:
        """Nothing to release; each call is its own process."""

    def _json_result(self, stdout: str) -> tuple[str, Usage | None]:
        try:
            data: Any = json.loads(stdout)
        except ValueError as exc:
            raise BackendError(
                f"command {self.argv[0]} printed no JSON (output: json-result): "
                f"{body_head(stdout)!r}"
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("result"), str):
            raise BackendError(
                f"command {self.argv[0]} printed JSON without a 'result' string: "
                f"{body_head(stdout)!r}"
            )
        if data.get("is_error") is True:
            raise BackendError(f"command {self.argv[0]} reported an error: {data['result']}")
        raw = data.get("usage")
        if not isinstance(raw, dict) or "output_tokens" not in raw:
            return data["result"], None
        cached = int_field(raw, "cache_read_input_tokens")
        usage = Usage(
            input_tokens=int_field(raw, "input_tokens")
            + cached
            + int_field(raw, "cache_creation_input_tokens"),
            output_tokens=int_field(raw, "output_tokens"),
            cached_tokens=cached,
        )
        return data["result"], usage


def _tail(text: str) -> str:
    """The last ~500 characters of ``text``, starting at a line boundary when there is one."""
    if len(text) <= _STDERR_TAIL:
        return text
    tail = text[-_STDERR_TAIL:]
    newline = tail.find("\n")
    return tail[newline + 1 :] if 0 <= newline < len(tail) - 1 else tail
