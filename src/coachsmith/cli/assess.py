"""``coachsmith assess``: judge transcripts on the rubric, calibrate the judge, or run a pilot.

Files (under ``<run_dir>/assess/``): ``verdicts.jsonl`` (the journal: one line per criterion
verdict, appended as it is given, so a killed run resumes without judging anything twice),
``assessments.jsonl`` (one line per judged transcript version), ``report.md``,
``summary.json``; ``pilot.md`` for ``--pilot``; ``calibration/`` for ``--calibrate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Protocol

import typer

from coachsmith.assess.calibration import agreement, build_cases
from coachsmith.assess.inputs import read_transcripts
from coachsmith.assess.report import assessment_report, calibration_report, pilot_report
from coachsmith.assess.runner import JournalEntry, JudgeSettings, Unfinished, assess_transcripts
from coachsmith.cli._app import app
from coachsmith.cli._journal import read_journal
from coachsmith.cli._roles import Roles
from coachsmith.config import RunConfig, load_config
from coachsmith.curate.export import write_jsonl
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import ConfigError, Problem
from coachsmith.llm import Backend
from coachsmith.llm.spec import RoleName
from coachsmith.records import Assessment, Transcript, append_jsonl, write_json


class RoleBackends(Protocol):
    """Where stages get role backends (:class:`~coachsmith.cli._roles.Roles`; tests pass fakes)."""

    def backend(self, role: RoleName, stage: str) -> Backend: ...


#: What ``coachsmith generate`` writes, in the order assess and curate read it.
DEFAULT_INPUTS = ("transcripts.jsonl", "edge_cases.jsonl")


@dataclass
class AssessResult:
    """What one assess run produced, in input order."""

    assessments: list[Assessment]
    unfinished: list[Unfinished]

    def by_id(self) -> dict[str, Assessment]:
        return {a.transcript_id: a for a in self.assessments}


def input_files(run_dir: Path, given: Path | None) -> list[Path]:
    """``--input`` if given, else the generate stage's files that exist."""
    if given is not None:
        return [given]
    return [run_dir / name for name in DEFAULT_INPUTS if (run_dir / name).exists()]


def required_inputs(run_dir: Path, given: Path | None, verb: str) -> list[Path]:
    """:func:`input_files`, or an error saying where transcripts come from."""
    files = input_files(run_dir, given)
    if not files:
        raise ConfigError([Problem(str(run_dir / DEFAULT_INPUTS[0]), "", f"no transcripts to "
                                   f"{verb}: run `coachsmith generate` first, or pass --input "
                                   "FILE")])
    return files


def load_transcripts(paths: Sequence[Path]) -> list[Transcript]:
    """Every transcript of ``paths``; an id in two files is an error naming both."""
    out: list[Transcript] = []
    seen: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        for t in read_transcripts(path):
            if t.id in seen:
                problems.append(Problem(str(path), "id", f"duplicate id {t.id!r} (also in "
                                        f"{seen[t.id]})"))
                continue
            seen[t.id] = path
            out.append(t)
    if problems:
        raise ConfigError(problems)
    return out


def judge_settings(cfg: RunConfig, config_file: str,
                   criteria: Sequence[str] | None = None) -> JudgeSettings:
    """The judge settings of a run; ``criteria`` overrides ``assess.criteria``.

    Raises:
        ConfigError: ``assess.samples`` > 1 with a greedy judge (every sample would agree).
    """
    role = cfg.roles["judge"]
    if cfg.assess.samples > 1 and role.temperature == 0:
        raise ConfigError([Problem(config_file, "assess.samples", f"{cfg.assess.samples} samples "
                                   "need roles.judge.temperature > 0: greedy samples are all "
                                   "the same answer")])
    chosen = criteria if criteria is not None else cfg.assess.criteria
    return JudgeSettings(
        criteria=tuple(chosen) if chosen is not None else None, temperature=role.temperature,
        max_tokens=role.max_tokens, seed=cfg.seed, max_attempts=cfg.assess.max_attempts,
        samples=cfg.assess.samples, all_in_one=cfg.assess.all_in_one)


def run_assess(transcripts: Sequence[Transcript], *, domain: Domain, judge: Backend,
               settings: JudgeSettings, out_dir: Path, concurrency: int | None = None,
               progress: str | None = "assess") -> AssessResult:
    """Judge transcripts, resuming from ``out_dir/verdicts.jsonl``; record each assessment.

    Args:
        transcripts: What to judge.
        domain: The pack (prompts and rubric).
        judge: The judge role's backend.
        settings: How to ask.
        out_dir: Where the journal and ``assessments.jsonl`` live.
        concurrency: Most calls in flight (None: the backend's limit).
        progress: Progress bar label (None: no bar).
    """
    journal = out_dir / "verdicts.jsonl"
    done = {(e.transcript_id, e.digest, e.criterion): e.verdict
            for e in read_journal(journal, JournalEntry)}
    recorded = {(a.transcript_id, a.digest) for a in
                read_journal(out_dir / "assessments.jsonl", Assessment)}
    results: dict[str, Assessment] = {}
    unfinished: list[Unfinished] = []

    def record(entry: JournalEntry) -> None:
        append_jsonl(journal, [entry])

    for result in assess_transcripts(
            transcripts, domain=domain, backend=judge, settings=settings, done=done,
            on_verdict=record, progress=progress,
            concurrency=concurrency):
        if isinstance(result, Unfinished):
            unfinished.append(result)
            continue
        results[result.transcript_id] = result
        if (result.transcript_id, result.digest) not in recorded:
            append_jsonl(out_dir / "assessments.jsonl", [result])
            recorded.add((result.transcript_id, result.digest))
    order = [results[t.id] for t in transcripts if t.id in results]
    return AssessResult(order, unfinished)


def unfinished_error(unfinished: Sequence[Unfinished]) -> ConfigError:
    """One problem per unfinished transcript, naming its first backend error."""
    return ConfigError([Problem(u.transcript_id, next(iter(u.errors)),
                                f"{next(iter(u.errors.values()))} ({len(u.errors)} criteria "
                                "not judged; run again to finish them)") for u in unfinished])


def _summary(result: AssessResult, rubric_name: str, judge: str) -> dict[str, object]:
    n = len(result.assessments)
    passed = sum(a.passed for a in result.assessments)
    return {"transcripts": n, "passed": passed, "pass_rate": passed / n if n else None,
            "safety_gate_failed": sum(a.safety_gate_failed for a in result.assessments),
            "mean_score": sum(a.score for a in result.assessments) / n if n else None,
            "unfinished": [u.transcript_id for u in result.unfinished],
            "rubric": rubric_name, "judge": judge}


def assess_stage(cfg: RunConfig, config_file: str, domain: Domain, roles: RoleBackends,
                 transcripts: Sequence[Transcript], *, stage: str = "assess",
                 title: str = "Assessment") -> AssessResult:
    """Judge, then write ``report.md`` and ``summary.json`` for these transcripts."""
    out = Path(cfg.run_dir) / "assess"
    judge = roles.backend("judge", stage)
    result = run_assess(transcripts, domain=domain, judge=judge,
                        settings=judge_settings(cfg, config_file), out_dir=out,
                        concurrency=cfg.assess.concurrency, progress=stage)
    report = assessment_report(domain.rubric, result.assessments, judge=judge.model, title=title,
                               unfinished=len(result.unfinished))
    name = "pilot" if stage == "pilot" else "report"
    if stage == "pilot":
        report = report.replace("\n", "\n\n" + pilot_report(domain.rubric, result.assessments), 1)
    (out / f"{name}.md").write_text(report, encoding="utf-8")
    write_json(out / ("pilot.json" if stage == "pilot" else "summary.json"),
               _summary(result, domain.rubric.name, judge.model))
    return result


def calibrate_stage(cfg: RunConfig, config_file: str, domain: Domain, roles: RoleBackends,
                    bases: Sequence[Transcript] | None) -> Path:
    """Plant faults, judge, compare with the truth; returns the report's path."""
    if not domain.calibration.faults:
        raise ConfigError([Problem(str(domain.root / "calibration.yaml"), "faults",
                                   "the domain pack has no calibration faults; add a "
                                   "calibration.yaml (see the therapy pack's)")])
    cases, notes = build_cases(domain.calibration, domain.rubric, bases)
    if not cases:
        raise ConfigError([Problem(str(domain.root / "calibration.yaml"), "", "no calibration "
                                   "case applies to this rubric and these bases: "
                                   + "; ".join(notes))])
    out = Path(cfg.run_dir) / "assess" / "calibration"
    write_jsonl(out / "transcripts.jsonl", [c.transcript for c in cases])  # derived: rewritten
    judge = roles.backend("judge", "calibrate")
    groups: dict[tuple[str, ...], list[Transcript]] = {}
    for case in cases:
        groups.setdefault(case.criteria, []).append(case.transcript)
    assessments: dict[str, Assessment] = {}
    unfinished: list[Unfinished] = []
    for criteria, group in groups.items():
        result = run_assess(group, domain=domain, judge=judge,
                            settings=judge_settings(cfg, config_file, criteria), out_dir=out,
                            concurrency=cfg.assess.concurrency, progress="calibrate")
        assessments.update(result.by_id())
        unfinished += result.unfinished
    outcome = agreement(cases, assessments, domain.rubric, notes)
    report = calibration_report(outcome, judge=judge.model, rubric=domain.rubric)
    (out / "report.md").write_text(report, encoding="utf-8")
    write_json(out / "results.json", {
        "judge": judge.model, "rubric": domain.rubric.name, "cases": outcome.cases,
        "criteria": [{"criterion": r.criterion, "tp": r.tp, "fn": r.fn, "tn": r.tn, "fp": r.fp,
                      "errors": r.errors, "sensitivity": r.sensitivity.value,
                      "specificity": r.specificity.value, "kappa": r.kappa}
                     for r in outcome.criteria],
        "items": [{"item": i.item, "kind": i.kind, "criteria": i.criteria, "agreed": i.agreed,
                   "total": i.total} for i in outcome.items],
        "missing": outcome.missing, "notes": outcome.notes})
    if unfinished:
        raise unfinished_error(unfinished)
    return out / "report.md"


@app.command()
def assess(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to use.")] = Path(
        "run.yaml"),
    input_: Annotated[Path | None, typer.Option(
        "--input", help="Transcripts to judge: the project's JSONL or OpenAI-style "
        "{\"messages\": [...]} JSONL (default: <run_dir>/transcripts.jsonl and "
        "edge_cases.jsonl).")] = None,
    calibrate: Annotated[bool, typer.Option(
        "--calibrate", help="Plant known faults in clean transcripts (the pack's, or --input) "
        "and report how well the judge finds them.")] = False,
    pilot: Annotated[bool, typer.Option(
        "--pilot", help="Judge only the first assess.pilot_size transcripts and print the "
        "pass rate with the seed-002 decision.")] = False,
) -> None:
    """Judge transcripts on the rubric (resumable), calibrate the judge, or run a pilot."""
    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    roles = Roles(cfg, run_dir)
    try:
        if calibrate:
            bases = load_transcripts([input_]) if input_ is not None else None
            report = calibrate_stage(cfg, str(config), domain, roles, bases)
            typer.echo(report.read_text(encoding="utf-8"))
            typer.echo(f"outputs: {report.parent}/ (report.md, results.json, verdicts.jsonl)")
            return
        transcripts = load_transcripts(required_inputs(run_dir, input_, "assess"))
        if pilot:
            transcripts = transcripts[:cfg.assess.pilot_size]
        result = assess_stage(cfg, str(config), domain, roles, transcripts,
                              stage="pilot" if pilot else "assess",
                              title="Pilot assessment" if pilot else "Assessment")
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()
    n = len(result.assessments)
    passed = sum(a.passed for a in result.assessments)
    if pilot:
        typer.echo(pilot_report(domain.rubric, result.assessments), nl=False)
    else:
        typer.echo(f"assessed {n} transcripts: {passed} passed"
                   f"{f' ({100 * passed / n:.1f} %)' if n else ''}, "
                   f"{sum(a.safety_gate_failed for a in result.assessments)} failed the safety "
                   "gate")
    typer.echo(f"outputs: {run_dir / 'assess'}/ (report.md, assessments.jsonl, verdicts.jsonl)")
    if result.unfinished:
        raise unfinished_error(result.unfinished)


__all__ = ["DEFAULT_INPUTS", "AssessResult", "RoleBackends", "assess", "assess_stage",
           "calibrate_stage", "input_files", "judge_settings", "load_transcripts",
           "required_inputs", "run_assess"]
