"""Reading the dataset contract, finding coach tokens with the tokenizer's own template, and
falling back to slices where a template is not prefix-stable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachsmith.errors import ConfigError
from coachsmith.train.data import (
    IGNORE,
    TrainExample,
    collate,
    read_examples,
    render_ids,
    tokenize_example,
    tokenize_examples,
)
from tests.train.conftest import as_examples, prefix_shared, sliced


def test_bad_lines_are_all_reported_with_line_and_field(tmp_path: Path) -> None:
    rows = [
        json.dumps(prefix_shared(0, 2)),
        json.dumps({"id": "u", "messages": [{"role": "user", "content": "hi", "weight": 2.0},
                                            {"role": "assistant", "content": "hello"}]}),
        "{not json",
        json.dumps({"id": "n", "messages": [{"role": "user", "content": "hi"},
                                            {"role": "assistant", "content": "x", "weight": -1}]}),
        json.dumps(prefix_shared(0, 2)),
    ]
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_examples(path)
    text = str(err.value)
    assert f"{path}:2: messages[0]" in text and "may not carry 'weight'" in text
    assert f"{path}:3: invalid JSON" in text
    assert f"{path}:4: messages[1].weight" in text
    assert f"{path}:5: id: duplicate id 't0' (first on line 1)" in text


def test_an_example_without_a_coach_turn_is_rejected() -> None:
    with pytest.raises(ValueError, match="no assistant message"):
        TrainExample.model_validate({"id": "x", "messages": [{"role": "system", "content": "s"},
                                                             {"role": "user", "content": "u"}]})


def test_coach_tokens_carry_their_turn_weight_and_end_of_turn(tokenizer: Any) -> None:
    [piece] = tokenize_example(tokenizer, as_examples([prefix_shared(1, 3)])[0])
    trained = [(tokenizer.decode([t]), w) for t, w in zip(piece.input_ids, piece.weights, strict=True)
               if w > 0]
    text = "".join(t for t, _ in trained)
    assert text.count("<|im_end|>") == 3  # each reply learns to stop
    assert [w for t, w in trained if t == "<|im_end|>"] == [3.0, 2.0, 1.0]
    assert "user" not in text and "(1." not in text  # no user text, no role headers
    assert all(lab == (tok if w > 0 else IGNORE)
               for tok, lab, w in zip(piece.input_ids, piece.labels, piece.weights, strict=True))


_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
                min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=st.lists(st.tuples(_TEXT, _TEXT, st.floats(0.0, 5.0)), min_size=1, max_size=4),
       system=st.one_of(st.none(), _TEXT))
def test_no_user_or_system_token_ever_carries_loss(tokenizer: Any, turns: list[Any],
                                                   system: str | None) -> None:
    msgs: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    for user, coach, weight in turns:
        msgs += [{"role": "user", "content": user},
                 {"role": "assistant", "content": coach, "weight": weight}]
    example = TrainExample.model_validate({"id": "h", "messages": msgs})
    for piece in tokenize_example(tokenizer, example):
        # every weighted span lies inside an assistant turn: rendering the conversation up to
        # each non-assistant message's end marks where loss may not fall
        chat = example.chat()
        allowed = set()
        for i, m in enumerate(chat):
            if m["role"] != "assistant":
                continue
            start = len(render_ids(tokenizer, chat[:i], add_generation_prompt=True))
            end = len(render_ids(tokenizer, chat[: i + 1]))
            allowed |= set(range(start, end))
        weighted = {t for t, w in enumerate(piece.weights) if w > 0}
        assert weighted <= allowed


@pytest.mark.parametrize("coach", [" ", " hello", "hello  "])
def test_a_reply_with_surrounding_spaces_is_found_and_trained(tokenizer: Any, coach: str) -> None:
    # found by the property above: a reply opening with a space merged with the template's
    # newline into one token, so its span could not be found
    example = TrainExample.model_validate({"id": "s", "messages": [
        {"role": "user", "content": "0"}, {"role": "assistant", "content": coach}]})
    [piece] = tokenize_example(tokenizer, example)
    trained = tokenizer.decode([t for t, w in zip(piece.input_ids, piece.weights, strict=True)
                                if w > 0])
    assert trained == coach.strip() + "<|im_end|>"


_UNSTABLE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['role'] == 'assistant' and not loop.last %}{{ message['content'][:4] }}"
    "{% else %}{{ message['content'] }}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def test_a_template_that_rewrites_history_falls_back_to_slices(tokenizer: Any) -> None:
    original = tokenizer.chat_template
    tokenizer.chat_template = _UNSTABLE  # earlier coach turns are cut short, like dropped reasoning
    try:
        examples = as_examples([prefix_shared(0, 3), prefix_shared(1, 2)])
        pieces, report = tokenize_examples(tokenizer, examples, max_length=4096)
    finally:
        tokenizer.chat_template = original
    assert report.fallback == ["t0", "t1"]
    assert [p.id for p in pieces] == ["t0@2", "t0@4", "t0@6", "t1@2", "t1@4"]
    # each piece trains only its last coach turn, with that turn's weight
    assert [sorted({w for w in p.weights if w > 0}) for p in pieces] == \
        [[3.0], [2.0], [1.0], [2.0], [1.0]]
    assert report.weighted_tokens == pytest.approx(sum(p.weighted_tokens for p in pieces))


def test_prefix_shared_form_has_far_fewer_tokens_than_slices(tokenizer: Any) -> None:
    _, shared = tokenize_examples(tokenizer, as_examples([prefix_shared(i, 5) for i in range(3)]),
                                  max_length=4096)
    _, cut = tokenize_examples(tokenizer, as_examples([r for i in range(3) for r in sliced(i, 5)]),
                               max_length=4096)
    assert shared.weighted_tokens == pytest.approx(cut.weighted_tokens)
    assert cut.tokens > 2.5 * shared.tokens
    assert shared.fallback == [] and cut.fallback == []


def test_pieces_over_max_length_are_left_out_and_counted(tokenizer: Any) -> None:
    pieces, report = tokenize_examples(tokenizer, as_examples([prefix_shared(0, 1), prefix_shared(1, 5)]),
                                       max_length=80)
    assert [p.id for p in pieces] == ["t0"] and report.too_long == ["t1"]


def test_collate_pads_without_loss(tokenizer: Any) -> None:
    pieces, _ = tokenize_examples(tokenizer, as_examples([prefix_shared(0, 1), prefix_shared(1, 3)]),
                                  max_length=4096)
    batch = collate(pieces, pad_id=tokenizer.pad_token_id)
    short = len(pieces[0].input_ids)
    assert batch["input_ids"].shape[0] == 2
    assert batch["attention_mask"][0, short:].sum() == 0
    assert (batch["labels"][0, short:] == IGNORE).all() and batch["loss_weights"][0, short:].sum() == 0
