"""One simulated user message: plan it, prompt the user simulator, check what comes back.

Shared by the transcript loop (generation) and the evaluation protocol's simulated person, so a
model is evaluated against the same person the training data was written with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coachsmith.generate.coach import trim_to_sentence
from coachsmith.generate.seeding import derive_seed
from coachsmith.generate.simulator import (
    SessionPlan,
    check_user_message,
    clean_user_message,
    user_messages,
)
from coachsmith.llm import Message, Request, Response, RoleSpec
from coachsmith.records import Exchange


def simulator_messages(prompt: str, history: Sequence[Exchange],
                       plans: Sequence[SessionPlan]) -> tuple[Message, ...]:
    """The user simulator's chat for the next message, with the session breaks of ``plans``."""
    return user_messages(prompt, history, session_breaks=[p.start for p in plans if p.index > 0],
                         gaps={p.start: p.days_since_previous for p in plans})


def ask_user(call: Callable[[Request], Response], messages: Sequence[Message], role: RoleSpec, *,
             seed: int, index: int, attempts: int, trim_truncated: bool,
             persona_name: str | None, earlier: Sequence[str]) -> tuple[str | None, list[str]]:
    """Ask the user simulator for message ``index`` until one passes the checks.

    Args:
        call: Sends one request (the role's backend, possibly wrapped).
        messages: The simulator's chat (see :func:`simulator_messages`).
        role: The user simulator's sampling settings.
        seed: The conversation's seed; each try gets its own seed derived from it.
        index: The message's number in the conversation (0-based).
        attempts: Most tries.
        trim_truncated: On the last try, keep a cut-off message up to its last full sentence.
        persona_name: A leading label with this name is stripped.
        earlier: The person's earlier messages (a repeat is unusable).

    Returns:
        ``(text, problems)``: the message (None when no try was usable) and the reason each
        rejected try was rejected (``empty``, ``truncated``, ``wrong_role``...).
    """
    problems: list[str] = []
    for attempt in range(attempts):
        response = call(Request(
            messages=tuple(messages), max_tokens=role.max_tokens, temperature=role.temperature,
            top_p=role.top_p, seed=derive_seed(seed, "user", index, attempt)))
        text = clean_user_message(response.text, persona_name)
        problem = check_user_message(text, response, coach_name=None, earlier=earlier)
        if problem is None:
            return text, problems
        if problem == "truncated" and trim_truncated and attempt == attempts - 1:
            trimmed = trim_to_sentence(text)
            if trimmed:
                return trimmed, problems
        problems.append(problem)
    return None, problems
