"""Sliced against prefix-shared training: tokens per epoch, wall time per epoch, holdout loss.

    python benchmarks/training.py                          # 6 transcripts x 8 exchanges
    python benchmarks/training.py --exchanges 4 --out F.md # the quickstart's length

The dataset has the quickstart's shape: the therapy pack's coach system prompt (rendered as the
coach gets it), multi-session coaching transcripts whose user and coach turns have the lengths
the generator aims for, written in both contract forms from the same transcripts. Both forms
train one epoch of LoRA on the bundled SmolLM2-135M-Instruct with the same settings; the sliced
form's gradient accumulation is ``exchanges`` times larger, so both take the same number of
optimizer steps over the same transcripts (the same expected gradient per step). Wall time is
the Trainer's own (no checkpoints, no evaluation inside the epoch); holdout loss is the exact
weighted loss on the same prefix-shared holdout after the epoch.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from coachsmith.domain import load_domain
from coachsmith.train.config import TrainConfig
from coachsmith.train.data import TrainExample
from coachsmith.train.sft import train_sft

_USER_TEXT = (
    'work has been relentless and I keep snapping at my partner when I get home, then I lie '
    "awake replaying it; my sister says I should talk to someone but I don't know what I "
    "would even say, and I haven't called my mum back in two weeks which makes me feel guilty "
    'about everything else too'
)
_USER = _USER_TEXT.split()
_COACH_TEXT = (
    'it sounds like the pressure at work is spilling into the evenings and the guilt is '
    'adding weight on top; one small step could be noticing the moment you walk in the door '
    'and giving yourself two minutes before you speak; what tends to happen in your body '
    'right then, and what would feel like a kind way to meet it; we could also look at the '
    'call to your mum as its own small thing rather than part of the pile'
)
_COACH = _COACH_TEXT.split()


def _turn(words: list[str], n: int, rng: random.Random) -> str:
    start = rng.randrange(len(words))
    return " ".join(words[(start + i) % len(words)] for i in range(n)).capitalize() + "."


def transcript(index: int, exchanges: int, system: str, rng: random.Random) -> list[dict[str, Any]]:
    """One conversation: user turns of 40-90 words, coach turns of 60-120 words."""
    msgs: list[dict[str, Any]] = [{"role": "system", "content": system}]
    for _ in range(exchanges):
        msgs.append({"role": "user", "content": _turn(_USER, rng.randint(40, 90), rng)})
        msgs.append({"role": "assistant", "content": _turn(_COACH, rng.randint(60, 120), rng)})
    return msgs


def both_forms(messages: list[dict[str, Any]], tid: str) -> tuple[TrainExample, list[TrainExample]]:
    """The transcript as one prefix-shared example and as its slices."""
    ends = [i for i, m in enumerate(messages) if m["role"] == "assistant"]
    shared = [dict(m, weight=float(len(ends) - ends.index(i))) if i in ends else m
              for i, m in enumerate(messages)]
    slices = [TrainExample.model_validate({
        "id": f"{tid}#{n}", "meta": {"transcript_id": tid, "form": "sliced"},
        "messages": [dict(m, weight=1.0) if m["role"] == "assistant" else m
                     for m in messages[: end + 1]]}) for n, end in enumerate(ends)]
    return TrainExample.model_validate({"id": tid, "messages": shared,
                                        "meta": {"transcript_id": tid, "form": "prefix_shared"}}), slices


def run(transcripts: int, exchanges: int, holdout_n: int, seed: int) -> list[dict[str, Any]]:
    system = load_domain("therapy").prompt("coach_system").render(
        session_context="Session type: check-in. This is the person's first session.").strip()
    rng = random.Random(seed)
    shared, sliced = [], []
    for i in range(transcripts):
        one, cut = both_forms(transcript(i, exchanges, system, rng), f"t{i}")
        shared.append(one)
        sliced += cut
    holdout = [both_forms(transcript(100 + i, exchanges, system, rng), f"h{i}")[0]
               for i in range(holdout_n)]
    rows = []
    for form, data, accum in (("prefix_shared", shared, 2), ("sliced", sliced, 2 * exchanges)):
        cfg = TrainConfig(epochs=1.0, grad_accum=accum, lora_r=8, max_length=8192, save_steps=10**6,
                          early_stopping_patience=None, logging_steps=10**6, warmup_ratio=0.0)
        with tempfile.TemporaryDirectory() as tmp:
            summary = train_sft(cfg=cfg, train=data, holdout=holdout, out_dir=Path(tmp), seed=seed)
        [stage] = summary.stages
        rows.append({"form": form, "examples": len(data), "tokens": stage.tokens_per_epoch,
                     "weighted": summary.data["weighted_tokens"], "steps": stage.steps,
                     "wall_s": stage.wall_s, "before": stage.holdout_loss_before,
                     "after": stage.holdout_loss_after})
    return rows


def render(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    shared, cut = rows
    lines = [
        f"`python benchmarks/training.py --transcripts {args.transcripts} --exchanges "
        f"{args.exchanges}` on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; bundled SmolLM2-135M-Instruct (dequantized, fp32), "
        "LoRA r=8, one epoch per form.",
        "",
        "| form | examples | tokens/epoch | weighted tokens | optimizer steps | wall s/epoch | "
        "holdout loss before → after |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['form']} | {r['examples']} | {r['tokens']} | {r['weighted']:.0f} | "
                     f"{r['steps']} | {r['wall_s']:.1f} | {r['before']:.4f} → {r['after']:.4f} |")
    lines += ["", f"Sliced / prefix-shared: {cut['tokens'] / shared['tokens']:.2f}× the tokens, "
              f"{cut['wall_s'] / shared['wall_s']:.2f}× the wall time; holdout loss after the epoch "
              f"differs by {abs(cut['after'] - shared['after']):.4f} nats."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=6)
    parser.add_argument("--exchanges", type=int, default=8)
    parser.add_argument("--holdout", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    text = render(run(args.transcripts, args.exchanges, args.holdout, args.seed), args)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
