"""Score tables: CSV or JSONL rows of ``model, persona, run, score, passed[, gate_failed]``.

``coachsmith stats FILE`` reads one a user already has (from any tool); ``coachsmith evaluate``
writes ``evaluate/scores.csv`` in the same form. Every bad row is reported at once, each
problem naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from coachsmith.errors import ConfigError, Problem
from coachsmith.evaluate.compare import ScoreRow

COLUMNS = ("model", "persona", "run", "score", "passed", "gate_failed")
REQUIRED = COLUMNS[:5]
_TRUE = {"true", "1", "yes", "y", "pass", "passed"}
_FALSE = {"false", "0", "no", "n", "fail", "failed"}


def read_score_table(path: Path) -> list[ScoreRow]:
    """Read a CSV (header row) or JSONL (one object a line) score table.

    The format follows the extension (``.csv``; ``.jsonl``/``.json``/``.ndjson``), else the
    first non-blank character (``{`` means JSONL).

    Raises:
        ConfigError: The file is missing, empty or has bad rows (every problem, located).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(str(path), "", f"not UTF-8 text ({exc.reason})")]) from None
    suffix = path.suffix.lower()
    jsonl = suffix in (".jsonl", ".json", ".ndjson") or (
        suffix != ".csv" and text.lstrip().startswith("{"))
    problems: list[Problem] = []
    rows = list(_jsonl(text, str(path), problems) if jsonl else _csv(text, str(path), problems))
    if not problems and not rows:
        problems.append(Problem(str(path), "", "no rows: expected columns "
                                f"{', '.join(REQUIRED)} (gate_failed optional)"))
    seen: dict[tuple[str, str, int], int] = {}
    for line, row in rows:
        key = (row.model, row.persona, row.run)
        if key in seen:
            problems.append(Problem(str(path), "run", f"model {row.model!r}, persona "
                                    f"{row.persona!r}, run {row.run} already appears on line "
                                    f"{seen[key]}", line))
        seen.setdefault(key, line)
    known = {row.gate_failed is None for _, row in rows}
    if len(known) > 1:
        missing = next(line for line, row in rows if row.gate_failed is None)
        problems.append(Problem(str(path), "gate_failed", "some rows give gate_failed and "
                                "this one does not; give it on every row or on none", missing))
    if problems:
        raise ConfigError(problems)
    return [row for _, row in rows]


def write_score_table(rows: Sequence[ScoreRow]) -> str:
    """The CSV text of a score table (what :func:`read_score_table` reads back)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([r.model, r.persona, r.run, repr(r.score), str(r.passed).lower(),
                         "" if r.gate_failed is None else str(r.gate_failed).lower()])
    return out.getvalue()


def _csv(text: str, file: str, problems: list[Problem]) -> Iterable[tuple[int, ScoreRow]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(Problem(file, "", f"missing column(s) {', '.join(missing)}; the header "
                                f"has {', '.join(header) or 'nothing'}", 1))
        return
    reader.fieldnames = header
    for record in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        row = _row({k: v for k, v in record.items() if k is not None}, file, line, problems)
        if row is not None:
            yield line, row


def _jsonl(text: str, file: str, problems: list[Problem]) -> Iterable[tuple[int, ScoreRow]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(Problem(file, "", f"invalid JSON: {exc.msg}", line))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(file, "", "expected a JSON object", line))
            continue
        row = _row(data, file, line, problems)
        if row is not None:
            yield line, row


def _row(data: dict[str, Any], file: str, line: int, problems: list[Problem]) -> ScoreRow | None:
    before = len(problems)

    def bad(field: str, message: str) -> None:
        problems.append(Problem(file, field, message, line))

    values: dict[str, Any] = {}
    for name in ("model", "persona"):
        value = data.get(name)
        text = "" if value is None else str(value).strip()
        if not text:
            bad(name, "missing or empty")
        values[name] = text
    run = data.get("run")
    try:
        values["run"] = int(str(run).strip()) if not isinstance(run, bool) else None
        if values["run"] is None or values["run"] < 0:
            raise ValueError
    except (TypeError, ValueError):
        bad("run", f"expected a whole number >= 0, got {run!r}")
    score = data.get("score")
    try:
        values["score"] = float(str(score).strip()) if not isinstance(score, bool) else math.nan
        if not math.isfinite(values["score"]):
            raise ValueError
    except (TypeError, ValueError):
        bad("score", f"expected a number, got {score!r}")
    values["passed"] = _bool(data.get("passed"), "passed", bad, required=True)
    values["gate_failed"] = _bool(data.get("gate_failed"), "gate_failed", bad, required=False)
    if len(problems) > before:
        return None
    return ScoreRow(**values)


def _bool(value: Any, field: str, bad: Any, *, required: bool) -> bool | None:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if not text:
        if required:
            bad(field, "missing; expected true or false")
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    bad(field, f"expected true/false (or 1/0, yes/no), got {value!r}")
    return None
