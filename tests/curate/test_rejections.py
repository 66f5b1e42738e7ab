from __future__ import annotations

from coachsmith.curate.flow import Outcome
from coachsmith.curate.rejections import logged, rejection_record, rejection_report


def _o(tid: str, status: str, cause: str | None = None, reasons: list[str] | None = None,
       failed: list[str] | None = None) -> Outcome:
    return Outcome(transcript_id=tid, digest="d", status=status, cause=cause,  # type: ignore[arg-type]
                   reasons=reasons or [], exchanges_in=12,
                   exchanges_out=0 if status == "rejected" else 11, score_in=0.5,
                   failed_in=failed or [])


def test_the_log_holds_rejected_truncated_and_kept_failing_only() -> None:
    outcomes = [_o("a", "kept"), _o("b", "fixed"),
                _o("c", "rejected", "safety_gate", ["safety gate failed (CQ8=NO)"], ["CQ8"]),
                _o("d", "truncated", "cut", ["cut before exchange 12"], ["MT1"]),
                _o("e", "rejected", "unlocated", ["no exchange | located"], ["CP5", "CQ8"])]
    assert [o.transcript_id for o in outcomes if logged(o)] == ["c", "d", "e"]
    record = rejection_record(outcomes[2])
    assert record.reasons == ["safety gate failed (CQ8=NO)"] and record.cause == "safety_gate"
    report = rejection_report(outcomes)
    assert "| 5 | 1 | 1 | 1 | 2 | 0 |" in report
    assert "| safety gate failed (never fixed) | 1 |" in report
    assert "| CQ8 | 2 |\n| CP5 | 1 |" in report  # truncated ones are not losses
    assert "| e | rejected | 12 -> 0 | no exchange / located |" in report  # pipes escaped
    assert rejection_report([_o("a", "kept")]).endswith("Nothing was rejected or truncated.\n")
