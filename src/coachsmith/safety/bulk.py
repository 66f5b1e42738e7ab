"""Rating many messages at once (the ``coachsmith risk`` verb): reading them, and the loop."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from coachsmith.errors import ConfigError, Problem
from coachsmith.records import json_lines
from coachsmith.safety.base import RiskClassifier


def assess_texts(texts: Iterable[str], classifier: RiskClassifier) -> Iterator[dict[str, object]]:
    """Rate each message on its own (no history), in input order.

    Args:
        texts: Messages; any length, blank allowed.
        classifier: Any ``RiskClassifier``, e.g. ``load_risk_classifier()``.

    Yields:
        ``{"level", "categories", "score", "reasons"}`` per message.
    """
    for text in texts:
        yield classifier.assess(text).to_dict()


def read_messages(path: Path) -> list[str]:
    """Messages from a file: JSONL with a ``text`` field per line, or plain text, one per line.

    A file is JSONL when its name ends in ``.jsonl`` or its first non-blank line starts with
    ``{``. Blank lines are skipped in both forms.

    Raises:
        ConfigError: The file is unreadable, or JSONL lines are not objects with a string
            ``text`` (every bad line is listed, with its number).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), "", f"cannot read: {exc}")]) from None
    first = next((line for line in lines if line.strip()), "")
    if path.suffix != ".jsonl" and not first.lstrip().startswith("{"):
        return [line for line in lines if line.strip()]
    messages: list[str] = []
    problems: list[Problem] = []
    for number, row in json_lines(lines, str(path), problems):
        text = row.get("text") if isinstance(row, dict) else None
        if not isinstance(text, str):
            got = "nothing" if text is None else type(text).__name__
            problems.append(Problem(str(path), "text", f"expected a string, got {got}", number))
            continue
        messages.append(text)
    if problems:
        raise ConfigError(problems)
    return messages
