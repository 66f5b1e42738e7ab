"""Checks on an exported model; the export fails when one fails.

1. **loads and stops**: each GGUF loads in llama.cpp, answers a chat message, and stops on its own
   (finish reason ``stop``) before ``max_tokens``: no endless generation.
2. **one template**: a conversation rendered with the transformers tokenizer's template and the
   template stored in the GGUF gives the same token ids in transformers and in llama.cpp, and the
   GGUF's template carries no training markers (``{% generation %}``).
3. **greedy agreement**: on a few conversations, the f16 GGUF and the merged model pick the same
   next token at each step of the merged model's greedy continuation (teacher-forced). Where the
   merged model's top two logits are within ``tie_margin`` a disagreement is a near tie, reported
   but not failed: f16 rounding may flip it.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Check:
    """One check's outcome."""

    name: str
    passed: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)


def _llama(path: Path, n_ctx: int = 4096, *, logits_all: bool = False) -> Any:
    from llama_cpp import Llama

    with contextlib.redirect_stderr(io.StringIO()):
        return Llama(str(path), n_ctx=n_ctx, verbose=False, logits_all=logits_all)


def check_loads_and_stops(gguf: Path, conversations: Sequence[list[dict[str, str]]], *,
                          max_tokens: int, sampling: dict[str, float], stops: Sequence[str],
                          seed: int = 0) -> Check:
    """Load ``gguf`` in llama.cpp and answer each conversation, sampling as the Modelfile does.

    Passes when the GGUF's end-of-sequence token is one of the end-of-turn ``stops``, every
    answer is non-empty, and at least one stops on its own before ``max_tokens``: a broken
    end-of-turn token makes *every* answer run on, while a small model may ramble on some
    prompts with a working one.
    """
    name = f"loads_and_stops:{gguf.name}"
    replies = []
    try:
        llm = _llama(gguf)
        eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", errors="replace")
        for conv in conversations:
            out = llm.create_chat_completion(conv, max_tokens=max_tokens, seed=seed, **sampling)
            choice = out["choices"][0]
            replies.append({"text": (choice["message"].get("content") or "").strip()[:300],
                            "tokens": out["usage"]["completion_tokens"],
                            "stopped": choice.get("finish_reason") == "stop"})
        llm.close()
    except Exception as exc:  # any load or decode failure is the finding
        return Check(name, False, f"llama.cpp failed: {exc}")
    stopped = sum(r["stopped"] for r in replies)
    empty = sum(not r["text"] for r in replies)
    passed = empty == 0 and stopped >= 1 and eos in stops
    detail = (f"{stopped} of {len(replies)} answers stopped on their own before {max_tokens} "
              f"tokens" + (f"; {empty} were empty" if empty else "")
              + ("" if eos in stops else f"; the GGUF's end token {eos!r} is not a stop"))
    return Check(name, passed, detail, {"replies": replies, "eos": eos})


def check_template_tokens(tokenizer: Any, gguf: Path, conversations: Sequence[list[dict[str, str]]]
                          ) -> Check:
    """Same token ids from the transformers template and the GGUF's template in llama.cpp."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    llm = _llama(gguf)
    template = str(llm.metadata.get("tokenizer.chat_template", ""))
    if "{% generation %}" in template or "{%- generation" in template:
        llm.close()
        return Check("template_tokens", False, "the GGUF's chat template holds {% generation %} "
                     "markers, which llama.cpp cannot load; export the tokenizer's original template")
    def text(token: int) -> str:
        return str(llm.detokenize([token], special=True).decode("utf-8", errors="replace"))

    formatter = Jinja2ChatFormatter(template, eos_token=text(llm.token_eos()),
                                    bos_token=text(llm.token_bos()))
    mismatches = []
    for i, conv in enumerate(conversations):
        hf = tokenizer(tokenizer.apply_chat_template(conv, tokenize=False, add_generation_prompt=True),
                       add_special_tokens=False)["input_ids"]
        prompt = formatter(messages=conv).prompt  # type: ignore[arg-type]
        cpp = llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        if list(hf) != list(cpp):
            first = next((k for k, (a, b) in enumerate(zip(hf, cpp, strict=False)) if a != b),
                         min(len(hf), len(cpp)))
            mismatches.append({"conversation": i, "first_difference": first,
                               "transformers": len(hf), "llama.cpp": len(cpp)})
    llm.close()
    passed = not mismatches
    detail = (f"{len(conversations)} conversations render to the same token ids" if passed else
              f"{len(mismatches)} of {len(conversations)} conversations differ")
    return Check("template_tokens", passed, detail, {"mismatches": mismatches})


def check_greedy_agreement(model: Any, tokenizer: Any, gguf: Path,
                           conversations: Sequence[list[dict[str, str]]], *, steps: int = 8,
                           tie_margin: float = 0.05) -> Check:
    """The GGUF and the merged model agree on greedy next tokens (teacher-forced)."""
    import numpy as np
    import torch

    prompts = [tokenizer(tokenizer.apply_chat_template(conv, tokenize=False, add_generation_prompt=True),
                         add_special_tokens=False, return_tensors="pt")["input_ids"]
               for conv in conversations]
    # llama.cpp keeps logits only for the last token unless asked for every row
    llm = _llama(gguf, max(p.shape[1] for p in prompts) + steps + 8, logits_all=True)
    agree = total = ties = 0
    failures = []
    for i, prompt in enumerate(prompts):
        with torch.no_grad():
            out = model.generate(prompt, max_new_tokens=steps, do_sample=False,
                                 output_scores=True, return_dict_in_generate=True,
                                 pad_token_id=tokenizer.pad_token_id)
        ids = out.sequences[0].tolist()
        llm.reset()
        llm.eval(ids[: prompt.shape[1]])
        for k, scores in enumerate(out.scores):
            want = ids[prompt.shape[1] + k]
            got = int(np.argmax(llm.scores[llm.n_tokens - 1]))
            top2 = torch.topk(scores[0].float(), 2).values
            total += 1
            if got == want:
                agree += 1
            elif float(top2[0] - top2[1]) < tie_margin:
                ties += 1
            else:
                failures.append({"conversation": i, "step": k, "merged": want, "gguf": got})
            if want == llm.token_eos() or k == len(out.scores) - 1:
                break
            llm.eval([want])
    llm.close()
    passed = not failures
    return Check("greedy_agreement", passed,
                 f"{agree} of {total} greedy tokens agree ({ties} near ties)",
                 {"agree": agree, "total": total, "near_ties": ties, "failures": failures})


def checks_to_dict(checks: Sequence[Check]) -> dict[str, Any]:
    """``verify.json``: every check and whether all passed."""
    return {"passed": all(c.passed for c in checks), "checks": [asdict(c) for c in checks]}


__all__ = ["Check", "check_greedy_agreement", "check_loads_and_stops", "check_template_tokens",
           "checks_to_dict"]
