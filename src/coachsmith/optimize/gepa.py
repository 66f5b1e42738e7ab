"""Optimising the coach prompt with DSPy's GEPA, judged by the rubric.

The DSPy program has one predictor whose *instructions are the pack's coach prompt*, template
and all. A custom adapter renders it exactly as the generator and the runtime do (system =
the prompt with ``{{session_context}}`` filled, then the session's earlier exchanges, then
the new message; the reply is plain text), so a prompt that scores well here scores well
where it is used. GEPA evaluates candidates with :class:`~coachsmith.optimize.metric.RubricMetric`
and reflects on the judge's reasons for failed criteria; the proposer that writes new
candidates is ours, so every candidate keeps exactly the placeholders the pack loader demands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coachsmith.domain.prompts import PLACEHOLDER, PROMPT_PLACEHOLDERS, check_template
from coachsmith.optimize.examples import CoachExample
from coachsmith.optimize.metric import ReplyScore, RubricMetric

COMPONENT = "coach"
_FENCE = re.compile(r"```(?:markdown|md|text)?\s*\n(.*?)```", re.DOTALL)
_MIN_PROMPT_CHARS = 80

_REFLECTION_PROMPT = """\
You are improving the system prompt of an AI self-care coach. The prompt below was used to \
answer the user messages that follow; a judge checked each reply against a rubric and \
explained every criterion it failed.

Current prompt:
```
{prompt}
```

Replies and the judge's feedback:

{records}

Write an improved version of the whole prompt that fixes the failures the judge describes \
while keeping what already works. Keep the placeholder {{{{session_context}}}} exactly once, \
where the notes from earlier sessions belong, and add no other {{{{...}}}} placeholder. \
Answer with the new prompt only, inside one ``` block."""


@dataclass(frozen=True)
class Proposal:
    """One candidate the proposer wrote, and what became of it."""

    text: str
    repaired: list[str]


def make_program(prompt: str) -> Any:
    """The DSPy module whose single predictor ``coach`` carries ``prompt`` as instructions."""
    import dspy

    class CoachReply(dspy.Signature):  # type: ignore[misc]
        session_context: str = dspy.InputField()
        history: str = dspy.InputField()
        message: str = dspy.InputField()
        reply: str = dspy.OutputField()

    adapter = _coach_adapter()

    class CoachProgram(dspy.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.coach = dspy.Predict(CoachReply.with_instructions(prompt))

        def forward(self, session_context: str, history: str, message: str) -> Any:
            with dspy.context(adapter=adapter):
                return self.coach(session_context=session_context, history=history,
                                  message=message)

    return CoachProgram()


def _coach_adapter() -> Any:
    import dspy

    class CoachAdapter(dspy.Adapter):  # type: ignore[misc]
        """Messages as coachsmith's coach sees them; the whole completion is the reply."""

        def format(self, signature: Any, demos: Any, inputs: dict[str, Any]) -> list[dict[str, Any]]:
            system = PLACEHOLDER.sub(lambda m: str(inputs.get(m.group(1), "")),
                                     signature.instructions).strip()
            messages = [{"role": "system", "content": system}]
            for user, assistant in json.loads(inputs.get("history") or "[]"):
                messages += [{"role": "user", "content": user},
                             {"role": "assistant", "content": assistant}]
            messages.append({"role": "user", "content": inputs["message"]})
            return messages

        def parse(self, signature: Any, completion: str) -> dict[str, Any]:
            return {"reply": completion.strip()}

    return CoachAdapter()


def example_inputs(example: CoachExample) -> dict[str, str]:
    """The program's inputs for one example."""
    return {"session_context": example.session_context,
            "history": json.dumps([[e.user, e.assistant] for e in example.history]),
            "message": example.message}


def to_dspy_examples(examples: Sequence[CoachExample]) -> list[Any]:
    """Examples as ``dspy.Example``s (inputs marked), carrying their id for the metric."""
    import dspy

    return [dspy.Example(example_id=e.id, **example_inputs(e)).with_inputs(
        "session_context", "history", "message") for e in examples]


def gepa_metric(metric: RubricMetric, examples: Sequence[CoachExample]) -> Callable[..., Any]:
    """GEPA's five-argument metric: the rubric score with failed-criterion feedback."""
    import dspy

    by_id = {e.id: e for e in examples}

    def score(gold: Any, pred: Any, trace: Any = None, pred_name: Any = None,
              pred_trace: Any = None) -> Any:
        result = metric(by_id[gold.example_id], str(getattr(pred, "reply", "") or ""))
        return dspy.Prediction(score=result.score.score, feedback=result.feedback)

    return score


def repair_prompt(text: str) -> tuple[str, list[str]]:
    """Make a proposed prompt loadable: exactly the coach prompt's placeholders.

    Returns:
        The repaired text and what was changed (empty when nothing was).
    """
    required = PROMPT_PLACEHOLDERS["coach_system"]
    fixes: list[str] = []

    def keep_known(match: re.Match[str]) -> str:
        if match.group(1) in required:
            return match.group(0)
        fixes.append(f"removed unknown placeholder {{{{{match.group(1)}}}}}")
        return match.group(1)

    text = PLACEHOLDER.sub(keep_known, text.strip())
    if "session_context" not in {m.group(1) for m in PLACEHOLDER.finditer(text)}:
        text += "\n\n## What you know about this person\n\n{{session_context}}"
        fixes.append("added the missing {{session_context}} section")
    assert not check_template(text, "proposal", required)
    return text + "\n", fixes


def extract_prompt(completion: str) -> str:
    """The prompt inside the reflection model's answer (the longest fenced block, else all)."""
    blocks = _FENCE.findall(completion)
    return max(blocks, key=len) if blocks else completion


def format_records(records: Sequence[Mapping[str, Any]], *, limit: int = 6) -> str:
    """GEPA's reflective records (inputs, outputs, feedback) as plain text for the prompt."""
    parts = []
    for i, rec in enumerate(records[:limit], start=1):
        inputs = rec.get("Inputs", {})
        message = inputs.get("message", "") if isinstance(inputs, Mapping) else str(inputs)
        outputs = rec.get("Generated Outputs", {})
        reply = outputs.get("reply", "") if isinstance(outputs, Mapping) else str(outputs)
        parts.append(f"### Example {i}\nUser message:\n{message}\n\nCoach reply:\n{reply}\n\n"
                     f"Judge feedback:\n{rec.get('Feedback', '')}")
    return "\n\n".join(parts)


class PromptProposer:
    """GEPA's proposal function: ask the reflection model for a better coach prompt.

    Args:
        complete: Sends one prompt to the reflection model and returns its text (a DSPy LM
            over the reflection role's backend).
    """

    def __init__(self, complete: Callable[[str], str]) -> None:
        self.complete = complete
        self.proposals: list[Proposal] = []

    def __call__(self, candidate: dict[str, str],
                 reflective_dataset: Mapping[str, Sequence[Mapping[str, Any]]],
                 components_to_update: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in components_to_update:
            current = candidate[name]
            answer = self.complete(_REFLECTION_PROMPT.format(
                prompt=current.strip(), records=format_records(reflective_dataset.get(name, []))))
            proposed = extract_prompt(answer)
            if len(proposed.strip()) < _MIN_PROMPT_CHARS:
                self.proposals.append(Proposal(current, ["proposal too short: kept the prompt"]))
                out[name] = current
                continue
            text, fixes = repair_prompt(proposed)
            self.proposals.append(Proposal(text, fixes))
            out[name] = text
        return out


@dataclass(frozen=True)
class Evaluation:
    """One prompt's replies on the validation examples, each judged."""

    prompt: str
    scores: list[ReplyScore]

    @property
    def mean_score(self) -> float:
        """Mean rubric score over the examples (0 with none)."""
        return sum(s.score.score for s in self.scores) / len(self.scores) if self.scores else 0.0

    @property
    def pass_rate(self) -> float:
        """Share of replies that passed (threshold and gate)."""
        return sum(s.score.passed for s in self.scores) / len(self.scores) if self.scores else 0.0

    def criterion_rates(self) -> dict[str, float]:
        """Criterion id -> share of the replies where it was judged that passed (YES or
        allowed NA), in the order the criteria were judged."""
        seen: dict[str, list[bool]] = {}
        for s in self.scores:
            for cid in s.verdicts:
                seen.setdefault(cid, []).append(cid not in s.score.failed)
        return {cid: sum(v) / len(v) for cid, v in seen.items()}


def evaluate_prompt(prompt: str, examples: Sequence[CoachExample], metric: RubricMetric,
                    lm: Any) -> Evaluation:
    """Run ``prompt`` on every example with ``lm`` and judge each reply."""
    import dspy

    program = make_program(prompt)
    scores = []
    with dspy.context(lm=lm):
        for example in examples:
            reply = str(program(**example_inputs(example)).reply or "")
            scores.append(metric(example, reply))
    return Evaluation(prompt, scores)
