"""Merge the trained adapter into the full-precision base and save safetensors.

The base is always loaded in full precision here, whatever trained (QLoRA trains on a 4-bit
base; merging into one would bake the quantization error into every weight). The tokenizer is the
one saved with the adapter, so the exported model carries the tokenizer's original chat template
(no training markers).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from coachsmith.errors import CoachsmithError


def merge_adapter(base: Any, source: Path, out_dir: Path) -> Path:
    """Write ``out_dir``: the base with ``source``'s adapter merged in (or a full model copied).

    Args:
        base: A :class:`~coachsmith.train.base.BaseRef` for the model that was trained.
        source: ``train/adapter``, ``train/dpo/adapter`` or ``train/model`` (full fine-tuning).
        out_dir: ``<run_dir>/export/merged``; written beside it and renamed when complete.

    Raises:
        CoachsmithError: ``source`` holds neither an adapter nor a model.
    """
    from transformers import AutoTokenizer

    from coachsmith.train.base import load_model

    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    if (source / "adapter_config.json").is_file():
        from peft import PeftModel

        model = load_model(base, dtype="fp32", four_bit=False)
        if getattr(model, "is_loaded_in_4bit", False) or getattr(model, "is_loaded_in_8bit", False):
            raise CoachsmithError("refusing to merge into a quantized base")
        merged = PeftModel.from_pretrained(model, str(source)).merge_and_unload()
        merged.save_pretrained(tmp, safe_serialization=True)
    elif (source / "config.json").is_file():
        shutil.copytree(source, tmp)
    else:
        raise CoachsmithError(f"{source}: no adapter_config.json or config.json; train first "
                              "(coachsmith train -c run.yaml)")
    AutoTokenizer.from_pretrained(str(source)).save_pretrained(tmp)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    return out_dir


__all__ = ["merge_adapter"]
