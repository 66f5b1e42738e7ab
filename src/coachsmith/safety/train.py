"""Train the risk and intent models and calibrate the risk thresholds.

    python -m coachsmith.safety.train        # rebuilds models/embeddings.npy if missing,
                                             # writes models/risk.npz, intent.npz, metrics.json

Needs the ``safety-train`` extra (scikit-learn, gguf). Training never looks at ``test`` (the
benchmark's). About twelve minutes on two CPU cores, most of it running the sentence encoder
over every message and window.

Risk: a multinomial logistic regression over the four levels (its ``P(high)`` is the model's
score) and one binary logistic regression per category, in two steps:

1. **Selection**: every setting (pooling, masking, C, windows, benign threshold) is fitted on
   ``train`` and calibrated on ``validation``; the one with the fewest validation hard
   negatives rated high wins.
2. **Cross-fit** (:func:`crossfit_risk`): the winner is refitted on train + validation in five
   folds; the thresholds are calibrated on the out-of-fold scores of all those messages, and
   the shipped model is fitted on all of them.

The high threshold is the largest value at which, together with the phrase layer, every
category keeps ``recall_target`` of its high messages; the window threshold allows
``window_fp_budget`` of the non-high messages to be flagged by a sentence window; the confident
threshold allows ``confident_fp_budget`` of them to get the full crisis message from the model
alone (the rest of the model's highs get the check question).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coachsmith.errors import ConfigError, MissingDependencyError, Problem
from coachsmith.records import json_lines
from coachsmith.safety._linear import LinearHead
from coachsmith.safety.base import INTENTS, RISK_CATEGORIES, RISK_LEVELS
from coachsmith.safety.encoder import SentenceEncoder, encoder_path
from coachsmith.safety.features import (
    DENSE_DIM,
    EMBEDDINGS_FILE,
    N_FEATURES,
    FeatureConfig,
    Featurizer,
    Pooling,
    build_embeddings,
    fnv1a,
    idf_weights,
    load_embeddings,
    models_dir,
)
from coachsmith.safety.intent import INTENT_MODEL_FILE, IntentModel
from coachsmith.safety.patterns import match_patterns, split_sentences
from coachsmith.safety.risk import RISK_MODEL_FILE, RiskModel

#: Kinds of level-none messages counted as hard negatives. The last two lines hold round 4's
#: look-alikes of implicit suicide signals in safe settings (giving things away to move house,
#: a will for a new baby, "I'll be gone by Friday" for a trip) and long safe messages on several
#: topics (``mixed``).
HARD_NEGATIVE_KINDS = frozenset({
    "idiom", "technical", "gaming", "fiction", "lyrics", "past_resolved", "question",
    "negation", "medical_routine", "ordinary_stress", "everyday", "dark_humour", "emoji",
    "non_english",
    "giving_away", "letter_writing", "affairs_in_order", "away_travel", "tiredness", "quitting",
    "pet_euthanasia", "caregiving", "mixed"})
_HIGH = RISK_LEVELS.index("high")
_EMPTY = LinearHead(np.zeros((DENSE_DIM, 0), np.float32), np.zeros((0, 0), np.float16),
                    np.zeros(0, np.float32))


@dataclass(frozen=True)
class RiskExample:
    """One labelled user message (a row of ``data/risk/messages.jsonl``)."""

    text: str
    level: str
    categories: tuple[str, ...] = ()
    split: str = "train"
    kind: str = ""
    source: str = ""


@dataclass(frozen=True)
class IntentExample:
    """One labelled coach reply (a row of ``data/intent/replies.jsonl``)."""

    text: str
    intent: str
    split: str = "train"


@dataclass(frozen=True)
class RiskTrainConfig:
    """Settings searched or used when training the risk model.

    Attributes:
        c_grid: Inverse L2 strengths tried for the level model (chosen on validation).
        poolings: Embedding poolings tried (chosen on validation; only with a dense block).
        tfidf_options: Whether the sparse blocks are TF-IDF (``FeatureConfig.tfidf``), tried.
        dense_weights: Weights of the token-embedding block tried (0: no dense block).
        context_weights: Weights of the sentence encoder's block tried (0: none). Out of fold
            on rounds 1-5, adding it at weight 1 took hard negatives rated high at 99 % recall
            from 49 % to 41 %; weight 2 gave the same, 3 was worse.
        window_options: ``(sentences per window, minimum sentences)`` tried; ``(0, 0)`` = off.
        mask_options: Whether to cut idiom/technical phrases out of the model's input, tried.
        benign_options: ``P(high)`` tried as the extra bar for messages whose every sentence
            has a benign reading (0: no extra bar).
        recall_target: High recall each category must keep in calibration (0.99: a margin
            over the benchmark's 0.98 per category; 0.995 was tried and drove the threshold to
            0.03, where "hi" and "thanks" were rated high).
        window_fp_budget: Share of non-high validation messages windows may flag (0.01).
        max_threshold: Cap on the calibrated threshold, so the model still fires alone when
            the phrase layer happens to catch every validation message.
        crossfit_folds: Folds for the final refit on train + validation with out-of-fold
            threshold calibration (:func:`crossfit_risk`); below 2, the model fitted on train
            and calibrated on validation is kept.
        confident_fp_budget: Share of non-high validation messages the model alone may send
            straight to the full crisis message (0.02); model-only highs below the resulting
            confident threshold get the check question instead.
        category_c: Inverse L2 strength of the per-category models.
        fragment_weight: Sample weight of the extra ``none`` rows made of single sentences (at
            most ``fragment_max_words`` words) of multi-sentence none/low training messages.
        span_weight: Sample weight of the extra ``none`` rows made of one 1-3 word span per
            none training message.

    The two kinds of extra rows come from the train split only, and are off by default. They
    were added when most short messages in the data were high-risk and "hi", "ok" or "thanks"
    scored above 0.9; the data's third round added hundreds of short everyday messages, and
    the extra rows then cost 8 to 18 points of hard-negative false-positive rate (5-fold
    TF-IDF experiment on train + validation), so they were turned off.
    """

    c_grid: tuple[float, ...] = (1.0, 4.0)
    poolings: tuple[Pooling, ...] = ("mean",)
    tfidf_options: tuple[bool, ...] = (True,)
    dense_weights: tuple[float, ...] = (0.0, 0.5)
    context_weights: tuple[float, ...] = (1.0,)
    mask_options: tuple[bool, ...] = (False,)
    window_options: tuple[tuple[int, int], ...] = ((0, 0), (3, 4), (2, 3))
    recall_target: float = 0.99
    window_fp_budget: float = 0.01
    benign_options: tuple[float, ...] = (0.0, 0.5, 0.7, 0.9)
    max_threshold: float = 0.5
    confident_fp_budget: float = 0.02
    crossfit_folds: int = 5
    category_c: float = 3.0
    fragment_weight: float = 0.0
    fragment_max_words: int = 12
    span_weight: float = 0.0


# --- reading the merged data ----------------------------------------------------------------

def read_risk_examples(path: Path) -> list[RiskExample]:
    """Rows of ``messages.jsonl``. Raises ConfigError naming every bad line and field."""
    out: list[RiskExample] = []
    for number, row, problems in _rows(path, ("text", "level", "categories", "split")):
        if row is not None and row["level"] not in RISK_LEVELS:
            problems.append(Problem(str(path), "level", f"unknown level {row['level']!r}", number))
        elif row is not None:
            out.append(RiskExample(str(row["text"]), str(row["level"]),
                                   tuple(row["categories"]), str(row["split"]),
                                   str(row.get("kind", "")), str(row.get("source", ""))))
    return out


def read_intent_examples(path: Path) -> list[IntentExample]:
    """Rows of ``replies.jsonl``. Raises ConfigError naming every bad line and field."""
    out: list[IntentExample] = []
    for number, row, problems in _rows(path, ("text", "intent", "split")):
        if row is not None and row["intent"] not in INTENTS:
            problems.append(Problem(str(path), "intent", f"unknown intent {row['intent']!r}",
                                    number))
        elif row is not None:
            out.append(IntentExample(str(row["text"]), str(row["intent"]), str(row["split"])))
    return out


def _rows(path: Path, fields: tuple[str, ...]) -> Iterable[
        tuple[int, dict[str, Any] | None, list[Problem]]]:
    problems: list[Problem] = []
    for number, row in json_lines(path.read_text(encoding="utf-8").splitlines(), str(path),
                                  problems):
        missing = [f for f in fields if not isinstance(row, dict) or f not in row]
        if missing:
            problems.append(Problem(str(path), missing[0], "missing", number))
            continue
        yield number, row, problems
    if problems:
        raise ConfigError(problems)


# --- pure helpers (tested on their own) ------------------------------------------------------

def calibrate_high_threshold(scores: Sequence[float], caught: Sequence[bool],
                             categories: Sequence[Sequence[str]], target: float) -> float:
    """The largest threshold at which every category keeps ``target`` recall.

    Args:
        scores: Model score of each high-risk message.
        caught: Whether another layer already rates that message high.
        categories: Categories of each message.
        target: Recall each category must reach, e.g. 0.98.

    Returns:
        A threshold ``t``: a message counts as found when ``caught`` or ``score >= t``.
        1.0 when the other layers already reach the target everywhere.
    """
    best = 1.0
    for category in sorted({c for cats in categories for c in cats}):
        idx = [i for i, cats in enumerate(categories) if category in cats]
        misses = sorted(scores[i] for i in idx if not caught[i])
        allowed = int(np.floor((1.0 - target) * len(idx) + 1e-9))
        if len(misses) > allowed:
            best = min(best, float(misses[allowed]))
    return best


def _design_matrix(featurizer: Featurizer, texts: Sequence[str]) -> Any:
    from scipy import sparse  # type: ignore[import-untyped]  # comes with scikit-learn

    dense = np.zeros((len(texts), DENSE_DIM), dtype=np.float32)
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[npt.NDArray[np.float32]] = []
    for i, text in enumerate(texts):
        f = featurizer.features(text)
        dense[i] = f.dense
        rows.append(np.full(len(f.indices), i, dtype=np.int64))
        cols.append(f.indices)
        vals.append(f.values)
    dense_part = sparse.csr_matrix(dense)
    dense_part.resize((len(texts), N_FEATURES))
    hashed = sparse.csr_matrix(
        (np.concatenate(vals or [np.zeros(0, np.float32)]),
         (np.concatenate(rows or [np.zeros(0, np.int64)]),
          np.concatenate(cols or [np.zeros(0, np.int64)]))),
        shape=(len(texts), N_FEATURES))
    return (dense_part + hashed).tocsr()


def _sklearn() -> Any:
    try:
        import sklearn.linear_model  # type: ignore[import-untyped]
    except ModuleNotFoundError as exc:
        raise MissingDependencyError("scikit-learn", "safety-train") from exc
    return sklearn.linear_model


def _fit_softmax(x: Any, labels: Sequence[int], n_classes: int, c: float,
                 weights: Sequence[float] | None = None) -> LinearHead:
    """Multinomial logistic regression; classes absent from ``labels`` get a very low bias."""
    clf = _sklearn().LogisticRegression(C=c, max_iter=3000).fit(
        x, list(labels), sample_weight=None if weights is None else np.asarray(weights))
    classes = [int(k) for k in clf.classes_]
    coef = np.zeros((n_classes, N_FEATURES), dtype=np.float32)
    bias = np.full(n_classes, -30.0, dtype=np.float32)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: logit of the second
        coef[classes[1]], bias[classes[1]] = clf.coef_[0], clf.intercept_[0]
        bias[classes[0]] = 0.0
    else:
        for row, k in enumerate(classes):
            coef[k], bias[k] = clf.coef_[row], clf.intercept_[row]
    return LinearHead.from_coefficients(coef, bias)


def _fit_categories(x: Any, examples: Sequence[RiskExample], c: float) -> LinearHead:
    coef = np.zeros((len(RISK_CATEGORIES), N_FEATURES), dtype=np.float32)
    bias = np.full(len(RISK_CATEGORIES), -10.0, dtype=np.float32)
    for k, category in enumerate(RISK_CATEGORIES):
        y = [category in e.categories for e in examples]
        if any(y) and not all(y):
            clf = _sklearn().LogisticRegression(C=c, max_iter=3000).fit(x, y)
            coef[k], bias[k] = clf.coef_[0], clf.intercept_[0]
    return LinearHead.from_coefficients(coef, bias)


# --- risk -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Candidate:
    key: tuple[float, ...]
    model: RiskModel
    metrics: dict[str, Any]


def train_risk(records: Sequence[RiskExample], *, featurizer: Featurizer | None = None,
               config: RiskTrainConfig | None = None, log: Any = None) -> RiskModel:
    """Choose settings on ``train``/``validation``, then refit and calibrate by cross-fitting.

    Settings (pooling, masking, C, windows, benign threshold) are chosen by the false-positive
    rate on validation hard negatives at thresholds calibrated for the recall target; ties go
    to windows on, masking on and the higher benign threshold. The chosen setting then goes
    through :func:`crossfit_risk` (unless ``config.crossfit_folds`` < 2).

    Args:
        records: Labelled messages with ``split`` set; ``test`` rows are ignored.
        featurizer: Embedding table and tokenizer; ``None`` uses the packaged ones.
        config: Search space and targets.
        log: A writable text stream for progress lines (None: quiet).

    Returns:
        The final model, thresholds set; ``metrics`` holds ``selection`` (the winner's
        validation metrics), ``crossfit`` (out-of-fold metrics of the final thresholds) and
        ``config``.

    Raises:
        ValueError: No training rows, or no high-risk validation rows to calibrate on.
    """
    cfg = config or RiskTrainConfig()
    train = [r for r in records if r.split == "train"]
    valid = [r for r in records if r.split == "validation"]
    if not train or not any(r.level == "high" for r in valid):
        raise ValueError("train_risk needs train rows and high-risk validation rows")
    base = featurizer or Featurizer(load_embeddings())
    verdicts = [match_patterns(r.text) for r in valid]
    best: _Candidate | None = None
    for features, mask in [(f, m) for f in _feature_configs(cfg) for m in cfg.mask_options]:
        shape = RiskModel(base, _EMPTY, _EMPTY, 1.0, mask_benign=mask)
        train_texts = [shape.model_text(r.text) for r in train]
        fz = base.with_config(features, idf_weights(train_texts, features)
                              if features.tfidf else None)
        x_train = _design_matrix(fz, train_texts)
        categories = _fit_categories(x_train, train, cfg.category_c)
        extra, extra_weights = _augmentation(train, cfg)
        x_level = _stack(x_train, _design_matrix(fz, [shape.model_text(t) for t in extra]))
        y_level = [RISK_LEVELS.index(r.level) for r in train] + [0] * len(extra)
        w_level = [1.0] * len(train) + extra_weights
        for c in cfg.c_grid:
            level = _fit_softmax(x_level, y_level, 4, c, w_level)
            model = RiskModel(fz, level, categories, high_threshold=1.0, mask_benign=mask)
            for candidate in _candidates(model, valid, verdicts, cfg):
                settings = {"pooling": features.pooling, "dense_weight": features.dense_weight,
                            "tfidf": features.tfidf, "context_weight": features.context_weight,
                            "mask_benign": mask, "C": c}
                candidate.metrics.update(settings)
                m = candidate.metrics
                _say(log, f"risk {settings} windows={m['windows']} benign<{m['benign_threshold']}"
                          f": t={m['high_threshold']:.3f} hn_fpr={m['hard_negative_fpr']:.3f} "
                          f"non_high_fpr={m['non_high_fpr']:.3f}")
                if best is None or candidate.key < best.key:
                    best = candidate
    assert best is not None
    metrics = {"selection": best.metrics, "train_rows": len(train), "validation_rows": len(valid),
               "config": asdict(cfg)}
    if cfg.crossfit_folds < 2:
        return replace(best.model, metrics={**best.metrics, **metrics})
    final = crossfit_risk(train + valid, best.model, float(best.metrics["C"]), cfg, log)
    return replace(final, metrics={**final.metrics, **metrics})


def _feature_configs(cfg: RiskTrainConfig) -> list[FeatureConfig]:
    """Every feature setting the search tries (pooling only matters with a dense block)."""
    out: list[FeatureConfig] = []
    for tfidf in cfg.tfidf_options:
        for dense in cfg.dense_weights:
            for pooling in cfg.poolings if dense > 0 else cfg.poolings[:1]:
                for context in cfg.context_weights:
                    out.append(FeatureConfig(pooling=pooling, dense_weight=dense, tfidf=tfidf,
                                             context_weight=context))
    return out


def _augmentation(train: Sequence[RiskExample], cfg: RiskTrainConfig) -> tuple[
        list[str], list[float]]:
    """Extra ``none`` rows: short sentences and word spans of non-risk training messages."""
    texts, weights, _ = _augmentation_rows(train, cfg)
    return texts, weights


def _augmentation_rows(train: Sequence[RiskExample], cfg: RiskTrainConfig) -> tuple[
        list[str], list[float], list[int]]:
    """:func:`_augmentation`, with the index of the message each extra row came from."""
    texts: list[str] = []
    weights: list[float] = []
    sources: list[int] = []
    rng = random.Random(0)
    for i, r in enumerate(train):
        if r.level not in ("none", "low"):
            continue
        sentences = split_sentences(r.text)
        if cfg.fragment_weight > 0 and len(sentences) > 1:
            short = [s for s in sentences if len(s.split()) <= cfg.fragment_max_words]
            texts += short
            weights += [cfg.fragment_weight] * len(short)
            sources += [i] * len(short)
        words = r.text.split()
        if cfg.span_weight > 0 and r.level == "none" and words:
            n = rng.randint(1, 3)
            start = rng.randint(0, max(0, len(words) - n))
            texts.append(" ".join(words[start:start + n]))
            weights.append(cfg.span_weight)
            sources.append(i)
    return texts, weights, sources


def _stack(a: Any, b: Any) -> Any:
    from scipy import sparse

    return sparse.vstack([a, b]).tocsr() if b.shape[0] else a


@dataclass(frozen=True)
class _Calibrated:
    high: float
    window: float
    benign: float
    confident: float
    metrics: dict[str, Any]


def _whole_scores(model: RiskModel, rows: Sequence[RiskExample]) -> npt.NDArray[np.float64]:
    return np.array([float(model.level_probs(r.text)[_HIGH]) for r in rows])


def _window_scores(model: RiskModel, verdicts: Sequence[Any], option: tuple[int, int]
                   ) -> npt.NDArray[np.float64]:
    if not option[0]:
        return np.zeros(len(verdicts))
    windowed = replace(model, window_sentences=option[0], window_min_sentences=option[1])
    return np.array([windowed.window_score([s.text for s in v.sentences])[0] for v in verdicts])


def _calibrate(rows: Sequence[RiskExample], verdicts: Sequence[Any],
               whole: npt.NDArray[np.float64], win: npt.NDArray[np.float64], windows_on: bool,
               t_benign: float, cfg: RiskTrainConfig) -> _Calibrated:
    """Thresholds for one setting from held-out scores, and the metrics they give there."""
    high = np.array([r.level == "high" for r in rows])
    pattern = np.array([v.level == "high" for v in verdicts])
    benign = np.array([bool(v.sentences) and all(s.benign for s in v.sentences)
                       for v in verdicts])
    t_win = _window_threshold(win[~high], int((~high).sum()), cfg.window_fp_budget) \
        if windows_on else 1.0
    caught = pattern | (win >= t_win)
    score = np.where(benign & (whole < t_benign), 0.0, whole)
    idx = np.flatnonzero(high)
    t = calibrate_high_threshold([float(score[i]) for i in idx], [bool(caught[i]) for i in idx],
                                 [rows[int(i)].categories for i in idx], cfg.recall_target)
    t = min(t, cfg.max_threshold)
    flagged = caught | (score >= t)
    model_score = np.maximum(score, np.where(win >= t_win, win, 0.0))
    t_sure = confident_threshold(model_score[~high & ~pattern], int((~high).sum()), t,
                                 cfg.confident_fp_budget)
    confident = pattern | (flagged & (model_score >= t_sure))
    metrics = risk_metrics(rows, flagged, pattern, confident)
    metrics.update({"high_threshold": t, "window_threshold": t_win, "benign_threshold": t_benign,
                    "confident_threshold": t_sure})
    return _Calibrated(t, t_win, t_benign, t_sure, metrics)


def _candidates(model: RiskModel, valid: Sequence[RiskExample], verdicts: Sequence[Any],
                cfg: RiskTrainConfig) -> Iterable[_Candidate]:
    """Calibrate thresholds for each window and benign-threshold option of one trained model."""
    whole = _whole_scores(model, valid)
    for k, minimum in cfg.window_options:
        win = _window_scores(model, verdicts, (k, minimum))
        for t_benign in cfg.benign_options:
            cal = _calibrate(valid, verdicts, whole, win, bool(k), t_benign, cfg)
            metrics = {**cal.metrics, "windows": [k, minimum]}
            key = (metrics["hard_negative_fpr"], metrics["non_high_fpr"], 0 if k else 1,
                   0 if model.mask_benign else 1, -t_benign)
            yield _Candidate(key, replace(model, window_sentences=k, window_min_sentences=minimum,
                                          high_threshold=cal.high, window_threshold=cal.window,
                                          benign_threshold=t_benign,
                                          confident_threshold=cal.confident), metrics)


def fold_of(text: str, folds: int) -> int:
    """A message's cross-fitting fold: a stable hash of its text (never Python's ``hash``)."""
    return fnv1a(text) % folds


def crossfit_risk(pool: Sequence[RiskExample], chosen: RiskModel, c: float,
                  cfg: RiskTrainConfig, log: Any = None) -> RiskModel:
    """Refit ``chosen``'s settings on ``pool`` and calibrate its thresholds out of fold.

    ``pool`` (train + validation) is cut into ``cfg.crossfit_folds`` folds by :func:`fold_of`;
    each fold is scored by a model fitted on the others, and the thresholds are calibrated on
    those out-of-fold scores of every pooled message: several times the messages a validation
    split alone offers, so a per-category recall target rests on more than one or two misses.
    The returned model is fitted on the whole pool.
    """
    k = cfg.crossfit_folds
    mask = chosen.mask_benign
    option = (chosen.window_sentences, chosen.window_min_sentences)
    shape = RiskModel(chosen.featurizer, _EMPTY, _EMPTY, 1.0, mask_benign=mask)
    pool_texts = [shape.model_text(r.text) for r in pool]
    features = chosen.featurizer.config
    # IDF from the whole pool: labels are not used, so held-out folds leak nothing about them
    fz = chosen.featurizer.with_config(features, idf_weights(pool_texts, features)
                                       if features.tfidf else None)
    chosen = replace(chosen, featurizer=fz)
    x_pool = _design_matrix(fz, pool_texts)
    extra, extra_weights, sources = _augmentation_rows(pool, cfg)
    x_extra = _design_matrix(fz, [shape.model_text(t) for t in extra])
    folds = np.array([fold_of(r.text, k) for r in pool])
    extra_folds = folds[np.array(sources, dtype=np.int64)] if sources else np.zeros(0, np.int64)
    y_pool = np.array([RISK_LEVELS.index(r.level) for r in pool])
    verdicts = [match_patterns(r.text) for r in pool]
    whole = np.zeros(len(pool))
    win = np.zeros(len(pool))

    def fit(rows: npt.NDArray[np.bool_], extra_rows: npt.NDArray[np.bool_]) -> LinearHead:
        x = _stack(x_pool[rows], x_extra[extra_rows])
        y = list(y_pool[rows]) + [0] * int(extra_rows.sum())
        w = [1.0] * int(rows.sum()) + list(np.asarray(extra_weights)[extra_rows])
        return _fit_softmax(x, y, 4, c, w)

    for fold in range(k):
        held = folds == fold
        level = fit(~held, extra_folds != fold)
        model = replace(chosen, level_head=level)
        idx = np.flatnonzero(held)
        whole[idx] = _whole_scores(model, [pool[int(i)] for i in idx])
        win[idx] = _window_scores(model, [verdicts[int(i)] for i in idx], option)
        _say(log, f"risk cross-fit fold {fold + 1}/{k}: {int(held.sum())} messages scored")
    cal = _calibrate(pool, verdicts, whole, win, bool(option[0]), chosen.benign_threshold, cfg)
    level = fit(np.ones(len(pool), dtype=bool), np.ones(len(extra), dtype=bool))
    categories = _fit_categories(x_pool, pool, cfg.category_c)
    _say(log, f"risk cross-fit: t={cal.high:.3f} confident>={cal.confident:.3f} "
              f"hn_fpr={cal.metrics['hard_negative_fpr']:.3f} "
              f"hn_confident_fpr={cal.metrics['hard_negative_confident_fpr']:.3f}")
    return replace(chosen, level_head=level, category_head=categories, high_threshold=cal.high,
                   window_threshold=cal.window, confident_threshold=cal.confident,
                   metrics={"crossfit": {**cal.metrics, "folds": k, "rows": len(pool)}})


def _window_threshold(scores: npt.NDArray[np.float64], n_non_high: int, budget: float) -> float:
    """Smallest window threshold that flags at most ``budget`` of the non-high messages (and
    never below 0.5: a long message is not high on a coin flip)."""
    ranked = np.sort(scores[scores > 0])[::-1]
    allowed = int(np.floor(budget * n_non_high))
    if allowed >= len(ranked):
        return max(float(ranked[-1]), 0.5) if len(ranked) else 1.0
    return max(float(ranked[allowed]) + 1e-6, 0.5)


def confident_threshold(non_high_scores: npt.NDArray[np.float64], n_non_high: int,
                        high_threshold: float, budget: float) -> float:
    """Smallest model score at which a high rating counts as confident: at most ``budget`` of
    the ``n_non_high`` validation messages score at or above it (never below
    ``high_threshold``, never above 1.0).

    Args:
        non_high_scores: Model scores of the non-high validation messages the phrase layer did
            not rate high.
        n_non_high: All non-high validation messages (the budget's base).
        high_threshold: The calibrated high threshold.
        budget: Share of non-high messages allowed to get the full crisis message, e.g. 0.02.
    """
    ranked = np.sort(non_high_scores[non_high_scores >= high_threshold])[::-1]
    allowed = int(np.floor(budget * n_non_high + 1e-9))
    if allowed >= len(ranked):
        return high_threshold
    return min(max(float(ranked[allowed]) + 1e-6, high_threshold), 1.0)


def risk_metrics(rows: Sequence[RiskExample], flagged: npt.NDArray[np.bool_],
                 pattern: npt.NDArray[np.bool_] | None = None,
                 confident: npt.NDArray[np.bool_] | None = None) -> dict[str, Any]:
    """High-risk recall per category, precision, and false-positive rates of a high/not split.

    Args:
        rows: Labelled messages.
        flagged: Whether each was rated high.
        pattern: Whether the phrase layer alone rated it high (for the record).
        confident: Whether each high rating was confident (full crisis message rather than the
            check question), for the record.
    """
    high = np.array([r.level == "high" for r in rows])
    hard = np.array([r.level == "none" and r.kind in HARD_NEGATIVE_KINDS for r in rows])
    per_category = {}
    for c in RISK_CATEGORIES:
        members = np.array([r.level == "high" and c in r.categories for r in rows])
        if members.any():
            per_category[c] = {"n": int(members.sum()),
                               "recall": round(float(flagged[members].mean()), 4)}
    out: dict[str, Any] = {
        "high_recall": round(float(flagged[high].mean()), 4) if high.any() else None,
        "high_precision": round(float(high[flagged].mean()), 4) if flagged.any() else None,
        "per_category": per_category,
        "hard_negative_fpr": round(float(flagged[hard].mean()), 4) if hard.any() else 0.0,
        "non_high_fpr": round(float(flagged[~high].mean()), 4) if (~high).any() else 0.0,
        "n_high": int(high.sum()), "n_hard_negative": int(hard.sum()),
    }
    if pattern is not None and high.any():
        out["pattern_only_recall"] = round(float(pattern[high].mean()), 4)
    if confident is not None:
        sure = flagged & confident
        out["confident_recall"] = round(float(sure[high].mean()), 4) if high.any() else None
        out["hard_negative_confident_fpr"] = round(float(sure[hard].mean()), 4) \
            if hard.any() else 0.0
        out["non_high_confident_fpr"] = round(float(sure[~high].mean()), 4) \
            if (~high).any() else 0.0
    return out


# --- intent -----------------------------------------------------------------------------------

def train_intent(records: Sequence[IntentExample], *, featurizer: Featurizer | None = None,
                 c_grid: tuple[float, ...] = (10.0, 30.0),
                 poolings: tuple[Pooling, ...] = ("mean", "sif"),
                 context_weights: tuple[float, ...] = (0.0, 1.0), refit: bool = True,
                 log: Any = None) -> IntentModel:
    """Train on ``train``, choose pooling and C by ``validation`` accuracy, then refit.

    Nothing here depends on the validation rows after the choice (there are no thresholds to
    calibrate), so the final model is refit on train + validation.

    Args:
        records: Labelled replies with ``split`` set; ``test`` rows are ignored.
        featurizer: Embedding table and tokenizer; ``None`` uses the packaged ones.
        c_grid: Inverse L2 strengths tried.
        poolings: Embedding poolings tried.
        context_weights: Weights of the sentence encoder's block tried (0: none).
        refit: Refit the chosen settings on train + validation (False: keep the train-only fit).
        log: A writable text stream for progress lines (None: quiet).

    Raises:
        ValueError: No training or validation rows.
    """
    base = featurizer or Featurizer(load_embeddings())
    train = [r for r in records if r.split == "train"]
    valid = [r for r in records if r.split == "validation"]
    if not train or not valid:
        raise ValueError("train_intent needs train and validation rows")
    y_train = [INTENTS.index(r.intent) for r in train]
    y_valid = np.array([INTENTS.index(r.intent) for r in valid])
    best: tuple[float, IntentModel] | None = None
    for pooling, context in [(p, w) for p in poolings for w in context_weights]:
        fz = base.with_config(FeatureConfig(pooling=pooling, context_weight=context))
        x_train = _design_matrix(fz, [r.text for r in train])
        for c in c_grid:
            model = IntentModel(fz, _fit_softmax(x_train, y_train, len(INTENTS), c))
            predicted = np.array([int(np.argmax(model.probabilities(r.text))) for r in valid])
            accuracy = float((predicted == y_valid).mean())
            _say(log, f"intent pooling={pooling} context={context} C={c}: "
                      f"validation accuracy={accuracy:.3f}")
            if best is None or accuracy > best[0]:
                metrics = {"validation_accuracy": round(accuracy, 4), "pooling": pooling,
                           "context_weight": context, "C": c, "train_rows": len(train),
                           "validation_rows": len(valid)}
                best = (accuracy, IntentModel(fz, model.head, metrics))
    assert best is not None
    chosen = best[1]
    if not refit:
        return chosen
    both = train + valid
    x_both = _design_matrix(chosen.featurizer, [r.text for r in both])
    head = _fit_softmax(x_both, [INTENTS.index(r.intent) for r in both], len(INTENTS),
                        float(chosen.metrics["C"]))
    return IntentModel(chosen.featurizer, head, {**chosen.metrics, "refit_rows": len(both)})


# --- script -----------------------------------------------------------------------------------

def _say(log: Any, line: str) -> None:
    if log is not None:
        print(line, file=log, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Rebuild the embedding table if missing, train both models, write npz files and
    metrics.json."""
    parser = argparse.ArgumentParser(prog="python -m coachsmith.safety.train",
                                     description="Train the safety classifiers.")
    parser.add_argument("--data", type=Path, default=Path("data"),
                        help="folder holding risk/messages.jsonl and intent/replies.jsonl")
    parser.add_argument("--out", type=Path, default=models_dir(), help="where model files go")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    table_path = args.out / EMBEDDINGS_FILE
    if not table_path.is_file():
        from coachsmith.llm.llamacpp import bundled_model_path

        print(f"building {table_path} from the bundled GGUF", file=sys.stderr)
        np.save(table_path, build_embeddings(bundled_model_path()))
    encoder = SentenceEncoder.load(encoder_path())  # its own instance: a larger cache
    encoder.cache_size = 1 << 16  # selection scores the same validation windows many times
    featurizer = Featurizer(load_embeddings(table_path), encoder=encoder.encode)
    risk = train_risk(read_risk_examples(args.data / "risk/messages.jsonl"),
                      featurizer=featurizer, log=sys.stderr)
    risk.save(args.out / RISK_MODEL_FILE)
    intent = train_intent(read_intent_examples(args.data / "intent/replies.jsonl"),
                          featurizer=featurizer, log=sys.stderr)
    intent.save(args.out / INTENT_MODEL_FILE)
    summary = {"risk": {"high_threshold": round(risk.high_threshold, 6),
                        "confident_threshold": round(risk.confident_threshold, 6),
                        "window_threshold": round(risk.window_threshold, 6),
                        "window_sentences": risk.window_sentences,
                        "window_min_sentences": risk.window_min_sentences,
                        "validation": risk.metrics},
               "intent": {"validation": intent.metrics},
               "train_seconds": round(time.perf_counter() - started, 1)}
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n",
                                           encoding="utf-8")
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
