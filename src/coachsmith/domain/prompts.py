"""Prompt templates: Markdown files with named ``{{placeholders}}``.

The code that fills a prompt decides which placeholders it provides, so the set each prompt must
use is fixed here (:data:`PROMPT_PLACEHOLDERS`). A pack's prompt that leaves one out, or uses one
the code never fills, is an error caught when the pack loads, not a silent gap at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from coachsmith.errors import Problem

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")

#: prompt name -> placeholders it must use (and the only ones it may use)
PROMPT_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "coach_system": frozenset({"session_context"}),
    "user_sim": frozenset({"persona", "topics", "style", "flaws", "exchange_index", "session",
                           "length", "follow_up"}),
    "persona": frozenset({"attributes", "topics"}),
    "judge_system": frozenset(),
    "judge_transcript": frozenset({"transcript"}),
    "judge_criterion": frozenset(
        {"criterion_id", "criterion_name", "question", "guidance", "na_rule"}
    ),
    "judge_all": frozenset({"criteria"}),
    "fixup": frozenset({"history", "response", "issues", "next_user_message"}),
    "fixup_check": frozenset({"history", "response", "next_user_message"}),
    "session_summary": frozenset({"transcript"}),
}


@dataclass(frozen=True)
class Prompt:
    """One prompt template and the file it came from."""

    name: str
    text: str
    file: str

    def render(self, **values: object) -> str:
        """Fill every placeholder. Raises KeyError naming any placeholder without a value."""
        missing = sorted(set(PLACEHOLDER.findall(self.text)) - values.keys())
        if missing:
            raise KeyError(f"{self.file}: no value for {', '.join(missing)}")
        return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)


def check_template(
    text: str, file: str, required: frozenset[str], field: str = ""
) -> list[Problem]:
    """Problems with one template: required placeholders missing, unknown ones present."""
    problems: list[Problem] = []
    used: dict[str, int] = {}
    for match in PLACEHOLDER.finditer(text):
        used.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    for name in sorted(required - used.keys()):
        problems.append(Problem(file, field, f"placeholder {{{{{name}}}}} is missing; this "
                                f"prompt must use {_names(required)}"))
    for name, line in sorted(used.items()):
        if name not in required:
            problems.append(Problem(file, field, f"unknown placeholder {{{{{name}}}}}; "
                                    f"allowed: {_names(required)}", line))
    return problems


def _names(names: frozenset[str]) -> str:
    return ", ".join("{{" + n + "}}" for n in sorted(names)) or "none"


def load_prompts(directory: Path, display: str) -> tuple[dict[str, Prompt], list[Problem]]:
    """Read every known prompt from ``directory``; returns prompts and the problems found."""
    prompts: dict[str, Prompt] = {}
    problems: list[Problem] = []
    for name, required in PROMPT_PLACEHOLDERS.items():
        path = directory / f"{name}.md"
        file = f"{display}/{name}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(file, "", "prompt file not found"))
            continue
        problems += check_template(text, file, required)
        prompts[name] = Prompt(name, text, str(path))
    return prompts, problems
