from __future__ import annotations

import random

import pytest

from coachsmith.errors import BackendError, RetryableBackendError
from coachsmith.llm import (
    FakeBackend,
    Message,
    Request,
    Response,
    RetryingBackend,
    RetryPolicy,
    backoff_delay,
)

REQUEST = Request(messages=(Message("user", "hi"),))


@pytest.mark.parametrize(
    ("policy", "attempt", "retry_after", "expected"),
    [
        (RetryPolicy(jitter=False), 1, None, 0.5),
        (RetryPolicy(jitter=False), 2, None, 1.0),
        (RetryPolicy(jitter=False), 4, None, 4.0),
        (RetryPolicy(jitter=False), 10, None, 30.0),  # capped by max_delay_s
        (RetryPolicy(jitter=False), 1, 7.0, 7.0),  # Retry-After longer than backoff wins
        (RetryPolicy(jitter=False), 4, 1.0, 4.0),  # backoff longer than Retry-After wins
        (RetryPolicy(jitter=False), 1, 600.0, 120.0),  # Retry-After capped
        (RetryPolicy(jitter=False, max_retry_after_s=10), 1, 600.0, 10.0),
    ],
)
def test_backoff_without_jitter(policy, attempt, retry_after, expected) -> None:
    delay = backoff_delay(policy, attempt, retry_after=retry_after, rng=random.Random(0))
    assert delay == pytest.approx(expected)


def test_full_jitter_table_with_seeded_rng() -> None:
    rng = random.Random(42)
    delays = [backoff_delay(RetryPolicy(), n, retry_after=None, rng=rng) for n in range(1, 8)]
    expected_rng = random.Random(42)
    caps = [0.5, 1, 2, 4, 8, 16, 30]
    assert delays == pytest.approx([expected_rng.uniform(0, cap) for cap in caps])
    assert all(0 <= d <= cap for d, cap in zip(delays, caps, strict=True))
    assert len(set(delays)) == len(delays)


def test_jittered_delay_is_never_below_retry_after() -> None:
    rng = random.Random(1)
    for attempt in range(1, 6):
        assert backoff_delay(RetryPolicy(), attempt, retry_after=2.0, rng=rng) >= 2.0


def _flaky(failures: list[BackendError]) -> FakeBackend:
    def handler(request: Request) -> str:
        if failures:
            raise failures.pop(0)
        return "ok"

    return FakeBackend(handler)


def test_retries_retryable_errors_then_succeeds() -> None:
    inner = _flaky([RetryableBackendError("503", status=503)] * 3)
    delays: list[float] = []
    backend = RetryingBackend(
        inner, RetryPolicy(jitter=False), sleep=delays.append, rng=random.Random(0)
    )
    assert backend.complete(REQUEST).text == "ok"
    assert delays == [0.5, 1.0, 2.0]
    assert len(inner.requests) == 4


def test_seeded_jitter_delays_are_reproducible() -> None:
    def run() -> list[float]:
        delays: list[float] = []
        inner = _flaky([RetryableBackendError("503")] * 4)
        RetryingBackend(inner, sleep=delays.append, rng=random.Random(7)).complete(REQUEST)
        return delays

    first = run()
    assert first == run()
    assert len(first) == 4 and all(0 <= d <= 0.5 * 2**i for i, d in enumerate(first))


def test_non_retryable_error_raises_at_once() -> None:
    inner = _flaky([BackendError("bad request", status=400)])
    delays: list[float] = []
    with pytest.raises(BackendError, match="bad request"):
        RetryingBackend(inner, sleep=delays.append).complete(REQUEST)
    assert delays == [] and len(inner.requests) == 1


def test_gives_up_after_max_attempts_and_says_so() -> None:
    inner = _flaky([RetryableBackendError(f"overloaded #{i}", status=529) for i in range(9)])
    delays: list[float] = []
    backend = RetryingBackend(inner, RetryPolicy(max_attempts=3), sleep=delays.append)
    with pytest.raises(BackendError, match=r"overloaded #2 \(gave up after 3 attempts\)") as caught:
        backend.complete(REQUEST)
    assert not isinstance(caught.value, RetryableBackendError)  # no outer layer retries again
    assert caught.value.status == 529
    assert isinstance(caught.value.__cause__, RetryableBackendError)
    assert len(inner.requests) == 3 and len(delays) == 2


def test_flags_are_delegated() -> None:
    inner = FakeBackend([Response("x")], supports_schema=True, max_concurrency=6, model="m")
    backend = RetryingBackend(inner)
    assert (backend.kind, backend.model, backend.supports_schema, backend.max_concurrency) == (
        "fake",
        "m",
        True,
        6,
    )
    backend.close()
    assert inner.closed


def test_policy_rejects_zero_attempts() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
