"""``coachsmith curate``: artifacts -> fixup -> truncation -> slices -> split -> dataset.

Files: ``<run_dir>/curate/`` holds ``outcomes.jsonl`` (the journal: one line per curated
transcript, appended as each is decided, so a killed run resumes where it stopped),
``verdicts.jsonl`` and ``assessments.jsonl`` (re-assessments after fixup or a cut),
``curated.jsonl``, ``artifacts.jsonl``, ``fixups.jsonl``, ``rejections.jsonl`` and
``rejections.md``. ``<run_dir>/dataset/`` holds the training data in both forms, the
preference pairs, ``hf/`` (a Hugging Face ``datasets`` copy) and ``README.md`` (the card).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from coachsmith.assess.artifacts import ArtifactDetector, ArtifactSettings
from coachsmith.assess.runner import Unfinished
from coachsmith.cli._app import app
from coachsmith.cli._journal import read_journal
from coachsmith.cli._roles import Roles
from coachsmith.cli.assess import (
    RoleBackends,
    assess_stage,
    judge_settings,
    load_transcripts,
    required_inputs,
    run_assess,
    unfinished_error,
)
from coachsmith.config import RunConfig, dump_config, load_config
from coachsmith.curate.card import CardInputs, dataset_card, form_files
from coachsmith.curate.dataset import Dataset, DatasetSettings, PrefixCheck, build_dataset
from coachsmith.curate.dedup import DedupSettings
from coachsmith.curate.examples import TokenCounter, estimate_tokens
from coachsmith.curate.fixup import FixupSettings, LLMFixer
from coachsmith.curate.flow import KEPT, FlowSettings, Outcome, curate_transcript
from coachsmith.curate.rejections import logged, rejection_record, rejection_report
from coachsmith.curate.slicing import SliceSettings
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import BackendError
from coachsmith.records import Assessment, Transcript, append_jsonl, write_json


class _Unfinished(Exception):
    """A re-assessment could not finish (backend errors)."""


@dataclass
class CurateResult:
    """What one curate run produced."""

    outcomes: list[Outcome]
    dataset: Dataset
    unfinished: list[Unfinished]
    files: dict[str, Path]


def _tokens(cfg: RunConfig) -> tuple[TokenCounter, PrefixCheck | None, str]:
    if cfg.curate.tokenizer is None:
        return estimate_tokens, None, "estimated"
    from coachsmith.curate.tokens import gguf_counter, gguf_prefix_check
    from coachsmith.llm.tokenizer import GGUFTokenizer

    tok = GGUFTokenizer(None if cfg.curate.tokenizer == "bundled" else cfg.curate.tokenizer)
    return gguf_counter(tok), gguf_prefix_check(tok), tok.path.name


def _settings_for_card(cfg: RunConfig, domain: Domain) -> dict[str, object]:
    out: dict[str, object] = {
        "domain": f"{domain.name} (rubric {domain.rubric.name})", "seed": cfg.seed}
    for role, spec in cfg.roles.items():
        backend = cfg.backends[spec.backend]
        out[f"role {role}"] = (f"{backend.kind}:{spec.model or backend.model}, temperature "
                               f"{spec.temperature}, max_tokens {spec.max_tokens}")
    generate = dump_config(cfg).get("generate")
    if generate is not None:
        out["generate"] = generate
    c = cfg.curate
    out.update({
        "judge": f"samples {cfg.assess.samples}, all_in_one {cfg.assess.all_in_one}, "
                 f"criteria {cfg.assess.criteria or 'all'}",
        "fixup": f"{c.fixup} (max {c.max_rewrites} rewrites a transcript), truncation keeps "
                 f">= {c.min_keep} exchanges",
        "slicing": f"min context {c.min_context}, gaps {c.min_gap}-{c.max_gap}, budget "
                   f"{c.budget_tokens} tokens",
        "holdout_fraction": c.holdout_fraction, "dedup_threshold": c.dedup_threshold,
        "curriculum": c.curriculum, "keep_failing": c.keep_failing,
    })
    return out


def curate_stage(cfg: RunConfig, config_file: str, domain: Domain, roles: RoleBackends,
                 transcripts: Sequence[Transcript],
                 echo: Callable[[str], None] = typer.echo) -> CurateResult:
    """Assess what is missing, curate every transcript, write the curate outputs and the dataset."""
    run_dir = Path(cfg.run_dir)
    cur, out = run_dir / "curate", run_dir / "dataset"
    settings = judge_settings(cfg, config_file)
    initial = assess_stage(cfg, config_file, domain, roles, transcripts)
    first = initial.by_id()
    c = cfg.curate
    detector = ArtifactDetector(domain.artifacts, coach_name=domain.info.coach_name,
                                settings=ArtifactSettings(min_reply_words=c.min_reply_words,
                                                          max_length_ratio=c.max_length_ratio))
    judge = roles.backend("judge", "curate")
    fixup_role, judge_role = cfg.roles["fixup"], cfg.roles["judge"]
    fixer = LLMFixer(domain, fixer=roles.backend("fixup", "curate"), checker=judge,
                     detector=detector, settings=FixupSettings(
                         temperature=fixup_role.temperature, max_tokens=fixup_role.max_tokens,
                         check_temperature=judge_role.temperature,
                         check_max_tokens=judge_role.max_tokens,
                         check_attempts=cfg.assess.max_attempts,
                         history_exchanges=c.fixup_history, seed=cfg.seed))

    def reassess(t: Transcript) -> Assessment:
        result = run_assess([t], domain=domain, judge=judge, settings=settings, out_dir=cur,
                            concurrency=cfg.assess.concurrency, progress=None)
        if result.unfinished:
            raise _Unfinished(result.unfinished[0])
        return result.assessments[0]

    journal = cur / "outcomes.jsonl"
    previous = {(o.transcript_id, o.digest): o for o in read_journal(journal, Outcome)}
    flow = FlowSettings(fixup=c.fixup, max_rewrites=c.max_rewrites, min_keep=c.min_keep,
                        keep_failing=c.keep_failing)
    outcomes: list[Outcome] = []
    unfinished = list(initial.unfinished)
    for t in tqdm(transcripts, desc="curate", unit="transcript"):
        a = first.get(t.id)
        if a is None:
            continue  # its assessment is unfinished
        if (t.id, a.digest) in previous:
            outcomes.append(previous[(t.id, a.digest)])
            continue
        try:
            outcome = curate_transcript(t, a, detector=detector, assess=reassess,
                                        fixer=fixer if c.fixup else None, settings=flow,
                                        gate=domain.rubric.gate)
        except _Unfinished as exc:
            unfinished.append(exc.args[0])
            continue
        except BackendError as exc:
            unfinished.append(Unfinished(t.id, {"fixup": str(exc)}))
            continue
        append_jsonl(journal, [outcome])
        outcomes.append(outcome)

    from coachsmith.curate.export import (
        hf_available,
        sha256_file,
        write_dataset,
        write_hf,
        write_jsonl,
    )

    kept = [o.transcript for o in outcomes if o.status in KEPT and o.transcript is not None]
    write_jsonl(cur / "curated.jsonl", kept)
    write_jsonl(cur / "artifacts.jsonl", [f for o in outcomes for f in o.findings])
    write_jsonl(cur / "fixups.jsonl", [a for o in outcomes for a in o.fixups])
    write_jsonl(cur / "rejections.jsonl", [rejection_record(o) for o in outcomes if logged(o)])
    (cur / "rejections.md").write_text(rejection_report(outcomes), encoding="utf-8")

    count, prefix_ok, token_label = _tokens(cfg)
    dataset = build_dataset(
        kept, {o.transcript_id: o.fixups for o in outcomes},
        settings=DatasetSettings(
            holdout_fraction=c.holdout_fraction, seed=cfg.seed,
            slicing=SliceSettings(min_context=c.min_context, min_gap=c.min_gap,
                                  max_gap=max(c.max_gap, c.min_gap),
                                  budget_tokens=c.budget_tokens),
            dedup=DedupSettings(threshold=c.dedup_threshold) if c.dedup_threshold else None,
            curriculum=domain.curriculum if c.curriculum else None),
        count=count, prefix_ok=prefix_ok)
    files = write_dataset(dataset, out, form=c.form)
    hf = _export_hf(dataset, out, c.form, c.hf_dataset, write_hf, hf_available)
    card_files = form_files(c.form)
    if hf.startswith("written"):
        card_files["hf/"] = f"the same {c.form} examples as a datasets.DatasetDict " \
                            "(datasets.load_from_disk)"
    card = dataset_card(dataset, CardInputs(
        title=domain.info.title, domain=domain.name, rubric=domain.rubric,
        judge=judge.model, form=c.form, outcomes=outcomes, assessments=initial.assessments,
        settings=_settings_for_card(cfg, domain), files=card_files,
        holdout_sha256={name: sha256_file(files[key]) for name, key in (
            ("holdout.jsonl", "holdout"), ("prefix_shared/holdout.jsonl", "prefix_shared/holdout"),
            ("sliced/holdout.jsonl", "sliced/holdout"))},
        keep_failing=c.keep_failing, hf=hf, token_label=token_label), count)
    (out / "README.md").write_text(card, encoding="utf-8")
    files["card"] = out / "README.md"
    write_json(cur / "summary.json", {
        "transcripts": len(transcripts), "curated": len(outcomes),
        "status": {s: sum(o.status == s for o in outcomes)
                   for s in ("kept", "fixed", "truncated", "rejected", "kept_failing")},
        "train": len(dataset.split.train), "holdout": len(dataset.split.holdout),
        "duplicates": len(dataset.duplicates),
        "examples": {f: {s: len(v) for s, v in by.items()} for f, by in dataset.examples.items()},
        "preference_pairs": {s: len(v) for s, v in dataset.pairs.items()},
        "unfinished": [u.transcript_id for u in unfinished], "hf": hf})
    if hf.startswith("skipped"):
        echo(f"note: {hf}")
    return CurateResult(outcomes, dataset, unfinished, files)


def _export_hf(dataset: Dataset, out: Path, form: str, wanted: bool | None,
               write: Callable[..., Path], available: Callable[[], bool]) -> str:
    if wanted is False:
        return "not written (curate.hf_dataset: false)"
    if wanted is None and not available():
        return ("skipped: the datasets package is not installed (pip install "
                "'coachsmith[data]', or set curate.hf_dataset: false)")
    write(dataset, out / "hf", form=form)
    return "written to `hf/` (load with `datasets.load_from_disk`)"


@app.command()
def curate(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to use.")] = Path(
        "run.yaml"),
    input_: Annotated[Path | None, typer.Option(
        "--input", help="Transcripts to curate (the project's JSONL or OpenAI-style messages "
        "JSONL); default: <run_dir>/transcripts.jsonl and edge_cases.jsonl.")] = None,
) -> None:
    """Fix, truncate or reject assessed transcripts, then slice, split and write the dataset."""
    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    transcripts = load_transcripts(required_inputs(run_dir, input_, "curate"))
    roles = Roles(cfg, run_dir)
    try:
        result = curate_stage(cfg, str(config), domain, roles, transcripts)
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()
    typer.echo(summary_line(result))
    typer.echo(f"outputs: {run_dir / 'curate'}/ (rejections.md, fixups.jsonl, curated.jsonl), "
               f"{run_dir / 'dataset'}/ (train.jsonl, holdout.jsonl, README.md)")
    if result.unfinished:
        raise unfinished_error(result.unfinished)


def summary_line(result: CurateResult) -> str:
    """One line: what curation kept and what the dataset holds."""
    status = {s: sum(o.status == s for o in result.outcomes)
              for s in ("kept", "fixed", "truncated", "rejected", "kept_failing")}
    d = result.dataset
    return (f"curated {len(result.outcomes)} transcripts: " + ", ".join(
        f"{n} {s.replace('_', ' ')}" for s, n in status.items() if n) + "; dataset: "
        f"{len(d.split.train)} train / {len(d.split.holdout)} holdout transcripts, "
        f"{len(d.examples['prefix_shared']['train'])} prefix-shared and "
        f"{len(d.examples['sliced']['train'])} sliced training examples, "
        f"{len(d.pairs['train'])} preference pairs")


__all__ = ["CurateResult", "curate", "curate_stage", "summary_line"]
