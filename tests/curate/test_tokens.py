"""Token counting and the prefix check with the bundled GGUF's tokenizer and chat template."""

from __future__ import annotations

import pytest

from coachsmith.curate.examples import estimate_tokens, messages, plan_slices
from coachsmith.curate.slicing import SliceSettings
from tests.conftest import llama_available
from tests.factories import make_transcript

pytestmark = pytest.mark.skipif(not llama_available(), reason="llama-cpp-python is not installed")


def test_counts_and_the_prefix_property_on_the_bundled_template() -> None:
    from coachsmith.curate.tokens import gguf_counter, gguf_prefix_check
    from coachsmith.llm.tokenizer import GGUFTokenizer

    tok = GGUFTokenizer()
    try:
        count, check = gguf_counter(tok), gguf_prefix_check(tok)
        t = make_transcript("t", 9)
        one = count(messages(t, 1))
        assert 60 < one < 200 and count(messages(t, 2)) > one
        assert estimate_tokens(messages(t, 9)) >= count(messages(t, 9)) * 0.8  # near the real
        ends = plan_slices(t, count, SliceSettings())
        assert check(t, ends)  # ChatML renders every slice as a token prefix
        assert plan_slices(t, count, SliceSettings(budget_tokens=count(messages(t, 5))))[-1] == 5
    finally:
        tok.close()


class _ThinkingTemplate:
    """Like templates that drop reasoning from earlier assistant turns: only the last assistant
    turn is rendered whole, so a shorter slice is not a token prefix of a longer one."""

    def tokenize_chat(self, msgs, *, add_generation_prompt=True):  # type: ignore[no-untyped-def]
        last = max(i for i, m in enumerate(msgs) if m["role"] == "assistant")
        out = []
        for i, m in enumerate(msgs):
            text = m["content"] if m["role"] != "assistant" or i == last else "<done>"
            out += [hash(m["role"]) % 1000, *(ord(c) for c in text)]
        return out


def test_a_template_that_rewrites_earlier_turns_fails_the_check() -> None:
    from coachsmith.curate.tokens import gguf_prefix_check

    check = gguf_prefix_check(_ThinkingTemplate())  # type: ignore[arg-type]
    t = make_transcript("t", 6)
    assert not check(t, [3, 6]) and check(t, [6])
