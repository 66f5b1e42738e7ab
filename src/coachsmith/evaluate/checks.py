"""Yes/no judge checks on single replies (per-turn validation, persona and edge-case probes).

A check is asked exactly like a rubric criterion: the pack's judge prompts, the (short)
transcript first, the question last, schema-constrained JSON ``{reasoning, answer}``, an answer
that never parses is ERROR. Only the transcript is shorter: the exchange being checked, after
any earlier exchanges a probe sets up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coachsmith.assess.judge import (
    ask_judge,
    build_judge_messages,
    render_transcript,
)
from coachsmith.domain import Category, Criterion, Domain, Rubric
from coachsmith.llm import Message
from coachsmith.records import Exchange, Transcript


@dataclass(frozen=True)
class Check:
    """One yes/no question about a coach reply; YES is the good answer.

    Attributes:
        id: Short id (``validates``).
        name: Human name.
        question: The question.
        guidance: What counts as YES, NO and NA.
        na: ``allowed``: NA means the check cannot apply and passes; ``invalid``: NA fails.
    """

    id: str
    name: str
    question: str
    guidance: str = ""
    na: Literal["allowed", "invalid"] = "invalid"

    def passes(self, answer: str) -> bool:
        """YES passes; NA passes where allowed; NO and ERROR fail."""
        return answer == "YES" or (answer == "NA" and self.na == "allowed")


def check_messages(domain: Domain, exchanges: Sequence[Exchange], check: Check,
                   *, expectation: str = "") -> tuple[Message, ...]:
    """The judge messages for one check over ``exchanges`` (the last one is judged).

    ``expectation`` (a probe's note on what a good reply does here) is added to the guidance.
    """
    guidance = check.guidance.strip()
    if expectation.strip():
        guidance = (f"{guidance} " if guidance else "") + \
            f"For this message specifically: {expectation.strip()}"
    rubric = Rubric(
        name="checks", categories={"checks": Category(weight=1.0, criteria=[check.id])},
        criteria={check.id: Criterion(name=check.name, question=check.question,
                                      guidance=guidance, na=check.na)})
    text = render_transcript(Transcript(id="check", exchanges=list(exchanges)))
    if len(exchanges) > 1:
        text += (f"\n\n(Judge only the coach's reply in exchange {len(exchanges)}; earlier "
                 "exchanges are context.)")
    return build_judge_messages(domain, rubric, text, check.id)


#: Ask many checks at once (items: messages from :func:`check_messages` and the check id); a
#: check is a judge question like any other, so it goes through the judge's own retry loop.
judge_checks = ask_judge
