from __future__ import annotations

import threading
import time

import pytest

from coachsmith.errors import BackendError
from coachsmith.llm import FakeBackend, Message, Request, complete_many


def _requests(n: int) -> list[Request]:
    return [Request(messages=(Message("user", str(i)),)) for i in range(n)]


class _InFlight:
    """A handler that records how many calls run at once; later requests finish sooner."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> str:
        index = int(request.messages[0].content)
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(0.02 + 0.002 * (20 - index % 20))
        with self.lock:
            self.now -= 1
        if index % 7 == 3:
            raise BackendError(f"request {index} failed")
        return f"reply {index}"


def test_results_in_input_order_with_errors_in_place() -> None:
    handler = _InFlight()
    results = complete_many(FakeBackend(handler, max_concurrency=4), _requests(20))
    for index, result in enumerate(results):
        if index % 7 == 3:
            assert isinstance(result, BackendError) and str(result) == f"request {index} failed"
        else:
            assert not isinstance(result, BackendError) and result.text == f"reply {index}"


@pytest.mark.parametrize(
    ("backend_limit", "asked", "expected_peak"),
    [(4, None, 4), (4, 2, 2), (3, 10, 3), (1, None, 1)],
)
def test_concurrency_is_bounded_by_backend_and_caller(backend_limit, asked, expected_peak) -> None:
    handler = _InFlight()
    complete_many(
        FakeBackend(handler, max_concurrency=backend_limit), _requests(16), concurrency=asked
    )
    assert handler.peak == expected_peak


def test_single_concurrency_runs_in_callers_thread() -> None:
    threads: set[str] = set()

    def handler(request: Request) -> str:
        threads.add(threading.current_thread().name)
        return "x"

    complete_many(FakeBackend(handler, max_concurrency=1), _requests(3))
    assert threads == {threading.current_thread().name}


def test_empty_input_and_bad_concurrency() -> None:
    assert complete_many(FakeBackend([]), []) == []
    with pytest.raises(ValueError, match="concurrency must be >= 1"):
        complete_many(FakeBackend([]), _requests(1), concurrency=0)


def test_a_bug_propagates_and_queued_calls_are_not_started() -> None:
    def handler(request: Request) -> str:
        if request.messages[0].content == "0":
            raise KeyError("bug")
        time.sleep(0.01)
        return "x"

    fake = FakeBackend(handler, max_concurrency=2)
    with pytest.raises(KeyError):
        complete_many(fake, _requests(200))
    assert len(fake.requests) < 200


def test_progress_bar_is_shown_only_when_labelled(capsys) -> None:
    complete_many(FakeBackend(["a", "b"], max_concurrency=1), _requests(2))
    assert capsys.readouterr().err == ""
    complete_many(FakeBackend(["a", "b"], max_concurrency=1), _requests(2), progress="judging")
    err = capsys.readouterr().err
    assert "judging" in err and "2/2" in err
