from __future__ import annotations

import pytest

from coachsmith.assess.artifacts import ArtifactSettings, detect_artifacts, first_bad_exchange
from coachsmith.domain import ArtifactRules, load_domain
from coachsmith.records import Exchange, Transcript
from tests.factories import make_transcript

THERAPY = load_domain("therapy")
GOOD_USER = ("Work has been heavy this week and my sister keeps calling about the wedding plans, "
             "which I have not had time to think about at all.")
GOOD_REPLY = ("Work this week: it sounds like the load has crept past what one person can carry. "
              "Your sister and the wedding can wait a day while you catch your breath.")


def _one(reply: str = GOOD_REPLY, user: str = GOOD_USER) -> Transcript:
    t = make_transcript("t", 3)
    exchanges = list(t.exchanges)
    exchanges[1] = Exchange(user=user, assistant=reply)
    return t.model_copy(update={"exchanges": exchanges})


def _rules(t: Transcript) -> list[tuple[int, str, str]]:
    return [(f.exchange, f.turn, f.rule) for f in
            detect_artifacts(t, THERAPY.artifacts, coach_name=THERAPY.info.coach_name)]


@pytest.mark.parametrize(("reply", "rule"), [
    ("   ", "empty_turn"),
    (GOOD_REPLY[:-1] + " and then we could", "truncated"),
    ("Okay.", "short_reply"),
    (GOOD_REPLY + " <|im_end|>", "template_token"),
    (GOOD_REPLY + " [/INST]", "template_token"),
    (GOOD_REPLY + "\nUser: thanks, that helps.", "speaker_label"),
    (GOOD_REPLY + "\n**Sage:** one more thing.", "speaker_label"),
    ("As an AI language model, I can't feel this, but " + GOOD_REPLY, "self_reference"),
    (GOOD_REPLY + " I'm just a chatbot, though.", "self_reference"),
    (GOOD_REPLY + "\n\n" + GOOD_REPLY, "repeated_paragraph"),
    ("That sounds really hard. " + GOOD_REPLY, "formulaic_opener"),
    ("thank you for sharing, truly! " + GOOD_REPLY, "formulaic_opener"),
    (" ".join([GOOD_REPLY] * 12), "length_ratio"),
])
def test_each_rule_fires_and_names_the_exchange(reply: str, rule: str) -> None:
    found = _rules(_one(reply))
    assert (2, "assistant", rule) in found, found


def test_clean_transcripts_have_no_findings() -> None:
    assert _rules(_one()) == []
    for base in THERAPY.calibration.bases:
        assert _rules(base) == []


def test_user_turns_are_checked_for_leaks_but_not_for_length() -> None:
    found = _rules(_one(user="Assistant: sure! <|im_start|>user hi"))
    assert (2, "user", "speaker_label") in found and (2, "user", "template_token") in found
    assert _rules(_one(user="hi")) == []  # a terse message may get a normal reply


def test_a_paragraph_copied_from_an_earlier_reply_is_flagged_where_it_repeats() -> None:
    t = make_transcript("t", 4)
    exchanges = list(t.exchanges)
    exchanges[3] = exchanges[3].model_copy(update={"assistant": exchanges[0].assistant})
    found = detect_artifacts(t.model_copy(update={"exchanges": exchanges}), ArtifactRules())
    assert [(f.exchange, f.rule) for f in found] == [(4, "repeated_paragraph")]
    assert "exchange 1" in found[0].detail
    assert first_bad_exchange(found) == 4 and first_bad_exchange([]) is None


def test_a_grounded_opener_is_not_a_stock_one_and_thresholds_are_settings() -> None:
    assert _rules(_one("That sounds really hardworking of you, " + GOOD_REPLY)) == []
    strict = detect_artifacts(_one("Fine, go on then."), ArtifactRules(),
                              settings=ArtifactSettings(min_reply_words=5))
    assert [f.rule for f in strict] == ["short_reply"]
