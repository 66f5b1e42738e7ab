"""A linear layer over :class:`~coachsmith.safety.features.Features`, stored in ``.npz`` files.

Run time is plain numpy: a dense matrix product plus a gather over the sparse feature columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from coachsmith.safety.features import DENSE_DIM, Features, FloatArray, linear_scores


@dataclass(frozen=True)
class LinearHead:
    """Weights of ``k`` linear scores over the feature vector.

    Attributes:
        dense: ``(DENSE_DIM, k)`` float32 weights of the pooled-embedding block.
        sparse: ``(WORD_BUCKETS + CHAR_BUCKETS, k)`` weights of the hashed n-gram blocks
            (float16 on disk and in memory: half the size, no measurable change in scores).
        bias: ``(k,)`` float32 intercepts.
    """

    dense: FloatArray
    sparse: npt.NDArray[Any]
    bias: FloatArray

    def logits(self, features: Features) -> FloatArray:
        """The ``k`` raw scores of one message."""
        return linear_scores(features, self.dense, self.sparse, self.bias)

    def to_arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        """Arrays for ``np.savez_compressed``, keys prefixed with ``prefix``."""
        return {f"{prefix}_dense": self.dense.astype(np.float32),
                f"{prefix}_sparse": self.sparse.astype(np.float16),
                f"{prefix}_bias": self.bias.astype(np.float32)}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> LinearHead:
        """Inverse of :meth:`to_arrays` (``arrays`` is a loaded ``NpzFile`` or a dict). Files
        from before the context block have fewer dense rows; the missing rows weigh 0."""
        dense = np.asarray(arrays[f"{prefix}_dense"], dtype=np.float32)
        if dense.shape[0] < DENSE_DIM:
            dense = np.vstack([dense, np.zeros((DENSE_DIM - dense.shape[0], dense.shape[1]),
                                               np.float32)])
        return cls(dense, np.asarray(arrays[f"{prefix}_sparse"], dtype=np.float16),
                   np.asarray(arrays[f"{prefix}_bias"], dtype=np.float32))

    @classmethod
    def from_coefficients(cls, coef: npt.NDArray[Any], intercept: npt.NDArray[Any]) -> LinearHead:
        """From scikit-learn's ``coef_`` ``(k, n_features)`` and ``intercept_`` ``(k,)``."""
        weights = np.asarray(coef, dtype=np.float32).T
        return cls(np.ascontiguousarray(weights[:DENSE_DIM]),
                   np.ascontiguousarray(weights[DENSE_DIM:]).astype(np.float16),
                   np.asarray(intercept, dtype=np.float32))


def softmax(logits: FloatArray) -> FloatArray:
    """Softmax of a 1-d array."""
    z = np.exp(logits - np.max(logits))
    out: FloatArray = (z / z.sum()).astype(np.float32)
    return out


def sigmoid(logits: FloatArray) -> FloatArray:
    """Elementwise logistic function."""
    out: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0)))).astype(np.float32)
    return out
