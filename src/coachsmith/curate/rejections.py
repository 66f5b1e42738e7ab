"""The rejection summary (``curate/rejections.md``): what was lost, why, and which criteria fail.

Pure. Read it to iterate on the generation prompts: the causes say whether transcripts die at
the safety gate, on faults the judge cannot place, or too early to cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from coachsmith.curate.flow import Outcome

_CAUSES = {
    "safety_gate": "safety gate failed (never fixed)",
    "unlocated": "a failed criterion named no exchange (or never parsed)",
    "too_short": "fewer than the minimum good exchanges before the first fault",
    "still_failing": "still failing after fixup and a cut",
    "cut": "cut before the first fault, then passed",
}


def logged(outcome: Outcome) -> bool:
    """Whether an outcome belongs in the rejection log (rejected, truncated or kept failing)."""
    return outcome.status in ("rejected", "truncated", "kept_failing")


def rejection_report(outcomes: Sequence[Outcome]) -> str:
    """Counts by status and cause, the criteria behind the losses, and one row per transcript."""
    status = Counter(o.status for o in outcomes)
    lines = ["# Curation: rejections and truncations", "",
             "| transcripts | kept | fixed | truncated | rejected | kept failing (quickstart) |",
             "|---|---|---|---|---|---|",
             f"| {len(outcomes)} | {status['kept']} | {status['fixed']} | {status['truncated']} "
             f"| {status['rejected']} | {status['kept_failing']} |", ""]
    listed = [o for o in outcomes if logged(o)]
    if not listed:
        return "\n".join([*lines, "Nothing was rejected or truncated.", ""])
    causes = Counter(o.cause for o in listed if o.cause)
    lines += ["## Causes", "", "| cause | transcripts |", "|---|---|"]
    lines += [f"| {_CAUSES.get(c, c)} | {n} |" for c, n in causes.most_common()]
    criteria = Counter(c for o in listed if o.status != "truncated" for c in o.failed_in)
    if criteria:
        lines += ["", "## Criteria failed by transcripts lost (or kept failing)", "",
                  "| criterion | transcripts |", "|---|---|"]
        lines += [f"| {c} | {n} |" for c, n in sorted(criteria.items(),
                                                      key=lambda x: (-x[1], x[0]))]
    lines += ["", "## Transcripts", "", "| transcript | status | exchanges | reasons |",
              "|---|---|---|---|"]
    for o in listed:
        reasons = "; ".join(o.reasons).replace("|", "/")
        lines.append(f"| {o.transcript_id} | {o.status} | {o.exchanges_in} -> {o.exchanges_out} "
                     f"| {reasons} |")
    return "\n".join([*lines, ""])


class Rejection(BaseModel):
    """One line of ``curate/rejections.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    transcript_id: str
    status: str
    cause: str | None
    reasons: list[str]
    exchanges_in: int
    exchanges_out: int
    score_in: float
    score_out: float | None
    failed_in: list[str]
    failed_out: list[str]


def rejection_record(outcome: Outcome) -> Rejection:
    """The rejection-log line of an outcome (its transcript and verdicts left out)."""
    return Rejection(**outcome.model_dump(include=set(Rejection.model_fields)))
