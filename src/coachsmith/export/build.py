"""The export recipe: merge → GGUF (f16) → quantize → Modelfile → verify.

Each step writes its output beside the final name and renames it when complete, and a step whose
output exists is skipped, so a killed export resumes where it stopped. Only ``out_dir``
(``<run_dir>/export``) is written.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coachsmith.export.config import ExportConfig
from coachsmith.export.gguf import convert_to_gguf, find_converter, quantize
from coachsmith.export.merge import merge_adapter
from coachsmith.export.modelfile import TurnFormat, detect_format, render_modelfile
from coachsmith.export.verify import (
    Check,
    check_greedy_agreement,
    check_loads_and_stops,
    check_template_tokens,
)

_PROBE_CONVERSATIONS: tuple[list[dict[str, str]], ...] = (
    [{"role": "user", "content": "I keep putting off a hard email and it is eating my evenings."}],
    [{"role": "user", "content": "Work is loud lately."},
     {"role": "assistant", "content": "That sounds draining. What part of it weighs most?"},
     {"role": "user", "content": "Mostly the meetings, and I sleep badly after them."}],
    [{"role": "user", "content": "Can you help me plan a calmer morning?"}],
    [{"role": "user", "content": "My sister and I argued and I don't know how to start again."}],
    [{"role": "user", "content": "I finished the walk we talked about last week!"}],
    [{"role": "user", "content": "Three things: money worries, a move, and my mum's health."}],
)


@dataclass
class ExportSummary:
    """What the export produced, for ``<run_dir>/export/summary.json``."""

    source: str
    merged: str
    gguf: dict[str, str] = field(default_factory=dict)
    modelfile: str | None = None
    template_family: str | None = None
    checks: list[Check] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def passed(self) -> bool:
        """Every check passed."""
        return all(c.passed for c in self.checks)


def probe_conversations(system: str, count: int) -> list[list[dict[str, str]]]:
    """``count`` short conversations under the coach's system prompt, for the checks."""
    picked = [_PROBE_CONVERSATIONS[i % len(_PROBE_CONVERSATIONS)] for i in range(count)]
    return [[{"role": "system", "content": system}, *conv] for conv in picked]


def export_model(*, cfg: ExportConfig, base: Any, source: Path, out_dir: Path, name: str,
                 system: str) -> ExportSummary:
    """Build the merged model, GGUF files and Modelfile from a training output, then verify.

    Args:
        cfg: The ``export:`` settings.
        base: The :class:`~coachsmith.train.base.BaseRef` the adapter was trained on.
        source: The adapter (or full model) folder.
        out_dir: ``<run_dir>/export``.
        name: File stem of the GGUF files.
        system: The coach system prompt for the Modelfile and the checks.

    Returns:
        What was written and each check; the caller fails the command when a check failed.

    Raises:
        CoachsmithError: A step failed (converter missing and unfetchable, conversion or
            quantization error, unknown template family).
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    logs = out_dir / "logs"

    # 1. merge into the full-precision base (never a 4-bit one)
    merged = out_dir / "merged"
    if not (merged / "config.json").is_file():
        merge_adapter(base, source, merged)
    tokenizer = AutoTokenizer.from_pretrained(str(merged))
    summary = ExportSummary(source=str(source), merged=str(merged))

    # 2. the chat template in Ollama's syntax, checked before anything else is built
    if cfg.ollama_template is not None:
        template, stops = cfg.ollama_template, [str(tokenizer.eos_token)]
    else:
        fmt: TurnFormat = detect_format(tokenizer)
        template, stops = fmt.go_template(), list(fmt.stops)
        summary.template_family = fmt.family

    # 3. GGUF with llama.cpp's own converter, then quantized with llama.cpp
    unquantized = out_dir / f"{name}-{cfg.outtype}.gguf"
    if not unquantized.is_file():
        convert_to_gguf(merged, unquantized, outtype=cfg.outtype, log=logs / "convert.log",
                        converter=find_converter())
    summary.gguf[cfg.outtype] = str(unquantized)
    for qtype in cfg.quantizations:
        target = out_dir / f"{name}-{qtype}.gguf"
        if not target.is_file():
            quantize(unquantized, target, qtype, log=logs / f"quantize-{qtype}.log")
        summary.gguf[qtype] = str(target)
    runtime = Path(summary.gguf[cfg.quantizations[0]] if cfg.quantizations else unquantized)

    # 4. the Modelfile next to the GGUF it names
    modelfile = out_dir / "Modelfile"
    modelfile.write_text(render_modelfile(
        gguf_name=runtime.name, template=template, stops=stops, system=system,
        temperature=cfg.temperature, top_p=cfg.top_p, repeat_penalty=cfg.repeat_penalty,
        num_ctx=cfg.num_ctx), encoding="utf-8")
    summary.modelfile = str(modelfile)

    # 5. verify
    if cfg.verify:
        convs = probe_conversations(system, cfg.verify_prompts)
        sampling = {"temperature": cfg.temperature, "top_p": cfg.top_p,
                    "repeat_penalty": cfg.repeat_penalty}
        for path in [Path(p) for p in summary.gguf.values()]:
            summary.checks.append(check_loads_and_stops(
                path, convs, max_tokens=cfg.verify_max_tokens, sampling=sampling, stops=stops))
        summary.checks.append(check_template_tokens(tokenizer, runtime, convs))
        model = AutoModelForCausalLM.from_pretrained(str(merged))
        summary.checks.append(check_greedy_agreement(model, tokenizer, unquantized, convs))
        del model
    if not cfg.keep_unquantized and cfg.quantizations and summary.passed:
        unquantized.unlink(missing_ok=True)
        summary.gguf.pop(cfg.outtype)
    shutil.rmtree(out_dir / "merged.partial", ignore_errors=True)
    summary.wall_s = round(time.perf_counter() - started, 2)
    return summary


def require_export_stack() -> None:
    """Fail with the install command when the export extra is missing."""
    import importlib.util

    from coachsmith.errors import MissingDependencyError

    for module in ("torch", "transformers", "peft", "sentencepiece", "llama_cpp"):
        if importlib.util.find_spec(module) is None:
            raise MissingDependencyError(module, "export")


__all__ = ["ExportSummary", "export_model", "probe_conversations",
           "require_export_stack"]
