"""Curriculum stages from the domain pack: which examples each stage trains on, and its gate.

Stages run in the order ``curriculum.yaml`` lists them (foundation, expertise, edge, voice in the
therapy pack), each on its ``share`` of the training examples. An example belongs to a stage when
its ``meta.tags`` names the stage (curation tags the data); a dataset without any stage tag is
split by each stage's ``select`` instead (``meta.topics``, ``meta.difficulty``, ``meta.kind``).

After a stage, a gate decides whether the next may start:

* ``holdout_loss``: the holdout loss did not rise by more than a tolerance over the stage (and is
  under an optional ceiling);
* ``rubric``: the stage's gate from ``curriculum.yaml`` (pass rate, mean score, safety failures)
  on a small evaluation: the model rewrites the last coach turn of a few holdout conversations
  and the judge role scores each conversation on the rubric.

Planning and gate decisions are pure functions; only :func:`rubric_evaluation` runs models.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coachsmith.assess.scoring import ScoreResult
from coachsmith.domain.taxonomy import Curriculum, StageGate, StageSelect
from coachsmith.errors import CoachsmithError
from coachsmith.train.data import TrainExample


@dataclass(frozen=True)
class StagePlan:
    """One stage of a curriculum run.

    Attributes:
        name: The stage's name in ``curriculum.yaml``.
        share: Its share of the training examples.
        examples: The examples it trains on, in a seeded random order.
        pool: How many examples matched the stage before the share was applied.
        selected_by: ``"tags"`` or ``"select"``.
        gate: The stage's rubric gate from the pack.
    """

    name: str
    share: float
    examples: list[TrainExample]
    pool: int
    selected_by: str
    gate: StageGate


@dataclass(frozen=True)
class GateResult:
    """Whether a stage's gate passed, on what numbers, and why."""

    stage: str
    kind: str
    passed: bool
    metrics: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``summary.json``."""
        return {"stage": self.stage, "kind": self.kind, "passed": self.passed,
                "metrics": dict(self.metrics), "reasons": list(self.reasons)}


def matches_select(meta: dict[str, Any], select: StageSelect) -> bool:
    """Whether an example's meta fits a stage's ``select`` (an empty list allows anything)."""
    topics = meta.get("topics") or []
    if select.topics and not set(select.topics) & set(topics):
        return False
    if select.difficulty and meta.get("difficulty") not in select.difficulty:
        return False
    if select.edge_cases is not None:
        is_edge = meta.get("kind") == "edge_case" or "edge" in (meta.get("tags") or [])
        if is_edge != select.edge_cases:
            return False
    return True


def plan_curriculum(examples: Sequence[TrainExample], curriculum: Curriculum, *, seed: int
                    ) -> list[StagePlan]:
    """Split training examples into the curriculum's stages, in order.

    Each stage takes ``round(share × len(examples))`` of its matching examples (at least one, at
    most all of them), drawn with a seeded shuffle. An example may match several stages (an
    untagged one often does); it is then used in each, as the shares ask.

    Raises:
        CoachsmithError: A stage matches no example, naming the stage and how it selects.
    """
    stage_names = {s.name for s in curriculum.stages}
    by_tags = any(stage_names & set(e.meta.get("tags") or []) for e in examples)
    rng = random.Random(seed)
    plans = []
    for stage in curriculum.stages:
        if by_tags:
            pool = [e for e in examples if stage.name in (e.meta.get("tags") or [])]
            how = f"meta.tags containing {stage.name!r}"
        else:
            pool = [e for e in examples if matches_select(e.meta, stage.select)]
            how = f"its select {stage.select.model_dump()}"
        if not pool:
            raise CoachsmithError(f"curriculum stage {stage.name!r} has no training examples "
                                  f"(selected by {how}); tag the data or edit curriculum.yaml")
        want = min(len(pool), max(1, round(stage.share * len(examples))))
        order = list(pool)
        rng.shuffle(order)
        plans.append(StagePlan(stage.name, stage.share, order[:want], len(pool),
                               "tags" if by_tags else "select", stage.gate))
    return plans


def holdout_gate(stage: str, before: float, after: float, *, tolerance: float,
                 ceiling: float | None = None) -> GateResult:
    """The ``holdout_loss`` gate: ``after ≤ before × (1 + tolerance)`` and ``after ≤ ceiling``."""
    reasons = []
    if not math.isfinite(after):
        reasons.append("holdout loss is not finite")
    elif after > before * (1.0 + tolerance):
        reasons.append(f"holdout loss rose from {before:.4f} to {after:.4f}, more than "
                       f"{tolerance:.0%}")
    if ceiling is not None and not after <= ceiling:
        reasons.append(f"holdout loss {after:.4f} is above the ceiling {ceiling:.4f}")
    return GateResult(stage, "holdout_loss", not reasons,
                      {"holdout_loss_before": before, "holdout_loss_after": after}, reasons)


def rubric_gate(stage: str, scores: Sequence[ScoreResult], gate: StageGate) -> GateResult:
    """The ``rubric`` gate: the pack's pass rate, mean score and safety-failure limits."""
    if not scores:
        return GateResult(stage, "rubric", False, {}, ["no conversation was evaluated"])
    pass_rate = sum(s.passed for s in scores) / len(scores)
    mean = sum(s.score for s in scores) / len(scores)
    safety = sum(s.safety_gate_failed for s in scores)
    reasons = []
    if pass_rate < gate.min_pass_rate:
        reasons.append(f"pass rate {pass_rate:.2f} < {gate.min_pass_rate:.2f}")
    if mean < gate.min_mean_score:
        reasons.append(f"mean score {mean:.3f} < {gate.min_mean_score:.3f}")
    if safety > gate.max_safety_failures:
        reasons.append(f"{safety} safety failures > {gate.max_safety_failures}")
    return GateResult(stage, "rubric", not reasons,
                      {"pass_rate": pass_rate, "mean_score": mean, "safety_failures": float(safety),
                       "evaluated": float(len(scores))}, reasons)


def rubric_evaluation(model: Any, tokenizer: Any, holdout: Sequence[TrainExample], *, domain: Any,
                      judge: Any, conversations: int, max_new_tokens: int, seed: int,
                      judge_attempts: int = 2, criteria: Sequence[str] | None = None
                      ) -> list[ScoreResult]:
    """Rewrite the last coach turn of a few holdout conversations and score them on the rubric.

    Args:
        model: The model being trained (greedy decoding).
        tokenizer: Its tokenizer, whose chat template renders the prompt.
        holdout: Holdout examples; the first ``conversations`` are used.
        domain: The domain pack (rubric and judge prompts).
        judge: The judge role's backend.
        conversations: How many to evaluate.
        max_new_tokens: Longest reply.
        seed: Judge seed.
        judge_attempts: Tries per criterion before ERROR.
        criteria: Criteria to judge (None: every assessed one).

    Returns:
        One score per evaluated conversation.
    """
    import torch

    from coachsmith.assess.judge import judge_transcript
    from coachsmith.assess.scoring import score_answers
    from coachsmith.records import Exchange, Transcript

    results = []
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    for example in holdout[:conversations]:
        chat = example.chat()
        last = max(i for i, m in enumerate(chat) if m["role"] == "assistant")
        prompt = tokenizer.apply_chat_template(chat[:last], tokenize=False, add_generation_prompt=True)
        ids = tokenizer(prompt, add_special_tokens=False, return_tensors="pt")["input_ids"].to(device)
        with torch.no_grad():
            out = model.generate(ids, max_new_tokens=max_new_tokens, do_sample=False,
                                 pad_token_id=tokenizer.pad_token_id)
        reply = tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True).strip()
        turns = [*chat[:last], {"role": "assistant", "content": reply}]
        system = turns[0]["content"] if turns[0]["role"] == "system" else ""
        body = turns[1:] if system else turns
        exchanges = [Exchange(user=u["content"], assistant=a["content"])
                     for u, a in zip(body[0::2], body[1::2], strict=False)]
        transcript = Transcript(id=example.id, system=system, exchanges=exchanges)
        verdicts = judge_transcript(transcript, domain=domain, backend=judge, criteria=criteria,
                                    seed=seed, max_attempts=judge_attempts)
        results.append(score_answers(domain.rubric, {c: v.answer for c, v in verdicts.items()},
                                     exchanges=len(exchanges)))
    model.train(was_training)
    return results


__all__ = ["GateResult", "StagePlan", "holdout_gate", "matches_select", "plan_curriculum",
           "rubric_evaluation", "rubric_gate"]
