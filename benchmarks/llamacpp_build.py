"""What the portable llama.cpp build costs: tokens/s against a native build, same prompt, same run.

    python benchmarks/llamacpp_build.py               # builds what is missing (minutes, once)
    python benchmarks/llamacpp_build.py --rounds 9

Three builds come from ``scripts/install_llama_cpp.py``'s wheel store (``~/.cache/coachsmith/
wheels``), each built here if missing: ``portable`` (what coachsmith installs: AVX2), ``avx512``
(the portable flags plus the AVX-512 family and AVX-VNNI, no AMX: the fast build a user can ask
for safely on a CPU that has them) and ``native`` (``-DGGML_NATIVE=ON`` appended: everything the
CPU advertises, AMX included). Each wheel is unpacked into a temporary folder and loaded in a child process
with that folder first on ``PYTHONPATH``, so the two share everything but the compiled library.
A child loads the bundled SmolLM2-135M-Instruct (Q4_1), warms up once, then times prompt
processing of a fixed ~480-token prompt and 128 greedy tokens of generation, from llama.cpp's
own counters. Rounds alternate the order of the builds so drift favours neither; the medians
are reported. A build that crashes here (the AMX trap) is reported as such.

Prints a table and a Markdown row for benchmarks/RESULTS.md; writes nothing else.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent

# Settings: rounds per build, threads (None: llama.cpp's default), tokens generated per round.
ROUNDS = 5
THREADS: int | None = None
GEN_TOKENS = 128
PROMPT = (
    "Summarise this week for me. Work has been relentless and I keep snapping at my partner "
    "when I get home; I haven't called my mum back in two weeks and I feel guilty about it. "
) * 12

VARIANTS = {
    "portable": "",
    "avx512": "-DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON "
              "-DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON",
    "native": "-DGGML_NATIVE=ON",
}

_CHILD = r"""
import json, sys, llama_cpp
model, threads, gen, prompt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
llm = llama_cpp.Llama(model_path=model, n_ctx=2048, verbose=False,
                      n_threads=int(threads) if threads != "None" else None)
llm.create_completion("Hello", max_tokens=8, temperature=0.0)  # warm-up
llm.reset()
llama_cpp.llama_perf_context_reset(llm._ctx.ctx)
out = llm.create_completion(prompt, max_tokens=gen, temperature=0.0)
perf = llama_cpp.llama_perf_context(llm._ctx.ctx)
print(json.dumps({
    "system_info": llama_cpp.llama_print_system_info().decode(),
    "prompt_tokens": perf.n_p_eval, "prompt_tps": perf.n_p_eval / perf.t_p_eval_ms * 1e3,
    "gen_tokens": perf.n_eval, "gen_tps": perf.n_eval / perf.t_eval_ms * 1e3,
    "text_head": out["choices"][0]["text"][:40],
}))
"""


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheel(installer: ModuleType, flags: ModuleType, extra: str) -> tuple[Path, list[str]]:
    version = installer.pinned_version(REPO / "pyproject.toml")
    args = flags.build_cmake_args(extra)
    target = installer.wheel_store() / f"llama-cpp-python-{version}-{installer.build_key(version, args)}"
    found = list(target.glob("llama_cpp_python-*.whl"))
    return (found[0] if found else installer.build_wheel(version, args, target)), args


def _run(unpacked: Path, model: str) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(unpacked), *filter(None, [os.environ.get("PYTHONPATH")])]))
    done = subprocess.run([sys.executable, "-c", _CHILD, model, str(THREADS), str(GEN_TOKENS),
                           PROMPT], capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        return {"crashed": done.returncode, "stderr": done.stderr[-500:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    global ROUNDS, THREADS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--threads", type=int, default=THREADS)
    args = parser.parse_args()
    ROUNDS, THREADS = args.rounds, args.threads

    installer = _load(REPO / "scripts" / "install_llama_cpp.py", "install_llama_cpp")
    flags = _load(REPO / "src" / "coachsmith" / "_llama_build.py", "_llama_build")
    from coachsmith.llm.llamacpp import bundled_model_path

    model = str(bundled_model_path())
    builds = {name: _wheel(installer, flags, extra) for name, extra in VARIANTS.items()}
    results: dict[str, list[dict[str, object]]] = {name: [] for name in builds}
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for name, (wheel, _) in builds.items():
            dirs[name] = Path(tmp) / name
            with zipfile.ZipFile(wheel) as zf:
                zf.extractall(dirs[name])
        for r in range(ROUNDS):
            order = list(builds) if r % 2 == 0 else list(reversed(builds))
            for name in order:
                results[name].append(_run(dirs[name], model))
                print(f"round {r + 1}/{ROUNDS} {name}: {json.dumps(results[name][-1])[:160]}",
                      flush=True)

    print(f"\nmachine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, threads {THREADS or 'default'}")
    summary = {}
    for name, runs in results.items():
        crashed = [r for r in runs if "crashed" in r]
        if crashed:
            print(f"{name}: crashed in {len(crashed)}/{len(runs)} runs (exit {crashed[0]['crashed']})")
            continue
        info = str(runs[0]["system_info"])
        prompt_tps = statistics.median(float(str(r["prompt_tps"])) for r in runs)
        gen_tps = statistics.median(float(str(r["gen_tps"])) for r in runs)
        summary[name] = (prompt_tps, gen_tps)
        print(f"{name:9s} prompt {prompt_tps:7.1f} tok/s  generation {gen_tps:6.1f} tok/s  "
              f"({runs[0]['prompt_tokens']} prompt tokens, {runs[0]['gen_tokens']} generated)  "
              f"[{info.strip()}]")
    if "portable" in summary:
        pp, pg = summary["portable"]
        for name, (p2, g2) in summary.items():
            if name != "portable":
                print(f"| {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs | "
                      f"{name} | {pp:.0f} | {p2:.0f} ({pp / p2 - 1:+.0%}) | {pg:.1f} | "
                      f"{g2:.1f} ({pg / g2 - 1:+.0%}) |")

if __name__ == "__main__":
    main()
