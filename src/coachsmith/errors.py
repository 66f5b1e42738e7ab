"""Errors coachsmith raises on purpose.

::

    CoachsmithError                 every error below; the CLI prints it as one line, no traceback
    ├── ConfigError                 bad input files: one or more Problems, each naming file, line, field
    ├── BackendError                an LLM call failed for good (after retries, if it was retryable)
    │   └── RetryableBackendError   timeouts, 429 and 5xx: worth another try, maybe after retry_after
    └── MissingDependencyError      an optional extra is not installed; says which pip command fixes it
"""

from __future__ import annotations

from dataclasses import dataclass


class CoachsmithError(Exception):
    """Base class for every error coachsmith raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Attributes:
        file: Path of the file, as the user gave it.
        field: Dotted path of the field inside the file (``criteria.CQ1.na``); empty for the file.
        message: What was expected and what was found.
        line: 1-based line number, when known.
    """

    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ConfigError(CoachsmithError):
    """A config, domain pack or data file is invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ConfigError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BackendError(CoachsmithError):
    """An LLM backend call failed and will not be retried."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RetryableBackendError(BackendError):
    """A call that may succeed if tried again (timeout, HTTP 429, HTTP 5xx, dropped connection).

    Attributes:
        retry_after: Seconds the server asked us to wait (``Retry-After``), if it said.
    """

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class MissingDependencyError(CoachsmithError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"{module} is not installed; run: pip install 'coachsmith[{extra}]'"
        )
        self.module = module
        self.extra = extra
