"""Safety data of a domain pack: crisis resources by locale, forbidden patterns, crisis text."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from coachsmith._yaml import Located
from coachsmith.domain.prompts import check_template
from coachsmith.errors import Problem

REQUIRED_LOCALES = ("US", "UK", "IE")
CRISIS_MESSAGES = ("first", "followup", "resolved")
#: Optional: the check tier of the crisis flow (see ``coachsmith.safety.crisis``).
CHECK_MESSAGES = ("check", "check_resolved", "recheck")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(_Strict):
    name: str = Field(min_length=1)
    how: str = Field(min_length=1, description="How to reach it, e.g. 'call or text 988'.")


class LocaleResources(_Strict):
    emergency: str = Field(min_length=1, description="Emergency number(s) for the locale.")
    lines: list[Line] = Field(default_factory=list)

    def render(self) -> str:
        """Resources as short Markdown lines, emergency number first."""
        out = [f"- Emergency services: {self.emergency}"]
        out += [f"- {line.name}: {line.how}" for line in self.lines]
        return "\n".join(out)


class ForbiddenPattern(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    pattern: str = Field(min_length=1, description="Python regex, matched case-insensitively.")
    description: str = ""


class RiskThresholds(_Strict):
    """Where the risk model's ``P(high)`` turns into the check question and the crisis message.

    The shipped values are the training recipe's choice on the held-out calibration set
    (``scripts/train_risk.py``, ``data/risk/calibration/``;
    see ``benchmarks/RESULTS.md`` for the trade-off); a pack may move them along the curve.
    """

    check: float = Field(gt=0.0, le=1.0, description=(
        "P(high) in (0, 1] at or above which a message is rated high: the coach model never "
        "sees it and the crisis flow asks the check question."))
    crisis: float = Field(gt=0.0, le=1.0, description=(
        "P(high) in (0, 1], at least `check`, at or above which a high rating is sure: the full "
        "crisis message is sent at once."))


class CrisisExit(_Strict):
    """How a person leaves the crisis flow (see ``coachsmith.safety.crisis``)."""

    answer: float = Field(default=0.8, gt=0.0, le=1.0, description=(
        "The classifier's probability in (0, 1] that a message is a safe statement or a "
        "decline, at or above which it counts as one (in any language the classifier reads; "
        "the regexes below count too)."))
    quiet_minutes: float = Field(default=30.0, ge=0.0, description=(
        "Minutes without a risk signal after which an unrelated low-risk message, in a crisis, "
        "gets one gentle check instead of the crisis follow-up (0: at once)."))


class Safety(_Strict):
    resources: dict[str, LocaleResources]
    forbidden_patterns: list[ForbiddenPattern] = Field(default_factory=list)
    required_phrases: list[str] = Field(default_factory=list)
    crisis_messages: dict[str, str]
    safe_statements: list[str] = Field(default_factory=list)
    check_declines: list[str] = Field(default_factory=list)
    risk_thresholds: RiskThresholds | None = Field(default=None, description=(
        "The risk model's thresholds for this pack; None uses the model's calibrated values."))
    crisis_exit: CrisisExit = Field(default_factory=CrisisExit)

    def resources_for(self, locale: str | None) -> LocaleResources:
        """Resources for ``locale`` (case-insensitive), falling back to INTL, then US."""
        by_upper = {k.upper(): v for k, v in self.resources.items()}
        for key in (locale or "", "INTL", "US"):
            if key.upper() in by_upper:
                return by_upper[key.upper()]
        return next(iter(self.resources.values()))


def check_safety(safety: Safety, index: Located) -> list[Problem]:
    """Required locales and messages exist, regexes compile, crisis text carries resources."""
    problems: list[Problem] = []
    present = {k.upper() for k in safety.resources}
    for locale in REQUIRED_LOCALES:
        if locale not in present:
            problems.append(index.problem(("resources",), f"locale {locale} is required"))
    for i, item in enumerate(safety.forbidden_patterns):
        problems += _regex(item.pattern, ("forbidden_patterns", i, "pattern"), index)
    for i, pattern in enumerate(safety.safe_statements):
        problems += _regex(pattern, ("safe_statements", i), index)
    for i, pattern in enumerate(safety.check_declines):
        problems += _regex(pattern, ("check_declines", i), index)
    for name in CRISIS_MESSAGES:
        if name not in safety.crisis_messages:
            problems.append(index.problem(("crisis_messages",), f"message {name!r} is required"))
    for name in safety.crisis_messages:
        if name not in CRISIS_MESSAGES + CHECK_MESSAGES:
            problems.append(index.problem(("crisis_messages", name), f"unknown message {name!r}; "
                                          f"expected {', '.join(CRISIS_MESSAGES + CHECK_MESSAGES)}"))
    thresholds = safety.risk_thresholds
    if thresholds is not None and thresholds.crisis < thresholds.check:
        problems.append(index.problem(("risk_thresholds", "crisis"), (
            f"expected at least check ({thresholds.check}), got {thresholds.crisis}")))
    if "check" in safety.crisis_messages and "check_resolved" not in safety.crisis_messages:
        problems.append(index.problem(("crisis_messages", "check"),
                                      "a pack with a 'check' message needs 'check_resolved' too"))
    for name, text in safety.crisis_messages.items():
        path = ("crisis_messages", name)
        for p in check_template(text, index.file, frozenset({"resources"}), "crisis_messages."
                                + name):
            problems.append(Problem(p.file, p.field, p.message, index.line(path)))
    return problems


def _regex(pattern: str, path: tuple[str | int, ...], index: Located) -> list[Problem]:
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        return [index.problem(path, f"invalid regular expression: {exc}")]
    return []
