"""Retries with exponential backoff and full jitter, honouring ``Retry-After``."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from coachsmith.errors import BackendError, RetryableBackendError
from coachsmith.llm.base import Backend, Request, Response


@dataclass(frozen=True)
class RetryPolicy:
    """How ``RetryingBackend`` retries.

    Attributes:
        max_attempts: Calls in all, the first included (1 means never retry).
        base_delay_s: Backoff before the 2nd attempt; it doubles for each later one.
        max_delay_s: Cap on the exponential backoff, in seconds.
        jitter: Full jitter: wait a uniform random time in [0, backoff] instead of the backoff,
            so many clients hitting one server do not retry in lockstep.
        max_retry_after_s: Cap on a server's ``Retry-After``; a longer ask waits this long.
    """

    max_attempts: int = 5
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    jitter: bool = True
    max_retry_after_s: float = 120.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {self.max_attempts}")
        if self.base_delay_s < 0 or self.max_delay_s < 0 or self.max_retry_after_s < 0:
            raise ValueError("delays must be >= 0")


def backoff_delay(
    policy: RetryPolicy, attempt: int, *, retry_after: float | None, rng: random.Random
) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based).

    Args:
        policy: The retry policy.
        attempt: Which attempt just failed; the backoff is ``base * 2**(attempt - 1)``, capped.
        retry_after: What the server asked for, if anything; the wait is at least that (capped
            by ``max_retry_after_s``).
        rng: Source of jitter.

    Returns:
        The delay in seconds.
    """
    backoff = min(policy.max_delay_s, policy.base_delay_s * 2.0 ** (attempt - 1))
    if policy.jitter:
        backoff = rng.uniform(0.0, backoff)
    if retry_after is None:
        return backoff
    return max(backoff, min(retry_after, policy.max_retry_after_s))


class RetryingBackend:
    """Retry ``inner`` on ``RetryableBackendError``; other errors go straight to the caller.

    When every attempt fails, a plain ``BackendError`` (no longer retryable, so no outer layer
    retries again) is raised from the last error, saying how many attempts were made.

    Args:
        inner: The backend to call.
        policy: Attempts and delays.
        sleep: Called with each delay in seconds (tests inject a recorder).
        rng: Jitter source; ``None`` for a fresh unseeded ``random.Random``.
    """

    def __init__(
        self,
        inner: Backend,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy or RetryPolicy()
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.supports_schema = inner.supports_schema
        self.max_concurrency = inner.max_concurrency
        self._sleep = sleep
        self._rng = rng or random.Random()

    def complete(self, request: Request) -> Response:
        """Call ``inner`` until it succeeds, fails for good, or the attempts run out.

        Raises:
            BackendError: A non-retryable error (as raised), or the last retryable one once
                ``max_attempts`` calls failed.
        """
        attempts = self.policy.max_attempts
        for attempt in range(1, attempts + 1):
            try:
                return self.inner.complete(request)
            except RetryableBackendError as exc:
                if attempt == attempts:
                    raise BackendError(
                        f"{exc} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})",
                        status=exc.status,
                    ) from exc
                self._sleep(
                    backoff_delay(self.policy, attempt, retry_after=exc.retry_after, rng=self._rng)
                )
        raise AssertionError("unreachable: the loop returns or raises")

    def close(self) -> None:
        """Close ``inner``."""
        self.inner.close()
