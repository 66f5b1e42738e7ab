"""Candidate base models and what each needs in memory, for ``coachsmith models``.

The facts (parameters, layers, key/value heads, head size, context, licence) come from each model's
published configuration and model card. Memory is estimated, not measured:

* **inference** (GGUF Q4_K_M in llama.cpp): weights at ~4.85 bits per parameter, plus an f16 KV
  cache for ``context`` tokens (2 × layers × kv_heads × head_dim × 2 bytes per token), plus 10 %;
* **LoRA** (bf16 base on a GPU, fp32 on a CPU): the base weights, adapters with AdamW state
  (~1 % of the parameters, 16 bytes each), and activations for one micro-batch of ``context``
  tokens with gradient checkpointing (~ layers × hidden × tokens × 2 bytes × 4), plus 20 %;
* **QLoRA**: the same with the base in 4-bit NF4 (~0.55 bytes per parameter).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

GIB = 1024**3
_PERMISSIVE = ("Apache-2.0", "MIT")


@dataclass(frozen=True)
class Candidate:
    """A base model coachsmith can fine-tune.

    Attributes:
        hub_id: Hugging Face id (``train.base_model``).
        params_b: Parameters, in billions.
        layers: Transformer layers.
        hidden: Hidden size.
        kv_heads: Key/value heads.
        head_dim: Size of one attention head.
        context: Longest context the model card states, in tokens.
        licence: Its licence.
        note: What stands out for coaching.
    """

    hub_id: str
    params_b: float
    layers: int
    hidden: int
    kv_heads: int
    head_dim: int
    context: int
    licence: str
    note: str


CANDIDATES: tuple[Candidate, ...] = (
    Candidate("HuggingFaceTB/SmolLM2-135M-Instruct", 0.135, 30, 576, 3, 64, 8192, "Apache-2.0",
              "bundled; for tests and pipelines, not for people"),
    Candidate("HuggingFaceTB/SmolLM2-360M-Instruct", 0.362, 32, 960, 5, 64, 8192, "Apache-2.0",
              "tiny; CPU fine-tuning in minutes"),
    Candidate("Qwen/Qwen2.5-0.5B-Instruct", 0.494, 24, 896, 2, 64, 32768, "Apache-2.0",
              "smallest model with a long context"),
    Candidate("Qwen/Qwen2.5-1.5B-Instruct", 1.54, 28, 1536, 2, 128, 32768, "Apache-2.0",
              "good laptop model; small KV cache"),
    Candidate("HuggingFaceTB/SmolLM2-1.7B-Instruct", 1.71, 24, 2048, 32, 64, 8192, "Apache-2.0",
              "open data; 8K context limits long transcripts"),
    Candidate("meta-llama/Llama-3.2-1B-Instruct", 1.24, 16, 2048, 8, 64, 131072,
              "Llama 3.2 Community", "gated download; long context"),
    Candidate("meta-llama/Llama-3.2-3B-Instruct", 3.21, 28, 3072, 8, 128, 131072,
              "Llama 3.2 Community", "gated download; strong small chat model"),
    Candidate("microsoft/Phi-3.5-mini-instruct", 3.82, 32, 3072, 32, 96, 131072, "MIT",
              "strong reasoning; large KV cache"),
    Candidate("Qwen/Qwen2.5-7B-Instruct", 7.62, 28, 3584, 4, 128, 131072, "Apache-2.0",
              "the spec's 7B target; strong chat, multilingual"),
    Candidate("mistralai/Mistral-7B-Instruct-v0.3", 7.25, 32, 4096, 8, 128, 32768, "Apache-2.0",
              "efficient 7B; 32K context"),
    Candidate("meta-llama/Llama-3.1-8B-Instruct", 8.03, 32, 4096, 8, 128, 131072,
              "Llama 3.1 Community", "gated download; largest community"),
)


@dataclass(frozen=True)
class MemoryNeeds:
    """Estimated memory in GiB for one candidate at one context length."""

    inference_q4: float
    lora: float
    qlora: float


def kv_cache_bytes(c: Candidate, tokens: int, bytes_per_value: int = 2) -> float:
    """Bytes of a KV cache holding ``tokens`` tokens."""
    return 2.0 * c.layers * c.kv_heads * c.head_dim * tokens * bytes_per_value


def memory_needs(c: Candidate, *, context: int = 16384, weight_bytes: float = 2.0) -> MemoryNeeds:
    """Estimated GiB for Q4_K_M inference, LoRA and QLoRA training at ``context`` tokens.

    Args:
        c: The model.
        context: Tokens in the context (inference) and in one training sequence.
        weight_bytes: Bytes per base weight for LoRA (2 for bf16 on a GPU, 4 for fp32 on a CPU).
    """
    params = c.params_b * 1e9
    tokens = min(context, c.context)
    inference = (params * 4.85 / 8 + kv_cache_bytes(c, tokens)) * 1.10
    adapters = params * 0.01 * 16
    activations = c.layers * c.hidden * tokens * 2.0 * 4
    lora = (params * weight_bytes + adapters + activations) * 1.20
    qlora = (params * 0.55 + adapters + activations) * 1.20
    return MemoryNeeds(inference / GIB, lora / GIB, qlora / GIB)


@dataclass(frozen=True)
class Machine:
    """What this machine offers for training and inference."""

    ram_gib: float
    gpu_name: str | None
    gpu_gib: float | None


def detect_machine() -> Machine:
    """RAM from the OS; the first CUDA GPU when torch is installed and sees one."""
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    except (ValueError, OSError, AttributeError):
        ram = 0.0
    gpu_name = gpu_gib = None
    try:
        import torch

        if torch.cuda.is_available():
            props = torch.cuda.get_device_properties(0)
            gpu_name, gpu_gib = props.name, props.total_memory / GIB
    except ImportError:
        pass
    return Machine(ram, gpu_name, gpu_gib)


@dataclass(frozen=True)
class Recommendation:
    """The chosen model, how to train it, and why."""

    candidate: Candidate | None
    method: str
    reason: str


def recommend(machine: Machine, *, context: int = 16384,
              candidates: tuple[Candidate, ...] = CANDIDATES) -> Recommendation:
    """The largest candidate this machine can fine-tune and run, with the context asked for.

    Candidates whose context is shorter than ``context`` are left out, and a permissive licence
    (Apache-2.0, MIT) wins over a larger model under a community licence. On a GPU, training
    must fit in its memory (QLoRA when LoRA does not fit, which needs CUDA);
    on a CPU, LoRA with an fp32 base must fit in half the RAM (the rest for the OS and data).
    Inference at Q4_K_M must fit in the RAM either way.
    """
    usable = []
    for c in candidates:
        if c.params_b < 0.2 or c.context < context:  # the bundled model is for tests only
            continue
        if machine.gpu_gib:
            needs = memory_needs(c, context=context, weight_bytes=2.0)
            if needs.lora <= machine.gpu_gib * 0.9:
                usable.append((c, "lora"))
            elif needs.qlora <= machine.gpu_gib * 0.9:
                usable.append((c, "qlora"))
        else:
            needs = memory_needs(c, context=context, weight_bytes=4.0)
            if needs.lora <= machine.ram_gib * 0.5 and needs.inference_q4 <= machine.ram_gib:
                usable.append((c, "lora"))
    if not usable:
        return Recommendation(None, "lora", "nothing but the bundled test model fits this machine")
    best, method = max(usable, key=lambda pair: (pair[0].licence in _PERMISSIVE, pair[0].params_b))
    where = (f"{machine.gpu_name} ({machine.gpu_gib:.0f} GiB)" if machine.gpu_gib
             else f"the CPU with {machine.ram_gib:.0f} GiB RAM")
    return Recommendation(best, method, f"the largest candidate whose {method} training at "
                          f"{context} tokens fits {where}")


__all__ = ["CANDIDATES", "Candidate", "Machine", "MemoryNeeds", "Recommendation", "detect_machine",
           "kv_cache_bytes", "memory_needs", "recommend"]
