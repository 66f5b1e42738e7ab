"""scripts/split_data.py: training records may not repeat a held-out message."""

from __future__ import annotations

import json
from pathlib import Path

from tests.scripts._load import load_script


def test_a_near_copy_of_a_calibration_or_sealed_message_is_refused(tmp_path: Path) -> None:
    split = load_script("split_data")
    held = {"data/risk/calibration/calibration.jsonl": "I have stockpiled my pills for Friday night",
            "data/risk/sealed/test.jsonl": "which knife is best for filleting a salmon"}
    for i, (name, text) in enumerate(held.items()):
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_text(json.dumps({"id": f"held-{i}", "text": text}) + "\n",
                                     encoding="utf-8")
    records = [{"_where": "a.jsonl:1", "text": "i have stockpiled my pills for friday night!"},
               {"_where": "a.jsonl:2", "text": "Which knife is best for filleting salmon?"},
               {"_where": "a.jsonl:3", "text": "how do I keep basil alive on a windowsill"},
               # shares a long opening with a held-out message, but not half of its 5-grams
               {"_where": "a.jsonl:4", "text": "I have stockpiled tins of soup for the winter storms"}]
    problems = split.sealed_overlap(records, tmp_path)
    assert [p.split(":")[1] for p in problems] == ["1", "2"]
    assert "held-0" in problems[0] and "held-1" in problems[1]
    assert all("stockpiled" not in p for p in problems)  # ids only, never the held-out text
