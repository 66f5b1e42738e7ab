"""Finding which exchanges a judge's reasoning blames. Pure.

Judge verdicts are about a whole transcript; the judge prompt asks it to cite exchanges by
number ("in exchange 4 the coach..."). Fixup and truncation need those numbers.
"""

from __future__ import annotations

import re

_CITE = re.compile(
    r"\bexchanges?\s*#?\s*(\d+(?:\s*(?:,|and|&|to|through|-|–|—|or)\s*#?\s*\d+)*)",
    re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)\s*(?:to|through|-|–|—)\s*(\d+)")


def cited_exchanges(text: str, exchanges: int) -> list[int]:
    """Exchange numbers ``text`` cites, ascending, within ``1..exchanges``.

    Understands "exchange 4", "Exchanges 2, 5 and 7", "exchanges 3-5" / "3 to 5".
    """
    found: set[int] = set()
    for match in _CITE.finditer(text):
        group = match.group(1)
        for lo, hi in _RANGE.findall(group):
            a, b = sorted((int(lo), int(hi)))
            found.update(range(a, min(b, exchanges) + 1))
        found.update(int(n) for n in _NUMBER.findall(group))
    return sorted(n for n in found if 1 <= n <= exchanges)
