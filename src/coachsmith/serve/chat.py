"""A terminal chat with the coach: ``you>`` / ``coach>`` lines, one session per chat.

Each chat opens a new session for the person; the runtime puts the notes of their earlier
sessions into the coach's context, so the next chat remembers the last one. ``/quit``, end of
input (Ctrl-D) or Ctrl-C ends the session and writes its notes.
"""

from __future__ import annotations

import sys
from typing import TextIO

from coachsmith.serve.context import SessionType
from coachsmith.serve.runtime import CoachRuntime, Turn

QUIT = "/quit"


def run_chat(
    runtime: CoachRuntime,
    *,
    user: str,
    input: TextIO | None = None,
    output: TextIO | None = None,
    debug: bool = False,
    session_type: SessionType = "check_in",
) -> str:
    """Chat in the terminal until ``/quit`` or end of input, then save the session's notes.

    Args:
        runtime: The coach runtime (its store keeps the session).
        user: The person's id; their earlier sessions' notes shape this one.
        input: Where messages are read from, one per line (default ``sys.stdin``).
        output: Where prompts and replies go (default ``sys.stdout``).
        debug: Before each reply, print a line with the risk level, categories, score, where
            the reply came from and the response filter's decisions.
        session_type: ``check_in``, ``deep`` or ``micro_practice``.

    Returns:
        The id of the session this chat created.
    """
    src = sys.stdin if input is None else input
    out = sys.stdout if output is None else output
    session_id = runtime.start_session(user, session_type=session_type)
    out.write(_banner(runtime) + "\n")
    try:
        while True:
            out.write("you> ")
            out.flush()
            line = src.readline()
            if not line:  # end of input
                out.write("\n")
                break
            text = line.rstrip("\r\n")
            if text.strip() == QUIT:
                break
            turn = runtime.respond(session_id, text)
            if debug:
                out.write(debug_line(turn) + "\n")
            out.write(f"coach> {turn.reply}\n")
            out.flush()
    except KeyboardInterrupt:
        out.write("\n")
    out.write("(saving notes from this session...)\n")
    out.flush()
    runtime.end_session(session_id)
    out.write("(session ended)\n")
    out.flush()
    return session_id


def debug_line(turn: Turn) -> str:
    """One line about how a reply was decided, e.g.
    ``[risk=medium score=0.55 categories=self_harm crisis=off source=coach filter=pass@1]``."""
    risk = turn.risk
    categories = ",".join(risk.categories) or "-"
    steps = [f"{d.action}{':' + d.rule if d.rule else ''}@{d.attempt}" for d in turn.decisions]
    return (f"[risk={risk.level} score={risk.score:.2f} categories={categories} "
            f"crisis={'on' if turn.crisis_active else 'off'} source={turn.source} "
            f"filter={','.join(steps) or '-'}]")


def _banner(runtime: CoachRuntime) -> str:
    name = runtime.domain.info.coach_name or "the coach"
    emergency = runtime.domain.safety.resources_for(runtime.locale).emergency
    return (f"Chatting with {name}. Type {QUIT} to end. This is not a crisis service: if you are "
            f"in danger, contact emergency services ({emergency}).")
