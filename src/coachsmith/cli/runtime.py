"""The coach at runtime: ``risk`` and ``chat``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachsmith.cli._app import app
from coachsmith.config import RunConfig, load_config
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import ConfigError, Problem
from coachsmith.llm import RetryingBackend, RetryPolicy, build_backend
from coachsmith.paths import data_dir

if TYPE_CHECKING:
    from coachsmith.safety.risk import LayeredRiskClassifier


@app.command()
def risk(
    texts: Annotated[list[str] | None, typer.Argument(help="Messages to rate.")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="JSONL with a 'text' field, or plain text, one message a line.")
    ] = None,
    domain: Annotated[str, typer.Option(
        help="Domain pack (name or folder) whose risk thresholds are used.")] = "therapy",
) -> None:
    """Rate messages' risk: one JSON object per message, in input order."""
    from coachsmith.safety import assess_texts, read_messages

    if not texts and file is None:
        raise ConfigError([Problem("risk", "", "give messages as arguments or --file F")])
    messages: list[str] = list(texts or [])
    if file is not None:
        messages += read_messages(file)
    classifier = _risk_classifier(load_domain(domain))
    for result in assess_texts(messages, classifier):
        typer.echo(json.dumps(result, ensure_ascii=False))


def _risk_classifier(domain: Domain) -> LayeredRiskClassifier:
    """The packaged classifier with the pack's thresholds (the model's own when it sets none)."""
    from coachsmith.safety.risk import load_risk_classifier
    from coachsmith.safety.risk_model import Thresholds

    found = domain.safety.risk_thresholds
    return load_risk_classifier(
        thresholds=Thresholds(found.check, found.crisis) if found is not None else None)


def _default_sessions_db() -> Path:
    return data_dir() / "sessions.db"


@app.command()
def chat(
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="run.yaml: its domain, locale and coach role are used.")] = None,
    model: Annotated[Path | None, typer.Option(
        help="A GGUF file to chat with (e.g. an exported model) instead of the coach role.")
    ] = None,
    user: Annotated[str, typer.Option(help="Whose sessions these are.")] = "me",
    db: Annotated[Path | None, typer.Option(
        help="Session store (SQLite). Default: <run_dir>/sessions.db with --config, else "
        "~/.local/share/coachsmith/sessions.db.")] = None,
    session_type: Annotated[str, typer.Option(
        help="check_in, deep or micro_practice.")] = "check_in",
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the risk level and filter decisions before each reply.")] = False,
) -> None:
    """Chat with the coach in the terminal (risk check, crisis flow, filter, memory)."""
    from coachsmith.llm.spec import BackendSpec
    from coachsmith.safety.intent import load_intent_classifier
    from coachsmith.serve import SESSION_TYPES, CoachRuntime, SessionStore, run_chat

    if session_type not in SESSION_TYPES:
        raise ConfigError([Problem("--session-type", "", f"expected one of "
                                   f"{', '.join(SESSION_TYPES)}, got {session_type!r}")])
    cfg = load_config(config) if config is not None else RunConfig()
    role = cfg.roles["coach"]
    if model is not None:
        spec = BackendSpec(kind="llamacpp", model_path=str(model), model=model.name)
    else:
        spec = cfg.backends[role.backend]
    # No response cache here: it would keep people's messages in plain text, and a repeated
    # message deserves a fresh reply. Retries still smooth over a flaky server.
    coach = RetryingBackend(build_backend(spec, model=role.model if model is None else None),
                            RetryPolicy(max_attempts=cfg.retry.max_attempts))
    store_path = db or (Path(cfg.run_dir) / "sessions.db" if config else _default_sessions_db())
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store = SessionStore(store_path)
    pack = load_domain(cfg.domain, rubric=cfg.rubric)
    runtime = CoachRuntime(
        pack, coach, _risk_classifier(pack), store=store,
        locale=cfg.locale, coach_params=role, intent=load_intent_classifier(), seed=cfg.seed,
    )
    try:
        run_chat(runtime, user=user, debug=debug, session_type=session_type)
    finally:
        coach.close()
        store.close()
