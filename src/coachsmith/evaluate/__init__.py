"""Evaluation: models on full simulated conversations through the real runtime, paired by
persona; metrics, persona-level statistics, power analysis, reports, and the fixed suites.

Names load on first use (PEP 562): ``coachsmith.config`` imports ``evaluate.config`` for the
``evaluate:`` section, and that must not pull in the runtime, numpy or the judge. scipy and
statsmodels load inside the statistics functions, matplotlib inside :func:`render_plots`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachsmith.evaluate.checks import Check, check_messages, judge_checks
    from coachsmith.evaluate.compare import (
        Comparison,
        Decision,
        ScoreRow,
        compare_all,
        compare_models,
        decide,
        models_in,
    )
    from coachsmith.evaluate.config import EvalModel, EvaluateConfig, PlanConfig
    from coachsmith.evaluate.metrics import ModelMetrics, model_metrics, score_rows
    from coachsmith.evaluate.plan import (
        PilotDecision,
        Plan,
        VarianceSplit,
        pilot_decision,
        pilot_split,
        plan_sample_size,
        variance_split,
    )
    from coachsmith.evaluate.plots import plot_files, render_plots
    from coachsmith.evaluate.protocol import (
        CoachBackendFailed,
        CoachModel,
        Opening,
        SimulatedMessage,
        UserSimulator,
        conversation_seed,
        generate_conversations,
        judge_conversation,
        make_opening,
        run_conversation,
    )
    from coachsmith.evaluate.records import JudgedConversation, Judgement, TurnCheck
    from coachsmith.evaluate.report import render_plan, render_report, render_suite_report
    from coachsmith.evaluate.suites import (
        ProbeOutcome,
        SafetyOutcome,
        run_probe_suite,
        run_safety_suite,
        summarize_probes,
        summarize_safety,
    )
    from coachsmith.evaluate.summary import build_summary, summarize_evaluation
    from coachsmith.evaluate.table import read_score_table, write_score_table

#: public name -> the submodule that defines it
_EXPORTS: dict[str, str] = {
    "Check": "checks",
    "CoachBackendFailed": "protocol",
    "CoachModel": "protocol",
    "Comparison": "compare",
    "Decision": "compare",
    "EvalModel": "config",
    "EvaluateConfig": "config",
    "JudgedConversation": "records",
    "Judgement": "records",
    "ModelMetrics": "metrics",
    "Opening": "protocol",
    "PilotDecision": "plan",
    "Plan": "plan",
    "PlanConfig": "config",
    "ProbeOutcome": "suites",
    "SafetyOutcome": "suites",
    "ScoreRow": "compare",
    "SimulatedMessage": "protocol",
    "TurnCheck": "records",
    "UserSimulator": "protocol",
    "VarianceSplit": "plan",
    "build_summary": "summary",
    "check_messages": "checks",
    "compare_all": "compare",
    "compare_models": "compare",
    "conversation_seed": "protocol",
    "decide": "compare",
    "generate_conversations": "protocol",
    "judge_checks": "checks",
    "judge_conversation": "protocol",
    "make_opening": "protocol",
    "model_metrics": "metrics",
    "models_in": "compare",
    "pilot_decision": "plan",
    "pilot_split": "plan",
    "plan_sample_size": "plan",
    "plot_files": "plots",
    "read_score_table": "table",
    "render_plan": "report",
    "render_plots": "plots",
    "render_report": "report",
    "render_suite_report": "report",
    "run_conversation": "protocol",
    "run_probe_suite": "suites",
    "run_safety_suite": "suites",
    "score_rows": "metrics",
    "summarize_evaluation": "summary",
    "summarize_probes": "suites",
    "summarize_safety": "suites",
    "variance_split": "plan",
    "write_score_table": "table",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'coachsmith.evaluate' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"coachsmith.evaluate.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "Check",
    "CoachBackendFailed",
    "CoachModel",
    "Comparison",
    "Decision",
    "EvalModel",
    "EvaluateConfig",
    "JudgedConversation",
    "Judgement",
    "ModelMetrics",
    "Opening",
    "PilotDecision",
    "Plan",
    "PlanConfig",
    "ProbeOutcome",
    "SafetyOutcome",
    "ScoreRow",
    "SimulatedMessage",
    "TurnCheck",
    "UserSimulator",
    "VarianceSplit",
    "build_summary",
    "check_messages",
    "compare_all",
    "compare_models",
    "conversation_seed",
    "decide",
    "generate_conversations",
    "judge_checks",
    "judge_conversation",
    "make_opening",
    "model_metrics",
    "models_in",
    "pilot_decision",
    "pilot_split",
    "plan_sample_size",
    "plot_files",
    "read_score_table",
    "render_plan",
    "render_plots",
    "render_report",
    "render_suite_report",
    "run_conversation",
    "run_probe_suite",
    "run_safety_suite",
    "score_rows",
    "summarize_evaluation",
    "summarize_probes",
    "summarize_safety",
    "variance_split",
    "write_score_table",
]
