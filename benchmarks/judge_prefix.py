"""What the judge's prefix-friendly layout saves: one transcript, every criterion, two layouts.

The shipped layout puts the system prompt and the transcript first and the criterion last, so
llama.cpp keeps the transcript's KV entries from one criterion call to the next and evaluates
only the criterion text. The other layout asks the same questions with the criterion *before*
the transcript, so every call evaluates the whole transcript again. Each layout runs on a fresh
in-process llama.cpp backend (the bundled SmolLM2-135M-Instruct unless --model), greedy, with
the judge's JSON schema, no response cache; one run each.

    python benchmarks/judge_prefix.py                 # 24 exchanges, 17 criteria
    python benchmarks/judge_prefix.py --max-tokens 96 --json out.json

Evaluated prompt tokens = prompt tokens - tokens llama.cpp reused from its KV cache
(``Usage.cached_tokens``, see ``LlamaCppBackend``).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from coachsmith.assess.judge import build_judge_messages, judge_schema, render_transcript
from coachsmith.domain import Domain, load_domain
from coachsmith.llm import LlamaCppBackend, Message, Request
from coachsmith.records import Exchange, Session, Transcript


@dataclass
class LayoutResult:
    layout: str
    calls: int
    prompt_tokens: int
    evaluated_tokens: int
    output_tokens: int
    wall_seconds: float


def long_transcript(domain: Domain, exchanges: int) -> Transcript:
    """The pack's calibration bases, one after another as later sessions, up to ``exchanges``."""
    bases = domain.calibration.bases
    out: list[Exchange] = []
    session = 0
    while len(out) < exchanges:
        for base in bases:
            for ex in base.exchanges:
                out.append(ex.model_copy(update={"session": session}))
            session += 1
    out = out[:exchanges]
    used = out[-1].session + 1
    return Transcript(id="bench", exchanges=out, sessions=[
        Session(index=i, days_since_previous=7.0 if i else 0.0) for i in range(used)])


def criterion_first(messages: tuple[Message, ...], shared_len: int) -> tuple[Message, ...]:
    """The same prompt with the criterion moved in front of the transcript."""
    system, user = messages
    shared, ask = user.content[:shared_len], user.content[shared_len:].strip()
    return system, Message("user", ask + "\n\n" + shared.strip())


def run_layout(name: str, model: str | None, prompts: list[tuple[Message, ...]], *,
               max_tokens: int, n_ctx: int, threads: int | None) -> LayoutResult:
    backend = LlamaCppBackend(model, n_ctx=n_ctx, n_threads=threads)
    schema = judge_schema(max_tokens)
    # Load the model before the clock starts (a one-token call), so neither layout pays for it.
    backend.complete(Request(messages=(Message("user", "hi"),), max_tokens=1, temperature=0.0))
    result = LayoutResult(name, 0, 0, 0, 0, 0.0)
    start = time.perf_counter()
    for messages in prompts:
        response = backend.complete(Request(messages=messages, max_tokens=max_tokens,
                                            temperature=0.0, seed=0, json_schema=schema))
        result.calls += 1
        result.prompt_tokens += response.usage.input_tokens
        result.evaluated_tokens += response.usage.input_tokens - response.usage.cached_tokens
        result.output_tokens += response.usage.output_tokens
        print(f"  {name}: call {result.calls}/{len(prompts)}, "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    result.wall_seconds = round(time.perf_counter() - start, 2)
    backend.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domain", default="therapy")
    parser.add_argument("--exchanges", type=int, default=24)
    parser.add_argument("--max-tokens", type=int, default=64, help="judge reply budget")
    parser.add_argument("--n-ctx", type=int, default=8192)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--model", default=None, help="GGUF file (default: the bundled model)")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args()

    domain = load_domain(args.domain)
    transcript = long_transcript(domain, args.exchanges)
    text = render_transcript(transcript)
    shared_len = len(domain.prompt("judge_transcript").render(transcript=text).rstrip())
    criteria = domain.rubric.assessed(len(transcript.exchanges))
    shipped = [build_judge_messages(domain, domain.rubric, text, cid) for cid in criteria]
    flipped = [criterion_first(m, shared_len) for m in shipped]
    print(f"{len(transcript.exchanges)} exchanges, {len(criteria)} criteria, judge max_tokens "
          f"{args.max_tokens}, {platform.machine()} {platform.processor() or ''}".strip())
    print("| layout | calls | prompt tokens | evaluated | output tokens | wall s |")
    print("|---|---|---|---|---|---|", flush=True)
    results = []
    for name, prompts in (("transcript first (shipped)", shipped), ("criterion first", flipped)):
        r = run_layout(name, args.model, prompts, max_tokens=args.max_tokens, n_ctx=args.n_ctx,
                       threads=args.threads)
        results.append(r)
        print(f"| {r.layout} | {r.calls} | {r.prompt_tokens} | {r.evaluated_tokens} | "
              f"{r.output_tokens} | {r.wall_seconds} |", flush=True)
    a, b = results
    print(f"evaluated tokens: {b.evaluated_tokens / max(1, a.evaluated_tokens):.1f}x fewer; "
          f"wall time: {b.wall_seconds / max(1e-9, a.wall_seconds):.1f}x less")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
