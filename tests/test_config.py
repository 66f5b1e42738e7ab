from __future__ import annotations

from pathlib import Path

import pytest

from coachsmith.config import load_config
from coachsmith.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent


def test_quickstart_config_loads() -> None:
    config = load_config(REPO / "examples" / "quickstart.yaml")
    assert set(config.roles) == {"user_sim", "coach", "judge", "fixup"}
    assert all(r.backend == "bundled" for r in config.roles.values())
    assert config.backends["bundled"].kind == "llamacpp"
    assert Path(config.run_dir) == (REPO / "runs" / "quickstart").resolve()


def test_empty_config_defaults_every_role_to_the_bundled_model(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("", encoding="utf-8")
    config = load_config(path)
    assert {r.backend for r in config.roles.values()} == {"bundled"}
    assert config.backends["bundled"].model_path is None
    assert config.domain == "therapy"


def test_role_naming_an_unknown_backend(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("roles:\n  judge:\n    backend: olama\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}:3: roles.judge.backend: unknown backend 'olama'; " \
        "defined: bundled"


def test_unknown_and_bad_keys_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("seed: 1\nrun_dri: x\nroles:\n  coach: {temperature: 7}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert f"{path}:2: run_dri: unknown key" in text
    assert f"{path}:4: roles.coach.temperature:" in text and "got 7" in text
