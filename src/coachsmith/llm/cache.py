"""A response cache in one SQLite file, shared by threads and processes.

Keyed on everything that decides a reply: backend kind, model, base URL, messages and request
parameters (seed and JSON schema included). Only successful responses are stored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coachsmith.llm.base import Backend, Request, Response, Usage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    model TEXT NOT NULL,
    finish_reason TEXT,
    created REAL NOT NULL
)
"""


def cache_key(kind: str, model: str, base_url: str | None, request: Request) -> str:
    """The cache key of one request: sha256 of canonical JSON.

    Args:
        kind: Backend kind.
        model: Model name.
        base_url: Server address, or ``None`` for in-process backends.
        request: The request (messages and every sampling parameter).

    Returns:
        64 hex characters.
    """
    document = {
        "kind": kind,
        "model": model,
        "base_url": base_url,
        "messages": [m.to_dict() for m in request.messages],
        "parameters": request.parameters(),
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """Responses stored in a SQLite file (WAL mode).

    Thread-safe: each call borrows a connection from a small pool (one per concurrent caller,
    reused afterwards). Several processes may use the same file at once; SQLite's locking
    serializes writers, and a writer waits up to 30 s for a lock.

    Args:
        path: The database file; its parent directory is created if missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        with self._connection():  # fail now, not on the first call, if the file is unusable
            pass

    def get(self, key: str) -> Response | None:
        """The stored response for ``key`` (marked ``from_cache``, 0 s), or ``None``."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT text, input_tokens, output_tokens, cached_tokens, model, finish_reason "
                "FROM responses WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        text, input_tokens, output_tokens, cached_tokens, model, finish_reason = row
        return Response(
            text=text,
            usage=Usage(input_tokens, output_tokens, cached_tokens),
            model=model,
            finish_reason=finish_reason,
            from_cache=True,
            wall_seconds=0.0,
        )

    def put(self, key: str, response: Response) -> None:
        """Store ``response`` under ``key``, replacing what was there."""
        usage = response.usage
        with self._connection() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    response.text,
                    usage.input_tokens,
                    usage.output_tokens,
                    usage.cached_tokens,
                    response.model,
                    response.finish_reason,
                    time.time(),
                ),
            )

    def __len__(self) -> int:
        with self._connection() as connection:
            row = connection.execute("SELECT COUNT(*) FROM responses").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the idle connections. Safe to call twice; a later call reopens one."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            connection = self._idle.pop() if self._idle else None
        if connection is None:
            connection = self._open()
        try:
            yield connection
        finally:
            with self._lock:
                self._idle.append(connection)

    def _open(self) -> sqlite3.Connection:
        # Autocommit (isolation_level=None): each statement is its own short transaction, so no
        # thread or process holds a lock between calls.
        connection = sqlite3.connect(
            self.path, timeout=30, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
        return connection


class CachedBackend:
    """Answer from a ``ResponseCache`` when it can, else ask ``inner`` and store the reply.

    The capability flags (``kind``, ``model``, ``base_url``, ``supports_schema``,
    ``max_concurrency``) are ``inner``'s, so the wrapper is a drop-in replacement.

    Args:
        inner: The backend that answers cache misses.
        cache: Where responses are looked up and stored.
    """

    def __init__(self, inner: Backend, cache: ResponseCache) -> None:
        self.inner = inner
        self.cache = cache
        self.kind = inner.kind
        self.model = inner.model
        self.base_url = inner.base_url
        self.supports_schema = inner.supports_schema
        self.max_concurrency = inner.max_concurrency

    def complete(self, request: Request) -> Response:
        """The cached response for ``request``, or ``inner``'s (stored if it succeeded).

        Raises:
            BackendError: From ``inner`` on a miss; failures are never cached.
        """
        key = cache_key(self.kind, self.model, self.base_url, request)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        response = self.inner.complete(request)
        self.cache.put(key, response)
        return response

    def close(self) -> None:
        """Close ``inner``. The cache is shared, so its owner closes it."""
        self.inner.close()
