"""Persona sampling: determinism and what a persona carries."""

from __future__ import annotations

from coachsmith.domain import Domain
from coachsmith.generate import add_profiles, sample_personas
from coachsmith.llm import FakeBackend, RoleSpec


def test_same_seed_and_pack_give_the_same_personas_byte_for_byte(domain: Domain) -> None:
    a = [p.model_dump_json() for p in sample_personas(domain, 6, seed=3)]
    b = [p.model_dump_json() for p in sample_personas(domain, 6, seed=3)]
    assert a == b
    assert a != [p.model_dump_json() for p in sample_personas(domain, 6, seed=4)]
    # Asking for more later appends without changing the first ones.
    assert [p.model_dump_json() for p in sample_personas(domain, 8, seed=3)][:6] == a


def test_personas_have_1_to_4_topics_flaws_and_a_topic_plan(domain: Domain) -> None:
    personas = sample_personas(domain, 60, seed=0)
    spec = domain.personas.topics_per_persona
    assert all(spec.min <= len(p.topics) <= spec.max for p in personas)
    assert all(p.flaws and all(0 < f.probability < 1 for f in p.flaws) for p in personas)
    assert any(t.recurring for p in personas for t in p.topics)
    assert any(t.resolves is not None and not t.recurring for p in personas for t in p.topics)
    assert any(t.opens > 0 for p in personas for t in p.topics)
    assert len({p.style for p in personas}) > 2 and len({p.difficulty for p in personas}) > 1
    categories = {f.category for p in personas for f in p.flaws}
    assert {c.name for c in domain.taxonomy.flaws.categories} == categories


def test_profile_pass_parses_and_records_failures(domain: Domain) -> None:
    good = ('{"name": "Ana", "age": 34, "background": "nurse", "current_situation": "night '
            'shifts", "voice": "dry", "backstory": "I moved here in May.", "topic_seeds": ["sleep"]}')
    backend = FakeBackend(["not json", good, "still not json", "nope"])
    out = add_profiles(sample_personas(domain, 2, seed=1), domain=domain, backend=backend,
                       role=RoleSpec(), max_attempts=2)
    assert sum(p.profile is not None for p in out) == 1
    assert sum(p.profile_error is not None for p in out) == 1
    done = next(p for p in out if p.profile)
    assert done.profile is not None and done.profile["backstory"] == "I moved here in May."
