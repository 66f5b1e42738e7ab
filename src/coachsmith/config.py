"""``run.yaml``: the one config a run reads. Unknown keys are errors, every field is documented.

Relative paths in a config (``run_dir``, ``domain``, ``rubric``, a backend's ``model_path``) are
resolved against the folder that holds the config file, so a run works from any directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coachsmith._yaml import load_yaml, validate_model
from coachsmith.errors import ConfigError
from coachsmith.evaluate.config import EvaluateConfig, check_evaluate
from coachsmith.export.config import ExportConfig
from coachsmith.llm.spec import (
    ROLE_NAMES,
    BackendSpec,
    RoleName,
    RoleSpec,
    default_backends,
    default_roles,
)
from coachsmith.train.config import TrainConfig


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CacheConfig(_Strict):
    enabled: bool = Field(True, description="Cache every LLM response in SQLite.")
    path: str | None = Field(
        None, description="SQLite file; None means <run_dir>/cache.sqlite."
    )


class RetryConfig(_Strict):
    max_attempts: int = Field(5, ge=1, description="Tries per call on timeouts, 429 and 5xx.")
    base_delay_s: float = Field(0.5, ge=0.0, description="First backoff, doubled each retry.")
    max_delay_s: float = Field(30.0, ge=0.0, description="Longest single backoff, in seconds.")


class AssessConfig(_Strict):
    criteria: list[str] | None = Field(
        None, description="Criterion ids to judge; None judges every assessed criterion."
    )
    max_attempts: int = Field(
        2, ge=1, description="Tries per criterion when the judge's JSON does not parse; "
        "after that the answer is ERROR."
    )
    samples: int = Field(
        1, ge=1, description="Judge samples per criterion; the verdict is their majority (ties "
        "go to the answer that scores worse). Above 1 needs roles.judge.temperature > 0. Odd "
        "numbers avoid ties."
    )
    all_in_one: bool = Field(
        False, description="Ask every criterion of a transcript in one call (cheaper, usually "
        "less accurate than one call per criterion)."
    )
    concurrency: int | None = Field(
        None, ge=1, description="Judge calls in flight at once; None uses the judge backend's "
        "max_concurrency (llamacpp always runs one at a time)."
    )
    pilot_size: int = Field(
        20, ge=1, description="Transcripts `coachsmith assess --pilot` judges (the first ones)."
    )


class SmokeConfig(_Strict):
    message: str = Field(
        "Work has been relentless this month and I keep snapping at my partner when I get "
        "home. I also haven't called my mum back in two weeks and I feel guilty about it. "
        "I don't even know where to start.",
        description="The user message the smoke stage sends to the coach.",
    )
    session_context: str = Field(
        "Session type: check-in. This is the person's first session.",
        description="Filled into the coach system prompt's {{session_context}}.",
    )


class CurateConfig(_Strict):
    fixup: bool = Field(
        True, description="Rewrite failing replies with the fixup role (continuity-checked by "
        "the judge role) before truncating; false goes straight to truncation."
    )
    max_rewrites: int = Field(6, ge=1, description="Most replies rewritten per transcript.")
    fixup_history: int | None = Field(
        6, ge=0, description="Exchanges before a reply shown to the fixup model; None: all.")
    min_keep: int = Field(
        10, ge=1, description="Fewest exchanges a truncated transcript must keep; shorter "
        "ones are rejected instead."
    )
    keep_failing: bool = Field(
        False, description="QUICKSTART ONLY: keep transcripts that would be rejected (marked "
        "kept_failing in the dataset card), so a demo on a tiny judge still yields data. Never "
        "set it for a real run."
    )
    form: Literal["prefix_shared", "sliced"] = Field(
        "prefix_shared", description="The form in dataset/train.jsonl and holdout.jsonl (both "
        "forms are always written under dataset/<form>/)."
    )
    holdout_fraction: float = Field(
        0.1, ge=0.0, lt=1.0, description="Share of transcripts held out (persona-disjoint, "
        "stratified by length bucket and topic)."
    )
    min_context: int = Field(3, ge=1, description="Fewest exchanges in a slice.")
    min_gap: int = Field(2, ge=1, description="Smallest step between slice ends, in exchanges.")
    max_gap: int = Field(5, ge=1, description="Largest step between slice ends (early on).")
    budget_tokens: int = Field(
        120_000, ge=1, description="Most tokens in one example; later exchanges are left out.")
    tokenizer: str | None = Field(
        None, description="GGUF file whose tokenizer and chat template count tokens and check "
        "the prefix property ('bundled': SmolLM2-135M); None estimates 4 characters a token "
        "and skips the check."
    )
    dedup_threshold: float | None = Field(
        0.8, gt=0.0, le=1.0, description="Estimated Jaccard similarity (MinHash over 5-word "
        "shingles) at which two transcripts are near-duplicates; None skips deduplication."
    )
    curriculum: bool = Field(
        False, description="Mix the training split by the domain pack's curriculum stages and "
        "shares (training order = stage order)."
    )
    hf_dataset: bool | None = Field(
        None, description="Also save a Hugging Face datasets copy (dataset/hf/). None: when "
        "the datasets package is installed; true: required (pip install 'coachsmith[data]')."
    )
    min_reply_words: int = Field(3, ge=0, description="Replies with fewer words are artifacts.")
    max_length_ratio: float = Field(
        8.0, gt=0.0, description="A reply longer than this many times its message (counted as "
        "at least 30 words) is an artifact."
    )
LengthBucketName = Literal["short", "medium", "long", "very_long"]


class LengthBucket(_Strict):
    share: float = Field(ge=0.0, le=1.0, description="Share of the transcripts in this bucket; "
                         "the shares of all buckets sum to 1.")
    exchanges: int = Field(ge=1, description="Target exchanges (user message + reply) per "
                           "transcript in this bucket.")


def _default_length_mix() -> dict[LengthBucketName, LengthBucket]:
    # Seed 002's mix: 20 % short, 50 % medium, 25 % long, 5 % very long.
    return {
        "short": LengthBucket(share=0.20, exchanges=20),
        "medium": LengthBucket(share=0.50, exchanges=50),
        "long": LengthBucket(share=0.25, exchanges=75),
        "very_long": LengthBucket(share=0.05, exchanges=100),
    }


class EdgeCaseGenConfig(_Strict):
    per_category: int = Field(1, ge=1, description="Scenario transcripts per edge-case category.")
    categories: list[str] | None = Field(
        None, description="Category names from the pack's edge_cases.yaml; None: all of them.")
    exchanges: int | None = Field(
        None, ge=1, description="Exchanges per scenario; None uses each category's own.")


class GenerateConfig(_Strict):
    personas: int = Field(8, ge=1, description="Personas to sample (personas.jsonl).")
    transcripts: int = Field(8, ge=0, description="Transcripts to generate; personas are used "
                             "in turn.")
    length_mix: dict[LengthBucketName, LengthBucket] = Field(
        default_factory=_default_length_mix,
        description="Target length buckets: share of transcripts and exchanges per transcript.")
    session_exchanges: tuple[int, int] = Field(
        (3, 8), description="Exchanges per session (min, max); a transcript spans as many "
        "sessions as its length needs.")
    days_between_sessions: tuple[float, float] = Field(
        (1.0, 14.0), description="Days between two sessions (min, max), drawn per session.")
    context_budget_tokens: int = Field(
        120_000, ge=512, description="Most tokens the coach's prompt plus its reply may take, "
        "counted with the coach model's tokenizer where there is one (else estimated). Also "
        "capped by a llamacpp backend's n_ctx. A transcript that would pass it stops early.")
    concurrency: int | None = Field(
        None, ge=1, description="Transcripts in flight at once; None: the largest "
        "max_concurrency of the user_sim and coach backends. Each backend still gets at most its "
        "own max_concurrency calls at once.")
    max_attempts: int = Field(
        3, ge=1, description="Tries per turn when the output is malformed (empty, cut off, "
        "wrong role, speaks for the other side); then the transcript stops and says why.")
    trim_truncated: bool = Field(
        False, description="When every try of a reply was cut off at max_tokens, keep the last "
        "one up to its last full sentence instead of stopping. Meant for tiny models.")
    backstory: bool = Field(
        True, description="Ask the user_sim model for each persona's profile and backstory "
        "(prompts/persona.md).")
    session_notes: bool = Field(
        True, description="At the end of each session the coach writes notes "
        "(prompts/session_summary.md) that the next session's context carries.")
    crisis_flow: Literal["confident", "runtime", "off"] = Field(
        "confident", description="Standard transcripts: which user messages get the runtime "
        "crisis flow's vetted text instead of a coach reply. confident: confident high-risk "
        "ratings only; runtime: exactly as the runtime (the check question too); off: none. "
        "Edge-case scenarios always follow the runtime.")
    crisis_max_exchanges: int = Field(
        2, ge=1, description="A standard transcript stops after this many crisis-flow replies "
        "in a row (stop_reason crisis_flow).")
    edge_cases: EdgeCaseGenConfig = Field(default_factory=EdgeCaseGenConfig)

    @model_validator(mode="after")
    def _check(self) -> GenerateConfig:
        total = sum(b.share for b in self.length_mix.values())
        if not self.length_mix or abs(total - 1.0) > 1e-9:
            raise ValueError(f"length_mix shares must sum to 1, got {total:.6g}")
        for name, pair in (("session_exchanges", self.session_exchanges),
                           ("days_between_sessions", self.days_between_sessions)):
            if pair[0] < (1 if name == "session_exchanges" else 0) or pair[0] > pair[1]:
                raise ValueError(f"{name}: expected 0 < min <= max, got {list(pair)}")
        return self


class PromptOptimizationConfig(_Strict):
    """``coachsmith optimize``: improve the pack's coach prompt against the rubric (DSPy GEPA)."""

    train_examples: int = Field(
        6, ge=1, description="Coach turns (from <run_dir>/transcripts.jsonl) GEPA reflects on.")
    val_examples: int = Field(
        4, ge=1, description="Held-out coach turns, from other transcripts where there are "
        "enough, that score every candidate and the before/after table.")
    max_metric_calls: int = Field(
        24, ge=1, description="Budget: most judged replies GEPA may spend (each is one coach "
        "call plus one judge call per criterion; the cache answers repeats for free).")
    reflection_minibatch_size: int = Field(
        2, ge=1, description="Training examples GEPA shows the reflection model per proposal.")
    max_history: int = Field(
        2, ge=0, description="Earlier exchanges of the same session given with each user "
        "message (0: the message alone).")
    criteria: list[str] | None = Field(
        None, description="Criterion ids the metric judges; None: assess.criteria, else every "
        "assessed criterion.")
    reflection_role: Literal["user_sim", "coach", "judge", "fixup"] = Field(
        "judge", description="Role whose backend writes new prompt candidates (GEPA's "
        "reflection model); a strong model helps most.")


class RunConfig(_Strict):
    """Everything one ``coachsmith run`` needs."""

    run_dir: str = Field("runs/default", description="Where every stage writes its outputs.")
    domain: str = Field("therapy", description="A shipped domain name or a pack folder.")
    rubric: str | None = Field(
        None, description="Rubric file to use instead of the pack's rubric.yaml "
        "(a bare name is looked up in the pack, e.g. rubric-v1.yaml)."
    )
    seed: int = Field(0, description="Base seed for sampling and every random choice.")
    locale: str | None = Field(
        None, description="Crisis-resource locale (US, UK, IE, ...); None uses the pack default."
    )
    backends: dict[str, BackendSpec] = Field(
        default_factory=default_backends,
        description="Named backends. 'bundled' (llama.cpp on SmolLM2-135M) always exists "
        "unless redefined.",
    )
    roles: dict[RoleName, RoleSpec] = Field(
        default_factory=default_roles,
        description="user_sim, coach, judge, fixup: each names a backend and a model.",
    )
    cache: CacheConfig = Field(default_factory=CacheConfig)
    retry: RetryConfig = Field(default_factory=RetryConfig)
    assess: AssessConfig = Field(default_factory=AssessConfig)
    smoke: SmokeConfig = Field(default_factory=SmokeConfig)
    curate: CurateConfig = Field(default_factory=CurateConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)
    export: ExportConfig = Field(default_factory=ExportConfig)
    evaluate: EvaluateConfig = Field(default_factory=EvaluateConfig)
    generate: GenerateConfig = Field(default_factory=GenerateConfig)
    optimize: PromptOptimizationConfig = Field(default_factory=PromptOptimizationConfig)

    @field_validator("backends", mode="after")
    @classmethod
    def _keep_bundled(cls, value: dict[str, BackendSpec]) -> dict[str, BackendSpec]:
        return {**default_backends(), **value}

    @field_validator("roles", mode="after")
    @classmethod
    def _fill_roles(cls, value: dict[RoleName, RoleSpec]) -> dict[RoleName, RoleSpec]:
        return {**default_roles(), **value}

    def resolve(self, base: Path) -> RunConfig:
        """A copy with relative paths made absolute against ``base`` (the config's folder)."""
        def fix(p: str | None) -> str | None:
            if p is None or Path(p).is_absolute():
                return p
            candidate = base / p
            # A bare domain name ("therapy") stays a name unless such a folder exists.
            if candidate.exists() or "/" in p or p.startswith("."):
                return str(candidate.resolve())
            return p

        backends = {
            name: spec.model_copy(update={"model_path": fix(spec.model_path)})
            for name, spec in self.backends.items()
        }
        cache = self.cache.model_copy(update={"path": fix(self.cache.path)})
        curate = self.curate.model_copy(update={
            "tokenizer": fix(self.curate.tokenizer) if self.curate.tokenizer != "bundled"
            else "bundled"})
        return self.model_copy(update={
            "curate": curate,
            "run_dir": str((base / self.run_dir).resolve()),
            "domain": fix(self.domain),
            "rubric": fix(self.rubric) if self.rubric and "/" in self.rubric else self.rubric,
            "backends": backends,
            "cache": cache,
            "evaluate": self.evaluate.resolved(fix),
        })


def load_config(path: Path) -> RunConfig:
    """Read and validate ``run.yaml``; roles must name defined backends.

    Raises:
        ConfigError: naming file, line and field of every problem.
    """
    data, index = load_yaml(path)
    if data is None:
        data = {}
    config = validate_model(RunConfig, data, index)
    problems = [
        index.problem(("roles", role, "backend"),
                      f"unknown backend {spec.backend!r}; defined: {', '.join(config.backends)}")
        for role, spec in config.roles.items()
        if spec.backend not in config.backends
    ]
    problems += check_evaluate(config.evaluate, config.backends, index)
    if problems:
        raise ConfigError(problems)
    return config.resolve(path.resolve().parent)


def dump_config(config: RunConfig) -> dict[str, Any]:
    """The resolved config as plain data (written to the run folder for the record)."""
    return config.model_dump(mode="json")


__all__ = ["ROLE_NAMES", "RunConfig", "dump_config", "load_config"]
