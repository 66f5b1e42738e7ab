"""``evaluate:`` in run.yaml: defaults, model sources, paths relative to the config file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from coachsmith.config import RunConfig, load_config
from coachsmith.evaluate.config import EvalModel
from coachsmith.llm.spec import BackendSpec, RoleSpec


def test_defaults_follow_the_issue() -> None:
    ev = RunConfig().evaluate
    assert (ev.personas, ev.runs_per_persona) == (12, 3)
    assert [m.name for m in ev.models] == ["base"] and ev.reference_model() == "base"
    assert ev.plan.difference == 0.05 and ev.validation


def test_gguf_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "tuned.gguf").write_bytes(b"GGUF")
    config = tmp_path / "run.yaml"
    config.write_text("evaluate:\n  models:\n    - {name: base}\n"
                      "    - {name: tuned, gguf: models/tuned.gguf, temperature: 0.2}\n"
                      "  reference: base\n", encoding="utf-8")
    cfg = load_config(config)
    tuned = cfg.evaluate.models[1]
    assert tuned.gguf == str(tmp_path / "models" / "tuned.gguf")
    spec = tuned.backend_spec(cfg.backends, cfg.roles["coach"])
    assert (spec.kind, spec.model_path, spec.model) == ("llamacpp", tuned.gguf, "tuned")
    assert tuned.role(cfg.roles["coach"]).temperature == 0.2


def test_a_named_backend_and_the_coach_role() -> None:
    backends = {"bundled": BackendSpec(), "ollama": BackendSpec(kind="openai", model="q")}
    coach = RoleSpec(temperature=0.7)
    frontier = EvalModel(name="frontier", backend="ollama", model="qwen2.5:7b")
    assert frontier.backend_spec(backends, coach).kind == "openai"
    assert frontier.role(coach).model == "qwen2.5:7b" and frontier.role(coach).backend == "ollama"
    base = EvalModel(name="base")
    assert base.role(coach) == coach and base.backend_spec(backends, coach) == backends["bundled"]


def test_backend_and_gguf_exclude_each_other() -> None:
    with pytest.raises(ValidationError, match="give 'backend' or 'gguf', not both"):
        EvalModel(name="x", backend="b", gguf="m.gguf")
    with pytest.raises(ValidationError):
        EvalModel(name="bad name")
