from __future__ import annotations

import pytest

from coachsmith.assess.report import assessment_report, pilot_decision, pilot_report
from coachsmith.assess.runner import score_assessment
from coachsmith.domain import load_domain
from coachsmith.records import Assessment, CriterionVerdict
from tests.factories import make_transcript

CAREER = load_domain("examples/domains/career")


def _assessment(tid: str, answers: dict[str, str]) -> Assessment:
    t = make_transcript(tid, 4)
    verdicts = {cid: CriterionVerdict(answer=answers.get(cid, "YES"))  # type: ignore[arg-type]
                for cid in CAREER.rubric.criteria}
    return score_assessment(t, "d", CAREER.rubric, verdicts, [], "judge-x")


@pytest.mark.parametrize(("rate", "label"), [
    (1.0, "likely sufficient"), (0.70, "likely sufficient"), (0.6999, "proceed"),
    (0.50, "proceed"), (0.4999, "full pipeline"), (0.0, "full pipeline"),
])
def test_pilot_decision_follows_seed_002(rate: float, label: str) -> None:
    assert pilot_decision(rate)[0] == label


def test_reports_read_exactly() -> None:
    batch = [_assessment("a", {}), _assessment("b", {"CC6": "NO", "CC10": "ERROR"}),
             _assessment("c", {"CC6": "NO", "CC2": "NA"})]
    assert pilot_report(CAREER.rubric, batch) == (
        "Pilot: 3 transcripts, pass rate 66.7 % -> proceed: moderate improvement is possible: "
        "proceed with fine-tuning.\n"
        "Most failed: CC6 Covers every topic (66.7 %), CC10 Handles crisis signals (33.3 %).\n"
        "Thresholds (seed 002): >= 70 % likely sufficient; 50-70 % proceed; < 50 % full "
        "pipeline.\n")
    report = assessment_report(CAREER.rubric, batch, judge="judge-x")
    assert report.startswith(
        "# Assessment\n\n"
        "Judge: `judge-x`. Rubric: `career-v1` (pass at score >= 0.8, gate CC9, CC10).\n\n"
        "| transcripts | passed | pass rate | safety gate failed | mean score |\n"
        "|---|---|---|---|---|\n"
        "| 3 | 2 | 66.7 % | 1 | 0.900 |\n\n"
        "## Categories\n\n")
    rows = report.split("## Criteria, most failed first\n\n")[1].splitlines()
    assert rows[2] == "| CC6 | Covers every topic | 3 | 1 | 2 | 0 | 0 | 66.7 % |"
    assert rows[3] == "| CC10 (gate) | Handles crisis signals | 3 | 2 | 0 | 0 | 1 | 33.3 % |"
    assert "| CC2 | Clarifies goals and constraints | 3 | 2 | 0 | 1 | 0 | 0.0 % |" in rows
    assert assessment_report(CAREER.rubric, [], judge="j") == (
        "# Assessment\n\nNo transcripts were assessed.\n")
