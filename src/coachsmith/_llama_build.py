"""How llama-cpp-python is compiled for coachsmith: CPU flags that run wherever the build lands.

llama.cpp's CMake default (``GGML_NATIVE=ON``) compiles for every instruction the *build*
machine's CPU advertises. On a recent Xeon that includes AMX tile instructions, and the first
matrix product then dies with SIGSEGV in two known ways: the operating system does not enable
AMX for the process (a hypervisor that hides the state, a kernel older than 5.16), or the
compiler is GCC 12, whose ``_tile_loadconfig`` tells the optimiser it reads 8 bytes of the
64-byte tile configuration, so the stores of the tile shapes are dropped and ``ldtilecfg`` gets
an invalid configuration (a general-protection fault, seen on a machine whose OS does grant
AMX). llama.cpp's runtime dispatch (``GGML_CPU_ALL_VARIANTS``) does not help: it picks a variant
from CPUID alone and never asks the OS (``ggml-cpu/arch/x86/cpu-feats.cpp``).

So coachsmith builds for a fixed baseline instead:

* x86-64 (Linux, Windows, Intel macOS): AVX2 + FMA + F16C + BMI2, the x86-64-v3 level every
  x86 CPU since 2013-2015 has (Haswell, Excavator, Zen); no AVX-512, no AMX.
* arm64 Linux: the ARMv8.0 baseline (NEON), which every 64-bit ARM CPU has.
* Apple silicon: the M1 baseline the compiler targets by default, with Metal as llama-cpp-python
  builds it.
* anything else: llama.cpp's defaults.

A user who knows their machine allows every feature it advertises appends ``-DGGML_NATIVE=ON``
(``CMAKE_ARGS`` is appended after these, and CMake keeps the last value of a variable).

This module is plain data with no imports beyond the standard library, so the install script
(``scripts/install_llama_cpp.py``) can load it before anything else is installed, and
``coachsmith doctor`` can print the same command as its fix.
"""

from __future__ import annotations

import platform
import shlex
import shutil
import tarfile
from pathlib import Path

LLAMA_CPP_PACKAGE = "llama-cpp-python"

X86_64_PORTABLE: tuple[str, ...] = (
    "-DGGML_NATIVE=OFF",
    "-DGGML_AVX=ON",
    "-DGGML_AVX2=ON",
    "-DGGML_FMA=ON",
    "-DGGML_F16C=ON",
    "-DGGML_BMI2=ON",
    "-DGGML_AVX_VNNI=OFF",
    "-DGGML_AVX512=OFF",
    "-DGGML_AMX_TILE=OFF",
    "-DGGML_AMX_INT8=OFF",
    "-DGGML_AMX_BF16=OFF",
)
ARM64_PORTABLE: tuple[str, ...] = ("-DGGML_NATIVE=OFF",)

_X86_64 = {"x86_64", "amd64", "x64"}
_ARM64 = {"aarch64", "arm64"}


def portable_cmake_args(system: str | None = None, machine: str | None = None) -> list[str]:
    """The CMake flags coachsmith compiles llama.cpp with on a platform.

    Args:
        system: ``platform.system()`` value (``Linux``, ``Darwin``, ``Windows``); ``None`` means
            this machine.
        machine: ``platform.machine()`` value; ``None`` means this machine.

    Returns:
        Flags for ``CMAKE_ARGS``; empty where llama.cpp's own defaults are used.
    """
    system = system if system is not None else platform.system()
    machine = (machine if machine is not None else platform.machine()).lower()
    if machine in _X86_64:
        return list(X86_64_PORTABLE)
    if machine in _ARM64:
        return list(ARM64_PORTABLE)
    return []


def build_cmake_args(user_args: str = "", system: str | None = None,
                     machine: str | None = None) -> list[str]:
    """Portable flags followed by the user's own ``CMAKE_ARGS`` (which win where they overlap).

    Args:
        user_args: The ``CMAKE_ARGS`` the user set, e.g. ``-DGGML_NATIVE=ON`` or
            ``-DGGML_CUDA=on``; split like a shell would.
        system: As :func:`portable_cmake_args`.
        machine: As :func:`portable_cmake_args`.

    Returns:
        The full flag list, in order.
    """
    return portable_cmake_args(system, machine) + shlex.split(user_args)


def reinstall_command(version: str) -> str:
    """A shell command that rebuilds llama-cpp-python portably, bypassing pip's wheel cache."""
    args = " ".join(portable_cmake_args())
    return (f'CMAKE_ARGS="{args}" pip install --force-reinstall --no-deps --no-cache-dir '
            f"--no-binary {LLAMA_CPP_PACKAGE} {LLAMA_CPP_PACKAGE}=={version}")


# What export needs from the llama-cpp-python source archive: llama.cpp's own HF -> GGUF
# converter, the model classes it imports and the gguf-py package of the same llama.cpp commit.
CONVERTER_PARTS = ("convert_hf_to_gguf.py", "conversion", "gguf-py", "LICENSE")


def converter_dir(cache: Path, version: str) -> Path:
    """Where the converter of llama-cpp-python ``version`` is kept under coachsmith's cache."""
    return cache / f"llama.cpp-{version}"


def extract_converter(sdist: Path, target: Path) -> Path:
    """Unpack llama.cpp's converter from a llama-cpp-python source archive into ``target``.

    Written to a temporary folder beside ``target`` and renamed, so an interrupted extraction
    never leaves a half converter behind.

    Raises:
        ValueError: The archive holds no ``vendor/llama.cpp/convert_hf_to_gguf.py``.
    """
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        members = []
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if len(parts) < 4 or parts[1:3] != ("vendor", "llama.cpp") or parts[3] not in CONVERTER_PARTS:
                continue
            if not (member.isfile() or member.isdir()):
                continue
            member.name = str(Path(*parts[3:]))
            members.append(member)
        if not any(m.name == "convert_hf_to_gguf.py" for m in members):
            shutil.rmtree(tmp, ignore_errors=True)
            raise ValueError(f"{sdist}: no vendor/llama.cpp/convert_hf_to_gguf.py inside")
        tar.extractall(tmp, members=members, filter="data")
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)
    return target
