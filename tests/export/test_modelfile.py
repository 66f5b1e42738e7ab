"""The Ollama Modelfile: a Go TEMPLATE that writes what the tokenizer's template writes, every
end-of-turn token as a stop, and the pack's system prompt."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachsmith.errors import CoachsmithError
from coachsmith.export.modelfile import detect_format, render_modelfile

pytest.importorskip("transformers")

LLAMA3 = (
    "<|begin_of_text|>{% for message in messages %}<|start_header_id|>{{ message['role'] }}"
    "<|end_header_id|>\n\n{{ message['content'] }}<|eot_id|>{% endfor %}"
    "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
)
UNKNOWN = "{% for m in messages %}### {{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    from coachsmith.train.base import load_tokenizer, resolve_base

    return load_tokenizer(resolve_base("bundled"))


def test_smollm2_is_chatml_with_its_default_system_message(tokenizer: Any) -> None:
    fmt = detect_format(tokenizer)
    assert fmt.family == "chatml" and fmt.stops[0] == "<|im_end|>"
    assert fmt.default_system is not None and "SmolLM" in fmt.default_system
    template = fmt.go_template()
    assert '{{ print "<|im_start|>assistant\\n" }}' in template and "range $i, $m := .Messages" in template


_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(system=st.one_of(st.none(), _TEXT), turns=st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=3),
       gen=st.booleans())
def test_the_format_renders_what_the_tokenizer_renders(tokenizer: Any, system: str | None,
                                                        turns: list[tuple[str, str]], gen: bool) -> None:
    fmt = detect_format(tokenizer)
    msgs = [{"role": "system", "content": system}] if system is not None else []
    for user, coach in turns:
        msgs += [{"role": "user", "content": user}, {"role": "assistant", "content": coach}]
    msgs = msgs[:-1]  # end on the user, as a runtime prompt does
    expected = tokenizer.apply_chat_template(msgs, tokenize=False, add_generation_prompt=gen)
    assert fmt.render(msgs, add_generation_prompt=gen) == expected


def test_a_llama3_template_is_recognised(tokenizer: Any) -> None:
    original = tokenizer.chat_template
    tokenizer.chat_template = LLAMA3
    try:
        fmt = detect_format(tokenizer)
    finally:
        tokenizer.chat_template = original
    assert fmt.family == "llama3" and fmt.begin == "<|begin_of_text|>" and fmt.default_system is None
    assert "<|eot_id|>" in fmt.stops


def test_an_unknown_template_fails_instead_of_shipping_a_wrong_prompt(tokenizer: Any) -> None:
    original = tokenizer.chat_template
    tokenizer.chat_template = UNKNOWN
    try:
        with pytest.raises(CoachsmithError, match=r"export\.ollama_template"):
            detect_format(tokenizer)
    finally:
        tokenizer.chat_template = original


def test_modelfile_names_every_stop_and_the_system_prompt() -> None:
    text = render_modelfile(gguf_name="coach-Q4_K_M.gguf", template="{{ .Prompt }}",
                            stops=["<|im_end|>", "<|endoftext|>", "<|im_end|>"],
                            system="You are a coach.\nBe kind.", temperature=0.7, top_p=0.9,
                            repeat_penalty=1.1, num_ctx=8192)
    lines = text.splitlines()
    assert "FROM ./coach-Q4_K_M.gguf" in lines
    assert 'TEMPLATE """{{ .Prompt }}"""' in lines
    assert [ln for ln in lines if ln.startswith("PARAMETER stop")] == [
        'PARAMETER stop "<|im_end|>"', 'PARAMETER stop "<|endoftext|>"']
    assert 'SYSTEM """You are a coach.' in text and "PARAMETER num_ctx 8192" in lines
    with pytest.raises(CoachsmithError, match='contains """'):
        render_modelfile(gguf_name="x.gguf", template="t", stops=[], system='say """hi"""',
                         temperature=0.7, top_p=0.9, repeat_penalty=1.1, num_ctx=8192)
