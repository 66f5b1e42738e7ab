"""Runtime safety layers: risk classifier, intent classifier, crisis flow, response filter.

::

    message ─► LayeredRiskClassifier.assess ─┬─ high ─► crisis_step (vetted text, no model)
               (phrases ─► model ─► history   └─ else ─► coach model ─► filter_reply ─► reply
                ─► optional LLM check)

The models are package data (``safety/models``) built by ``python -m coachsmith.safety.train``.
"""

from coachsmith.safety.base import (
    INTENTS,
    RISK_CATEGORIES,
    RISK_LEVELS,
    Intent,
    IntentClassifier,
    RiskAssessment,
    RiskCategory,
    RiskClassifier,
    RiskLevel,
    level_rank,
)
from coachsmith.safety.bulk import assess_texts, read_messages
from coachsmith.safety.crisis import CrisisState, crisis_step
from coachsmith.safety.features import FeatureConfig, Features, Featurizer
from coachsmith.safety.filter import (
    FilterDecision,
    FilterResult,
    Violation,
    check_reply,
    filter_reply,
)
from coachsmith.safety.intent import IntentModel, load_intent_classifier
from coachsmith.safety.patterns import (
    PatternVerdict,
    SentenceVerdict,
    match_patterns,
    split_sentences,
)
from coachsmith.safety.risk import LayeredRiskClassifier, RiskModel, load_risk_classifier

__all__ = [
    "INTENTS",
    "RISK_CATEGORIES",
    "RISK_LEVELS",
    "CrisisState",
    "FeatureConfig",
    "Features",
    "Featurizer",
    "FilterDecision",
    "FilterResult",
    "Intent",
    "IntentClassifier",
    "IntentModel",
    "LayeredRiskClassifier",
    "PatternVerdict",
    "RiskAssessment",
    "RiskCategory",
    "RiskClassifier",
    "RiskLevel",
    "RiskModel",
    "SentenceVerdict",
    "Violation",
    "assess_texts",
    "check_reply",
    "crisis_step",
    "filter_reply",
    "level_rank",
    "load_intent_classifier",
    "load_risk_classifier",
    "match_patterns",
    "read_messages",
    "split_sentences",
]
