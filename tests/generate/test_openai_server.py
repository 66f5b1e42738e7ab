"""Generation against a real OpenAI-compatible server: llama-cpp-python's own server on the
bundled GGUF, reached through the ``openai`` backend with several transcripts in flight (the path
a vLLM or Ollama user takes)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachsmith.cli import main
from coachsmith.llm import bundled_model_path
from coachsmith.records import Transcript, read_jsonl
from tests.conftest import llama_available


def _server_available() -> bool:
    try:
        import llama_cpp.server  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return False
    return llama_available()


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _server_available(), reason="llama-cpp-python[server] not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path_factory.mktemp("server") / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model_path()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
         "--model_alias", "smollm2"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/models", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"llama_cpp.server did not start (see {log.name})") from None
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_generate_through_the_openai_backend_with_concurrency(llama_server: str,
                                                             tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(f"""
run_dir: {tmp_path / 'run'}
domain: therapy
seed: 3
backends:
  server: {{kind: openai, model: smollm2, base_url: "{llama_server}", max_concurrency: 2}}
roles:
  user_sim: {{backend: server, temperature: 0.9, max_tokens: 96}}
  coach: {{backend: server, temperature: 0.7, max_tokens: 96}}
generate:
  personas: 2
  transcripts: 2
  concurrency: 2
  backstory: false
  crisis_flow: "off"
  session_notes: false
  max_attempts: 1
  trim_truncated: true
  length_mix: {{short: {{share: 1.0, exchanges: 2}}}}
""")
    try:
        main(["generate", "-c", str(config), "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    transcripts = list(read_jsonl(tmp_path / "run" / "transcripts.jsonl", Transcript))
    assert sorted(t.id for t in transcripts) == ["t-0000", "t-0001"]
    made = [ex for t in transcripts for ex in t.exchanges]
    # The tiny model may break an exchange (then the transcript says why), but not all of them.
    assert made and all(ex.user.strip() and ex.assistant.strip() for ex in made)
    assert all(len(t.exchanges) == 2 or t.meta.get("stop_reason") for t in transcripts)
    assert all(t.meta["token_count"].startswith("estimate") for t in transcripts)
    usage = (tmp_path / "run" / "usage.json").read_text()
    assert '"generate/coach"' in usage and '"generate/user_sim"' in usage
