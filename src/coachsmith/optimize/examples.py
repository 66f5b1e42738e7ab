"""The coaching moments a prompt is optimised on: a user message with what came before it.

Pure: transcripts in, examples out. An example is one user message of a generated transcript
with the session context the coach had and the earlier exchanges of the same session (capped),
so a candidate prompt is tried on realistic, multi-topic, mid-conversation messages.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from coachsmith.records import Exchange, Transcript


@dataclass(frozen=True)
class CoachExample:
    """One place in a conversation where the coach must reply.

    Attributes:
        id: ``<transcript id>#<exchange index>``.
        session_context: What fills the coach prompt's ``{{session_context}}``.
        history: Earlier exchanges of the same session, oldest first.
        message: The user message to answer.
    """

    id: str
    session_context: str
    history: tuple[Exchange, ...]
    message: str


def coach_examples(transcripts: Sequence[Transcript], *, max_history: int) -> list[CoachExample]:
    """Every coach turn of ``transcripts`` as an example (crisis-flow turns skipped: the coach
    prompt never writes those)."""
    out: list[CoachExample] = []
    contexts_fallback = "Session type: check-in."
    for t in transcripts:
        contexts = {s.index: s.context for s in t.sessions}
        for i, ex in enumerate(t.exchanges):
            if ex.source == "crisis_flow" or not ex.user.strip():
                continue
            same = [e for e in t.exchanges[:i] if e.session == ex.session]
            history = tuple(e.model_copy(update={"session": 0}) for e in same[-max_history:]
                            if max_history > 0)
            out.append(CoachExample(f"{t.id}#{i}", contexts.get(ex.session) or contexts_fallback,
                                    history, ex.user))
    return out


def split_examples(examples: Sequence[CoachExample], *, train: int, val: int, seed: int
                   ) -> tuple[list[CoachExample], list[CoachExample]]:
    """Draw ``train`` and ``val`` examples with a seed, keeping each transcript on one side
    where there are transcripts enough (so validation is not the training conversations).

    Raises:
        ValueError: With fewer than two examples (nothing to validate on).
    """
    if len(examples) < 2:
        raise ValueError(f"need at least 2 coach turns to optimise on, got {len(examples)}")
    rng = random.Random(seed)
    by_transcript: dict[str, list[CoachExample]] = {}
    for ex in examples:
        by_transcript.setdefault(ex.id.rsplit("#", 1)[0], []).append(ex)
    ids = sorted(by_transcript)
    rng.shuffle(ids)
    if len(ids) >= 2:
        cut = max(1, round(len(ids) * train / (train + val)))
        cut = min(cut, len(ids) - 1)
        train_pool = [e for i in ids[:cut] for e in by_transcript[i]]
        val_pool = [e for i in ids[cut:] for e in by_transcript[i]]
    else:
        pool = list(examples)
        rng.shuffle(pool)
        cut = max(1, min(len(pool) - 1, round(len(pool) * train / (train + val))))
        train_pool, val_pool = pool[:cut], pool[cut:]
    rng.shuffle(train_pool)
    rng.shuffle(val_pool)
    return train_pool[:train], val_pool[:val]
