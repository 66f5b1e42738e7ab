from __future__ import annotations

from collections.abc import Sequence

import pytest

from coachsmith.assess.artifacts import ArtifactDetector, Finding
from coachsmith.assess.runner import score_assessment, transcript_digest
from coachsmith.curate.fixup import FixupAttempt, FixupSettings, LLMFixer
from coachsmith.curate.flow import FlowSettings, curate_transcript
from coachsmith.domain import load_domain
from coachsmith.llm import FakeBackend
from coachsmith.records import Assessment, CriterionVerdict, Transcript
from tests.factories import make_transcript, verdict

THERAPY = load_domain("therapy")
DETECTOR = ArtifactDetector(THERAPY.artifacts, coach_name="Sage")


def _multi(reason: str) -> dict[str, str]:
    """Three multi-topic failures with one reasoning: enough to fail the score (0.775)."""
    return dict.fromkeys(("MT1", "MT2", "MT3"), reason)


def _assessment(t: Transcript, fails: dict[str, str] | None = None,
                answer: str = "NO") -> Assessment:
    """All YES except ``fails`` (criterion -> reasoning), answered ``answer``."""
    fails = fails or {}
    verdicts = {cid: CriterionVerdict(answer=answer if cid in fails else "YES",  # type: ignore[arg-type]
                                      reasoning=fails.get(cid, "fine"))
                for cid in THERAPY.rubric.assessed(len(t.exchanges))}
    return score_assessment(t, transcript_digest(t), THERAPY.rubric, verdicts, [], "judge")


class Judge:
    """Re-assessment double: fails what ``fail_when`` says for the transcript it gets."""

    def __init__(self, fail_when: dict[str, str] | None = None, *,
                 max_len: int | None = None) -> None:
        self.calls: list[Transcript] = []
        self.fail_when = fail_when or {}
        self.max_len = max_len  # transcripts longer than this keep failing

    def __call__(self, t: Transcript) -> Assessment:
        self.calls.append(t)
        if self.max_len is not None and len(t.exchanges) > self.max_len:
            return _assessment(t, _multi("exchange 3 still drops it"))
        return _assessment(t, self.fail_when)


class Fixer:
    """Accepts or rejects every rewrite, and records what it was asked."""

    def __init__(self, accept: bool) -> None:
        self.accept = accept
        self.asked: list[tuple[int, dict[str, str], list[str]]] = []

    def rewrite(self, transcript: Transcript, exchange: int, *, criteria: dict[str, str],
                findings: Sequence[Finding]) -> FixupAttempt:
        self.asked.append((exchange, criteria, [f.rule for f in findings]))
        return FixupAttempt(
            transcript_id=transcript.id, exchange=exchange, criteria=list(criteria),
            rules=[f.rule for f in findings], issues="x",
            original=transcript.exchanges[exchange - 1].assistant,
            rewrite="A rewritten reply that fixes it.", status="accepted" if self.accept
            else "rejected", reason=None if self.accept else "unfixable")


def _curate(t: Transcript, a: Assessment, judge: Judge, fixer: Fixer | LLMFixer | None,
            **settings: object):  # type: ignore[no-untyped-def]
    return curate_transcript(t, a, detector=DETECTOR, assess=judge, fixer=fixer,
                             settings=FlowSettings(**settings),  # type: ignore[arg-type]
                             gate=THERAPY.rubric.gate)


def test_a_passing_clean_transcript_is_kept_without_another_call() -> None:
    t = make_transcript("t", 12)
    judge, fixer = Judge(), Fixer(True)
    o = _curate(t, _assessment(t), judge, fixer)
    assert o.status == "kept" and o.transcript == t and judge.calls == [] and fixer.asked == []


@pytest.mark.parametrize("answer", ["NO", "ERROR"])
def test_safety_gate_failures_are_rejected_and_never_fixed(answer: str) -> None:
    t = make_transcript("t", 12)
    a = _assessment(t, {"CQ8": "exchange 4 says 'that's dissociation'"}, answer)
    judge, fixer = Judge(), Fixer(True)
    o = _curate(t, a, judge, fixer)
    assert o.status == "rejected" and o.cause == "safety_gate" and o.transcript is None
    assert f"CQ8={answer}" in o.reasons[0] and "never fixed" in o.reasons[0]
    assert fixer.asked == [] and judge.calls == []
    kept = _curate(t, a, judge, fixer, keep_failing=True)
    assert kept.status == "kept_failing" and kept.transcript == t and kept.reasons == o.reasons


def test_a_located_failure_is_fixed_and_reassessed() -> None:
    t = make_transcript("t", 12)
    a = _assessment(t, {**_multi("In exchange 3 the sister topic is dropped."),
                        "CQ2": "Exchanges 3 and 5 state motives as fact."})
    assert not a.passed
    judge, fixer = Judge(), Fixer(True)
    o = _curate(t, a, judge, fixer)
    assert o.status == "fixed" and o.cause is None and o.transcript is not None
    assert [x[0] for x in fixer.asked] == [3, 5]
    assert set(fixer.asked[0][1]) == {"MT1", "MT2", "MT3", "CQ2"}
    assert set(fixer.asked[1][1]) == {"CQ2"}
    assert len(judge.calls) == 1 and judge.calls[0].exchanges[2].source == "fixup"
    assert o.transcript.exchanges[4].original == t.exchanges[4].assistant


@pytest.mark.parametrize(("bad", "status", "kept"), [
    (12, "truncated", 11), (11, "truncated", 10), (10, "rejected", 0), (3, "rejected", 0)])
def test_unfixable_failures_are_cut_when_ten_good_exchanges_remain(
        bad: int, status: str, kept: int) -> None:
    t = make_transcript("t", 14)
    a = _assessment(t, _multi(f"Exchange {bad} drops the topic."))
    judge, fixer = Judge(max_len=bad - 1), Fixer(False)
    o = _curate(t, a, judge, fixer)
    assert o.status == status and o.exchanges_out == kept
    assert [x[0] for x in fixer.asked] == [bad]
    if status == "truncated":
        assert o.cause == "cut" and len(judge.calls) == 1 and len(judge.calls[0].exchanges) == kept
        assert o.transcript is not None and o.transcript.meta["truncated_from"] == 14
    else:
        assert o.cause == "too_short" and judge.calls == []
        assert f"first bad exchange is {bad}" in o.reasons[-1]


def test_a_failure_no_exchange_is_named_for_is_rejected() -> None:
    t = make_transcript("t", 14)
    a = _assessment(t, {**_multi("The coach misses topics throughout."),
                        "CP5": "Nearly every reply ends with a question."})
    fixer = Fixer(True)
    o = _curate(t, a, Judge(), fixer)
    assert o.status == "rejected" and o.cause == "unlocated" and fixer.asked == []
    assert "no exchange located for CP5, MT1, MT2, MT3" in o.reasons[-1]
    # once the located part is fixed, what the judge still cannot place decides
    partly = _assessment(t, {**_multi("Exchange 4 drops a topic."), "CP5": "Every reply ends "
                             "with a question."})
    o = _curate(t, partly, Judge({**_multi("Still weak."), "CP5": "Still."}), Fixer(True))
    assert o.status == "rejected" and o.cause == "unlocated" and len(o.fixups) == 1


def test_still_failing_after_the_cut_is_rejected() -> None:
    t = make_transcript("t", 14)
    a = _assessment(t, _multi("Exchange 12 drops the topic."))
    o = _curate(t, a, Judge(_multi("exchange 2 is shallow")), None)
    assert o.status == "rejected" and o.cause == "still_failing"
    assert "still failing after a cut before exchange 12" in o.reasons[-1]


def test_artifacts_in_a_passing_transcript_are_fixed_or_cut() -> None:
    t = make_transcript("t", 14)
    exchanges = list(t.exchanges)
    exchanges[12] = exchanges[12].model_copy(
        update={"assistant": "As an AI language model, " + exchanges[12].assistant})
    t = t.model_copy(update={"exchanges": exchanges})
    a = _assessment(t)
    judge = Judge()
    o = _curate(t, a, judge, None)  # fixup off: straight to the cut
    assert o.status == "truncated" and o.exchanges_out == 12
    assert o.findings[0].rule == "self_reference" and o.findings[0].exchange == 13
    fixer = Fixer(True)
    fixed = _curate(t, a, Judge(), fixer)
    assert fixed.status == "fixed" and fixer.asked == [(13, {}, ["self_reference"])]


def test_a_fixup_that_breaks_the_gate_is_rejected() -> None:
    t = make_transcript("t", 12)
    a = _assessment(t, _multi("exchange 2 drops it"))
    o = _curate(t, a, Judge({"CQ8": "exchange 2 now diagnoses"}), Fixer(True))
    assert o.status == "rejected" and o.cause == "safety_gate" and "after fixup" in o.reasons[0]


def test_with_the_real_fixer_a_continuity_rejection_leads_to_the_cut() -> None:
    t = make_transcript("t", 14)
    a = _assessment(t, _multi("Exchange 12 states a motive as fact."))
    fixer = LLMFixer(THERAPY, fixer=FakeBackend(["I wonder if that fits."]),
                     checker=FakeBackend([verdict("NO", "the next message quotes a line "
                                                        "that is gone")]),
                     detector=DETECTOR, settings=FixupSettings())
    o = _curate(t, a, Judge(max_len=11), fixer)
    assert o.status == "truncated" and o.exchanges_out == 11
    assert o.fixups[0].status == "rejected" and o.fixups[0].reason == "continuity"
