"""Project set-up and inspection: ``init``, ``domain validate|list|prompt``, ``score``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from coachsmith.assess.scoring import normalize_answer, score_answers
from coachsmith.cli._app import app, domain_app
from coachsmith.domain import (
    PROMPT_PLACEHOLDERS,
    copy_domain,
    describe,
    load_domain,
    shipped_domains,
)
from coachsmith.errors import ConfigError, Problem

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


@domain_app.command("validate")
def domain_validate(
    domain: Annotated[str, typer.Argument(help="Pack folder or shipped pack name.")],
    rubric: Annotated[str | None, typer.Option(help="Validate with this rubric file.")] = None,
) -> None:
    """Load every file of a pack and report all problems (exit 1 if any)."""
    from coachsmith.domain.suites import check_suites

    loaded = load_domain(domain, rubric=rubric)
    suite_problems = check_suites(loaded.root)  # the optional evaluation/ suites
    if suite_problems:
        raise ConfigError(suite_problems)
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
