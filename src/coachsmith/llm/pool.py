"""Run many requests against one backend at once, within its concurrency limit."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

from tqdm import tqdm

from coachsmith.errors import BackendError
from coachsmith.llm.base import Backend, Request, Response


def complete_many(
    backend: Backend,
    requests: Sequence[Request],
    *,
    concurrency: int | None = None,
    progress: str | None = None,
) -> list[Response | BackendError]:
    """Complete every request, several at a time, and return the results in input order.

    A failed request does not stop the others: its ``BackendError`` takes its slot in the
    result. Any other exception is a bug; it propagates once the calls in flight finish, and
    queued calls are not started.

    Args:
        backend: Where to send the requests.
        requests: The requests.
        concurrency: Most calls in flight; ``None`` means ``backend.max_concurrency``. Never
            more than ``backend.max_concurrency``.
        progress: Label of a tqdm progress bar; ``None`` shows none.

    Returns:
        One ``Response`` or ``BackendError`` per request, in the order of ``requests``.

    Raises:
        ValueError: ``concurrency`` is below 1.
    """
    if concurrency is not None and concurrency < 1:
        raise ValueError(f"concurrency must be >= 1, got {concurrency}")
    limit = max(1, min(concurrency or backend.max_concurrency, backend.max_concurrency))
    results: list[Response | BackendError | None] = [None] * len(requests)
    with tqdm(total=len(requests), desc=progress, unit="call", disable=progress is None) as bar:
        if limit == 1 or len(requests) <= 1:
            # In the caller's thread: Ctrl-C and tracebacks behave as usual.
            for index, request in enumerate(requests):
                results[index] = _one(backend, request)
                bar.update()
        else:
            with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="llm") as pool:
                futures = {pool.submit(_one, backend, r): i for i, r in enumerate(requests)}
                try:
                    for future in as_completed(futures):
                        results[futures[future]] = future.result()
                        bar.update()
                except BaseException:
                    # A bug or Ctrl-C: do not start the calls still queued.
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    return [r for r in results if r is not None]


def _one(backend: Backend, request: Request) -> Response | BackendError:
    try:
        return backend.complete(request)
    except BackendError as exc:
        return exc
