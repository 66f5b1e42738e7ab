"""CPU features: what llama.cpp was compiled to use against what this machine lets a process use.

llama.cpp reports the instruction sets it was *compiled* with (``llama_print_system_info``:
``CPU : SSE3 = 1 | AVX2 = 1 | ... |``). A feature is usable when the CPU advertises it **and**
the operating system enables its register state for the process. The second half is what bites:
a hypervisor or an older kernel may leave AVX-512 or AMX state off while CPUID still says yes.

On Linux x86-64 both halves are read without running any vector code: the CPU flags from
``/proc/cpuinfo``, and the OS-enabled state components from ``arch_prctl(ARCH_GET_XCOMP_SUPP)``
(Linux 5.16+), plus a request for AMX tile-data permission, which the kernel grants only where
AMX is really usable. Elsewhere only what can be read is compared, and the result says so.
"""

from __future__ import annotations

import ctypes
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# llama.cpp's feature name -> (/proc/cpuinfo flags it needs, XSAVE state components it needs).
# State components: 1 SSE, 2 AVX, 5-7 AVX-512 (opmask, ZMM_Hi256, Hi16_ZMM), 17-18 AMX tiles.
_X86: Mapping[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "SSE3": (("pni",), (1,)),
    "SSSE3": (("ssse3",), (1,)),
    "AVX": (("avx",), (1, 2)),
    "AVX_VNNI": (("avx_vnni",), (1, 2)),
    "AVX2": (("avx2",), (1, 2)),
    "F16C": (("f16c",), (1, 2)),
    "FMA": (("fma",), (1, 2)),
    "BMI2": (("bmi2",), ()),
    "AVX512": (("avx512f",), (1, 2, 5, 6, 7)),
    "AVX512_VBMI": (("avx512vbmi",), (1, 2, 5, 6, 7)),
    "AVX512_VNNI": (("avx512_vnni",), (1, 2, 5, 6, 7)),
    "AVX512_BF16": (("avx512_bf16",), (1, 2, 5, 6, 7)),
    "AMX_INT8": (("amx_tile", "amx_int8"), (17, 18)),
}
# Linux's "Features" names on arm64.
_ARM64: Mapping[str, tuple[str, ...]] = {
    "NEON": ("asimd",),
    "ARM_FMA": ("asimd",),
    "FP16_VA": ("asimdhp",),
    "DOTPROD": ("asimddp",),
    "MATMUL_INT8": ("i8mm",),
    "SVE": ("sve",),
    "SME": ("sme",),
    "SME2": ("sme2",),
}
# Features llama.cpp lists that are not instruction sets (build options and counts).
_NOT_ISA = {"LLAMAFILE", "OPENMP", "REPACK", "ACCELERATE", "CPU_HBM", "KLEIDIAI", "SVE_CNT",
            "RVV_VLEN"}

_SYS_ARCH_PRCTL = 158  # x86-64 syscall number
_ARCH_GET_XCOMP_SUPP = 0x1021
_ARCH_REQ_XCOMP_PERM = 0x1023
_XFEATURE_XTILEDATA = 18


@dataclass(frozen=True)
class MachineFeatures:
    """What this machine offers a process.

    Attributes:
        arch: ``x86_64``, ``arm64`` or whatever else ``platform.machine()`` says.
        cpu_flags: Flags the CPU advertises (``/proc/cpuinfo``); ``None`` where unreadable.
        os_state: XSAVE state components the OS enables (bit mask); ``None`` where unknown.
        amx_permitted: Whether the kernel granted AMX tile data; ``None`` where not asked.
    """

    arch: str
    cpu_flags: frozenset[str] | None
    os_state: int | None = None
    amx_permitted: bool | None = None


def parse_system_info(text: str) -> dict[str, set[str]]:
    """Split ``llama_print_system_info()`` into backend -> compiled instruction-set features.

    >>> parse_system_info("CPU : SSE3 = 1 | AVX2 = 1 | OPENMP = 1 | ")
    {'CPU': {'AVX2', 'SSE3'}}
    """
    out: dict[str, set[str]] = {}
    backend = ""
    for part in text.split("|"):
        part = part.strip()
        if " : " in part:  # "CPU : SSE3 = 1" opens a backend's list
            backend, _, part = part.partition(" : ")
            out.setdefault(backend.strip(), set())
        name, _, value = part.partition("=")
        name = name.strip()
        if name and backend and value.strip() == "1" and name not in _NOT_ISA:
            out[backend.strip()].add(name)
    return out


def unusable_features(compiled: set[str], machine: MachineFeatures) -> dict[str, str]:
    """Compiled features this machine does not let a process use, each with the reason.

    Args:
        compiled: llama.cpp's CPU features (from :func:`parse_system_info`).
        machine: This machine, from :func:`read_machine_features`.

    Returns:
        Feature -> why it is unusable; empty when everything is usable or cannot be checked.
    """
    problems: dict[str, str] = {}
    if machine.cpu_flags is None:
        return problems
    for feature in sorted(compiled):
        if machine.arch == "x86_64" and feature in _X86:
            flags, state = _X86[feature]
            missing = [f for f in flags if f not in machine.cpu_flags]
            if missing:
                problems[feature] = f"the CPU does not advertise {', '.join(missing)}"
                continue
            if machine.os_state is not None:
                off = [b for b in state if not machine.os_state >> b & 1]
                if off:
                    problems[feature] = ("the CPU advertises it but the OS does not enable its "
                                         f"register state (XSAVE components {off})")
                    continue
            if feature == "AMX_INT8" and machine.amx_permitted is False:
                problems[feature] = ("the CPU advertises it but the OS refuses AMX tile "
                                     "permission (arch_prctl ARCH_REQ_XCOMP_PERM)")
        elif machine.arch == "arm64" and feature in _ARM64:
            missing = [f for f in _ARM64[feature] if f not in machine.cpu_flags]
            if missing:
                problems[feature] = f"the CPU/OS does not report {', '.join(missing)}"
    return problems


def beyond_portable(compiled: set[str]) -> list[str]:
    """Compiled features outside coachsmith's portable x86-64 baseline (AVX-512, AMX, VNNI)."""
    baseline = {"SSE3", "SSSE3", "AVX", "AVX2", "F16C", "FMA", "BMI2", "NEON", "ARM_FMA"}
    return sorted(f for f in compiled if f not in baseline)


def read_machine_features() -> MachineFeatures:
    """Read this machine's CPU flags and, on Linux x86-64, the OS-enabled register state."""
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    flags = _cpuinfo_flags()
    if arch != "x86_64" or platform.system() != "Linux":
        return MachineFeatures(arch, flags)
    state = _arch_prctl_mask(_ARCH_GET_XCOMP_SUPP)
    amx: bool | None = None
    if flags is not None and "amx_tile" in flags:
        amx = _request_amx()
    return MachineFeatures(arch, flags, state, amx)


def _cpuinfo_flags() -> frozenset[str] | None:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return None


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _arch_prctl_mask(code: int) -> int | None:
    libc = _libc()
    if libc is None:
        return None
    mask = ctypes.c_ulong(0)
    if libc.syscall(_SYS_ARCH_PRCTL, code, ctypes.byref(mask)) != 0:
        return None  # kernel older than 5.16: it cannot tell, and cannot enable AMX either
    return int(mask.value)


def _request_amx() -> bool | None:
    libc = _libc()
    if libc is None:
        return None
    return bool(libc.syscall(_SYS_ARCH_PRCTL, _ARCH_REQ_XCOMP_PERM, _XFEATURE_XTILEDATA) == 0)
