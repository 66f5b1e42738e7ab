"""The optional LLM second look at medium-risk messages: prompt building and answer parsing.

The answer is JSON ``{"reasoning": str, "high_risk": bool}`` (reasoning first). It can only
raise a message to high; an answer that does not parse, or a backend error, keeps the level and
says so in the reasons (``llm:error``), so a broken backend never silences the other layers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from coachsmith.errors import BackendError
from coachsmith.llm.base import Backend, Message, Request

CHECK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"reasoning": {"type": "string"}, "high_risk": {"type": "boolean"}},
    "required": ["reasoning", "high_risk"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = (
    "You screen messages sent to a self-care coaching app for immediate risk. A message is "
    "HIGH RISK when the writer, now, states or implies: thoughts of ending their life (active "
    "or passive, e.g. 'everyone would be better off without me'); a plan, means, a date or "
    "goodbyes; self-harm happening now or about to; intent to hurt another person; or an acute "
    "emergency (violence in progress, danger where they are, overdose, a medical emergency). "
    "Idioms, jokes, games, fiction, questions asked in general, other people's risk and past, "
    "resolved experiences are NOT high risk. When in doubt between high and not high, answer "
    "high. Reply with JSON: {\"reasoning\": one sentence, \"high_risk\": true or false}."
)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def build_check_messages(text: str, history: Sequence[str] = ()) -> tuple[Message, ...]:
    """The chat sent to the backend: instructions, up to three earlier messages, the message."""
    earlier = "".join(f"Earlier message: {h.strip()}\n" for h in history[-3:] if h.strip())
    return (Message("system", SYSTEM_PROMPT),
            Message("user", f"{earlier}Message to rate: {text.strip()}"))


def parse_check_answer(raw: str) -> bool | None:
    """``high_risk`` from the backend's reply, or None when it is not valid JSON of that shape."""
    fenced = _FENCE.search(raw)
    candidate = fenced.group(1) if fenced else raw
    start, end = candidate.find("{"), candidate.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        data = json.loads(candidate[start:end + 1])
    except json.JSONDecodeError:
        return None
    value = data.get("high_risk") if isinstance(data, dict) else None
    return value if isinstance(value, bool) else None


def llm_says_high(backend: Backend, text: str, history: Sequence[str] = ()) -> tuple[bool, str]:
    """Ask the backend; return (raise to high?, reason for the assessment).

    Reasons: ``llm:high`` (raised), ``llm:not_high`` (kept), ``llm:error`` (no usable answer).
    """
    request = Request(messages=build_check_messages(text, history), max_tokens=160,
                      temperature=0.0, seed=0, json_schema=CHECK_SCHEMA)
    try:
        answer = parse_check_answer(backend.complete(request).text)
    except BackendError:
        return False, "llm:error"
    if answer is None:
        return False, "llm:error"
    return answer, "llm:high" if answer else "llm:not_high"
