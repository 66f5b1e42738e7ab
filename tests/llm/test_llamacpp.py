from __future__ import annotations

import json

import pytest

from coachsmith.errors import BackendError
from coachsmith.llm import LlamaCppBackend, Message, Request, bundled_model_path
from coachsmith.llm import llamacpp as llamacpp_module
from coachsmith.llm.llamacpp import _reused_prefix

JUDGE_SCHEMA = {
    "type": "object",
    "properties": {
        "reasoning": {"type": "string"},
        "answer": {"type": "string", "enum": ["YES", "NO", "NA"]},
    },
    "required": ["reasoning", "answer"],
}
SYSTEM = "You are a careful judge of coaching conversations. Answer in JSON."
TRANSCRIPT = "TRANSCRIPT\n" + "\n".join(
    f"User: Day {i}: I could not sleep again and I keep worrying about work.\n"
    f"Coach: That sounds exhausting. What went through your mind on day {i}?"
    for i in range(1, 13)
)


@pytest.mark.parametrize(
    ("previous", "prompt", "reused"),
    [
        ([], [1, 2, 3], 0),
        ([1, 2, 3, 9, 9], [1, 2, 3, 4], 3),
        ([1, 2, 3, 4, 5], [1, 2, 3], 2),  # whole prompt cached: the last token is replayed
        ([7, 2, 3], [1, 2, 3], 0),
        ([1], [], 0),
    ],
)
def test_reused_prefix(previous: list[int], prompt: list[int], reused: int) -> None:
    assert _reused_prefix(previous, prompt) == reused


def test_missing_bundled_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llamacpp_module, "BUNDLED_GGUF", "gone.gguf")
    with pytest.raises(BackendError, match=r"bundled model file is missing: .*gone\.gguf"):
        LlamaCppBackend()


def test_bundled_model_ships_with_the_package() -> None:
    path = bundled_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.read_bytes()[:4] == b"GGUF"


@pytest.fixture
def bundled() -> LlamaCppBackend:
    pytest.importorskip("llama_cpp")
    backend = LlamaCppBackend(n_ctx=2048)
    yield backend
    backend.close()


def _judge(criterion: str, max_tokens: int = 200, **kwargs: object) -> Request:
    messages = (
        Message("system", SYSTEM),
        Message("user", f"{TRANSCRIPT}\n\nCRITERION: {criterion}"),
    )
    return Request(messages=messages, max_tokens=max_tokens, temperature=0.0, seed=0, **kwargs)  # type: ignore[arg-type]


@pytest.mark.slow
def test_schema_constrained_judge_answer(bundled: LlamaCppBackend) -> None:
    response = bundled.complete(_judge("Did the coach reflect feelings?", json_schema=JUDGE_SCHEMA))

    answer = json.loads(response.text)
    assert answer["answer"] in {"YES", "NO", "NA"}
    assert isinstance(answer["reasoning"], str)
    assert response.finish_reason == "stop"
    assert response.usage.input_tokens > 300 and response.usage.output_tokens > 0
    assert response.model == "bundled" and response.wall_seconds > 0


@pytest.mark.slow
def test_shared_prefix_is_reused_and_reported(bundled: LlamaCppBackend) -> None:
    first = bundled.complete(
        _judge("Did the coach reflect feelings?", 48, json_schema=JUDGE_SCHEMA)
    )
    second = bundled.complete(_judge("Did the coach give advice?", 48, json_schema=JUDGE_SCHEMA))

    assert first.usage.cached_tokens == 0  # fresh model: nothing to reuse
    # Everything up to the criterion (system + transcript) is shared.
    assert second.usage.input_tokens - 20 < second.usage.cached_tokens < second.usage.input_tokens

    fresh = LlamaCppBackend(n_ctx=2048)
    try:
        again = fresh.complete(_judge("Did the coach give advice?", 48, json_schema=JUDGE_SCHEMA))
    finally:
        fresh.close()
    assert again.usage.cached_tokens == 0
    assert again.text == second.text  # reusing the KV cache does not change the greedy answer


def _sampled(question: str) -> Request:
    messages = (Message("system", "Answer briefly."), Message("user", question))
    return Request(messages=messages, temperature=1.0, seed=11, max_tokens=16)


@pytest.mark.slow
def test_seeded_sample_is_reproducible_across_instances_and_prefix_reuse(
    bundled: LlamaCppBackend,
) -> None:
    bundled.complete(_sampled("Name a colour."))
    after_shared_prefix = bundled.complete(_sampled("Name an animal."))
    assert after_shared_prefix.usage.cached_tokens > 0

    fresh = LlamaCppBackend(n_ctx=2048)
    try:
        assert fresh.complete(_sampled("Name an animal.")).text == after_shared_prefix.text
    finally:
        fresh.close()


@pytest.mark.slow
def test_prompt_longer_than_context_is_a_clear_error() -> None:
    pytest.importorskip("llama_cpp")
    backend = LlamaCppBackend(n_ctx=256)
    try:
        with pytest.raises(
            BackendError, match=r"prompt is \d+ tokens but n_ctx is 256.*raise n_ctx"
        ):
            backend.complete(Request(messages=(Message("user", TRANSCRIPT),), max_tokens=8))
        short = backend.complete(
            Request(messages=(Message("user", "Hi"),), max_tokens=4, temperature=0.0)
        )
        assert short.usage.output_tokens > 0  # the backend still works after the error
    finally:
        backend.close()
