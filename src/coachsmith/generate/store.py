"""Where generation keeps its work: finished transcripts in a JSONL file, transcripts in progress
as one checkpoint file each.

The order of writes is what makes a kill at any moment safe:

1. after every exchange the transcript's checkpoint is replaced atomically (temp file + rename);
2. a finished transcript is appended to the JSONL file as one line, flushed and fsynced;
3. only then is its checkpoint deleted.

On start, a last line cut off by a kill (no newline, or not valid JSON) is removed: its
checkpoint still exists, so the transcript is finished again from there. A checkpoint whose id is
already in the JSONL file (killed between 2 and 3) is stale and deleted. So nothing is lost and
nothing is written twice.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from pydantic import ValidationError

from coachsmith.errors import ConfigError, Problem
from coachsmith.generate.loop import TranscriptState
from coachsmith.records import Transcript, append_jsonl, write_json


class TranscriptStore:
    """Finished transcripts (``output``) and checkpoints (``checkpoints/<id>.json``).

    Args:
        output: The JSONL file of finished transcripts.
        checkpoints: The folder of checkpoints.

    Raises:
        ConfigError: A complete line of ``output`` is not a transcript (names file and line).
    """

    def __init__(self, output: Path, checkpoints: Path) -> None:
        self.output = output
        self.checkpoints = checkpoints
        self._lock = threading.Lock()
        self._finished = self._repair_and_read()
        for stale in self.checkpoints.glob("*.json") if self.checkpoints.exists() else ():
            if stale.stem in self._finished:
                stale.unlink()

    def finished_ids(self) -> set[str]:
        """Ids of the transcripts already in the output file."""
        with self._lock:
            return set(self._finished)

    def load(self, transcript_id: str) -> TranscriptState | None:
        """The checkpoint of a transcript in progress, or None."""
        path = self._path(transcript_id)
        if not path.exists():
            return None
        try:
            return TranscriptState.model_validate_json(path.read_text(encoding="utf-8"))
        except ValidationError as exc:
            raise ConfigError([Problem(str(path), "", f"unreadable checkpoint: {exc}; delete "
                                       "it to restart this transcript")]) from None

    def save(self, state: TranscriptState) -> None:
        """Replace the transcript's checkpoint atomically."""
        write_json(self._path(state.id), state.model_dump(mode="json"))

    def finish(self, transcript: Transcript) -> None:
        """Append the finished transcript as one line, then drop its checkpoint."""
        with self._lock:
            if transcript.id in self._finished:
                raise ValueError(f"transcript {transcript.id} is already in {self.output}")
            append_jsonl(self.output, [transcript])
            self._finished.add(transcript.id)
        self._path(transcript.id).unlink(missing_ok=True)

    def _path(self, transcript_id: str) -> Path:
        return self.checkpoints / f"{transcript_id}.json"

    def _repair_and_read(self) -> set[str]:
        if not self.output.exists():
            return set()
        data = self.output.read_bytes()
        keep = len(data)
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1  # a line cut off mid-write by a kill
        ids: set[str] = set()
        problems: list[Problem] = []
        for number, line in enumerate(data[:keep].decode("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                ids.add(str(record["id"]))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(Problem(str(self.output), "id", f"not a transcript: {exc}",
                                        number))
        if problems:
            raise ConfigError(problems)
        if keep < len(data):
            with self.output.open("r+b") as f:
                f.truncate(keep)
                f.flush()
                os.fsync(f.fileno())
        return ids
