"""``coachsmith generate`` end to end through the CLI, with a scripted local model program."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from coachsmith.domain import load_domain
from coachsmith.records import Persona, Transcript, read_jsonl
from coachsmith.safety.crisis import render_crisis_message

MODEL = Path(__file__).with_name("scripted_model.py")


def _config(tmp: Path, name: str, *, transcripts: int = 4, extra: str = "") -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(f"""
run_dir: {tmp / name}
domain: therapy
seed: 7
cache: {{enabled: false}}
backends:
  script: {{kind: command, model: scripted, command: ["{sys.executable}", "{MODEL}"],
            max_concurrency: 2}}
roles:
  user_sim: {{backend: script}}
  coach: {{backend: script}}
generate:
  personas: 2
  transcripts: {transcripts}
  backstory: false
  crisis_flow: "off"
  length_mix: {{short: {{share: 1.0, exchanges: 5}}}}
  session_exchanges: [2, 3]
{extra}""")
    return path


def _generate(config: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "coachsmith", "generate", "-c", str(config),
                             "-q", *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _lines(path: Path) -> list[str]:
    return sorted(t.model_dump_json() for t in read_jsonl(path, Transcript))


def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    whole = _generate(_config(tmp_path, "whole"))
    out, _ = whole.communicate(timeout=300)
    assert whole.returncode == 0, out.decode()
    expected = _lines(tmp_path / "whole" / "transcripts.jsonl")
    assert len(expected) == 4

    config = _config(tmp_path, "killed")
    checkpoints = tmp_path / "killed" / "generate" / "transcripts.checkpoints"
    proc = _generate(config)
    deadline = time.monotonic() + 240
    # Kill once at least one transcript is done and others are mid-way.
    while time.monotonic() < deadline:
        done = tmp_path / "killed" / "transcripts.jsonl"
        if done.exists() and done.read_text().count("\n") >= 1 and any(
                checkpoints.glob("*.json")):
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _lines(tmp_path / "killed" / "transcripts.jsonl")
    assert 1 <= len(partial) < 4, "the kill came too late to test resuming"

    again = _generate(config)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out.decode()
    assert "resumed" in out.decode()
    assert _lines(tmp_path / "killed" / "transcripts.jsonl") == expected
    assert not list(checkpoints.glob("*.json"))
    personas = list(read_jsonl(tmp_path / "killed" / "personas.jsonl", Persona))
    assert [p.id for p in personas] == ["p-0000", "p-0001"]


def test_personas_verb_and_edge_cases(tmp_path: Path) -> None:
    config = _config(tmp_path, "edge", extra="  edge_cases: {categories: [suicidality, "
                     "medication_refusal], per_category: 1}\n")
    proc = _generate(config, "--edge-cases")
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out.decode()
    edge = list(read_jsonl(tmp_path / "edge" / "edge_cases.jsonl", Transcript))
    assert \
        sorted(t.id for t in edge) == ["e-medication_refusal-0", "e-suicidality-0"]
    for t in edge:
        assert t.meta["kind"] == "edge_case" and t.meta["expected_challenges"]
        assert t.meta["difficulty"] in {"very_high", "high", "moderate"}
        assert "edge" in t.meta["tags"]  # type: ignore[operator]
    # Where the runtime's risk check answers, the reply is the crisis flow's vetted text.
    domain = load_domain("therapy")
    vetted = {render_crisis_message(kind, domain.safety, domain.info.default_locale)
              for kind in ("first", "followup", "resolved", "check", "check_resolved")}
    suicidality = next(t for t in edge if t.meta["edge_category"] == "suicidality")
    crisis = [ex for ex in suicidality.exchanges if ex.source == "crisis_flow"]
    assert crisis and all(ex.assistant in vetted for ex in crisis)
    assert suicidality.meta["crisis_used"] is True
    more = subprocess.run([sys.executable, "-m", "coachsmith", "generate", "personas", "-c",
                           str(config)], capture_output=True, text=True, check=True)
    assert "2 personas" in more.stdout
