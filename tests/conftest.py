"""Shared fixtures. Tests never touch the network; the bundled model is the only real LLM."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CAREER = REPO / "examples" / "domains" / "career"


def llama_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


@pytest.fixture(params=["therapy", str(CAREER)], ids=["therapy", "career"])
def any_domain(request: pytest.FixtureRequest) -> str:
    """Each shipped or example pack, so nothing therapy-specific hides in code."""
    return str(request.param)
