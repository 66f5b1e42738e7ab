"""Near-duplicate transcripts, found with MinHash LSH (``datasketch``).

Each transcript becomes a set of word shingles (every ``shingle`` consecutive words of its
messages, lower-cased); MinHash signatures estimate the Jaccard similarity of two sets and LSH
finds the pairs likely above ``threshold`` without comparing every pair. Candidates are then
confirmed with the signature's Jaccard estimate.

Within a split the later transcript of a pair is dropped; across splits the training copy is
dropped, so the sealed holdout stays as drawn and nothing it holds is trained on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from coachsmith.records import Transcript

_WORD = re.compile(r"[\w']+")


class Duplicate(BaseModel):
    """One dropped transcript and the one it repeats."""

    model_config = ConfigDict(extra="forbid")

    dropped: str
    kept: str
    similarity: float
    where: str  # "train", "holdout" or "train~holdout"


@dataclass(frozen=True)
class DedupSettings:
    """MinHash settings.

    Attributes:
        threshold: Estimated Jaccard similarity at or above which two transcripts are duplicates.
        num_perm: Hash permutations per signature (more: sharper estimates, slower).
        shingle: Words per shingle.
        seed: MinHash seed (the same seed gives the same signatures everywhere).
    """

    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 5
    seed: int = 1


def _shingles(transcript: Transcript, size: int) -> set[str]:
    words = _WORD.findall(" ".join(f"{ex.user} {ex.assistant}"
                                   for ex in transcript.exchanges).lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def find_duplicates(train: Sequence[Transcript], holdout: Sequence[Transcript],
                    settings: DedupSettings | None = None) -> list[Duplicate]:
    """Near-duplicates to drop, within and across the two splits.

    Args:
        train: Training transcripts, in priority order (earlier ones are kept).
        holdout: Holdout transcripts (never dropped for a training twin).
        settings: Threshold and MinHash settings.

    Returns:
        One entry per dropped transcript.
    """
    from datasketch import MinHash, MinHashLSH

    s = settings or DedupSettings()
    lsh = MinHashLSH(threshold=s.threshold, num_perm=s.num_perm)
    signatures: dict[str, MinHash] = {}
    side: dict[str, str] = {}
    dropped: list[Duplicate] = []
    # Holdout first, so a training transcript is always the one found to repeat it.
    for split, items in (("holdout", holdout), ("train", train)):
        for t in items:
            m = MinHash(num_perm=s.num_perm, seed=s.seed)
            for shingle in _shingles(t, s.shingle):
                m.update(shingle.encode("utf-8"))
            twins = [(other, m.jaccard(signatures[other])) for other in lsh.query(m)]
            twins = [(o, j) for o, j in twins if j >= s.threshold]
            if twins:
                kept, sim = max(twins, key=lambda x: x[1])
                where = split if side[kept] == split else "train~holdout"
                dropped.append(Duplicate(dropped=t.id, kept=kept, similarity=round(sim, 4),
                                         where=where))
                continue
            lsh.insert(t.id, m)
            signatures[t.id] = m
            side[t.id] = split
    return dropped
