"""Rewriting one failing coach turn, and checking the rewrite still leads into the next message.

The ``fixup`` role rewrites the reply with the problems listed (the judge's reasoning for each
failed criterion, and each artifact found in that turn). A rewrite is accepted only if it is not
``UNFIXABLE``, carries no artifact itself, and the ``judge`` role confirms that the person's next
message still follows from it (the entailment check; the last reply of a transcript has no next
message, so it needs none). Rejected rewrites are kept in the log with the reason; an accepted one
replaces the reply and keeps the original next to it (``Exchange.original``), which is what the
preference pairs are built from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from coachsmith.assess.artifacts import ArtifactDetector, Finding
from coachsmith.assess.judge import JUDGE_SCHEMA, parse_judge_answer
from coachsmith.domain import Domain
from coachsmith.llm import Backend, Message, Request
from coachsmith.records import Exchange, Transcript

RejectReason = Literal["unfixable", "empty", "artifact", "continuity", "check_error"]

_ARTIFACT_ADVICE = {
    "empty_turn": "the reply is empty; write the reply the conversation needs here",
    "truncated": "the reply stops mid-sentence; finish it",
    "short_reply": "the reply is only a few words; answer the message properly",
    "template_token": "the reply contains a chat-template token ({detail}); remove it",
    "speaker_label": "a line inside the reply starts with a speaker label ({detail}); remove it",
    "self_reference": "the reply breaks character ({detail!r}); stay in the coach's role",
    "repeated_paragraph": "a paragraph is repeated ({detail}); say it once",
    "formulaic_opener": "the reply opens with a stock phrase ({detail!r}); open with substance",
    "length_ratio": "the reply's length is far off for the message ({detail}); size it to fit",
}
_CHECK_SCHEMA = {**JUDGE_SCHEMA, "properties": {
    "reasoning": {"type": "string", "maxLength": 400},
    "answer": {"type": "string", "enum": ["YES", "NO"]},
}}
_FENCE = re.compile(r"^```[a-z]*\s*(.*?)\s*```$", re.DOTALL)


class FixupAttempt(BaseModel):
    """One rewrite of one reply, accepted or not (the fixup log's line)."""

    model_config = ConfigDict(extra="forbid")

    transcript_id: str
    exchange: int = Field(ge=1, description="1-based, as the judge numbers exchanges.")
    criteria: list[str] = Field(default_factory=list, description="Failed criteria it targets.")
    rules: list[str] = Field(default_factory=list, description="Artifact rules it targets.")
    issues: str
    original: str
    rewrite: str
    status: Literal["accepted", "rejected"]
    reason: RejectReason | None = None
    check_reasoning: str = ""


@dataclass(frozen=True)
class FixupSettings:
    """How the fixup and check roles are asked.

    Attributes:
        temperature: Fixup sampling temperature.
        max_tokens: Most tokens of a rewrite.
        check_temperature: Temperature of the continuity check (the judge role).
        check_max_tokens: Most tokens of the check's answer.
        check_attempts: Tries before an unparseable check rejects the rewrite.
        history_exchanges: Exchanges before the reply shown to the fixup model; None: all.
        seed: Seed of the rewrite and of the check's first attempt.
    """

    temperature: float = 0.3
    max_tokens: int = 512
    check_temperature: float = 0.0
    check_max_tokens: int = 192
    check_attempts: int = 2
    history_exchanges: int | None = 6
    seed: int = 0


def issue_lines(criteria: dict[str, str], findings: Sequence[Finding], names: dict[str, str]
                ) -> str:
    """The "problems to fix" list: each failed criterion with the judge's reasoning, then artifacts."""
    lines = [f"- {cid} ({names.get(cid, cid)}): {reason.strip() or 'failed'}"
             for cid, reason in criteria.items()]
    lines += [f"- {_ARTIFACT_ADVICE[f.rule].format(detail=f.detail)}" for f in findings
              if f.turn == "assistant"]
    return "\n".join(lines)


def _history(transcript: Transcript, exchange: int, window: int | None) -> str:
    start = 1 if window is None else max(1, exchange - window)
    parts = ["(earlier exchanges omitted)"] if start > 1 else []
    for i in range(start, exchange):
        ex = transcript.exchanges[i - 1]
        parts.append(f"### Exchange {i}\nUSER: {ex.user.strip()}\nCOACH: {ex.assistant.strip()}")
    parts.append(f"### Exchange {exchange}\nUSER: {transcript.exchanges[exchange - 1].user.strip()}")
    return "\n\n".join(parts)


def _clean(text: str) -> str:
    text = text.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


class _Attempt(Protocol):  # the shape of ``attempt`` in :meth:`LLMFixer.rewrite`
    def __call__(self, status: Literal["accepted", "rejected"],
                 reason: RejectReason | None = None, check: str = "") -> FixupAttempt: ...


class LLMFixer:
    """Rewrites replies with the ``fixup`` role and checks them with the ``judge`` role.

    Args:
        domain: Supplies the ``fixup`` and ``fixup_check`` prompts.
        fixer: The fixup role's backend.
        checker: The judge role's backend (the continuity check).
        detector: Artifact rules a rewrite must pass.
        settings: Sampling and history settings.
    """

    def __init__(self, domain: Domain, *, fixer: Backend, checker: Backend,
                 detector: ArtifactDetector, settings: FixupSettings | None = None) -> None:
        self.domain = domain
        self.fixer = fixer
        self.checker = checker
        self.detector = detector
        self.settings = settings or FixupSettings()

    def rewrite(self, transcript: Transcript, exchange: int, *, criteria: dict[str, str],
                findings: Sequence[Finding]) -> FixupAttempt:
        """Try to fix reply ``exchange`` (1-based) of ``transcript``.

        Args:
            transcript: The transcript as it stands (earlier fixes applied).
            exchange: Which reply.
            criteria: Failed criterion id -> the judge's reasoning, for this reply.
            findings: Artifacts found in this exchange.

        Raises:
            BackendError: A call failed for good (nothing is logged; try again later).
        """
        s = self.settings
        ex = transcript.exchanges[exchange - 1]
        names = {cid: c.name for cid, c in self.domain.rubric.criteria.items()}
        issues = issue_lines(criteria, findings, names)
        following = (transcript.exchanges[exchange].user if exchange < len(transcript.exchanges)
                     else "")
        prompt = self.domain.prompt("fixup").render(
            history=_history(transcript, exchange, s.history_exchanges),
            response=ex.assistant.strip(), issues=issues, next_user_message=following.strip())
        response = self.fixer.complete(Request(
            messages=(Message("user", prompt),), max_tokens=s.max_tokens,
            temperature=s.temperature, seed=s.seed))
        rewrite = _clean(response.text)

        def attempt(status: Literal["accepted", "rejected"], reason: RejectReason | None = None,
                    check: str = "") -> FixupAttempt:
            return FixupAttempt(
                transcript_id=transcript.id, exchange=exchange, criteria=list(criteria),
                rules=sorted({f.rule for f in findings}), issues=issues, original=ex.assistant,
                rewrite=rewrite, status=status, reason=reason, check_reasoning=check)

        if rewrite.upper().rstrip(".!") == "UNFIXABLE":
            return attempt("rejected", "unfixable")
        if not rewrite:
            return attempt("rejected", "empty")
        probe = Transcript(id=transcript.id, exchanges=[Exchange(user=ex.user, assistant=rewrite)])
        new_findings = self.detector.detect(probe)
        if new_findings:
            return attempt("rejected", "artifact",
                           "; ".join(f"{f.rule}: {f.detail}" for f in new_findings))
        if not following.strip():
            return attempt("accepted", check="last reply: no next message to check against")
        return self._check(transcript, exchange, rewrite, following, attempt)

    def _check(self, transcript: Transcript, exchange: int, rewrite: str, following: str,
               attempt: _Attempt) -> FixupAttempt:
        s = self.settings
        prompt = self.domain.prompt("fixup_check").render(
            history=_history(transcript, exchange, s.history_exchanges),
            response=rewrite, next_user_message=following.strip())
        verdict = None
        for k in range(s.check_attempts):
            response = self.checker.complete(Request(
                messages=(Message("user", prompt),), max_tokens=s.check_max_tokens,
                temperature=s.check_temperature, seed=s.seed + k, json_schema=_CHECK_SCHEMA))
            verdict = parse_judge_answer("continuity", response.text)
            if verdict.answer in ("YES", "NO"):
                break
        assert verdict is not None
        if verdict.answer == "YES":
            return attempt("accepted", check=verdict.reasoning)
        if verdict.answer == "NO":
            return attempt("rejected", "continuity", verdict.reasoning)
        return attempt("rejected", "check_error", verdict.error or verdict.raw)


def apply_rewrites(transcript: Transcript, attempts: Sequence[FixupAttempt]) -> Transcript:
    """A copy with every accepted rewrite in place; each keeps the first original it replaced."""
    exchanges = [ex.model_copy() for ex in transcript.exchanges]
    for a in attempts:
        if a.status != "accepted":
            continue
        ex = exchanges[a.exchange - 1]
        exchanges[a.exchange - 1] = ex.model_copy(update={
            "assistant": a.rewrite, "source": "fixup",
            "original": ex.original if ex.original is not None else ex.assistant})
    return transcript.model_copy(update={"exchanges": exchanges})
