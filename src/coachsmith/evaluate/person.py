"""The simulated person of the evaluation protocol: the generate stage's user simulator.

Evaluation personas are sampled from the same domain pack as the training personas, but from an
index range generation never uses, so no evaluated person appeared in the training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coachsmith.domain import Domain
from coachsmith.errors import CoachsmithError
from coachsmith.evaluate.protocol import SimulatedMessage
from coachsmith.generate.personas import persona_name, sample_personas
from coachsmith.generate.simulator import plan_sessions, plan_user_turn, render_user_prompt, session_of
from coachsmith.generate.user_turn import ask_user, simulator_messages
from coachsmith.llm import Backend, RoleSpec
from coachsmith.records import Exchange, Persona

EVALUATION_PERSONA_START = 1_000_000
"""Evaluation personas are numbers from here on; generation samples from 0 up."""


def evaluation_personas(domain: Domain, count: int, seed: int,
                        training_ids: Sequence[str] = ()) -> list[Persona]:
    """``count`` personas no training transcript was written with.

    Raises:
        CoachsmithError: One of them has the id of a training persona (a pack or sampler change
            that broke the disjoint ranges).
    """
    personas = sample_personas(domain, count, seed, start=EVALUATION_PERSONA_START)
    clash = sorted({p.id for p in personas} & set(training_ids))
    if clash:
        raise CoachsmithError(f"evaluation personas {', '.join(clash)} also appear in "
                              "personas.jsonl (training); evaluation needs fresh people")
    return personas


@dataclass(frozen=True)
class SimulatedPerson:
    """Plays a persona in an evaluation conversation, as the generate stage does in training data.

    Its sessions follow the persona's topic plan over ``max_exchanges`` exchanges; each message is
    planned (topics, flaws, follow-ups on the coach's suggestions), written by the ``user_sim``
    backend, and checked (empty, cut off, wrong role, a repeat) with up to ``max_attempts`` tries.

    Attributes:
        domain: The pack (prompts, taxonomy).
        backend: The user simulator's backend.
        role: Its sampling settings.
        max_exchanges: Exchanges in a whole conversation.
        session_exchanges: Exchanges per session (min, max).
        days_between: Days between sessions (min, max).
        max_attempts: Tries per message.
        trim_truncated: On the last try, keep a cut-off message up to its last full sentence.
    """

    domain: Domain
    backend: Backend
    role: RoleSpec
    max_exchanges: int
    session_exchanges: tuple[int, int]
    days_between: tuple[float, float]
    max_attempts: int = 3
    trim_truncated: bool = False

    def __call__(self, persona: Persona, history: Sequence[Exchange], *,
                 seed: int) -> SimulatedMessage | None:
        """The person's next message, or None once the conversation has all its exchanges.

        Raises:
            CoachsmithError: No try gave a usable message.
        """
        index = len(history)
        if index >= self.max_exchanges:
            return None
        plans = plan_sessions(persona, self.max_exchanges, session_exchanges=self.session_exchanges,
                              days_between=self.days_between, seed=seed)
        session = session_of(plans, index)
        plan = plan_user_turn(persona, self.domain, session, index, history, seed=seed)
        prompt = render_user_prompt(self.domain, persona, plan, session, index)
        text, problems = ask_user(
            self.backend.complete, simulator_messages(prompt, history, plans), self.role,
            seed=seed, index=index, attempts=self.max_attempts,
            trim_truncated=self.trim_truncated, persona_name=persona_name(persona),
            earlier=[ex.user for ex in history])
        if text is None:
            raise CoachsmithError(f"the user simulator gave no usable message for persona "
                                  f"{persona.id} at exchange {index} in {self.max_attempts} "
                                  f"tries ({', '.join(problems)})")
        return SimulatedMessage(text, plan.planted(),
                                new_session=index == session.start and session.index > 0,
                                days_since_previous=session.days_since_previous)
