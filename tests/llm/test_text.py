from __future__ import annotations

from coachsmith.llm import Message
from coachsmith.llm._text import estimate_tokens, render_conversation


def test_render_puts_system_first_then_labelled_turns() -> None:
    messages = (
        Message("user", "I feel stuck."),
        Message("system", "You are a coach."),
        Message("assistant", "What feels stuck?"),
        Message("user", "Work."),
    )
    assert render_conversation(messages) == (
        "You are a coach.\n\nUser: I feel stuck.\n\nAssistant: What feels stuck?\n\nUser: Work.\n"
    )


def test_render_ends_with_the_schema_instruction() -> None:
    text = render_conversation((Message("user", "Q"),), {"type": "object"})
    assert text == (
        "User: Q\n\nReply with one JSON object and nothing else (no prose, no code fences). "
        'It must match this JSON schema:\n{"type": "object"}\n'
    )


def test_estimate_tokens_counts_words() -> None:
    assert estimate_tokens("  two\nwords ") == 2
    assert estimate_tokens("") == 0
