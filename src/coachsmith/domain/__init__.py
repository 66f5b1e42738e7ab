"""Domain packs: taxonomy, persona spec, rubric, prompts, safety data and curriculum."""

from coachsmith.domain.artifacts import ArtifactRules
from coachsmith.domain.calibration import Calibration, Edit, Plant
from coachsmith.domain.edge_cases import EDGE_DIFFICULTIES, EdgeCases, EdgeCategory
from coachsmith.domain.pack import (
    Domain,
    DomainInfo,
    copy_domain,
    describe,
    load_domain,
    resolve_domain,
    shipped_domains,
)
from coachsmith.domain.prompts import PROMPT_PLACEHOLDERS, Prompt
from coachsmith.domain.rubric import Category, Criterion, Rubric, load_rubric
from coachsmith.domain.safety import CrisisExit, LocaleResources, RiskThresholds, Safety
from coachsmith.domain.taxonomy import Curriculum, PersonaSpec, Taxonomy

__all__ = [
    "EDGE_DIFFICULTIES",
    "PROMPT_PLACEHOLDERS",
    "ArtifactRules",
    "Calibration",
    "Category",
    "CrisisExit",
    "Criterion",
    "Curriculum",
    "Domain",
    "DomainInfo",
    "EdgeCases",
    "EdgeCategory",
    "Edit",
    "LocaleResources",
    "PersonaSpec",
    "Plant",
    "Prompt",
    "RiskThresholds",
    "Rubric",
    "Safety",
    "Taxonomy",
    "copy_domain",
    "describe",
    "load_domain",
    "load_rubric",
    "resolve_domain",
    "shipped_domains",
]
