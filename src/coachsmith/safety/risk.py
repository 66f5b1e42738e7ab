"""The risk classifier: phrase rules, a trained linear model and, optionally, an LLM second look.

:class:`LayeredRiskClassifier` decides in this order:

1. **Phrases** (:func:`~coachsmith.safety.patterns.match_patterns`): a first-person risk phrase
   the context rules keep is final for ``high`` — the model can not talk it down.
2. **Model** (:class:`RiskModel`): ``P(high)`` of the message against ``high_threshold``.
   A high rating that rests on the model alone is ``confident`` only at ``confident_threshold``
   or above (calibrated so that at most 2 % of non-high messages reach it, out of fold on
   train + validation); below,
   the crisis flow asks a direct safety question before the full crisis message. When
   the phrase layer found a benign reading in *every* sentence (an idiom, a negation, a game, a
   past or third-person phrase...) and no risk phrase, the model must also reach
   ``benign_threshold`` (its own confidence, not a stray "kill" or "die"). Also, for
   messages of ``window_min_sentences`` sentences or more, the highest ``P(high)`` of any
   run of ``window_sentences`` consecutive sentences against ``window_threshold`` (so a signal
   buried in a long message is not diluted). The thresholds are calibrated out of fold on
   train + validation by ``coachsmith.safety.train`` for the recall target (0.99 per
   category), and stored in the model file with the calibration metrics.
3. **History**: when one of the last few user messages showed clear risk (a phrase rule, or
   the model at ``HISTORY_MODEL_THRESHOLD``), a borderline current
   message (phrase level medium, or a timing or finality cue such as "it's time", "I can't do
   this anymore") is raised to high, and a model-only high that was not confident becomes
   confident (``history:confirms``).
4. **LLM check** (off unless a backend is given): a message still at ``medium`` is shown to
   the backend with a small JSON prompt; ``"high_risk": true`` raises it to high. It never
   lowers anything.

Below high, the level is the higher of the phrase level and the model's most likely level among
``none``/``low``/``medium``.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coachsmith.llm.base import Backend
from coachsmith.safety._linear import LinearHead, sigmoid, softmax
from coachsmith.safety._llm_check import llm_says_high
from coachsmith.safety.base import (
    RISK_CATEGORIES,
    RISK_LEVELS,
    RiskAssessment,
    RiskCategory,
    RiskLevel,
    level_rank,
)
from coachsmith.safety.bulk import assess_texts as assess_texts
from coachsmith.safety.bulk import read_messages as read_messages
from coachsmith.safety.features import (
    FeatureConfig,
    Featurizer,
    FloatArray,
    load_embeddings,
    normalize_text,
    packaged_model_file,
)
from coachsmith.safety.patterns import PatternVerdict, mask_benign, match_patterns

RISK_MODEL_FILE = "risk.npz"
MAX_INPUT_CHARS = 100_000  # beyond this, the head and the tail are assessed (the middle is cut)
HISTORY_TURNS = 3
HISTORY_MODEL_THRESHOLD = 0.8  # model P(high) an earlier message needs to count as clear risk
_TIMING_CUE = re.compile(
    r"\b(?:it'?s time|this is it|tonight'?s the night|the time has come|doing it (?:now|tonight)|"
    r"i'?m ready|i'?ve decided|not long now|goodbye|bye for now|see you on the other side|"
    r"it'?ll be over soon|soon it'?ll|won'?t matter soon|after tonight|i'?m doing it|"
    r"can'?t (?:do this|go on|take (?:it|this|any more)) ?(?:any ?more)?|i'?m done|"
    r"i'?ve had enough|enough now|no more)\b")
_HIGH = RISK_LEVELS.index("high")
_NO_SIGNAL = frozenset({("phatic",), ("no_words",)})


@dataclass(frozen=True)
class RiskModel:
    """Trained weights for the model layer (see :mod:`coachsmith.safety.train`).

    Attributes:
        featurizer: Text features (embedding table, tokenizer, block weights).
        level_head: Four logits, one per level in ``RISK_LEVELS`` order (softmax).
        category_head: Four logits, one per category in ``RISK_CATEGORIES`` order (sigmoid each).
        high_threshold: ``P(high)`` at or above which a message is high.
        benign_threshold: ``P(high)`` a message needs when every sentence has a benign reading
            (0.0: no extra bar).
        window_threshold: ``P(high)`` of a sentence window at or above which the message is high.
        confident_threshold: Model score (``P(high)`` or a window's) at or above which a high
            rating by the model alone is confident (the full crisis message); below it the
            crisis flow asks a direct safety question first. 0.0: every high is confident.
        window_sentences: Sentences per window; 0 turns windows off.
        window_min_sentences: Messages shorter than this are not windowed.
        mask_benign: Cut idiom and technical phrases out before featurizing
            (:func:`~coachsmith.safety.patterns.mask_benign`); training did the same.
        metrics: Validation metrics recorded at calibration (JSON-able).
    """

    featurizer: Featurizer
    level_head: LinearHead
    category_head: LinearHead
    high_threshold: float
    window_threshold: float = 1.0
    benign_threshold: float = 0.0
    confident_threshold: float = 0.0
    window_sentences: int = 0
    window_min_sentences: int = 4
    mask_benign: bool = False
    metrics: dict[str, Any] = field(default_factory=dict)

    def model_text(self, text: str) -> str:
        """The text the linear layers see (masked when ``mask_benign``)."""
        return mask_benign(text) if self.mask_benign else text

    def level_probs(self, text: str) -> FloatArray:
        """``P(level)`` for ``none, low, medium, high``."""
        return softmax(self.level_head.logits(self.featurizer.features(self.model_text(text))))

    def category_probs(self, text: str) -> FloatArray:
        """Independent ``P(category present)`` for each of ``RISK_CATEGORIES``."""
        return sigmoid(self.category_head.logits(
            self.featurizer.features(self.model_text(text))))

    def decision_probs(self, text: str, verdict: PatternVerdict) -> tuple[FloatArray, bool]:
        """Level probabilities the decision uses, and whether the model was overruled.

        The whole message's, unless every sentence has a benign reading and ``P(high)`` is
        below ``benign_threshold``: then the model's say is dropped (``none``), and the phrase
        layer's level stands. A whole message that is only a greeting or an acknowledgement
        (``phatic``), or only noise (``no_words``), drops the model's say at any ``P(high)``:
        on two or three characters the model's score means nothing ("hi" scores 0.93).
        """
        whole = self.level_probs(text)
        if verdict.reasons in _NO_SIGNAL:  # the whole message is a greeting or noise
            return np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32), True
        if (not verdict.sentences or not all(s.benign for s in verdict.sentences)
                or whole[_HIGH] >= self.benign_threshold):
            return whole, False
        return np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32), True

    def window_score(self, sentences: Sequence[str]) -> tuple[float, str]:
        """Highest ``P(high)`` over runs of ``window_sentences`` sentences, with that window."""
        k = self.window_sentences
        if k <= 0 or len(sentences) < max(self.window_min_sentences, 2):
            return 0.0, ""
        best, best_text = 0.0, ""
        for i in range(0, len(sentences) - k + 1):
            window = " ".join(sentences[i:i + k])
            p = float(self.level_probs(window)[_HIGH])
            if p > best:
                best, best_text = p, window
        return best, best_text

    def save(self, path: Path) -> None:
        """Write every weight, threshold and metric to one compressed ``.npz`` file."""
        arrays: dict[str, Any] = {
                  **self.level_head.to_arrays("level"), **self.category_head.to_arrays("category"),
                  "feature_config": self.featurizer.config.to_array(),
                  "thresholds": np.array([self.high_threshold, self.window_threshold,
                                          self.benign_threshold, self.confident_threshold]),
                  "windows": np.array([self.window_sentences, self.window_min_sentences]),
                  "options": np.array([int(self.mask_benign)]),
                  **({"idf": self.featurizer.idf.astype(np.float16)}
                     if self.featurizer.idf is not None else {}),
                  "metrics_json": np.array(json.dumps(self.metrics, sort_keys=True))}
        with path.open("wb") as f:
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path: Path, featurizer: Featurizer | None = None) -> RiskModel:
        """Read a model written by :meth:`save`.

        Args:
            path: The ``.npz`` file.
            featurizer: Table and tokenizer to use; ``None`` uses the packaged table and the
                bundled tokenizer. Its block weights are replaced by the file's.
        """
        with np.load(path, allow_pickle=False) as data:
            config = FeatureConfig.from_array(data["feature_config"])
            base = featurizer or Featurizer(load_embeddings())
            thresholds, windows = data["thresholds"], data["windows"]
            return cls(
                featurizer=base.with_config(
                    config, data["idf"].astype(np.float32) if "idf" in data.files else None),
                level_head=LinearHead.from_arrays(data, "level"),
                category_head=LinearHead.from_arrays(data, "category"),
                high_threshold=float(thresholds[0]), window_threshold=float(thresholds[1]),
                benign_threshold=float(thresholds[2]) if len(thresholds) > 2 else 0.0,
                confident_threshold=float(thresholds[3]) if len(thresholds) > 3 else 0.0,
                window_sentences=int(windows[0]), window_min_sentences=int(windows[1]),
                mask_benign=bool(data["options"][0]) if "options" in data.files else False,
                metrics=json.loads(str(data["metrics_json"])))


@dataclass(frozen=True)
class _ModelView:
    probs: FloatArray
    raw_p_high: float
    set_aside: bool
    window: float
    window_text: str


class LayeredRiskClassifier:
    """Phrases + model + history (+ optional LLM check); implements ``RiskClassifier``.

    Thread-safe: it holds no per-call state (the LLM backend serialises its own calls).

    Args:
        model: Trained model layer.
        llm: Backend for the second look at ``medium`` messages; ``None`` (default) skips it.
        history_turns: How many earlier user messages can raise a borderline message.
    """

    def __init__(self, model: RiskModel, *, llm: Backend | None = None,
                 history_turns: int = HISTORY_TURNS) -> None:
        self.model = model
        self.llm = llm
        self.history_turns = history_turns
        # earlier messages are re-checked on every turn; remember the answers (bounded)
        self._was_high: Callable[[str], bool] = functools.lru_cache(maxsize=256)(self._rate_high)

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        """Rate one user message, given the user's earlier messages (oldest first).

        Never raises on odd input: empty, whitespace, emoji-only, any language or any length.
        ``score`` is the model's ``P(high)`` (whole message or best window, also when a benign
        reading overruled it), or 1.0 when a phrase rule decided ``high``.
        """
        text = _clip(text)
        if not normalize_text(text):
            return RiskAssessment("none", (), 0.0, ("empty",))
        verdict = match_patterns(text)
        view = self._model_view(text, verdict)
        level, categories, reasons = self._decide(verdict, view)
        score = float(max(view.raw_p_high, view.window))
        # a model-only high is confident at a high enough score; every other layer always is
        confident = verdict.level == "high" or self._model_score(view) >= \
            self.model.confident_threshold
        if level != "high" and self._history_raises(text, verdict, history):
            level, reasons, confident = "high", (*reasons, "history:escalation"), True
            categories = categories or self._history_categories(history)
        elif level == "high" and not confident and self._recent_clear_risk(history):
            # the model's doubtful high follows clear risk: no check question, the full crisis
            reasons, confident = (*reasons, "history:confirms"), True
        if level == "medium" and self.llm is not None:
            raised, note = llm_says_high(self.llm, text, history)
            reasons = (*reasons, note)
            level, confident = ("high", True) if raised else (level, confident)
        if level == "high":
            categories = categories or (self._top_category(text),)
            if verdict.level == "high":
                score = 1.0
            if not confident:
                reasons = (*reasons, f"model:not_confident(<{self.model.confident_threshold:.2f})")
        return RiskAssessment(level, categories if level != "none" else (), round(score, 4),
                              reasons, confident or level != "high")

    # --- layers ---------------------------------------------------------------------------

    def _model_view(self, text: str, verdict: PatternVerdict) -> _ModelView:
        probs, set_aside = self.model.decision_probs(text, verdict)
        raw = float(self.model.level_probs(text)[_HIGH]) if set_aside else float(probs[_HIGH])
        window, window_text = self.model.window_score([s.text for s in verdict.sentences])
        return _ModelView(probs, raw, set_aside, window, window_text)

    def _model_score(self, view: _ModelView) -> float:
        """The score a model-only high rests on: ``P(high)`` (0 when a benign reading set the
        model aside) or the best window's, when that window reached its own threshold."""
        window = view.window if view.window >= self.model.window_threshold else 0.0
        return max(float(view.probs[_HIGH]), window)

    def _decide(self, verdict: PatternVerdict, view: _ModelView) -> tuple[
            RiskLevel, tuple[RiskCategory, ...], tuple[str, ...]]:
        m = self.model
        reasons = list(verdict.reasons)
        if verdict.level == "high":
            return "high", verdict.categories, tuple(reasons)
        p_high = float(view.probs[_HIGH])
        if view.set_aside:
            reasons.append(f"model:benign_reading(p_high<{m.benign_threshold:.2f})")
        if p_high >= m.high_threshold:
            reasons.append(f"model:p_high={p_high:.2f}>={m.high_threshold:.2f}")
            return "high", self._categories(view, verdict), tuple(reasons)
        if view.window >= m.window_threshold:
            reasons.append(f"model:window_p_high={view.window:.2f}>={m.window_threshold:.2f}")
            return "high", self._categories(view, verdict), tuple(reasons)
        model_level = RISK_LEVELS[int(np.argmax(view.probs[:_HIGH]))]
        level: RiskLevel = max(verdict.level, model_level, key=level_rank)
        if level == "none":
            return "none", (), tuple(reasons)
        if level_rank(verdict.level) >= level_rank(model_level) and verdict.categories:
            return level, verdict.categories, tuple(reasons)
        reasons.append(f"model:level={model_level}")
        return level, self._categories(view, verdict), tuple(reasons)

    def _categories(self, view: _ModelView, verdict: PatternVerdict) -> tuple[RiskCategory, ...]:
        text = view.window_text or " ".join(s.text for s in verdict.sentences)
        probs = self.model.category_probs(text)
        picked = {c for c, p in zip(RISK_CATEGORIES, probs, strict=True) if p >= 0.5}
        picked |= set(verdict.categories)
        if not picked:
            picked = {RISK_CATEGORIES[int(np.argmax(probs))]}
        return tuple(c for c in RISK_CATEGORIES if c in picked)

    def _top_category(self, text: str) -> RiskCategory:
        return RISK_CATEGORIES[int(np.argmax(self.model.category_probs(text)))]

    def _history_raises(self, text: str, verdict: PatternVerdict,
                        history: Sequence[str]) -> bool:
        borderline = (verdict.level == "medium"
                      or _TIMING_CUE.search(normalize_text(text)) is not None)
        return borderline and self._recent_clear_risk(history)

    def _recent_clear_risk(self, history: Sequence[str]) -> bool:
        recent = [h for h in history[-self.history_turns:] if normalize_text(h)] \
            if self.history_turns > 0 else []
        return any(self._was_high(_clip(h)) for h in recent)

    def _rate_high(self, text: str) -> bool:
        """Clear earlier risk: a phrase rule, or a confident model (not a borderline score,
        so one false alarm does not turn the next ordinary message into another)."""
        verdict = match_patterns(text)
        if verdict.level == "high":
            return True
        probs, _ = self.model.decision_probs(text, verdict)
        return float(probs[_HIGH]) >= max(self.model.high_threshold, HISTORY_MODEL_THRESHOLD)

    def _history_categories(self, history: Sequence[str]) -> tuple[RiskCategory, ...]:
        for h in reversed(history[-self.history_turns:]):
            if self._was_high(_clip(h)):
                verdict = match_patterns(_clip(h))
                return verdict.categories or (self._top_category(h),)
        return ()


def _clip(text: str) -> str:
    if len(text) <= MAX_INPUT_CHARS:
        return text
    half = MAX_INPUT_CHARS // 2
    return f"{text[:half]}\n{text[-half:]}"


_load_lock = threading.Lock()


@functools.cache
def _packaged_model() -> RiskModel:
    return RiskModel.load(packaged_model_file(RISK_MODEL_FILE))


def load_risk_model() -> RiskModel:
    """The packaged :class:`RiskModel` (read once per process, thread-safe)."""
    with _load_lock:
        return _packaged_model()


def load_risk_classifier(*, llm: Backend | None = None) -> LayeredRiskClassifier:
    """The packaged risk classifier.

    The model weights are read once per process and shared (thread-safe); each call returns a
    light classifier object around them.

    Args:
        llm: Optional backend for the second look at medium messages (off when ``None``).

    Raises:
        FileNotFoundError: The packaged model files are missing (a broken install).
    """
    return LayeredRiskClassifier(load_risk_model(), llm=llm)
