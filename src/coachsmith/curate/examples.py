"""Curated transcripts to training examples (both forms) and preference pairs. Pure.

* **sliced**: one example per slice (a prefix ending on a coach turn); every assistant turn in it
  has weight 1, so the early turns are trained once per slice that holds them.
* **prefix_shared**: one example per transcript (up to its last slice end) whose assistant turn
  ``i`` has weight = the number of slices containing it. Under causal attention, with both
  normalised by the same weighted token count, it gives the sliced form's gradient with far
  fewer tokens (``coachsmith.train`` checks this).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from coachsmith.curate.fixup import FixupAttempt
from coachsmith.curate.slicing import SliceSettings, coverage_weights, slice_ends
from coachsmith.records import Example, ExampleMessage, PreferencePair, Transcript

Form = Literal["sliced", "prefix_shared"]
FORMS: tuple[Form, ...] = ("prefix_shared", "sliced")
#: Counts the tokens of a list of messages as the training model's chat template renders them.
TokenCounter = Callable[[Sequence[ExampleMessage]], int]
#: Exchange counts at which the length buckets end (the seed's 20/50/75/100-exchange lengths).
_BUCKETS = ((30, "short"), (60, "medium"), (90, "long"))


def length_bucket(transcript: Transcript) -> str:
    """``meta.length_bucket`` when generation set it, else one from the exchange count."""
    given = transcript.meta.get("length_bucket")
    if isinstance(given, str) and given:
        return given
    n = len(transcript.exchanges)
    return next((name for limit, name in _BUCKETS if n <= limit), "very_long")


def primary_topic(transcript: Transcript) -> str:
    """The first topic of ``meta.topics``, else of the first planted topics, else ``unknown``."""
    topics = transcript.meta.get("topics")
    if isinstance(topics, list) and topics and isinstance(topics[0], str):
        return topics[0]
    for ex in transcript.exchanges:
        if ex.planted and ex.planted.topics:
            return ex.planted.topics[0]
    return "unknown"


def tags(transcript: Transcript) -> list[str]:
    """Curriculum tags from ``meta.tags`` (strings only)."""
    raw = transcript.meta.get("tags")
    return [t for t in raw if isinstance(t, str)] if isinstance(raw, list) else []


def messages(transcript: Transcript, upto: int) -> list[ExampleMessage]:
    """System prompt (when set) and the first ``upto`` exchanges, without weights."""
    out = [ExampleMessage(role="system", content=transcript.system)] if transcript.system else []
    for ex in transcript.exchanges[:upto]:
        out += [ExampleMessage(role="user", content=ex.user),
                ExampleMessage(role="assistant", content=ex.assistant)]
    return out


def prefix_tokens(transcript: Transcript, count: TokenCounter) -> list[int]:
    """Tokens of each prefix: ``[tokens of 1 exchange, of 2, ...]`` (system prompt included)."""
    return [count(messages(transcript, k)) for k in range(1, len(transcript.exchanges) + 1)]


def _meta(transcript: Transcript, form: Form, extra: dict[str, object]) -> dict[str, object]:
    meta: dict[str, object] = {
        "transcript_id": transcript.id, "persona_id": transcript.persona_id, "form": form,
        "tags": tags(transcript), "length_bucket": length_bucket(transcript),
        "topic": primary_topic(transcript),
    }
    return {**meta, **extra}


def build_examples(transcript: Transcript, form: Form, ends: Sequence[int],
                   extra_meta: dict[str, object] | None = None) -> list[Example]:
    """The training examples of one transcript in one form.

    Args:
        transcript: A curated transcript.
        form: ``sliced`` or ``prefix_shared``.
        ends: Its slice ends (from :func:`coachsmith.curate.slicing.slice_ends`).
        extra_meta: Added to every example's meta (e.g. the curriculum stage).

    Returns:
        One example per slice (sliced) or one example (prefix-shared); none without slices.
    """
    extra = extra_meta or {}
    if not ends:
        return []
    if form == "sliced":
        out = []
        for end in ends:
            msgs = [m.model_copy(update={"weight": 1.0}) if m.role == "assistant" else m
                    for m in messages(transcript, end)]
            out.append(Example(id=f"{transcript.id}#{end}", messages=msgs,
                               meta=_meta(transcript, form, {"slice_end": end, **extra})))
        return out
    last = ends[-1]
    weights = iter(coverage_weights(ends, last))
    msgs = [m.model_copy(update={"weight": float(next(weights))}) if m.role == "assistant" else m
            for m in messages(transcript, last)]
    return [Example(id=f"{transcript.id}#{last}", messages=msgs,
                    meta=_meta(transcript, form, {"slice_end": last, "slices": len(ends),
                                                  **extra}))]


def plan_slices(transcript: Transcript, count: TokenCounter, settings: SliceSettings) -> list[int]:
    """Slice ends of ``transcript`` under ``settings`` with its token counts."""
    return slice_ends(transcript.id, prefix_tokens(transcript, count), settings)


def preference_pairs(transcript: Transcript, attempts: Sequence[FixupAttempt],
                     extra_meta: dict[str, object] | None = None) -> list[PreferencePair]:
    """One DPO pair per accepted fixup still in the curated transcript.

    The prompt is the curated conversation up to and including the user turn; chosen is the
    accepted rewrite, rejected the reply it replaced.
    """
    out = []
    for a in attempts:
        if a.status != "accepted" or a.exchange > len(transcript.exchanges):
            continue
        ex = transcript.exchanges[a.exchange - 1]
        if ex.source != "fixup" or ex.original is None or ex.assistant != a.rewrite:
            continue  # replaced again later: the last accepted rewrite makes the pair
        prompt = [*messages(transcript, a.exchange - 1), ExampleMessage(role="user", content=ex.user)]
        out.append(PreferencePair(
            id=f"{transcript.id}@{a.exchange}", prompt=prompt,
            chosen=[ExampleMessage(role="assistant", content=ex.assistant)],
            rejected=[ExampleMessage(role="assistant", content=ex.original)],
            meta={"transcript_id": transcript.id, "exchange": a.exchange,
                  "criteria": [*a.criteria, *a.rules], **(extra_meta or {})}))
    return out


def estimate_tokens(msgs: Sequence[ExampleMessage]) -> int:
    """A tokenizer-free count: about four characters a token, plus a few per message for the
    template. Slightly generous for English, so a slice under budget by this count is very
    likely under it for real."""
    return sum(len(m.content) // 4 + 1 + 4 for m in msgs)
