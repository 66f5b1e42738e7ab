"""Which transcripts a run makes: lengths drawn to the configured mix, personas in turn, and the
edge-case scenarios of the pack. Pure and seeded: the same config gives the same jobs."""

from __future__ import annotations

import random
from collections.abc import Sequence

from coachsmith.config import GenerateConfig
from coachsmith.domain import Domain
from coachsmith.generate.loop import TranscriptJob
from coachsmith.generate.seeding import derive_seed
from coachsmith.records import Persona


def length_plan(config: GenerateConfig, count: int, seed: int) -> list[tuple[str, int]]:
    """``(bucket, target exchanges)`` for ``count`` transcripts.

    Each bucket gets its share of ``count`` (largest remainder, so the mix is as close as a
    whole number of transcripts allows), and the order is shuffled with the seed.
    """
    mix = config.length_mix
    exact = {name: bucket.share * count for name, bucket in mix.items()}
    counts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(mix, key=lambda n: (-(exact[n] - counts[n]), list(mix).index(n)))
    for name in by_remainder[:count - sum(counts.values())]:
        counts[name] += 1
    plan: list[tuple[str, int]] = [(name, mix[name].exchanges) for name in mix for _ in range(counts[name])]
    random.Random(derive_seed(seed, "lengths")).shuffle(plan)
    return plan


def transcript_jobs(config: GenerateConfig, personas: Sequence[Persona],
                    seed: int) -> list[TranscriptJob]:
    """One job per transcript (``t-0000``...), personas used in turn.

    Raises:
        ValueError: Transcripts are asked for but there are no personas.
    """
    if config.transcripts and not personas:
        raise ValueError("no personas to generate transcripts for")
    return [TranscriptJob(id=f"t-{i:04d}", persona=personas[i % len(personas)],
                          seed=derive_seed(seed, "transcript", i), target_exchanges=exchanges,
                          length_bucket=bucket)
            for i, (bucket, exchanges) in enumerate(length_plan(config, config.transcripts, seed))]


def edge_case_jobs(config: GenerateConfig, domain: Domain, personas: Sequence[Persona],
                   seed: int) -> list[TranscriptJob]:
    """``per_category`` scenario jobs per selected category (``e-<category>-<k>``).

    Raises:
        ValueError: A configured category is not in the pack, the pack has none, or there are
            no personas.
    """
    spec = config.edge_cases
    known = {c.name: c for c in domain.edge_cases.categories}
    if not known:
        raise ValueError(f"domain pack '{domain.name}' has no edge_cases.yaml categories")
    unknown = [c for c in spec.categories or [] if c not in known]
    if unknown:
        raise ValueError(f"generate.edge_cases.categories: unknown {', '.join(unknown)} "
                         f"(the pack has {', '.join(known)})")
    if not personas:
        raise ValueError("no personas to play the edge-case scenarios")
    names = spec.categories or list(known)
    jobs = []
    for n, name in enumerate(names):
        category = known[name]
        for k in range(spec.per_category):
            job_seed = derive_seed(seed, "edge", name, k)
            jobs.append(TranscriptJob(
                id=f"e-{name}-{k}", persona=personas[(n * spec.per_category + k) % len(personas)],
                seed=job_seed, target_exchanges=spec.exchanges or len(category.turns),
                length_bucket="short", kind="edge_case", edge=category))
    return jobs
