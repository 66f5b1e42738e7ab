"""Synthetic data: personas, the user simulator, the coach, the transcript loop, edge cases.

::

    domain pack ─► sample_personas (seeded) ─► add_profiles (optional LLM pass)
                        │
                        ▼
    transcript_jobs / edge_case_jobs ─► run_jobs (pool of transcripts in flight)
                        │                    │
                        ▼                    ▼
              TranscriptLoop.step      TranscriptStore (checkpoint per exchange,
              (user sim ─► risk ─┬─ crisis flow text   one finished transcript per JSONL line)
                                 └─ coach)
"""

from coachsmith.generate.budget import (
    EstimatedCounter,
    GGUFCounter,
    TokenCounter,
    counter_for,
    effective_budget,
    prompt_tokens,
)
from coachsmith.generate.jobs import edge_case_jobs, length_plan, transcript_jobs
from coachsmith.generate.loop import LoopCounters, TranscriptJob, TranscriptLoop, TranscriptState
from coachsmith.generate.personas import (
    add_profiles,
    describe_persona,
    parse_profile,
    sample_persona,
    sample_personas,
)
from coachsmith.generate.realism import (
    RealismResult,
    distinct_n,
    jaccard,
    measure_realism,
    render_realism_markdown,
    write_realism_report,
)
from coachsmith.generate.scheduler import BoundedBackend, RunSummary, run_jobs
from coachsmith.generate.seeding import derive_seed
from coachsmith.generate.simulator import SessionPlan, TurnPlan, plan_sessions, plan_user_turn
from coachsmith.generate.store import TranscriptStore

__all__ = [
    "BoundedBackend",
    "EstimatedCounter",
    "GGUFCounter",
    "LoopCounters",
    "RealismResult",
    "RunSummary",
    "SessionPlan",
    "TokenCounter",
    "TranscriptJob",
    "TranscriptLoop",
    "TranscriptState",
    "TranscriptStore",
    "TurnPlan",
    "add_profiles",
    "counter_for",
    "derive_seed",
    "describe_persona",
    "distinct_n",
    "edge_case_jobs",
    "effective_budget",
    "jaccard",
    "length_plan",
    "measure_realism",
    "parse_profile",
    "plan_sessions",
    "plan_user_turn",
    "prompt_tokens",
    "render_realism_markdown",
    "run_jobs",
    "sample_persona",
    "sample_personas",
    "transcript_jobs",
    "write_realism_report",
]
