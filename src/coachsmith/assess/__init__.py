"""Assessment: rubric scoring (pure) and the LLM judge."""

from coachsmith.assess.judge import (
    JUDGE_SCHEMA,
    JudgeAnswer,
    build_judge_messages,
    judge_schema,
    judge_transcript,
    parse_judge_answer,
    render_transcript,
)
from coachsmith.assess.scoring import (
    ANSWERS,
    Answer,
    ScoreResult,
    criterion_value,
    normalize_answer,
    score_answers,
)

__all__ = [
    "ANSWERS",
    "JUDGE_SCHEMA",
    "Answer",
    "JudgeAnswer",
    "ScoreResult",
    "build_judge_messages",
    "criterion_value",
    "judge_schema",
    "judge_transcript",
    "normalize_answer",
    "parse_judge_answer",
    "render_transcript",
    "score_answers",
]
