"""Transcripts for tests: clean by every artifact rule, distinct enough that no two are near
duplicates, and long or short as a test needs."""

from __future__ import annotations

import json
import random

from coachsmith.llm import Request, Response
from coachsmith.records import Exchange, Session, Transcript

_WORDS = (
    "garden", "kitchen", "deadline", "sister", "manager", "weekend", "running", "budget", "letter",
    "morning", "evening", "promise", "holiday", "neighbour", "meeting", "project", "invoice", "train",
    "coffee", "bicycle", "cousin", "river", "window", "library", "concert", "ticket", "laundry",
    "bakery", "ferry", "mountain",
)


def sentence(rng: random.Random, words: int = 12) -> str:
    body = " ".join(rng.choice(_WORDS) for _ in range(words))
    return body[0].upper() + body[1:] + "."


def make_transcript(tid: str, n: int, *, persona: str | None = None, seed: int | None = None,
                    sessions: int = 1, meta: dict[str, object] | None = None,
                    system: str = "You are Sage, a self-care coach.") -> Transcript:
    """``n`` exchanges of distinct, well-formed text (about 30-word messages, 40-word replies)."""
    rng = random.Random(seed if seed is not None else tid)
    per = max(1, -(-n // sessions))
    exchanges = [Exchange(user=f"({tid} {i + 1}) " + " ".join(sentence(rng) for _ in range(3)),
                          assistant=" ".join(sentence(rng, 13) for _ in range(3)),
                          session=min(i // per, sessions - 1))
                 for i in range(n)]
    return Transcript(id=tid, system=system, exchanges=exchanges, persona_id=persona,
                      sessions=[Session(index=s, days_since_previous=7.0 if s else 0.0)
                                for s in range(sessions)] if sessions > 1 else [],
                      meta=dict(meta or {}))


def verdict(answer: str, reasoning: str = "fine") -> str:
    return json.dumps({"reasoning": reasoning, "answer": answer})


def criterion_of(request: Request) -> str:
    """The criterion a per-criterion judge request asks about."""
    text = request.messages[-1].content
    marker = "Criterion "
    start = text.rindex(marker) + len(marker)
    return text[start:text.index(":", start)]


def yes_judge(request: Request) -> Response:
    """A judge that passes everything (and every continuity check)."""
    return Response(text=verdict("YES"))
