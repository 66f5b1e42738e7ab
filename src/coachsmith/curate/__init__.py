"""Curation: fixup, truncation, slicing, split, dedup, curriculum and dataset export.

``curate.export`` and ``curate.tokens`` are imported on use (they pull in file writing, the HF
``datasets`` package and llama.cpp's tokenizer).
"""

from coachsmith.curate.card import CardInputs, dataset_card, form_files
from coachsmith.curate.curriculum import Mix, mix_curriculum, stage_of
from coachsmith.curate.dataset import Dataset, DatasetSettings, build_dataset
from coachsmith.curate.dedup import DedupSettings, Duplicate, find_duplicates
from coachsmith.curate.examples import (
    FORMS,
    Form,
    TokenCounter,
    build_examples,
    estimate_tokens,
    length_bucket,
    preference_pairs,
    primary_topic,
)
from coachsmith.curate.fixup import FixupAttempt, FixupSettings, LLMFixer, apply_rewrites
from coachsmith.curate.flow import Fixer, FlowSettings, Outcome, curate_transcript
from coachsmith.curate.locate import cited_exchanges
from coachsmith.curate.slicing import SliceSettings, coverage_weights, slice_ends
from coachsmith.curate.split import Split, split_holdout
from coachsmith.curate.truncate import MIN_KEEP, truncate, truncation_point

__all__ = [
    "FORMS",
    "MIN_KEEP",
    "CardInputs",
    "Dataset",
    "DatasetSettings",
    "DedupSettings",
    "Duplicate",
    "Fixer",
    "FixupAttempt",
    "FixupSettings",
    "FlowSettings",
    "Form",
    "LLMFixer",
    "Mix",
    "Outcome",
    "SliceSettings",
    "Split",
    "TokenCounter",
    "apply_rewrites",
    "build_dataset",
    "build_examples",
    "cited_exchanges",
    "coverage_weights",
    "curate_transcript",
    "dataset_card",
    "estimate_tokens",
    "find_duplicates",
    "form_files",
    "length_bucket",
    "mix_curriculum",
    "preference_pairs",
    "primary_topic",
    "slice_ends",
    "split_holdout",
    "stage_of",
    "truncate",
    "truncation_point",
]
