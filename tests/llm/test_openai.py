from __future__ import annotations

import socket

import pytest

from coachsmith.errors import BackendError, RetryableBackendError
from coachsmith.llm import Message, OpenAIBackend, Request, RetryingBackend, RetryPolicy

SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string", "enum": ["YES", "NO"]}},
    "required": ["answer"],
}


def _request(**kwargs: object) -> Request:
    messages = (Message("system", "Be brief."), Message("user", "Is water wet?"))
    return Request(messages=messages, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


def test_reply_text_usage_and_request_body(server, no_key) -> None:
    server.reply_openai("It is.", prompt_tokens=20, completion_tokens=2, cached_tokens=16)
    backend = OpenAIBackend("qwen", base_url=f"{server.url}/v1")

    response = backend.complete(_request(max_tokens=7, temperature=0.0, seed=3, stop=("\n",)))

    assert response.text == "It is."
    assert (response.usage.input_tokens, response.usage.output_tokens) == (20, 2)
    assert response.usage.cached_tokens == 16
    assert response.finish_reason == "stop"
    assert response.model == "served-model"
    assert not response.from_cache and response.wall_seconds > 0
    sent = server.requests[0]
    assert sent.path == "/v1/chat/completions"
    assert "authorization" not in sent.headers
    assert sent.json() == {
        "model": "qwen",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Is water wet?"},
        ],
        "max_tokens": 7,
        "temperature": 0.0,
        "top_p": 1.0,
        "seed": 3,
        "stop": ["\n"],
    }


def test_api_key_from_named_env_var_is_sent_as_bearer(server, monkeypatch) -> None:
    monkeypatch.setenv("MY_VLLM_KEY", "sk-test")
    server.reply_openai()
    OpenAIBackend("m", base_url=server.url, api_key_env="MY_VLLM_KEY").complete(_request())
    assert server.requests[0].headers["authorization"] == "Bearer sk-test"


def test_missing_usage_counts_as_zero(server, no_key) -> None:
    body = {"choices": [{"message": {"content": "ok"}, "finish_reason": "length"}]}
    server.reply(body)
    response = OpenAIBackend("m", base_url=server.url).complete(_request())
    assert (response.text, response.finish_reason, response.model) == ("ok", "length", "m")
    assert response.usage.input_tokens == 0


def test_schema_is_sent_as_strict_json_schema_response_format(server, no_key) -> None:
    server.reply_openai('{"answer": "YES"}')
    backend = OpenAIBackend("m", base_url=server.url)
    assert backend.supports_schema

    backend.complete(_request(json_schema=SCHEMA))

    body = server.requests[0].json()
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": SCHEMA, "strict": True},
    }
    assert body["messages"][-1]["content"] == "Is water wet?"


def test_server_rejecting_response_format_gets_json_object_and_instruction(server, no_key) -> None:
    rejection = {"error": {"message": "Unsupported parameter: 'response_format.json_schema'"}}
    server.reply(rejection, status=400)
    server.reply_openai('{"answer": "NO"}')
    server.reply_openai('{"answer": "YES"}')
    backend = OpenAIBackend("m", base_url=server.url)

    first = backend.complete(_request(json_schema=SCHEMA))
    second = backend.complete(_request(json_schema=SCHEMA))

    assert (first.text, second.text) == ('{"answer": "NO"}', '{"answer": "YES"}')
    assert len(server.requests) == 3  # the fallback is remembered: no second rejection
    for retried in server.requests[1:]:
        body = retried.json()
        assert body["response_format"] == {"type": "json_object"}
        last = body["messages"][-1]["content"]
        assert last.startswith("Is water wet?\n\n") and '"enum": ["YES", "NO"]' in last


def test_other_400_is_not_mistaken_for_a_response_format_rejection(server, no_key) -> None:
    server.reply({"error": {"message": "max_tokens is too large"}}, status=400)
    with pytest.raises(BackendError, match="max_tokens is too large") as caught:
        OpenAIBackend("m", base_url=server.url).complete(_request(json_schema=SCHEMA))
    assert len(server.requests) == 1
    assert caught.value.status == 400
    assert not isinstance(caught.value, RetryableBackendError)


def test_supports_schema_off_sends_only_the_instruction(server, no_key) -> None:
    server.reply_openai('{"answer": "NO"}')
    backend = OpenAIBackend("m", base_url=server.url, supports_schema=False)
    assert not backend.supports_schema
    backend.complete(_request(json_schema=SCHEMA))
    body = server.requests[0].json()
    assert "response_format" not in body
    assert "JSON schema" in body["messages"][-1]["content"]


def test_429_retry_after_is_honoured_by_retrying_backend(server, no_key) -> None:
    server.reply({"error": {"message": "slow down"}}, status=429, headers={"Retry-After": "7"})
    server.reply_openai("finally")
    delays: list[float] = []
    backend = RetryingBackend(
        OpenAIBackend("m", base_url=server.url), RetryPolicy(base_delay_s=0.5), sleep=delays.append
    )

    assert backend.complete(_request()).text == "finally"
    assert delays == [7.0]
    assert len(server.requests) == 2


def test_429_error_carries_status_and_retry_after(server, no_key) -> None:
    server.reply(
        {"error": {"message": "rate limited"}}, status=429, headers={"retry-after-ms": "1500"}
    )
    with pytest.raises(RetryableBackendError, match="rate limited") as caught:
        OpenAIBackend("m", base_url=server.url).complete(_request())
    assert (caught.value.status, caught.value.retry_after) == (429, 1.5)


def test_5xx_then_success(server, no_key) -> None:
    server.reply(body=b"upstream exploded", status=502)
    server.reply_openai("recovered")
    delays: list[float] = []
    backend = RetryingBackend(
        OpenAIBackend("m", base_url=server.url), RetryPolicy(jitter=False), sleep=delays.append
    )
    assert backend.complete(_request()).text == "recovered"
    assert delays == [0.5]


def test_5xx_message_quotes_the_body(server, no_key) -> None:
    server.reply(body=b"upstream exploded", status=503)
    with pytest.raises(RetryableBackendError, match="HTTP 503: upstream exploded"):
        OpenAIBackend("m", base_url=server.url).complete(_request())


def test_slow_server_times_out_as_retryable(server, no_key) -> None:
    server.reply_openai("too late", delay_s=1.0)
    backend = OpenAIBackend("m", base_url=server.url, timeout_s=0.2)
    with pytest.raises(RetryableBackendError, match=r"timed out after 0\.2 s"):
        backend.complete(_request())


def test_refused_connection_is_retryable(no_key) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(RetryableBackendError, match="ConnectError"):
        OpenAIBackend("m", base_url=f"http://127.0.0.1:{port}", timeout_s=2).complete(_request())


def test_malformed_json_body_is_reported_with_its_start(server, no_key) -> None:
    server.reply(body=b"<html>" + b"x" * 500)
    with pytest.raises(BackendError, match="not JSON") as caught:
        OpenAIBackend("m", base_url=server.url).complete(_request())
    assert "<html>xxx" in str(caught.value)
    assert len(str(caught.value)) < 400  # only the first 200 characters are quoted
    assert not isinstance(caught.value, RetryableBackendError)


def test_reply_without_choices_says_so(server, no_key) -> None:
    server.reply({"object": "error", "detail": "weird"})
    with pytest.raises(BackendError, match=r"no 'choices'.*weird"):
        OpenAIBackend("m", base_url=server.url).complete(_request())


def test_400_surfaces_the_server_message(server, no_key) -> None:
    server.reply({"error": {"message": "The model `gpt-9` does not exist"}}, status=404)
    with pytest.raises(BackendError, match="HTTP 404: The model `gpt-9` does not exist"):
        OpenAIBackend("gpt-9", base_url=server.url).complete(_request())


def test_401_without_key_names_the_env_var(server, no_key) -> None:
    server.reply({"error": {"message": "Incorrect API key"}}, status=401)
    with pytest.raises(BackendError, match=r"\$OPENAI_API_KEY is not set"):
        OpenAIBackend("m", base_url=server.url).complete(_request())


def test_default_base_url_is_openai(no_key) -> None:
    backend = OpenAIBackend("gpt-4o-mini")
    assert backend.base_url == "https://api.openai.com/v1"
    backend.close()
    backend.close()  # closing twice is fine
