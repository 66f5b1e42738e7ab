"""Child process of ``coachsmith doctor``: load llama.cpp and generate one token.

Run as a script (``python _probe.py MODEL.gguf``), not imported, so a crash in native code
kills this process only and the doctor can say what happened. Each step prints one JSON line
before the next starts; the last line printed tells the parent how far it got.
"""

import json
import sys
import time
from typing import Any


def _emit(step: str, **fields: object) -> None:
    print(json.dumps({"step": step, **fields}), flush=True)


def main() -> None:
    model = sys.argv[1]
    _emit("start")
    import llama_cpp

    _emit("import", version=llama_cpp.__version__,
          system_info=llama_cpp.llama_print_system_info().decode("utf-8", "replace"))
    started = time.perf_counter()
    llm = llama_cpp.Llama(model_path=model, n_ctx=256, verbose=False)
    _emit("load", seconds=round(time.perf_counter() - started, 3))
    started = time.perf_counter()
    out: dict[str, Any] = llm.create_chat_completion(  # type: ignore[assignment]  # not streamed
        messages=[{"role": "user", "content": "Say hi."}], max_tokens=1, temperature=0.0)
    _emit("generate", seconds=round(time.perf_counter() - started, 3),
          text=out["choices"][0]["message"].get("content") or "")
    llm.close()


if __name__ == "__main__":
    main()
