"""The NumPy sentence encoder: tokenizer, forward pass against the original model, file build."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from coachsmith.safety.encoder import (
    MAX_TOKENS,
    SentenceEncoder,
    WordPiece,
    _read_safetensors,
    basic_tokens,
    build_encoder,
    encoder_path,
    load_encoder,
)

# Computed with the original all-MiniLM-L6-v2 in float32 (transformers + torch, mean pooling
# over the attention mask, L2-normalised), for the parity test below.
_TEXTS = ["I have the pills ready and I've written the letters.",
          "Gave my old guitar to my nephew before the move to Spain.",
          "What should I cook for dinner tonight?",
          "Ça va, merci ! Et toi ?"]
_REFERENCE_COSINES = [[1.0, 0.0913, 0.1777, -0.0193], [0.0913, 1.0, 0.1654, 0.0659],
                      [0.1777, 0.1654, 1.0, 0.0446], [-0.0193, 0.0659, 0.0446, 1.0]]
_REFERENCE_FIRST = [-0.0200, -0.0648, -0.0159, 0.0149, -0.0716, 0.0297]
_REFERENCE_IDS = [[101, 2054, 2323, 1045, 5660, 2005, 4596, 3892, 1029, 102],
                  [101, 6187, 12436, 1010, 21442, 6895, 999, 3802, 2000, 2072, 1029, 102]]


def test_basic_tokens_lowercase_strip_accents_and_split_punctuation() -> None:
    assert basic_tokens("Héllo,  WORLD!!\tdon't") == ["hello", ",", "world", "!", "!", "don",
                                                        "'", "t"]
    assert basic_tokens("我爱\u0000你") == ["我", "爱", "你"]
    assert basic_tokens("   ") == []


def test_wordpiece_takes_the_longest_piece_first() -> None:
    wp = WordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "##a"])
    assert wp.word_ids("unaffable") == [4, 5, 6]
    assert wp.word_ids("zzz") == [1]
    assert wp.word_ids("x" * 101) == [1]
    ids = wp.encode("unaffable " * 200, max_tokens=8)
    assert len(ids) == 8 and ids[0] == 2 and ids[-1] == 3


def test_packaged_encoder_matches_the_original_model() -> None:
    encoder = load_encoder()
    assert [encoder.token_ids(t) for t in _TEXTS[2:]] == _REFERENCE_IDS
    vectors = np.stack([encoder.encode(t) for t in _TEXTS])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # int8 weights: cosines within 0.01 of the float32 original, components within 0.005
    assert np.allclose(vectors @ vectors.T, _REFERENCE_COSINES, atol=0.01)
    assert np.allclose(vectors[0, :6], _REFERENCE_FIRST, atol=0.005)


def test_encoder_reads_near_meanings_as_near() -> None:
    encoder = load_encoder()
    a = encoder.encode("I can't stop crying since my dog died")
    b = encoder.encode("my dog passed away and I keep weeping")
    c = encoder.encode("the quarterly sales report is due on Friday")
    assert float(a @ b) > float(a @ c) + 0.3


def test_long_input_is_cut_and_the_cache_returns_the_same_vector() -> None:
    encoder = load_encoder()
    text = "word " * 2000
    assert len(encoder.token_ids(text)) == MAX_TOKENS
    first = encoder.encode(text)
    assert encoder.encode(text) is first


def _tiny_model_zip(path: Path, drop: str = "") -> Path:
    """A one-layer BERT with random weights, in the package's zip layout (less ``drop``)."""
    rng = np.random.default_rng(0)
    hidden, ffn, vocab = 8, 16, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hi", "there", "##s"]
    shapes = {"embeddings.word_embeddings.weight": (len(vocab), hidden),
              "embeddings.position_embeddings.weight": (512, hidden),
              "embeddings.token_type_embeddings.weight": (2, hidden),
              "embeddings.LayerNorm.weight": (hidden,), "embeddings.LayerNorm.bias": (hidden,)}
    base = "encoder.layer.0."
    for name, shape in [("attention.self.query", (hidden, hidden)),
                        ("attention.self.key", (hidden, hidden)),
                        ("attention.self.value", (hidden, hidden)),
                        ("attention.output.dense", (hidden, hidden)),
                        ("intermediate.dense", (ffn, hidden)), ("output.dense", (hidden, ffn))]:
        shapes[base + name + ".weight"] = shape
        shapes[base + name + ".bias"] = (shape[0],)
    for name in ("attention.output.LayerNorm", "output.LayerNorm"):
        shapes[base + name + ".weight"] = (hidden,)
        shapes[base + name + ".bias"] = (hidden,)
    tensors = {k: rng.normal(size=s).astype(np.float32) for k, s in shapes.items() if k != drop}
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    body = b""
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [len(body), len(body) + t.nbytes]}
        body += t.tobytes()
    raw_header = json.dumps(header).encode()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("config.json", json.dumps({"hidden_size": hidden, "num_attention_heads": 2,
                                               "num_hidden_layers": 1, "layer_norm_eps": 1e-12}))
        zf.writestr("tokenizer.json", json.dumps({"model": {"vocab": {p: i for i, p in
                                                                      enumerate(vocab)}}}))
        zf.writestr("model.safetensors", struct.pack("<Q", len(raw_header)) + raw_header + body)
    return path


def test_build_quantizes_a_model_that_loads_and_encodes(tmp_path: Path) -> None:
    source = _tiny_model_zip(tmp_path / "model.zip")
    with zipfile.ZipFile(source) as zf:
        tensors = _read_safetensors(zf.read("model.safetensors"))
    assert tensors["embeddings.word_embeddings.weight"].shape == (7, 8)
    sizes = build_encoder(source, tmp_path / "encoder.npz")
    assert sizes["parameters"] == sum(t.size for t in tensors.values())
    encoder = SentenceEncoder.load(tmp_path / "encoder.npz")
    assert encoder.dim == 8 and encoder.token_ids("hi theres") == [2, 4, 5, 6, 3]
    vec = encoder.encode("hi theres")
    assert vec.shape == (8,) and np.linalg.norm(vec) == pytest.approx(1.0, abs=1e-5)
    # int8 rows: every dequantized weight within half a step of the original
    word = tensors["embeddings.word_embeddings.weight"]
    step = np.abs(word).max(axis=1, keepdims=True) / 127
    assert np.all(np.abs(encoder.word - word) <= step / 2 + 1e-6)


def test_the_encoder_file_is_built_once_into_the_user_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = encoder_path()
    assert first.parent == tmp_path / "coachsmith" and first.suffix == ".npz"
    built = first.stat().st_mtime_ns
    assert encoder_path() == first and first.stat().st_mtime_ns == built  # not rebuilt
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no partial file left
    # the same weights as the encoder the tests above read
    rebuilt = SentenceEncoder.load(first)
    assert np.array_equal(rebuilt.word, load_encoder().word)


def test_a_model_without_a_tensor_or_a_file_is_a_clear_error(tmp_path: Path) -> None:
    source = _tiny_model_zip(tmp_path / "model.zip", drop="encoder.layer.0.output.dense.bias")
    with pytest.raises(ValueError, match=r"model\.zip: .*'encoder\.layer\.0\.output\.dense\.bias'"):
        build_encoder(source, tmp_path / "encoder.npz")
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as zf:
        zf.writestr("config.json", "{}")
    with pytest.raises(ValueError, match=r"empty\.zip: missing model\.safetensors, tokenizer\.json"):
        build_encoder(tmp_path / "empty.zip", tmp_path / "encoder.npz")
    assert not (tmp_path / "encoder.npz").exists()
