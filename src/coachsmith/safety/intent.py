"""The intent classifier: which therapeutic move a coach reply makes (see data/intent/GUIDE.md).

A multinomial logistic regression over the same features as the risk model
(:mod:`coachsmith.safety.features`), weights in ``models/intent.npz``.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coachsmith.safety._linear import LinearHead, softmax
from coachsmith.safety.base import INTENTS, Intent
from coachsmith.safety.features import (
    FeatureConfig,
    Featurizer,
    FloatArray,
    load_embeddings,
    normalize_text,
    packaged_model_file,
)

INTENT_MODEL_FILE = "intent.npz"


@dataclass(frozen=True)
class IntentModel:
    """Trained intent weights; implements ``IntentClassifier``.

    Attributes:
        featurizer: Text features.
        head: Ten logits, one per intent in ``INTENTS`` order (softmax).
        metrics: Validation metrics recorded at training time.
    """

    featurizer: Featurizer
    head: LinearHead
    metrics: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, text: str) -> FloatArray:
        """``P(intent)`` in ``INTENTS`` order."""
        return softmax(self.head.logits(self.featurizer.features(text)))

    def classify(self, text: str) -> Intent:
        """The most likely intent; ``other`` for empty or whitespace-only text."""
        if not normalize_text(text):
            return "other"
        return INTENTS[int(np.argmax(self.probabilities(text)))]

    def save(self, path: Path) -> None:
        """Write weights, feature config and metrics to one compressed ``.npz`` file."""
        arrays: dict[str, Any] = {
            **self.head.to_arrays("intent"), "feature_config": self.featurizer.config.to_array(),
            "metrics_json": np.array(json.dumps(self.metrics, sort_keys=True))}
        with path.open("wb") as f:
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path: Path, featurizer: Featurizer | None = None) -> IntentModel:
        """Read a model written by :meth:`save` (``featurizer``: as in ``RiskModel.load``)."""
        with np.load(path, allow_pickle=False) as data:
            config = FeatureConfig.from_array(data["feature_config"])
            base = featurizer or Featurizer(load_embeddings())
            return cls(base.with_config(config), LinearHead.from_arrays(data, "intent"),
                       json.loads(str(data["metrics_json"])))


_lock = threading.Lock()


@functools.cache
def _packaged() -> IntentModel:
    return IntentModel.load(packaged_model_file(INTENT_MODEL_FILE))


def load_intent_classifier() -> IntentModel:
    """The packaged intent classifier (read once per process, thread-safe).

    Raises:
        FileNotFoundError: The packaged model file is missing (a broken install).
    """
    with _lock:
        return _packaged()
