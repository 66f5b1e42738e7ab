"""Any OpenAI-compatible chat server (vLLM, Ollama, llama-server, LM Studio, OpenAI) over httpx.

No ``openai`` SDK: one ``POST {base_url}/chat/completions`` per request.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Literal

import httpx

from coachsmith.errors import BackendError
from coachsmith.llm._http import body_head, int_field, post_json
from coachsmith.llm._text import schema_instruction
from coachsmith.llm.base import Request, Response, Usage

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
_DEFAULT_KEY_ENV = "OPENAI_API_KEY"
_Mode = Literal["plain", "json_schema", "json_object", "instruction"]


class OpenAIBackend:
    """Chat completions against an OpenAI-compatible server.

    Schema requests are sent as ``response_format={"type": "json_schema", ...}`` with
    ``strict: true``. If the server answers HTTP 400 and its message mentions
    ``response_format``, the request is sent once more as ``{"type": "json_object"}`` with the
    schema described in the last message, and later schema requests go that way directly.
    With ``supports_schema=False`` no ``response_format`` is sent at all, only the instruction.

    Args:
        model: Model name sent to the server.
        base_url: Server root ending in ``/v1``; ``None`` means the OpenAI API.
        api_key_env: Environment variable holding the API key; ``None`` means ``OPENAI_API_KEY``.
            The key is optional (local servers); ``Authorization`` is sent only when it is set.
        timeout_s: Seconds to wait for connect, each read and each write.
        max_concurrency: Calls the pool may run at once against this server.
        supports_schema: Send JSON schemas as ``response_format``; turn off for servers that
            reject it.
        transport: httpx transport override (e.g. a proxy or mounted app); ``None`` for network.
    """

    kind = "openai"

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key_env: str | None = None,
        timeout_s: float = 120.0,
        max_concurrency: int = 4,
        supports_schema: bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.model = model
        self.base_url: str | None = (base_url or DEFAULT_OPENAI_BASE_URL).rstrip("/")
        self.supports_schema = supports_schema
        self.max_concurrency = max_concurrency
        self._url = f"{self.base_url}/chat/completions"
        self._key_env = api_key_env or _DEFAULT_KEY_ENV
        key = os.environ.get(self._key_env)
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._json_object_fallback = False
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s),
            transport=transport,
            headers=self._headers,
            limits=httpx.Limits(max_keepalive_connections=max(max_concurrency, 1)),
        )

    def complete(self, request: Request) -> Response:
        """Run one chat completion.

        Args:
            request: Messages, sampling parameters and an optional JSON schema.

        Returns:
            The reply text, token usage (``cached_tokens`` from
            ``usage.prompt_tokens_details.cached_tokens``), model and finish reason.

        Raises:
            RetryableBackendError: Timeout, connection failure, HTTP 408/429/5xx.
            BackendError: Other HTTP errors, or a reply without ``choices``/content.
        """
        start = time.perf_counter()
        schema = request.json_schema
        if schema is not None and self.supports_schema and not self._json_object_fallback:
            try:
                body = self._post(_payload(self.model, request, mode="json_schema"))
            except BackendError as exc:
                if exc.status != 400 or "response_format" not in str(exc):
                    raise
                body = self._post(_payload(self.model, request, mode="json_object"))
                self._json_object_fallback = True
        elif schema is not None:
            mode: _Mode = "json_object" if self.supports_schema else "instruction"
            body = self._post(_payload(self.model, request, mode=mode))
        else:
            body = self._post(_payload(self.model, request, mode="plain"))
        return _parse_reply(body, self.model, time.perf_counter() - start)

    def close(self) -> None:
        """Close the HTTP connection pool. Safe to call twice."""
        self._client.close()

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        return post_json(
            self._client,
            self._url,
            payload,
            auth_hint="" if self._headers else f" (no API key: ${self._key_env} is not set)",
        )


def _payload(model: str, request: Request, *, mode: _Mode) -> dict[str, Any]:
    """The request body; ``mode`` says how a JSON schema, if any, is conveyed."""
    messages = [m.to_dict() for m in request.messages]
    payload: dict[str, Any] = {
        "model": model,
        "messages": messages,
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
        "top_p": request.top_p,
    }
    if request.seed is not None:
        payload["seed"] = request.seed
    if request.stop:
        payload["stop"] = list(request.stop)
    schema = request.json_schema
    if schema is None or mode == "plain":
        return payload
    if mode == "json_schema":
        payload["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "response", "schema": schema, "strict": True},
        }
        return payload
    if mode == "json_object":
        payload["response_format"] = {"type": "json_object"}
    last = dict(messages[-1])
    last["content"] = f"{last['content']}\n\n{schema_instruction(schema)}"
    payload["messages"] = [*messages[:-1], last]
    return payload


def _parse_reply(body: dict[str, Any], model: str, wall_seconds: float) -> Response:
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise BackendError(f"reply has no 'choices' list: {body_head(_dump(body))!r}")
    choice = choices[0]
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str):
        raise BackendError(f"reply has no message content: {body_head(_dump(body))!r}")
    usage = body.get("usage")
    details = usage.get("prompt_tokens_details") if isinstance(usage, dict) else None
    finish = choice.get("finish_reason")
    return Response(
        text=content,
        usage=Usage(
            input_tokens=int_field(usage, "prompt_tokens"),
            output_tokens=int_field(usage, "completion_tokens"),
            cached_tokens=int_field(details, "cached_tokens"),
        ),
        model=str(body.get("model") or model),
        finish_reason=finish if isinstance(finish, str) else None,
        wall_seconds=wall_seconds,
    )


def _dump(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False)
