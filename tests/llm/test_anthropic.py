from __future__ import annotations

import pytest

from coachsmith.errors import BackendError, RetryableBackendError
from coachsmith.llm import AnthropicBackend, Message, Request, RetryingBackend, RetryPolicy

EPHEMERAL = {"type": "ephemeral"}
TRANSCRIPT = (
    Message("system", "You judge coaching transcripts."),
    Message("user", "TRANSCRIPT: ... a long conversation ..."),
    Message("assistant", "Understood."),
    Message("user", "Criterion CQ3: did the coach reflect feelings?"),
)


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")


def test_reply_usage_and_headers(server) -> None:
    server.reply_anthropic(
        "Yes.", input_tokens=10, output_tokens=2, cache_read=900, cache_creation=50
    )
    backend = AnthropicBackend("claude-test", base_url=server.url)

    response = backend.complete(Request(messages=TRANSCRIPT, max_tokens=50, temperature=0.0))

    assert response.text == "Yes."
    assert response.usage.input_tokens == 960  # uncached + cache reads + cache writes
    assert (response.usage.output_tokens, response.usage.cached_tokens) == (2, 900)
    assert response.finish_reason == "stop"
    sent = server.requests[0]
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == "sk-ant-test"
    assert sent.headers["anthropic-version"] == "2023-06-01"


def test_system_blocks_and_cache_breakpoints(server) -> None:
    server.reply_anthropic()
    AnthropicBackend("claude-test", base_url=server.url).complete(
        Request(messages=TRANSCRIPT, max_tokens=50, temperature=0.2, stop=("END",))
    )
    body = server.requests[0].json()
    assert body["system"] == [
        {"type": "text", "text": "You judge coaching transcripts.", "cache_control": EPHEMERAL}
    ]
    assert body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": TRANSCRIPT[1].content}]},
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "Understood.", "cache_control": EPHEMERAL}],
        },
        {"role": "user", "content": [{"type": "text", "text": TRANSCRIPT[3].content}]},
    ]
    assert body["model"] == "claude-test"
    assert body["max_tokens"] == 50 and body["temperature"] == 0.2
    assert body["stop_sequences"] == ["END"]
    assert "top_p" not in body  # recent models reject temperature and top_p together


def test_single_message_has_no_message_breakpoint(server) -> None:
    server.reply_anthropic()
    AnthropicBackend("c", base_url=server.url).complete(
        Request(messages=(Message("user", "hi"),), top_p=0.9)
    )
    body = server.requests[0].json()
    assert "system" not in body
    assert body["messages"] == [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]
    assert body["top_p"] == 0.9


def test_schema_becomes_an_instruction_on_the_last_user_message(server) -> None:
    schema = {"type": "object", "properties": {"answer": {"enum": ["YES", "NO", "NA"]}}}
    server.reply_anthropic('{"answer": "YES"}')
    backend = AnthropicBackend("c", base_url=server.url)
    assert not backend.supports_schema

    backend.complete(Request(messages=TRANSCRIPT, json_schema=schema))

    last = server.requests[0].json()["messages"][-1]
    assert last["content"][0]["text"] == TRANSCRIPT[3].content
    assert "JSON" in last["content"][1]["text"]
    assert '"enum": ["YES", "NO", "NA"]' in last["content"][1]["text"]


def test_max_tokens_stop_reason_becomes_length(server) -> None:
    server.reply_anthropic("cut", stop_reason="max_tokens")
    response = AnthropicBackend("c", base_url=server.url).complete(Request(messages=TRANSCRIPT))
    assert response.finish_reason == "length"


def test_529_overloaded_is_retried_after_retry_after(server) -> None:
    overloaded = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    server.reply(overloaded, status=529, headers={"retry-after": "3"})
    server.reply_anthropic("ok")
    delays: list[float] = []
    backend = RetryingBackend(
        AnthropicBackend("c", base_url=server.url), RetryPolicy(), sleep=delays.append
    )
    assert backend.complete(Request(messages=TRANSCRIPT)).text == "ok"
    assert delays == [3.0]


def test_429_is_retryable_with_status(server) -> None:
    server.reply({"type": "error", "error": {"message": "rate"}}, status=429)
    with pytest.raises(RetryableBackendError) as caught:
        AnthropicBackend("c", base_url=server.url).complete(Request(messages=TRANSCRIPT))
    assert caught.value.status == 429 and caught.value.retry_after is None


def test_timeout_is_retryable(server) -> None:
    server.reply_anthropic("late", delay_s=1.0)
    backend = AnthropicBackend("c", base_url=server.url, timeout_s=0.2)
    with pytest.raises(RetryableBackendError, match="timed out"):
        backend.complete(Request(messages=TRANSCRIPT))


def test_400_surfaces_the_server_message(server) -> None:
    error = {"type": "error", "error": {"type": "invalid_request_error", "message": "bad role"}}
    server.reply(error, status=400)
    with pytest.raises(BackendError, match="HTTP 400: bad role") as caught:
        AnthropicBackend("c", base_url=server.url).complete(Request(messages=TRANSCRIPT))
    assert not isinstance(caught.value, RetryableBackendError)


def test_missing_key_is_not_sent_and_401_names_the_env_var(server, monkeypatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    server.reply(
        {"type": "error", "error": {"message": "x-api-key header is required"}}, status=401
    )
    with pytest.raises(BackendError, match=r"x-api-key header is required \(\$ANTHROPIC_API_KEY"):
        AnthropicBackend("c", base_url=server.url).complete(Request(messages=TRANSCRIPT))
    assert "x-api-key" not in server.requests[0].headers


def test_malformed_body_and_missing_content(server) -> None:
    server.reply(body=b"{not json")
    server.reply({"type": "message", "usage": {}})
    backend = AnthropicBackend("c", base_url=server.url)
    with pytest.raises(BackendError, match="not JSON: '\\{not json'"):
        backend.complete(Request(messages=TRANSCRIPT))
    with pytest.raises(BackendError, match="no 'content' list"):
        backend.complete(Request(messages=TRANSCRIPT))
