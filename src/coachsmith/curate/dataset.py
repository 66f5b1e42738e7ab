"""From curated transcripts to the dataset: split, dedup, curriculum, slices, both forms, pairs. Pure.

The order matters: the split comes first (so a persona never straddles it), near-duplicates are
dropped next (across splits the training copy goes), the curriculum then orders what is left
for training, and only then are transcripts cut into examples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from coachsmith.curate.curriculum import Mix, mix_curriculum, stage_of
from coachsmith.curate.dedup import DedupSettings, Duplicate, find_duplicates
from coachsmith.curate.examples import (
    FORMS,
    Form,
    TokenCounter,
    build_examples,
    length_bucket,
    plan_slices,
    preference_pairs,
    primary_topic,
)
from coachsmith.curate.fixup import FixupAttempt
from coachsmith.curate.slicing import SliceSettings
from coachsmith.curate.split import Split, split_holdout
from coachsmith.domain import Curriculum
from coachsmith.records import Example, PreferencePair, Transcript

SPLITS = ("train", "holdout")
#: Checks that a chat template renders every slice as a token prefix of the whole example.
PrefixCheck = Callable[[Transcript, Sequence[int]], bool]


@dataclass(frozen=True)
class DatasetSettings:
    """Choices for building the dataset.

    Attributes:
        holdout_fraction: Share of transcripts held out, in [0, 1).
        seed: Seeds the split and the curriculum draw.
        slicing: Where slices fall and the token budget.
        dedup: Near-duplicate settings; None skips deduplication.
        curriculum: Stages to mix the training split by; None keeps every transcript.
    """

    holdout_fraction: float = 0.1
    seed: int = 0
    slicing: SliceSettings = field(default_factory=SliceSettings)
    dedup: DedupSettings | None = field(default_factory=DedupSettings)
    curriculum: Curriculum | None = None


@dataclass
class Dataset:
    """Everything the export writes.

    Attributes:
        examples: Form -> split -> examples (training examples in curriculum order).
        pairs: Split -> preference pairs.
        split: Transcript ids per split, after deduplication.
        duplicates: Transcripts dropped as near-duplicates.
        mix: The curriculum assignment, when a curriculum was used.
        over_budget: Transcripts with no slice under the token budget (left out).
        fallback: Transcripts whose template breaks the prefix property: their prefix-shared
            entry is their sliced examples.
        transcripts: Transcript id -> transcript, for every id in ``split``.
    """

    examples: dict[Form, dict[str, list[Example]]]
    pairs: dict[str, list[PreferencePair]]
    split: Split
    duplicates: list[Duplicate]
    mix: Mix | None
    over_budget: list[str]
    fallback: list[str]
    transcripts: dict[str, Transcript]


def stratum(transcript: Transcript) -> tuple[str, str]:
    """The split's strata: length bucket and primary topic."""
    return length_bucket(transcript), primary_topic(transcript)


def build_dataset(transcripts: Sequence[Transcript],
                  fixups: Mapping[str, Sequence[FixupAttempt]], *,
                  settings: DatasetSettings, count: TokenCounter,
                  prefix_ok: PrefixCheck | None = None) -> Dataset:
    """Split, deduplicate, mix and slice curated transcripts into examples of both forms.

    Args:
        transcripts: Curated transcripts (unique ids).
        fixups: Transcript id -> its fixup attempts (accepted ones become preference pairs).
        settings: Split, dedup, curriculum and slicing choices.
        count: Token counter for the budget.
        prefix_ok: Template prefix check per transcript; None assumes it holds.
    """
    by_id = {t.id: t for t in transcripts}
    first = split_holdout(transcripts, fraction=settings.holdout_fraction, seed=settings.seed,
                          stratum=stratum)
    duplicates: list[Duplicate] = []
    if settings.dedup is not None:
        duplicates = find_duplicates([by_id[i] for i in first.train],
                                     [by_id[i] for i in first.holdout], settings.dedup)
    gone = {d.dropped for d in duplicates}
    split = Split(train=[i for i in first.train if i not in gone],
                  holdout=[i for i in first.holdout if i not in gone])
    mix = None
    train_order: list[tuple[str, str | None]] = [(i, None) for i in split.train]
    if settings.curriculum is not None:
        mix = mix_curriculum(settings.curriculum, [by_id[i] for i in split.train],
                             seed=settings.seed)
        train_order = [(i, name) for name, ids in mix.stages.items() for i in ids]
    holdout_order: list[tuple[str, str | None]] = [
        (i, stage_of(settings.curriculum, by_id[i]) if settings.curriculum else None)
        for i in split.holdout]

    examples: dict[Form, dict[str, list[Example]]] = {f: {s: [] for s in SPLITS} for f in FORMS}
    pairs: dict[str, list[PreferencePair]] = {s: [] for s in SPLITS}
    over_budget: list[str] = []
    fallback: list[str] = []
    for name, order in (("train", train_order), ("holdout", holdout_order)):
        for tid, stage in order:
            t = by_id[tid]
            ends = plan_slices(t, count, settings.slicing)
            if not ends:
                over_budget.append(tid)
                continue
            extra: dict[str, object] = {"split": name}
            if stage is not None:
                extra["stage"] = stage
            sliced = build_examples(t, "sliced", ends, extra)
            examples["sliced"][name] += sliced
            if prefix_ok is None or prefix_ok(t, ends):
                examples["prefix_shared"][name] += build_examples(t, "prefix_shared", ends, extra)
            else:
                fallback.append(tid)
                examples["prefix_shared"][name] += sliced
            pairs[name] += preference_pairs(t, fixups.get(tid, ()), {"split": name})
    kept = {i for i in [*split.train, *split.holdout]}
    return Dataset(examples, pairs, split, duplicates, mix, over_budget, fallback,
                   {i: by_id[i] for i in kept})
