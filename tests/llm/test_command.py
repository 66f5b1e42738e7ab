from __future__ import annotations

import json
import sys
import textwrap

import pytest

from coachsmith.errors import BackendError, RetryableBackendError
from coachsmith.llm import CommandBackend, Message, Request

REQUEST = Request(
    messages=(
        Message("system", "Be kind."),
        Message("user", "hello there"),
        Message("assistant", "hi"),
        Message("user", "bye"),
    )
)


def _script(tmp_path, body: str) -> list[str]:
    path = tmp_path / "prog.py"
    path.write_text(textwrap.dedent(body))
    return [sys.executable, str(path)]


def test_text_output_gets_rendered_prompt_and_model(tmp_path) -> None:
    argv = _script(
        tmp_path,
        """
        import sys
        prompt = sys.stdin.read()
        sys.stdout.write(f"model={sys.argv[1]}|" + prompt)
        """,
    )
    backend = CommandBackend([*argv, "{model}"], model="tiny")
    response = backend.complete(REQUEST)
    assert (
        response.text == "model=tiny|Be kind.\n\nUser: hello there\n\nAssistant: hi\n\nUser: bye\n"
    )
    assert response.model == "tiny"
    # No usage reported: words of the prompt and of the reply are the estimate.
    assert (response.usage.input_tokens, response.usage.output_tokens) == (9, 9)


def test_schema_instruction_is_appended(tmp_path) -> None:
    argv = _script(tmp_path, "import sys; sys.stdout.write(sys.stdin.read())")
    schema = {"type": "object", "required": ["answer"]}
    text = (
        CommandBackend(argv, model="m")
        .complete(Request(messages=(Message("user", "q"),), json_schema=schema))
        .text
    )
    assert text.startswith("User: q\n\nReply with one JSON object")
    assert json.dumps(schema, sort_keys=True) in text


def test_json_result_output_takes_result_and_usage(tmp_path) -> None:
    argv = _script(
        tmp_path,
        """
        import json, sys
        sys.stdin.read()
        print(json.dumps({"type": "result", "result": "{\\"answer\\": \\"YES\\"}",
                          "usage": {"input_tokens": 4, "cache_read_input_tokens": 100,
                                    "output_tokens": 7}}))
        """,
    )
    response = CommandBackend(argv, model="m", output="json-result").complete(REQUEST)
    assert json.loads(response.text) == {"answer": "YES"}
    assert (response.usage.input_tokens, response.usage.output_tokens) == (104, 7)
    assert response.usage.cached_tokens == 100


def test_json_result_without_result_is_an_error(tmp_path) -> None:
    argv = _script(tmp_path, 'print(\'{"type": "result"}\')')
    with pytest.raises(BackendError, match="without a 'result' string"):
        CommandBackend(argv, model="m", output="json-result").complete(REQUEST)


def test_json_result_with_is_error_is_an_error(tmp_path) -> None:
    argv = _script(tmp_path, 'print(\'{"is_error": true, "result": "quota exceeded"}\')')
    with pytest.raises(BackendError, match="reported an error: quota exceeded"):
        CommandBackend(argv, model="m", output="json-result").complete(REQUEST)


def test_non_json_stdout_in_json_mode(tmp_path) -> None:
    argv = _script(tmp_path, "print('plain words')")
    with pytest.raises(BackendError, match=r"printed no JSON.*plain words"):
        CommandBackend(argv, model="m", output="json-result").complete(REQUEST)


def test_non_zero_exit_reports_stderr_tail(tmp_path) -> None:
    argv = _script(
        tmp_path,
        """
        import sys
        sys.stderr.write("noise\\n" * 200 + "fatal: no credits left\\n")
        sys.exit(3)
        """,
    )
    with pytest.raises(
        BackendError, match=r"(?s)exited with 3: noise\n.*fatal: no credits left$"
    ) as caught:
        CommandBackend(argv, model="m").complete(REQUEST)
    assert len(str(caught.value)) < 700
    assert not isinstance(caught.value, RetryableBackendError)


def test_timeout_is_retryable(tmp_path) -> None:
    argv = _script(tmp_path, "import time; time.sleep(10)")
    with pytest.raises(RetryableBackendError, match=r"timed out after 0\.3 s"):
        CommandBackend(argv, model="m", timeout_s=0.3).complete(REQUEST)


def test_missing_program_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(BackendError, match="could not start"):
        CommandBackend([str(tmp_path / "nope")], model="m").complete(REQUEST)


def test_empty_argv_is_rejected() -> None:
    with pytest.raises(ValueError, match="non-empty argv"):
        CommandBackend([], model="m")
