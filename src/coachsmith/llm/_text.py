"""Plain-text helpers shared by backends that cannot constrain output or speak chat natively."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from coachsmith.llm.base import Message


def schema_instruction(schema: dict[str, Any]) -> str:
    """The instruction appended to a prompt when the backend cannot enforce a JSON schema.

    Args:
        schema: The JSON schema the reply must match.

    Returns:
        One short paragraph that asks for bare JSON and shows the schema.
    """
    return (
        "Reply with one JSON object and nothing else (no prose, no code fences). "
        "It must match this JSON schema:\n" + json.dumps(schema, ensure_ascii=False, sort_keys=True)
    )


def render_conversation(messages: Sequence[Message], schema: dict[str, Any] | None = None) -> str:
    """Render a chat as plain text: system text first, then ``User:`` / ``Assistant:`` turns.

    Args:
        messages: The conversation, oldest first. System messages may appear anywhere; they are
            all moved to the top, in order.
        schema: When given, the schema instruction is added as the final paragraph.

    Returns:
        The rendered text, paragraphs separated by blank lines, ending with a newline.
    """
    parts = [m.content for m in messages if m.role == "system"]
    labels = {"user": "User", "assistant": "Assistant"}
    parts += [f"{labels[m.role]}: {m.content}" for m in messages if m.role != "system"]
    if schema is not None:
        parts.append(schema_instruction(schema))
    return "\n\n".join(parts) + "\n"


def estimate_tokens(text: str) -> int:
    """Rough token count: whitespace-separated words. Used only when a program reports nothing."""
    return len(text.split())
