from __future__ import annotations

import pytest

from coachsmith.assess.artifacts import ArtifactDetector, Finding
from coachsmith.curate.fixup import FixupSettings, LLMFixer
from coachsmith.domain import load_domain
from coachsmith.errors import BackendError
from coachsmith.llm import FakeBackend, Request, Response
from tests.factories import make_transcript, verdict

THERAPY = load_domain("therapy")
GOOD = ("Your sister: it makes sense the row stung. I wonder whether she heard criticism of her "
        "plans rather than worry about the cost - would a short message help?")


FOLLOWS = verdict("YES", "follows")


def _fixer(rewrite: str | list[str], check: str | list[str] = FOLLOWS
           ) -> tuple[LLMFixer, FakeBackend, FakeBackend]:
    fix = FakeBackend(rewrite if isinstance(rewrite, list) else [rewrite])
    judge = FakeBackend(check if isinstance(check, list) else [check])
    fixer = LLMFixer(THERAPY, fixer=fix, checker=judge,
                     detector=ArtifactDetector(THERAPY.artifacts, coach_name="Sage"),
                     settings=FixupSettings(history_exchanges=2))
    return fixer, fix, judge


def test_an_accepted_rewrite_was_checked_against_the_next_message() -> None:
    t = make_transcript("t", 5)
    fixer, fix, judge = _fixer(GOOD)
    a = fixer.rewrite(t, 4, criteria={"CQ2": "In exchange 4 the coach asserts a motive."},
                      findings=[])
    assert a.status == "accepted" and a.rewrite == GOOD and a.check_reasoning == "follows"
    assert a.original == t.exchanges[3].assistant and a.criteria == ["CQ2"]
    prompt = fix.requests[0].messages[0].content
    assert "CQ2 (Tentative handling of ambiguity): In exchange 4 the coach" in prompt
    assert t.exchanges[4].user.strip() in prompt  # the next message it must still lead into
    assert "(earlier exchanges omitted)" in prompt and "### Exchange 1\n" not in prompt
    assert "### Exchange 2\n" in prompt and t.exchanges[3].assistant.strip() in prompt
    check = judge.requests[0]
    assert GOOD in check.messages[0].content and t.exchanges[4].user.strip() in \
        check.messages[0].content
    assert check.json_schema is not None


@pytest.mark.parametrize(("rewrite", "check", "reason"), [
    ("UNFIXABLE", [], "unfixable"),
    ("unfixable.", [], "unfixable"),
    ("  ", [], "empty"),
    ("As an AI, " + GOOD, [], "artifact"),
    (GOOD, [verdict("NO", "the next message answers a question that is gone")], "continuity"),
    (GOOD, ["nonsense", "still nonsense"], "check_error"),
])
def test_rejected_rewrites_are_logged_with_the_reason(rewrite: str, check: list[str],
                                                      reason: str) -> None:
    fixer, _, judge = _fixer(rewrite, check)
    a = fixer.rewrite(make_transcript("t", 4), 2, criteria={"MT1": "exchange 2 drops work"},
                      findings=[])
    assert a.status == "rejected" and a.reason == reason
    assert len(judge.requests) == len(check)  # no check unless the rewrite itself is sound


def test_the_last_reply_needs_no_continuity_check_and_artifacts_are_issues() -> None:
    t = make_transcript("t", 3)
    fixer, fix, judge = _fixer('"' + GOOD + '"')
    finding = Finding(transcript_id="t", exchange=3, turn="assistant", rule="formulaic_opener",
                      detail="That sounds really hard")
    a = fixer.rewrite(t, 3, criteria={}, findings=[finding])
    assert a.status == "accepted" and a.rewrite == GOOD  # quotes around the reply are removed
    assert judge.requests == [] and a.rules == ["formulaic_opener"]
    assert "opens with a stock phrase ('That sounds really hard')" in \
        fix.requests[0].messages[0].content


def test_a_backend_failure_propagates() -> None:
    def broken(request: Request) -> Response:
        raise BackendError("down")

    fixer = LLMFixer(THERAPY, fixer=FakeBackend(broken), checker=FakeBackend([]),
                     detector=ArtifactDetector(THERAPY.artifacts))
    with pytest.raises(BackendError):
        fixer.rewrite(make_transcript("t", 3), 1, criteria={"CQ2": "x"}, findings=[])
