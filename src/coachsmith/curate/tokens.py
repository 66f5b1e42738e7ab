"""Token counting for the slice budget, and the chat-template prefix check, on a GGUF tokenizer.

The prefix-shared form is only equivalent to the sliced form where the chat template renders
every slice as a token prefix of the whole example; a template that rewrites earlier turns (some
drop reasoning blocks from past assistant turns) breaks it, and such transcripts fall back to
their slices.
"""

from __future__ import annotations

from collections.abc import Sequence

from coachsmith.curate.dataset import PrefixCheck
from coachsmith.curate.examples import TokenCounter, messages
from coachsmith.llm.tokenizer import GGUFTokenizer
from coachsmith.records import ExampleMessage, Transcript


def _dicts(msgs: Sequence[ExampleMessage]) -> list[dict[str, str]]:
    return [{"role": m.role, "content": m.content} for m in msgs]


def gguf_counter(tokenizer: GGUFTokenizer) -> TokenCounter:
    """Counts a message list's tokens as the GGUF's chat template renders it for training."""
    def count(msgs: Sequence[ExampleMessage]) -> int:
        return len(tokenizer.tokenize_chat(_dicts(msgs), add_generation_prompt=False))
    return count


def gguf_prefix_check(tokenizer: GGUFTokenizer) -> PrefixCheck:
    """True when each slice of a transcript tokenizes as a prefix of its longest slice."""
    def check(transcript: Transcript, ends: Sequence[int]) -> bool:
        full = tokenizer.tokenize_chat(_dicts(messages(transcript, ends[-1])),
                                       add_generation_prompt=False)
        for end in ends[:-1]:
            part = tokenizer.tokenize_chat(_dicts(messages(transcript, end)),
                                           add_generation_prompt=False)
            if full[:len(part)] != part:
                return False
        return True
    return check
