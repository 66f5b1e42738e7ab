"""Finding llama.cpp's converter, running it isolated from this process's ``gguf``, quantizing."""

from __future__ import annotations

import io
import sys
import tarfile
from pathlib import Path

import pytest

from coachsmith._llama_build import extract_converter
from coachsmith.errors import CoachsmithError
from coachsmith.export.gguf import convert_to_gguf, find_converter, quantize


def _sdist(path: Path, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"llama_cpp_python-9.9.9/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_the_converter_and_its_packages_are_extracted_and_nothing_else(tmp_path: Path) -> None:
    sdist = _sdist(tmp_path / "s.tar.gz", {
        "vendor/llama.cpp/convert_hf_to_gguf.py": "print('convert')\n",
        "vendor/llama.cpp/conversion/__init__.py": "",
        "vendor/llama.cpp/gguf-py/gguf/__init__.py": "",
        "vendor/llama.cpp/src/llama.cpp": "// not needed",
        "llama_cpp/__init__.py": "",
    })
    target = extract_converter(sdist, tmp_path / "llama.cpp-9.9.9")
    found = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert found == ["conversion/__init__.py", "convert_hf_to_gguf.py", "gguf-py/gguf/__init__.py"]
    with pytest.raises(ValueError, match=r"no vendor/llama\.cpp/convert_hf_to_gguf\.py"):
        extract_converter(_sdist(tmp_path / "bad.tar.gz", {"README": "x"}), tmp_path / "other")
    assert not (tmp_path / "other").exists() and not (tmp_path / "other.partial").exists()


def test_a_missing_converter_offline_says_what_to_do(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(CoachsmithError, match=r"install_llama_cpp\.py"):
        find_converter("9.9.9", fetch=False)
    # with pip unable to reach an index, the fetch fails with the same advice
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    with pytest.raises(CoachsmithError, match=r"Fetching it failed \(offline\?\)"):
        find_converter("9.9.9")


def test_the_converter_runs_apart_with_its_own_gguf_first(tmp_path: Path) -> None:
    folder = tmp_path / "conv"
    (folder / "gguf-py" / "gguf").mkdir(parents=True)
    (folder / "gguf-py" / "gguf" / "__init__.py").write_text("WHERE = 'the archive'\n")
    (folder / "convert_hf_to_gguf.py").write_text(
        "import sys, gguf\nprint('gguf from', gguf.WHERE)\nsys.exit(3)\n")
    before = sys.modules.get("gguf")
    with pytest.raises(CoachsmithError) as err:
        convert_to_gguf(tmp_path, tmp_path / "out.gguf", outtype="f16", log=tmp_path / "c.log",
                        converter=folder)
    assert "exit 3" in str(err.value) and "gguf from the archive" in str(err.value)
    assert sys.modules.get("gguf") is before  # never imported into this process
    assert not (tmp_path / "out.gguf").exists()


def test_an_unknown_quantization_type_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    with pytest.raises(CoachsmithError, match="no type Q9_X"):
        quantize(tmp_path / "in.gguf", tmp_path / "out.gguf", "Q9_X", log=tmp_path / "q.log")
