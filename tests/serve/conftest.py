"""Fixtures shared by the runtime and chat tests: the therapy pack and a fresh session store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coachsmith.domain import Domain, load_domain
from coachsmith.serve.store import SessionStore


@pytest.fixture(scope="module")
def domain() -> Domain:
    return load_domain("therapy")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SessionStore]:
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()
