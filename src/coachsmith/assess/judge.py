"""The rubric judge: one structured LLM call per criterion over a whole transcript.

Prompt layout is prefix-friendly: the system prompt and the transcript come first and are the
same for every criterion of a transcript; the criterion comes last. llama.cpp's KV reuse, vLLM and
Ollama prefix caching and Anthropic/OpenAI prompt caching then process the transcript once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coachsmith.assess.scoring import Answer
from coachsmith.domain import Domain, Rubric
from coachsmith.errors import BackendError
from coachsmith.llm import Backend, Message, Request, complete_many
from coachsmith.records import Transcript

JUDGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "reasoning": {"type": "string"},
        "answer": {"type": "string", "enum": ["YES", "NO", "NA"]},
    },
    "required": ["reasoning", "answer"],
    "additionalProperties": False,
}

_JSON_FRAME_TOKENS = 24


def judge_schema(max_tokens: int) -> dict[str, Any]:
    """The verdict schema with ``reasoning`` bounded so the JSON closes within ``max_tokens``.

    Small models can loop inside a string ("YES, YES, YES, ...") until the token limit cuts
    the object open. Every token is at least one character, so capping the reasoning at
    ``max_tokens`` minus room for the JSON frame guarantees a complete object.
    """
    schema = json.loads(json.dumps(JUDGE_SCHEMA))
    schema["properties"]["reasoning"]["maxLength"] = max(16, max_tokens - _JSON_FRAME_TOKENS)
    return schema  # type: ignore[no-any-return]


_NA_RULES = {
    "allowed": "Answer NA only if this criterion cannot apply to this transcript.",
    "invalid": "NA is not a valid answer here: answer YES or NO.",
}


@dataclass(frozen=True)
class JudgeAnswer:
    """One criterion's verdict. ``answer`` is ERROR when the output never parsed; ``raw`` keeps it."""

    criterion_id: str
    answer: Answer
    reasoning: str
    raw: str
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.answer, "reasoning": self.reasoning, "raw": self.raw,
                "error": self.error}


def render_transcript(transcript: Transcript, *, coach: str = "COACH") -> str:
    """Exchanges as plain numbered text, the form the judge reads.

    A new session is marked by a line naming it and the time since the previous one, so the
    judge sees the breaks (continuity criteria depend on them).
    """
    days = {s.index: s.days_since_previous for s in transcript.sessions}
    starts = set(transcript.session_starts())
    parts = []
    for i, ex in enumerate(transcript.exchanges, start=1):
        if i - 1 in starts:
            gap = days.get(ex.session)
            later = f", {gap:g} days later" if gap else ""
            parts.append(f"--- Session {ex.session + 1}{later} ---")
        parts.append(f"### Exchange {i}\nUSER: {ex.user.strip()}\n{coach}: {ex.assistant.strip()}")
    return "\n\n".join(parts)


def build_judge_messages(domain: Domain, rubric: Rubric, transcript_text: str,
                         criterion_id: str) -> tuple[Message, ...]:
    """System prompt, then one user message: the shared transcript part first, criterion last."""
    criterion = rubric.criteria[criterion_id]
    shared = domain.prompt("judge_transcript").render(transcript=transcript_text)
    ask = domain.prompt("judge_criterion").render(
        criterion_id=criterion_id,
        criterion_name=criterion.name,
        question=criterion.question.strip(),
        guidance=criterion.guidance.strip(),
        na_rule=_NA_RULES[criterion.na],
    )
    return (
        Message("system", domain.prompt("judge_system").render().strip()),
        Message("user", shared.rstrip() + "\n\n" + ask.strip()),
    )


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def _json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object found in ``text``: bare, in a code fence, or between braces."""
    candidates = [text.strip(), *_FENCE.findall(text)]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start:end + 1])
    for candidate in candidates:
        try:
            data = json.loads(candidate)
        except (json.JSONDecodeError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def _verdict(criterion_id: str, data: object, raw: str) -> JudgeAnswer:
    if not isinstance(data, dict):
        return JudgeAnswer(criterion_id, "ERROR", "", raw,
                           f"expected an object with 'reasoning' and 'answer', got {data!r}")
    answer = str(data.get("answer", "")).strip().upper()
    if answer in ("YES", "NO", "NA"):
        reasoning = data.get("reasoning", "")
        return JudgeAnswer(criterion_id, answer,  # type: ignore[arg-type]
                           reasoning if isinstance(reasoning, str) else str(reasoning), raw)
    if "answer" not in data:
        return JudgeAnswer(criterion_id, "ERROR", "", raw, "the JSON object has no 'answer'")
    return JudgeAnswer(criterion_id, "ERROR", "", raw,
                       f"'answer' must be YES, NO or NA, got {data.get('answer')!r}")


def parse_judge_answer(criterion_id: str, text: str) -> JudgeAnswer:
    """Parse ``{"reasoning": ..., "answer": YES|NO|NA}``; anything else is an explicit ERROR."""
    data = _json_object(text)
    if data is None:
        return JudgeAnswer(criterion_id, "ERROR", "", text, "output is not a JSON object")
    return _verdict(criterion_id, data, text)


def criteria_block(rubric: Rubric, criterion_ids: Sequence[str]) -> str:
    """The criteria of an all-in-one call, one short section each, in the given order."""
    parts = []
    for cid in criterion_ids:
        c = rubric.criteria[cid]
        lines = [f"### {cid}: {c.name}", f"Question: {c.question.strip()}"]
        if c.guidance.strip():
            lines.append(f"Guidance: {c.guidance.strip()}")
        lines.append(f"NA rule: {_NA_RULES[c.na]}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def build_judge_all_messages(domain: Domain, rubric: Rubric, transcript_text: str,
                             criterion_ids: Sequence[str]) -> tuple[Message, ...]:
    """One call for many criteria: the same shared prefix as per-criterion calls, then all of them."""
    shared = domain.prompt("judge_transcript").render(transcript=transcript_text)
    ask = domain.prompt("judge_all").render(criteria=criteria_block(rubric, criterion_ids))
    return (
        Message("system", domain.prompt("judge_system").render().strip()),
        Message("user", shared.rstrip() + "\n\n" + ask.strip()),
    )


def judge_all_schema(criterion_ids: Sequence[str], max_tokens: int) -> dict[str, Any]:
    """An object with one verdict per criterion; the reasonings share the token budget."""
    share = max(16, (max_tokens - _JSON_FRAME_TOKENS * len(criterion_ids)) // max(1, len(criterion_ids)))
    one = json.loads(json.dumps(JUDGE_SCHEMA))
    one["properties"]["reasoning"]["maxLength"] = share
    return {
        "type": "object",
        "properties": {cid: one for cid in criterion_ids},
        "required": list(criterion_ids),
        "additionalProperties": False,
    }


def parse_judge_all(criterion_ids: Sequence[str], text: str) -> dict[str, JudgeAnswer]:
    """Parse an all-in-one reply; each criterion missing or malformed in it is its own ERROR."""
    data = _json_object(text)
    out: dict[str, JudgeAnswer] = {}
    for cid in criterion_ids:
        if data is None:
            out[cid] = JudgeAnswer(cid, "ERROR", "", text, "output is not a JSON object")
        elif cid not in data:
            out[cid] = JudgeAnswer(cid, "ERROR", "", text, f"no entry for {cid}")
        else:
            out[cid] = _verdict(cid, data[cid], text)
    return out


def judge_transcript(
    transcript: Transcript,
    *,
    domain: Domain,
    backend: Backend,
    rubric: Rubric | None = None,
    criteria: Sequence[str] | None = None,
    temperature: float = 0.0,
    max_tokens: int = 256,
    seed: int = 0,
    max_attempts: int = 2,
) -> dict[str, JudgeAnswer]:
    """Judge every assessed criterion of one transcript.

    Criteria below their ``min_exchanges`` get no LLM call and no entry. A reply that does not
    parse is asked again with the next seed (so a cached bad answer is not replayed), up to
    ``max_attempts``; then it is ERROR, which scores 0 and fails the gate for gate criteria.

    Args:
        transcript: The conversation to judge.
        domain: Supplies the judge prompts.
        backend: The judge role's backend.
        rubric: Defaults to the domain's rubric.
        criteria: Restrict to these ids (None: every assessed criterion).
        temperature: Judge sampling temperature.
        max_tokens: Most tokens one verdict may use.
        seed: Seed of the first attempt; attempt k uses ``seed + k``.
        max_attempts: Tries per criterion before ERROR.

    Returns:
        Criterion id -> verdict, in rubric order.
    """
    rubric = rubric or domain.rubric
    wanted = rubric.assessed(len(transcript.exchanges))
    if criteria is not None:
        unknown = [c for c in criteria if c not in rubric.criteria]
        if unknown:
            raise ValueError(f"unknown criteria: {', '.join(unknown)}")
        wanted = [c for c in wanted if c in criteria]
    text = render_transcript(transcript)
    answers = ask_judge([(build_judge_messages(domain, rubric, text, cid), cid) for cid in wanted],
                        backend=backend, temperature=temperature, max_tokens=max_tokens,
                        seed=seed, max_attempts=max_attempts)
    return dict(zip(wanted, answers, strict=True))


def ask_judge(
    items: Sequence[tuple[tuple[Message, ...], str]],
    *,
    backend: Backend,
    temperature: float = 0.0,
    max_tokens: int = 256,
    seed: int = 0,
    max_attempts: int = 2,
) -> list[JudgeAnswer]:
    """Ask many judge questions at once; unparseable answers are asked again with the next seed
    (so a cached bad answer is not replayed), up to ``max_attempts``, then they are ERROR.

    Args:
        items: (judge messages, criterion or check id) pairs.
        backend: The judge role's backend (calls run concurrently up to its limit).
        temperature: Judge sampling temperature.
        max_tokens: Most tokens one verdict may use.
        seed: Seed of the first attempt; attempt k uses ``seed + k``.
        max_attempts: Tries per question before ERROR.

    Returns:
        One answer per item, in order.
    """
    results: list[JudgeAnswer | None] = [None] * len(items)
    pending = list(range(len(items)))
    for attempt in range(max_attempts):
        if not pending:
            break
        requests = [Request(messages=items[i][0], max_tokens=max_tokens, temperature=temperature,
                            seed=seed + attempt, json_schema=judge_schema(max_tokens))
                    for i in pending]
        still: list[int] = []
        for i, outcome in zip(pending, complete_many(backend, requests), strict=True):
            cid = items[i][1]
            if isinstance(outcome, BackendError):
                results[i] = JudgeAnswer(cid, "ERROR", "", "", f"backend error: {outcome}")
                still.append(i)
                continue
            verdict = parse_judge_answer(cid, outcome.text)
            results[i] = verdict
            if verdict.answer == "ERROR":
                still.append(i)
        pending = still
    return [r if r is not None else JudgeAnswer(items[i][1], "ERROR", "", "", "not asked")
            for i, r in enumerate(results)]
