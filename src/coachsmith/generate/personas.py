"""Personas: simulated people sampled from a domain pack's taxonomy with a seed.

Sampling is pure and deterministic: persona ``i`` depends only on the pack and ``derive_seed(seed,
"persona", i)``, so the same seed and pack give the same personas byte for byte, and asking for
more personas later appends new ones without changing the first. An optional LLM pass
(:func:`add_profiles`, the pack's ``persona.md`` prompt) writes each persona's profile and a short
first-person backstory.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Sequence
from typing import Any

from coachsmith.domain import Domain
from coachsmith.errors import BackendError
from coachsmith.generate.seeding import derive_seed
from coachsmith.llm import Backend, Message, Request, Response, RoleSpec, complete_many
from coachsmith.records import Persona, PersonaFlaw, PersonaTopic

#: The fields the persona prompt asks for, with their JSON types.
PROFILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer"},
        "background": {"type": "string"},
        "current_situation": {"type": "string"},
        "voice": {"type": "string"},
        "backstory": {"type": "string"},
        "topic_seeds": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "age", "background", "current_situation", "voice", "backstory",
                 "topic_seeds"],
    "additionalProperties": False,
}
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_MAX_ACTIVE_AT_START = 2


def persona_id(index: int) -> str:
    """``p-0003`` for index 3."""
    return f"p-{index:04d}"


def sample_persona(domain: Domain, index: int, seed: int) -> Persona:
    """Draw persona number ``index`` from the pack.

    Args:
        domain: The pack (taxonomy and personas.yaml).
        index: Which persona (0-based); part of its seed and id.
        seed: The run's base seed.

    Returns:
        The persona, without a profile.
    """
    own_seed = derive_seed(seed, "persona", index)
    rng = random.Random(own_seed)
    spec = domain.personas
    taxonomy = domain.taxonomy
    attributes: dict[str, str | int] = {}
    for name, attribute in spec.attributes.items():
        if attribute.choices is not None:
            attributes[name] = rng.choice(attribute.choices)
        else:
            assert attribute.range is not None
            attributes[name] = rng.randint(*attribute.range)
    style = _weighted(rng, taxonomy.styles)
    difficulty = _weighted(rng, taxonomy.difficulty)
    words = spec.words_per_message
    return Persona(
        id=persona_id(index),
        seed=own_seed,
        domain=domain.name,
        attributes=attributes,
        style=style.name,
        difficulty=difficulty.name,
        topics=_sample_topics(rng, domain),
        flaws=_sample_flaws(rng, domain),
        words_per_message=(max(1, round(words.min * style.length_scale)),
                           max(1, round(words.max * style.length_scale))),
    )


def sample_personas(domain: Domain, count: int, seed: int, start: int = 0) -> list[Persona]:
    """Personas ``start`` .. ``start + count - 1`` (see :func:`sample_persona`)."""
    return [sample_persona(domain, i, seed) for i in range(start, start + count)]


def _weighted(rng: random.Random, items: Sequence[Any]) -> Any:
    return rng.choices(list(items), weights=[i.weight for i in items])[0]


def _sample_topics(rng: random.Random, domain: Domain) -> list[PersonaTopic]:
    spec = domain.personas.topics_per_persona
    taxonomy = domain.taxonomy
    want = rng.randint(spec.min, spec.max)
    pairs: list[tuple[str, str]] = []
    # Weighted draws with replacement over topics; a topic may come back with another subtopic.
    for _ in range(want * 20):
        if len(pairs) >= want:
            break
        topic = _weighted(rng, taxonomy.topics)
        unused = [s for s in topic.subtopics if (topic.name, s) not in pairs]
        if not topic.subtopics and (topic.name, "") not in pairs:
            pairs.append((topic.name, ""))
        elif unused:
            pairs.append((topic.name, rng.choice(unused)))
    raw = [rng.gammavariate(1.0, 1.0) for _ in pairs]
    total = sum(raw) or 1.0
    topics = []
    for i, ((name, sub), share) in enumerate(zip(pairs, raw, strict=True)):
        # The first topics are there from the start; the rest open later in the relationship.
        opens = 0.0 if i < _MAX_ACTIVE_AT_START else round(rng.uniform(0.1, 0.7), 3)
        resolves: float | None = None
        returns: float | None = None
        if i > 0 and rng.random() < 0.5:
            resolves = round(min(0.95, opens + rng.uniform(0.2, 0.6)), 3)
            if rng.random() < 0.4 and resolves < 0.85:
                returns = round(rng.uniform(resolves + 0.1, 1.0), 3)
        topics.append(PersonaTopic(topic=name, subtopic=sub, weight=round(share / total, 3),
                                   opens=opens, resolves=resolves, returns=returns))
    return topics


def _sample_flaws(rng: random.Random, domain: Domain) -> list[PersonaFlaw]:
    flaws = domain.taxonomy.flaws
    spec = domain.personas.flaws_per_persona
    carried = [c for c in flaws.categories if rng.random() < c.probability]
    others = [c for c in flaws.categories if c not in carried]
    rng.shuffle(others)
    want = min(max(len(carried), spec.min), spec.max)
    categories = (carried + others)[:want] if len(carried) < want else rng.sample(carried, want)
    out = []
    for category in categories:
        pattern = rng.choice(category.patterns)
        # Around the pack's per-message rate, so personas differ in how messy they are.
        rate = flaws.per_message_probability * rng.uniform(0.6, 1.4)
        out.append(PersonaFlaw(name=pattern.name, category=category.name,
                               probability=round(min(0.95, max(0.05, rate)), 3)))
    return sorted(out, key=lambda f: (f.category, f.name))


# ---------------------------------------------------------------------------- LLM profile


def build_profile_messages(domain: Domain, persona: Persona) -> tuple[Message, ...]:
    """The persona prompt filled with the persona's attributes and topic areas."""
    attributes = "\n".join(f"- {k.replace('_', ' ')}: {v}" for k, v in persona.attributes.items())
    attributes += f"\n- writing style: {persona.style}\n- difficulty: {persona.difficulty}"
    topics = "\n".join(f"- {_topic_line(domain, t)}" for t in persona.topics)
    return (Message("user", domain.prompt("persona").render(
        attributes=attributes, topics=topics).strip()),)


def parse_profile(text: str) -> dict[str, object]:
    """The profile JSON object from a model's reply.

    Raises:
        ValueError: No JSON object with every required field of the right type was found.
    """
    candidates = [text.strip(), *_FENCE.findall(text)]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start:end + 1])
    problem: str | None = "no JSON object"
    for candidate in candidates:
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        problem = _profile_problem(data)
        if problem is None:
            return {key: data[key] for key in PROFILE_SCHEMA["properties"]}
    raise ValueError(problem or "no JSON object")


def _profile_problem(data: dict[str, Any]) -> str | None:
    for key in PROFILE_SCHEMA["required"]:
        value = data.get(key)
        if key == "age":
            if not isinstance(value, int) or isinstance(value, bool):
                return f"'age' must be an integer, got {value!r}"
        elif key == "topic_seeds":
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                return "'topic_seeds' must be a list of strings"
        elif not isinstance(value, str) or not value.strip():
            return f"'{key}' must be a non-empty string"
    return None


def add_profiles(personas: Sequence[Persona], *, domain: Domain, backend: Backend,
                 role: RoleSpec, max_attempts: int = 2,
                 progress: str | None = None) -> list[Persona]:
    """Ask the model for each persona's profile; a persona whose answer never parses keeps no
    profile and says why in ``profile_error`` (it is still usable).

    Requests run concurrently within the backend's limit. Each retry uses another seed, so a
    cached bad answer is not simply replayed.

    Args:
        personas: Sampled personas.
        domain: The pack (its ``persona`` prompt).
        backend: The user_sim backend.
        role: Its sampling settings.
        max_attempts: Tries per persona.
        progress: Label of a progress bar; None shows none.

    Returns:
        The personas in the same order, with ``profile`` or ``profile_error`` set.
    """
    out = list(personas)
    pending = [i for i, p in enumerate(out) if p.profile is None]
    errors: dict[int, str] = {}
    for attempt in range(max_attempts):
        if not pending:
            break
        requests = [Request(
            messages=build_profile_messages(domain, out[i]),
            max_tokens=max(role.max_tokens, 512), temperature=role.temperature, top_p=role.top_p,
            seed=derive_seed(out[i].seed, "profile", attempt), json_schema=PROFILE_SCHEMA,
        ) for i in pending]
        results = complete_many(backend, requests, progress=progress)
        still = []
        for i, result in zip(pending, results, strict=True):
            error = _profile_result(result)
            if isinstance(error, dict):
                out[i] = out[i].model_copy(update={"profile": error, "profile_error": None})
            else:
                errors[i] = error
                still.append(i)
        pending = still
    for i in pending:
        out[i] = out[i].model_copy(update={"profile_error": errors[i]})
    return out


def _profile_result(result: Response | BackendError) -> dict[str, object] | str:
    if isinstance(result, BackendError):
        return f"backend error: {result}"
    if result.finish_reason == "length":
        return "the reply was cut off at max_tokens"
    try:
        return parse_profile(result.text)
    except ValueError as exc:
        return f"unparseable profile: {exc}"


# ---------------------------------------------------------------------------- rendering


def _topic_line(domain: Domain, topic: PersonaTopic) -> str:
    found = domain.taxonomy.topic(topic.topic)
    label = topic.topic.replace("_", " ") + (f" ({topic.subtopic.replace('_', ' ')})"
                                              if topic.subtopic else "")
    return f"{label}: {found.description}" if found and found.description else label


def describe_persona(persona: Persona) -> str:
    """The persona as the user simulator reads it (``{{persona}}``): profile first, then facts."""
    lines: list[str] = []
    profile = persona.profile or {}
    if profile.get("name"):
        lines.append(f"Name: {profile['name']}")
    for key in ("background", "current_situation", "voice", "backstory"):
        if profile.get(key):
            lines.append(f"{key.replace('_', ' ').capitalize()}: {profile[key]}")
    lines += [f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in persona.attributes.items()]
    seeds = profile.get("topic_seeds")
    if isinstance(seeds, list) and seeds:
        lines.append("Things on your mind: " + "; ".join(str(s) for s in seeds))
    return "\n".join(lines)


def persona_name(persona: Persona) -> str | None:
    """The persona's first name when the profile has one."""
    name = (persona.profile or {}).get("name")
    return str(name).strip() or None if name else None


def message_words(persona: Persona, rng: random.Random) -> int:
    """A target length for one message: log-uniform in the persona's range, sometimes a quick
    one-liner (people don't always write paragraphs)."""
    lo, hi = persona.words_per_message
    if rng.random() < 0.12:
        return rng.randint(5, 25)
    return round(math.exp(rng.uniform(math.log(max(lo, 1)), math.log(max(hi, lo, 1)))))
