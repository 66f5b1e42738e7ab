"""The before/after table of an optimisation, as Markdown (numbers from the result only)."""

from __future__ import annotations

from coachsmith.domain import Rubric
from coachsmith.optimize.run import OptimizeResult


def render_optimize_report(result: OptimizeResult, rubric: Rubric, *, source: str,
                           written_to: str | None) -> str:
    """Markdown: outcome, the before/after score table, per-criterion pass rates, candidates.

    Args:
        result: What the optimisation produced.
        rubric: Names the criteria.
        source: Where the seed prompt came from.
        written_to: Where the improved prompt was written; None when it was not.
    """
    before, after = result.before, result.after
    n = len(before.scores)
    outcome = (f"The improved prompt was written to `{written_to}`." if written_to else
               "No candidate scored higher than the original prompt on the validation "
               "examples; the prompt was left unchanged.")
    lines = [
        "# Coach prompt optimisation", "",
        f"Seed prompt: `{source}`. GEPA scored {len(result.candidates)} candidate prompts with "
        f"{result.metric_calls} judged replies. {outcome}", "",
        f"## Before and after ({n} validation examples)", "",
        "| measure | before | after | change |", "|---|---:|---:|---:|",
        f"| mean rubric score | {before.mean_score:.3f} | {after.mean_score:.3f} | "
        f"{after.mean_score - before.mean_score:+.3f} |",
        f"| pass rate | {100 * before.pass_rate:.1f} % | {100 * after.pass_rate:.1f} % | "
        f"{100 * (after.pass_rate - before.pass_rate):+.1f} pp |",
    ]
    rates_before, rates_after = before.criterion_rates(), after.criterion_rates()
    ids = [c for c in rubric.criterion_ids() if c in rates_before or c in rates_after]
    if ids:
        lines += ["", "## Criteria passed (share of judged replies)", "",
                  "Scores follow the assessment rules: an assessed criterion that was not "
                  "judged (left out by `criteria`) counts as a failure in every score above, "
                  "before and after alike.", "",
                  "| criterion | name | before | after |", "|---|---|---:|---:|"]
        for cid in ids:
            b, a = rates_before.get(cid), rates_after.get(cid)
            lines.append(f"| {cid} | {rubric.criteria[cid].name} | "
                         f"{'n/a' if b is None else f'{100 * b:.0f} %'} | "
                         f"{'n/a' if a is None else f'{100 * a:.0f} %'} |")
    lines += ["", "## Candidates", "", "| candidate | validation score | characters |",
              "|---:|---:|---:|"]
    lines += [f"| {i}{' (seed)' if i == 0 else ''} | {score:.3f} | {len(text)} |"
              for i, (text, score) in enumerate(zip(result.candidates, result.candidate_scores,
                                                    strict=True))]
    repaired = [r for r in result.repairs if r]
    if repaired:
        lines += ["", "Proposals repaired so the pack still loads: "
                  + "; ".join(", ".join(r) for r in repaired) + "."]
    return "\n".join(lines) + "\n"
