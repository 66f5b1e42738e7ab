"""GGUF: llama.cpp's own converter (same version as the runtime) and llama.cpp's quantizer.

The converter is ``convert_hf_to_gguf.py`` with its ``conversion/`` and ``gguf-py/`` from the
llama-cpp-python source archive of the installed version, kept under
``~/.cache/coachsmith/llama.cpp-<version>/`` (``scripts/install_llama_cpp.py`` puts it there; on a
miss it is fetched once with pip). It runs in a child process with that ``gguf-py`` first on its
path: its ``gguf`` module is never imported into this process, where transformers needs the
released ``gguf`` package to read GGUF files. (A third-party repackage of the converter installs its
own ``gguf`` over the real one and breaks exactly that.)
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.metadata
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from coachsmith._llama_build import converter_dir, extract_converter
from coachsmith.errors import CoachsmithError
from coachsmith.paths import cache_dir


def llama_cpp_version() -> str:
    """The installed llama-cpp-python version (the runtime's llama.cpp)."""
    try:
        return importlib.metadata.version("llama-cpp-python")
    except importlib.metadata.PackageNotFoundError:
        raise CoachsmithError("llama-cpp-python is not installed; run `make demo` or "
                              "python scripts/install_llama_cpp.py") from None


def find_converter(version: str | None = None, *, fetch: bool = True) -> Path:
    """The folder holding llama.cpp's converter for ``version`` (default: the installed one).

    Args:
        version: llama-cpp-python version.
        fetch: On a cache miss, download the source archive with pip and unpack the converter.

    Raises:
        CoachsmithError: Not cached and it cannot be fetched (offline, say), with what to do.
    """
    version = version or llama_cpp_version()
    target = converter_dir(cache_dir(), version)
    if (target / "convert_hf_to_gguf.py").is_file():
        return target
    hint = (f"llama.cpp's GGUF converter for llama-cpp-python {version} is not in {target}; "
            "run `python scripts/install_llama_cpp.py` while online (it keeps the converter), "
            "or put the source archive's vendor/llama.cpp/{convert_hf_to_gguf.py,conversion,"
            "gguf-py} there")
    if not fetch:
        raise CoachsmithError(hint)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
               ":all:", "--dest", tmp, f"llama-cpp-python=={version}"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        archives = list(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        if done.returncode != 0 or not archives:
            raise CoachsmithError(f"{hint}. Fetching it failed (offline?): "
                                  f"{(done.stderr or done.stdout).strip()[-400:]}")
        try:
            return extract_converter(archives[0], target)
        except ValueError as exc:
            raise CoachsmithError(f"{hint}. {exc}") from None


def convert_to_gguf(model_dir: Path, out_file: Path, *, outtype: str, log: Path,
                    converter: Path | None = None) -> Path:
    """Convert a safetensors model folder to GGUF in a child process.

    Args:
        model_dir: ``save_pretrained`` output (config, safetensors, tokenizer).
        out_file: The GGUF to write (written beside it first, then renamed).
        outtype: ``f16``, ``bf16`` or ``f32``.
        log: The converter's output goes here.
        converter: The converter folder (default: :func:`find_converter`).

    Raises:
        CoachsmithError: The converter failed, with the end of its log.
    """
    folder = converter or find_converter()
    tmp = out_file.with_name(out_file.name + ".partial")
    env = {k: v for k, v in os.environ.items() if k != "NO_LOCAL_GGUF"}
    env["PYTHONPATH"] = os.pathsep.join([str(folder / "gguf-py"), str(folder)])
    cmd = [sys.executable, str(folder / "convert_hf_to_gguf.py"), str(model_dir),
           "--outtype", outtype, "--outfile", str(tmp)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    if done.returncode != 0 or not tmp.is_file():
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-12:]
        raise CoachsmithError(f"converting {model_dir} to GGUF failed (exit {done.returncode}); "
                              f"log {log}:\n" + "\n".join(tail))
    os.replace(tmp, out_file)
    return out_file


def quantize(src: Path, out_file: Path, qtype: str, *, log: Path, threads: int | None = None) -> Path:
    """Quantize a GGUF with llama.cpp (``llama_model_quantize``); its messages go to ``log``.

    Tensors whose shape a k-quant cannot take (rows not a multiple of 256) get llama.cpp's
    fallback type, as llama-quantize does; the log lists them.

    Raises:
        CoachsmithError: Unknown type, or llama.cpp reported failure.
    """
    import llama_cpp

    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{qtype}", None)
    if ftype is None:
        raise CoachsmithError(f"export.quantizations: llama.cpp has no type {qtype}")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = threads or os.cpu_count() or 1
    tmp = out_file.with_name(out_file.name + ".partial")
    log.parent.mkdir(parents=True, exist_ok=True)
    # llama-cpp-python routes llama.cpp's log lines to Python's sys.stderr
    with log.open("w", encoding="utf-8") as out, contextlib.redirect_stderr(out):
        rc = llama_cpp.llama_model_quantize(str(src).encode(), str(tmp).encode(),
                                            ctypes.byref(params))
    if rc != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise CoachsmithError(f"quantizing {src.name} to {qtype} failed (code {rc}); log {log}")
    os.replace(tmp, out_file)
    return out_file


__all__ = ["convert_to_gguf", "find_converter", "llama_cpp_version", "quantize"]
