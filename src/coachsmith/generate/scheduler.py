"""Run many transcript jobs at once, checkpointing each after every exchange.

Transcripts run on a thread pool of ``concurrency`` workers; each backend call still waits for a
slot of its backend (``max_concurrency``), so a remote server sees at most that many requests
and an in-process model one. A progress bar counts exchanges (rate and ETA from tqdm) and tokens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from tqdm import tqdm

from coachsmith.generate.loop import TranscriptJob, TranscriptLoop, TranscriptState
from coachsmith.generate.store import TranscriptStore
from coachsmith.llm import Backend, Request, Response
from coachsmith.records import Transcript


class BoundedBackend:
    """A backend that lets at most ``max_concurrency`` calls through at once (the others wait).

    Args:
        inner: The backend.
        slots: A semaphore shared with other roles that use the same backend, so together they
            stay within its limit; None makes one of ``inner.max_concurrency`` slots.
    """

    def __init__(self, inner: Backend, slots: threading.Semaphore | None = None) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.supports_schema = inner.supports_schema
        self.max_concurrency = max(1, inner.max_concurrency)
        self._slots = slots or threading.BoundedSemaphore(self.max_concurrency)

    def complete(self, request: Request) -> Response:
        """Wait for a slot, then run the call."""
        with self._slots:
            return self.inner.complete(request)

    def close(self) -> None:
        """Close the inner backend."""
        self.inner.close()


@dataclass
class RunSummary:
    """What one scheduler run did."""

    written: list[str] = field(default_factory=list)
    skipped: int = 0
    resumed: int = 0
    stopped_early: dict[str, str] = field(default_factory=dict)
    exchanges: int = 0
    tokens: int = 0
    seconds: float = 0.0


def run_jobs(jobs: Sequence[TranscriptJob], loop: TranscriptLoop, store: TranscriptStore, *,
             concurrency: int, progress: str | None = "generate",
             on_exchange: Callable[[TranscriptState], None] | None = None,
             on_finish: Callable[[Transcript], None] | None = None) -> RunSummary:
    """Play every job not yet in the store, ``concurrency`` at a time.

    Args:
        jobs: The transcripts to make; those already finished in the store are skipped, those
            with a checkpoint continue from it.
        loop: Plays one transcript.
        store: Checkpoints and the output file.
        concurrency: Transcripts in flight at once (>= 1).
        progress: Label of the progress bar; None shows none.
        on_exchange: Called after each checkpoint is saved (tests use it).
        on_finish: Called after each finished transcript is written.

    Returns:
        What was written, skipped and resumed, and why transcripts stopped early.
    """
    done = store.finished_ids()
    pending = [job for job in jobs if job.id not in done]
    summary = RunSummary(skipped=len(jobs) - len(pending))
    states = {job.id: store.load(job.id) for job in pending}
    summary.resumed = sum(1 for s in states.values() if s is not None)
    total = sum(job.target_exchanges - len(s.exchanges if (s := states[job.id]) else [])
                for job in pending)
    start = time.monotonic()
    before = (loop.counters.exchanges, loop.counters.tokens)
    lock = threading.Lock()
    with tqdm(total=total, desc=progress, unit="exch", disable=progress is None) as bar:
        def play(job: TranscriptJob) -> None:
            state = states[job.id] or TranscriptState(id=job.id)
            while not state.done:
                count = len(state.exchanges)
                state = loop.step(job, state)
                store.save(state)
                if on_exchange is not None:
                    on_exchange(state)
                with lock:
                    bar.update(len(state.exchanges) - count)
                    bar.set_postfix(tokens=loop.counters.tokens - before[1], refresh=False)
            transcript = loop.finish(job, state)
            store.finish(transcript)
            if on_finish is not None:
                on_finish(transcript)
            with lock:
                # A transcript that stopped early gives back the exchanges it will not make.
                bar.total = (bar.total or 0) - (job.target_exchanges - len(state.exchanges))
                bar.refresh()
                summary.written.append(job.id)
                if state.stop_reason is not None:
                    summary.stopped_early[job.id] = state.stop_reason

        if concurrency <= 1 or len(pending) <= 1:
            for job in pending:
                play(job)
        else:
            with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="gen") as pool:
                futures = [pool.submit(play, job) for job in pending]
                try:
                    for future in as_completed(futures):
                        future.result()
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    summary.exchanges = loop.counters.exchanges - before[0]
    summary.tokens = loop.counters.tokens - before[1]
    summary.seconds = time.monotonic() - start
    return summary
