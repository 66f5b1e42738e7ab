from __future__ import annotations

import json
import threading

import pytest

from coachsmith.errors import BackendError, ConfigError
from coachsmith.llm import (
    FakeBackend,
    Message,
    MeteredBackend,
    Request,
    Response,
    StageUsage,
    Usage,
    UsageMeter,
)

REQUEST = Request(messages=(Message("user", "hi"),))


def _replies(*responses: Response | BackendError) -> FakeBackend:
    script = list(responses)

    def handler(request: Request) -> Response:
        item = script.pop(0)
        if isinstance(item, BackendError):
            raise item
        return item

    return FakeBackend(handler)


def test_metered_backend_counts_calls_tokens_hits_and_errors() -> None:
    meter = UsageMeter()
    backend = MeteredBackend(
        _replies(
            Response("a", usage=Usage(100, 10, 80)),
            Response("b", usage=Usage(50, 5, 0), from_cache=True),
            BackendError("down"),
        ),
        meter,
        "assess",
    )
    backend.complete(REQUEST)
    backend.complete(REQUEST)
    with pytest.raises(BackendError):
        backend.complete(REQUEST)

    usage = meter.stage("assess")
    assert (usage.calls, usage.cache_hits, usage.errors) == (3, 1, 1)
    assert (usage.input_tokens, usage.output_tokens, usage.cached_tokens) == (100, 10, 80)
    assert usage.wall_seconds > 0
    assert meter.stage("train") == StageUsage()


def test_meter_is_thread_safe() -> None:
    meter = UsageMeter()
    backend = MeteredBackend(FakeBackend(lambda r: Response("x", usage=Usage(1, 1))), meter, "gen")
    threads = [
        threading.Thread(target=lambda: [backend.complete(REQUEST) for _ in range(200)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert meter.stage("gen").calls == 1600
    assert meter.stage("gen").input_tokens == 1600


def _meter(stage: str, *usages: Usage) -> UsageMeter:
    meter = UsageMeter()
    for usage in usages:
        meter.record(stage, Response("x", usage=usage), 0.5)
    return meter


def test_write_json_accumulates_across_invocations(tmp_path) -> None:
    path = tmp_path / "run" / "usage.json"
    first = _meter("generate", Usage(10, 1, 0), Usage(20, 2, 5))
    first.write_json(path)
    second = _meter("generate", Usage(1, 1, 1))
    second.record("assess", None, 2.0)
    second.write_json(path)

    data = json.loads(path.read_text())
    assert data["generate"] == {
        "calls": 3,
        "cache_hits": 0,
        "errors": 0,
        "input_tokens": 31,
        "output_tokens": 4,
        "cached_tokens": 6,
        "wall_seconds": 1.5,
    }
    assert data["assess"]["errors"] == 1 and data["assess"]["wall_seconds"] == 2.0
    assert [p.name for p in path.parent.iterdir()] == ["usage.json"]  # no temp files left


def test_writing_twice_from_one_meter_does_not_double_count(tmp_path) -> None:
    path = tmp_path / "usage.json"
    meter = _meter("assess", Usage(10, 1, 0))
    meter.write_json(path)
    meter.record("assess", Response("x", usage=Usage(5, 1, 0)), 0.1)
    totals = meter.write_json(path)
    assert totals["assess"]["input_tokens"] == 15 and totals["assess"]["calls"] == 2
    assert meter.as_dict()["assess"]["input_tokens"] == 15


def test_corrupt_usage_file_is_a_clear_error_and_counts_are_kept(tmp_path) -> None:
    path = tmp_path / "usage.json"
    path.write_text("{broken")
    meter = _meter("assess", Usage(10, 1, 0))
    with pytest.raises(ConfigError, match=r"usage\.json: not valid JSON"):
        meter.write_json(path)
    path.unlink()
    assert meter.write_json(path)["assess"]["input_tokens"] == 10


def test_unknown_fields_in_usage_file_are_named(tmp_path) -> None:
    path = tmp_path / "usage.json"
    path.write_text(json.dumps({"assess": {"calls": 1, "dollars": 3}}))
    with pytest.raises(ConfigError, match=r"usage\.json: assess: expected an object"):
        _meter("assess").write_json(path)
