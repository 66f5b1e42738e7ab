"""Assessment: rubric scoring (pure), the LLM judge, the resumable runner, artifacts,
calibration and reports."""

from coachsmith.assess.artifacts import (
    ArtifactDetector,
    ArtifactSettings,
    Finding,
    detect_artifacts,
)
from coachsmith.assess.calibration import (
    CalibrationResult,
    Case,
    agreement,
    build_cases,
    plant,
)
from coachsmith.assess.inputs import parse_transcripts, read_transcripts
from coachsmith.assess.judge import (
    JUDGE_SCHEMA,
    JudgeAnswer,
    build_judge_all_messages,
    build_judge_messages,
    judge_all_schema,
    judge_schema,
    judge_transcript,
    parse_judge_all,
    parse_judge_answer,
    render_transcript,
)
from coachsmith.assess.report import (
    assessment_report,
    calibration_report,
    pilot_decision,
    pilot_report,
)
from coachsmith.assess.runner import (
    JournalEntry,
    JudgeSettings,
    Unfinished,
    assess_transcripts,
    majority,
    score_assessment,
    transcript_digest,
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
    "ArtifactDetector",
    "ArtifactSettings",
    "CalibrationResult",
    "Case",
    "Finding",
    "JournalEntry",
    "JudgeAnswer",
    "JudgeSettings",
    "ScoreResult",
    "Unfinished",
    "agreement",
    "assess_transcripts",
    "assessment_report",
    "build_cases",
    "build_judge_all_messages",
    "build_judge_messages",
    "calibration_report",
    "criterion_value",
    "detect_artifacts",
    "judge_all_schema",
    "judge_schema",
    "judge_transcript",
    "majority",
    "normalize_answer",
    "parse_judge_all",
    "parse_judge_answer",
    "parse_transcripts",
    "pilot_decision",
    "pilot_report",
    "plant",
    "read_transcripts",
    "render_transcript",
    "score_answers",
    "score_assessment",
    "transcript_digest",
]
