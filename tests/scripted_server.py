"""A real local HTTP server whose replies each test scripts (no httpx mocking).

Test packages that need it import the ``server`` fixture into their conftest.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted HTTP reply."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass
class Received:
    """One request the server got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class ScriptedServer:
    """Replies from a queue, in order; records every request. Base URL: ``server.url``."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.unexpected: list[Received] = []
        self._replies: list[Reply] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def reply(
        self,
        payload: Any = None,
        *,
        status: int = 200,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        delay_s: float = 0.0,
    ) -> None:
        """Queue a reply: ``payload`` as JSON, or raw ``body`` bytes."""
        raw = body if body is not None else json.dumps(payload).encode()
        with self._lock:
            self._replies.append(Reply(status, raw, dict(headers or {}), delay_s))

    def reply_openai(self, text: str = "hello", *, delay_s: float = 0.0, **fields: Any) -> None:
        """Queue a 200 chat.completions reply (see ``openai_body`` for ``fields``)."""
        self.reply(openai_body(text, **fields), delay_s=delay_s)

    def reply_anthropic(self, text: str = "hello", *, delay_s: float = 0.0, **fields: Any) -> None:
        """Queue a 200 Messages API reply (see ``anthropic_body`` for ``fields``)."""
        self.reply(anthropic_body(text, **fields), delay_s=delay_s)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self, received: Received) -> Reply | None:
        with self._lock:
            self.requests.append(received)
            if not self._replies:
                self.unexpected.append(received)
                return None
            return self._replies.pop(0)


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else 40 ms delayed-ACK stalls per reply

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            received = Received(
                "POST",
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length),
            )
            reply = server._next(received)
            if reply is None:
                reply = Reply(599, b'{"error": {"message": "no scripted reply left"}}')
            if reply.delay_s:
                time.sleep(reply.delay_s)
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A scripted server; the test fails if it got requests nobody scripted."""
    scripted = ScriptedServer()
    try:
        yield scripted
    finally:
        scripted.close()
    assert not scripted.unexpected, f"unscripted requests: {scripted.unexpected}"


def openai_body(
    text: str = "hello",
    *,
    prompt_tokens: int = 11,
    completion_tokens: int = 3,
    cached_tokens: int | None = None,
    finish_reason: str = "stop",
    model: str = "served-model",
) -> dict[str, Any]:
    """A chat.completions body like vLLM/OpenAI send."""
    usage: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
    if cached_tokens is not None:
        usage["prompt_tokens_details"] = {"cached_tokens": cached_tokens}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": finish_reason,
            }
        ],
        "usage": usage,
    }


def anthropic_body(
    text: str = "hello",
    *,
    input_tokens: int = 5,
    output_tokens: int = 3,
    cache_read: int = 0,
    cache_creation: int = 0,
    stop_reason: str = "end_turn",
) -> dict[str, Any]:
    """A Messages API body."""
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop_reason,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_read_input_tokens": cache_read,
            "cache_creation_input_tokens": cache_creation,
        },
    }
