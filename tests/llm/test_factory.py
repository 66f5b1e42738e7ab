from __future__ import annotations

import pytest

from coachsmith.errors import BackendError
from coachsmith.llm import (
    BackendSpec,
    Message,
    Request,
    ResponseCache,
    RetryPolicy,
    UsageMeter,
    build_backend,
    bundled_model_path,
    open_backend,
)


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)


def test_openai_spec() -> None:
    spec = BackendSpec(
        kind="openai", model="qwen2.5:7b", base_url="http://h:11434/v1/", max_concurrency=9
    )
    backend = build_backend(spec)
    assert (backend.kind, backend.model, backend.base_url) == (
        "openai",
        "qwen2.5:7b",
        "http://h:11434/v1",
    )
    assert backend.supports_schema and backend.max_concurrency == 9
    assert build_backend(spec, model="llama3").model == "llama3"


def test_anthropic_spec_defaults_to_public_api() -> None:
    backend = build_backend(BackendSpec(kind="anthropic", model="claude-sonnet-4-5"))
    assert (backend.kind, backend.base_url) == ("anthropic", "https://api.anthropic.com")
    assert not backend.supports_schema and backend.max_concurrency == 4


def test_command_spec_substitutes_model() -> None:
    spec = BackendSpec(kind="command", model="opus", command=["claude", "--model", "{model}"])
    backend = build_backend(spec)
    assert backend.kind == "command" and backend.argv == ["claude", "--model", "opus"]  # type: ignore[attr-defined]


def test_command_spec_without_command_is_refused() -> None:
    with pytest.raises(BackendError, match="needs 'command:'"):
        build_backend(BackendSpec(kind="command"))


def test_fake_kind_is_refused() -> None:
    with pytest.raises(BackendError, match=r"tests only.*FakeBackend"):
        build_backend(BackendSpec(kind="fake"))


def test_default_spec_is_the_bundled_model_without_loading_it() -> None:
    backend = build_backend(BackendSpec())
    assert (backend.kind, backend.model, backend.base_url) == ("llamacpp", "bundled", None)
    assert backend.max_concurrency == 1 and backend.supports_schema
    assert backend.model_path == bundled_model_path()  # type: ignore[attr-defined]
    assert backend._llm is None  # type: ignore[attr-defined]  # loaded on first call


def test_llamacpp_missing_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(BackendError, match=r"GGUF file not found: .*missing\.gguf"):
        build_backend(BackendSpec(model_path=str(tmp_path / "missing.gguf")))


def test_llamacpp_custom_file_is_named_after_the_file(tmp_path) -> None:
    gguf = tmp_path / "my-coach.Q4_K_M.gguf"
    gguf.write_bytes(b"GGUF")
    assert build_backend(BackendSpec(model_path=str(gguf))).model == "my-coach.Q4_K_M.gguf"
    assert build_backend(BackendSpec(model_path=str(gguf), model="coach-v2")).model == "coach-v2"


def test_open_backend_meters_retries_and_caches_in_the_right_order(server, tmp_path) -> None:
    spec = BackendSpec(kind="openai", model="m", base_url=server.url)
    meter = UsageMeter()
    backend = open_backend(
        spec,
        cache=ResponseCache(tmp_path / "c.sqlite"),
        retry=RetryPolicy(base_delay_s=0.01, jitter=False),
        meter=meter,
        stage="assess",
    )
    server.reply(body=b"busy", status=503)
    server.reply_openai("answer", prompt_tokens=30, completion_tokens=4)
    request = Request(messages=(Message("user", "q"),), seed=0)

    first = backend.complete(request)  # one 503, then success: one logical call
    second = backend.complete(request)  # cache hit: no server request, no retry

    assert (first.text, first.from_cache, second.text, second.from_cache) == (
        "answer",
        False,
        "answer",
        True,
    )
    assert len(server.requests) == 2
    usage = meter.stage("assess")
    assert (usage.calls, usage.cache_hits, usage.errors) == (2, 1, 0)
    assert (usage.input_tokens, usage.output_tokens) == (30, 4)


def test_open_backend_counts_a_final_failure_once_and_does_not_cache_it(server, tmp_path) -> None:
    spec = BackendSpec(kind="openai", model="m", base_url=server.url)
    meter = UsageMeter()
    cache = ResponseCache(tmp_path / "c.sqlite")
    backend = open_backend(
        spec,
        cache=cache,
        retry=RetryPolicy(max_attempts=2, base_delay_s=0.0),
        meter=meter,
        stage="gen",
    )
    server.reply(body=b"down", status=500)
    server.reply(body=b"still down", status=500)

    with pytest.raises(BackendError, match="gave up after 2 attempts"):
        backend.complete(Request(messages=(Message("user", "q"),)))

    assert len(server.requests) == 2 and len(cache) == 0
    assert (meter.stage("gen").calls, meter.stage("gen").errors) == (1, 1)


def test_open_backend_without_wrappers_is_the_bare_backend() -> None:
    spec = BackendSpec(kind="openai", model="m", base_url="http://127.0.0.1:9/v1")
    assert type(open_backend(spec)).__name__ == "OpenAIBackend"
