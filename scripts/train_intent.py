"""Train the intent classifier: which therapeutic move a coach reply makes.

    python scripts/train_intent.py                      # -> build/safety/intent.npz + intent.json
    python scripts/train_intent.py --out DIR

Needs the ``safety-train`` extra (scikit-learn). Reads ``data/intent/replies.jsonl``; never
reads its ``test`` split (the benchmark's) and never writes into the installed package: ship a
result with ``cp build/safety/intent.* src/coachsmith/safety/models/``.

A multinomial logistic regression over :class:`coachsmith.safety.features.Featurizer` features
(pooled SmolLM2 token embeddings, the sentence encoder's vector, hashed word and char n-grams).
Pooling, the encoder block's weight and C are chosen by validation accuracy; nothing is
calibrated afterwards, so the chosen setting is refit on train + validation.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coachsmith.safety._linear import LinearHead
from coachsmith.safety.base import INTENTS
from coachsmith.safety.features import (
    DENSE_DIM,
    N_FEATURES,
    FeatureConfig,
    Featurizer,
    Pooling,
    load_embeddings,
)
from coachsmith.safety.intent import INTENT_MODEL_FILE, IntentModel

REPO = Path(__file__).resolve().parent.parent

# --- settings ---------------------------------------------------------------------------------
C_GRID = (10.0, 30.0)               # inverse L2 strengths tried
POOLINGS: tuple[Pooling, ...] = ("mean", "sif")
CONTEXT_WEIGHTS = (0.0, 1.0)        # weight of the sentence encoder's block (0: none)


@dataclass(frozen=True)
class Reply:
    """One labelled coach reply (a row of ``replies.jsonl``)."""

    text: str
    intent: str
    split: str


def read_replies(path: Path) -> list[Reply]:
    """Rows of ``replies.jsonl`` (``scripts/split_data.py`` has checked each one)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [Reply(r["text"], r["intent"], r["split"]) for r in rows]


def design_matrix(featurizer: Featurizer, texts: Sequence[str]) -> Any:
    """Sparse ``(len(texts), N_FEATURES)`` matrix of the texts' features."""
    from scipy import sparse  # type: ignore[import-untyped]

    dense = np.zeros((len(texts), DENSE_DIM), dtype=np.float32)
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        f = featurizer.features(text)
        dense[i] = f.dense
        rows.append(np.full(len(f.indices), i, dtype=np.int64))
        cols.append(f.indices)
        vals.append(f.values)
    dense_part = sparse.csr_matrix(dense)
    dense_part.resize((len(texts), N_FEATURES))
    hashed = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                               shape=(len(texts), N_FEATURES))
    return (dense_part + hashed).tocsr()


def fit_softmax(x: Any, labels: Sequence[int], n_classes: int, c: float) -> LinearHead:
    """Multinomial logistic regression; classes absent from ``labels`` get a very low bias."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    clf = LogisticRegression(C=c, max_iter=3000).fit(x, list(labels))
    coef = np.zeros((n_classes, N_FEATURES), dtype=np.float32)
    bias = np.full(n_classes, -30.0, dtype=np.float32)
    for row, k in enumerate(int(k) for k in clf.classes_):
        coef[k], bias[k] = clf.coef_[row], clf.intercept_[row]
    return LinearHead.from_coefficients(coef, bias)


def train_intent(replies: Sequence[Reply], featurizer: Featurizer,
                 log: Any = sys.stderr) -> IntentModel:
    """Choose pooling, context weight and C on validation, then refit on train + validation."""
    train = [r for r in replies if r.split == "train"]
    valid = [r for r in replies if r.split == "validation"]
    if not train or not valid:
        raise ValueError("train_intent needs train and validation rows")
    y_valid = np.array([INTENTS.index(r.intent) for r in valid])
    best: tuple[float, IntentModel] | None = None
    for pooling in POOLINGS:
        for context in CONTEXT_WEIGHTS:
            fz = featurizer.with_config(FeatureConfig(pooling=pooling, context_weight=context))
            x_train = design_matrix(fz, [r.text for r in train])
            for c in C_GRID:
                head = fit_softmax(x_train, [INTENTS.index(r.intent) for r in train],
                                   len(INTENTS), c)
                model = IntentModel(fz, head)
                predicted = np.array([int(np.argmax(model.probabilities(r.text)))
                                      for r in valid])
                accuracy = float((predicted == y_valid).mean())
                print(f"intent pooling={pooling} context={context} C={c}: validation accuracy "
                      f"{accuracy:.3f}", file=log, flush=True)
                if best is None or accuracy > best[0]:
                    best = (accuracy, IntentModel(fz, head, {
                        "validation_accuracy": round(accuracy, 4), "pooling": pooling,
                        "context_weight": context, "C": c, "train_rows": len(train),
                        "validation_rows": len(valid)}))
    assert best is not None
    chosen = best[1]
    both = train + valid
    head = fit_softmax(design_matrix(chosen.featurizer, [r.text for r in both]),
                       [INTENTS.index(r.intent) for r in both], len(INTENTS),
                       float(chosen.metrics["C"]))
    return IntentModel(chosen.featurizer, head, {**chosen.metrics, "refit_rows": len(both)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data/intent/replies.jsonl")
    parser.add_argument("--embeddings", type=Path, help="the token table (default: packaged)")
    parser.add_argument("--out", type=Path, default=REPO / "build/safety")
    args = parser.parse_args(argv)
    if any(p in ("site-packages", "dist-packages") for p in args.out.resolve().parts):
        raise SystemExit(f"refusing to write into an installed package: {args.out.resolve()}")
    started = time.perf_counter()
    featurizer = Featurizer(load_embeddings(args.embeddings))
    model = train_intent(read_replies(args.data), featurizer)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save(args.out / INTENT_MODEL_FILE)
    summary = {"validation": model.metrics, "train_seconds": round(time.perf_counter() - started)}
    (args.out / "intent.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
