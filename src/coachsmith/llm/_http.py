"""HTTP plumbing shared by the ``openai`` and ``anthropic`` backends.

Maps what can go wrong on the wire to coachsmith's errors:

* timeout, refused or dropped connection  -> ``RetryableBackendError``
* HTTP 408, 429 and 5xx (incl. 529)        -> ``RetryableBackendError`` with ``retry_after``
* any other 4xx                            -> ``BackendError`` carrying the server's message
* a 2xx whose body is not a JSON object    -> ``BackendError`` quoting the start of the body
"""

from __future__ import annotations

import json
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from coachsmith.errors import BackendError, RetryableBackendError

_BODY_HEAD = 200
_RETRYABLE_STATUS = frozenset({408, 429})


def body_head(text: str) -> str:
    """The first 200 characters of a body, for error messages."""
    return text[:_BODY_HEAD] + ("…" if len(text) > _BODY_HEAD else "")


def parse_retry_after(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``.

    Args:
        headers: Response headers.
        now: Current Unix time (for HTTP-date values); defaults to ``time.time()``.

    Returns:
        A non-negative number of seconds, or ``None`` when the server said nothing usable.
    """
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP-date is always GMT; be lenient with servers that omit it
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def server_message(response: httpx.Response) -> str:
    """The error message a server put in its body (OpenAI and Anthropic shapes), else the body."""
    try:
        body = response.json()
    except ValueError:
        return body_head(response.text) or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        if isinstance(error, str):
            return error
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return body_head(response.text)


def post_json(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    *,
    auth_hint: str = "",
) -> dict[str, Any]:
    """POST a JSON payload and return the JSON object the server answered with.

    Args:
        client: The HTTP client (it carries the timeout and the auth/version headers).
        url: Full endpoint URL.
        payload: JSON request body.
        auth_hint: Appended to 401/403 messages, e.g. which environment variable holds the key.

    Returns:
        The decoded response body.

    Raises:
        RetryableBackendError: Timeout, connection failure, 408, 429 or 5xx.
        BackendError: Any other 4xx, or a body that is not a JSON object.
    """
    try:
        response = client.post(url, json=payload)
    except httpx.TimeoutException as exc:
        timeout = client.timeout.read
        raise RetryableBackendError(
            f"POST {url} timed out after {timeout} s ({type(exc).__name__}); "
            "raise timeout_s if the server is just slow"
        ) from exc
    except httpx.TransportError as exc:
        raise RetryableBackendError(f"POST {url} failed: {type(exc).__name__}: {exc}") from exc
    status = response.status_code
    if status in _RETRYABLE_STATUS or status >= 500:
        raise RetryableBackendError(
            f"POST {url} returned HTTP {status}: {server_message(response)}",
            status=status,
            retry_after=parse_retry_after(response.headers),
        )
    if status >= 400:
        hint = auth_hint if status in (401, 403) and auth_hint else ""
        raise BackendError(
            f"POST {url} returned HTTP {status}: {server_message(response)}{hint}", status=status
        )
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise BackendError(
            f"POST {url} returned HTTP {status} with a body that is not JSON: "
            f"{body_head(response.text)!r}",
            status=status,
        ) from exc
    if not isinstance(body, dict):
        raise BackendError(
            f"POST {url} returned HTTP {status} with JSON that is not an object: "
            f"{body_head(response.text)!r}",
            status=status,
        )
    return body


def int_field(mapping: Any, key: str) -> int:
    """``mapping[key]`` as an int, 0 when the mapping or key is missing or not a number."""
    if not isinstance(mapping, dict):
        return 0
    value = mapping.get(key)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0
