"""Where to cut a transcript into training examples, and the loss weights that replace the cuts.

Pure: no I/O, no model. A *slice* is a prefix of a transcript that ends on a coach turn; slice
``k`` holds exchanges ``1..k`` and trains the model to write reply ``k`` (and, in the sliced
form, every earlier reply too). Which prefixes become slices is drawn from a random generator
seeded by a hash of the transcript id (sha256, so every machine and Python version agrees):

* the first slice has at least ``min_context`` exchanges (less only if the transcript is that
  short, when the whole transcript is the one slice);
* walking back from the last exchange, each gap is drawn from ``[min_gap, max_gap]``, with the
  upper bound shrinking toward the end, so slices are denser late in the conversation, where the
  long-context skills (memory, continuity) matter most;
* the last exchange that fits the token budget always ends a slice; exchanges past it are
  left out.

The prefix-shared form trains on one example per transcript in which reply ``i`` carries a
weight equal to the number of slices that contain it (:func:`coverage_weights`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SliceSettings:
    """How slices are chosen.

    Attributes:
        min_context: Fewest exchanges in a slice (the first slice ends at or after this one).
        min_gap: Smallest step between two slice ends, in exchanges.
        max_gap: Largest step between two slice ends (reached early in the transcript).
        budget_tokens: Most tokens one slice may hold (system prompt included).
        salt: Mixed into the hash, to draw a different but still reproducible set of cuts.
    """

    min_context: int = 3
    min_gap: int = 2
    max_gap: int = 5
    budget_tokens: int = 120_000
    salt: int = 0

    def __post_init__(self) -> None:
        if self.min_context < 1 or self.min_gap < 1 or self.max_gap < self.min_gap:
            raise ValueError("need min_context >= 1 and 1 <= min_gap <= max_gap")
        if self.budget_tokens < 1:
            raise ValueError("budget_tokens must be >= 1")


def transcript_rng(transcript_id: str, salt: int = 0) -> random.Random:
    """A generator seeded from sha256 of the id (not Python's per-process ``hash``)."""
    digest = hashlib.sha256(f"{salt}:{transcript_id}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def last_fitting(prefix_tokens: Sequence[int], budget: int) -> int:
    """The largest ``k`` whose prefix of ``k`` exchanges fits ``budget``; 0 if none does.

    ``prefix_tokens[k - 1]`` is the token count of the prefix with ``k`` exchanges; counts
    grow with ``k``, so the fitting prefixes are the first ones.
    """
    k = 0
    while k < len(prefix_tokens) and prefix_tokens[k] <= budget:
        k += 1
    return k


def _gap_ceiling(position: int, last: int, settings: SliceSettings) -> int:
    """Largest gap allowed going back from ``position``: ``max_gap`` at the start, ``min_gap`` at the end."""
    span = settings.max_gap - settings.min_gap
    return settings.min_gap + round(span * (1 - position / last))


def slice_ends(transcript_id: str, prefix_tokens: Sequence[int],
               settings: SliceSettings | None = None) -> list[int]:
    """The exchange counts at which slices end, ascending (1-based: ``k`` = first ``k`` exchanges).

    Args:
        transcript_id: Seeds the draw, so the same transcript is always cut the same way.
        prefix_tokens: Token count of each prefix (``prefix_tokens[k - 1]`` for ``k``
            exchanges); its length is the number of exchanges.
        settings: Context, gaps, budget and salt.

    Returns:
        Slice ends; empty if even the first exchange is over the budget.
    """
    settings = settings or SliceSettings()
    last = last_fitting(prefix_tokens, settings.budget_tokens)
    if last == 0:
        return []
    if last <= settings.min_context:
        return [last]
    rng = transcript_rng(transcript_id, settings.salt)
    ends = [last]
    position = last
    while True:
        position -= rng.randint(settings.min_gap, _gap_ceiling(position, last, settings))
        if position < settings.min_context:
            break
        ends.append(position)
    return sorted(ends)


def coverage_weights(ends: Sequence[int], exchanges: int) -> list[int]:
    """How many slices train on each reply: reply ``i`` (1-based) is in every slice ending at ``>= i``.

    Args:
        ends: Slice ends from :func:`slice_ends`.
        exchanges: Replies to weigh (the transcript length).

    Returns:
        One count per reply, ``exchanges`` long; 0 past the last slice end.
    """
    return [sum(1 for end in ends if end >= i) for i in range(1, exchanges + 1)]
