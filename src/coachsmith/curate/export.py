"""Writing the dataset: ``messages`` JSONL in both forms, preference pairs, a Hugging Face
``datasets`` copy on disk.

Every file is written whole to a temporary name and renamed, so a reader never sees half a
dataset and an interrupted export leaves the previous one intact.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from coachsmith.curate.dataset import SPLITS, Dataset
from coachsmith.curate.examples import FORMS, Form
from coachsmith.errors import MissingDependencyError
from coachsmith.records import Example


def write_jsonl(path: Path, records: Iterable[BaseModel]) -> int:
    """Write records as JSONL atomically (``None`` fields left out); returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(record.model_dump_json(exclude_none=True) + "\n")
            count += 1
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return count


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file (the card records the holdout's, so a later change shows)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_dataset(dataset: Dataset, out: Path, *, form: Form) -> dict[str, Path]:
    """Write every JSONL file of the dataset under ``out``.

    Layout: ``<form>/train.jsonl`` and ``<form>/holdout.jsonl`` for both forms;
    ``train.jsonl`` / ``holdout.jsonl`` in the selected ``form``; ``preference_pairs.jsonl``
    (training split) and ``preference_pairs_holdout.jsonl``.

    Returns:
        A name -> path map of what was written.
    """
    files: dict[str, Path] = {}
    for f in FORMS:
        for split in SPLITS:
            path = out / f / f"{split}.jsonl"
            write_jsonl(path, dataset.examples[f][split])
            files[f"{f}/{split}"] = path
    for split in SPLITS:
        path = out / f"{split}.jsonl"
        write_jsonl(path, dataset.examples[form][split])
        files[split] = path
    files["preference_pairs"] = out / "preference_pairs.jsonl"
    write_jsonl(files["preference_pairs"], dataset.pairs["train"])
    files["preference_pairs_holdout"] = out / "preference_pairs_holdout.jsonl"
    write_jsonl(files["preference_pairs_holdout"], dataset.pairs["holdout"])
    return files


def _row(example: Example) -> dict[str, Any]:
    meta = example.meta
    tags = meta.get("tags")
    return {
        "id": example.id,
        "messages": [{"role": m.role, "content": m.content, "weight": m.weight}
                     for m in example.messages],
        "transcript_id": str(meta.get("transcript_id", "")),
        "persona_id": meta.get("persona_id") if isinstance(meta.get("persona_id"), str) else None,
        "form": str(meta.get("form", "")),
        "stage": meta.get("stage") if isinstance(meta.get("stage"), str) else None,
        "tags": [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
        "length_bucket": str(meta.get("length_bucket", "")),
        "topic": str(meta.get("topic", "")),
        "slice_end": end if isinstance(end := meta.get("slice_end"), int) else None,
    }


def hf_available() -> bool:
    """Whether the ``datasets`` package can be imported."""
    try:
        import datasets  # noqa: F401
    except ImportError:
        return False
    return True


def write_hf(dataset: Dataset, out: Path, *, form: Form) -> Path:
    """Save the selected form as a ``datasets.DatasetDict`` (train, holdout) with ``save_to_disk``.

    Load it with ``datasets.load_from_disk(out)``; ``weight`` is null where a message has none.

    Raises:
        MissingDependencyError: ``datasets`` is not installed (the ``data`` extra).
    """
    try:
        import datasets
    except ImportError as exc:
        raise MissingDependencyError("datasets", "data") from exc
    features = datasets.Features({
        "id": datasets.Value("string"),
        "messages": [{"role": datasets.Value("string"), "content": datasets.Value("string"),
                      "weight": datasets.Value("float64")}],
        "transcript_id": datasets.Value("string"),
        "persona_id": datasets.Value("string"),
        "form": datasets.Value("string"),
        "stage": datasets.Value("string"),
        "tags": [datasets.Value("string")],
        "length_bucket": datasets.Value("string"),
        "topic": datasets.Value("string"),
        "slice_end": datasets.Value("int64"),
    })
    parts = {}
    for split in SPLITS:
        rows = [_row(e) for e in dataset.examples[form][split]]
        # Column-wise, so an empty split (a tiny run's holdout) still gets the full schema.
        columns = {name: [row[name] for row in rows] for name in features}
        parts[split] = datasets.Dataset.from_dict(columns, features=features)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    datasets.DatasetDict(parts).save_to_disk(str(tmp))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    return out
