"""Stable seeds for every random choice, derived from the run's base seed and a path of names.

``hash()`` changes between Python processes, so seeds come from SHA-256 instead: the same base
seed and path give the same number on every machine and every run, which is what makes a
resumed run continue exactly where an uninterrupted one would have gone.
"""

from __future__ import annotations

import hashlib


def derive_seed(base: int, *path: object) -> int:
    """A 31-bit seed for ``path`` under ``base`` (fits every backend's seed field).

    Args:
        base: The run's seed (or a seed derived from it).
        path: Names and numbers that identify the choice, e.g. ``("user", 7, "attempt", 1)``.

    Returns:
        An integer in ``[0, 2**31)``.
    """
    text = "\x1f".join([str(base), *(str(p) for p in path)])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") >> 1
