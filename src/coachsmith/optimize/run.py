"""The optimisation stage: seed prompt in, best prompt and a before/after comparison out.

No files here: the CLI reads the transcripts, builds the role backends and writes the run's
copy of the pack. A backend failure anywhere raises, so nothing is written from a run that
scored candidates on failed calls.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coachsmith.errors import BackendError, MissingDependencyError
from coachsmith.optimize.examples import CoachExample
from coachsmith.optimize.gepa import (
    COMPONENT,
    Evaluation,
    PromptProposer,
    evaluate_prompt,
    gepa_metric,
    make_program,
    to_dspy_examples,
)
from coachsmith.optimize.lm import BackendEngine, backend_lm
from coachsmith.optimize.metric import RubricMetric


@dataclass(frozen=True)
class OptimizeResult:
    """What one optimisation produced.

    Attributes:
        before: The seed prompt on the validation examples.
        after: The chosen prompt on the same examples (the seed again when nothing beat it).
        improved: True when ``after`` scores higher than ``before`` and so replaces it.
        candidates: Prompts GEPA scored (the seed first).
        candidate_scores: GEPA's validation score of each candidate.
        metric_calls: Judged replies GEPA spent.
        repairs: Fixes made to proposals so they load (placeholders), one list per proposal.
    """

    before: Evaluation
    after: Evaluation
    improved: bool
    candidates: list[str]
    candidate_scores: list[float]
    metric_calls: int
    repairs: list[list[str]]

    @property
    def prompt(self) -> str:
        """The prompt to keep."""
        return self.after.prompt


def optimize_coach_prompt(
    prompt: str,
    *,
    train: Sequence[CoachExample],
    val: Sequence[CoachExample],
    coach: BackendEngine,
    reflection: BackendEngine,
    metric: RubricMetric,
    max_metric_calls: int,
    reflection_minibatch_size: int = 2,
    seed: int = 0,
) -> OptimizeResult:
    """Improve ``prompt`` (the pack's ``coach_system`` template) with GEPA.

    Args:
        prompt: The seed coach prompt, with its ``{{session_context}}`` placeholder.
        train: Examples GEPA reflects on.
        val: Examples that score candidates and the before/after comparison.
        coach: Engine over the coach role's backend (runs candidate prompts).
        reflection: Engine over the role that writes new candidates.
        metric: Judges one reply against the rubric.
        max_metric_calls: GEPA's budget of judged replies.
        reflection_minibatch_size: Training examples per reflection.
        seed: GEPA's seed.

    Raises:
        MissingDependencyError: DSPy is not installed.
        BackendError: A coach, judge or reflection call failed.
    """
    # Should anything pull in litellm, keep it offline: it fetches a model price list on import.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import dspy
    except ImportError as exc:
        raise MissingDependencyError("dspy", "optimize") from exc

    coach_lm = backend_lm(coach, "coach")
    reflection_lm = backend_lm(reflection, "reflection")
    proposer = PromptProposer(lambda text: str(reflection_lm(text)[0]))
    optimizer = dspy.GEPA(
        metric=gepa_metric(metric, [*train, *val]),
        max_metric_calls=max_metric_calls,
        reflection_minibatch_size=min(reflection_minibatch_size, len(train)),
        instruction_proposer=proposer,
        reflection_lm=reflection_lm,
        num_threads=max(1, coach.backend.max_concurrency),
        track_stats=True,
        use_merge=False,
        seed=seed,
        warn_on_score_mismatch=False,
    )
    with dspy.context(lm=coach_lm):
        compiled = optimizer.compile(make_program(prompt), trainset=to_dspy_examples(train),
                                     valset=to_dspy_examples(val))
    _raise_on_errors(coach, reflection, metric)
    details: Any = compiled.detailed_results
    candidates = [_instructions(c) for c in details.candidates]
    best = candidates[details.best_idx]

    before = evaluate_prompt(prompt, val, metric, coach_lm)
    after = evaluate_prompt(best, val, metric, coach_lm) if best != prompt else before
    _raise_on_errors(coach, reflection, metric)
    improved = after.mean_score > before.mean_score
    return OptimizeResult(
        before=before, after=after if improved else before, improved=improved,
        candidates=candidates, candidate_scores=list(details.val_aggregate_scores),
        metric_calls=int(details.total_metric_calls or 0),
        repairs=[p.repaired for p in proposer.proposals])


def _instructions(program: Any) -> str:
    return str(dict(program.named_predictors())[COMPONENT].signature.instructions)


def _raise_on_errors(coach: BackendEngine, reflection: BackendEngine,
                     metric: RubricMetric) -> None:
    errors = [*coach.errors, *reflection.errors, *metric.backend_errors()]
    if errors:
        raise BackendError(f"{len(errors)} LLM call(s) failed during optimisation; nothing was "
                           f"written. First: {errors[0]}")
