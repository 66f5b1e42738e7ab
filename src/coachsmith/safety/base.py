"""Records and protocols shared by the runtime safety layers.

Levels are ordered: ``none < low < medium < high``. ``high`` never reaches the coach model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

RiskLevel = Literal["none", "low", "medium", "high"]
RISK_LEVELS: tuple[RiskLevel, ...] = ("none", "low", "medium", "high")
RiskCategory = Literal["suicidal_ideation", "self_harm", "harm_to_others", "crisis"]
RISK_CATEGORIES: tuple[RiskCategory, ...] = (
    "suicidal_ideation", "self_harm", "harm_to_others", "crisis")

#: What a message says as an answer to the crisis flow's questions (see
#: ``coachsmith.safety.risk_model``): ``safe`` ("I'm safe now"), ``decline`` ("no, I meant
#: work"), ``affirm`` ("yes", "I don't know"), ``other`` (anything else).
Answer = Literal["safe", "decline", "affirm", "other"]
ANSWERS: tuple[Answer, ...] = ("safe", "decline", "affirm", "other")

Intent = Literal["validate", "probe_story", "probe_root", "reframe", "suggest_experiment",
                 "offer_mindfulness", "safety_check", "emergency", "close", "other"]
INTENTS: tuple[Intent, ...] = ("validate", "probe_story", "probe_root", "reframe",
                               "suggest_experiment", "offer_mindfulness", "safety_check",
                               "emergency", "close", "other")


def level_rank(level: RiskLevel) -> int:
    """0 for none ... 3 for high, for comparisons."""
    return RISK_LEVELS.index(level)


@dataclass(frozen=True)
class RiskAssessment:
    """What the risk classifier says about one user message.

    Attributes:
        level: none, low, medium or high.
        categories: Risk categories present (empty for none).
        score: The classifier's probability-like score that the message is high risk, in [0, 1].
        reasons: Short human-readable reasons (the rule or model signal that decided).
        confident: For ``high``: False when the rating rests on the trained model alone with a
            score below its confident threshold; the crisis flow then asks a direct safety
            question before the full crisis message. True otherwise (phrase rules, history,
            a second-look LLM, a classifier failure), and always True below high.
        answer: What the message says as an answer to a crisis question, in any language the
            classifier reads (``other`` when it is not an answer, or the classifier has no say).
        answer_score: The classifier's probability of ``answer``, in [0, 1].
        all_clear: The classifier's probability that the message is a safe statement or a
            decline (``safe`` plus ``decline``): either one answers the check question with an
            all-clear ("non, ça va mieux maintenant" is both), in [0, 1].
    """

    level: RiskLevel
    categories: tuple[RiskCategory, ...] = ()
    score: float = 0.0
    reasons: tuple[str, ...] = field(default_factory=tuple)
    confident: bool = True
    answer: Answer = "other"
    answer_score: float = 0.0
    all_clear: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {"level": self.level, "categories": list(self.categories),
                "score": self.score, "reasons": list(self.reasons),
                "confident": self.confident, "answer": self.answer,
                "answer_score": self.answer_score, "all_clear": self.all_clear}


class RiskClassifier(Protocol):
    """Anything that rates a user message's risk, given the recent user messages before it."""

    def assess(self, text: str, history: Sequence[str] = ()) -> RiskAssessment:
        ...


class IntentClassifier(Protocol):
    """Labels a coach reply with its main therapeutic intent."""

    def classify(self, text: str) -> Intent:
        ...
