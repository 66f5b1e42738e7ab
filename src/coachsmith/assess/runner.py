"""Judging many transcripts: resumable per transcript and criterion, concurrent, with majority votes.

:func:`assess_transcripts` is the assess stage. It takes transcripts and the verdicts already
given (read back by the CLI from its journal), asks the judge only what is still missing, hands
every new verdict to ``on_verdict`` the moment it exists (the CLI appends it to the journal, so a
killed run loses at most the calls in flight), and yields one :class:`Assessment` per
transcript as soon as all its criteria are in.

Calls run up to the backend's ``max_concurrency`` at a time (one at a time in this thread for
llama.cpp), in transcript-major order, so the criteria of one transcript follow each other and
share the transcript prefix in llama.cpp's KV cache or a server's prefix cache.

A reply that never parses is ERROR, a judgement like any other (it fails the criterion, and the
gate for gate criteria). A backend failure is not a judgement: it is not recorded, and the
transcript comes out as :class:`Unfinished`, to be asked again on the next run.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict
from tqdm import tqdm

from coachsmith.assess.judge import (
    JudgeAnswer,
    build_judge_all_messages,
    build_judge_messages,
    judge_all_schema,
    judge_schema,
    parse_judge_all,
    parse_judge_answer,
    render_transcript,
)
from coachsmith.assess.scoring import score_answers
from coachsmith.domain import Domain, Rubric
from coachsmith.errors import BackendError
from coachsmith.llm import Backend, Message, Request
from coachsmith.records import Assessment, CriterionVerdict, Transcript, Verdict

#: Tie-break of the majority vote: the answer that scores worse wins a tie (keeps data clean).
_TIE_ORDER: tuple[Verdict, ...] = ("NO", "NA", "YES")


@dataclass(frozen=True)
class JudgeSettings:
    """How the judge is asked.

    Attributes:
        criteria: Criterion ids to judge; None judges every assessed criterion.
        temperature: Sampling temperature of the judge.
        max_tokens: Most tokens one reply may use (shared by all criteria in an all-in-one call).
        seed: Seed of the first attempt of the first sample.
        max_attempts: Tries per criterion (or per all-in-one call) before a reply is ERROR.
        samples: Independent samples per criterion; the answer is their majority.
        all_in_one: Ask every criterion of a transcript in one call.
    """

    criteria: tuple[str, ...] | None = None
    temperature: float = 0.0
    max_tokens: int = 256
    seed: int = 0
    max_attempts: int = 2
    samples: int = 1
    all_in_one: bool = False

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.samples < 1:
            raise ValueError("max_attempts and samples must be >= 1")

    def seed_for(self, sample: int, attempt: int) -> int:
        """Every (sample, attempt) gets its own seed, so no cached reply is replayed."""
        return self.seed + sample * self.max_attempts + attempt


class JournalEntry(BaseModel):
    """One finished criterion verdict, as the CLI journals it for resuming."""

    model_config = ConfigDict(extra="forbid")

    transcript_id: str
    digest: str
    criterion: str
    verdict: CriterionVerdict


@dataclass(frozen=True)
class Unfinished:
    """A transcript some of whose criteria could not be asked (backend errors); run again."""

    transcript_id: str
    errors: dict[str, str] = field(default_factory=dict)


Done = Mapping[tuple[str, str, str], CriterionVerdict]


def transcript_digest(transcript: Transcript) -> str:
    """A short fingerprint of what the judge reads (the rendered exchanges and session marks)."""
    return hashlib.sha256(render_transcript(transcript).encode("utf-8")).hexdigest()[:16]


def criteria_for(rubric: Rubric, transcript: Transcript,
                 criteria: Sequence[str] | None) -> tuple[list[str], list[str]]:
    """(criteria to judge, assessed criteria left out by ``criteria``), in rubric order.

    Raises:
        ValueError: ``criteria`` names an id the rubric does not define.
    """
    assessed = rubric.assessed(len(transcript.exchanges))
    if criteria is None:
        return assessed, []
    unknown = [c for c in criteria if c not in rubric.criteria]
    if unknown:
        raise ValueError(f"unknown criteria: {', '.join(unknown)}; the rubric defines "
                         f"{', '.join(rubric.criteria)}")
    return [c for c in assessed if c in criteria], [c for c in assessed if c not in criteria]


def majority(answers: Sequence[JudgeAnswer]) -> CriterionVerdict:
    """Combine samples: the most common parsed answer; ties go to the worse-scoring answer.

    ERROR samples do not vote; only when no sample parsed is the verdict ERROR.
    """
    if not answers:
        raise ValueError("majority of no answers")
    samples: list[Verdict] = [a.answer for a in answers]
    parsed = [a for a in answers if a.answer != "ERROR"]
    if not parsed:
        last = answers[-1]
        return CriterionVerdict(answer="ERROR", samples=samples, raw=last.raw, error=last.error)
    counts = Counter(a.answer for a in parsed)
    best = max(counts.values())
    winner = next(v for v in _TIE_ORDER if counts.get(v, 0) == best)
    chosen = next(a for a in parsed if a.answer == winner)
    return CriterionVerdict(answer=winner, reasoning=chosen.reasoning, samples=samples,
                            raw=chosen.raw)


def score_assessment(transcript: Transcript, digest: str, rubric: Rubric,
                     verdicts: Mapping[str, CriterionVerdict], not_judged: Sequence[str],
                     judge_model: str) -> Assessment:
    """Score verdicts with the pure rules (criteria not judged count as missing, i.e. ERROR)."""
    result = score_answers(rubric, {cid: v.answer for cid, v in verdicts.items()},
                           exchanges=len(transcript.exchanges))
    return Assessment(
        transcript_id=transcript.id, digest=digest, exchanges=len(transcript.exchanges),
        rubric=rubric.name, judge_model=judge_model,
        verdicts={cid: verdicts[cid] for cid in rubric.criteria if cid in verdicts},
        not_judged=list(not_judged), score=result.score, passed=result.passed,
        safety_gate_failed=result.safety_gate_failed, category_scores=result.category_scores,
        failed=result.failed, not_assessed=result.not_assessed,
    )


@dataclass
class _Plan:
    transcript: Transcript
    digest: str
    wanted: list[str]
    not_judged: list[str]
    verdicts: dict[str, CriterionVerdict]
    errors: dict[str, str] = field(default_factory=dict)
    pending: int = 0
    _text: str | None = None

    def text(self) -> str:
        if self._text is None:
            self._text = render_transcript(self.transcript)
        return self._text


class _Asker:
    """Asks one task (one criterion, or all of a transcript's missing ones) k times."""

    def __init__(self, domain: Domain, rubric: Rubric, backend: Backend,
                 settings: JudgeSettings) -> None:
        self.domain, self.rubric, self.backend, self.settings = domain, rubric, backend, settings

    def ask(self, plan: _Plan, cids: tuple[str, ...]) -> dict[str, CriterionVerdict]:
        """Raises BackendError if a call fails for good."""
        s = self.settings
        per_sample: dict[str, list[JudgeAnswer]] = {cid: [] for cid in cids}
        for sample in range(s.samples):
            got = self._one_sample(plan, cids, sample)
            for cid in cids:
                per_sample[cid].append(got[cid])
        return {cid: majority(per_sample[cid]) for cid in cids}

    def _one_sample(self, plan: _Plan, cids: tuple[str, ...], sample: int) -> dict[str, JudgeAnswer]:
        s = self.settings
        if not s.all_in_one:
            messages = build_judge_messages(self.domain, self.rubric, plan.text(), cids[0])
            schema = judge_schema(s.max_tokens)
        else:
            messages = build_judge_all_messages(self.domain, self.rubric, plan.text(), cids)
            schema = judge_all_schema(cids, s.max_tokens)
        best: dict[str, JudgeAnswer] = {}
        for attempt in range(s.max_attempts):
            text = self._call(messages, schema, s.seed_for(sample, attempt))
            parsed = (parse_judge_all(cids, text) if s.all_in_one
                      else {cids[0]: parse_judge_answer(cids[0], text)})
            for cid, answer in parsed.items():
                if cid not in best or best[cid].answer == "ERROR":
                    best[cid] = answer
            if all(best[cid].answer != "ERROR" for cid in cids):
                break
        return best

    def _call(self, messages: tuple[Message, ...], schema: dict[str, object], seed: int) -> str:
        s = self.settings
        response = self.backend.complete(Request(
            messages=messages, max_tokens=s.max_tokens, temperature=s.temperature, seed=seed,
            json_schema=schema))
        return response.text


def assess_transcripts(
    transcripts: Iterable[Transcript],
    *,
    domain: Domain,
    backend: Backend,
    settings: JudgeSettings,
    rubric: Rubric | None = None,
    done: Done | None = None,
    on_verdict: Callable[[JournalEntry], None] | None = None,
    progress: str | None = None,
    concurrency: int | None = None,
) -> Iterator[Assessment | Unfinished]:
    """Judge transcripts, asking only for verdicts not in ``done``.

    Args:
        transcripts: What to judge; ids must be unique.
        domain: Supplies the judge prompts (and the rubric unless ``rubric`` is given).
        backend: The judge role's backend.
        settings: How to ask.
        rubric: Defaults to ``domain.rubric``.
        done: Verdicts already given, keyed by (transcript id, digest, criterion id).
        on_verdict: Called (from one thread at a time) with each new verdict.
        progress: Label of a progress bar over criterion calls; None shows none.
        concurrency: Most calls in flight; None means the backend's ``max_concurrency``.

    Yields:
        One :class:`Assessment` per transcript, or :class:`Unfinished` when some call failed
        for good; in the order the transcripts finish (input order at concurrency 1).

    Raises:
        ValueError: ``settings.criteria`` names an unknown criterion.
    """
    rubric = rubric or domain.rubric
    done = done or {}
    plans: list[_Plan] = []
    tasks: list[tuple[int, tuple[str, ...]]] = []
    for transcript in transcripts:
        digest = transcript_digest(transcript)
        wanted, not_judged = criteria_for(rubric, transcript, settings.criteria)
        have = {cid: done[(transcript.id, digest, cid)] for cid in wanted
                if (transcript.id, digest, cid) in done}
        plan = _Plan(transcript, digest, wanted, not_judged, have)
        missing = tuple(cid for cid in wanted if cid not in have)
        groups = [missing] if settings.all_in_one and missing else [(cid,) for cid in missing]
        plan.pending = len(groups)
        tasks += [(len(plans), g) for g in groups]
        plans.append(plan)

    def finish(plan: _Plan) -> Assessment | Unfinished:
        if plan.errors:
            return Unfinished(plan.transcript.id, dict(plan.errors))
        return score_assessment(plan.transcript, plan.digest, rubric, plan.verdicts,
                                plan.not_judged, backend.model)

    for plan in plans:  # nothing left to ask: ready at once
        if plan.pending == 0:
            yield finish(plan)
    asker = _Asker(domain, rubric, backend, settings)
    lock = threading.Lock()
    calls = len(tasks) * settings.samples  # one call per task and sample

    def run(index: int, cids: tuple[str, ...]) -> int:
        plan = plans[index]
        try:
            verdicts = asker.ask(plan, cids)
        except BackendError as exc:
            with lock:
                plan.errors.update(dict.fromkeys(cids, str(exc)))
            return index
        with lock:
            plan.verdicts.update(verdicts)
            if on_verdict is not None:
                for cid, verdict in verdicts.items():
                    on_verdict(JournalEntry(transcript_id=plan.transcript.id, digest=plan.digest,
                                            criterion=cid, verdict=verdict))
        return index

    limit = max(1, min(concurrency or backend.max_concurrency, backend.max_concurrency))
    with tqdm(total=calls, desc=progress, unit="call", disable=progress is None) as bar:
        if limit == 1:
            for index, cids in tasks:
                run(index, cids)
                bar.update(settings.samples)
                plan = plans[index]
                plan.pending -= 1
                if plan.pending == 0:
                    yield finish(plan)
            return
        with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="judge") as pool:
            queue = iter(tasks)
            running: set[Future[int]] = set()
            try:
                # Keep at most 2 x limit tasks queued, so a Ctrl-C does not leave thousands behind.
                for index, cids in queue:
                    running.add(pool.submit(run, index, cids))
                    if len(running) >= 2 * limit:
                        break
                while running:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index = future.result()
                        bar.update(settings.samples)
                        plan = plans[index]
                        plan.pending -= 1
                        if plan.pending == 0:
                            yield finish(plan)
                        nxt = next(queue, None)
                        if nxt is not None:
                            running.add(pool.submit(run, *nxt))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
