"""The dataset card (``dataset/README.md``): counts, distributions, pass rates, config, limits. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coachsmith.assess.report import criterion_stats
from coachsmith.curate.dataset import SPLITS, Dataset
from coachsmith.curate.examples import FORMS, Form, TokenCounter, length_bucket, primary_topic
from coachsmith.curate.flow import Outcome
from coachsmith.domain import Rubric
from coachsmith.records import Assessment


@dataclass(frozen=True)
class CardInputs:
    """What the card describes besides the dataset itself.

    Attributes:
        title: The domain's title.
        domain: Domain pack name.
        rubric: The rubric transcripts were judged on.
        judge: The judge model.
        form: The form in ``train.jsonl`` / ``holdout.jsonl``.
        outcomes: Every curated transcript's outcome.
        assessments: The assess stage's assessments (before curation).
        settings: Generation and curation settings worth recording, as label -> value.
        files: File name (relative to the dataset folder) -> what it holds.
        holdout_sha256: File name -> sha256, for the sealed holdout files.
        keep_failing: The quickstart-only setting was on.
        hf: What happened to the Hugging Face copy ("written to hf/" or why not).
        token_label: How tokens were counted (a GGUF name or "estimated").
    """

    title: str
    domain: str
    rubric: Rubric
    judge: str
    form: Form
    outcomes: Sequence[Outcome]
    assessments: Sequence[Assessment]
    settings: Mapping[str, object]
    files: Mapping[str, str]
    holdout_sha256: Mapping[str, str]
    keep_failing: bool
    hf: str
    token_label: str


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def dataset_card(dataset: Dataset, inputs: CardInputs, count: TokenCounter) -> str:
    """The card's Markdown, with Hugging Face front matter pointing at the JSONL files."""
    i = inputs
    lines = [
        "---",
        f"pretty_name: coachsmith {i.domain} coaching dataset",
        "tags: [coachsmith, synthetic, conversational]",
        "configs:",
        "- config_name: default",
        "  data_files:",
        "  - {split: train, path: train.jsonl}",
        "  - {split: holdout, path: holdout.jsonl}",
        "---",
        "",
        f"# {i.title}: coachsmith training data",
        "",
        f"Synthetic coaching conversations from the `{i.domain}` domain pack, judged on rubric "
        f"`{i.rubric.name}` by `{i.judge}` and curated by coachsmith (artifact checks, fixup, "
        f"truncation, slicing, a persona-disjoint holdout). `train.jsonl` and `holdout.jsonl` "
        f"hold the **{i.form}** form. Each line is `{{id, messages, meta}}`; only assistant "
        "messages carry `weight` (the loss weight of that turn).",
        "",
        "## Files",
        "",
        *_table(["file", "what"], [(f"`{name}`", what) for name, what in i.files.items()]),
        "",
    ]
    # Curation
    status = Counter(o.status for o in i.outcomes)
    total = len(i.outcomes)
    lines += ["## Curation", ""]
    lines += _table(["transcripts in", "kept", "fixed", "truncated", "rejected",
                     "kept failing (quickstart)"],
                    [(total, status["kept"], status["fixed"], status["truncated"],
                      status["rejected"], status["kept_failing"])])
    accepted = sum(a.status == "accepted" for o in i.outcomes for a in o.fixups)
    tried = sum(len(o.fixups) for o in i.outcomes)
    lines += ["", f"Fixup: {tried} rewrites tried, {accepted} accepted (every attempt, with the "
              "reason for each rejected one, is in `../curate/fixups.jsonl`). Near-duplicates "
              f"dropped: {len(dataset.duplicates)}.", ""]
    # Counts
    rows = []
    for split in SPLITS:
        ids = dataset.split.train if split == "train" else dataset.split.holdout
        personas = {dataset.transcripts[t].persona_id or t for t in ids}
        sliced = dataset.examples["sliced"][split]
        shared = dataset.examples["prefix_shared"][split]
        rows.append((split, len(ids), len(personas), len(sliced), len(shared),
                     len(dataset.pairs[split]),
                     sum(count(e.messages) for e in sliced),
                     sum(count(e.messages) for e in shared)))
    lines += ["## Counts", ""]
    lines += _table(["split", "transcripts", "personas", "sliced examples",
                     "prefix-shared examples", "preference pairs",
                     f"sliced tokens ({i.token_label})", f"prefix-shared tokens ({i.token_label})"],
                    rows)
    lines += [""]
    # Distributions
    lines += ["## Distributions", ""]
    for label, key in (("length bucket", length_bucket), ("primary topic", primary_topic)):
        values: dict[str, Counter[str]] = {s: Counter() for s in SPLITS}
        for split in SPLITS:
            ids = dataset.split.train if split == "train" else dataset.split.holdout
            values[split].update(key(dataset.transcripts[t]) for t in ids)
        names = sorted(set(values["train"]) | set(values["holdout"]))
        lines += _table([label, "train", "holdout"],
                        [(n, values["train"][n], values["holdout"][n]) for n in names])
        lines += [""]
    if dataset.mix is not None:
        lines += ["Curriculum stages (training order): " + ", ".join(
            f"{name} {len(ids)}" for name, ids in dataset.mix.stages.items())
            + (f"; dropped (no data): {', '.join(dataset.mix.dropped_stages)}"
               if dataset.mix.dropped_stages else "")
            + f"; left over by the shares: {len(dataset.mix.left_over)}; "
            f"matched no stage: {len(dataset.mix.unassigned)}.", ""]
    # Pass rates
    lines += ["## Rubric pass rates", ""]
    n = len(i.assessments)
    kept_scores = [o.assessment for o in i.outcomes
                   if o.status in ("kept", "fixed", "truncated") and o.assessment]
    lines += [f"Before curation: {sum(a.passed for a in i.assessments)} of {n} transcripts "
              f"passed ({_pct(sum(a.passed for a in i.assessments), n)}); "
              f"{sum(a.safety_gate_failed for a in i.assessments)} failed the safety gate. "
              f"After curation, {len(kept_scores)} kept transcripts pass.", ""]
    stats = sorted(criterion_stats(i.rubric, i.assessments),
                   key=lambda s: (-s.failure_rate, s.criterion))
    if stats:
        lines += _table(["criterion", "name", "failure rate before curation"],
                        [(s.criterion, s.name, _pct(s.failed, s.assessed)) for s in stats])
        lines += [""]
    not_judged = sorted({c for a in i.assessments for c in a.not_judged})
    if not_judged:
        lines += [f"Not judged (`assess.criteria`), so counted as failures: "
                  f"{', '.join(not_judged)}.", ""]
    # Settings
    lines += ["## Generation and curation settings", ""]
    lines += [f"- {k}: `{v}`" for k, v in i.settings.items()]
    lines += ["", "## Holdout", "",
              "The holdout is sealed: no persona in it appears in training, and training "
              "near-duplicates of it were dropped. Read it once, for the final evaluation, and "
              "record that read. sha256 at export:", ""]
    lines += [f"- `{name}`: `{digest}`" for name, digest in i.holdout_sha256.items()]
    lines += ["", f"Hugging Face copy: {i.hf}.", "", "## Known limits", ""]
    limits = [
        "Every conversation is synthetic: a simulated person talking to a model coach. It is "
        "no substitute for real people's words, and it carries the simulator's habits.",
        f"Labels come from an LLM judge (`{i.judge}`); run `coachsmith assess --calibrate` to "
        "see how far it agrees with planted faults before trusting them.",
    ]
    if "bundled" in i.judge or "135" in i.judge:
        limits.append("The judge is the bundled 135M model: its verdicts are close to noise. "
                      "This dataset shows the pipeline working, not data worth training on.")
    if i.keep_failing:
        limits.append("`curate.keep_failing` was on (quickstart only): transcripts that fail "
                      "the rubric or the safety gate are included, marked `kept_failing`.")
    if dataset.over_budget:
        limits.append(f"{len(dataset.over_budget)} transcript(s) had no slice under the token "
                      "budget and are left out.")
    if dataset.fallback:
        limits.append(f"{len(dataset.fallback)} transcript(s) broke the chat-template prefix "
                      "property; their prefix-shared entries are their slices.")
    lines += [f"- {x}" for x in limits]
    return "\n".join([*lines, ""])


def form_files(form: Form) -> dict[str, str]:
    """The file list the card shows (relative to the dataset folder)."""
    files = {
        "train.jsonl": f"training examples, {form} form",
        "holdout.jsonl": f"sealed holdout examples, {form} form",
    }
    for f in FORMS:
        files[f"{f}/train.jsonl"] = f"training examples, {f} form"
        files[f"{f}/holdout.jsonl"] = f"holdout examples, {f} form"
    files["preference_pairs.jsonl"] = ("DPO pairs from accepted fixups (TRL conversational "
                                       "format), training split")
    files["preference_pairs_holdout.jsonl"] = "DPO pairs from the holdout split (do not train)"
    return files
