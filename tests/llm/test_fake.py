from __future__ import annotations

import pytest

from coachsmith.errors import RetryableBackendError
from coachsmith.llm import (
    Backend,
    FakeBackend,
    Message,
    Request,
    Response,
    ScriptExhaustedError,
    Usage,
)


def _ask(text: str) -> Request:
    return Request(messages=(Message("user", text),))


def test_scripted_replies_in_order_and_requests_recorded() -> None:
    canned = Response("second", usage=Usage(1, 2, 0), model="x", finish_reason="length")
    fake = FakeBackend(["first reply here", canned], model="m1")

    first = fake.complete(_ask("one two three"))
    second = fake.complete(_ask("again"))

    assert (first.text, first.model, first.finish_reason) == ("first reply here", "m1", "stop")
    assert first.usage == Usage(input_tokens=3, output_tokens=3)
    assert second is canned
    assert [r.messages[0].content for r in fake.requests] == ["one two three", "again"]


def test_running_out_of_script_fails_loudly() -> None:
    fake = FakeBackend(["only"])
    fake.complete(_ask("a"))
    with pytest.raises(ScriptExhaustedError, match=r"1 replies scripted, got request #2 .*'b'"):
        fake.complete(_ask("b"))
    assert len(fake.requests) == 2


def test_handler_sees_each_request_and_may_fail() -> None:
    def handler(request: Request) -> str:
        if "fail" in request.messages[-1].content:
            raise RetryableBackendError("scripted outage", status=503)
        return request.messages[-1].content.upper()

    fake = FakeBackend(handler)
    assert fake.complete(_ask("echo")).text == "ECHO"
    with pytest.raises(RetryableBackendError, match="scripted outage"):
        fake.complete(_ask("fail"))
    assert len(fake.requests) == 2


def test_flags_are_configurable_and_it_is_a_backend() -> None:
    fake = FakeBackend([], supports_schema=True, max_concurrency=8, model="judge")
    assert isinstance(fake, Backend)
    assert (fake.kind, fake.model, fake.supports_schema, fake.max_concurrency) == (
        "fake",
        "judge",
        True,
        8,
    )
    fake.close()
    assert fake.closed
