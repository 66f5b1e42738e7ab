"""``coachsmith assess`` / ``curate`` / ``run`` end to end, with a scripted model behind the
real ``command`` backend (one subprocess per call)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachsmith.cli import main
from tests.factories import make_transcript

SCRIPT = Path(__file__).parent / "scripted_llm.py"


def _config(tmp_path: Path, *, criteria: str = "[CQ1, CQ8, MT1]", extra: str = "") -> Path:
    config = tmp_path / "run.yaml"
    config.write_text(f"""\
run_dir: run
domain: therapy
cache: {{enabled: false}}
backends:
  script: {{kind: command, model: scripted, max_concurrency: 2,
            command: [{json.dumps(sys.executable)}, {json.dumps(str(SCRIPT))}]}}
roles:
  coach: {{backend: script}}
  judge: {{backend: script, temperature: 0.0, max_tokens: 200}}
  fixup: {{backend: script}}
assess: {{criteria: {criteria}, max_attempts: 1}}
{extra}""", encoding="utf-8")
    return config


def _transcripts(run: Path, n: int, exchanges: int = 4) -> None:
    run.mkdir(parents=True, exist_ok=True)
    with (run / "transcripts.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):
            t = make_transcript(f"t-{i}", exchanges, persona=f"p-{i}",
                                meta={"topics": ["anxiety"]})
            f.write(t.model_dump_json() + "\n")


def _cli(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coachsmith", *args], cwd=tmp_path,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=300, check=False)


def _calls(log: Path, kind: str = "judge") -> list[tuple[str, str]]:
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    return [(r[1], r[2]) for r in rows if r[0] == kind]


def test_assess_resumes_after_sigkill_without_judging_anything_twice(tmp_path: Path) -> None:
    config = _config(tmp_path)
    run = tmp_path / "run"
    _transcripts(run, 5)
    log = tmp_path / "calls.log"
    env = {"SCRIPTED_LOG": str(log)}
    killed = _cli(["assess", "-c", str(config)], {**env, "SCRIPTED_KILL_AT": "7"}, tmp_path)
    assert killed.returncode == -9, killed.stderr
    time.sleep(1.0)  # a call in flight at the kill finishes in its orphaned process; let it log
    journal = run / "assess" / "verdicts.jsonl"
    first = [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()]
    judged = {(e["transcript_id"], e["criterion"]) for e in first}
    assert 0 < len(judged) < 15 and len(judged) == len(first)
    calls_before = len(_calls(log))

    done = _cli(["assess", "-c", str(config)], env, tmp_path)
    assert done.returncode == 0, done.stderr
    again = _calls(log)[calls_before:]
    assert len(again) == len(set(again))  # nothing asked twice in the second run
    assert not set(again) & judged  # and nothing the first run had already judged
    every = {(f"t-{i}", c) for i in range(5) for c in ("CQ1", "CQ8", "MT1")}
    assert judged | set(again) == every
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 15 and {(json.loads(x)["transcript_id"], json.loads(x)["criterion"])
                                 for x in lines} == every
    assessments = (run / "assess" / "assessments.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(assessments) == 5
    assert "assessed 5 transcripts: 0 passed" in done.stdout  # 14 criteria not judged = ERROR
    report = (run / "assess" / "report.md").read_text(encoding="utf-8")
    assert "| 5 | 0 | 0.0 % | 5 |" in report and "Not judged" in report

    third = _cli(["assess", "-c", str(config)], env, tmp_path)
    assert third.returncode == 0 and _calls(log)[calls_before + len(again):] == []


def test_assess_takes_a_users_openai_file_and_names_bad_lines(tmp_path: Path) -> None:
    config = _config(tmp_path, criteria="[CQ1]")
    chats = tmp_path / "chats.jsonl"
    good = {"id": "c1", "messages": [{"role": "user", "content": "(c1 1) I feel stuck."},
                                     {"role": "assistant", "content": "Stuck how, tell me."}]}
    chats.write_text(json.dumps(good) + "\n", encoding="utf-8")
    env = {"SCRIPTED_LOG": str(tmp_path / "log")}
    ok = _cli(["assess", "-c", str(config), "--input", str(chats)], env, tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert _calls(tmp_path / "log") == [("c1", "CQ1")]
    chats.write_text(json.dumps(good) + '\n{"messages": [{"role": "user"}]}\n', encoding="utf-8")
    bad = _cli(["assess", "-c", str(config), "--input", str(chats)], env, tmp_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert f"error: {chats}:2: messages[0].content: expected a string" in bad.stderr


def test_assess_without_transcripts_says_what_to_do(tmp_path: Path) -> None:
    result = _cli(["assess", "-c", str(_config(tmp_path))], {}, tmp_path)
    assert result.returncode == 1
    assert "no transcripts to assess: run `coachsmith generate` first, or pass --input" \
        in result.stderr


def test_pilot_prints_the_pass_rate_and_the_decision(tmp_path: Path) -> None:
    config = _config(tmp_path, criteria="[CQ1, CQ8, CQ9, MT1]")
    text = config.read_text(encoding="utf-8").replace("max_attempts: 1}",
                                                      "max_attempts: 1, pilot_size: 3}")
    config.write_text(text, encoding="utf-8")
    _transcripts(tmp_path / "run", 6)
    result = _cli(["assess", "-c", str(config), "--pilot"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Pilot: 3 transcripts, pass rate 0.0 % -> full pipeline")
    assert (tmp_path / "run" / "assess" / "pilot.md").exists()


def test_calibrate_reports_agreement(tmp_path: Path) -> None:
    config = _config(tmp_path, criteria="null")
    result = _cli(["assess", "-c", str(config), "--calibrate"], {"SCRIPTED_FAIL": "CQ8"},
                  tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "run" / "assess" / "calibration"
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    rows = {r["criterion"]: r for r in results["criteria"]}
    # a judge that always says NO on CQ8 catches every CQ8 fault and passes no negative
    assert rows["CQ8"]["sensitivity"] == 1.0 and rows["CQ8"]["specificity"] == 0.0
    assert rows["MT1"]["sensitivity"] == 0.0 and rows["MT1"]["specificity"] == 1.0
    assert "# Judge calibration" in result.stdout and (out / "transcripts.jsonl").exists()


def test_curate_fixes_rejects_and_writes_the_dataset(tmp_path: Path) -> None:
    config = _config(tmp_path, criteria="null", extra="curate: {holdout_fraction: 0.2}\n")
    run = tmp_path / "run"
    _transcripts(run, 6)
    log = tmp_path / "log"
    env = {"SCRIPTED_LOG": str(log), "SCRIPTED_FAIL": "MT1,MT2,MT3",
           "SCRIPTED_GATE_IDS": "t-3"}
    result = _cli(["curate", "-c", str(config)], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "curated 6 transcripts: 5 fixed, 1 rejected" in result.stdout
    rejections = [json.loads(x) for x in
                  (run / "curate" / "rejections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["transcript_id"], r["cause"]) for r in rejections] == [("t-3", "safety_gate")]
    assert "safety gate failed (CQ8=NO)" in (run / "curate" / "rejections.md").read_text(
        encoding="utf-8")
    fixups = (run / "curate" / "fixups.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(fixups) == 5 and all(json.loads(x)["status"] == "accepted" for x in fixups)
    dataset = run / "dataset"
    train = [json.loads(x) for x in (dataset / "train.jsonl").read_text().splitlines()]
    holdout = [json.loads(x) for x in (dataset / "holdout.jsonl").read_text().splitlines()]
    assert len(train) + len(holdout) == 5 and len(holdout) == 1
    assert {e["meta"]["form"] for e in train} == {"prefix_shared"}
    pairs = (dataset / "preference_pairs.jsonl").read_text().splitlines()
    assert len(pairs) == len(train)
    assert (dataset / "sliced" / "train.jsonl").exists() and (dataset / "README.md").exists()
    assert (dataset / "hf" / "dataset_dict.json").exists()

    # run again: every transcript is already decided, nothing reaches the model
    before = len(log.read_text().splitlines())
    again = _cli(["curate", "-c", str(config)], env, tmp_path)
    assert again.returncode == 0 and len(log.read_text().splitlines()) == before
    assert again.stdout.splitlines()[-2] == result.stdout.splitlines()[-2]


def test_run_skips_assess_and_curate_until_transcripts_exist_then_runs_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, criteria="[CQ1, CQ8]",
                     extra="curate: {keep_failing: true, holdout_fraction: 0.0}\n"
                     "generate: {personas: 1, transcripts: 0, backstory: false}\n")
    os.environ["SCRIPTED_LOG"] = str(tmp_path / "log")
    try:
        main(["run", "-c", str(config), "--until", "curate"])
        out = capsys.readouterr().out
        assert "curate: skipped, no transcripts yet" in out
        _transcripts(tmp_path / "run", 2)
        main(["run", "-c", str(config), "--until", "curate"])
        out = capsys.readouterr().out
    finally:
        del os.environ["SCRIPTED_LOG"]
    assert "curate: assess and curate 2 transcripts from transcripts.jsonl" in out
    assert "curated 2 transcripts: 2 kept failing" in out
    train = (tmp_path / "run" / "dataset" / "train.jsonl").read_text().splitlines()
    assert len(train) == 2
    card = (tmp_path / "run" / "dataset" / "README.md").read_text()
    assert "`curate.keep_failing` was on" in card
