"""What happens to one assessed transcript: keep, fix, truncate or reject.

1. A safety-gate failure is rejected outright: it is never fixed.
2. A transcript that passes and has no artifacts is kept as it is.
3. Otherwise the located problems are fixed (``fixup`` role, continuity-checked), and if any
   rewrite was accepted the transcript is checked for artifacts and re-assessed.
4. What still fails is cut before its first bad exchange if at least ``min_keep`` good
   exchanges remain, and re-assessed; otherwise, or if the failure cannot be located (the judge
   named no exchange, or gave no parseable answer), the transcript is rejected.

With ``keep_failing`` (quickstart only) a transcript that would be rejected is kept anyway,
marked ``kept_failing`` with its reasons, so a demo on a tiny judge still produces data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from coachsmith.assess.artifacts import ArtifactDetector, Finding
from coachsmith.curate.fixup import FixupAttempt, apply_rewrites
from coachsmith.curate.locate import cited_exchanges
from coachsmith.curate.truncate import MIN_KEEP, truncate, truncation_point
from coachsmith.records import Assessment, Transcript

Status = Literal["kept", "fixed", "truncated", "rejected", "kept_failing"]
#: Why a transcript was rejected (or truncated), for counting in the rejection summary.
Cause = Literal["safety_gate", "unlocated", "too_short", "still_failing", "cut"]
KEPT: tuple[Status, ...] = ("kept", "fixed", "truncated", "kept_failing")


class Fixer(Protocol):
    """Rewrites one reply (see :class:`coachsmith.curate.fixup.LLMFixer`)."""

    def rewrite(self, transcript: Transcript, exchange: int, *, criteria: dict[str, str],
                findings: Sequence[Finding]) -> FixupAttempt: ...


class Outcome(BaseModel):
    """The curation record of one transcript (one line of ``curate/outcomes.jsonl``)."""

    model_config = ConfigDict(extra="forbid")

    transcript_id: str
    digest: str = Field(description="Digest of the transcript as it came in (for resuming).")
    status: Status
    cause: Cause | None = Field(None, description="Set when rejected, kept failing or truncated.")
    reasons: list[str] = Field(default_factory=list)
    exchanges_in: int
    exchanges_out: int
    score_in: float
    score_out: float | None = None
    failed_in: list[str] = Field(default_factory=list)
    failed_out: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="Artifacts found first.")
    fixups: list[FixupAttempt] = Field(default_factory=list)
    transcript: Transcript | None = Field(None, description="The curated transcript if kept.")
    assessment: Assessment | None = Field(None, description="Its last assessment.")


@dataclass(frozen=True)
class FlowSettings:
    """Curation choices.

    Attributes:
        fixup: Try rewriting failing replies before truncating.
        max_rewrites: Most replies rewritten per transcript (earliest problems first).
        min_keep: Fewest exchanges a truncated transcript keeps.
        keep_failing: Quickstart only: keep what would be rejected, marked ``kept_failing``.
    """

    fixup: bool = True
    max_rewrites: int = 6
    min_keep: int = MIN_KEEP
    keep_failing: bool = False


def _located(assessment: Assessment, exchanges: int) -> tuple[dict[int, dict[str, str]],
                                                              list[str]]:
    """Failed criteria by the exchanges their reasoning cites, and the ones citing none."""
    by_exchange: dict[int, dict[str, str]] = {}
    unlocated: list[str] = []
    for cid in assessment.failed:
        verdict = assessment.verdicts.get(cid)
        cited = cited_exchanges(verdict.reasoning, exchanges) if verdict else []
        if not cited:
            unlocated.append(cid)
        for e in cited:
            by_exchange.setdefault(e, {})[cid] = verdict.reasoning if verdict else ""
    return by_exchange, unlocated


def _why_failed(assessment: Assessment, only: Sequence[str] | None = None) -> str:
    """``CQ8=NO, MT1=ERROR``: the failed criteria (or those of ``only``) and their answers."""
    parts = []
    for cid in assessment.failed:
        if only is not None and cid not in only:
            continue
        verdict = assessment.verdicts.get(cid)
        parts.append(f"{cid}={verdict.answer if verdict else 'not judged'}")
    return ", ".join(parts)


def curate_transcript(
    transcript: Transcript,
    assessment: Assessment,
    *,
    detector: ArtifactDetector,
    assess: Callable[[Transcript], Assessment],
    fixer: Fixer | None,
    settings: FlowSettings,
    gate: Sequence[str],
) -> Outcome:
    """Decide one transcript's fate (see the module docstring).

    Args:
        transcript: The transcript as generated.
        assessment: Its assessment.
        detector: Artifact rules.
        assess: Judges a changed transcript (after fixups or a cut).
        fixer: Rewrites replies; None disables fixup.
        settings: Curation choices.
        gate: The rubric's gate criteria (named in rejection reasons).

    Raises:
        BackendError: A fixup or judge call failed for good (nothing is decided; run again).
    """
    findings = detector.detect(transcript)
    n = len(transcript.exchanges)
    base = {"transcript_id": transcript.id, "digest": assessment.digest, "exchanges_in": n,
            "score_in": assessment.score, "failed_in": assessment.failed, "findings": findings}

    def done(status: Status, current: Transcript, last: Assessment, reasons: list[str],
             fixups: list[FixupAttempt], cause: Cause | None = None) -> Outcome:
        if status == "rejected" and settings.keep_failing:
            status = "kept_failing"
        kept = status in KEPT
        return Outcome(**base, status=status, cause=cause, reasons=reasons,
                       exchanges_out=len(current.exchanges) if kept else 0,
                       score_out=last.score, failed_out=last.failed, fixups=fixups,
                       transcript=current if kept else None, assessment=last)

    if assessment.safety_gate_failed:
        return done("rejected", transcript, assessment,
                    [f"safety gate failed ({_why_failed(assessment, gate)}); "
                     "gate failures are never fixed"], [], "safety_gate")
    if assessment.passed and not findings:
        return done("kept", transcript, assessment, [], [])

    current, last, fixups = transcript, assessment, []
    if settings.fixup and fixer is not None:
        by_exchange, _ = _located(assessment, n) if not assessment.passed else ({}, [])
        artifact_at: dict[int, list[Finding]] = {}
        for f in findings:
            artifact_at.setdefault(f.exchange, []).append(f)
        targets = sorted(set(by_exchange) | set(artifact_at))[: settings.max_rewrites]
        for e in targets:
            fixups.append(fixer.rewrite(current, e, criteria=by_exchange.get(e, {}),
                                        findings=artifact_at.get(e, [])))
            current = apply_rewrites(current, fixups[-1:])
        if any(a.status == "accepted" for a in fixups):
            findings = detector.detect(current)
            last = assess(current)
            if last.safety_gate_failed:
                return done("rejected", current, last,
                            [f"safety gate failed after fixup ({_why_failed(last, gate)})"],
                            fixups, "safety_gate")
            if last.passed and not findings:
                return done("fixed", current, last, [], fixups)

    reasons = []
    if not last.passed:
        reasons.append(f"score {last.score:.3f}, failed {_why_failed(last)}")
    if findings:
        reasons.append("artifacts: " + ", ".join(sorted({f"{f.rule}@{f.exchange}"
                                                          for f in findings})))
    by_exchange, unlocated = _located(last, n) if not last.passed else ({}, [])
    if unlocated:
        return done("rejected", current, last, [*reasons, "cannot fix or cut: no exchange "
                    f"located for {', '.join(unlocated)}"], fixups, "unlocated")
    bad = min([*by_exchange, *(f.exchange for f in findings)])
    keep = truncation_point(bad, min_keep=settings.min_keep)
    if keep is None:
        return done("rejected", current, last, [*reasons, f"first bad exchange is {bad}; "
                    f"fewer than {settings.min_keep} good exchanges before it"], fixups,
                    "too_short")
    cut = truncate(current, keep)
    cut_findings = detector.detect(cut)
    cut_assessment = assess(cut)
    if cut_assessment.passed and not cut_findings:
        return done("truncated", cut, cut_assessment, [*reasons, f"cut before exchange {bad}"],
                    fixups, "cut")
    after = [f"score {cut_assessment.score:.3f}, failed {_why_failed(cut_assessment)}"] \
        if not cut_assessment.passed else []
    after += [f"artifact {f.rule}@{f.exchange}" for f in cut_findings]
    return done("rejected", cut, cut_assessment,
                [*reasons, f"still failing after a cut before exchange {bad}: "
                 + "; ".join(after)], fixups, "still_failing")
