"""Training on a small subset runs and yields loadable models; calibration is exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.errors import ConfigError
from coachsmith.safety.features import Featurizer, load_embeddings
from coachsmith.safety.intent import IntentModel
from coachsmith.safety.risk import LayeredRiskClassifier, RiskModel
from coachsmith.safety.train import (
    RiskTrainConfig,
    calibrate_high_threshold,
    confident_threshold,
    fold_of,
    read_intent_examples,
    read_risk_examples,
    train_intent,
    train_risk,
)

DATA = Path(__file__).resolve().parents[2] / "data"
pytest.importorskip("sklearn")


def _subset(rows: list, split: str, per_group: int, key: str) -> list:
    seen: dict[str, int] = {}
    out = []
    for r in rows:
        group = getattr(r, key) if key != "categories" else (r.level, r.categories[:1])
        group = str(group)
        if r.split == split and seen.get(group, 0) < per_group:
            seen[group] = seen.get(group, 0) + 1
            out.append(r)
    return out


@pytest.mark.parametrize(("scores", "caught", "target", "expected"), [
    ([0.9, 0.8, 0.2], [False, False, False], 1.0, 0.2),    # every one must be found
    ([0.9, 0.8, 0.2], [False, False, True], 1.0, 0.8),     # the weak one is caught already
    ([0.9, 0.8, 0.2], [True, True, True], 1.0, 1.0),       # nothing left for the model
    ([0.9] * 49 + [0.1], [False] * 50, 0.98, 0.9),         # 2 % of 50 may be missed
])
def test_calibrated_threshold_is_the_largest_that_keeps_recall(
        scores: list[float], caught: list[bool], target: float, expected: float) -> None:
    cats = [("crisis",)] * len(scores)
    assert calibrate_high_threshold(scores, caught, cats, target) == pytest.approx(expected)


def test_the_weakest_category_sets_the_threshold() -> None:
    t = calibrate_high_threshold([0.9, 0.3, 0.7], [False] * 3,
                                 [("self_harm",), ("crisis",), ("self_harm", "crisis")], 1.0)
    assert t == pytest.approx(0.3)


@pytest.mark.parametrize(("scores", "n_non_high", "budget", "expected"), [
    ([0.9, 0.6, 0.3, 0.25], 100, 0.02, 0.3 + 1e-6),  # 2 of 100 may be confident: 0.9 and 0.6
    ([0.9, 0.6, 0.3, 0.25], 100, 0.01, 0.6 + 1e-6),  # 1 may: only 0.9
    ([0.3, 0.25], 100, 0.02, 0.2),                   # few enough: every high is confident
    ([0.1, 0.05], 100, 0.0, 0.2),                    # below the high threshold: not counted
])
def test_confident_threshold_keeps_the_budget(scores: list[float], n_non_high: int,
                                              budget: float, expected: float) -> None:
    import numpy as np

    t = confident_threshold(np.array(scores), n_non_high, 0.2, budget)
    assert t == pytest.approx(expected)
    assert sum(x >= t for x in scores) <= max(int(budget * n_non_high), 0) or t == 0.2


def test_folds_are_stable_and_cover_every_fold() -> None:
    texts = [f"message number {i}" for i in range(200)]
    folds = [fold_of(t, 5) for t in texts]
    assert folds == [fold_of(t, 5) for t in texts]
    assert set(folds) == {0, 1, 2, 3, 4}


def test_small_training_run_gives_loadable_models(tmp_path: Path) -> None:
    rows = read_risk_examples(DATA / "risk" / "messages.jsonl")
    subset = _subset(rows, "train", 6, "categories") + _subset(rows, "validation", 4, "categories")
    featurizer = Featurizer(load_embeddings())
    config = RiskTrainConfig(c_grid=(1.0,), poolings=("mean",), window_options=((3, 4),),
                             mask_options=(True,))
    model = train_risk(subset, featurizer=featurizer, config=config)
    assert 0.0 < model.high_threshold <= 0.5
    assert model.metrics["config"]["recall_target"] == 0.99
    # the final model is refitted on train + validation and calibrated out of fold
    crossfit = model.metrics["crossfit"]
    assert crossfit["rows"] == len(subset) and crossfit["folds"] == 5
    assert crossfit["high_threshold"] == pytest.approx(model.high_threshold)
    assert model.high_threshold <= model.confident_threshold <= 1.0
    assert model.metrics["selection"]["C"] == 1.0
    model.save(tmp_path / "risk.npz")
    loaded = RiskModel.load(tmp_path / "risk.npz", featurizer)
    assert loaded.high_threshold == pytest.approx(model.high_threshold)
    assert loaded.confident_threshold == pytest.approx(model.confident_threshold)
    assert (loaded.window_sentences, loaded.mask_benign) == (3, True)
    text = "I have the pills ready and nobody would notice"
    assert loaded.level_probs(text) == pytest.approx(model.level_probs(text), abs=1e-3)
    assert LayeredRiskClassifier(loaded).assess(text).level == "high"

    replies = read_intent_examples(DATA / "intent" / "replies.jsonl")
    small = _subset(replies, "train", 8, "intent") + _subset(replies, "validation", 3, "intent")
    intent = train_intent(small, featurizer=featurizer, c_grid=(10.0,), poolings=("mean",))
    intent.save(tmp_path / "intent.npz")
    again = IntentModel.load(tmp_path / "intent.npz", featurizer)
    assert again.metrics["validation_accuracy"] == intent.metrics["validation_accuracy"]
    assert again.classify("Please call 999 now.") == intent.classify("Please call 999 now.")


def test_reading_bad_rows_names_every_line(tmp_path: Path) -> None:
    bad = tmp_path / "messages.jsonl"
    bad.write_text(json.dumps({"text": "x", "level": "high", "categories": [], "split": "train"})
                   + "\n{oops\n" + json.dumps({"text": "y", "level": "severe", "categories": [],
                                               "split": "test"}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_risk_examples(bad)
    assert [p.line for p in info.value.problems] == [2, 3]


def test_train_risk_refuses_data_without_validation_highs() -> None:
    with pytest.raises(ValueError, match="validation"):
        train_risk([], config=RiskTrainConfig())
