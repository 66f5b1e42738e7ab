"""Benchmark the packaged risk and intent classifiers on their test splits.

    python benchmarks/risk.py                 # prints a Markdown block
    python benchmarks/risk.py --out FILE.md   # also writes it to FILE.md

Measures, on ``data/risk/messages.jsonl`` split ``test`` (never used for training or tuning):
high-risk recall per category and overall with precision, the false-positive rate on hard
negatives (level none, kind in ``HARD_NEGATIVE_KINDS``) for any high rating and for confident
ones (those get the full crisis message; the rest get the check question), the level confusion
matrix; intent
accuracy on ``data/intent/replies.jsonl`` split ``test``; latency per message (one at a time,
after warm-up) and throughput on this machine; model file sizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from coachsmith.safety.base import RISK_CATEGORIES, RISK_LEVELS
from coachsmith.safety.encoder import ENCODER_FILE, encoder_path
from coachsmith.safety.features import models_dir
from coachsmith.safety.intent import load_intent_classifier
from coachsmith.safety.patterns import match_patterns
from coachsmith.safety.risk import load_risk_classifier
from coachsmith.safety.train import (
    HARD_NEGATIVE_KINDS,
    read_intent_examples,
    read_risk_examples,
)

REPO = Path(__file__).resolve().parent.parent
#: Source files of the fourth and fifth data rounds, added after the rest of the test split had
#: been read five times (benchmarks/RESULTS.md lists every read): their test messages are
#: reported on their own as the cleaner hold-out.
FRESH_SOURCES = frozenset({"r4_suicidal", "r4_not_high", "r4_distress", "r4_other",
                           "r5_languages", "r5_everyday"})
TARGETS = {"recall": 0.98, "hard_negative_fpr": 0.05, "p95_ms": 100.0, "files_mb": 50.0,
           "intent_accuracy": 0.85}


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="also write the Markdown block here")
    args = parser.parse_args(argv)

    rows = [r for r in read_risk_examples(REPO / "data/risk/messages.jsonl") if r.split == "test"]
    fresh = np.array([r.source in FRESH_SOURCES for r in rows])
    replies = [r for r in read_intent_examples(REPO / "data/intent/replies.jsonl")
               if r.split == "test"]
    classifier = load_risk_classifier()
    intent = load_intent_classifier()
    for i in range(30):  # warm-up: tokenizer, encoder weights (not the test texts: the
        classifier.assess(f"warm-up message number {i}")  # encoder caches what it has read)

    latencies, levels, categories, sure = [], [], [], []
    for r in rows:
        start = time.perf_counter()
        a = classifier.assess(r.text)
        latencies.append(time.perf_counter() - start)
        levels.append(a.level)
        categories.append(a.categories)
        sure.append(a.level == "high" and a.confident)
    flagged = np.array([lv == "high" for lv in levels])
    confident = np.array(sure)
    truth_high = np.array([r.level == "high" for r in rows])
    pattern_high = np.array([match_patterns(r.text).level == "high" for r in rows])
    hard = np.array([r.level == "none" and r.kind in HARD_NEGATIVE_KINDS for r in rows])
    long_text = " ".join(r.text for r in rows if r.level == "none")[:1500]
    counter = iter(range(1_000_000))  # a new text each time, so no cache answers
    long_ms = _median_ms(lambda: classifier.assess(f"{long_text} {next(counter)}"), 20)
    intent_hits = [intent.classify(r.text) == r.intent for r in replies]
    sizes = {p.name: p.stat().st_size for p in sorted(models_dir().iterdir())
             if p.suffix in (".npy", ".npz")}
    sizes[ENCODER_FILE] = encoder_path().stat().st_size  # built from its package, cached

    ms = sorted(1000 * x for x in latencies)
    p50, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
    lines = [
        "```", "$ python benchmarks/risk.py",
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        f"risk test split: {len(rows)} messages ({int(truth_high.sum())} high, "
        f"{int(hard.sum())} hard negatives); intent test split: {len(replies)} replies",
        f"thresholds (calibrated out of fold on train + validation): P(high) >= "
        f"{classifier.model.high_threshold:.3f}; window >= {classifier.model.window_threshold:.3f}"
        f" ({classifier.model.window_sentences}-sentence windows); confident (full crisis "
        f"message) >= {classifier.model.confident_threshold:.3f}", "```", "",
        "| high-risk recall | n | recall (target >= 98 %) | of which phrase layer alone | "
        "full crisis message at once | precision |", "|---|---|---|---|---|---|"]
    for c in RISK_CATEGORIES:
        members = truth_high & np.array([c in r.categories for r in rows])
        predicted_c = flagged & np.array([c in cats for cats in categories])
        precision = float(truth_high[predicted_c].mean()) if predicted_c.any() else float("nan")
        lines.append(f"| {c} | {int(members.sum())} | {_pct(flagged[members].mean())} | "
                     f"{_pct(pattern_high[members].mean())} | "
                     f"{_pct(confident[members].mean())} | {_pct(precision)} |")
    lines.append(f"| **all high** | {int(truth_high.sum())} | "
                 f"**{_pct(flagged[truth_high].mean())}** | {_pct(pattern_high[truth_high].mean())}"
                 f" | {_pct(confident[truth_high].mean())} | {_pct(truth_high[flagged].mean())} |")
    if fresh.any():
        lines += ["", f"Test messages of the fourth and fifth data rounds only "
                  f"({int(fresh.sum())}; added after the rest had been read five times):", "",
                  "| subset | n | rated high | full crisis message |", "|---|---|---|---|"]
        subsets = [(c, truth_high & np.array([c in r.categories for r in rows]))
                   for c in RISK_CATEGORIES]
        subsets += [("all high", truth_high), ("hard negatives", hard),
                    ("all non-high", ~truth_high)]
        for name, members in subsets:
            members = members & fresh
            if members.any():
                lines.append(f"| {name} | {int(members.sum())} | {_pct(flagged[members].mean())}"
                             f" | {_pct(confident[members].mean())} |")
    at_least_medium = np.array([RISK_LEVELS.index(lv) >= 2 for lv in levels])
    lines += ["",
              f"- hard negatives rated high (FPR, target <= 5 %): **{_pct(flagged[hard].mean())}** "
              f"({int(flagged[hard].sum())}/{int(hard.sum())}); rated medium or high: "
              f"{_pct(at_least_medium[hard].mean())}",
              f"- hard negatives sent the full crisis message (confident high): "
              f"**{_pct(confident[hard].mean())}** ({int(confident[hard].sum())}/"
              f"{int(hard.sum())}); the other {int((flagged & ~confident)[hard].sum())} flagged "
              "ones get the check question",
              f"- all non-high messages rated high: {_pct(flagged[~truth_high].mean())}; "
              f"confident high: {_pct(confident[~truth_high].mean())}",
              f"- intent accuracy (target > 85 %): **{_pct(float(np.mean(intent_hits)))}**",
              f"- latency per message, one at a time: p50 {p50:.1f} ms, p95 **{p95:.1f} ms** "
              f"(target < 100 ms); a 1,500-character message: {long_ms:.1f} ms",
              f"- throughput: {60_000 / statistics.mean(ms):,.0f} messages/minute (one thread)",
              "- model files: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items())
              + f"; total **{sum(sizes.values()) / 1e6:.1f} MB** (target < 50 MB)",
              "", "| true \\ predicted | " + " | ".join(RISK_LEVELS) + " |",
              "|---|" + "---|" * len(RISK_LEVELS)]
    for true_level in RISK_LEVELS:
        counts = [sum(1 for r, lv in zip(rows, levels, strict=True)
                      if r.level == true_level and lv == pred) for pred in RISK_LEVELS]
        lines.append(f"| {true_level} | " + " | ".join(str(n) for n in counts) + " |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


def _median_ms(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
