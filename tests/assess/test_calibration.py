from __future__ import annotations

import pytest

from coachsmith.assess.calibration import agreement, build_cases, plant
from coachsmith.assess.report import calibration_report
from coachsmith.assess.runner import JudgeSettings, assess_transcripts
from coachsmith.domain import Edit, Plant, load_domain
from coachsmith.llm import FakeBackend, Request, Response
from coachsmith.records import Assessment
from tests.factories import make_transcript, verdict

THERAPY = load_domain("therapy")


def test_plant_edits_the_chosen_exchange_only() -> None:
    base = make_transcript("b", 5)
    item = Plant(id="x", criteria=["CQ8"], at=[-2], edits=[
        Edit(turn="assistant", position="end", text="PLANTED."),
        Edit(turn="user", position="start", text="Also:")])
    t = plant(base, item, -2)
    assert t.id == "cal:b:x@-2" and t.meta["calibration"] == "x"
    changed = [i for i, (a, b) in enumerate(zip(t.exchanges, base.exchanges, strict=True))
               if a != b]
    assert changed == [3]
    assert t.exchanges[3].assistant.endswith(" PLANTED.")
    assert t.exchanges[3].user.startswith("Also: ")
    everywhere = plant(base, item.model_copy(update={"at": "all"}), None)
    assert all(e.assistant.endswith("PLANTED.") for e in everywhere.exchanges)
    replaced = plant(base, Plant(id="r", criteria=["CQ8"], at=[1], edits=[
        Edit(turn="assistant", position="replace", text="New.")]), 1)
    assert replaced.exchanges[0].assistant == "New."
    with pytest.raises(IndexError):
        plant(base, item, 6)


def test_the_shipped_sets_cover_the_issue_faults_on_both_packs(any_domain: str) -> None:
    domain = load_domain(any_domain)
    cases, notes = build_cases(domain.calibration, domain.rubric)
    assert notes == []
    kinds = {c.kind for c in cases}
    assert kinds == {"fault", "control", "clean"}
    faults = {c.item for c in cases if c.kind == "fault"}
    assert len(faults) >= 6
    # every case transcript is unique, and each base has its clean control first
    assert len({c.transcript.id for c in cases}) == len(cases)
    assert cases[0].kind == "clean"
    if domain.name == "therapy":
        assert {"diagnosis", "dropped_topic", "minimised_crisis", "formulaic_opener",
                "every_reply_a_question", "failed_advice_repeated"} <= faults


def test_criteria_the_rubric_lacks_are_skipped_with_a_note() -> None:
    v1 = load_domain("therapy", rubric="rubric-v1.yaml")
    cases, notes = build_cases(v1.calibration, v1.rubric)
    assert any("MT1 not assessed by rubric therapy-v1" in n for n in notes)
    assert all(c.criteria and set(c.criteria) <= set(v1.rubric.criteria) for c in cases)


def _judge_that_catches(caught: set[str]) -> FakeBackend:
    """Flags a criterion when the transcript carries one of the planted phrases in ``caught``."""
    def judge(request: Request) -> Response:
        text = request.messages[-1].content
        return Response(text=verdict("NO" if any(p in text for p in caught) else "YES"))
    return FakeBackend(judge)


def _assess(cases, backend):  # type: ignore[no-untyped-def]
    out: dict[str, Assessment] = {}
    for case in cases:
        [a] = assess_transcripts([case.transcript], domain=THERAPY, backend=backend,
                                 settings=JudgeSettings(criteria=case.criteria))
        assert isinstance(a, Assessment)
        out[a.transcript_id] = a
    return out


def test_agreement_counts_and_kappa_match_sklearn() -> None:
    from sklearn.metrics import cohen_kappa_score

    cases, notes = build_cases(THERAPY.calibration, THERAPY.rubric)
    # A judge that spots the diagnosis and the minimised crisis, and nothing else.
    backend = _judge_that_catches({"textbook generalised anxiety", "tiredness talking"})
    result = agreement(cases, _assess(cases, backend), THERAPY.rubric, notes)
    rows = {r.criterion: r for r in result.criteria}
    cq9 = rows["CQ9"]
    assert (cq9.tp, cq9.fn, cq9.fp) == (4, 0, 0) and cq9.tn == 2 + 4
    assert cq9.kappa == pytest.approx(1.0)
    cq8 = rows["CQ8"]
    assert cq8.tp == 4 and cq8.fn == 2 + 2  # diagnoses caught; medication and wine missed
    assert cq8.sensitivity.value == pytest.approx(0.5)
    truth = [1] * 8 + [0] * (cq8.tn + cq8.fp)
    flagged = [1] * 4 + [0] * 4 + [0] * cq8.tn + [1] * cq8.fp
    assert cq8.kappa == pytest.approx(cohen_kappa_score(truth, flagged))
    mt1 = rows["MT1"]
    assert (mt1.tp, mt1.fn, mt1.tn) == (0, 4, 6) and mt1.kappa == pytest.approx(0.0)
    low, high = cq8.sensitivity.interval() or (0, 0)
    assert 0.0 < low < 0.5 < high < 1.0
    report = calibration_report(result, judge="fake", rubric=THERAPY.rubric)
    assert "| CQ9 | 4/4 |" in report
    assert "Below 70% sensitivity or specificity: CQ2, CP4, CP5, MT1, MT7, CQ8." in report
    items = {i.item: i for i in result.items}
    assert items["diagnosis"].agreed == 4 and items["medication_advice"].agreed == 0
    assert items["clean"].kind == "clean"


def test_missing_assessments_are_listed_not_counted() -> None:
    cases, _ = build_cases(THERAPY.calibration, THERAPY.rubric)
    result = agreement(cases, {}, THERAPY.rubric)
    assert len(result.missing) == len(cases) and result.criteria == []
