"""Generation speed on the bundled model, and what coachsmith's transcript loop adds over the
same model calls made directly.

    python benchmarks/generation.py                  # 2 transcripts x 3 exchanges
    python benchmarks/generation.py --transcripts 3 --exchanges 4 --max-tokens 96

(a) The transcript loop (``TranscriptLoop`` + ``run_jobs`` with checkpoints written after every
exchange, the risk classifier on every user message, prompt rendering, output checks, the token
budget with the GGUF's own tokenizer) runs on SmolLM2-135M-Instruct through llama.cpp, with a
recording wrapper that keeps every request it sends. (b) A fresh llama.cpp backend then replays
exactly those requests, in the same order, with nothing around it. Same seeds, same prompts, same
outputs, so the difference is coachsmith's own work. No response cache in either. It prints
exchanges per minute, both times, the overhead (against the replay, and as the loop's time
outside model calls within the same run, which other processes' load distorts less) and a
Markdown row for benchmarks/RESULTS.md; it
writes nothing outside a temporary folder. Target: overhead <= 10 %.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from coachsmith.config import GenerateConfig
from coachsmith.domain import load_domain
from coachsmith.generate import (
    GGUFCounter,
    TranscriptLoop,
    TranscriptStore,
    run_jobs,
    sample_personas,
    transcript_jobs,
)
from coachsmith.llm import LlamaCppBackend, Request, Response, RoleSpec, bundled_model_path
from coachsmith.safety import load_risk_classifier

# Settings (flags override): transcripts, exchanges each, reply cap in tokens, llama.cpp context.
TRANSCRIPTS = 2
EXCHANGES = 3
MAX_TOKENS = 128
N_CTX = 8192


class Recording:
    """Passes calls through and keeps every request, in order."""

    def __init__(self, inner: LlamaCppBackend) -> None:
        self.inner = inner
        self.kind, self.model, self.base_url = inner.kind, inner.model, inner.base_url
        self.supports_schema, self.max_concurrency = inner.supports_schema, 1
        self.requests: list[Request] = []
        self.seconds = 0.0

    def complete(self, request: Request) -> Response:
        self.requests.append(request)
        start = time.perf_counter()
        try:
            return self.inner.complete(request)
        finally:
            self.seconds += time.perf_counter() - start

    def close(self) -> None:
        self.inner.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=TRANSCRIPTS)
    parser.add_argument("--exchanges", type=int, default=EXCHANGES)
    parser.add_argument("--max-tokens", type=int, default=MAX_TOKENS)
    args = parser.parse_args()

    domain = load_domain("therapy")
    config = GenerateConfig.model_validate({
        "transcripts": args.transcripts, "session_exchanges": [2, 2], "session_notes": False,
        "max_attempts": 1, "trim_truncated": True,
        "length_mix": {"short": {"share": 1.0, "exchanges": args.exchanges}}})
    role = RoleSpec(max_tokens=args.max_tokens)
    model = Recording(LlamaCppBackend(None, n_ctx=N_CTX))
    loop = TranscriptLoop(domain, user_sim=model, coach=model, user_role=role, coach_role=role,
                          config=config, risk=load_risk_classifier(),
                          coach_counter=GGUFCounter(bundled_model_path()),
                          user_counter=GGUFCounter(bundled_model_path()),
                          coach_budget=N_CTX, user_budget=N_CTX)
    jobs = transcript_jobs(config, sample_personas(domain, args.transcripts, seed=0), seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        store = TranscriptStore(Path(tmp) / "t.jsonl", Path(tmp) / "ck")
        start = time.perf_counter()
        summary = run_jobs(jobs, loop, store, concurrency=1, progress=None)
        loop_seconds = time.perf_counter() - start
    model.close()

    direct = LlamaCppBackend(None, n_ctx=N_CTX)
    start = time.perf_counter()
    for request in model.requests:
        direct.complete(request)
    direct_seconds = time.perf_counter() - start
    direct.close()

    overhead = (loop_seconds - direct_seconds) / direct_seconds * 100
    # The same question measured inside one run, so load from other processes hits both sides:
    # time the loop spent outside model calls, against the time inside them.
    own = (loop_seconds - model.seconds) / model.seconds * 100
    rate = summary.exchanges / loop_seconds * 60
    print(f"{summary.exchanges} exchanges, {len(model.requests)} calls; stopped early: "
          f"{summary.stopped_early or 'none'}")
    print(f"loop {loop_seconds:.1f} s ({rate:.1f} exchanges/min), model calls inside it "
          f"{model.seconds:.1f} s; direct replay {direct_seconds:.1f} s; "
          f"overhead {overhead:+.1f} % (against the replay), {own:+.1f} % (outside model calls "
          "within the loop)")
    machine = (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
               f"Python {sys.version.split()[0]}")
    print(f"| {time.strftime('%Y-%m-%d')} | `python benchmarks/generation.py --transcripts "
          f"{args.transcripts} --exchanges {args.exchanges} --max-tokens {args.max_tokens}` | "
          f"{machine} | {summary.exchanges} | {rate:.1f} | {direct_seconds:.1f} | "
          f"{loop_seconds:.1f} | {overhead:+.1f} % | {own:+.1f} % |")


if __name__ == "__main__":
    main()
