"""Finding, loading and validating a whole domain pack (a folder of YAML and Markdown)."""

from __future__ import annotations

import importlib.resources
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from coachsmith._yaml import Located, load_yaml, validate_model
from coachsmith.domain.artifacts import ArtifactRules, check_artifact_rules
from coachsmith.domain.calibration import Calibration, check_calibration
from coachsmith.domain.edge_cases import EDGE_CASES_FILE, EdgeCases, check_edge_cases
from coachsmith.domain.prompts import Prompt, load_prompts
from coachsmith.domain.rubric import Rubric, check_rubric
from coachsmith.domain.safety import Safety, check_safety
from coachsmith.domain.taxonomy import (
    Curriculum,
    PersonaSpec,
    Taxonomy,
    check_curriculum,
    check_taxonomy,
)
from coachsmith.errors import ConfigError, Problem

M = TypeVar("M", bound=BaseModel)

DEFAULT_RUBRIC = "rubric.yaml"


class DomainInfo(BaseModel):
    """``domain.yaml``: what the pack is."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_-]+$")
    title: str = Field(min_length=1)
    description: str = ""
    version: int = Field(1, ge=1)
    default_locale: str = "US"
    coach_name: str | None = None


@dataclass(frozen=True)
class Domain:
    """A loaded, validated domain pack."""

    root: Path
    info: DomainInfo
    taxonomy: Taxonomy
    personas: PersonaSpec
    rubric: Rubric
    rubric_file: Path
    prompts: dict[str, Prompt]
    safety: Safety
    curriculum: Curriculum
    # Optional files (assess/curate): absent means no pack-specific rules, no calibration set.
    artifacts: ArtifactRules = field(default_factory=ArtifactRules)
    calibration: Calibration = field(default_factory=Calibration)
    edge_cases: EdgeCases = field(default_factory=EdgeCases)

    @property
    def name(self) -> str:
        return self.info.name

    def prompt(self, name: str) -> Prompt:
        """A prompt by name (``coach_system``, ``judge_criterion``, ...)."""
        return self.prompts[name]


def shipped_domains() -> list[str]:
    """Names of the domain packs installed with coachsmith."""
    root = importlib.resources.files("coachsmith") / "domains"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def resolve_domain(ref: str | Path) -> Path:
    """A folder path, or the name of a shipped pack, to the pack's folder.

    Raises:
        ConfigError: if ``ref`` is neither an existing folder nor a shipped pack name.
    """
    path = Path(ref)
    if path.is_dir():
        return path
    if isinstance(ref, str) and ref in shipped_domains():
        return Path(str(importlib.resources.files("coachsmith") / "domains" / ref))
    raise ConfigError([Problem(str(ref), "", "no such domain folder, and no shipped domain of "
                               f"that name (shipped: {', '.join(shipped_domains())})")])


def load_domain(ref: str | Path, *, rubric: str | Path | None = None) -> Domain:
    """Load and validate every file of a domain pack, reporting all problems at once.

    Args:
        ref: A pack folder or a shipped pack name (``therapy``).
        rubric: Another rubric file to use instead of the pack's ``rubric.yaml``; a bare file
            name is looked up inside the pack first (``rubric-v1.yaml``).

    Raises:
        ConfigError: naming file, line and field of every problem found.
    """
    root = resolve_domain(ref)
    problems: list[Problem] = []

    def part(path: Path, model: type[M], check: Callable[[M, Located], list[Problem]]
             | None = None) -> M | None:
        try:
            data, index = load_yaml(path)
            value = validate_model(model, data, index)
        except ConfigError as exc:
            problems.extend(exc.problems)
            return None
        if check is not None:
            problems.extend(check(value, index))
        return value

    info = part(root / "domain.yaml", DomainInfo)
    taxonomy = part(root / "taxonomy.yaml", Taxonomy, check_taxonomy)
    personas = part(root / "personas.yaml", PersonaSpec)
    rubric_file = _rubric_path(root, rubric)
    rubric_model = part(rubric_file, Rubric, check_rubric)
    safety = part(root / "safety.yaml", Safety, check_safety)
    curriculum = part(
        root / "curriculum.yaml",
        Curriculum,
        (lambda c, index: check_curriculum(c, taxonomy, index)) if taxonomy else None,
    )
    artifacts = (part(root / "artifacts.yaml", ArtifactRules, check_artifact_rules)
                 if (root / "artifacts.yaml").exists() else ArtifactRules())
    calibration = (part(root / "calibration.yaml", Calibration, check_calibration)
                   if (root / "calibration.yaml").exists() else Calibration())
    edge_file = root / EDGE_CASES_FILE
    edge_cases = (part(edge_file, EdgeCases,
                       lambda e, index: check_edge_cases(e, index, taxonomy))
                  if edge_file.exists() else EdgeCases())
    prompts, prompt_problems = load_prompts(root / "prompts", str(root / "prompts"))
    problems.extend(prompt_problems)
    if problems:
        raise ConfigError(problems)
    assert info and taxonomy and personas and rubric_model and safety and curriculum
    assert artifacts is not None and calibration is not None and edge_cases is not None
    return Domain(root, info, taxonomy, personas, rubric_model, rubric_file, prompts, safety,
                  curriculum, artifacts, calibration, edge_cases)


def _rubric_path(root: Path, rubric: str | Path | None) -> Path:
    if rubric is None:
        return root / DEFAULT_RUBRIC
    path = Path(rubric)
    if not path.is_absolute() and not path.exists() and (root / path).exists():
        return root / path
    return path


def copy_domain(ref: str | Path, dest: Path) -> Path:
    """Copy a pack (shipped or a folder) to ``dest`` for editing. ``dest`` must not exist."""
    source = resolve_domain(ref)
    if dest.exists():
        raise ConfigError([Problem(str(dest), "", "already exists; choose a new folder")])
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def describe(domain: Domain) -> dict[str, Any]:
    """A short summary of a loaded pack, for ``coachsmith domain validate``."""
    return {
        "name": domain.name,
        "root": str(domain.root),
        "topics": len(domain.taxonomy.topics),
        "flaw_patterns": sum(len(c.patterns) for c in domain.taxonomy.flaws.categories),
        "rubric": domain.rubric.name,
        "criteria": len(domain.rubric.criteria),
        "gate": list(domain.rubric.gate),
        "prompts": sorted(domain.prompts),
        "locales": sorted(domain.safety.resources),
        "stages": [s.name for s in domain.curriculum.stages],
        "formulaic_openers": len(domain.artifacts.formulaic_openers),
        "calibration": {"faults": len(domain.calibration.faults),
                        "controls": len(domain.calibration.controls),
                        "bases": len(domain.calibration.bases)},
        "edge_case_categories": len(domain.edge_cases.categories),
    }
