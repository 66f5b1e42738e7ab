"""The risk classifier: phrase rules, the fine-tuned model and, optionally, an LLM second look.

:class:`LayeredRiskClassifier` decides in this order:

1. **Phrases** (:func:`~coachsmith.safety.patterns.match_patterns`): a first-person risk phrase
   the context rules keep is final for ``high`` (and sure: the full crisis message). A whole
   message that is only a greeting, thanks or noise is decided there too: the model has no say.
2. **Model** (:class:`~coachsmith.safety.risk_model.RiskModel`): ``P(high)`` at or above the
   ``check`` threshold rates the message high; at or above the ``crisis`` threshold the rating
   is sure, below it the crisis flow asks the check question first. The thresholds are a
   domain-pack setting (``safety.yaml``: ``risk_thresholds``); without one, the values the
   training recipe chose on the calibration set are used. Below high, the level is the higher of the
   phrase level and the model's most likely level among ``none``/``low``/``medium``.
3. **History**: when one of the last few user messages showed clear risk (a phrase rule, or a
   sure model score), a borderline current message (phrase level medium, or a timing or
   finality cue such as "it's time", "I can't do this anymore") is raised to high, and a high
   that was not sure becomes sure (``history:confirms``).
4. **LLM check** (off unless a backend is given): a message still at ``medium`` is shown to
   the backend with a small JSON prompt; ``"high_risk": true`` raises it to high. It never
   lowers anything.

Every assessment also carries the model's **answer** reading (``safe``, ``decline``, ``affirm``
or ``other``): what the message says as an answer to the crisis flow's questions, which the
flow uses to let a person leave it in any language the model reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

import numpy as np

from coachsmith.llm.base import Backend
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
from coachsmith.safety.features import normalize_text
from coachsmith.safety.patterns import PatternVerdict, match_patterns
from coachsmith.safety.risk_model import ModelOutput, RiskModel, Thresholds, load_risk_model

MAX_INPUT_CHARS = 100_000  # beyond this, the head and the tail are assessed (the middle is cut)
HISTORY_TURNS = 3
_TIMING_CUE = re.compile(
    r"\b(?:it'?s time|this is it|tonight'?s the night|the time has come|doing it (?:now|tonight)|"
    r"i'?m ready|i'?ve decided|not long now|goodbye|bye for now|see you on the other side|"
    r"it'?ll be over soon|soon it'?ll|won'?t matter soon|after tonight|i'?m doing it|"
    r"can'?t (?:do this|go on|take (?:it|this|any more)) ?(?:any ?more)?|i'?m done|"
    r"i'?ve had enough|enough now|no more)\b")
_HIGH = RISK_LEVELS.index("high")
_NO_SIGNAL = frozenset({("phatic",), ("no_words",)})


class LayeredRiskClassifier:
    """Phrases + model + history (+ optional LLM check); implements ``RiskClassifier``.

    Thread-safe: it holds no per-call state (the LLM backend serialises its own calls).

    Args:
        model: The fine-tuned model.
        thresholds: Where ``P(high)`` becomes high and sure; None uses the model's own.
        llm: Backend for the second look at ``medium`` messages; ``None`` (default) skips it.
        history_turns: How many earlier user messages can raise a borderline message.
    """

    def __init__(self, model: RiskModel, *, thresholds: Thresholds | None = None,
                 llm: Backend | None = None, history_turns: int = HISTORY_TURNS) -> None:
        self.model = model
        self.thresholds = thresholds or model.thresholds
        self.llm = llm
        self.history_turns = history_turns
        # earlier messages are re-checked on every turn; remember the answers (bounded)
        self._was_high: Callable[[str], bool] = functools.lru_cache(maxsize=256)(self._rate_high)

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        """Rate one user message, given the user's earlier messages (oldest first).

        Never raises on odd input: empty, whitespace, emoji-only, any language or any length.
        ``score`` is the model's ``P(high)``, or 1.0 when a phrase rule decided ``high``.
        """
        text = _clip(text)
        if not normalize_text(text):
            return RiskAssessment("none", (), 0.0, ("empty",))
        verdict = match_patterns(text)
        out = self.model.read(text)
        answer, answer_score = out.top_answer
        if _no_signal(verdict):  # a greeting, noise or harmless emoji: the model has no say
            return RiskAssessment("none", (), 0.0, verdict.reasons, True, answer,
                                  round(answer_score, 4), round(out.all_clear, 4))
        level, categories, reasons = self._decide(verdict, out)
        confident = verdict.level == "high" or out.p_high >= self.thresholds.crisis
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
        score = 1.0 if verdict.level == "high" else out.p_high
        if level == "high":
            categories = categories or (_top_category(out),)
            if not confident:
                reasons = (*reasons, f"model:not_sure(<{self.thresholds.crisis:.2f})")
        return RiskAssessment(level, categories if level != "none" else (), round(score, 4),
                              reasons, confident or level != "high", answer,
                              round(answer_score, 4), round(out.all_clear, 4))

    # --- layers ---------------------------------------------------------------------------

    def _decide(self, verdict: PatternVerdict, out: ModelOutput) -> tuple[
            RiskLevel, tuple[RiskCategory, ...], tuple[str, ...]]:
        reasons = list(verdict.reasons)
        if verdict.level == "high":
            return "high", verdict.categories, tuple(reasons)
        if out.p_high >= self.thresholds.check:
            reasons.append(f"model:p_high={out.p_high:.2f}>={self.thresholds.check:.2f}")
            return "high", _categories(out, verdict), tuple(reasons)
        model_level = RISK_LEVELS[int(np.argmax(out.level[:_HIGH]))]
        level: RiskLevel = max(verdict.level, model_level, key=level_rank)
        if level == "none":
            return "none", (), tuple(reasons)
        if level_rank(verdict.level) >= level_rank(model_level) and verdict.categories:
            return level, verdict.categories, tuple(reasons)
        reasons.append(f"model:level={model_level}")
        return level, _categories(out, verdict), tuple(reasons)

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
        """Clear earlier risk: a phrase rule, or a sure model score (not a merely doubtful one,
        so one false alarm does not turn the next ordinary message into another)."""
        verdict = match_patterns(text)
        if verdict.level == "high":
            return True
        if _no_signal(verdict):
            return False
        return self.model.read(text).p_high >= self.thresholds.crisis

    def _history_categories(self, history: Sequence[str]) -> tuple[RiskCategory, ...]:
        for h in reversed(history[-self.history_turns:]):
            if self._was_high(_clip(h)):
                verdict = match_patterns(_clip(h))
                return verdict.categories or (_top_category(self.model.read(_clip(h))),)
        return ()


def _no_signal(verdict: PatternVerdict) -> bool:
    """The whole message is a greeting, thanks or noise, or only emoji with no risk emoji among
    them: on a few characters like these the model's score means nothing."""
    return verdict.reasons in _NO_SIGNAL or (bool(verdict.sentences) and all(
        s.reasons == ("emoji_only",) for s in verdict.sentences))


def _categories(out: ModelOutput, verdict: PatternVerdict) -> tuple[RiskCategory, ...]:
    picked = {c for c, p in zip(RISK_CATEGORIES, out.category, strict=True) if p >= 0.5}
    picked |= set(verdict.categories)
    if not picked:
        picked = {_top_category(out)}
    return tuple(c for c in RISK_CATEGORIES if c in picked)


def _top_category(out: ModelOutput) -> RiskCategory:
    return RISK_CATEGORIES[int(np.argmax(out.category))]


def _clip(text: str) -> str:
    if len(text) <= MAX_INPUT_CHARS:
        return text
    half = MAX_INPUT_CHARS // 2
    return f"{text[:half]}\n{text[-half:]}"


def load_risk_classifier(*, thresholds: Thresholds | None = None,
                         llm: Backend | None = None) -> LayeredRiskClassifier:
    """The packaged risk classifier.

    The model is read once per process and shared (thread-safe); each call returns a light
    classifier object around it. Loading reads files and nothing else: nothing is built,
    written or printed.

    Args:
        thresholds: The domain pack's thresholds (``Safety.risk_thresholds``); None uses the
            values the model was calibrated with.
        llm: Optional backend for the second look at medium messages (off when ``None``).

    Raises:
        FileNotFoundError: The packaged model file or the encoder package is missing (a broken
            install).
        ValueError: The installed encoder package is not the version the model was trained on.
    """
    return LayeredRiskClassifier(load_risk_model(), thresholds=thresholds, llm=llm)
