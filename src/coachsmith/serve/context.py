"""Session context: what the coach's system prompt says about this session and this person.

It fills the ``{{session_context}}`` placeholder of the pack's ``coach_system`` prompt: the session
type, the person's preferences, and notes from earlier sessions, newest first. The whole text is
kept under a token budget: the oldest notes are dropped first, and if even the newest note does
not fit on its own, it is cut short.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

SessionType = Literal["check_in", "deep", "micro_practice"]
SESSION_TYPES: tuple[SessionType, ...] = ("check_in", "deep", "micro_practice")

_SESSION_TYPE_TEXT: dict[SessionType, str] = {
    "check_in": "check-in. Keep it light and short: see how they are, follow up on open "
                "threads from earlier sessions.",
    "deep": "deep session. There is time to explore one topic carefully; ask before going "
            "deeper, and offer one small experiment near the end.",
    "micro_practice": "micro-practice. Guide one short, concrete exercise of a few minutes, "
                      "then check how it went.",
}
_ELLIPSIS = " [...]"
_MAX_PREFERENCE_CHARS = 80

CountTokens = Callable[[str], int]


@dataclass(frozen=True)
class Preferences:
    """How the person likes the coach to talk.

    Attributes:
        tone: Free text, e.g. ``gentle``, ``direct``, ``playful``; None means no preference.
        length: Free text, e.g. ``short``, ``detailed``; None means no preference.
    """

    tone: str | None = None
    length: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"tone": self.tone, "length": self.length}


def estimate_tokens(text: str) -> int:
    """Rough token count: whitespace-separated words × 1.3, rounded up."""
    return math.ceil(len(text.split()) * 1.3)


def build_session_context(
    *,
    session_type: SessionType = "check_in",
    preferences: Preferences | None = None,
    summaries: Sequence[str] = (),
    budget_tokens: int = 600,
    count_tokens: CountTokens = estimate_tokens,
) -> str:
    """The text for the ``{{session_context}}`` placeholder.

    Args:
        session_type: ``check_in``, ``deep`` or ``micro_practice``.
        preferences: The person's tone and length preferences.
        summaries: Notes from earlier sessions, newest first.
        budget_tokens: Most tokens the whole text may take, by ``count_tokens``. The session
            type and preferences always stay (even past the budget); only the notes are
            dropped, oldest first, or cut to fit.
        count_tokens: Token counter for the coach model (default: words × 1.3).

    Returns:
        Plain text, a few short lines.
    """
    prefs = preferences or Preferences()
    notes = [s.strip() for s in summaries if s.strip()]

    def render(kept: Sequence[str], dropped: int) -> str:
        return _render(session_type, prefs, kept, dropped)

    def fits(text: str) -> bool:
        return count_tokens(text) <= budget_tokens

    for kept in range(len(notes), 0, -1):  # drop the oldest notes first
        text = render(notes[:kept], len(notes) - kept)
        if fits(text):
            return text
    if not notes:
        return render([], 0)
    cut = _truncate_to_fit(notes[0], lambda note: fits(render([note], len(notes) - 1)))
    if cut:
        return render([cut], len(notes) - 1)
    # Not even a few words fit: say that notes exist, or at least keep type and preferences.
    for text in (render([], len(notes)), _render(session_type, prefs, [], 0, header_only=True)):
        if fits(text):
            return text
    return _render(session_type, prefs, [], 0, header_only=True)


def _render(session_type: SessionType, prefs: Preferences, notes: Sequence[str],
            dropped: int, *, header_only: bool = False) -> str:
    lines = [f"Session type: {_SESSION_TYPE_TEXT[session_type]}"]
    wishes = [f"tone: {_one_line(prefs.tone)}" if prefs.tone else "",
              f"reply length: {_one_line(prefs.length)}" if prefs.length else ""]
    wishes = [w for w in wishes if w]
    lines.append("Preferences: " + ("; ".join(wishes) if wishes else "none stated") + ".")
    if header_only:
        return "\n".join(lines)
    if not notes and not dropped:
        lines.append("Earlier sessions: none; this is the first session.")
        return "\n".join(lines)
    if not notes:
        lines.append(f"Earlier sessions: {dropped}; their notes do not fit here.")
        return "\n".join(lines)
    lines.append("Notes from earlier sessions, newest first:")
    lines += [_bullet(note) for note in notes]
    if dropped:
        lines.append(f"({dropped} older session{'s' if dropped != 1 else ''} not shown.)")
    return "\n".join(lines)


def _truncate_to_fit(text: str, fits: Callable[[str], bool]) -> str:
    """The longest word-prefix of ``text`` (plus an ellipsis) that ``fits``; '' if none does."""
    words = text.split()
    lo, hi = 0, len(words)  # invariant: a prefix of lo words fits (0 trivially)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]) + _ELLIPSIS):
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo]) + _ELLIPSIS if lo else ""


def _bullet(note: str) -> str:
    rows = [r.strip() for r in note.splitlines() if r.strip()]
    return "\n".join(["- " + rows[0]] + ["  " + r for r in rows[1:]])


def _one_line(text: str | None, limit: int | None = _MAX_PREFERENCE_CHARS) -> str:
    flat = " ".join((text or "").split())
    return flat if limit is None or len(flat) <= limit else flat[:limit].rstrip() + "..."
