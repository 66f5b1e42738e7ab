"""Load the base model and its tokenizer: the bundled GGUF, a .gguf file, a folder or a hub id.

A GGUF file is dequantized by transformers (``gguf_file=``). Such a model remembers it came from
GGUF and refuses ``save_pretrained``, so it is rebuilt from its config (minus the GGUF
quantization note) and given the same weights: a plain full-precision model from then on, which
LoRA trains on, export merges into and the converter reads.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachsmith.errors import CoachsmithError, MissingDependencyError


@dataclass(frozen=True)
class BaseRef:
    """Where a base model comes from.

    Attributes:
        kind: ``"gguf"``, ``"folder"`` or ``"hub"``.
        location: The .gguf file, the folder, or the hub id.
        name: What ``summary.json`` and the export call it.
    """

    kind: str
    location: str
    name: str


def resolve_base(ref: str) -> BaseRef:
    """Turn ``train.base_model`` into a :class:`BaseRef`.

    Raises:
        CoachsmithError: A path that looks local does not exist.
    """
    if ref == "bundled":
        from coachsmith.llm.llamacpp import bundled_model_path

        path = bundled_model_path()
        return BaseRef("gguf", str(path), "SmolLM2-135M-Instruct (bundled GGUF)")
    path = Path(ref).expanduser()
    if ref.endswith(".gguf"):
        if not path.is_file():
            raise CoachsmithError(f"train.base_model: GGUF file not found: {path}")
        return BaseRef("gguf", str(path.resolve()), path.name)
    if path.is_dir():
        return BaseRef("folder", str(path.resolve()), path.name)
    if ref.startswith((".", "/", "~")):
        raise CoachsmithError(f"train.base_model: no such folder: {path}")
    return BaseRef("hub", ref, ref)


def require_training_stack() -> None:
    """Fail with the install command when the ``train`` extra is missing."""
    for module in ("torch", "transformers", "peft", "trl", "accelerate"):
        if importlib.util.find_spec(module) is None:
            raise MissingDependencyError(module, "train")


def qlora_problem() -> str | None:
    """Why QLoRA cannot run here, or None when it can (CUDA and bitsandbytes present)."""
    import torch

    if not torch.cuda.is_available():
        return ("train.method: qlora needs a CUDA GPU (a 4-bit base is a bitsandbytes CUDA "
                "feature) and none is visible here; use method: lora (full-precision base) on "
                "this machine, or run on a machine with an NVIDIA GPU")
    if importlib.util.find_spec("bitsandbytes") is None:
        return ("train.method: qlora needs bitsandbytes: pip install bitsandbytes "
                "(on a machine with CUDA), or use method: lora")
    return None


def no_accelerator() -> bool:
    """True when torch sees neither a CUDA nor an Apple (MPS) device: training runs on the CPU."""
    import torch

    return not (torch.cuda.is_available() or torch.backends.mps.is_available())


def load_tokenizer(base: BaseRef) -> Any:
    """The base model's tokenizer, with its own chat template."""
    from transformers import AutoTokenizer

    if base.kind == "gguf":
        path = Path(base.location)
        tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    else:
        tok = AutoTokenizer.from_pretrained(base.location)
    if not getattr(tok, "chat_template", None):
        raise CoachsmithError(f"{base.name}: the tokenizer has no chat template; coachsmith "
                              "trains with the model's own template, so pick an instruct/chat model")
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return tok


def _rebuilt(model: Any) -> Any:
    from transformers import AutoConfig, AutoModelForCausalLM

    data = {k: v for k, v in model.config.to_dict().items()
            if k not in ("quantization_config", "_name_or_path", "transformers_version")}
    config = AutoConfig.for_model(**data)
    plain = AutoModelForCausalLM.from_config(config, dtype=model.dtype)  # type: ignore[no-untyped-call]
    missing, unexpected = plain.load_state_dict(model.state_dict(), strict=False)
    # Tied output embeddings appear under one name only; anything else missing is a real problem.
    missing = [k for k in missing if not (config.tie_word_embeddings and k == "lm_head.weight")]
    if missing or unexpected:
        raise CoachsmithError(f"rebuilding the dequantized GGUF model lost weights: missing "
                              f"{missing[:5]}, unexpected {unexpected[:5]}")
    plain.tie_weights()
    return plain


def load_model(base: BaseRef, *, dtype: str = "fp32", four_bit: bool = False) -> Any:
    """The base model in full precision (or 4-bit for QLoRA), ready to train or merge into.

    Args:
        base: Where it comes from.
        dtype: ``"fp32"``, ``"bf16"`` or ``"fp16"``: the weights' dtype.
        four_bit: Load in 4-bit NF4 through bitsandbytes (QLoRA). Never used to merge.

    Raises:
        CoachsmithError: QLoRA cannot run here, or a GGUF base was asked for in 4-bit.
    """
    import torch
    from transformers import AutoModelForCausalLM

    torch_dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[dtype]
    kwargs: dict[str, Any] = {"dtype": torch_dtype}
    if four_bit:
        problem = qlora_problem()
        if problem:
            raise CoachsmithError(problem)
        if base.kind == "gguf":
            raise CoachsmithError("train.method: qlora loads a safetensors base in 4-bit; a GGUF "
                                  "base is dequantized instead. Export it to a folder first, or "
                                  "use method: lora")
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(  # type: ignore[no-untyped-call]
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16 if dtype == "bf16" else torch.float16)
    if base.kind == "gguf":
        path = Path(base.location)
        model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, **kwargs)
        return _rebuilt(model)
    return AutoModelForCausalLM.from_pretrained(base.location, **kwargs)


__all__ = ["BaseRef", "load_model", "load_tokenizer", "no_accelerator", "qlora_problem",
           "require_training_stack", "resolve_base"]
