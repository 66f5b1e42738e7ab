from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachsmith.curate.card import CardInputs, dataset_card, form_files
from coachsmith.curate.dataset import DatasetSettings, build_dataset
from coachsmith.curate.examples import estimate_tokens
from coachsmith.curate.export import sha256_file, write_dataset, write_hf
from coachsmith.curate.fixup import FixupAttempt, apply_rewrites
from coachsmith.curate.slicing import SliceSettings
from coachsmith.domain import load_domain
from coachsmith.records import Example, ExampleMessage, PreferencePair, Transcript
from tests.factories import make_transcript

THERAPY = load_domain("therapy")


def _corpus() -> tuple[list[Transcript], dict[str, list[FixupAttempt]]]:
    ts = [make_transcript(f"t{i}", 6 + i % 5, persona=f"p{i // 2}",
                          meta={"topics": ["anxiety"], "tags": ["foundation"]})
          for i in range(20)]
    fix = FixupAttempt(transcript_id="t0", exchange=2, issues="x",
                       original=ts[0].exchanges[1].assistant, rewrite="A kinder reply.",
                       status="accepted", criteria=["CQ2"])
    ts[0] = apply_rewrites(ts[0], [fix])
    return ts, {"t0": [fix]}


def test_dataset_both_forms_split_and_pairs(tmp_path: Path) -> None:
    ts, fixups = _corpus()
    duplicate = ts[5].model_copy(update={"id": "t5-copy"})
    d = build_dataset([*ts, duplicate], fixups, settings=DatasetSettings(seed=0),
                      count=estimate_tokens)
    assert [x.dropped for x in d.duplicates] == ["t5-copy"]
    assert len(d.split.holdout) == 2 and len(d.split.train) == 18
    assert sum(len(v) for v in d.examples["prefix_shared"].values()) == 20
    assert len(d.examples["sliced"]["train"]) > len(d.examples["prefix_shared"]["train"])
    pairs = d.pairs["train"] + d.pairs["holdout"]
    assert [p.id for p in pairs] == ["t0@2"]

    files = write_dataset(d, tmp_path, form="prefix_shared")
    lines = (tmp_path / "train.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert set(first) == {"id", "messages", "meta"}
    assert first["meta"]["form"] == "prefix_shared" and first["meta"]["split"] == "train"
    assert "weight" not in first["messages"][1]  # users carry none; absent means none
    assert all(Example.model_validate_json(x) for x in lines)
    assert (tmp_path / "sliced" / "train.jsonl").read_text(encoding="utf-8").count("\n") == \
        len(d.examples["sliced"]["train"])
    pair_file = files["preference_pairs" if d.pairs["train"] else "preference_pairs_holdout"]
    pair = PreferencePair.model_validate_json(pair_file.read_text(encoding="utf-8").splitlines()[0])
    assert pair.chosen[0].content == "A kinder reply." and pair.prompt[-1].role == "user"


def test_a_weight_on_a_user_message_is_an_error() -> None:
    with pytest.raises(ValueError, match="only assistant messages may carry a weight"):
        ExampleMessage(role="user", content="hi", weight=2.0)
    with pytest.raises(ValueError):
        ExampleMessage(role="assistant", content="hi", weight=-1.0)


def test_budget_and_prefix_fallback() -> None:
    ts, _ = _corpus()
    tight = DatasetSettings(holdout_fraction=0.0, slicing=SliceSettings(budget_tokens=400))
    d = build_dataset(ts[:3], {}, settings=tight, count=estimate_tokens,
                      prefix_ok=lambda t, ends: t.id != "t1")
    for e in d.examples["prefix_shared"]["train"]:
        assert estimate_tokens(e.messages) <= 400
    assert d.fallback == ["t1"]
    t1 = [e for e in d.examples["prefix_shared"]["train"] if e.meta["transcript_id"] == "t1"]
    assert t1 and all(e.meta["form"] == "sliced" for e in t1)
    none = build_dataset(ts[:2], {}, settings=DatasetSettings(
        holdout_fraction=0.0, slicing=SliceSettings(budget_tokens=5)), count=estimate_tokens)
    assert none.over_budget == ["t0", "t1"] and none.examples["sliced"]["train"] == []


def test_curriculum_orders_training_by_stage() -> None:
    ts = [make_transcript(f"e{i}", 5, persona=f"e{i}", meta={"tags": ["edge"]}) for i in range(5)]
    ts += [make_transcript(f"f{i}", 5, persona=f"f{i}", meta={"tags": ["foundation"]})
           for i in range(10)]
    d = build_dataset(ts, {}, settings=DatasetSettings(holdout_fraction=0.0,
                                                       curriculum=THERAPY.curriculum),
                      count=estimate_tokens)
    stages = [e.meta["stage"] for e in d.examples["prefix_shared"]["train"]]
    assert stages == ["foundation"] * 10 + ["edge"] * 5
    assert d.mix is not None and d.mix.dropped_stages == ["expertise", "voice"]


def test_hugging_face_copy_loads_back_and_the_card_describes_it(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    ts, fixups = _corpus()
    d = build_dataset(ts, fixups, settings=DatasetSettings(), count=estimate_tokens)
    files = write_dataset(d, tmp_path, form="prefix_shared")
    write_hf(d, tmp_path / "hf", form="prefix_shared")
    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    assert loaded["train"].num_rows == len(d.examples["prefix_shared"]["train"])
    row = loaded["train"][0]
    assert row["messages"][0]["role"] == "system" and row["messages"][0]["weight"] is None
    assert row["messages"][2]["weight"] >= 1.0 and row["tags"] == ["foundation"]
    card = dataset_card(d, CardInputs(
        title="Therapy", domain="therapy", rubric=THERAPY.rubric, judge="bundled",
        form="prefix_shared", outcomes=[], assessments=[], settings={"seed": 0},
        files=form_files("prefix_shared"),
        holdout_sha256={"holdout.jsonl": sha256_file(files["holdout"])}, keep_failing=True,
        hf="written to `hf/`", token_label="estimated"), estimate_tokens)
    assert card.startswith("---\npretty_name: coachsmith therapy coaching dataset\n")
    assert "| train | 18 | 9 |" in card and "| holdout | 2 | 1 |" in card
    assert sha256_file(files["holdout"]) in card
    assert "`curate.keep_failing` was on" in card and "bundled 135M" in card
