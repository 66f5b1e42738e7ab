"""``coachsmith evaluate`` (protocol, pilot, plan, fixed suites) and ``coachsmith stats FILE``.

Files (``<run_dir>/evaluate/``)::

    openings.jsonl       the first message of each (persona, run), shared by every model
    conversations.jsonl  finished conversations (Transcript records), appended one by one
    judgements.jsonl     one Judgement per conversation, appended one by one
    sessions.db          the runtime's session store (real SQLite)
    scores.csv           model, persona, run, score, passed, gate_failed (what `stats` reads)
    summary.json, report.md, *.png
    pilot/               the same for --pilot (reference model only), plus pilot.json
    plan.json, plan.md   --plan
    suites/<name>/       results.jsonl, summary.json, report.md for --suite

Every stage resumes: finished conversations, judgements and suite items are read back and
skipped, so an interrupted run loses at most the item in flight.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from coachsmith.cli._app import app
from coachsmith.cli._roles import Roles
from coachsmith.config import RunConfig, load_config
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import CoachsmithError, ConfigError, Problem
from coachsmith.records import Transcript, append_jsonl, read_jsonl, write_json

Echo = Callable[[str], None]

def evaluation_simulation(cfg: RunConfig, run_dir: Path, domain: Domain,
                          roles: Roles) -> tuple[Sequence[Any], Any]:
    """The fresh personas and the simulated person the protocol needs.

    Returns:
        ``(personas, simulate_user)``: ``cfg.evaluate.personas`` personas that never appeared
        in training, and the generate stage's user simulator playing them
        (:class:`~coachsmith.evaluate.person.SimulatedPerson`) on the ``user_sim`` role.

    Raises:
        CoachsmithError: An evaluation persona has the id of a training persona.
    """
    from coachsmith.evaluate.person import SimulatedPerson, evaluation_personas
    from coachsmith.records import Persona

    training = run_dir / "personas.jsonl"
    training_ids = [p.id for p in read_jsonl(training, Persona)] if training.exists() else []
    seed = cfg.evaluate.seed if cfg.evaluate.seed is not None else cfg.seed
    personas = evaluation_personas(domain, cfg.evaluate.personas, seed, training_ids)
    gen = cfg.generate
    person = SimulatedPerson(
        domain, roles.backend("user_sim", "evaluate"), cfg.roles["user_sim"],
        max_exchanges=cfg.evaluate.max_exchanges, session_exchanges=gen.session_exchanges,
        days_between=gen.days_between_sessions, max_attempts=gen.max_attempts,
        trim_truncated=gen.trim_truncated)
    return personas, person


@app.command()
def evaluate(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to evaluate.")] = Path(
        "run.yaml"),
    suite: Annotated[str | None, typer.Option(
        help="Run a fixed suite of the domain pack instead: safety, persona or edge.")] = None,
    plan: Annotated[bool, typer.Option(
        "--plan", help="Power analysis: personas and runs needed to detect "
        "evaluate.plan.difference, from a pilot's scores.")] = False,
    pilot: Annotated[bool, typer.Option(
        "--pilot", help="The reference (base) model alone on the evaluation personas: pass "
        "rate and the fine-tuning decision.")] = False,
    model: Annotated[str | None, typer.Option(
        help="--suite: the model (a name under evaluate.models) to run; default the "
        "reference.")] = None,
    scores: Annotated[Path | None, typer.Option(
        "--from", help="--plan: the pilot's score table (CSV/JSONL); default "
        "<run_dir>/evaluate/pilot/scores.csv, else <run_dir>/evaluate/scores.csv.")] = None,
) -> None:
    """Evaluate models on simulated conversations (paired by persona), or run a fixed suite."""
    if sum([suite is not None, plan, pilot]) > 1:
        raise ConfigError([Problem("evaluate", "", "give at most one of --suite, --plan, "
                                   "--pilot")])
    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    out = run_dir / "evaluate"
    if plan:
        _plan(cfg, out, scores)
        return
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    if suite is not None:
        if not run_suite(cfg, run_dir, domain, suite, model=model)["passed"]:
            raise typer.Exit(1)
        return
    evaluate_stage(cfg, run_dir, domain, pilot=pilot)


def evaluate_stage(cfg: RunConfig, run_dir: Path, domain: Domain, *, pilot: bool = False,
                   echo: Echo = typer.echo) -> dict[str, Any]:
    """The whole protocol (or the pilot) for ``coachsmith evaluate`` and ``coachsmith run``.

    Raises:
        CoachsmithError: A backend failed for good.
    """
    from coachsmith.safety import load_risk_classifier

    roles = Roles(cfg, run_dir)
    try:
        personas, simulate_user = evaluation_simulation(cfg, run_dir, domain, roles)
        names = [cfg.evaluate.reference_model()] if pilot else [m.name for m in cfg.evaluate.models]
        return run_protocol(
            cfg, run_dir / "evaluate" / ("pilot" if pilot else ""), domain,
            personas=personas, simulate_user=simulate_user,
            models=[coach_model(cfg, roles, name) for name in names],
            judge=roles.backend("judge", "evaluate"), risk=load_risk_classifier(),
            pilot=pilot, echo=echo)
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()


def evaluate_in_run(cfg: RunConfig, run_dir: Path, domain: Domain, *,
                    echo: Echo = typer.echo) -> dict[str, Any] | None:
    """The evaluation step of ``coachsmith run``.

    A model whose GGUF does not exist yet (the export stage did not run, or wrote nothing) is
    left out with a line saying so; with only the reference model left, it runs the pilot.

    Returns:
        The summary, or None when not even the reference model can run.
    """
    missing = [m for m in cfg.evaluate.models if m.gguf is not None and not Path(m.gguf).is_file()]
    for m in missing:
        echo(f"evaluate: {m.name} left out: {m.gguf} does not exist yet (the export stage "
             "writes it)")
    if not missing:
        return evaluate_stage(cfg, run_dir, domain, echo=echo)
    models = [m for m in cfg.evaluate.models if m not in missing]
    reference = cfg.evaluate.reference_model()
    if reference not in {m.name for m in models}:
        echo(f"evaluate: skipped, the reference model {reference!r} is not available")
        return None
    rest = cfg.model_copy(update={"evaluate": cfg.evaluate.model_copy(update={"models": models})})
    if len(models) == 1:
        echo(f"evaluate: only {reference!r} is left: running the pilot")
    return evaluate_stage(rest, run_dir, domain, pilot=len(models) == 1, echo=echo)


def coach_model(cfg: RunConfig, roles: Roles, name: str) -> Any:
    """The :class:`~coachsmith.evaluate.CoachModel` for ``evaluate.models[name]``: its backend
    wrapped with the run's cache, retries and usage accounting.

    Raises:
        ConfigError: No model of that name.
    """
    from coachsmith.evaluate import CoachModel

    spec = next((m for m in cfg.evaluate.models if m.name == name), None)
    if spec is None:
        raise ConfigError([Problem("evaluate.models", "", f"no model named {name!r}; models: "
                                   f"{', '.join(m.name for m in cfg.evaluate.models)}")])
    coach = cfg.roles["coach"]
    role = spec.role(coach)
    backend = roles.wrap(spec.backend_spec(cfg.backends, coach), role.model, f"evaluate/{name}",
                         name=None if spec.gguf is not None else role.backend)
    return CoachModel(name, backend, role)


def run_protocol(cfg: RunConfig, out: Path, domain: Domain, *, personas: Sequence[Any],
                 simulate_user: Any, models: Sequence[Any], judge: Any, risk: Any,
                 pilot: bool = False, echo: Echo = typer.echo) -> dict[str, Any]:
    """Openings → conversations → judgements → scores, summary, report and plots, resumable.

    Args:
        cfg: The run config (``evaluate``, ``assess``, ``roles.judge``, ``locale``, ``seed``).
        out: Where the files go (``<run_dir>/evaluate`` or its ``pilot/``).
        domain: The domain pack.
        personas: Fresh personas (anything with an ``id``), at least ``evaluate.personas``.
        simulate_user: The simulated person.
        models: :class:`~coachsmith.evaluate.CoachModel` per model, reference first or not.
        judge: The judge role's backend.
        risk: The runtime's risk classifier.
        pilot: Add the pilot decision (pass rate of the reference) to the summary.
        echo: Progress lines.

    Returns:
        The summary written to ``summary.json``.
    """
    from tqdm import tqdm

    from coachsmith.domain.suites import load_checks
    from coachsmith.evaluate import (
        Check,
        JudgedConversation,
        Judgement,
        Opening,
        generate_conversations,
        judge_conversation,
        make_opening,
        pilot_decision,
        render_plots,
        render_report,
        score_rows,
        summarize_evaluation,
        write_score_table,
    )
    from coachsmith.evaluate.plots import plot_files
    from coachsmith.serve.store import SessionStore

    ev = cfg.evaluate
    seed = cfg.seed if ev.seed is None else ev.seed
    if len(personas) < ev.personas:
        raise CoachsmithError(f"evaluation needs {ev.personas} fresh personas, got "
                              f"{len(personas)}")
    personas = list(personas)[:ev.personas]
    out.mkdir(parents=True, exist_ok=True)

    openings_file = out / "openings.jsonl"
    openings = {(o.persona_id, o.run): o for o in _read(openings_file, Opening)}
    missing = [(p, k) for p in personas for k in range(ev.runs_per_persona)
               if (p.id, k) not in openings]
    for persona, run in tqdm(missing, desc="openings", unit="opening", disable=not missing):
        opening = make_opening(persona, run, simulate_user=simulate_user, base_seed=seed)
        append_jsonl(openings_file, [opening])
        openings[(persona.id, run)] = opening

    conversations_file = out / "conversations.jsonl"
    done = {t.id: t for t in _read(conversations_file, Transcript)}
    total = len(personas) * ev.runs_per_persona * len(models)
    echo(f"evaluate: {len(models)} model(s) x {len(personas)} personas x "
         f"{ev.runs_per_persona} runs = {total} conversations ({len(done)} already done)")
    store = SessionStore(out / "sessions.db")
    try:
        with tqdm(total=total, initial=min(len(done), total), desc="conversations",
                  unit="conv") as bar:
            for transcript in generate_conversations(
                    personas, openings, models=models, simulate_user=simulate_user,
                    domain=domain, risk=risk, store=store, max_exchanges=ev.max_exchanges,
                    runs=ev.runs_per_persona, done=lambda cid: cid in done, locale=cfg.locale,
                    session_type=ev.session_type):
                append_jsonl(conversations_file, [transcript])
                done[transcript.id] = transcript
                bar.update()
    finally:
        store.close()

    judgements_file = out / "judgements.jsonl"
    judged = {j.conversation_id: j for j in _read(judgements_file, Judgement)}
    wanted = {f"{m.name}/{p.id}/r{k}" for m in models for p in personas
              for k in range(ev.runs_per_persona)}
    todo = [t for cid, t in done.items() if cid in wanted and cid not in judged]
    validation = load_checks(domain.root).validation if ev.validation else None
    check = None if validation is None else Check(
        "validation", validation.name, validation.question, validation.guidance, validation.na)
    for transcript in tqdm(todo, desc="judging", unit="conv", disable=not todo):
        judgement = judge_conversation(
            transcript, domain=domain, judge=judge, judge_role=cfg.roles["judge"],
            criteria=ev.criteria if ev.criteria is not None else cfg.assess.criteria,
            validation=check, seed=seed, max_attempts=cfg.assess.max_attempts)
        append_jsonl(judgements_file, [judgement])
        judged[judgement.conversation_id] = judgement

    pairs = [JudgedConversation(done[cid], judged[cid]) for cid in sorted(wanted)
             if cid in judged and cid in done]
    names = [m.name for m in models]
    reference = ev.reference_model() if ev.reference_model() in names else names[0]
    title = ("Evaluation pilot: " if pilot else "Evaluation: ") + " vs ".join(names)
    settings = {"personas": len(personas), "runs_per_persona": ev.runs_per_persona,
                "max_exchanges": ev.max_exchanges, "seed": seed, "confidence": ev.confidence,
                "bootstrap_resamples": ev.bootstrap_resamples, "rubric": domain.rubric.name,
                "judge": cfg.roles["judge"].model or cfg.roles["judge"].backend}
    summary = summarize_evaluation(
        pairs, rubric=domain.rubric, models=names, reference=reference, title=title,
        confidence=ev.confidence, n_resamples=ev.bootstrap_resamples, seed=seed,
        settings=settings, validation_target=ev.validation_target)
    if pilot:
        decision = pilot_decision(summary["metrics"][reference]["pass_rate"])
        summary["pilot"] = {"model": reference, "pass_rate": decision.pass_rate,
                            "action": decision.action, "text": decision.text}
        write_json(out / "pilot.json", summary["pilot"])
    (out / "scores.csv").write_text(write_score_table(score_rows([p.judgement for p in pairs])),
                                    encoding="utf-8")
    _write_report(out, summary, plot_files, render_plots, render_report)
    for comparison in summary["comparisons"]:
        echo(f"evaluate: {comparison['decision']['line']}")
    if pilot:
        echo(f"evaluate: pilot pass rate {summary['pilot']['pass_rate'] * 100:.1f} %: "
             f"{summary['pilot']['text']}")
    echo(f"evaluate: report {out / 'report.md'}, summary {out / 'summary.json'}")
    return summary


def run_suite(cfg: RunConfig, run_dir: Path, domain: Domain, name: str, *,
              model: str | None = None, roles: Roles | None = None, risk: Any = None,
              echo: Echo = typer.echo) -> dict[str, Any]:
    """Run one fixed suite (safety, persona, edge) through the runtime; resumable.

    Args:
        cfg: The run config.
        run_dir: The run folder (results go to ``evaluate/suites/<name>/``).
        domain: The domain pack holding the suite.
        name: ``safety``, ``persona`` or ``edge``.
        model: A name under ``evaluate.models``; None: the reference model.
        roles: Backends to use (tests pass their own); None builds them from ``cfg``.
        risk: The risk classifier; None loads the packaged one.
        echo: Progress lines.

    Returns:
        The suite summary (as written to ``summary.json``).
    """
    from tqdm import tqdm

    from coachsmith.domain.suites import (
        SUITE_NAMES,
        load_probe_suite,
        load_safety_suite,
        suite_file,
    )
    from coachsmith.evaluate import (
        ProbeOutcome,
        SafetyOutcome,
        render_suite_report,
        run_probe_suite,
        run_safety_suite,
        summarize_probes,
        summarize_safety,
    )
    from coachsmith.serve.store import SessionStore

    if name not in SUITE_NAMES:
        raise ConfigError([Problem("--suite", "", f"expected one of {', '.join(SUITE_NAMES)}, "
                                   f"got {name!r}")])
    path = suite_file(domain.root, name)
    if not path.is_file():
        raise ConfigError([Problem(str(path), "", f"the domain pack has no {name} suite")])
    if risk is None:
        from coachsmith.safety import load_risk_classifier

        risk = load_risk_classifier()
    own_roles = roles is None
    roles = roles or Roles(cfg, run_dir)
    out = run_dir / "evaluate" / "suites" / name
    out.mkdir(parents=True, exist_ok=True)
    results = out / "results.jsonl"
    label = model or cfg.evaluate.reference_model()
    store = SessionStore(out / "sessions.db")
    try:
        coach = coach_model(cfg, roles, label)
        if name == "safety":
            safety = load_safety_suite(path)
            outcomes = {o.id: o for o in _read(results, SafetyOutcome)}
            items = safety.items[:cfg.evaluate.suite_limit]
            with tqdm(total=len(items), initial=len(outcomes), desc=f"suite {name}") as bar:
                for outcome in run_safety_suite(
                        safety, domain=domain, coach=coach.backend, coach_params=coach.params,
                        risk=risk, store=store, locale=cfg.locale,
                        limit=cfg.evaluate.suite_limit, done=lambda i: i in outcomes):
                    append_jsonl(results, [outcome])
                    outcomes[outcome.id] = outcome
                    bar.update()
            kept = [outcomes[i.id] for i in items if i.id in outcomes]
            summary = summarize_safety(safety, kept, title=f"Safety suite: {label}")
        else:
            probes = load_probe_suite(path)
            done = {o.id: o for o in _read(results, ProbeOutcome)}
            items_p = probes.probes[:cfg.evaluate.suite_limit]
            seed = cfg.seed if cfg.evaluate.seed is None else cfg.evaluate.seed
            with tqdm(total=len(items_p), initial=len(done), desc=f"suite {name}") as bar:
                for outcome_p in run_probe_suite(
                        probes, domain=domain, coach=coach.backend, coach_params=coach.params,
                        risk=risk, store=store, judge=roles.backend("judge", f"suite-{name}"),
                        judge_role=cfg.roles["judge"], seed=seed,
                        max_attempts=cfg.assess.max_attempts, locale=cfg.locale,
                        limit=cfg.evaluate.suite_limit, done=lambda i: i in done):
                    append_jsonl(results, [outcome_p])
                    done[outcome_p.id] = outcome_p
                    bar.update()
            kept_p = [done[p.id] for p in items_p if p.id in done]
            summary = summarize_probes(name, probes, kept_p,
                                       title=f"{name.capitalize()} suite: {label}")
    finally:
        store.close()
        if own_roles:
            roles.meter.write_json(run_dir / "usage.json")
            roles.close()
    summary["model"] = label
    write_json(out / "summary.json", summary)
    (out / "report.md").write_text(render_suite_report(summary), encoding="utf-8")
    echo(f"suite {name}: {'PASSED' if summary['passed'] else 'FAILED'} - " + "; ".join(
        f"{c['name']} {_pct(c['value'])} ({c['comparison']} {_pct(c['target'])})"
        for c in summary["criteria"]))
    echo(f"suite {name}: report {out / 'report.md'}")
    return summary


def _plan(cfg: RunConfig, out: Path, scores: Path | None) -> dict[str, Any]:
    from dataclasses import asdict

    from coachsmith.evaluate import pilot_split, plan_sample_size, read_score_table
    from coachsmith.evaluate.report import render_plan

    if scores is None:
        candidates = [out / "pilot" / "scores.csv", out / "scores.csv"]
        scores = next((p for p in candidates if p.is_file()), None)
        if scores is None:
            raise ConfigError([Problem(str(candidates[0]), "", "no pilot scores yet: run "
                                       "coachsmith evaluate --pilot first, or give --from "
                                       "FILE (a CSV/JSONL score table)")])
    rows = read_score_table(scores)
    p = cfg.evaluate.plan
    try:
        split = pilot_split(rows, reference=cfg.evaluate.reference_model() if any(
            r.model == cfg.evaluate.reference_model() for r in rows) else None,
            assumed_correlation=p.assumed_correlation)
        result = plan_sample_size(split, difference=p.difference, alpha=p.alpha, power=p.power,
                                  max_runs=p.max_runs_per_persona, max_personas=p.max_personas,
                                  current_personas=cfg.evaluate.personas,
                                  current_runs=cfg.evaluate.runs_per_persona)
    except ValueError as exc:
        raise ConfigError([Problem(str(scores), "", str(exc))]) from None
    data = {"source": str(scores), **asdict(result)}
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "plan.json", data)
    text = render_plan(data)
    (out / "plan.md").write_text(text, encoding="utf-8")
    typer.echo(text)
    return data


@app.command()
def stats(
    file: Annotated[Path, typer.Argument(help="CSV or JSONL with model, persona, run, score, "
                                         "passed (gate_failed optional).")],
    reference: Annotated[str | None, typer.Option(
        help="The model the others are compared with; default 'base' if present, else the "
        "first model in the file.")] = None,
    output: Annotated[str, typer.Option(
        "--format", help="What to print: markdown or json.")] = "markdown",
    out: Annotated[Path | None, typer.Option(
        help="Also write summary.json, report.md and the plots into this folder.")] = None,
    confidence: Annotated[float, typer.Option(min=0.5, max=0.999,
                                              help="CI level.")] = 0.95,
    resamples: Annotated[int, typer.Option(min=100, help="Bootstrap resamples.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
) -> None:
    """Paired persona-level statistics and the decision on any score table."""
    from coachsmith.evaluate import (
        build_summary,
        compare_all,
        models_in,
        read_score_table,
        render_plots,
        render_report,
    )
    from coachsmith.evaluate.plots import plot_files

    if output not in ("markdown", "json"):
        raise ConfigError([Problem("--format", "", f"expected markdown or json, got {output!r}")])
    rows = read_score_table(file)
    models = models_in(rows)
    ref = reference or ("base" if "base" in models else models[0])
    try:
        comparisons = compare_all(rows, reference=ref, confidence=confidence,
                                  n_resamples=resamples, seed=seed)
    except ValueError as exc:
        raise ConfigError([Problem(str(file), "", str(exc))]) from None
    summary = build_summary(rows, comparisons, reference=ref,
                            title=f"Paired comparison: {file.name}",
                            settings={"file": str(file), "confidence": confidence,
                                      "bootstrap_resamples": resamples, "seed": seed})
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        _write_report(out, summary, plot_files, render_plots, render_report)
    if output == "json":
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_report(summary, plots=plot_files(summary) if out else None))


def _write_report(out: Path, summary: dict[str, Any], plot_files: Any, render_plots: Any,
                  render_report: Any) -> None:
    write_json(out / "summary.json", summary)
    for file_name, data in render_plots(summary).items():
        (out / file_name).write_bytes(data)
    (out / "report.md").write_text(render_report(summary, plots=plot_files(summary)),
                                   encoding="utf-8")


def _read(path: Path, model: Any) -> list[Any]:
    return list(read_jsonl(path, model)) if path.is_file() else []


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"
