"""The prefix property at the token level, with the bundled GGUF's own chat template."""

from __future__ import annotations

import pytest

from coachsmith.assess.judge import build_judge_all_messages, build_judge_messages, render_transcript
from coachsmith.domain import load_domain
from tests.conftest import llama_available

pytestmark = pytest.mark.skipif(not llama_available(), reason="llama-cpp-python is not installed")


def _common(lists: list[list[int]]) -> int:
    n = 0
    while all(len(x) > n for x in lists) and len({x[n] for x in lists}) == 1:
        n += 1
    return n


def test_every_criterion_prompt_shares_the_leading_tokens_up_to_the_criterion(
        any_domain: str) -> None:
    from coachsmith.llm.tokenizer import GGUFTokenizer

    domain = load_domain(any_domain)
    base = domain.calibration.bases[0]
    text = render_transcript(base)
    tok = GGUFTokenizer()
    try:
        tokens, shared = {}, set()
        for cid in domain.rubric.criteria:
            messages = [m.to_dict() for m in build_judge_messages(domain, domain.rubric, text, cid)]
            rendered, has_bos = tok.render(messages)
            start = rendered.index(f"Criterion {cid}:")
            shared.add(rendered[:start])
            tokens[cid] = tok.tokenize_chat(messages)
            # the ids llama.cpp evaluates are the template's text, tokenized once
            assert tokens[cid] == tok.tokenize(rendered, add_bos=not has_bos)
        assert len(shared) == 1  # the same text before every criterion
        head = tok.tokenize(shared.pop().rstrip(), add_bos=False)
        common = _common(list(tokens.values()))
        assert all(t[:len(head)] == head for t in tokens.values())
        assert common >= len(head) + 2  # the blank line after </transcript> too
        decoded = tok._llm.detokenize(tokens["CQ1" if "CQ1" in tokens else next(iter(tokens))]
                                      [:common]).decode("utf-8", "replace")
        assert base.exchanges[-1].assistant.strip()[-40:] in decoded  # the whole transcript
        assert all(len(t) > common + 5 for t in tokens.values())  # then they part ways
        # an all-in-one prompt starts with the same tokens too
        every = [m.to_dict() for m in build_judge_all_messages(
            domain, domain.rubric, text, list(domain.rubric.criteria))]
        assert tok.tokenize_chat(every)[:len(head)] == head
    finally:
        tok.close()
