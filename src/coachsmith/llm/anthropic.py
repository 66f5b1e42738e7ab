"""Anthropic's Messages API over httpx (``POST {base_url}/v1/messages``).

Prompt caching: the system block and the last block of the second-to-last message carry
``cache_control: {"type": "ephemeral"}``, so repeated calls over the same transcript (the judge
asking one criterion after another) read the shared prefix from Anthropic's prompt cache.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import httpx

from coachsmith.errors import BackendError
from coachsmith.llm._http import body_head, int_field, post_json
from coachsmith.llm._text import schema_instruction
from coachsmith.llm.base import Request, Response, Usage

DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"
_DEFAULT_KEY_ENV = "ANTHROPIC_API_KEY"
_EPHEMERAL = {"type": "ephemeral"}
# Anthropic's stop reasons, in the vocabulary the other backends use.
_FINISH = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length"}


class AnthropicBackend:
    """Claude models through the Messages API.

    ``supports_schema`` is False: the API has no decoding-time schema, so a request's schema is
    appended as an instruction to the last user message and the caller validates the JSON.
    ``seed`` is not sent (the API has none). ``top_p`` is sent only when below 1, because
    recent models reject ``temperature`` and ``top_p`` together.

    Usage: ``input_tokens`` is the whole prompt (uncached + cache reads + cache writes), so it
    means the same as for the other backends; ``cached_tokens`` is ``cache_read_input_tokens``.

    Args:
        model: Model name, e.g. ``claude-sonnet-4-5``.
        base_url: Server root (no ``/v1``); ``None`` means ``https://api.anthropic.com``.
        api_key_env: Environment variable holding the key; ``None`` means ``ANTHROPIC_API_KEY``.
        timeout_s: Seconds to wait for connect, each read and each write.
        max_concurrency: Calls the pool may run at once.
        transport: httpx transport override; ``None`` for the network.
    """

    kind = "anthropic"
    supports_schema = False

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key_env: str | None = None,
        timeout_s: float = 120.0,
        max_concurrency: int = 4,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.model = model
        self.base_url: str | None = (base_url or DEFAULT_ANTHROPIC_BASE_URL).rstrip("/")
        self.max_concurrency = max_concurrency
        self._url = f"{self.base_url}/v1/messages"
        self._key_env = api_key_env or _DEFAULT_KEY_ENV
        key = os.environ.get(self._key_env)
        self._headers = {"anthropic-version": ANTHROPIC_VERSION}
        if key:
            self._headers["x-api-key"] = key
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s),
            transport=transport,
            headers=self._headers,
            limits=httpx.Limits(max_keepalive_connections=max(max_concurrency, 1)),
        )

    def complete(self, request: Request) -> Response:
        """Run one Messages API call.

        Args:
            request: Messages, sampling parameters and an optional JSON schema.

        Returns:
            The concatenated text blocks, usage, model and finish reason (``stop``/``length``
            for ``end_turn``/``stop_sequence``/``max_tokens``; other stop reasons as sent).

        Raises:
            RetryableBackendError: Timeout, connection failure, HTTP 408/429/5xx (529 included).
            BackendError: Other HTTP errors, or a reply without a ``content`` list.
        """
        start = time.perf_counter()
        body = post_json(
            self._client,
            self._url,
            _payload(self.model, request),
            auth_hint="" if "x-api-key" in self._headers else f" (${self._key_env} is not set)",
        )
        return _parse_reply(body, self.model, time.perf_counter() - start)

    def close(self) -> None:
        """Close the HTTP connection pool. Safe to call twice."""
        self._client.close()


def _payload(model: str, request: Request) -> dict[str, Any]:
    """The Messages API body: system blocks, cache breakpoints, schema instruction."""
    system: list[dict[str, Any]] = [
        {"type": "text", "text": m.content} for m in request.messages if m.role == "system"
    ]
    messages: list[dict[str, Any]] = [
        {"role": m.role, "content": [{"type": "text", "text": m.content}]}
        for m in request.messages
        if m.role != "system"
    ]
    if system:
        system[-1]["cache_control"] = _EPHEMERAL
    if len(messages) >= 2:
        messages[-2]["content"][-1]["cache_control"] = _EPHEMERAL
    if request.json_schema is not None:
        users = [m for m in messages if m["role"] == "user"]
        instruction = {"type": "text", "text": schema_instruction(request.json_schema)}
        if users:
            users[-1]["content"].append(instruction)
        else:
            messages.append({"role": "user", "content": [instruction]})
    payload: dict[str, Any] = {
        "model": model,
        "max_tokens": request.max_tokens,
        "messages": messages,
        "temperature": request.temperature,
    }
    if system:
        payload["system"] = system
    if request.top_p < 1.0:
        payload["top_p"] = request.top_p
    if request.stop:
        payload["stop_sequences"] = list(request.stop)
    return payload


def _parse_reply(body: dict[str, Any], model: str, wall_seconds: float) -> Response:
    content = body.get("content")
    if not isinstance(content, list):
        raise BackendError(
            f"reply has no 'content' list: {body_head(json.dumps(body, ensure_ascii=False))!r}"
        )
    text = "".join(
        str(block.get("text", ""))
        for block in content
        if isinstance(block, dict) and block.get("type") == "text"
    )
    usage = body.get("usage")
    cache_read = int_field(usage, "cache_read_input_tokens")
    stop = body.get("stop_reason")
    return Response(
        text=text,
        usage=Usage(
            input_tokens=int_field(usage, "input_tokens")
            + cache_read
            + int_field(usage, "cache_creation_input_tokens"),
            output_tokens=int_field(usage, "output_tokens"),
            cached_tokens=cache_read,
        ),
        model=str(body.get("model") or model),
        finish_reason=_FINISH.get(stop, stop) if isinstance(stop, str) else None,
        wall_seconds=wall_seconds,
    )
