"""Each package's public surface is an explicit, sorted __all__ whose names all resolve."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["coachsmith.assess", "coachsmith.domain", "coachsmith.llm", "coachsmith.safety",
            "coachsmith.serve", "coachsmith.curate", "coachsmith.optimize"]
PACKAGES += ["coachsmith.evaluate", "coachsmith.export", "coachsmith.train"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), n)) or \
        exported == sorted(exported)
    assert len(set(exported)) == len(exported)
    for attr in exported:
        assert getattr(module, attr) is not None, f"{name}.{attr}"
