"""How realistic a batch of generated transcripts is, measured against what was asked for.

:func:`measure_realism` is pure: personas, transcripts and the configured length mix in, one
:class:`RealismResult` out. :func:`write_realism_report` renders that result as ``report.md``
plus PNG plots; every number in the Markdown is read from the result, never recomputed.

What is measured:

- **Length buckets**: share of transcripts per bucket against the configured share, and the
  exchanges each bucket reached against its target.
- **Topics** and **flaws**: share of planted mentions per topic against the personas' topic
  weights, and the share of user messages showing each flaw against the personas' per-message
  probabilities (both averaged the way the transcripts used the personas).
- **Message lengths** in words (user and coach), and the share of user messages inside their
  persona's ``words_per_message`` range.
- **Multi-topic messages**: share of user messages that planted two topics or more.
- **Diversity**: distinct-1/2/3 over all user messages (unique n-grams / all n-grams), and
  pairwise word-set Jaccard similarity between personas (each persona's vocabulary is the set
  of lower-cased words of its user messages).
- **Early stops**: transcripts with a ``stop_reason``, counted by reason.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from coachsmith.records import Persona, Transcript

_WORD = re.compile(r"[A-Za-z0-9']+")
_Name = TypeVar("_Name", bound=str)


class LengthBucketTarget(Protocol):
    """One configured length bucket (``GenerateConfig.length_mix`` values fit)."""

    @property
    def share(self) -> float: ...

    @property
    def exchanges(self) -> int: ...


@dataclass(frozen=True)
class Share:
    """An observed share next to its target (both in [0, 1]); ``count`` is the observed count."""

    name: str
    count: int
    observed: float
    target: float | None

    @property
    def gap(self) -> float | None:
        """observed - target, or None without a target."""
        return None if self.target is None else self.observed - self.target


@dataclass(frozen=True)
class BucketStats:
    """One length bucket: how many transcripts, and how far they got against the target."""

    name: str
    transcripts: int
    share: float
    target_share: float | None
    target_exchanges: int | None
    mean_exchanges: float
    reached_target: int


@dataclass(frozen=True)
class Summary:
    """Distribution summary of a list of numbers (all 0 when the list is empty)."""

    count: int
    mean: float
    median: float
    p10: float
    p90: float
    minimum: float
    maximum: float

    @staticmethod
    def of(values: Sequence[float]) -> Summary:
        """Summarise ``values`` (nearest-rank percentiles)."""
        if not values:
            return Summary(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        ordered = sorted(values)
        return Summary(len(ordered), statistics.fmean(ordered), float(statistics.median(ordered)),
                       _percentile(ordered, 0.10), _percentile(ordered, 0.90),
                       float(ordered[0]), float(ordered[-1]))


@dataclass(frozen=True)
class Similarity:
    """Word-set Jaccard similarity of two personas' user messages."""

    first: str
    second: str
    jaccard: float


@dataclass(frozen=True)
class RealismResult:
    """Everything the realism report shows. Shares are fractions in [0, 1].

    Attributes:
        transcripts: Transcripts measured.
        user_messages: User messages measured.
        planted_messages: User messages that carry a ``planted`` record.
        buckets: One entry per configured or observed length bucket, configured ones first.
        exchanges: Exchanges per transcript.
        exchanges_by_transcript: Transcript id -> exchanges (the histogram's data).
        topics: Topic shares among all planted topic mentions, against persona weights.
        flaws: Share of planted user messages showing each flaw, against persona probabilities.
        user_words: Words per user message.
        coach_words: Words per coach reply.
        user_word_counts: Every user message's word count (the histogram's data).
        in_persona_range: Share of user messages whose length lies in their persona's range
            (None when no message has a known persona).
        multi_topic: Share of planted user messages with two or more topics.
        topics_per_message: Number of planted topics -> user messages.
        distinct: n -> distinct-n over all user messages (n = 1, 2, 3).
        persona_similarity: Pairwise persona similarities, most similar first.
        mean_persona_similarity: Mean of ``persona_similarity`` (None with fewer than two).
        stopped_early: Stop reason -> transcript ids, reasons sorted by count then name.
    """

    transcripts: int
    user_messages: int
    planted_messages: int
    buckets: list[BucketStats]
    exchanges: Summary
    exchanges_by_transcript: dict[str, int]
    topics: list[Share]
    flaws: list[Share]
    user_words: Summary
    coach_words: Summary
    user_word_counts: list[int]
    in_persona_range: float | None
    multi_topic: float
    topics_per_message: dict[int, int]
    distinct: dict[int, float]
    persona_similarity: list[Similarity] = field(default_factory=list)
    mean_persona_similarity: float | None = None
    stopped_early: dict[str, list[str]] = field(default_factory=dict)


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters, digits and apostrophes)."""
    return [w.lower() for w in _WORD.findall(text)]


def distinct_n(texts: Sequence[str], n: int) -> float:
    """Unique n-grams / all n-grams over ``texts`` (n-grams never span two texts); 0 if none."""
    grams: list[tuple[str, ...]] = []
    for text in texts:
        tokens = words(text)
        grams += [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def measure_realism(
    personas: Sequence[Persona],
    transcripts: Sequence[Transcript],
    *,
    length_mix: Mapping[_Name, LengthBucketTarget],
) -> RealismResult:
    """Measure a batch of transcripts against the configured targets.

    Args:
        personas: The personas the transcripts were generated from (matched on
            ``Transcript.persona_id``; a transcript without a known persona adds no target).
        transcripts: The generated transcripts (edge-case scenarios are better measured apart).
        length_mix: Configured length buckets by name, e.g. ``GenerateConfig.length_mix``.

    Returns:
        The measurements, ready for :func:`write_realism_report`.
    """
    by_id = {p.id: p for p in personas}
    user_texts: list[str] = []
    user_counts: list[int] = []
    coach_counts: list[int] = []
    in_range: list[bool] = []
    topic_mentions: Counter[str] = Counter()
    flaw_messages: Counter[str] = Counter()
    topic_target: defaultdict[str, float] = defaultdict(float)
    flaw_target: defaultdict[str, float] = defaultdict(float)
    topics_per_message: Counter[int] = Counter()
    planted_messages = 0
    persona_words: defaultdict[str, set[str]] = defaultdict(set)
    stopped: defaultdict[str, list[str]] = defaultdict(list)
    bucket_of: dict[str, str] = {}

    for t in transcripts:
        persona = by_id.get(t.persona_id or "")
        bucket = t.meta.get("length_bucket")
        if isinstance(bucket, str):
            bucket_of[t.id] = bucket
        reason = t.meta.get("stop_reason")
        if reason:
            stopped[str(reason)].append(t.id)
        total_weight = sum(pt.weight for pt in persona.topics) if persona else 0.0
        for ex in t.exchanges:
            tokens = words(ex.user)
            user_texts.append(ex.user)
            user_counts.append(len(tokens))
            coach_counts.append(len(words(ex.assistant)))
            if persona is not None:
                low, high = persona.words_per_message
                in_range.append(low <= len(tokens) <= high)
                persona_words[persona.id].update(tokens)
            if ex.planted is None:
                continue
            planted_messages += 1
            raised = list(dict.fromkeys(ex.planted.topics))
            topics_per_message[len(raised)] += 1
            topic_mentions.update(raised)
            flaw_messages.update(set(ex.planted.flaws))
            if persona is None:
                continue
            # Targets accumulate per planted message, so they weigh personas as the data does.
            for flaw in persona.flaws:
                flaw_target[flaw.name] += flaw.probability
            for pt in persona.topics:
                if total_weight > 0:
                    topic_target[pt.topic] += pt.weight / total_weight

    mentions = sum(topic_mentions.values())
    topic_names = sorted(set(topic_mentions) | set(topic_target),
                         key=lambda n: (-topic_mentions[n], n))
    topics = [Share(n, topic_mentions[n], topic_mentions[n] / mentions if mentions else 0.0,
                    topic_target[n] / planted_messages if n in topic_target else None)
              for n in topic_names]
    flaw_names = sorted(set(flaw_messages) | set(flaw_target), key=lambda n: (-flaw_messages[n], n))
    flaws = [Share(n, flaw_messages[n],
                   flaw_messages[n] / planted_messages if planted_messages else 0.0,
                   flaw_target[n] / planted_messages if n in flaw_target else None)
             for n in flaw_names]

    similarities = [Similarity(a, b, jaccard(persona_words[a], persona_words[b]))
                    for a, b in itertools.combinations(sorted(persona_words), 2)]
    similarities.sort(key=lambda s: (-s.jaccard, s.first, s.second))

    return RealismResult(
        transcripts=len(transcripts),
        user_messages=len(user_texts),
        planted_messages=planted_messages,
        buckets=_buckets(transcripts, bucket_of, {str(k): v for k, v in length_mix.items()}),
        exchanges=Summary.of([len(t.exchanges) for t in transcripts]),
        exchanges_by_transcript={t.id: len(t.exchanges) for t in transcripts},
        topics=topics,
        flaws=flaws,
        user_words=Summary.of(user_counts),
        coach_words=Summary.of(coach_counts),
        user_word_counts=user_counts,
        in_persona_range=sum(in_range) / len(in_range) if in_range else None,
        multi_topic=(sum(c for k, c in topics_per_message.items() if k >= 2) / planted_messages
                     if planted_messages else 0.0),
        topics_per_message=dict(sorted(topics_per_message.items())),
        distinct={n: distinct_n(user_texts, n) for n in (1, 2, 3)},
        persona_similarity=similarities,
        mean_persona_similarity=(statistics.fmean(s.jaccard for s in similarities)
                                 if similarities else None),
        stopped_early={r: sorted(ids) for r, ids in
                       sorted(stopped.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
    )


def _buckets(transcripts: Sequence[Transcript], bucket_of: Mapping[str, str],
             length_mix: Mapping[str, LengthBucketTarget]) -> list[BucketStats]:
    names = list(length_mix) + sorted({b for b in bucket_of.values() if b not in length_mix})
    if any(t.id not in bucket_of for t in transcripts):
        names.append("(none)")
    out = []
    for name in names:
        members = [t for t in transcripts if bucket_of.get(t.id, "(none)") == name]
        target = length_mix.get(name)
        out.append(BucketStats(
            name=name,
            transcripts=len(members),
            share=len(members) / len(transcripts) if transcripts else 0.0,
            target_share=target.share if target else None,
            target_exchanges=target.exchanges if target else None,
            mean_exchanges=statistics.fmean(len(t.exchanges) for t in members) if members else 0.0,
            reached_target=sum(1 for t in members if len(t.exchanges) >= _goal(t, target)),
        ))
    return out


def _goal(t: Transcript, target: LengthBucketTarget | None) -> float:
    """The transcript's own ``target_exchanges``, else its bucket's; inf when neither exists."""
    own = t.meta.get("target_exchanges")
    if isinstance(own, int) and not isinstance(own, bool):
        return own
    return target.exchanges if target else math.inf


def _percentile(ordered: Sequence[float], q: float) -> float:
    rank = max(1, math.ceil(q * len(ordered)))
    return float(ordered[rank - 1])


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def _num(value: float) -> str:
    return f"{value:.1f}"


def _summary_row(name: str, s: Summary) -> str:
    return (f"| {name} | {s.count} | {_num(s.mean)} | {_num(s.median)} | {_num(s.p10)} | "
            f"{_num(s.p90)} | {_num(s.minimum)} | {_num(s.maximum)} |")


def render_realism_markdown(result: RealismResult, *, plots: Sequence[str] = ()) -> str:
    """The report as Markdown; ``plots`` are PNG file names to link (next to the report)."""
    r = result
    lines = [
        "# Realism report", "",
        f"{r.transcripts} transcripts, {r.user_messages} user messages "
        f"({r.planted_messages} with planted topics and flaws).", "",
        "## Length buckets", "",
        "| bucket | transcripts | share | target share | target exchanges | mean exchanges "
        "| reached target |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for b in r.buckets:
        lines.append(
            f"| {b.name} | {b.transcripts} | {_pct(b.share)} | {_pct(b.target_share)} | "
            f"{b.target_exchanges if b.target_exchanges is not None else 'n/a'} | "
            f"{_num(b.mean_exchanges)} | {b.reached_target} |")
    lines += ["", "## Exchanges and message lengths", "",
              "| measure | count | mean | median | p10 | p90 | min | max |",
              "|---|---:|---:|---:|---:|---:|---:|---:|",
              _summary_row("exchanges per transcript", r.exchanges),
              _summary_row("words per user message", r.user_words),
              _summary_row("words per coach reply", r.coach_words), "",
              f"User messages within their persona's words-per-message range: "
              f"{_pct(r.in_persona_range)}.", ""]
    lines += ["## Topics", "",
              "Share of all planted topic mentions; the target is the personas' topic weights, "
              "averaged over the planted messages.", "",
              "| topic | mentions | share | target | gap |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {s.name} | {s.count} | {_pct(s.observed)} | {_pct(s.target)} | "
              f"{_gap(s.gap)} |" for s in r.topics]
    lines += ["", f"Multi-topic user messages (two topics or more): {_pct(r.multi_topic)}.", "",
              "| topics in message | messages |", "|---:|---:|"]
    lines += [f"| {k} | {v} |" for k, v in r.topics_per_message.items()]
    lines += ["", "## Flaws", "",
              "Share of planted user messages showing each flaw; the target is the personas' "
              "per-message probability, averaged over the planted messages.", "",
              "| flaw | messages | share | target | gap |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {s.name} | {s.count} | {_pct(s.observed)} | {_pct(s.target)} | "
              f"{_gap(s.gap)} |" for s in r.flaws]
    lines += ["", "## Diversity", "",
              "distinct-n = unique n-grams / all n-grams over every user message (higher is more "
              "varied). Persona similarity is the Jaccard index of two personas' word sets "
              "(lower-cased words of all their user messages); lower means personas write less "
              "alike.", "",
              "| measure | value |", "|---|---:|"]
    lines += [f"| distinct-{n} | {v:.3f} |" for n, v in r.distinct.items()]
    mean_sim = r.mean_persona_similarity
    lines.append(f"| mean pairwise persona Jaccard | "
                 f"{'n/a' if mean_sim is None else f'{mean_sim:.3f}'} |")
    if r.persona_similarity:
        lines += ["", "Most similar persona pairs:", "", "| persona | persona | Jaccard |",
                  "|---|---|---:|"]
        lines += [f"| {s.first} | {s.second} | {s.jaccard:.3f} |" for s in r.persona_similarity[:5]]
    lines += ["", "## Transcripts that stopped early", ""]
    if r.stopped_early:
        lines += ["| reason | transcripts | ids |", "|---|---:|---|"]
        lines += [f"| {reason} | {len(ids)} | {', '.join(ids)} |"
                  for reason, ids in r.stopped_early.items()]
    else:
        lines.append("None: every transcript reached its target or had no stop reason.")
    if plots:
        lines += ["", "## Plots", ""] + [f"![{Path(p).stem}]({p})" for p in plots]
    return "\n".join(lines) + "\n"


def _gap(gap: float | None) -> str:
    return "n/a" if gap is None else f"{100 * gap:+.1f} pp"


def write_realism_report(result: RealismResult, directory: Path) -> list[Path]:
    """Write ``report.md`` and its PNG plots into ``directory`` (created if missing).

    Returns:
        The files written, report first.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    plots: list[Path] = []

    def bars(name: str, title: str, shares: Sequence[tuple[str, float, float | None]]) -> None:
        if not shares:
            return
        fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(shares) + 2), 4))
        x = range(len(shares))
        ax.bar([i - 0.2 for i in x], [100 * o for _, o, _ in shares], width=0.4, label="observed")
        ax.bar([i + 0.2 for i in x], [100 * (t or 0.0) for _, _, t in shares], width=0.4,
               label="target")
        ax.set_xticks(list(x), [n for n, _, _ in shares], rotation=45, ha="right")
        ax.set_ylabel("%")
        ax.set_title(title)
        ax.legend()
        fig.tight_layout()
        path = directory / f"{name}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        plots.append(path)

    def histogram(name: str, title: str, values: Sequence[int], xlabel: str) -> None:
        if not values:
            return
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.hist(values, bins=min(30, max(5, len(set(values)))))
        ax.set_xlabel(xlabel)
        ax.set_ylabel("count")
        ax.set_title(title)
        fig.tight_layout()
        path = directory / f"{name}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        plots.append(path)

    bars("length_buckets", "Transcripts per length bucket",
         [(b.name, b.share, b.target_share) for b in result.buckets])
    histogram("exchanges", "Exchanges per transcript",
              list(result.exchanges_by_transcript.values()), "exchanges")
    histogram("user_words", "Words per user message", result.user_word_counts, "words")
    bars("topics", "Topic share of planted mentions",
         [(s.name, s.observed, s.target) for s in result.topics])
    bars("flaws", "Flaw share of planted user messages",
         [(s.name, s.observed, s.target) for s in result.flaws])

    report = directory / "report.md"
    report.write_text(render_realism_markdown(result, plots=[p.name for p in plots]),
                      encoding="utf-8")
    return [report, *plots]
