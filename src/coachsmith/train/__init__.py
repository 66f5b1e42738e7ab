"""Training: weighted coach-only SFT (LoRA, QLoRA or full), curriculum stages, DPO, model choice.

Importing this package stays light: torch, transformers, peft and trl load when a recipe runs
(:mod:`.loss` and :mod:`.checkpoints`, which need them at import, are imported by the recipe).
"""

from coachsmith.train.base import BaseRef, load_model, load_tokenizer, qlora_problem, resolve_base
from coachsmith.train.config import (
    CurriculumConfig,
    DPOConfig,
    TrainConfig,
    resolve_precision,
    to_sft_config,
)
from coachsmith.train.curriculum import (
    GateResult,
    StagePlan,
    holdout_gate,
    plan_curriculum,
    rubric_evaluation,
    rubric_gate,
)
from coachsmith.train.data import (
    IGNORE,
    ChatMessage,
    Tokenized,
    TokenizeReport,
    TrainExample,
    collate,
    read_examples,
    render_ids,
    tokenize_example,
    tokenize_examples,
)
from coachsmith.train.dpo import PreferencePair, build_preference_pairs, read_pairs, train_dpo
from coachsmith.train.models import CANDIDATES, Candidate, memory_needs, recommend
from coachsmith.train.sft import TrainSummary, train_sft

__all__ = [
    "CANDIDATES",
    "IGNORE",
    "BaseRef",
    "Candidate",
    "ChatMessage",
    "CurriculumConfig",
    "DPOConfig",
    "GateResult",
    "PreferencePair",
    "StagePlan",
    "TokenizeReport",
    "Tokenized",
    "TrainConfig",
    "TrainExample",
    "TrainSummary",
    "build_preference_pairs",
    "collate",
    "holdout_gate",
    "load_model",
    "load_tokenizer",
    "memory_needs",
    "plan_curriculum",
    "qlora_problem",
    "read_examples",
    "read_pairs",
    "recommend",
    "render_ids",
    "resolve_base",
    "resolve_precision",
    "rubric_evaluation",
    "rubric_gate",
    "to_sft_config",
    "tokenize_example",
    "tokenize_examples",
    "train_dpo",
    "train_sft",
]
