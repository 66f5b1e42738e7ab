from __future__ import annotations

import re
from pathlib import Path

import pytest

from coachsmith.cli.assess import input_files, judge_settings, load_transcripts
from coachsmith.config import RunConfig
from coachsmith.errors import ConfigError
from coachsmith.llm.spec import RoleSpec
from tests.factories import make_transcript


def test_judge_settings_follow_the_config_and_refuse_greedy_samples() -> None:
    cfg = RunConfig.model_validate({"seed": 7, "assess": {"criteria": ["CQ1"], "samples": 3},
                                    "roles": {"judge": {"temperature": 0.5, "max_tokens": 99}}})
    s = judge_settings(cfg, "run.yaml")
    assert (s.criteria, s.samples, s.temperature, s.max_tokens, s.seed) == (("CQ1",), 3, 0.5,
                                                                            99, 7)
    assert judge_settings(cfg, "run.yaml", ["CQ8"]).criteria == ("CQ8",)
    greedy = cfg.model_copy(update={"roles": {**cfg.roles, "judge": RoleSpec(temperature=0)}})
    with pytest.raises(ConfigError, match=re.escape("run.yaml: assess.samples: 3 samples need "
                                                    "roles.judge.temperature > 0")):
        judge_settings(greedy, "run.yaml")


def test_inputs_default_to_what_generate_writes_and_ids_are_unique_across_files(
        tmp_path: Path) -> None:
    assert input_files(tmp_path, None) == []
    a, b = tmp_path / "transcripts.jsonl", tmp_path / "edge_cases.jsonl"
    a.write_text(make_transcript("t1", 1).model_dump_json() + "\n", encoding="utf-8")
    assert input_files(tmp_path, None) == [a]
    b.write_text(make_transcript("t1", 2).model_dump_json() + "\n", encoding="utf-8")
    assert input_files(tmp_path, None) == [a, b]
    assert input_files(tmp_path, tmp_path / "mine.jsonl") == [tmp_path / "mine.jsonl"]
    with pytest.raises(ConfigError, match="duplicate id 't1'"):
        load_transcripts([a, b])
