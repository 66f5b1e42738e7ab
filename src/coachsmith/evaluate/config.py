"""``evaluate:`` in run.yaml: which models meet the simulated people, how many, and the stats."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coachsmith._yaml import Located
from coachsmith.errors import Problem
from coachsmith.llm.spec import BackendSpec, RoleSpec

_LABEL = r"^[A-Za-z0-9._-]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvalModel(_Strict):
    """One model under evaluation: a named backend, a GGUF file, or the coach role as it is."""

    name: str = Field(pattern=_LABEL, description="Label in reports and file names (base, "
                      "tuned, frontier...).")
    backend: str | None = Field(
        None, description="A name under 'backends:' (an Ollama, vLLM or OpenAI-compatible "
        "server, Anthropic, a command...). None with no gguf: the coach role's backend.")
    gguf: str | None = Field(
        None, description="A GGUF file (e.g. the export stage's quantized model) run in-process "
        "with llama.cpp; relative to the config file. Excludes 'backend'.")
    model: str | None = Field(
        None, description="Model name sent to the backend; None uses the backend's (or the "
        "coach role's when neither backend nor gguf is set).")
    n_ctx: int = Field(8192, ge=256, description="gguf only: context window in tokens.")
    temperature: float | None = Field(
        None, ge=0.0, le=2.0, description="Sampling temperature; None uses roles.coach's.")
    top_p: float | None = Field(None, gt=0.0, le=1.0,
                                description="Nucleus sampling mass; None uses roles.coach's.")
    max_tokens: int | None = Field(None, ge=1,
                                   description="Longest reply; None uses roles.coach's.")

    @model_validator(mode="after")
    def _one_source(self) -> EvalModel:
        if self.backend is not None and self.gguf is not None:
            raise ValueError("give 'backend' or 'gguf', not both")
        return self

    def role(self, coach: RoleSpec) -> RoleSpec:
        """The coach role with this model's overrides (backend name and sampling)."""
        update: dict[str, object] = {k: v for k, v in {
            "temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens,
        }.items() if v is not None}
        if self.backend is not None:
            update["backend"] = self.backend
            update["model"] = self.model
        elif self.model is not None:
            update["model"] = self.model
        return coach.model_copy(update=update)

    def backend_spec(self, backends: Mapping[str, BackendSpec], coach: RoleSpec) -> BackendSpec:
        """The backend this model runs on (a GGUF becomes an in-process llama.cpp spec)."""
        if self.gguf is not None:
            return BackendSpec(kind="llamacpp", model_path=self.gguf, model=self.model or self.name,
                               n_ctx=self.n_ctx)
        return backends[self.role(coach).backend]


class PlanConfig(_Strict):
    """``coachsmith evaluate --plan``: the power analysis."""

    difference: float = Field(
        0.05, gt=0.0, le=1.0, description="Smallest mean score difference worth detecting "
        "(scores run 0-1; 0.05 is five points).")
    alpha: float = Field(0.05, gt=0.0, lt=1.0, description="Two-sided significance level.")
    power: float = Field(0.8, gt=0.0, lt=1.0, description="Wanted chance of detecting "
                         "'difference' when it is real.")
    max_runs_per_persona: int = Field(5, ge=1, description="Largest runs per persona tabulated.")
    max_personas: int | None = Field(
        None, ge=2, description="Fresh personas you can afford; the recommendation stays "
        "within it. None: no cap (then 1 run per persona is always cheapest).")
    assumed_correlation: float = Field(
        0.5, ge=-1.0, lt=1.0, description="For a pilot with one model only: the assumed "
        "correlation of two models' scores on one persona; Var(difference) = 2(1 - ρ) "
        "Var(score).")


class EvaluateConfig(_Strict):
    """Base vs tuned (and any other model) on full simulated conversations, paired by persona."""

    personas: int = Field(12, ge=1, description="Fresh personas (never seen in training), each "
                          "met by every model.")
    runs_per_persona: int = Field(3, ge=1, description="Conversations per persona and model; "
                                  "run k of a persona has the same seed and opening for every "
                                  "model.")
    max_exchanges: int = Field(
        8, ge=1, description="Most exchanges per conversation; a conversation the simulated "
        "person ends earlier counts as cut short.")
    models: list[EvalModel] = Field(
        default_factory=lambda: [EvalModel(name="base")], min_length=1,
        description="Models to evaluate. The default is the coach role alone ('base').")
    reference: str | None = Field(
        None, description="The model every other model is compared with; None: the first.")
    seed: int | None = Field(None, description="Seed of personas, openings and sampling; None "
                             "uses the run's seed.")
    criteria: list[str] | None = Field(
        None, description="Rubric criteria to judge; None uses assess.criteria (and then "
        "every assessed criterion).")
    validation: bool = Field(
        True, description="Judge each coach-model reply for acknowledging the person's "
        "feelings (one judge call per reply), for the validation rate.")
    validation_target: float | None = Field(
        0.9, gt=0.0, lt=1.0, description="The validation rate a model should exceed (seed 000 "
        "wants more than 90 % of coach turns to acknowledge the person's feelings); the report "
        "says which models do. None: no target.")
    session_type: Literal["check_in", "deep", "micro_practice"] = Field(
        "check_in", description="The runtime session type the conversations open with.")
    confidence: float = Field(0.95, gt=0.0, lt=1.0, description="Level of every CI.")
    bootstrap_resamples: int = Field(10_000, ge=100, description="Bootstrap resamples.")
    suite_limit: int | None = Field(
        None, ge=1, description="Run only the first N items of a fixed suite (a quick check); "
        "None runs every item.")
    plan: PlanConfig = Field(default_factory=PlanConfig)

    def reference_model(self) -> str:
        """The reference model's label."""
        return self.reference or self.models[0].name

    def resolved(self, fix: Callable[[str | None], str | None]) -> EvaluateConfig:
        """A copy with every ``gguf`` path passed through ``fix`` (made absolute)."""
        return self.model_copy(update={"models": [
            m.model_copy(update={"gguf": fix(m.gguf)}) for m in self.models]})


def check_evaluate(cfg: EvaluateConfig, backends: Mapping[str, BackendSpec],
                   index: Located) -> list[Problem]:
    """Cross-field checks: unique names, known backends, a reference that exists."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, model in enumerate(cfg.models):
        if model.name in seen:
            problems.append(index.problem(("evaluate", "models", i, "name"),
                                          f"duplicate model name {model.name!r}"))
        seen.add(model.name)
        if model.backend is not None and model.backend not in backends:
            problems.append(index.problem(
                ("evaluate", "models", i, "backend"),
                f"unknown backend {model.backend!r}; defined: {', '.join(backends)}"))
    if cfg.reference is not None and cfg.reference not in seen:
        problems.append(index.problem(("evaluate", "reference"),
                                      f"no model named {cfg.reference!r}; models: "
                                      f"{', '.join(m.name for m in cfg.models)}"))
    return problems
