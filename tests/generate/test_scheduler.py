"""Running many transcripts at once, and continuing after a crash."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from coachsmith.config import GenerateConfig
from coachsmith.generate import (
    BoundedBackend,
    TranscriptState,
    TranscriptStore,
    run_jobs,
    sample_personas,
    transcript_jobs,
)
from coachsmith.llm import FakeBackend, Request
from coachsmith.records import Transcript, read_jsonl
from tests.generate.conftest import coach_reply


def _jobs(domain: Any) -> list[Any]:
    cfg = GenerateConfig.model_validate({"transcripts": 5, "length_mix": {
        "short": {"share": 0.6, "exchanges": 3}, "long": {"share": 0.4, "exchanges": 5}}})
    return transcript_jobs(cfg, sample_personas(domain, 2, seed=0), seed=0)


def _lines(path: Path) -> list[str]:
    return sorted(t.model_dump_json() for t in read_jsonl(path, Transcript))


class Crash(Exception):
    pass


def test_a_crashed_run_resumes_to_the_same_output(make_loop: Any, domain: Any,
                                                  tmp_path: Path) -> None:
    jobs = _jobs(domain)
    whole = TranscriptStore(tmp_path / "a.jsonl", tmp_path / "a")
    run_jobs(jobs, make_loop()[0], whole, concurrency=3, progress=None)

    seen = [0]

    def crash(_: TranscriptState) -> None:
        seen[0] += 1
        if seen[0] == 9:
            raise Crash

    with pytest.raises(Crash):
        run_jobs(jobs, make_loop()[0], TranscriptStore(tmp_path / "b.jsonl", tmp_path / "b"),
                 concurrency=1, progress=None, on_exchange=crash)
    partial = len(_lines(tmp_path / "b.jsonl"))
    assert 0 < partial < 5 and list((tmp_path / "b").glob("*.json"))
    loop, _, _ = make_loop()
    summary = run_jobs(jobs, loop, TranscriptStore(tmp_path / "b.jsonl", tmp_path / "b"),
                       concurrency=3, progress=None)
    assert summary.skipped == partial and summary.resumed == 1
    assert _lines(tmp_path / "b.jsonl") == _lines(tmp_path / "a.jsonl")
    assert not list((tmp_path / "b").glob("*.json"))
    # Nothing done twice: the resumed run made only the exchanges that were missing.
    # (the crash came after the 9th exchange was checkpointed, so 9 were kept).
    assert summary.exchanges == sum(j.target_exchanges for j in jobs) - 9


def test_concurrency_runs_transcripts_in_parallel_within_the_backend_limit(
        make_loop: Any, domain: Any, tmp_path: Path) -> None:
    active = [0, 0]
    lock = threading.Lock()

    def slow(request: Request) -> str:
        with lock:
            active[0] += 1
            active[1] = max(active[1], active[0])
        time.sleep(0.01)
        with lock:
            active[0] -= 1
        return coach_reply(request)

    loop, _, _ = make_loop(coach=slow)
    loop.coach = BoundedBackend(FakeBackend(slow, max_concurrency=2))
    run_jobs(_jobs(domain), loop, TranscriptStore(tmp_path / "c.jsonl", tmp_path / "c"),
             concurrency=4, progress=None)
    assert active[1] == 2
    assert len(_lines(tmp_path / "c.jsonl")) == 5
