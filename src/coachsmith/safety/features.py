"""Text features for the safety classifiers: offline, CPU only, nothing downloaded.

One message becomes a :class:`Features` value with two parts, which a linear model reads as the
concatenation ``[dense | context | word buckets | char buckets]``:

* **dense** (``2 * 128`` floats): the message is tokenized with the bundled SmolLM2 tokenizer
  (``llama_cpp.Llama(vocab_only=True)``), each token looks up its row in a static embedding
  table, and the rows are pooled: a weighted mean (``"mean"``: every token weighs 1; ``"sif"``:
  a token of BPE rank ``r`` weighs ``a / (a + p(r))`` with a Zipf prior ``p``) next to an
  elementwise max. The table is SmolLM2-135M's input embedding matrix ``token_embd.weight``
  (49,152 x 576), dequantized from the bundled GGUF and reduced with PCA to 128 dimensions at
  build time (``scripts/build_embeddings.py``), stored float16 in ``models/embeddings.npy``. The whole
  vocabulary is kept, so unseen words still land near their neighbours.
* **context** (384 floats, with ``FeatureConfig.context_weight`` > 0): the unit vector of a
  small contextual sentence encoder (all-MiniLM-L6-v2, run in NumPy; see
  :mod:`coachsmith.safety.encoder`). It reads words in context, which n-grams cannot: "giving my
  guitar away" while moving abroad and while saying goodbye share every word.
* **sparse**: counts of hashed word unigrams and bigrams (``WORD_BUCKETS`` buckets) and of
  character 3-, 4- and 5-grams of the lower-cased, space-padded text (``CHAR_BUCKETS``). The
  hash is 32-bit FNV-1a over Unicode code points (fixed constants, never Python's salted
  ``hash``), so bucket numbers are the same on every machine and run. Counts are
  ``log1p``-scaled. With ``FeatureConfig.tfidf`` they are TF-IDF instead: ``1 + log(tf)``
  times a per-bucket IDF learnt from the training texts and stored with the model, and the
  char n-grams are 2- to 5-grams inside word boundaries.

Each block (dense, context, words, chars) is L2-normalised and multiplied by its block weight, so a
model trained with one set of weights must be used with the same (the weights travel in the
model file as a :class:`FeatureConfig`).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.resources
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
Tokenizer = Callable[[str], Sequence[int]]
Encoder = Callable[[str], npt.NDArray[Any]]
Pooling = Literal["mean", "sif"]

EMBED_DIM = 128
CONTEXT_DIM = 384  # the sentence encoder's vector (coachsmith.safety.encoder)
DENSE_DIM = 2 * EMBED_DIM + CONTEXT_DIM
WORD_BUCKETS = 1 << 18
CHAR_BUCKETS = 1 << 18
N_FEATURES = DENSE_DIM + WORD_BUCKETS + CHAR_BUCKETS
CHAR_NGRAMS = (3, 4, 5)
CHAR_NGRAMS_WB = (2, 3, 4, 5)  # inside word boundaries (FeatureConfig.tfidf)
MAX_CHARS = 20_000  # longer input is cut here before featurizing (a window sees far less)

_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193
_MASK32 = 0xFFFFFFFF
_SIF_A = 1e-3
_WORD_RE = re.compile(r"[\w']+|[^\w\s]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_MODELS = "coachsmith.safety"
EMBEDDINGS_FILE = "embeddings.npy"


@dataclass(frozen=True)
class FeatureConfig:
    """How features are weighted and pooled (stored with every trained model).

    Attributes:
        pooling: ``"mean"`` or ``"sif"`` (frequency-weighted mean), always next to a max pool.
        dense_weight: Scale of the L2-normalised dense block (0: no dense block).
        word_weight: Scale of the L2-normalised word n-gram block.
        char_weight: Scale of the L2-normalised char n-gram block.
        tfidf: Count ``1 + log(tf)`` times the featurizer's IDF (learnt at training time)
            instead of ``log(1 + tf)``, and take char n-grams (2 to 5) inside word boundaries,
            each word padded with spaces, instead of 3- to 5-grams across the whole text.
        context_weight: Scale of the sentence encoder's unit vector (0: no context block).
    """

    pooling: Pooling = "mean"
    dense_weight: float = 1.0
    word_weight: float = 1.0
    char_weight: float = 1.0
    tfidf: bool = False
    context_weight: float = 0.0

    def to_array(self) -> npt.NDArray[np.float64]:
        """Encode as ``[pooling (0 mean, 1 sif), dense, word, char, tfidf, context]`` for an
        ``.npz``."""
        return np.array([0.0 if self.pooling == "mean" else 1.0, self.dense_weight,
                         self.word_weight, self.char_weight, float(self.tfidf),
                         self.context_weight])

    @classmethod
    def from_array(cls, values: npt.NDArray[Any]) -> FeatureConfig:
        """Inverse of :meth:`to_array` (older files have four or five values: no TF-IDF, no
        context block)."""
        pooling: Pooling = "sif" if float(values[0]) > 0.5 else "mean"
        tfidf = len(values) > 4 and float(values[4]) > 0.5
        context = float(values[5]) if len(values) > 5 else 0.0
        return cls(pooling, float(values[1]), float(values[2]), float(values[3]), tfidf, context)


@dataclass(frozen=True)
class Features:
    """One message's features.

    Attributes:
        dense: Pooled embedding block then the context block, shape ``(DENSE_DIM,)``, each
            already weighted.
        indices: Sparse column indices (offset past the dense block), sorted, unique.
        values: Values for ``indices``, already weighted.
    """

    dense: FloatArray
    indices: IntArray
    values: FloatArray


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the Unicode code points of ``text``."""
    h = _FNV_OFFSET
    for ch in text:
        h = ((h ^ ord(ch)) * _FNV_PRIME) & _MASK32
    return h


@functools.lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return fnv1a(word)


def normalize_text(text: str) -> str:
    """Lower-case, unify apostrophes and collapse whitespace (the form every feature sees)."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def word_tokens(text: str) -> list[str]:
    """Words (letters, digits, apostrophes) and single symbols (punctuation, emoji)."""
    return _WORD_RE.findall(normalize_text(text))


def _word_buckets(words: Sequence[str]) -> IntArray:
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(hashes) > 1:
        # bigram = FNV-style mix of the two word hashes, salted so it differs from a unigram
        pairs = (((hashes[:-1] ^ np.uint64(0x9E3779B9)) * np.uint64(_FNV_PRIME))
                 & np.uint64(_MASK32))
        pairs = ((pairs ^ hashes[1:]) * np.uint64(_FNV_PRIME)) & np.uint64(_MASK32)
        hashes = np.concatenate([hashes, pairs])
    return (hashes % np.uint64(WORD_BUCKETS)).astype(np.int64)


def _char_buckets(norm: str, ngrams: Sequence[int] = CHAR_NGRAMS, *,
                  within_words: bool = False) -> IntArray:
    """Hashed char n-grams of the space-padded text; ``within_words``: of each word padded
    with spaces, none spanning two words (scikit-learn's ``char_wb``)."""
    padded = f" {'  '.join(norm.split())} " if within_words else f" {norm} "
    cps = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    space = np.uint64(ord(" "))
    out: list[npt.NDArray[np.uint64]] = []
    prime, mask = np.uint64(_FNV_PRIME), np.uint64(_MASK32)
    for n in ngrams:
        count = len(cps) - n + 1
        if count <= 0:
            continue
        h = np.full(count, (_FNV_OFFSET ^ n) & _MASK32, dtype=np.uint64)
        for k in range(n):
            h = ((h ^ cps[k:k + count]) * prime) & mask
        if within_words:
            # words are joined by two spaces: an n-gram with a space inside, or made of the two
            # spaces alone, crosses a word boundary
            keep = np.ones(count, dtype=bool)
            for k in range(1, n - 1):
                keep &= cps[k:k + count] != space
            if n == 2:
                keep &= ~((cps[:count] == space) & (cps[1:count + 1] == space))
            h = h[keep]
        out.append(h)
    if not out:
        return np.zeros(0, dtype=np.int64)
    buckets: IntArray = (np.concatenate(out) % np.uint64(CHAR_BUCKETS)).astype(np.int64)
    return buckets


def _counts(buckets: IntArray, offset: int, weight: float,
            idf: FloatArray | None = None) -> tuple[IntArray, FloatArray]:
    if len(buckets) == 0 or weight == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx, counts = np.unique(buckets, return_counts=True)
    if idf is None:
        vals = np.log1p(counts.astype(np.float32))
    else:
        vals = (1.0 + np.log(counts.astype(np.float32))) * idf[idx]
    norm = np.float32(np.linalg.norm(vals))
    if norm == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    vals *= np.float32(weight) / norm
    return idx + offset, vals.astype(np.float32)


def sparse_buckets(text: str, config: FeatureConfig) -> tuple[IntArray, IntArray]:
    """The hashed word and char n-gram buckets of ``text`` (with repeats), before counting."""
    norm = normalize_text(text[:MAX_CHARS])
    chars = _char_buckets(norm, CHAR_NGRAMS_WB, within_words=True) if config.tfidf \
        else _char_buckets(norm)
    return _word_buckets(_WORD_RE.findall(norm)), chars


def sparse_features(text: str, config: FeatureConfig,
                    idf: FloatArray | None = None) -> tuple[IntArray, FloatArray]:
    """Hashed word and char n-gram features, column indices counted past the dense block.

    Args:
        text: Any text.
        config: Block weights and the counting mode.
        idf: ``WORD_BUCKETS + CHAR_BUCKETS`` IDF weights, used when ``config.tfidf``.
    """
    words, chars = sparse_buckets(text, config)
    w_idf = c_idf = None
    if config.tfidf:
        if idf is None:
            raise ValueError("a tfidf feature config needs IDF weights")
        w_idf, c_idf = idf[:WORD_BUCKETS], idf[WORD_BUCKETS:]
    w_idx, w_val = _counts(words, DENSE_DIM, config.word_weight, w_idf)
    c_idx, c_val = _counts(chars, DENSE_DIM + WORD_BUCKETS, config.char_weight, c_idf)
    return np.concatenate([w_idx, c_idx]), np.concatenate([w_val, c_val])


def sif_weights(vocab_size: int) -> FloatArray:
    """SIF weights ``a / (a + p)`` with a Zipf prior ``p(rank) ~ 1 / rank`` over BPE ranks.

    BPE merges are learned most-frequent first, so a token's id is a usable frequency rank
    without any corpus counts.
    """
    ranks = np.arange(1, vocab_size + 1, dtype=np.float64)
    p = (1.0 / ranks) / np.sum(1.0 / ranks)
    return (_SIF_A / (_SIF_A + p)).astype(np.float32)


class Featurizer:
    """Turns text into :class:`Features` with a static embedding table and a tokenizer.

    Args:
        embeddings: Table of shape ``(vocab, EMBED_DIM)`` (float16 or float32).
        tokenizer: ``text -> token ids``; ``None`` uses the bundled SmolLM2 tokenizer.
        config: Block weights and pooling.
        idf: IDF weights of the sparse buckets (learnt at training time); needed when
            ``config.tfidf``.
        encoder: ``text -> (CONTEXT_DIM,)`` unit vector for the context block; ``None`` loads
            the packaged sentence encoder the first time ``config.context_weight`` needs it.
    """

    def __init__(self, embeddings: npt.NDArray[Any], tokenizer: Tokenizer | None = None,
                 config: FeatureConfig | None = None, idf: FloatArray | None = None,
                 encoder: Encoder | None = None) -> None:
        self.embeddings = embeddings
        self.config = config or FeatureConfig()
        self.idf = idf
        self._tokenizer = tokenizer
        self._encoder = encoder
        self._sif = sif_weights(embeddings.shape[0])

    def with_config(self, config: FeatureConfig, idf: FloatArray | None = None) -> Featurizer:
        """The same table, tokenizer and encoder with other weights and IDF (nothing is
        copied)."""
        return Featurizer(self.embeddings, self._tokenizer or bundled_tokenizer(), config, idf,
                          self._encoder)

    def context(self, text: str) -> FloatArray:
        """The sentence encoder's vector of ``text`` times ``config.context_weight``."""
        if self.config.context_weight == 0 or not text.strip():
            return np.zeros(CONTEXT_DIM, dtype=np.float32)
        if self._encoder is None:
            from coachsmith.safety.encoder import load_base_encoder

            self._encoder = load_base_encoder().encode
        vec = np.asarray(self._encoder(text[:MAX_CHARS]), dtype=np.float32)
        return (vec * np.float32(self.config.context_weight)).astype(np.float32)

    def token_ids(self, text: str) -> IntArray:
        """Token ids of the normalised text, dropping ids outside the table."""
        tokenize = self._tokenizer or bundled_tokenizer()
        self._tokenizer = tokenize
        norm = normalize_text(text[:MAX_CHARS])
        if not norm:
            return np.zeros(0, dtype=np.int64)
        # a leading space, so the first word gets the same token as it would mid-sentence
        ids = np.asarray(tokenize(" " + norm), dtype=np.int64)
        kept: IntArray = ids[(ids >= 0) & (ids < self.embeddings.shape[0])]
        return kept

    def dense(self, text: str) -> FloatArray:
        """The pooled embedding block (weighted mean and max, L2-normalised, times its
        weight) followed by the context block."""
        return np.concatenate([self._pooled(text), self.context(text)])

    def _pooled(self, text: str) -> FloatArray:
        if self.config.dense_weight == 0:
            return np.zeros(2 * EMBED_DIM, dtype=np.float32)
        ids = self.token_ids(text)
        if len(ids) == 0:
            return np.zeros(2 * EMBED_DIM, dtype=np.float32)
        rows = self.embeddings[ids].astype(np.float32)
        if self.config.pooling == "sif":
            w = self._sif[ids]
            mean = (w @ rows) / np.float32(max(float(w.sum()), 1e-6))
        else:
            mean = rows.mean(axis=0)
        vec = np.concatenate([mean, rows.max(axis=0)]).astype(np.float32)
        norm = float(np.linalg.norm(vec))
        if norm > 0:
            vec *= np.float32(self.config.dense_weight / norm)
        return vec

    def features(self, text: str) -> Features:
        """All features of one text."""
        idx, vals = sparse_features(text, self.config, self.idf)
        return Features(self.dense(text), idx, vals)


def linear_scores(features: Features, dense_w: FloatArray, sparse_w: npt.NDArray[Any],
                  bias: FloatArray) -> FloatArray:
    """Logits of a linear model over :class:`Features`.

    Args:
        features: One message's features.
        dense_w: ``(DENSE_DIM, k)`` weights of the dense block.
        sparse_w: ``(WORD_BUCKETS + CHAR_BUCKETS, k)`` weights of the sparse blocks.
        bias: ``(k,)`` intercepts.
    """
    out = features.dense @ dense_w + bias
    if len(features.indices):
        out = out + features.values @ sparse_w[features.indices - DENSE_DIM].astype(np.float32)
    return out.astype(np.float32)


# --- the bundled model's tokenizer and the packaged table ------------------------------------

_lock = threading.Lock()


@functools.cache
def _bundled_llama() -> Any:
    from llama_cpp import Llama  # heavy import, kept local: only the safety runtime needs it

    from coachsmith.llm.llamacpp import bundled_model_path

    try:  # llama.cpp logs a context warning to stderr even with verbose=False
        from llama_cpp._utils import suppress_stdout_stderr
    except ImportError:  # pragma: no cover - private helper moved
        quiet: Any = contextlib.nullcontext()
    else:
        quiet = suppress_stdout_stderr(disable=False)
    with quiet:
        llama = Llama(model_path=str(bundled_model_path()), vocab_only=True, verbose=False)
    # free it before interpreter shutdown, or Llama.__del__ fails on half-torn-down modules
    atexit.register(llama.close)
    return llama


def _tokenize_bundled(text: str) -> list[int]:
    with _lock:
        llama = _bundled_llama()
        ids: list[int] = llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)
    return ids


def bundled_tokenizer() -> Tokenizer:
    """The SmolLM2 tokenizer from the bundled GGUF (vocabulary only, loads in ~0.1 s)."""
    return _tokenize_bundled


def models_dir() -> Path:
    """Folder of the packaged safety model files (``src/coachsmith/safety/models``)."""
    return Path(str(importlib.resources.files(_MODELS) / "models"))


def packaged_model_file(name: str) -> Path:
    """A packaged model file by name; a clear error if the install lacks it.

    Raises:
        FileNotFoundError: The file is missing (a broken install or an untrained checkout).
    """
    path = models_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing (a broken install); the recipes in scripts/ "
                                "(train_risk.py, train_intent.py) build it")
    return path


@functools.cache
def load_embeddings(path: Path | None = None) -> npt.NDArray[np.float16]:
    """The packaged embedding table (float16, read once per path).

    Raises:
        FileNotFoundError: The file is missing; ``scripts/build_embeddings.py`` builds it.
    """
    path = path or models_dir() / EMBEDDINGS_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing (a broken install); scripts/build_embeddings.py builds it")
    table: npt.NDArray[np.float16] = np.load(path)
    return table
