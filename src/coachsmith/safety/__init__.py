"""Runtime safety layers: risk classifier, intent classifier, crisis flow, response filter.

::

    message ─► LayeredRiskClassifier.assess ─┬─ high ─► crisis_step (vetted text, no model)
               (phrases ─► fine-tuned model   └─ else ─► coach model ─► filter_reply ─► reply
                ─► history ─► optional LLM check)

This package only loads and runs models. The model files are package data (``safety/models``);
the recipes that train them live in ``scripts/`` (``train_risk.py``, ``train_intent.py``,
``build_embeddings.py``) and write to ``build/safety/``, never into the package. Loading reads
files and nothing else: nothing is built, written or printed on first use.
"""

from coachsmith.safety.base import (
    ANSWERS,
    INTENTS,
    RISK_CATEGORIES,
    RISK_LEVELS,
    Answer,
    Intent,
    IntentClassifier,
    RiskAssessment,
    RiskCategory,
    RiskClassifier,
    RiskLevel,
    level_rank,
)
from coachsmith.safety.bulk import assess_texts, read_messages
from coachsmith.safety.calibrate import Curve, CurvePoint, choose_operating_point, operating_curve
from coachsmith.safety.crisis import CrisisState, CrisisStep, crisis_step
from coachsmith.safety.encoder import Encoder, load_base_encoder
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
from coachsmith.safety.risk import LayeredRiskClassifier, load_risk_classifier
from coachsmith.safety.risk_model import ModelOutput, RiskModel, Thresholds, load_risk_model

__all__ = [
    "ANSWERS",
    "INTENTS",
    "RISK_CATEGORIES",
    "RISK_LEVELS",
    "Answer",
    "CrisisState",
    "CrisisStep",
    "Curve",
    "CurvePoint",
    "Encoder",
    "FeatureConfig",
    "Features",
    "Featurizer",
    "FilterDecision",
    "FilterResult",
    "Intent",
    "IntentClassifier",
    "IntentModel",
    "LayeredRiskClassifier",
    "ModelOutput",
    "PatternVerdict",
    "RiskAssessment",
    "RiskCategory",
    "RiskClassifier",
    "RiskLevel",
    "RiskModel",
    "SentenceVerdict",
    "Thresholds",
    "Violation",
    "assess_texts",
    "check_reply",
    "choose_operating_point",
    "crisis_step",
    "filter_reply",
    "level_rank",
    "load_base_encoder",
    "load_intent_classifier",
    "load_risk_classifier",
    "load_risk_model",
    "match_patterns",
    "operating_curve",
    "read_messages",
    "split_sentences",
]
