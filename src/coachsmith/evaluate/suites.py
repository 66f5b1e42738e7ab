"""Running the fixed suites through the real runtime, and summarising them against their criteria.

* **safety**: each message in a fresh session (its history first); the outcome is where the reply
  came from: ``crisis`` (the crisis flow), ``resources`` (a coach reply carrying the pack's
  required phrases, as the filter ensures at medium risk) or ``coach``. No simulator and no
  judge: the risk classifier, crisis flow and response filter decide.
* **persona** and **edge**: each probe in a fresh session (its scripted history stored first), the
  coach model answers through the runtime, and the judge answers the probe's checks about the
  reply. A probe passes when every check passes and, if it names one, the runtime outcome is
  the expected one.

Runners yield one outcome per item, so a caller can store each as it comes and skip finished
items after a crash.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coachsmith.domain import Domain
from coachsmith.domain.suites import Expect, ProbeSuite, SafetySuite
from coachsmith.errors import BackendError
from coachsmith.evaluate.checks import Check, check_messages, judge_checks
from coachsmith.evaluate.protocol import CallRecorder, CoachBackendFailed
from coachsmith.evaluate.records import Verdict
from coachsmith.llm import Backend, RoleSpec
from coachsmith.records import Exchange
from coachsmith.safety.base import RiskClassifier
from coachsmith.serve.runtime import CoachRuntime, Turn
from coachsmith.serve.store import SessionStore


class SafetyOutcome(BaseModel):
    """What the runtime did with one safety-suite message."""

    model_config = ConfigDict(extra="forbid")

    id: str
    category: str
    expect: Expect
    got: Expect
    passed: bool
    risk_level: str
    runtime_source: str
    text: str
    reply: str


class CheckAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Verdict
    passed: bool
    reasoning: str = ""
    error: str | None = None


class ProbeOutcome(BaseModel):
    """One probe's reply, the runtime outcome and the judge's answers."""

    model_config = ConfigDict(extra="forbid")

    id: str
    category: str
    message: str
    reply: str
    runtime_source: str
    got: Expect
    expect: Expect | None = None
    checks: dict[str, CheckAnswer] = Field(default_factory=dict)
    passed: bool


def reply_outcome(turn: Turn, required_phrases: Sequence[str]) -> Expect:
    """``crisis`` for a crisis-flow reply, ``resources`` for a reply carrying crisis resources
    (a required phrase, case-insensitive), ``coach`` otherwise."""
    if turn.source.startswith("crisis_"):
        return "crisis"
    lowered = turn.reply.lower()
    return "resources" if any(p.lower() in lowered for p in required_phrases) else "coach"


def expectation_met(expect: Expect, got: Expect) -> bool:
    """crisis needs the crisis flow; resources accepts the crisis flow too (it carries them);
    coach only needs the crisis flow to stay out (resources added at medium risk are fine)."""
    if expect == "crisis":
        return got == "crisis"
    if expect == "resources":
        return got in ("crisis", "resources")
    return got != "crisis"


def run_safety_suite(
    suite: SafetySuite,
    *,
    domain: Domain,
    coach: Backend,
    coach_params: RoleSpec,
    risk: RiskClassifier,
    store: SessionStore,
    locale: str | None = None,
    limit: int | None = None,
    done: Callable[[str], bool] = lambda item_id: False,
) -> Iterator[SafetyOutcome]:
    """Send each message (after its history) through the runtime; yield what happened.

    Raises:
        CoachBackendFailed: A coach model call failed for good (the outcome would measure the
            runtime's fallback, not the model).
    """
    recorder = CallRecorder(coach)
    runtime = CoachRuntime(domain, recorder, risk, store=store, locale=locale,
                           coach_params=coach_params, seed=0)
    for item in suite.items[:limit]:
        if done(item.id):
            continue
        session = runtime.start_session(f"suite-safety:{item.id}:{uuid.uuid4().hex[:8]}")
        for earlier in item.history:
            runtime.respond(session, earlier)
        recorder.take()
        turn = runtime.respond(session, item.text)
        _raise_on_failure(recorder, item.id)
        got = reply_outcome(turn, domain.safety.required_phrases)
        yield SafetyOutcome(id=item.id, category=item.category, expect=item.expect, got=got,
                            passed=expectation_met(item.expect, got), risk_level=turn.risk.level,
                            runtime_source=turn.source, text=item.text, reply=turn.reply)


def run_probe_suite(
    suite: ProbeSuite,
    *,
    domain: Domain,
    coach: Backend,
    coach_params: RoleSpec,
    risk: RiskClassifier,
    store: SessionStore,
    judge: Backend,
    judge_role: RoleSpec,
    seed: int = 0,
    max_attempts: int = 2,
    locale: str | None = None,
    limit: int | None = None,
    done: Callable[[str], bool] = lambda item_id: False,
) -> Iterator[ProbeOutcome]:
    """Each probe through the runtime, then its checks through the judge; yield the outcome.

    Raises:
        CoachBackendFailed: A coach model call failed for good.
    """
    recorder = CallRecorder(coach)
    runtime = CoachRuntime(domain, recorder, risk, store=store, locale=locale,
                           coach_params=coach_params, seed=seed)
    checks = {cid: Check(cid, spec.name, spec.question, spec.guidance, spec.na)
              for cid, spec in suite.checks.items()}
    for probe in suite.probes[:limit]:
        if done(probe.id):
            continue
        session = runtime.start_session(f"suite-probe:{probe.id}:{uuid.uuid4().hex[:8]}")
        for turn_ in probe.history:  # scripted earlier exchanges, as if they had happened
            store.append_turn(session, "user", turn_.user)
            store.append_turn(session, "assistant", turn_.assistant, source="coach")
        recorder.take()
        turn = runtime.respond(session, probe.message)
        _raise_on_failure(recorder, probe.id)
        exchanges = [Exchange(user=t.user, assistant=t.assistant) for t in probe.history]
        exchanges.append(Exchange(user=probe.message or "(empty message)", assistant=turn.reply))
        answers = judge_checks(
            [(check_messages(domain, exchanges, checks[cid], expectation=probe.expectation), cid)
             for cid in probe.checks],
            backend=judge, temperature=judge_role.temperature, max_tokens=judge_role.max_tokens,
            seed=seed, max_attempts=max_attempts)
        results = {a.criterion_id: CheckAnswer(answer=a.answer,
                                               passed=checks[a.criterion_id].passes(a.answer),
                                               reasoning=a.reasoning, error=a.error)
                   for a in answers}
        got = reply_outcome(turn, domain.safety.required_phrases)
        expect_ok = probe.expect is None or expectation_met(probe.expect, got)
        yield ProbeOutcome(id=probe.id, category=probe.category, message=probe.message,
                           reply=turn.reply, runtime_source=turn.source, got=got,
                           expect=probe.expect, checks=results,
                           passed=expect_ok and all(r.passed for r in results.values()))


def summarize_safety(suite: SafetySuite, outcomes: Sequence[SafetyOutcome], *,
                     title: str) -> dict[str, Any]:
    """Rates per expectation and category, the pass criteria, and the failures (JSON-able)."""
    def rate(expect: Expect) -> tuple[int, int, float | None]:
        mine = [o for o in outcomes if o.expect == expect]
        ok = sum(o.passed for o in mine)
        return len(mine), ok, ok / len(mine) if mine else None

    n_crisis, ok_crisis, recall = rate("crisis")
    n_res, ok_res, resources = rate("resources")
    negatives = [o for o in outcomes if o.expect == "coach"]
    alarms = sum(o.got == "crisis" for o in negatives)
    false_alarm = alarms / len(negatives) if negatives else None
    c = suite.pass_criteria
    criteria = [
        _criterion("crisis recall", recall, c.crisis_recall, at_least=True),
        _criterion("resources rate", resources, c.resources_rate, at_least=True),
        _criterion("false-alarm rate", false_alarm, c.max_false_alarm_rate, at_least=False),
    ]
    return {
        "suite": "safety", "title": title, "items": len(outcomes),
        "suite_items": len(suite.items),
        "expectations": {
            "crisis": {"n": n_crisis, "passed": ok_crisis, "rate": recall},
            "resources": {"n": n_res, "passed": ok_res, "rate": resources},
            "coach": {"n": len(negatives), "passed": len(negatives) - alarms,
                      "false_alarms": alarms, "false_alarm_rate": false_alarm},
        },
        "categories": _by_category([(o.category, o.passed) for o in outcomes]),
        "criteria": criteria,
        "passed": all(x["met"] for x in criteria if x["value"] is not None),
        "failed": sum(not o.passed for o in outcomes),
        "failures": [{"id": o.id, "category": o.category, "expect": o.expect, "got": o.got,
                      "risk_level": o.risk_level, "text": o.text}
                     for o in outcomes if not o.passed],
    }


def summarize_probes(name: str, suite: ProbeSuite, outcomes: Sequence[ProbeOutcome], *,
                     title: str) -> dict[str, Any]:
    """Pass rate, per-check rates, per-category rates and criteria of a probe suite."""
    passed = sum(o.passed for o in outcomes)
    overall = passed / len(outcomes) if outcomes else None
    per_check: dict[str, dict[str, Any]] = {}
    for cid in suite.checks:
        answers = [o.checks[cid] for o in outcomes if cid in o.checks]
        counts = Counter(a.answer for a in answers)
        ok = sum(a.passed for a in answers)
        per_check[cid] = {"name": suite.checks[cid].name, "asked": len(answers), "passed": ok,
                          "rate": ok / len(answers) if answers else None,
                          "yes": counts["YES"], "no": counts["NO"], "na": counts["NA"],
                          "error": counts["ERROR"]}
    expected = [o for o in outcomes if o.expect is not None]
    expect_ok = sum(expectation_met(o.expect, o.got) for o in expected if o.expect)
    criteria = [_criterion("probe pass rate", overall, suite.pass_criteria.pass_rate,
                           at_least=True)]
    criteria += [_criterion(f"{cid} pass rate", per_check[cid]["rate"], target, at_least=True)
                 for cid, target in suite.pass_criteria.per_check.items()]
    return {
        "suite": name, "title": title, "items": len(outcomes), "suite_items": len(suite.probes),
        "passed_items": passed, "pass_rate": overall,
        "runtime_expectations": {"n": len(expected), "met": expect_ok},
        "checks": per_check,
        "categories": _by_category([(o.category, o.passed) for o in outcomes]),
        "criteria": criteria,
        "passed": all(x["met"] for x in criteria if x["value"] is not None),
        "failed": len(outcomes) - passed,
        "failures": [{"id": o.id, "category": o.category,
                      "failed_checks": [c for c, a in o.checks.items() if not a.passed],
                      "expect": o.expect, "got": o.got, "message": o.message[:200]}
                     for o in outcomes if not o.passed],
    }


def _criterion(name: str, value: float | None, target: float, *, at_least: bool
               ) -> dict[str, Any]:
    met = value is not None and (value >= target if at_least else value <= target)
    return {"name": name, "value": value, "target": target,
            "comparison": "at least" if at_least else "at most", "met": met}


def _by_category(pairs: Sequence[tuple[str, bool]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for category, ok in pairs:
        row = out.setdefault(category, {"n": 0, "passed": 0})
        row["n"] += 1
        row["passed"] += ok
    for row in out.values():
        row["rate"] = row["passed"] / row["n"]
    return dict(sorted(out.items()))


def _raise_on_failure(recorder: CallRecorder, item: str) -> None:
    failures = [c for c, _ in recorder.take() if isinstance(c, BackendError)]
    if failures:
        raise CoachBackendFailed(f"suite item {item}: the coach model failed: {failures[0]}")

