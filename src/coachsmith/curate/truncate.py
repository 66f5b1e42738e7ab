"""Cutting a transcript before a failure it cannot be fixed past. Pure.

A transcript whose fault can be located but not fixed keeps the exchanges before the first bad
one when at least ``min_keep`` remain (the seed's rule: a long transcript with a late fault is
still good training data up to it); otherwise it is rejected.
"""

from __future__ import annotations

from coachsmith.records import Transcript

#: Fewest good exchanges a truncated transcript must keep.
MIN_KEEP = 10


def truncation_point(first_bad: int, *, min_keep: int = MIN_KEEP) -> int | None:
    """How many exchanges to keep when exchange ``first_bad`` (1-based) is bad, or None (reject).

    Args:
        first_bad: The earliest exchange that cannot stay.
        min_keep: Fewest exchanges worth keeping.

    Raises:
        ValueError: ``first_bad`` is below 1.
    """
    if first_bad < 1:
        raise ValueError(f"exchanges count from 1, got {first_bad}")
    keep = first_bad - 1
    return keep if keep >= min_keep else None


def truncate(transcript: Transcript, keep: int) -> Transcript:
    """A copy with only the first ``keep`` exchanges (and the sessions they use).

    ``meta["truncated_from"]`` records the original length (the first one, if cut twice).

    Raises:
        ValueError: ``keep`` is not between 1 and the transcript's length.
    """
    if not 1 <= keep <= len(transcript.exchanges):
        raise ValueError(f"keep must be in 1..{len(transcript.exchanges)}, got {keep}")
    exchanges = transcript.exchanges[:keep]
    last_session = exchanges[-1].session
    meta = dict(transcript.meta)
    meta.setdefault("truncated_from", len(transcript.exchanges))
    return transcript.model_copy(update={
        "exchanges": [ex.model_copy() for ex in exchanges],
        "sessions": [s for s in transcript.sessions if s.index <= last_session],
        "meta": meta,
    })
