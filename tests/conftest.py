"""Shared fixtures. Tests never touch the network; the bundled model is the only real LLM."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import settings

# Timing is a benchmark's business: a property test slowed by a busy machine is not a failure.
settings.register_profile("coachsmith", deadline=None)
settings.load_profile("coachsmith")

REPO = Path(__file__).resolve().parent.parent
CAREER = REPO / "examples" / "domains" / "career"


def llama_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


@pytest.fixture(params=["therapy", str(CAREER)], ids=["therapy", "career"])
def any_domain(request: pytest.FixtureRequest) -> str:
    """Each shipped or example pack, so nothing therapy-specific hides in code."""
    return str(request.param)


_MISSES = REPO / "tests" / "risk_model_misses.txt"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests listed in ``risk_model_misses.txt`` as known failures of the shipped risk
    model (non-strict xfail: they still run, and report XPASS when a better model passes)."""
    known = {line.strip() for line in _MISSES.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    for item in items:
        if item.nodeid in known:
            item.add_marker(pytest.mark.xfail(
                reason="known miss of the shipped risk model (tests/risk_model_misses.txt)",
                strict=False))
