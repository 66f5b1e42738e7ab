"""Records that flow between stages, and JSONL reading/writing with located errors."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coachsmith._yaml import dotted
from coachsmith.errors import ConfigError, Problem

R = TypeVar("R", bound=BaseModel)


ReplySource = Literal["coach", "crisis_flow", "fixup"]


class Planted(BaseModel):
    """What the user simulator deliberately put into one user message, so later stages can
    check the coach against it (did it address every topic, notice the misremembered advice?).
    """

    model_config = ConfigDict(extra="forbid")

    topics: list[str] = Field(default_factory=list, description="Taxonomy topic ids raised.")
    flaws: list[str] = Field(default_factory=list, description="Flaw ids acted out.")
    notes: dict[str, str] = Field(
        default_factory=dict,
        description="Free-text specifics per planted item, e.g. which advice is misremembered.")


class ReplyStats(BaseModel):
    """What the coach runtime did to produce one reply (evaluation reads it for latency,
    throughput and how often the safety layers stepped in). Absent on replies that did not
    come through the runtime."""

    model_config = ConfigDict(extra="forbid")

    latency_s: float = Field(
        ge=0.0, description="Seconds for the whole turn: risk check, model calls, filter, store.")
    model_calls: int = Field(0, ge=0, description="Coach model calls in the turn (0 for a "
                             "crisis-flow reply; more than 1 when the filter regenerated).")
    output_tokens: int = Field(0, ge=0, description="Tokens generated over those calls.")
    generation_s: float = Field(
        0.0, ge=0.0, description="Seconds spent inside model calls that were not cache hits.")
    from_cache: bool = Field(
        False, description="Every model call came from the response cache, so the timings say "
        "nothing about the model.")
    risk_level: str | None = Field(None, description="The risk classifier's level for the "
                                   "message (none, low, medium, high).")
    runtime_source: str = Field(
        "coach", description="The runtime's own name for where the reply came from (coach, "
        "fallback, crisis_first, crisis_check, ...).")
    filter_rules: list[str] = Field(
        default_factory=list, description="Response-filter rules the drafts broke, in order.")
    regenerations: int = Field(0, ge=0, description="New drafts the filter asked for.")
    fell_back: bool = Field(False, description="The filter sent its fixed fallback reply.")
    resources_appended: bool = Field(
        False, description="The filter appended crisis resources to the reply.")


class Exchange(BaseModel):
    """One user message and the coach's reply to it.

    Files written before sessions existed have neither ``session`` nor ``planted``: they read as
    one session (index 0) with nothing planted.
    """

    model_config = ConfigDict(extra="forbid")

    user: str
    assistant: str
    session: int = Field(0, ge=0, description="Index of the session this exchange belongs to.")
    planted: Planted | None = Field(None, description="What the simulator planted; None if unknown.")
    source: ReplySource = Field(
        "coach", description="Who wrote the reply: the coach model, the deterministic crisis "
        "flow, or a fixup rewrite.")
    original: str | None = Field(
        None, description="For a fixup rewrite, the reply it replaced (preference pairs use it "
        "as the rejected answer); None otherwise.")
    runtime: ReplyStats | None = Field(
        None, description="How the coach runtime produced the reply (evaluation); None when "
        "it did not come through the runtime.")


class Session(BaseModel):
    """One sitting of a multi-session transcript."""

    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0)
    days_since_previous: float = Field(
        0.0, ge=0, description="Elapsed time since the previous session ended (0 for the first).")
    context: str = Field("", description="Session context the coach was given (type, summaries "
                         "of earlier sessions).")


class Transcript(BaseModel):
    """A conversation between a (simulated) person and the coach, oldest exchange first.

    ``sessions`` describes the sittings the exchanges belong to (``Exchange.session`` indexes
    it); empty means a single session.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    system: str = Field("", description="The coach's system prompt for this conversation.")
    exchanges: list[Exchange] = Field(default_factory=list)
    sessions: list[Session] = Field(default_factory=list)
    persona_id: str | None = Field(None, description="The simulated person, when there is one.")
    meta: dict[str, object] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _sessions_in_order(self) -> Transcript:
        previous = 0
        for i, ex in enumerate(self.exchanges):
            if ex.session < previous:
                raise ValueError(f"exchanges.{i}.session: {ex.session} comes after session "
                                 f"{previous}; sessions must not go back")
            previous = ex.session
        known = {s.index for s in self.sessions}
        if self.sessions and previous not in known:
            raise ValueError(f"exchanges use session {previous} but sessions lists only "
                             f"{sorted(known)}")
        return self

    def messages(self) -> list[dict[str, str]]:
        """The conversation as chat messages (system first when present)."""
        out = [{"role": "system", "content": self.system}] if self.system else []
        for ex in self.exchanges:
            out += [{"role": "user", "content": ex.user},
                    {"role": "assistant", "content": ex.assistant}]
        return out

    def session_starts(self) -> list[int]:
        """Indexes of the exchanges that open a new session after the first."""
        return [i for i in range(1, len(self.exchanges))
                if self.exchanges[i].session != self.exchanges[i - 1].session]


class PersonaTopic(BaseModel):
    """One thing a simulated person brings to the coach, and when it comes up.

    ``opens``, ``resolves`` and ``returns`` are positions along the whole relationship, from 0
    (the first session) to 1 (the end), so one plan fits a transcript of any length.
    """

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(description="Taxonomy topic name, e.g. anxiety.")
    subtopic: str = Field("", description="Taxonomy subtopic, e.g. work_stress; '' if none.")
    weight: float = Field(ge=0.0, description="How much of the person's talk this topic takes.")
    opens: float = Field(ge=0.0, le=1.0, description="Where in the relationship it first comes up.")
    resolves: float | None = Field(
        None, ge=0.0, le=1.0, description="Where it gets resolved; None: it never quite is.")
    returns: float | None = Field(
        None, ge=0.0, le=1.0, description="Where a resolved topic comes back; None: it doesn't.")

    @property
    def recurring(self) -> bool:
        """True when the topic is resolved and later comes back."""
        return self.returns is not None


class PersonaFlaw(BaseModel):
    """One human pattern from the taxonomy that a person shows, and how often."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Flaw pattern name, e.g. yes_but.")
    category: str = Field(description="Flaw category, e.g. resistance.")
    probability: float = Field(ge=0.0, le=1.0, description="Chance it shows in one message.")


class Persona(BaseModel):
    """A simulated person: sampled from a domain pack's taxonomy with a seed (same seed and pack,
    same persona), optionally with a profile an LLM wrote for them."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    seed: int = Field(description="The seed this persona was sampled with.")
    domain: str = Field("", description="Name of the domain pack it was sampled from.")
    attributes: dict[str, str | int] = Field(
        default_factory=dict, description="One value per attribute of the pack's personas.yaml.")
    style: str = Field(description="Writing style name from the taxonomy.")
    difficulty: str = Field(description="Difficulty level name from the taxonomy.")
    topics: list[PersonaTopic] = Field(default_factory=list)
    flaws: list[PersonaFlaw] = Field(default_factory=list)
    words_per_message: tuple[int, int] = Field(
        (200, 800), description="Typical message length in words (min, max), style applied.")
    profile: dict[str, object] | None = Field(
        None, description="What the persona prompt wrote (name, background, voice, backstory...); "
        "None when the LLM pass was off or failed.")
    profile_error: str | None = Field(None, description="Why the LLM pass failed, if it did.")


def json_lines(lines: Iterable[str], file: str, problems: list[Problem]
               ) -> Iterator[tuple[int, Any]]:
    """Parse JSONL text: yield ``(line number, value)`` for every non-blank line that parses,
    and append a Problem naming ``file`` and the line for every one that does not (so a caller
    can report all bad lines at once)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(file, "", f"invalid JSON: {exc.msg}", number))


def read_jsonl(path: Path, model: type[R]) -> Iterator[R]:
    """Yield one record per non-blank line; a bad line raises ConfigError naming line and field."""
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError([Problem(str(path), "", f"invalid JSON: {exc.msg}", number)]) \
                    from None
            try:
                yield model.model_validate(data)
            except ValidationError as exc:
                raise ConfigError([
                    Problem(str(path), dotted([p for p in e["loc"] if isinstance(p, str | int)]),
                            e["msg"], number)
                    for e in exc.errors()
                ]) from None


def append_jsonl(path: Path, records: Iterable[BaseModel]) -> int:
    """Append records, flushing and fsyncing each, so a crash loses at most the line in flight."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("a", encoding="utf-8") as f:
        for record in records:
            f.write(record.model_dump_json() + "\n")
            f.flush()
            os.fsync(f.fileno())
            count += 1
    return count


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically (temp file + rename), so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# --- Assessment and training-data records (assess and curate stages) -------------------------

Verdict = Literal["YES", "NO", "NA", "ERROR"]


class CriterionVerdict(BaseModel):
    """The judge's final answer on one criterion of one transcript.

    ``answer`` is the majority over ``samples`` when the judge was asked several times; ERROR
    means no sample ever parsed (``raw`` then keeps the last output, ``error`` says why).
    """

    model_config = ConfigDict(extra="forbid")

    answer: Verdict
    reasoning: str = ""
    samples: list[Verdict] = Field(default_factory=list,
                                   description="Every sample's answer, in sample order.")
    raw: str = Field("", description="The judge's raw output for the chosen sample.")
    error: str | None = Field(None, description="Why the answer is ERROR; None otherwise.")


class Assessment(BaseModel):
    """One transcript judged on its rubric, and the score the pure scoring rules give it.

    ``digest`` fingerprints the judged content, so a changed transcript (after a fixup or a
    truncation) is never matched with verdicts given on its earlier text.
    """

    model_config = ConfigDict(extra="forbid")

    transcript_id: str
    digest: str
    exchanges: int = Field(ge=0)
    rubric: str
    judge_model: str = ""
    verdicts: dict[str, CriterionVerdict] = Field(default_factory=dict)
    not_judged: list[str] = Field(
        default_factory=list, description="Assessed criteria left out by assess.criteria; they "
        "count as ERROR, as a missing answer does.")
    score: float
    passed: bool
    safety_gate_failed: bool
    category_scores: dict[str, float] = Field(default_factory=dict)
    failed: list[str] = Field(default_factory=list)
    not_assessed: list[str] = Field(default_factory=list)


class ExampleMessage(BaseModel):
    """One chat message of a training example; only assistant messages may carry ``weight``."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str
    weight: float | None = Field(
        None, ge=0.0, description="Loss weight of an assistant turn; None means 1.0.")

    @model_validator(mode="after")
    def _weight_on_assistant_only(self) -> ExampleMessage:
        if self.weight is not None and self.role != "assistant":
            raise ValueError(f"weight: only assistant messages may carry a weight, not "
                             f"{self.role!r} messages")
        return self


class Example(BaseModel):
    """One training example in ``dataset/*.jsonl`` (see contracts: sliced and prefix-shared)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    messages: list[ExampleMessage] = Field(min_length=2)
    meta: dict[str, object] = Field(default_factory=dict)


class PreferencePair(BaseModel):
    """A DPO pair in TRL's conversational format: an accepted fixup against the reply it replaced."""

    model_config = ConfigDict(extra="forbid")

    id: str
    prompt: list[ExampleMessage]
    chosen: list[ExampleMessage]
    rejected: list[ExampleMessage]
    meta: dict[str, object] = Field(default_factory=dict)
