from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.assess.inputs import read_transcripts
from coachsmith.errors import ConfigError
from tests.factories import make_transcript


def _write(tmp_path: Path, lines: list[object]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
                    encoding="utf-8")
    return path


def test_reads_the_project_format_and_openai_messages_in_one_file(tmp_path: Path) -> None:
    project = make_transcript("t-1", 2, persona="p-1").model_dump(mode="json")
    chat = {"messages": [
        {"role": "system", "content": "Be kind."},
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": [{"type": "text", "text": "Hi "},
                                          {"type": "text", "text": "there."}]},
        {"role": "user", "content": "bye"},
        {"role": "assistant", "content": "Take care."}]}
    got = read_transcripts(_write(tmp_path, [project, "", chat]))
    assert [t.id for t in got] == ["t-1", "in-3"]  # a chat without id is named by its line
    assert got[0] == make_transcript("t-1", 2, persona="p-1")
    assert got[1].system == "Be kind."
    assert [(e.user, e.assistant) for e in got[1].exchanges] == [("hello", "Hi there."),
                                                                 ("bye", "Take care.")]


@pytest.mark.parametrize(("line", "message"), [
    ('{"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}, '
     '{"role": "assistant", "content": "c"}]}', "2: messages[1].role: expected 'assistant'"),
    ('{"messages": [{"role": "assistant", "content": "a"}]}', "messages[0].role: expected 'user'"),
    ('{"messages": [{"role": "user", "content": "a"}]}', "ends on a user message"),
    ('{"messages": [{"role": "tool", "content": "a"}]}', "messages[0].role: expected 'system'"),
    ('{"messages": [{"role": "user", "content": 5}]}', "messages[0].content: expected a string"),
    ('{"messages": []}', "messages: expected a non-empty list"),
    ('{"id": "x", "exchanges": [{"user": "u"}]}', "2: exchanges[0].assistant: Field required"),
    ('{"id": "x", "exchanges": [], "colour": 1}', "2: colour: Extra inputs"),
    ('{not json', "2: invalid JSON"),
    ('[1, 2]', "2: expected a JSON object per line"),
])
def test_bad_lines_name_file_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps(make_transcript("ok", 1).model_dump(mode="json"))
    path = _write(tmp_path, [good, line])
    with pytest.raises(ConfigError) as info:
        read_transcripts(path)
    text = str(info.value)
    assert text.startswith(f"{path}:")
    assert message in text, text


def test_every_bad_line_is_reported_at_once_and_duplicates_name_the_first(tmp_path: Path) -> None:
    t = json.dumps(make_transcript("dup", 1).model_dump(mode="json"))
    path = _write(tmp_path, [t, "{oops", t])
    with pytest.raises(ConfigError) as info:
        read_transcripts(path)
    assert [(p.line, p.field) for p in info.value.problems] == [(2, ""), (3, "id")]
    assert "first on line 1" in str(info.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        read_transcripts(tmp_path / "nope.jsonl")
