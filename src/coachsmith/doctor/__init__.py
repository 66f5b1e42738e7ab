"""``coachsmith doctor``: one command to run when something is wrong.

It checks, in order: versions; the model file and its checksum; the CPU features llama.cpp was
compiled for against what this machine allows; a one-token generation in a child process (so a
crash in native code becomes a message with the fix instead of exit 139); the cache and data
folders; and, given a run config, every configured backend with a one-token request.
"""

from __future__ import annotations

from pathlib import Path

from coachsmith.config import RunConfig
from coachsmith.doctor.checks import (
    Check,
    check_backends,
    check_folders,
    check_llama,
    check_model,
    check_versions,
    probe_llama,
)
from coachsmith.doctor.cpu import read_machine_features

__all__ = ["Check", "probe_llama", "render_checks", "run_checks"]

_MARK = {"ok": "[ok]  ", "warn": "[warn]", "fail": "[FAIL]"}


def run_checks(*, model: Path | None = None, config: RunConfig | None = None,
               timeout_s: float = 180.0) -> list[Check]:
    """Run every check and return them in report order.

    Args:
        model: A GGUF file to check and generate with instead of the bundled model.
        config: A run config whose backends are each reached with a one-token request.
        timeout_s: Seconds a llama.cpp child process may take.

    Returns:
        The checks; any with status ``fail`` means something is broken.
    """
    checks = [check_versions()]
    model_check, path = check_model(model)
    checks.append(model_check)
    machine = read_machine_features()
    if path is not None:
        checks += check_llama(path, machine=machine, timeout_s=timeout_s)
    checks.append(check_folders())
    if config is not None:
        probed = [path] if path is not None else []
        checks += check_backends(config, machine=machine, skip_models=probed)
    return checks


def render_checks(checks: list[Check]) -> str:
    """The report a person reads: one line per check, a fix under each problem, a tally."""
    lines = []
    for check in checks:
        lines.append(f"{_MARK[check.status]} {check.name}: {check.summary}")
        if check.fix and check.status != "ok":
            lines.append(f"       fix: {check.fix}")
    failed = sum(c.status == "fail" for c in checks)
    warned = sum(c.status == "warn" for c in checks)
    lines.append(f"{len(checks)} checks: {failed} failed, {warned} warnings"
                 if failed or warned else f"{len(checks)} checks: all passed")
    return "\n".join(lines)
