from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from coachsmith.errors import BackendError
from coachsmith.llm import (
    CachedBackend,
    FakeBackend,
    Message,
    OpenAIBackend,
    Request,
    Response,
    ResponseCache,
    Usage,
    cache_key,
    complete_many,
)

REQUEST = Request(messages=(Message("system", "s"), Message("user", "u")), seed=1)


def test_second_identical_call_is_served_from_cache(tmp_path) -> None:
    inner = FakeBackend([Response("hi", usage=Usage(5, 2, 1), model="m", finish_reason="stop")])
    backend = CachedBackend(inner, ResponseCache(tmp_path / "cache.sqlite"))

    first = backend.complete(REQUEST)
    second = backend.complete(REQUEST)

    assert not first.from_cache
    assert second == Response(
        "hi", usage=Usage(5, 2, 1), model="m", finish_reason="stop", from_cache=True
    )
    assert second.wall_seconds == 0
    assert len(inner.requests) == 1


@pytest.mark.parametrize(
    "variant",
    [
        Request(messages=(Message("system", "s"), Message("user", "u")), seed=2),
        Request(messages=(Message("system", "s"), Message("user", "u")), seed=None),
        Request(messages=(Message("system", "s"), Message("user", "U")), seed=1),
        Request(messages=(Message("user", "s"), Message("user", "u")), seed=1),
        Request(messages=REQUEST.messages, seed=1, temperature=0.0),
        Request(messages=REQUEST.messages, seed=1, max_tokens=3),
        Request(messages=REQUEST.messages, seed=1, stop=("x",)),
        Request(messages=REQUEST.messages, seed=1, json_schema={"type": "object"}),
    ],
)
def test_anything_that_changes_the_reply_changes_the_key(variant: Request) -> None:
    assert cache_key("openai", "m", None, variant) != cache_key("openai", "m", None, REQUEST)


def test_backend_identity_is_part_of_the_key() -> None:
    base = cache_key("openai", "m", "http://a/v1", REQUEST)
    assert base == cache_key("openai", "m", "http://a/v1", REQUEST)
    assert base != cache_key("openai", "m2", "http://a/v1", REQUEST)
    assert base != cache_key("openai", "m", "http://b/v1", REQUEST)
    assert base != cache_key("anthropic", "m", "http://a/v1", REQUEST)
    assert len(base) == 64


def test_failures_are_not_cached(tmp_path) -> None:
    outcomes: list[Exception | str] = [BackendError("boom"), "fine"]

    def handler(request: Request) -> str:
        item = outcomes.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    cache = ResponseCache(tmp_path / "c.sqlite")
    backend = CachedBackend(FakeBackend(handler), cache)
    with pytest.raises(BackendError):
        backend.complete(REQUEST)
    assert len(cache) == 0
    assert backend.complete(REQUEST).text == "fine"
    assert backend.complete(REQUEST).from_cache


def test_persists_across_cache_objects(tmp_path) -> None:
    path = tmp_path / "nested" / "c.sqlite"
    first = ResponseCache(path)
    CachedBackend(FakeBackend(["stored"]), first).complete(REQUEST)
    first.close()
    first.close()
    reopened = CachedBackend(FakeBackend([]), ResponseCache(path)).complete(REQUEST)
    assert reopened.text == "stored" and reopened.from_cache


def test_threads_share_one_cache(tmp_path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")
    inner = FakeBackend(lambda r: r.messages[0].content[::-1], max_concurrency=8)
    backend = CachedBackend(inner, cache)
    requests = [Request(messages=(Message("user", f"q{i % 25}"),)) for i in range(100)]

    results = complete_many(backend, requests)

    assert [r.text for r in results if isinstance(r, Response)] == [
        f"q{i % 25}"[::-1] for i in range(100)
    ]
    assert len(cache) == 25
    assert all(r.from_cache for r in complete_many(backend, requests) if isinstance(r, Response))


def test_flags_are_delegated(tmp_path) -> None:
    inner = FakeBackend([], supports_schema=True, max_concurrency=3, model="mm", base_url="u")
    backend = CachedBackend(inner, ResponseCache(tmp_path / "c.sqlite"))
    assert (backend.kind, backend.model, backend.base_url) == ("fake", "mm", "u")
    assert (backend.supports_schema, backend.max_concurrency) == (True, 3)
    backend.close()
    assert inner.closed


CHILD = textwrap.dedent(
    """
    import json, sys
    from coachsmith.llm import CachedBackend, Message, OpenAIBackend, Request, ResponseCache
    backend = CachedBackend(OpenAIBackend("m", base_url=sys.argv[1]), ResponseCache(sys.argv[2]))
    r = backend.complete(Request(messages=(Message("user", "shared question"),), seed=5))
    print(json.dumps({"text": r.text, "from_cache": r.from_cache}))
    """
)


def _child(server_url: str, cache_path: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, server_url, cache_path],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_cache_hits_across_processes(server, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    path = str(tmp_path / "shared.sqlite")
    server.reply_openai("from the server")

    # Another process asks first and stores the reply...
    assert _child(server.url, path) == {"text": "from the server", "from_cache": False}
    # ...then this process and a third one are answered from the file: the server sees nothing.
    backend = CachedBackend(OpenAIBackend("m", base_url=server.url), ResponseCache(path))
    mine = backend.complete(Request(messages=(Message("user", "shared question"),), seed=5))
    assert (mine.text, mine.from_cache) == ("from the server", True)
    assert _child(server.url, path) == {"text": "from the server", "from_cache": True}
    assert len(server.requests) == 1
