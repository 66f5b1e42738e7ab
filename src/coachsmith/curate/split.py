"""Train / holdout split: stratified by length bucket and topic, never splitting a persona. Pure.

Transcripts of one persona form a group that goes wholly to one side, so the holdout never
holds a person the model met in training. Groups are stratified by the (length bucket, primary
topic) of their first transcript; each stratum gives the holdout its share of the target count
(largest remainders), and within a stratum groups are taken in an order drawn from a sha256 hash
of the group id and the seed, so the split is the same on every machine.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coachsmith.records import Transcript


@dataclass(frozen=True)
class Split:
    """Transcript ids on each side."""

    train: list[str]
    holdout: list[str]


def _order(group: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{group}".encode()).hexdigest()


def group_of(transcript: Transcript) -> str:
    """The persona a transcript belongs to (itself when it has none)."""
    return f"persona:{transcript.persona_id}" if transcript.persona_id else f"id:{transcript.id}"


def split_holdout(transcripts: Sequence[Transcript], *, fraction: float, seed: int,
                  stratum: Callable[[Transcript], tuple[str, ...]]) -> Split:
    """Pick about ``fraction`` of the transcripts for the holdout.

    Args:
        transcripts: Curated transcripts (unique ids).
        fraction: Share of transcripts for the holdout, in [0, 1).
        seed: Changes which groups are drawn, reproducibly.
        stratum: The key a transcript is stratified by (e.g. length bucket and topic).

    Returns:
        The ids on each side, in input order.

    Raises:
        ValueError: ``fraction`` is outside [0, 1).
    """
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"holdout fraction must be in [0, 1), got {fraction}")
    groups: dict[str, list[Transcript]] = defaultdict(list)
    for t in transcripts:
        groups[group_of(t)].append(t)
    strata: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for name, members in groups.items():
        strata[stratum(members[0])].append(name)
    target = round(fraction * len(transcripts))
    sizes = {key: sum(len(groups[g]) for g in names) for key, names in strata.items()}
    quota = _largest_remainder(sizes, target)
    holdout: set[str] = set()
    for key, names in sorted(strata.items()):
        want = quota[key]
        for name in sorted(names, key=lambda g: _order(g, seed)):
            size = len(groups[name])
            if want <= 0:
                break
            if size <= want:  # a big persona that would overshoot waits for a smaller one
                holdout.add(name)
                want -= size
    held = {t.id for name in holdout for t in groups[name]}
    return Split(train=[t.id for t in transcripts if t.id not in held],
                 holdout=[t.id for t in transcripts if t.id in held])


def _largest_remainder(sizes: dict[tuple[str, ...], int], total: int) -> dict[tuple[str, ...], int]:
    """Split ``total`` over strata in proportion to their sizes (Hamilton's method)."""
    whole = sum(sizes.values())
    if whole == 0 or total == 0:
        return dict.fromkeys(sizes, 0)
    exact = {k: total * v / whole for k, v in sizes.items()}
    quota = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(quota.values())
    for k in sorted(exact, key=lambda k: (quota[k] - exact[k], k))[:left]:
        quota[k] += 1
    return quota
