"""Text features: fixed hashing, pooling, the packaged embedding table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachsmith.safety.features import (
    CHAR_BUCKETS,
    CONTEXT_DIM,
    DENSE_DIM,
    EMBED_DIM,
    N_FEATURES,
    WORD_BUCKETS,
    FeatureConfig,
    Featurizer,
    fnv1a,
    linear_scores,
    load_embeddings,
    models_dir,
    normalize_text,
    sif_weights,
    sparse_features,
    word_tokens,
)


def _tiny(config: FeatureConfig | None = None) -> Featurizer:
    table = np.arange(20 * EMBED_DIM, dtype=np.float32).reshape(20, EMBED_DIM) % 7 - 3
    return Featurizer(table, lambda text: [len(w) % 25 for w in text.split()], config)


@pytest.mark.parametrize(("text", "expected"), [
    ("", 0x811C9DC5), ("a", 0xE40C292C), ("foobar", 0xBF9CF968)])
def test_fnv1a_matches_the_reference_values(text: str, expected: int) -> None:
    assert fnv1a(text) == expected


def test_normalize_lowercases_unifies_apostrophes_and_spaces() -> None:
    assert normalize_text("  I’M   Fine\n\tREALLY ") == "i'm fine really"


def test_word_tokens_keep_emoji_and_punctuation_as_tokens() -> None:
    assert word_tokens("Don't go!! 😢") == ["don't", "go", "!", "!", "😢"]


def test_sparse_features_are_deterministic_sorted_and_in_range() -> None:
    a = sparse_features("I have the pills ready", FeatureConfig())
    b = sparse_features("I have the pills ready", FeatureConfig())
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    idx, vals = a
    assert np.all(np.diff(idx[idx < DENSE_DIM + WORD_BUCKETS]) > 0)
    assert idx.min() >= DENSE_DIM and idx.max() < N_FEATURES
    word = vals[idx < DENSE_DIM + WORD_BUCKETS]
    char = vals[idx >= DENSE_DIM + WORD_BUCKETS]
    assert np.linalg.norm(word) == pytest.approx(1.0, rel=1e-5)
    assert np.linalg.norm(char) == pytest.approx(1.0, rel=1e-5)


def test_block_weights_scale_each_block() -> None:
    idx, vals = sparse_features("hello there", FeatureConfig(word_weight=2.0, char_weight=0.5))
    assert np.linalg.norm(vals[idx < DENSE_DIM + WORD_BUCKETS]) == pytest.approx(2.0, rel=1e-5)
    assert np.linalg.norm(vals[idx >= DENSE_DIM + WORD_BUCKETS]) == pytest.approx(0.5, rel=1e-5)


@given(st.text(max_size=300))
def test_any_text_gives_finite_features(text: str) -> None:
    f = _tiny().features(text)
    assert f.dense.shape == (DENSE_DIM,)
    assert np.all(np.isfinite(f.dense)) and np.all(np.isfinite(f.values))
    assert len(f.indices) == len(f.values)
    assert np.all((f.indices >= DENSE_DIM) & (f.indices < DENSE_DIM + WORD_BUCKETS + CHAR_BUCKETS))


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_blank_text_has_no_features(text: str) -> None:
    f = _tiny().features(text)
    assert not f.dense.any() and len(f.indices) == 0


@pytest.mark.parametrize("pooling", ["mean", "sif"])
def test_dense_block_is_weighted_mean_next_to_max_then_normalised(pooling: str) -> None:
    fz = _tiny(FeatureConfig(pooling=pooling, dense_weight=3.0))  # type: ignore[arg-type]
    rows = fz.embeddings[[2, 3, 4]].astype(np.float32)  # tokens of "ab abc abcd"
    weights = sif_weights(20)[[2, 3, 4]] if pooling == "sif" else np.ones(3, np.float32)
    expected = np.concatenate([weights @ rows / weights.sum(), rows.max(axis=0)])
    expected *= 3.0 / np.linalg.norm(expected)
    dense = fz.dense("ab abc abcd")
    assert np.allclose(dense[:2 * EMBED_DIM], expected, atol=1e-5)
    assert not dense[2 * EMBED_DIM:].any()  # no context block at context_weight 0


def test_context_block_is_the_encoder_vector_times_its_weight() -> None:
    seen: list[str] = []

    def encoder(text: str) -> np.ndarray:
        seen.append(text)
        return np.full(CONTEXT_DIM, 1 / np.sqrt(CONTEXT_DIM), np.float32)

    table = np.ones((20, EMBED_DIM), np.float32)
    fz = Featurizer(table, lambda text: [1, 2], FeatureConfig(dense_weight=0.0,
                                                              context_weight=2.0), None, encoder)
    dense = fz.dense("nobody would notice")
    assert dense.shape == (DENSE_DIM,)
    assert not dense[:2 * EMBED_DIM].any()
    assert np.linalg.norm(dense[2 * EMBED_DIM:]) == pytest.approx(2.0, rel=1e-5)
    assert seen == ["nobody would notice"]
    assert not fz.dense("   ").any() and seen == ["nobody would notice"]  # blank: no call
    # the encoder travels with the featurizer when the weights change
    assert fz.with_config(FeatureConfig(context_weight=1.0)).context("x").any()


def test_context_weight_round_trips_and_older_files_have_none() -> None:
    config = FeatureConfig("sif", 0.5, 1.0, 2.0, True, 1.5)
    assert FeatureConfig.from_array(config.to_array()) == config
    assert FeatureConfig.from_array(np.array([0.0, 1.0, 1.0, 1.0, 1.0])).context_weight == 0.0


def test_sif_weights_fall_with_frequency_rank() -> None:
    w = sif_weights(1000)
    assert w[0] < w[10] < w[999] <= 1.0


def test_linear_scores_equal_a_dense_dot_product() -> None:
    fz = _tiny()
    f = fz.features("nobody would notice")
    rng = np.random.default_rng(0)
    dense_w = rng.normal(size=(DENSE_DIM, 3)).astype(np.float32)
    sparse_w = np.zeros((WORD_BUCKETS + CHAR_BUCKETS, 3), dtype=np.float32)
    sparse_w[f.indices - DENSE_DIM] = rng.normal(size=(len(f.indices), 3))
    bias = np.array([0.5, -1.0, 0.0], dtype=np.float32)
    full = np.zeros(N_FEATURES, dtype=np.float32)
    full[:DENSE_DIM] = f.dense
    full[f.indices] = f.values
    expected = full @ np.vstack([dense_w, sparse_w]) + bias
    assert np.allclose(linear_scores(f, dense_w, sparse_w, bias), expected, atol=1e-4)


def test_packaged_table_covers_the_whole_vocabulary_in_float16() -> None:
    table = load_embeddings()
    assert table.shape == (49152, EMBED_DIM) and table.dtype == np.float16
    assert (models_dir() / "embeddings.npy").stat().st_size < 13_000_000


def test_packaged_table_neighbours_are_semantic() -> None:
    fz = Featurizer(load_embeddings())
    table = fz.embeddings.astype(np.float32)
    table /= np.linalg.norm(table, axis=1, keepdims=True) + 1e-6
    knife = int(fz.token_ids("knife")[0])
    nearest = set(np.argsort(-(table @ table[knife]))[:8].tolist())
    knives, blade = int(fz.token_ids("knives")[0]), int(fz.token_ids("blade")[0])
    assert knives in nearest and blade in nearest


def test_bundled_tokenizer_handles_any_script() -> None:
    fz = Featurizer(load_embeddings())
    assert len(fz.token_ids("Ich will nicht mehr leben. 😢 死にたい")) > 5
    assert fz.dense("🙂").any()


# --- TF-IDF mode ------------------------------------------------------------------------------

def test_word_bounded_char_ngrams_never_cross_words() -> None:
    from coachsmith.safety.features import _char_buckets

    # "ab cd": " a" "ab" "b " " c" "cd" "d " + " ab" "ab " " cd" "cd " + " ab " " cd " = 12
    assert len(_char_buckets("ab cd", (2, 3, 4, 5), within_words=True)) == 12
    assert len(_char_buckets("ab cd", (5,), within_words=True)) == 0
    # the same word anywhere gives the same buckets
    one = sorted(_char_buckets("tired", (2, 3), within_words=True))
    both = sorted(_char_buckets("so tired", (2, 3), within_words=True))
    assert set(one) <= set(both)


def test_tfidf_config_round_trips_and_old_files_read_as_plain_counts() -> None:
    config = FeatureConfig(dense_weight=0.0, tfidf=True)
    assert FeatureConfig.from_array(config.to_array()) == config
    assert FeatureConfig.from_array(np.array([0.0, 1.0, 1.0, 1.0])).tfidf is False


def test_tfidf_features_need_idf() -> None:
    with pytest.raises(ValueError, match="IDF"):
        sparse_features("hello", FeatureConfig(tfidf=True))
