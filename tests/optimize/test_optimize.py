"""``coachsmith optimize`` end to end on a scripted world (see conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coachsmith.cli import main
from coachsmith.domain import load_domain, resolve_domain
from coachsmith.errors import BackendError
from coachsmith.llm import FakeBackend, Request
from coachsmith.records import append_jsonl
from tests.optimize.conftest import FIX, transcripts, world

RUN_YAML = """\
run_dir: run
domain: pack
seed: 3
backends:
  bundled: {kind: fake}
roles:
  judge: {backend: bundled, temperature: 0.0, max_tokens: 256}
optimize:
  train_examples: 3
  val_examples: 2
  max_metric_calls: 12
  criteria: [CQ1, CQ2]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(resolve_domain("therapy"), tmp_path / "pack")
    (tmp_path / "run.yaml").write_text(RUN_YAML, encoding="utf-8")
    append_jsonl(tmp_path / "run" / "transcripts.jsonl", transcripts(4))
    return tmp_path


def _run(project: Path, backend: FakeBackend, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("coachsmith.cli._roles.build_backend", lambda spec, model=None: backend)
    try:
        main(["optimize", "-c", str(project / "run.yaml")])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_writes_improved_prompt_into_the_runs_pack_copy(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    original = (project / "pack/prompts/coach_system.md").read_text(encoding="utf-8")
    fake = FakeBackend(world, supports_schema=True)
    assert _run(project, fake, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "improved prompt written to" in out

    written = (project / "run/domain/prompts/coach_system.md").read_text(encoding="utf-8")
    assert FIX in written and "{{session_context}}" in written
    assert load_domain(project / "run/domain").prompt("coach_system").text == written
    # The pack named in run.yaml is never touched.
    assert (project / "pack/prompts/coach_system.md").read_text(encoding="utf-8") == original

    report = (project / "run/optimize/report.md").read_text(encoding="utf-8")
    result = json.loads((project / "run/optimize/result.json").read_text(encoding="utf-8"))
    assert result["improved"] is True
    assert result["after"]["mean_score"] > result["before"]["mean_score"]
    assert result["before"]["criteria"]["CQ2"] == 0.0 and result["after"]["criteria"]["CQ2"] == 1.0
    b, a = result["before"]["mean_score"], result["after"]["mean_score"]
    assert f"| mean rubric score | {b:.3f} | {a:.3f} | {a - b:+.3f} |" in report
    assert "| CQ2 | Tentative handling of ambiguity | 0 % | 100 % |" in report
    # The judge's reasoning on the failed criterion reached the reflection model.
    reflections = [r for r in fake.requests if "You are improving" in r.messages[-1].content]
    assert reflections and "CQ2 (Tentative handling of ambiguity): The coach states its " \
        "reading as fact." in reflections[0].messages[-1].content
    # Calls went through coachsmith's backends: metered per role under the optimize stage.
    usage = json.loads((project / "run/usage.json").read_text(encoding="utf-8"))
    assert {"optimize/coach", "optimize/judge"} <= set(usage)
    assert usage["optimize/judge"]["calls"] > usage["optimize/coach"]["calls"] > 0


def test_coach_sees_the_prompt_as_the_generator_renders_it(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeBackend(world, supports_schema=True)
    assert _run(project, fake, monkeypatch) == 0
    coach = [r for r in fake.requests
             if r.json_schema is None and "You are improving" not in r.messages[-1].content]
    first = coach[0]
    template = load_domain(project / "pack").prompt("coach_system")
    assert first.messages[0].role == "system"
    assert first.messages[0].content == template.render(
        session_context="Session type: check-in.").strip()
    assert [m.role for m in first.messages[1:]] in (["user"], ["user", "assistant", "user"])
    assert "[[ ##" not in "".join(m.content for m in first.messages)  # no DSPy field markers
    assert first.seed == 3 and first.max_tokens == 512


def test_second_run_is_served_from_the_cache(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(project, FakeBackend(world, supports_schema=True), monkeypatch) == 0
    shutil.rmtree(project / "run/domain")
    replay = FakeBackend(lambda r: (_ for _ in ()).throw(AssertionError("cache miss")),
                         supports_schema=True)
    assert _run(project, replay, monkeypatch) == 0
    assert replay.requests == []
    assert FIX in (project / "run/domain/prompts/coach_system.md").read_text(encoding="utf-8")


def test_backend_failure_leaves_the_pack_untouched(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken_judge(request: Request) -> str:
        if request.json_schema is not None:
            raise BackendError("judge server down")
        return world(request)

    before = {p: p.read_bytes() for p in (project / "pack").rglob("*") if p.is_file()}
    assert _run(project, FakeBackend(broken_judge, supports_schema=True), monkeypatch) == 1
    assert "judge server down" in capsys.readouterr().err
    assert not (project / "run/domain").exists()
    assert not (project / "run/optimize/report.md").exists()
    assert {p: p.read_bytes() for p in (project / "pack").rglob("*") if p.is_file()} == before


def test_no_transcripts_is_a_clear_error(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "run/transcripts.jsonl").unlink()
    assert _run(project, FakeBackend(world), monkeypatch) == 1
    err = capsys.readouterr().err
    assert "transcripts.jsonl: no transcripts to optimise the prompt on" in err
    assert "coachsmith generate" in err


def test_no_improvement_keeps_the_prompt(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def stubborn(request: Request) -> str:
        if "You are improving" in request.messages[-1].content:
            return ("```\nBe a kind coach and keep every reply brief, plain and warm for the person."
                    "\n\n{{session_context}}\n```")
        return world(request)

    fake = FakeBackend(stubborn, supports_schema=True)
    assert _run(project, fake, monkeypatch) == 0
    assert any("You are improving" in r.messages[-1].content for r in fake.requests)
    assert "the pack is unchanged" in capsys.readouterr().out
    assert not (project / "run/domain").exists()
    report = (project / "run/optimize/report.md").read_text(encoding="utf-8")
    assert "the prompt was left unchanged" in report
    result = json.loads((project / "run/optimize/result.json").read_text(encoding="utf-8"))
    assert result["improved"] is False  # the proposal was tried, and lost
    assert result["after"]["prompt"] == result["before"]["prompt"]
