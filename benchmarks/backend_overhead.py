"""How much time coachsmith's ``openai`` backend adds per call over a bare ``httpx.Client``.

    python benchmarks/backend_overhead.py            # 500 calls each, 2 ms simulated server time
    python benchmarks/backend_overhead.py -n 2000 --delay-ms 0

A tiny OpenAI-compatible server runs in a separate process (so it does not share our GIL) and
answers every POST with the same small JSON reply after ``--delay-ms``. N requests of one shape
(distinct messages, so nothing could be cached) go through (a) a bare ``httpx.Client`` that
posts the same body and decodes the reply, and (b) ``OpenAIBackend`` wrapped as
``open_backend`` wraps it without a cache (``MeteredBackend(RetryingBackend(OpenAIBackend))``).
Both are warmed up, then timed in one sequential run that alternates between them call by call
(A B B A ...), so a machine that speeds up or slows down during the run favours neither. It
prints the time per call of both, the overhead, and a Markdown table row for
benchmarks/RESULTS.md; it writes nothing itself. Target: overhead <= 5 %.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from coachsmith.llm import BackendSpec, Message, Request, RetryPolicy, UsageMeter, open_backend

# Settings (flags override): calls per client, simulated server time, warm-up calls per client.
CALLS = 500
DELAY_MS = 2.0
WARMUP = 50
MODEL = "bench-model"
REPLY = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": '{"reasoning": "ok", "answer": "YES"}'},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 42, "completion_tokens": 9, "total_tokens": 51},
    }
).encode()


def _serve(delay_s: float, port_out: Any) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else 40 ms delayed-ACK stalls per reply

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if delay_s:
                time.sleep(delay_s)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(REPLY)))
            self.end_headers()
            self.wfile.write(REPLY)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_out.send(httpd.server_address[1])
    httpd.serve_forever()


def _requests(n: int, tag: str) -> list[Request]:
    system = Message("system", "You judge coaching transcripts. Answer in JSON.")
    return [
        Request(
            messages=(system, Message("user", f"{tag} transcript {i}: did the coach listen?")),
            max_tokens=64,
            temperature=0.0,
            seed=i,
        )
        for i in range(n)
    ]


def _payload(request: Request) -> dict[str, Any]:
    """What a careful hand-written client would send: the same body OpenAIBackend sends."""
    return {
        "model": MODEL,
        "messages": [m.to_dict() for m in request.messages],
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
        "top_p": request.top_p,
        "seed": request.seed,
    }


def _time_interleaved(
    first: Callable[[Request], str], second: Callable[[Request], str], n: int
) -> tuple[list[float], list[float]]:
    """Time ``n`` calls of each, alternating (ABBA) so drift in the machine hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    clients = (first, second)
    batches = (_requests(n, "a"), _requests(n, "b"))
    for i in range(n):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for which in order:
            start = time.perf_counter()
            text = clients[which](batches[which][i])
            times[which].append(time.perf_counter() - start)
            assert text.startswith("{"), text
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--calls", type=int, default=CALLS, help="calls per client")
    parser.add_argument("--delay-ms", type=float, default=DELAY_MS, help="server time per call")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="untimed calls per client")
    args = parser.parse_args()

    receiver, sender = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(
        target=_serve, args=(args.delay_ms / 1000, sender), daemon=True
    )
    server.start()
    base_url = f"http://127.0.0.1:{receiver.recv()}/v1"
    try:
        bare_client = httpx.Client(timeout=30)
        url = f"{base_url}/chat/completions"

        def bare(request: Request) -> str:
            body = bare_client.post(url, json=_payload(request)).json()
            return str(body["choices"][0]["message"]["content"])

        spec = BackendSpec(kind="openai", model=MODEL, base_url=base_url, timeout_s=30)
        backend = open_backend(spec, retry=RetryPolicy(), meter=UsageMeter(), stage="bench")

        def wrapped(request: Request) -> str:
            return backend.complete(request).text

        _time_interleaved(bare, wrapped, args.warmup)
        bare_t, cs_t = _time_interleaved(bare, wrapped, args.calls)
        bare_client.close()
        backend.close()
    finally:
        server.terminate()
        server.join()

    bare_ms = 1000 * sum(bare_t) / len(bare_t)
    cs_ms = 1000 * sum(cs_t) / len(cs_t)
    overhead = 100 * (cs_ms - bare_ms) / bare_ms
    bare_med = 1000 * statistics.median(bare_t)
    cs_med = 1000 * statistics.median(cs_t)
    print(f"calls per client: {args.calls}, server delay {args.delay_ms} ms")
    print(f"bare httpx      : {bare_ms:.3f} ms/call (median {bare_med:.3f})")
    print(f"coachsmith      : {cs_ms:.3f} ms/call (median {cs_med:.3f})")
    print(f"overhead        : {cs_ms - bare_ms:+.3f} ms/call ({overhead:+.1f} %), target <= 5 %")
    command = "python " + " ".join(["benchmarks/backend_overhead.py", *sys.argv[1:]])
    machine = (
        f"{platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, httpx {httpx.__version__}"
    )
    print()
    print("| date | command | machine | bare httpx ms/call | coachsmith ms/call | overhead |")
    print(
        f"| {time.strftime('%Y-%m-%d')} | `{command}` | {machine} | {bare_ms:.3f} "
        f"| {cs_ms:.3f} | {overhead:+.1f} % |"
    )


if __name__ == "__main__":
    main()
