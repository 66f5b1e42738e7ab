"""Reading transcripts to assess: the project's JSONL, or OpenAI-style ``{"messages": [...]}``.

Each line is detected on its own: a line with ``exchanges`` (or without ``messages``) is a
:class:`~coachsmith.records.Transcript`; a line with ``messages`` is a chat in the OpenAI form,
turned into exchanges (leading system messages become the system prompt; then user and
assistant messages must alternate, starting with a user and ending with an assistant). Every bad
line is reported at once, each naming the file, the line and the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coachsmith._yaml import dotted, read_text
from coachsmith.errors import ConfigError, Problem
from coachsmith.records import Exchange, Transcript, json_lines

#: Stop collecting problems after this many; a wholly wrong file would otherwise flood the screen.
MAX_PROBLEMS = 50


def read_transcripts(path: Path) -> list[Transcript]:
    """Every transcript in a JSONL file, in file order.

    Args:
        path: A JSONL file in the project's transcript format or OpenAI ``messages`` form
            (both may be mixed). A line without an ``id`` gets ``<file stem>-<line>``.

    Returns:
        The transcripts.

    Raises:
        ConfigError: The file is missing, or lines are invalid (every problem, with file, line
            and field), or two lines share an id.
    """
    return parse_transcripts(read_text(path).splitlines(), file=str(path), stem=path.stem)


def parse_transcripts(lines: Iterable[str], *, file: str, stem: str) -> list[Transcript]:
    """Parse JSONL lines as :func:`read_transcripts` does (``file`` names them in errors)."""
    problems: list[Problem] = []
    out: list[Transcript] = []
    first_line: dict[str, int] = {}
    for number, data in json_lines(lines, file, problems):
        if len(problems) >= MAX_PROBLEMS:
            break
        if not isinstance(data, dict):
            problems.append(Problem(file, "", "expected a JSON object per line", number))
            continue
        if "messages" in data and "exchanges" not in data:
            transcript = _from_messages(data, file, number, f"{stem}-{number}", problems)
        else:
            transcript = _from_record(data, file, number, problems)
        if transcript is None:
            continue
        if transcript.id in first_line:
            problems.append(Problem(file, "id", f"duplicate id {transcript.id!r} (first on line "
                                    f"{first_line[transcript.id]})", number))
            continue
        first_line[transcript.id] = number
        out.append(transcript)
    if problems:
        raise ConfigError(problems[:MAX_PROBLEMS])
    return out


def _from_record(data: dict[str, Any], file: str, number: int,
                 problems: list[Problem]) -> Transcript | None:
    try:
        return Transcript.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [p for p in err["loc"] if isinstance(p, str | int)]
            problems.append(Problem(file, dotted(loc), err["msg"], number))
        return None


def _content(value: object) -> str | None:
    """Message content as text: a string, or OpenAI's list of ``{"type": "text"}`` parts."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(p, dict) and p.get("type") == "text"
                                       and isinstance(p.get("text"), str) for p in value):
        return "".join(p["text"] for p in value)
    return None


def _from_messages(data: dict[str, Any], file: str, number: int, default_id: str,
                   problems: list[Problem]) -> Transcript | None:
    before = len(problems)
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        problems.append(Problem(file, "messages", "expected a non-empty list of messages", number))
        return None
    system: list[str] = []
    exchanges: list[Exchange] = []
    pending_user: str | None = None
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict):
            problems.append(Problem(file, where, "expected an object with role and content",
                                    number))
            continue
        role, content = message.get("role"), _content(message.get("content"))
        if content is None:
            problems.append(Problem(file, f"{where}.content", "expected a string (or a list of "
                                    f"text parts), got {message.get('content')!r}", number))
            continue
        if role == "system":
            if exchanges or pending_user is not None:
                problems.append(Problem(file, f"{where}.role", "a system message may only come "
                                        "before the first user message", number))
            system.append(content)
        elif role == "user":
            if pending_user is not None:
                problems.append(Problem(file, f"{where}.role", "expected 'assistant' after a "
                                        "user message, got 'user'", number))
            pending_user = content
        elif role == "assistant":
            if pending_user is None:
                problems.append(Problem(file, f"{where}.role", "expected 'user' before an "
                                        "assistant message, got 'assistant'", number))
                continue
            exchanges.append(Exchange(user=pending_user, assistant=content))
            pending_user = None
        else:
            problems.append(Problem(file, f"{where}.role", "expected 'system', 'user' or "
                                    f"'assistant', got {role!r}", number))
    if pending_user is not None:
        problems.append(Problem(file, f"messages[{len(messages) - 1}].role",
                                "the conversation ends on a user message with no reply; the "
                                "last message must be the assistant's", number))
    if not exchanges and len(problems) == before:
        problems.append(Problem(file, "messages", "no user/assistant exchange", number))
    if len(problems) > before:
        return None
    raw_id = data.get("id", default_id)
    meta = data.get("meta", {})
    if not isinstance(raw_id, str) or not raw_id or not isinstance(meta, dict):
        problems.append(Problem(file, "id" if not isinstance(raw_id, str) or not raw_id else "meta",
                                "expected a non-empty string id and an object meta", number))
        return None
    return Transcript(id=raw_id, system="\n\n".join(system), exchanges=exchanges,
                      persona_id=data.get("persona_id") if isinstance(data.get("persona_id"), str)
                      else None, meta=meta)
