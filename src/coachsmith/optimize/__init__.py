"""Prompt optimisation: improve the domain pack's coach prompt against the rubric with DSPy.

DSPy is an optional extra (``pip install 'coachsmith[optimize]'``); it is imported only when an
optimisation runs, so importing this package stays light.
"""

from coachsmith.optimize.examples import CoachExample, coach_examples, split_examples
from coachsmith.optimize.gepa import (
    Evaluation,
    PromptProposer,
    evaluate_prompt,
    extract_prompt,
    make_program,
    repair_prompt,
)
from coachsmith.optimize.lm import BackendEngine, backend_lm
from coachsmith.optimize.metric import ReplyScore, RubricMetric, failure_feedback
from coachsmith.optimize.report import render_optimize_report
from coachsmith.optimize.run import OptimizeResult, optimize_coach_prompt

__all__ = [
    "BackendEngine",
    "CoachExample",
    "Evaluation",
    "OptimizeResult",
    "PromptProposer",
    "ReplyScore",
    "RubricMetric",
    "backend_lm",
    "coach_examples",
    "evaluate_prompt",
    "extract_prompt",
    "failure_feedback",
    "make_program",
    "optimize_coach_prompt",
    "render_optimize_report",
    "repair_prompt",
    "split_examples",
]
