"""Install llama-cpp-python into this Python, compiled with portable CPU flags.

    .venv/bin/python scripts/install_llama_cpp.py            # what `make demo` / `make test` run
    CMAKE_ARGS="-DGGML_NATIVE=ON" make test                    # your machine's every feature
    CMAKE_ARGS="-DGGML_CUDA=on" make test                      # CUDA, portable CPU code

Why not ``pip install llama-cpp-python``: llama.cpp compiles for the build machine's CPU by
default (see ``src/coachsmith/_llama_build.py``), and pip's wheel cache is keyed on the source
archive, not on ``CMAKE_ARGS``: once a native wheel is in the cache, every later install gets it
back, whatever flags are set. So this script

1. works out the flags: the portable ones for this platform, then the user's ``CMAKE_ARGS``;
2. keys a wheel on (version, flags, Python, platform) under
   ``$XDG_CACHE_HOME/coachsmith/wheels/`` and builds it there if missing, with pip's cache off
   (``--no-cache-dir --no-binary``), so pip can neither hand back an old wheel nor keep this one
   where a plain ``pip install`` would pick it up;
3. installs that wheel unless this Python already has it (a marker in ``sys.prefix`` records the
   key), and writes ``llama-cpp-build.json`` there: version, flags and key, for
   ``coachsmith doctor``;
4. keeps llama.cpp's own HF -> GGUF converter of the same version (``convert_hf_to_gguf.py`` with
   its ``conversion/`` and ``gguf-py/``, from the source archive, which is kept in the wheel
   store) under ``$XDG_CACHE_HOME/coachsmith/llama.cpp-<version>/`` for ``coachsmith export``.
   A failure here is only a warning: export fetches the archive itself when it needs it.

The version is the ``llama-cpp-python==X`` pin in pyproject.toml. Pip's usual environment
(``PIP_INDEX_URL``, ``PIP_FIND_LINKS``, ``PIP_NO_INDEX``) is honoured.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = "llama-cpp-build.json"


def _flags_module() -> types.ModuleType:
    # Loaded from its file: coachsmith may not be installed yet when this runs.
    spec = importlib.util.spec_from_file_location(
        "_llama_build", REPO / "src" / "coachsmith" / "_llama_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pinned_version(pyproject: Path) -> str:
    """The exact ``llama-cpp-python==X`` pin among pyproject.toml's dependencies."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    for dep in deps:
        match = re.fullmatch(r"llama-cpp-python(?:\[[^\]]*\])?==([\w.]+)", dep.replace(" ", ""))
        if match:
            return match.group(1)
    raise SystemExit(f"{pyproject}: project.dependencies: no exact 'llama-cpp-python==X' pin")


def build_key(version: str, cmake_args: list[str]) -> str:
    """What makes two builds interchangeable: version, flags, Python ABI and platform."""
    facts = {
        "version": version,
        "cmake_args": cmake_args,
        "python": f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}",
        "platform": f"{platform.system()}-{platform.machine()}",
        "cc": os.environ.get("CC", ""),
        "cxx": os.environ.get("CXX", ""),
    }
    if any("GGML_NATIVE=ON" in arg.upper() for arg in cmake_args):
        # A native build is only good for the CPU it was built on (a shared home folder
        # may be mounted on other machines).
        facts["cpu"] = _cpu_identity()
    text = json.dumps(facts, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cpu_identity() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor()
    lines = [ln for ln in info.splitlines() if ln.startswith(("model name", "flags", "Features"))]
    return hashlib.sha256("\n".join(sorted(set(lines))).encode()).hexdigest()


def wheel_store() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coachsmith" / "wheels"


def _pip(*args: str, env: dict[str, str] | None = None) -> None:
    cmd = [sys.executable, "-m", "pip", *args]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)


def build_wheel(version: str, cmake_args: list[str], target: Path) -> Path:
    """Compile llama-cpp-python into ``target`` (created atomically); returns the wheel."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    env = dict(os.environ, CMAKE_ARGS=" ".join(cmake_args), FORCE_CMAKE="1")
    print(f"building llama-cpp-python {version} with CMAKE_ARGS={env['CMAKE_ARGS']!r} "
          "(a few minutes; once per version and flags)", flush=True)
    started = time.monotonic()
    try:
        _pip("wheel", "--no-deps", "--no-cache-dir", "--no-binary", "llama-cpp-python",
             "--wheel-dir", str(tmp), f"llama-cpp-python=={version}", env=env)
        wheels = list(tmp.glob("llama_cpp_python-*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"expected one llama_cpp_python wheel in {tmp}, found {wheels}")
        (tmp / "build.json").write_text(json.dumps({
            "version": version, "cmake_args": cmake_args, "wheel": wheels[0].name,
            "built_s": round(time.monotonic() - started, 1),
        }, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, target)  # a killed build leaves only a stray temp folder, never a bad wheel
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return next(target.glob("llama_cpp_python-*.whl"))


def _record_digest() -> str | None:
    """Fingerprint of the installed llama-cpp-python: its RECORD lists every file's hash."""
    try:
        record = importlib.metadata.distribution("llama-cpp-python").read_text("RECORD")
    except importlib.metadata.PackageNotFoundError:
        return None
    return hashlib.sha256((record or "").encode()).hexdigest() if record else None


def installed_key() -> str | None:
    """The build key this Python's llama-cpp-python came from, if this script installed it.

    The marker counts only while the installed files are the ones this script installed: a
    later plain ``pip install`` (which may take a native wheel from pip's cache) voids it.
    """
    marker = Path(sys.prefix) / MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        key, digest = str(data["key"]), data["record_sha256"]
    except (OSError, ValueError, KeyError):
        return None
    return key if digest is not None and digest == _record_digest() else None


def fetch_sdist(version: str, store: Path) -> Path:
    """The llama-cpp-python source archive of ``version`` in ``store``, downloaded once with pip."""
    folder = store / "sdist"
    name = f"llama_cpp_python-{version}.tar.gz"
    if not (folder / name).is_file():
        _pip("download", "--quiet", "--no-deps", "--no-binary", ":all:", "--dest", str(folder),
             f"llama-cpp-python=={version}")
    if not (folder / name).is_file():
        raise SystemExit(f"pip did not leave {name} in {folder}")
    return folder / name


def ensure_converter(version: str) -> None:
    """Keep llama.cpp's converter of ``version`` in the cache; warn (never fail) if it can't."""
    flags = _flags_module()
    target = flags.converter_dir(wheel_store().parent, version)
    if (target / "convert_hf_to_gguf.py").is_file():
        return
    try:
        flags.extract_converter(fetch_sdist(version, wheel_store()), target)
        print(f"kept llama.cpp's GGUF converter in {target}", flush=True)
    except (subprocess.CalledProcessError, SystemExit, ValueError, OSError) as exc:
        print(f"warning: could not keep llama.cpp's GGUF converter ({exc}); `coachsmith export` "
              "will fetch it when it first runs", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pyproject", type=Path, default=REPO / "pyproject.toml")
    parser.add_argument("--version", help="llama-cpp-python version (default: pyproject's pin)")
    parser.add_argument("--print-args", action="store_true",
                        help="print the CMake flags and build key, install nothing")
    args = parser.parse_args(argv)

    version = args.version or pinned_version(args.pyproject)
    cmake_args = _flags_module().build_cmake_args(os.environ.get("CMAKE_ARGS", ""))
    key = build_key(version, cmake_args)
    if args.print_args:
        print(json.dumps({"version": version, "cmake_args": cmake_args, "key": key}))
        return 0
    if installed_key() == key:
        print(f"llama-cpp-python {version} is installed from build {key}; nothing to do")
        ensure_converter(version)
        return 0

    target = wheel_store() / f"llama-cpp-python-{version}-{key}"
    wheels = list(target.glob("llama_cpp_python-*.whl"))
    wheel = wheels[0] if wheels else build_wheel(version, cmake_args, target)
    print(f"installing {wheel}", flush=True)
    # --force-reinstall --no-deps swaps the library even when the same version is installed
    # (say, a native build); the second call only adds its missing dependencies.
    _pip("install", "--quiet", "--force-reinstall", "--no-deps", str(wheel))
    _pip("install", "--quiet", str(wheel))
    (Path(sys.prefix) / MARKER).write_text(json.dumps({
        "version": version, "cmake_args": cmake_args, "key": key, "wheel": str(wheel),
        "record_sha256": _record_digest(),
    }, indent=2) + "\n", encoding="utf-8")
    ensure_converter(version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
