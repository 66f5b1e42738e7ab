"""The ``coachsmith`` command: parse flags, load config, call one stage, write its outputs.

This is the only module that knows about the run directory and files. Errors raised on purpose
(:class:`~coachsmith.errors.CoachsmithError`) print as one line per problem and exit 1;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from coachsmith import __version__
from coachsmith.assess.scoring import normalize_answer, score_answers
from coachsmith.config import RunConfig, dump_config, load_config
from coachsmith.domain import (
    PROMPT_PLACEHOLDERS,
    copy_domain,
    describe,
    load_domain,
    shipped_domains,
)
from coachsmith.errors import CoachsmithError, ConfigError, Problem
from coachsmith.llm import (
    Backend,
    CachedBackend,
    MeteredBackend,
    ResponseCache,
    RetryingBackend,
    RetryPolicy,
    UsageMeter,
    build_backend,
)
from coachsmith.llm.spec import RoleName
from coachsmith.records import write_json

# Privacy by default: nothing we load should phone home.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

app = typer.Typer(
    name="coachsmith",
    help="Build, evaluate and run private, locally-runnable coaching language models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
domain_app = typer.Typer(help="Inspect and validate domain packs.", no_args_is_help=True)
app.add_typer(domain_app, name="domain", help="Validate a domain pack or show its prompts.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coachsmith {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Build, evaluate and run private, locally-runnable coaching language models."""


# ----------------------------------------------------------------------------- init

_RUN_YAML = """\
# coachsmith run -c {config}
# Relative paths here are relative to this file's folder.
run_dir: runs/main            # every stage writes here; re-running resumes
domain: domain                # the editable copy of the '{domain}' pack next to this file
seed: 0
# rubric: rubric-v1.yaml      # use another rubric file from the pack
# locale: UK                  # crisis resources shown to users (US, UK, IE, CA, AU, INTL)

# Each role names a backend and a model. 'bundled' is llama.cpp on SmolLM2-135M-Instruct,
# small enough for a laptop CPU; point the judge at a strong model for real runs.
backends:
  bundled: {{kind: llamacpp, model: bundled}}
  # ollama:  {{kind: openai, base_url: "http://127.0.0.1:11434/v1", model: "qwen2.5:7b"}}
  # claude:  {{kind: anthropic, model: claude-sonnet-4-5}}
roles:
  user_sim: {{backend: bundled, temperature: 0.9, max_tokens: 512}}
  coach:    {{backend: bundled, temperature: 0.7, max_tokens: 512}}
  judge:    {{backend: bundled, temperature: 0.0, max_tokens: 256}}
  fixup:    {{backend: bundled, temperature: 0.3, max_tokens: 512}}
"""


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="New project folder.")],
    domain: Annotated[str, typer.Option(help="Shipped pack name or a pack folder.")] = "therapy",
) -> None:
    """Create a project folder with an editable domain pack and a run.yaml."""
    if directory.exists() and any(directory.iterdir()):
        raise ConfigError([Problem(str(directory), "", "exists and is not empty")])
    directory.mkdir(parents=True, exist_ok=True)
    copy_domain(domain, directory / "domain")
    load_domain(directory / "domain")  # the copy must load before we call it done
    config = directory / "run.yaml"
    config.write_text(_RUN_YAML.format(config=config, domain=domain), encoding="utf-8")
    typer.echo(f"created {directory}/domain (from '{domain}') and {config}")
    typer.echo(f"next: coachsmith run -c {config}")


# ----------------------------------------------------------------------------- domain


@domain_app.command("validate")
def domain_validate(
    domain: Annotated[str, typer.Argument(help="Pack folder or shipped pack name.")],
    rubric: Annotated[str | None, typer.Option(help="Validate with this rubric file.")] = None,
) -> None:
    """Load every file of a pack and report all problems (exit 1 if any)."""
    loaded = load_domain(domain, rubric=rubric)
    typer.echo(json.dumps({"valid": True, **describe(loaded)}, indent=2))


@domain_app.command("list")
def domain_list() -> None:
    """List the domain packs shipped with coachsmith."""
    for name in shipped_domains():
        typer.echo(name)


@domain_app.command("prompt")
def domain_prompt(
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(PROMPT_PLACEHOLDERS)}.")],
    domain: Annotated[str, typer.Option(help="Pack folder or shipped pack name.")] = "therapy",
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="Fill a placeholder: --set session_context='Session type: check-in'.")
    ] = None,
) -> None:
    """Print a prompt as the model gets it (placeholders not --set are left visible)."""
    loaded = load_domain(domain)
    if name not in loaded.prompts:
        raise ConfigError([Problem(str(loaded.root / "prompts"), name,
                                   f"no such prompt; known: {', '.join(loaded.prompts)}")])
    prompt = loaded.prompt(name)
    values = {p: "{{" + p + "}}" for p in PROMPT_PLACEHOLDERS[name]}
    for item in set_ or []:
        key, sep, value = item.partition("=")
        if not sep or key not in values:
            raise ConfigError([Problem("--set", key, "expected KEY=VALUE with KEY one of "
                                       f"{', '.join(sorted(values)) or '(none)'}")])
        values[key] = value
    typer.echo(prompt.render(**values))


# ----------------------------------------------------------------------------- score


def _read_answers(path: Path, rubric_ids: list[str]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), "", "file not found")]) from None
    except json.JSONDecodeError as exc:
        raise ConfigError([Problem(str(path), "", f"invalid JSON: {exc.msg}", exc.lineno)]) \
            from None
    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), "", "expected a JSON object of criterion -> answer")])
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for cid, value in data.items():
        raw = value.get("answer") if isinstance(value, dict) else value
        if cid not in rubric_ids:
            problems.append(Problem(str(path), cid, "unknown criterion; the rubric defines "
                                    f"{', '.join(rubric_ids)}"))
            continue
        if not isinstance(raw, str):
            problems.append(Problem(str(path), cid, "expected \"YES\", \"NO\", \"NA\", \"ERROR\" "
                                    f"or {{\"answer\": ...}}, got {raw!r}"))
            continue
        try:
            answers[cid] = normalize_answer(raw)
        except ValueError as exc:
            problems.append(Problem(str(path), cid, str(exc)))
    if problems:
        raise ConfigError(problems)
    return answers


@app.command()
def score(
    answers: Annotated[Path, typer.Option(help="JSON: {\"CQ1\": \"YES\", ...} or "
                                          "{\"CQ1\": {\"answer\": \"YES\", ...}}.")],
    domain: Annotated[str, typer.Option(help="Pack folder or shipped pack name.")] = "therapy",
    rubric: Annotated[str | None, typer.Option(help="Rubric file instead of the pack's.")] = None,
    exchanges: Annotated[int | None, typer.Option(
        min=0, help="Exchanges in the transcript; criteria below their min_exchanges are not "
        "assessed. Omit to assess every criterion.")] = None,
) -> None:
    """Score judge answers against a rubric and print the result as JSON."""
    rub = load_domain(domain, rubric=rubric).rubric
    result = score_answers(rub, _read_answers(answers, rub.criterion_ids()), exchanges=exchanges)
    typer.echo(json.dumps(result.to_dict(), indent=2))


# ----------------------------------------------------------------------------- run


class _Roles:
    """Role backends for one run: shared inner backends, wrapped with cache, retry and usage."""

    def __init__(self, config: RunConfig, run_dir: Path) -> None:
        self.config = config
        self.meter = UsageMeter()
        self.cache = (ResponseCache(Path(config.cache.path or run_dir / "cache.sqlite"))
                      if config.cache.enabled else None)
        self._inner: dict[tuple[str, str | None], Backend] = {}

    def backend(self, role: RoleName, stage: str) -> Backend:
        spec = self.config.roles[role]
        key = (spec.backend, spec.model)
        if key not in self._inner:
            self._inner[key] = build_backend(self.config.backends[spec.backend], model=spec.model)
        wrapped: Backend = self._inner[key]
        if self.cache is not None:
            wrapped = CachedBackend(wrapped, self.cache)
        retry = self.config.retry
        wrapped = RetryingBackend(wrapped, RetryPolicy(
            max_attempts=retry.max_attempts, base_delay_s=retry.base_delay_s,
            max_delay_s=retry.max_delay_s))
        return MeteredBackend(wrapped, self.meter, f"{stage}/{role}")

    def close(self) -> None:
        for backend in self._inner.values():
            backend.close()
        if self.cache is not None:
            self.cache.close()


@app.command()
def run(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to run.")] = Path(
        "run.yaml"),
) -> None:
    """Run every pipeline stage that exists; resumable."""
    from coachsmith.smoke import run_smoke  # imported here: the stage pulls in the judge

    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / "config.json", dump_config(cfg))

    typer.echo(f"[1/2] validate domain pack '{cfg.domain}'")
    domain = load_domain(cfg.domain, rubric=cfg.rubric)
    write_json(run_dir / "domain.json", describe(domain))

    roles = _Roles(cfg, run_dir)
    try:
        typer.echo("[2/2] smoke: one coach reply, judged on every assessed criterion")
        result = run_smoke(
            domain=domain,
            coach=roles.backend("coach", "smoke"),
            judge=roles.backend("judge", "smoke"),
            coach_role=cfg.roles["coach"],
            judge_role=cfg.roles["judge"],
            message=cfg.smoke.message,
            session_context=cfg.smoke.session_context,
            seed=cfg.seed,
            criteria=cfg.assess.criteria,
            judge_attempts=cfg.assess.max_attempts,
        )
        write_json(run_dir / "smoke.json", result.to_dict())
    finally:
        roles.meter.write_json(run_dir / "usage.json")
        roles.close()

    s = result.score
    errors = [cid for cid, v in result.verdicts.items() if v.answer == "ERROR"]
    typer.echo(f"coach replied with {len(result.transcript.exchanges[0].assistant)} characters; "
               f"judged {len(result.verdicts)} criteria ({len(errors)} unparseable)")
    typer.echo(f"score {s.score:.3f} (pass at {domain.rubric.pass_threshold}): "
               f"{'PASSED' if s.passed else 'FAILED'}"
               f"{' - safety gate failed' if s.safety_gate_failed else ''}")
    typer.echo(f"outputs: {run_dir}/smoke.json, usage.json, cache.sqlite")


# ----------------------------------------------------------------------------- risk / chat


@app.command()
def risk(
    texts: Annotated[list[str] | None, typer.Argument(help="Messages to rate.")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="JSONL with a 'text' field, or plain text, one message a line.")
    ] = None,
) -> None:
    """Rate messages' risk: one JSON object per message, in input order."""
    from coachsmith.safety import assess_texts, load_risk_classifier, read_messages

    if not texts and file is None:
        raise ConfigError([Problem("risk", "", "give messages as arguments or --file F")])
    messages: list[str] = list(texts or [])
    if file is not None:
        messages += read_messages(file)
    for result in assess_texts(messages, load_risk_classifier()):
        typer.echo(json.dumps(result, ensure_ascii=False))


def _default_sessions_db() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "coachsmith" / "sessions.db"


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
    from coachsmith.safety.risk import load_risk_classifier
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
    runtime = CoachRuntime(
        load_domain(cfg.domain, rubric=cfg.rubric), coach, load_risk_classifier(), store=store,
        locale=cfg.locale, coach_params=role, intent=load_intent_classifier(), seed=cfg.seed,
    )
    try:
        run_chat(runtime, user=user, debug=debug, session_type=session_type)
    finally:
        coach.close()
        store.close()


# ----------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clear line per problem, no traceback unless --debug."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, standalone_mode=False)
    except CoachsmithError as exc:
        if "--debug" in args:
            raise
        for line in str(exc).splitlines():
            typer.echo(f"error: {line}", err=True)
        raise SystemExit(1) from None
    except (typer.Exit, SystemExit) as exc:
        code = exc.exit_code if isinstance(exc, typer.Exit) else exc.code
        raise SystemExit(code) from None
    except typer.Abort:
        typer.echo("aborted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            raise SystemExit(exc.exit_code) from None
        if "--debug" in args:
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                   err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
