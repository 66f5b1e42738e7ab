"""The user simulator's plans: flaw rates, topic lifecycle, session breaks."""

from __future__ import annotations

import math

from coachsmith.domain import Domain
from coachsmith.generate import plan_sessions, plan_user_turn
from coachsmith.records import Exchange, Persona, PersonaFlaw, PersonaTopic


def _persona(base: Persona, **update: object) -> Persona:
    return base.model_copy(update=update)


def test_flaws_show_at_the_persona_rates(domain: Domain, persona: Persona) -> None:
    patterns = {p.name: c.name for c in domain.taxonomy.flaws.categories for p in c.patterns}
    names = list(patterns)[:3]
    rates = [0.1, 0.4, 0.8]
    p = _persona(persona, flaws=[PersonaFlaw(name=n, category=patterns[n], probability=r)
                                 for n, r in zip(names, rates, strict=True)])
    sessions = plan_sessions(p, 5, session_exchanges=(5, 5), days_between=(1, 1), seed=0)
    history = [Exchange(user="I tried the breathing thing you said.",
                        assistant="You could try writing it down this week.")]
    n = 2000
    counts = dict.fromkeys(names, 0)
    for seed in range(n):
        plan = plan_user_turn(p, domain, sessions[0], 1, history, seed=seed)
        for flaw in plan.flaws:
            counts[flaw.name] += 1
        assert set(plan.planted().flaws) == {f.name for f in plan.flaws}
    for name, rate in zip(names, rates, strict=True):
        sigma = math.sqrt(rate * (1 - rate) / n)
        assert abs(counts[name] / n - rate) < 4 * sigma, (name, counts[name] / n, rate)


def test_topic_opens_resolves_and_comes_back(persona: Persona) -> None:
    main = PersonaTopic(topic="anxiety", subtopic="work_stress", weight=0.6, opens=0.0)
    late = PersonaTopic(topic="self_worth", weight=0.2, opens=0.5)
    back = PersonaTopic(topic="relationships", weight=0.2, opens=0.0, resolves=0.3, returns=0.7)
    p = _persona(persona, topics=[main, late, back])
    sessions = plan_sessions(p, 20, session_exchanges=(2, 2), days_between=(1, 1), seed=0)
    assert len(sessions) == 10
    phases = [{t.topic: phase for t, phase in s.topics} for s in sessions]
    assert all("self_worth" not in ph for ph in phases[:5])
    assert all(ph.get("self_worth") == "ongoing" for ph in phases[5:])
    rel = [ph.get("relationships") for ph in phases]
    assert rel[:3] == ["ongoing"] * 3 and rel[3] == "resolved"
    assert rel[4:7] == [None] * 3 and rel[7] == "returning" and rel[8:] == ["ongoing"] * 2
    assert all(ph.get("anxiety") == "ongoing" for ph in phases)


def test_sessions_cover_the_transcript_with_gaps(persona: Persona) -> None:
    sessions = plan_sessions(persona, 50, session_exchanges=(3, 8), days_between=(1, 14), seed=9)
    assert sum(s.exchanges for s in sessions) == 50
    assert [s.start for s in sessions] == [sum(x.exchanges for x in sessions[:i])
                                           for i in range(len(sessions))]
    assert sessions[0].days_since_previous == 0
    assert all(1 <= s.days_since_previous <= 14 for s in sessions[1:])
    assert all(1 <= len(s.topics) <= 4 for s in sessions)
