"""The sealed risk test set is unchanged since it was sealed (only its bytes are hashed here)."""

from __future__ import annotations

import hashlib
from pathlib import Path

SEALED = Path(__file__).resolve().parents[2] / "data" / "risk" / "sealed"


def test_the_sealed_file_matches_its_pinned_hash() -> None:
    digest = hashlib.sha256((SEALED / "test.jsonl").read_bytes()).hexdigest()
    assert digest == (SEALED / "SHA256").read_text(encoding="utf-8").strip()


def test_every_read_is_logged_in_a_table_row() -> None:
    lines = (SEALED / "READS.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.startswith("| 20")]
    assert all(line.count("|") == 5 for line in rows)
