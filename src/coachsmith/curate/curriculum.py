"""Curriculum mix: training transcripts assigned to the pack's stages, in the stages' shares. Pure.

A transcript goes to the first stage that claims it: one whose name is among its
``meta.tags``, else the first whose ``select`` matches (topics among ``meta.topics``, its
``meta.difficulty``, edge-case or not by ``meta.kind``). Then the mix takes from each stage
``share × T`` transcripts, with ``T`` the largest total every stage can supply without repeating
anything; a stage nothing matched is dropped and the other shares renormalised. What is left
over is reported, not trained on in curriculum mode. The stage order is the training order.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from coachsmith.curate.examples import tags
from coachsmith.domain import Curriculum
from coachsmith.domain.taxonomy import Stage
from coachsmith.records import Transcript


@dataclass(frozen=True)
class Mix:
    """The curriculum assignment.

    Attributes:
        stages: Stage name -> transcript ids, in training order.
        unassigned: Ids no stage selects.
        left_over: Ids a stage matched but the shares had no room for.
        dropped_stages: Stages that nothing matched.
    """

    stages: dict[str, list[str]]
    unassigned: list[str] = field(default_factory=list)
    left_over: list[str] = field(default_factory=list)
    dropped_stages: list[str] = field(default_factory=list)


def _matches(stage: Stage, transcript: Transcript) -> bool:
    meta = transcript.meta
    sel = stage.select
    raw = meta.get("topics")
    topics = {t for t in raw if isinstance(t, str)} if isinstance(raw, list) else set()
    if sel.topics and not set(sel.topics) & topics:
        return False
    if sel.difficulty and meta.get("difficulty") not in sel.difficulty:
        return False
    is_edge = meta.get("kind") == "edge_case"
    return sel.edge_cases is None or sel.edge_cases == is_edge


def stage_of(curriculum: Curriculum, transcript: Transcript) -> str | None:
    """The stage a transcript belongs to (tags first, then selections), or None."""
    names = {s.name for s in curriculum.stages}
    for tag in tags(transcript):
        if tag in names:
            return tag
    return next((s.name for s in curriculum.stages if _matches(s, transcript)), None)


def mix_curriculum(curriculum: Curriculum, transcripts: Sequence[Transcript], *,
                   seed: int = 0) -> Mix:
    """Assign transcripts to stages and cut each stage to its share (see the module docstring)."""
    pools: dict[str, list[str]] = {s.name: [] for s in curriculum.stages}
    unassigned = []
    for t in transcripts:
        name = stage_of(curriculum, t)
        if name is None:
            unassigned.append(t.id)
        else:
            pools[name].append(t.id)
    live = [s for s in curriculum.stages if pools[s.name]]
    dropped = [s.name for s in curriculum.stages if not pools[s.name]]
    if not live:
        return Mix({}, unassigned, [], dropped)
    total_share = math.fsum(s.share for s in live)
    shares = {s.name: s.share / total_share for s in live}
    total = min(len(pools[name]) / share for name, share in shares.items())
    stages: dict[str, list[str]] = {}
    left: list[str] = []
    for s in live:
        take = max(1, math.floor(shares[s.name] * total + 1e-9))
        order = sorted(pools[s.name],
                       key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
        chosen = set(order[:take])
        stages[s.name] = [i for i in pools[s.name] if i in chosen]
        left += [i for i in pools[s.name] if i not in chosen]
    return Mix(stages, unassigned, left, dropped)
