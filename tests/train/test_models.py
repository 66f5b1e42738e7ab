"""Base-model candidates: memory estimates and the recommendation for a machine."""

from __future__ import annotations

import pytest

from coachsmith.train.models import CANDIDATES, Machine, kv_cache_bytes, memory_needs, recommend

SMOL = CANDIDATES[0]
QWEN7 = next(c for c in CANDIDATES if c.hub_id == "Qwen/Qwen2.5-7B-Instruct")


def test_kv_cache_of_the_bundled_model() -> None:
    # 2 (k, v) x 30 layers x 3 heads x 64 dims x 2 bytes = 23,040 bytes per token
    assert kv_cache_bytes(SMOL, 1) == 23040


def test_qlora_needs_less_than_lora_and_both_grow_with_context() -> None:
    short, long = memory_needs(QWEN7, context=4096), memory_needs(QWEN7, context=32768)
    assert short.qlora < short.lora < long.lora
    assert 4.0 < short.inference_q4 < 6.0  # a 7.6B model at Q4_K_M is ~4.6 GB of weights


@pytest.mark.parametrize(("machine", "model", "method"), [
    (Machine(128, "H100", 80), "Qwen/Qwen2.5-7B-Instruct", "lora"),
    (Machine(32, "RTX 4090", 24), "Qwen/Qwen2.5-7B-Instruct", "qlora"),
    (Machine(24, None, None), "Qwen/Qwen2.5-0.5B-Instruct", "lora"),
])
def test_recommendation_fits_the_machine(machine: Machine, model: str, method: str) -> None:
    pick = recommend(machine)
    assert pick.candidate is not None and pick.candidate.hub_id == model and pick.method == method


def test_a_tiny_machine_gets_no_recommendation() -> None:
    assert recommend(Machine(2, None, None)).candidate is None


def test_models_command_lists_candidates_and_recommends_one(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.cli.test_cli import run_cli

    code, out, _ = run_cli(["models", "--json", "--context", "8192"], capsys)
    assert code == 0
    data = json.loads(out)
    assert len(data["candidates"]) == len(CANDIDATES) and data["context"] == 8192
    assert all({"inference_q4", "lora", "qlora"} <= set(c["memory_gib"]) for c in data["candidates"])
    assert data["recommended"] is None or data["recommended"] in {c.hub_id for c in CANDIDATES}
    code, out, _ = run_cli(["models"], capsys)
    assert code == 0 and "licence" in out and "QLoRA" in out
