from __future__ import annotations

import platform

import pytest

from coachsmith._llama_build import build_cmake_args, portable_cmake_args
from coachsmith.doctor.cpu import (
    MachineFeatures,
    beyond_portable,
    parse_system_info,
    read_machine_features,
    unusable_features,
)

NATIVE_SPR = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | "
              "FMA = 1 | BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | "
              "AVX512_BF16 = 1 | AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")
PORTABLE = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
            "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")
SPR_FLAGS = frozenset([
    "pni", "ssse3", "avx", "avx2", "f16c", "fma", "bmi2", "avx_vnni", "avx512f", "avx512vbmi",
    "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16"])
ALL_STATE = 0x600E7  # x87, SSE, AVX, AVX-512 (3 parts), AMX tile config + data
NO_AMX_STATE = 0xE7
NO_AVX512_STATE = 0x7


def test_parse_system_info_keeps_instruction_sets_only() -> None:
    parsed = parse_system_info(NATIVE_SPR + "CUDA : ARCHS = 890 | USE_GRAPHS = 1 | ")
    assert parsed["CPU"] == {"SSE3", "SSSE3", "AVX", "AVX_VNNI", "AVX2", "F16C", "FMA", "BMI2",
                             "AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16", "AMX_INT8"}
    assert "CUDA" in parsed
    assert parse_system_info("") == {}


@pytest.mark.parametrize(
    ("system_info", "machine", "unusable"),
    [
        # the machine: CPU advertises AMX, the OS leaves its state off
        (NATIVE_SPR, MachineFeatures("x86_64", SPR_FLAGS, NO_AMX_STATE, False), {"AMX_INT8"}),
        # kernel too old to say (no ARCH_GET_XCOMP_SUPP) and refuses AMX permission
        (NATIVE_SPR, MachineFeatures("x86_64", SPR_FLAGS, None, False), {"AMX_INT8"}),
        # a hypervisor that hides AVX-512 state as well
        (NATIVE_SPR, MachineFeatures("x86_64", SPR_FLAGS, NO_AVX512_STATE, False),
         {"AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16", "AMX_INT8"}),
        # a machine that allows it all
        (NATIVE_SPR, MachineFeatures("x86_64", SPR_FLAGS, ALL_STATE, True), set()),
        # the portable build runs on the machine
        (PORTABLE, MachineFeatures("x86_64", SPR_FLAGS, NO_AMX_STATE, False), set()),
        # ... but not on a CPU without AVX2
        (PORTABLE, MachineFeatures("x86_64", frozenset(["pni", "ssse3", "avx"]), 0x7, None),
         {"AVX2", "F16C", "FMA", "BMI2"}),
        # flags unreadable: nothing can be said
        (NATIVE_SPR, MachineFeatures("x86_64", None), set()),
        # arm64: an i8mm build on a CPU without it
        ("CPU : NEON = 1 | ARM_FMA = 1 | DOTPROD = 1 | MATMUL_INT8 = 1 | ",
         MachineFeatures("arm64", frozenset(["fp", "asimd", "asimddp"])), {"MATMUL_INT8"}),
    ],
)
def test_unusable_features(system_info: str, machine: MachineFeatures, unusable: set[str]) -> None:
    found = unusable_features(parse_system_info(system_info)["CPU"], machine)
    assert set(found) == unusable
    if "AMX_INT8" in unusable:
        assert "advertises it but the OS" in found["AMX_INT8"]


def test_beyond_portable_names_the_risky_features() -> None:
    assert beyond_portable(parse_system_info(PORTABLE)["CPU"]) == []
    assert beyond_portable(parse_system_info(NATIVE_SPR)["CPU"]) == [
        "AMX_INT8", "AVX512", "AVX512_BF16", "AVX512_VBMI", "AVX512_VNNI", "AVX_VNNI"]


@pytest.mark.parametrize(
    ("system", "machine", "expected"),
    [
        ("Linux", "x86_64", "-DGGML_AVX2=ON"),
        ("Windows", "AMD64", "-DGGML_AVX2=ON"),
        ("Darwin", "arm64", "-DGGML_NATIVE=OFF"),
        ("Linux", "aarch64", "-DGGML_NATIVE=OFF"),
    ],
)
def test_portable_flags_never_build_natively(system: str, machine: str, expected: str) -> None:
    args = portable_cmake_args(system, machine)
    assert "-DGGML_NATIVE=OFF" in args and expected in args
    assert not any(a.startswith(("-DGGML_AMX", "-DGGML_AVX512")) and a.endswith("=ON")
                   for a in args)


def test_user_flags_come_last_so_they_win() -> None:
    args = build_cmake_args('-DGGML_NATIVE=ON -DCMAKE_C_FLAGS="-O2 -g"', "Linux", "x86_64")
    assert args[-2:] == ["-DGGML_NATIVE=ON", "-DCMAKE_C_FLAGS=-O2 -g"]
    assert build_cmake_args("", "Linux", "riscv64") == []


@pytest.mark.skipif(platform.system() != "Linux", reason="reads /proc/cpuinfo")
def test_reads_this_machine() -> None:
    machine = read_machine_features()
    assert machine.cpu_flags  # every Linux CPU lists some
    if machine.arch == "x86_64" and machine.os_state is not None:
        assert machine.os_state & 0b11 == 0b11  # x87 and SSE state are always on
