"""The user simulator: plans what each user message carries, asks the model to write it, and
checks what came back.

Planning is pure and seeded (:func:`plan_sessions`, :func:`plan_user_turn`): which topics a
message raises and in which phase of their life (new, ongoing, resolved, returning), which of the
persona's flaws show (each at the persona's rate), how long it is, and whether the person reports
back on an experiment the coach suggested. The plan becomes the message's ``Planted`` record, so
later stages can check the coach against it. The cue phrases used to spot a suggestion and a
follow-up question in coach replies are English.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from coachsmith.domain import Domain
from coachsmith.generate.personas import describe_persona, message_words
from coachsmith.generate.seeding import derive_seed
from coachsmith.llm import Message, Response
from coachsmith.records import Exchange, Persona, PersonaFlaw, PersonaTopic, Planted

MAX_ACTIVE_TOPICS = 4
_SESSION_TYPES = (("check_in", 0.5), ("deep", 0.4), ("micro_practice", 0.1))
_MOODS = ("low", "flat", "steady", "hopeful", "up and down", "wound up")
_OUTCOMES = ("tried it and it helped a little", "tried it and it half worked",
             "tried it and it didn't help", "forgot all about it", "skipped it on purpose")
_SUGGESTION = re.compile(
    r"[^.!?\n]*\b(?:try|trying|experiment|small step|this week|next time|you could|you might|"
    r"what if you|consider|practice|practise|write down|notice)\b[^.!?\n]*[.!?]", re.IGNORECASE)
_ASKS_HOW_IT_WENT = re.compile(
    r"\b(?:how did (?:it|that|the)|how was (?:it|that|the)|did you (?:get a chance|manage|try|"
    r"get to)|how(?:'s| is| has) (?:the|that|it) (?:going|been)|any luck with)\b", re.IGNORECASE)
FIRST_MESSAGE_PROMPT = "(The coach is waiting for your first message.)"


@dataclass(frozen=True)
class SessionPlan:
    """One session of a planned transcript.

    Attributes:
        index: 0-based session number.
        start: Index of its first exchange in the transcript.
        exchanges: How many exchanges it has.
        days_since_previous: Days since the previous session (0 for the first).
        session_type: check_in, deep or micro_practice (the coach's session context says it).
        mood: The person's mood this session (for emotional swings between sessions).
        topics: ``(topic, phase)`` for the topics active this session, at most four; phase is
            ``ongoing``, ``resolved`` (it comes up as settled) or ``returning`` (back after
            being resolved). ``new`` is decided per message (first mention).
    """

    index: int
    start: int
    exchanges: int
    days_since_previous: float
    session_type: str
    mood: str
    topics: tuple[tuple[PersonaTopic, str], ...]


def plan_sessions(persona: Persona, target_exchanges: int, *, session_exchanges: tuple[int, int],
                  days_between: tuple[float, float], seed: int) -> list[SessionPlan]:
    """Split a transcript into sessions and decide which topics each one carries.

    Args:
        persona: Whose topic plan to follow.
        target_exchanges: Exchanges in the whole transcript.
        session_exchanges: (min, max) exchanges per session.
        days_between: (min, max) days between sessions.
        seed: The transcript's seed.

    Returns:
        Sessions covering exactly ``target_exchanges`` exchanges, in order.
    """
    rng = random.Random(derive_seed(seed, "sessions"))
    sizes: list[int] = []
    left = target_exchanges
    while left > 0:
        size = min(rng.randint(*session_exchanges), left)
        sizes.append(size)
        left -= size
    plans = []
    start = 0
    for index, size in enumerate(sizes):
        position = index / len(sizes)
        days = 0.0 if index == 0 else round(rng.uniform(*days_between), 1)
        session_type = rng.choices([t for t, _ in _SESSION_TYPES],
                                   weights=[w for _, w in _SESSION_TYPES])[0]
        previous = index - 1 if index else None
        topics = _session_topics(persona, position, None if previous is None
                                 else previous / len(sizes))
        plans.append(SessionPlan(index, start, size, days, session_type, rng.choice(_MOODS),
                                 topics))
        start += size
    return plans


def _session_topics(persona: Persona, position: float,
                    before: float | None) -> tuple[tuple[PersonaTopic, str], ...]:
    active: list[tuple[PersonaTopic, str]] = []
    for topic in persona.topics:
        if topic.returns is not None and position >= topic.returns:
            came_back = before is None or before < topic.returns
            active.append((topic, "returning" if came_back else "ongoing"))
        elif topic.resolves is not None and position >= topic.resolves:
            if before is not None and before < topic.resolves:
                active.append((topic, "resolved"))  # mentioned once more, as settled
        elif position >= topic.opens:
            active.append((topic, "ongoing"))
    if not active and persona.topics:
        active.append((max(persona.topics, key=lambda t: t.weight), "ongoing"))
    # At most four at a time: topics changing phase first, then the weightiest.
    active.sort(key=lambda pair: (pair[1] == "ongoing", -pair[0].weight))
    return tuple(active[:MAX_ACTIVE_TOPICS])


def session_of(sessions: Sequence[SessionPlan], exchange: int) -> SessionPlan:
    """The session that holds exchange number ``exchange``."""
    for session in sessions:
        if session.start <= exchange < session.start + session.exchanges:
            return session
    raise IndexError(f"exchange {exchange} is past the planned sessions")


@dataclass(frozen=True)
class TurnPlan:
    """What one user message is asked to carry (becomes its ``Planted`` record)."""

    topics: tuple[tuple[PersonaTopic, str], ...]
    flaws: tuple[PersonaFlaw, ...]
    words: int
    follow_up: str
    notes: dict[str, str] = field(default_factory=dict)

    def planted(self) -> Planted:
        """The record stored on the exchange."""
        return Planted(topics=list(dict.fromkeys(t.topic for t, _ in self.topics)),
                       flaws=[f.name for f in self.flaws], notes=dict(self.notes))


def topic_key(topic: PersonaTopic) -> str:
    """``topic:anxiety/work_stress``: the key of a topic in ``Planted.notes``."""
    return f"topic:{topic.topic}" + (f"/{topic.subtopic}" if topic.subtopic else "")


def plan_user_turn(persona: Persona, domain: Domain, session: SessionPlan, exchange: int,
                   history: Sequence[Exchange], *, seed: int) -> TurnPlan:
    """Plan user message number ``exchange`` (0-based, whole transcript).

    Args:
        persona: Who writes it.
        domain: The pack (topics per message, flaw patterns).
        session: The session it belongs to.
        exchange: Its index in the transcript.
        history: Every earlier exchange (their ``planted`` records tell which topics were
            already mentioned).
        seed: The transcript's seed.

    Returns:
        The plan; the same inputs give the same plan.
    """
    rng = random.Random(derive_seed(seed, "user", exchange))
    first_of_session = exchange == session.start
    mentioned = {key for ex in history if ex.planted for key in ex.planted.notes
                 if key.startswith("topic:")}
    spec = domain.personas.topics_per_message
    want = min(rng.randint(spec.min, spec.max), len(session.topics))
    # Topics that change phase this session come up in its first message.
    pinned = [pair for pair in session.topics if first_of_session and pair[1] != "ongoing"]
    rest = [pair for pair in session.topics if pair not in pinned]
    chosen = list(pinned[:want])
    while len(chosen) < want and rest:
        pick = rng.choices(rest, weights=[max(t.weight, 1e-3) for t, _ in rest])[0]
        chosen.append(pick)
        rest.remove(pick)
    topics = tuple((t, "new" if topic_key(t) not in mentioned and phase == "ongoing" else phase)
                   for t, phase in chosen)
    notes = {topic_key(t): phase for t, phase in topics}
    patterns = {p.name: p for c in domain.taxonomy.flaws.categories for p in c.patterns}
    flaws = []
    for flaw in persona.flaws:
        pattern = patterns.get(flaw.name)
        roll = rng.random()  # drawn for every flaw, so one flaw's eligibility moves no other
        if pattern is not None and pattern.needs_history and not history:
            continue
        if roll < flaw.probability:
            flaws.append(flaw)
            notes[f"flaw:{flaw.name}"] = _flaw_note(flaw.name, history, rng)
    follow_up = _follow_up(history, first_of_session, rng, notes)
    if first_of_session and session.index > 0:
        notes["session_gap"] = f"{session.days_since_previous:g} days"
    notes["mood"] = session.mood
    words = message_words(persona, rng)
    notes["words"] = str(words)
    return TurnPlan(topics, tuple(flaws), words, follow_up, notes)


def _flaw_note(name: str, history: Sequence[Exchange], rng: random.Random) -> str:
    """Specifics for flaws that refer back: which earlier advice or statement is involved."""
    if not history:
        return "acted out"
    suggestions = [s for ex in history for s in _SUGGESTION.findall(ex.assistant)]
    if suggestions and rng.random() < 0.5:
        return "about the coach's earlier suggestion: " + _clip(rng.choice(suggestions).strip())
    sentences = [s for ex in history for s in re.split(r"(?<=[.!?])\s+", ex.user) if len(s) > 20]
    if sentences:
        return "about your earlier words: " + _clip(rng.choice(sentences).strip())
    return "acted out"


def _follow_up(history: Sequence[Exchange], first_of_session: bool, rng: random.Random,
               notes: dict[str, str]) -> str:
    last = history[-1].assistant if history else ""
    suggestions = [s for ex in history[-3:] for s in _SUGGESTION.findall(ex.assistant)]
    if not suggestions:
        return "nothing to report back on."
    suggestion = _clip(suggestions[-1].strip())
    asked = bool(_ASKS_HOW_IT_WENT.search(last))
    chance = 0.85 if asked else (0.3 if first_of_session else 0.1)
    if rng.random() < chance:
        outcome = rng.choice(_OUTCOMES)
        notes["follow_up"] = f"reports back ({outcome}){' when asked' if asked else ''}"
        return (f"the coach earlier suggested: \"{suggestion}\" You {outcome}; say how it went"
                f"{' since the coach asked' if asked else ''}.")
    notes["follow_up"] = "waits to be asked"
    return "the coach suggested something earlier; don't bring it up unless the coach asks."


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "..."


# ---------------------------------------------------------------------------- the request


def render_user_prompt(domain: Domain, persona: Persona, plan: TurnPlan, session: SessionPlan,
                       exchange: int) -> str:
    """The pack's ``user_sim`` prompt filled for one message."""
    topic_lines = [f"- {_topic_text(domain, t, phase)}" for t, phase in plan.topics]
    flaw_lines = []
    patterns = {p.name: p for c in domain.taxonomy.flaws.categories for p in c.patterns}
    for flaw in plan.flaws:
        pattern = patterns.get(flaw.name)
        text = f"- {flaw.name.replace('_', ' ')}: {pattern.description if pattern else ''}"
        detail = plan.notes.get(f"flaw:{flaw.name}", "")
        if detail and detail != "acted out":
            text += f" ({detail})"
        flaw_lines.append(text)
    if session.index == 0:
        where = "This is your first session with the coach."
    else:
        where = (f"This is session {session.index + 1}; the last one was "
                 f"{session.days_since_previous:g} days ago.")
    if exchange == session.start and session.index > 0:
        where += " This is your first message of the session; mention the time since last if natural."
    where += f" Your mood this session: {session.mood}."
    words = plan.words
    length = (f"one or two short lines (about {words} words)" if words <= 30 else
              f"about {words} words")
    style = next((s for s in domain.taxonomy.styles if s.name == persona.style), None)
    return domain.prompt("user_sim").render(
        persona=describe_persona(persona),
        topics="\n".join(topic_lines) or "- whatever is on your mind",
        style=f"{persona.style}: {style.description}" if style and style.description
        else persona.style,
        flaws="\n".join(flaw_lines) or "- none in particular this time",
        exchange_index=exchange + 1,
        session=where,
        length=length,
        follow_up=plan.follow_up,
    ).strip()


_PHASES = {
    "new": "bring this up for the first time",
    "ongoing": "continue this from before, or give an update",
    "resolved": "this has settled down or been sorted; mention it briefly as resolved",
    "returning": "this had settled but it has come back",
}


def _topic_text(domain: Domain, topic: PersonaTopic, phase: str) -> str:
    found = domain.taxonomy.topic(topic.topic)
    label = topic.topic.replace("_", " ")
    if topic.subtopic:
        label += f" ({topic.subtopic.replace('_', ' ')})"
    about = f": {found.description}" if found and found.description else ""
    return f"{label}{about} - {_PHASES.get(phase, phase)}"


def user_messages(system: str, history: Sequence[Exchange], *, session_breaks: Sequence[int],
                  gaps: dict[int, float]) -> tuple[Message, ...]:
    """The simulator's chat: its prompt, then the conversation with the roles swapped (the
    coach's replies come as ``user`` turns, the person's own messages as ``assistant``)."""
    # Most chat templates want a user turn first: a stand-in says who opened the conversation.
    messages = [Message("system", system), Message("user", FIRST_MESSAGE_PROMPT)]
    for i, ex in enumerate(history):
        messages.append(Message("assistant", ex.user))
        reply = ex.assistant
        if i + 1 in session_breaks:
            reply += f"\n\n[{gaps.get(i + 1, 0):g} days later, a new session starts.]"
        messages.append(Message("user", reply))
    return tuple(messages)


# ---------------------------------------------------------------------------- checking output

_LABEL = re.compile(r"^\s*\**\s*([A-Za-z][\w .'-]{0,30}?)\s*\**\s*:", re.MULTILINE)
_AI_VOICE = re.compile(r"^\s*(?:as an ai\b|as a language model|i(?:'m| am) (?:here|happy) to "
                       r"help|how can i (?:help|assist)|as your coach\b)", re.IGNORECASE)


def clean_user_message(text: str, persona_name: str | None) -> str:
    """Strip a leading label the model put before the person's words ("User:", their name)."""
    stripped = text.strip().strip('"').strip()
    labels = ["user", "me", "client"] + ([persona_name.lower()] if persona_name else [])
    match = _LABEL.match(stripped)
    if match and match.group(1).strip().lower() in labels:
        stripped = stripped[match.end():].strip()
    return stripped


def check_user_message(text: str, response: Response, *, coach_name: str | None,
                       earlier: Sequence[str]) -> str | None:
    """Why a simulated user message is unusable, or None when it is fine.

    Reasons: ``empty``, ``truncated`` (cut off at max_tokens), ``wrong_role`` (written as the
    coach or an AI assistant), ``speaks_for_coach`` (writes a coach turn into the message),
    ``repeat`` (the same as an earlier message).
    """
    if not text.strip():
        return "empty"
    if response.finish_reason == "length":
        return "truncated"
    if _AI_VOICE.search(text):
        return "wrong_role"
    coach_labels = {"assistant", "coach", "therapist", "counselor", "counsellor", "ai"}
    if coach_name:
        coach_labels.add(coach_name.lower())
    for match in _LABEL.finditer(text):
        if match.group(1).strip().lower() in coach_labels:
            return "wrong_role" if match.start() == 0 else "speaks_for_coach"
    if text.strip() in {e.strip() for e in earlier}:
        return "repeat"
    return None
