"""Per-stage accounting of LLM calls: counts, tokens and wall time.

``write_json`` merges into the file, so the totals of several ``coachsmith`` invocations (and of
several writes by one meter) add up instead of overwriting each other.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from coachsmith.errors import BackendError, ConfigError, Problem
from coachsmith.llm.base import Backend, Request, Response

try:  # POSIX: serialize read-merge-write between processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@dataclass
class StageUsage:
    """Totals for one stage.

    Attributes:
        calls: Requests made (cache hits and errors included).
        cache_hits: Requests answered from the response cache.
        errors: Requests that failed for good.
        input_tokens: Prompt tokens of model calls (cache hits add none).
        output_tokens: Generated tokens of model calls.
        cached_tokens: Prompt tokens the backend served from its prefix cache.
        wall_seconds: Time spent in calls, retries and waits included.
    """

    calls: int = 0
    cache_hits: int = 0
    errors: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    wall_seconds: float = 0.0

    def add(self, other: StageUsage) -> None:
        """Add ``other``'s totals to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


class UsageMeter:
    """Thread-safe per-stage totals."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._totals: dict[str, StageUsage] = {}
        self._unwritten: dict[str, StageUsage] = {}

    def record(self, stage: str, response: Response | None, wall_seconds: float) -> None:
        """Count one call.

        Args:
            stage: Stage name (``generate``, ``assess``...).
            response: The response, or ``None`` if the call failed.
            wall_seconds: How long the call took.
        """
        delta = StageUsage(calls=1, wall_seconds=wall_seconds)
        if response is None:
            delta.errors = 1
        elif response.from_cache:
            delta.cache_hits = 1
        else:
            delta.input_tokens = response.usage.input_tokens
            delta.output_tokens = response.usage.output_tokens
            delta.cached_tokens = response.usage.cached_tokens
        with self._lock:
            self._totals.setdefault(stage, StageUsage()).add(delta)
            self._unwritten.setdefault(stage, StageUsage()).add(delta)

    def stage(self, stage: str) -> StageUsage:
        """A copy of one stage's totals (zeros for an unknown stage)."""
        with self._lock:
            return StageUsage(**asdict(self._totals.get(stage, StageUsage())))

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Every stage's totals recorded by this meter, as ``{stage: {field: value}}``."""
        with self._lock:
            return {name: asdict(usage) for name, usage in sorted(self._totals.items())}

    def write_json(self, path: str | Path) -> dict[str, dict[str, Any]]:
        """Add what was recorded since the last write to the totals in ``path``.

        The file is replaced atomically (temp file + rename), and on POSIX a lock file
        serializes processes writing at the same time.

        Args:
            path: JSON file ``{stage: {field: value}}``; created if missing.

        Returns:
            The totals now in the file.

        Raises:
            ConfigError: The existing file is not a JSON object of stage totals; nothing is
                lost (the counts are kept for the next write).
        """
        path = Path(path)
        with self._lock:
            pending, self._unwritten = self._unwritten, {}
        try:
            with _locked(path):
                merged = _read_totals(path)
                for name, usage in pending.items():
                    merged.setdefault(name, StageUsage()).add(usage)
                document = {name: asdict(u) for name, u in sorted(merged.items())}
                _write_atomic(path, json.dumps(document, indent=2, sort_keys=True) + "\n")
        except BaseException:
            with self._lock:  # keep the counts for the next attempt
                for name, usage in pending.items():
                    self._unwritten.setdefault(name, StageUsage()).add(usage)
            raise
        return document


class MeteredBackend:
    """Record every call of ``inner`` in a ``UsageMeter`` under one stage name.

    Args:
        inner: The backend to call.
        meter: Where totals go.
        stage: Stage the calls belong to.
    """

    def __init__(self, inner: Backend, meter: UsageMeter, stage: str) -> None:
        self.inner = inner
        self.meter = meter
        self.stage = stage
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.supports_schema = inner.supports_schema
        self.max_concurrency = inner.max_concurrency

    def complete(self, request: Request) -> Response:
        """Call ``inner`` and count the call, its tokens and time (a failure counts as an error).

        Raises:
            BackendError: As raised by ``inner``.
        """
        start = time.perf_counter()
        try:
            response = self.inner.complete(request)
        except BackendError:
            self.meter.record(self.stage, None, time.perf_counter() - start)
            raise
        self.meter.record(self.stage, response, time.perf_counter() - start)
        return response

    def close(self) -> None:
        """Close ``inner``."""
        self.inner.close()


def _read_totals(path: Path) -> dict[str, StageUsage]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ConfigError(
            [Problem(str(path), "", f"not valid JSON ({exc}); move the file away to start afresh")]
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), "", "expected a JSON object of stage totals")])
    known = {f.name for f in fields(StageUsage)}
    problems = [
        Problem(str(path), str(name), f"expected an object with keys from {sorted(known)}")
        for name, values in data.items()
        if not isinstance(values, dict) or not set(values) <= known
    ]
    if problems:
        raise ConfigError(problems)
    return {str(name): StageUsage(**values) for name, values in data.items()}


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file's directory (the file itself is replaced by rename)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
