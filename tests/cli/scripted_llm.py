"""A stand-in model for CLI tests, run by the ``command`` backend (prompt on stdin, reply on
stdout): a real subprocess per call, so a test can kill the coachsmith process mid-run.

Environment:
    SCRIPTED_LOG       file to append one line per call: ``<kind> <transcript> <criterion>``
    SCRIPTED_FAIL      criteria answered NO (with a reasoning citing exchange 2), comma-separated,
                       unless the transcript holds a fixed reply
    SCRIPTED_GATE_IDS  transcript ids whose CQ8 is answered NO
    SCRIPTED_KILL_AT   on this call number (1-based), kill the parent process with SIGKILL
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys

FIXED = "FIXED-REPLY: each topic gets its own short, gentle paragraph."
prompt = sys.stdin.read()
log = os.environ.get("SCRIPTED_LOG")
first_user = re.search(r"USER: \((\S+) 1\)", prompt)
tid = first_user.group(1) if first_user else "-"
criterion = re.findall(r"Criterion (\w+):", prompt)
if "You are editing one reply" in prompt:
    kind, reply = "fixup", FIXED
elif "Check one thing only: continuity" in prompt:
    kind, reply = "check", json.dumps({"reasoning": "The next message still follows.",
                                       "answer": "YES"})
elif criterion:
    kind, cid = "judge", criterion[-1]
    fail = set(filter(None, os.environ.get("SCRIPTED_FAIL", "").split(",")))
    gate = set(filter(None, os.environ.get("SCRIPTED_GATE_IDS", "").split(",")))
    bad = (cid in fail and FIXED not in prompt) or (cid == "CQ8" and tid in gate)
    reply = json.dumps({"reasoning": "In exchange 2 the coach misses it." if bad else "Fine.",
                        "answer": "NO" if bad else "YES"})
else:
    kind, reply = "coach", "Work first: that sounds like a lot. Your mum can wait a day."
if log:
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{kind} {tid} {criterion[-1] if criterion else '-'}\n")
    kill_at = os.environ.get("SCRIPTED_KILL_AT")
    if kill_at:
        with open(log, encoding="utf-8") as f:
            if sum(1 for _ in f) == int(kill_at):
                os.kill(os.getppid(), signal.SIGKILL)
                sys.exit(1)
print(reply)
