"""The NumPy encoder: read from the pinned package, tokenized by its own tokenizer.json."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from coachsmith.safety.encoder import (
    MAX_TOKENS,
    Encoder,
    base_layer,
    load_base_encoder,
    read_encoder,
    read_safetensors,
    run_layer,
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


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load_base_encoder()


def test_the_packaged_tokenizer_gives_the_original_ids(encoder: Encoder) -> None:
    assert [encoder.token_ids(t) for t in _TEXTS[2:]] == _REFERENCE_IDS
    # lower case, accents stripped, punctuation split: BERT's uncased rules, from tokenizer.json
    assert encoder.word_piece_ids("HÉLLO!") == encoder.word_piece_ids("hello !")


def test_the_encoder_matches_the_original_model(encoder: Encoder) -> None:
    vectors = np.stack([encoder.encode(t) for t in _TEXTS])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # float32 weights read as they are: the reference to four decimals
    assert np.allclose(vectors @ vectors.T, _REFERENCE_COSINES, atol=2e-4)
    assert np.allclose(vectors[0, :6], _REFERENCE_FIRST, atol=2e-4)


def test_near_meanings_are_near(encoder: Encoder) -> None:
    a = encoder.encode("I can't stop crying since my dog died")
    b = encoder.encode("my dog passed away and I keep weeping")
    c = encoder.encode("the quarterly sales report is due on Friday")
    assert float(a @ b) > float(a @ c) + 0.3


def test_long_input_is_cut_and_the_cache_returns_the_same_vector(encoder: Encoder) -> None:
    text = "word " * 2000
    ids = encoder.token_ids(text)
    assert len(ids) == MAX_TOKENS and ids[0] == encoder.cls_id and ids[-1] == encoder.sep_id
    first = encoder.encode(text)
    assert encoder.encode(text) is first and not first.flags.writeable


def test_hidden_states_can_start_from_a_middle_layer(encoder: Encoder) -> None:
    ids = encoder.token_ids("starting half way gives the same answer")
    x = encoder.embed(ids)
    for layer in encoder.layers[:4]:
        x = run_layer(x, layer, encoder.heads, encoder.eps)
    assert np.allclose(encoder.hidden_states(ids, start=4, x=x), encoder.hidden_states(ids),
                       atol=1e-5)


def test_replacing_the_top_layers_changes_only_what_they_compute(encoder: Encoder) -> None:
    ids = encoder.token_ids("same text")
    same = encoder.with_top_layers(encoder.layers[-2:])
    assert np.allclose(same.hidden_states(ids), encoder.hidden_states(ids))
    zeroed = encoder.with_top_layers([base_layer(encoder.tensors, 5)])
    assert zeroed.layers[:5] == encoder.layers[:5]


def test_loading_writes_nothing_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from coachsmith.safety.encoder import model_zip

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    read_encoder(model_zip())
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr() == ("", "")


def _tiny_model_zip(path: Path, drop: str = "", tokenizer: str | None = None) -> Path:
    """A one-layer BERT with random weights, in the package's zip layout (less ``drop``)."""
    from coachsmith.safety.encoder import model_zip

    with zipfile.ZipFile(model_zip()) as zf:
        real_tokenizer = zf.read("tokenizer.json").decode("utf-8")
    rng = np.random.default_rng(0)
    dim, ffn, vocab = 8, 16, 30522
    shapes = {"embeddings.word_embeddings.weight": (vocab, dim),
              "embeddings.position_embeddings.weight": (512, dim),
              "embeddings.token_type_embeddings.weight": (2, dim),
              "embeddings.LayerNorm.weight": (dim,), "embeddings.LayerNorm.bias": (dim,)}
    for long, (o, i) in {"attention.self.query": (dim, dim), "attention.self.key": (dim, dim),
                         "attention.self.value": (dim, dim),
                         "attention.output.dense": (dim, dim),
                         "intermediate.dense": (ffn, dim), "output.dense": (dim, ffn)}.items():
        shapes[f"encoder.layer.0.{long}.weight"] = (o, i)
        shapes[f"encoder.layer.0.{long}.bias"] = (o,)
    for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
        shapes[f"encoder.layer.0.{norm}.weight"] = (dim,)
        shapes[f"encoder.layer.0.{norm}.bias"] = (dim,)
    shapes.pop(drop, None)
    header, blobs, offset = {}, [], 0
    for name, shape in shapes.items():
        data = rng.normal(size=shape).astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    config = {"hidden_size": dim, "num_attention_heads": 2, "num_hidden_layers": 1,
              "layer_norm_eps": 1e-12}
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("config.json", json.dumps(config))
        if drop != "tokenizer.json":
            zf.writestr("tokenizer.json", tokenizer or real_tokenizer)
        zf.writestr("model.safetensors", struct.pack("<Q", len(head)) + head + b"".join(blobs))
    return path


def test_a_model_zip_in_the_package_layout_is_read(tmp_path: Path) -> None:
    enc = read_encoder(_tiny_model_zip(tmp_path / "model.zip"))
    vector = enc.encode("hello there")
    assert vector.shape == (8,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


@pytest.mark.parametrize("drop", ["tokenizer.json", "encoder.layer.0.output.dense.weight"])
def test_a_missing_file_or_tensor_is_named_with_the_zip(tmp_path: Path, drop: str) -> None:
    path = _tiny_model_zip(tmp_path / "model.zip", drop=drop)
    with pytest.raises(ValueError, match=drop.replace(".", r"\.")) as info:
        read_encoder(path)
    assert str(path) in str(info.value)


def test_safetensors_reader_skips_non_float32() -> None:
    header = {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
              "b": {"dtype": "I64", "shape": [1], "data_offsets": [8, 16]},
              "__metadata__": {"format": "pt"}}
    head = json.dumps(header).encode()
    raw = struct.pack("<Q", len(head)) + head + np.array([1, 2], "<f4").tobytes() + bytes(8)
    out = read_safetensors(raw)
    assert list(out) == ["a"] and out["a"].tolist() == [1.0, 2.0]
