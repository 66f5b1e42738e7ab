"""A stand-in model for CLI tests, run by the ``command`` backend: reads the conversation on
stdin, prints a reply that depends only on it (so two runs agree), after a short pause."""

import hashlib
import sys
import time

prompt = sys.stdin.read()
digest = hashlib.sha256(prompt.encode()).hexdigest()[:10]
time.sleep(0.05)
if "You are writing as a real person" in prompt:
    turn = ""
    if "In this message: " in prompt:  # an edge-case scenario: act out the scripted turn
        turn = prompt.split("In this message: ", 1)[1].split("\n", 1)[0]
        turn = " " + turn.replace("your ", "my ").replace("you ", "I ").replace("You ", "I ")
    print(f"Work is piling up again and I slept badly ({digest}).{turn}")
elif "session" in prompt.lower() and "notes" in prompt.lower() and "Sage" not in prompt:
    print(f"Talked about work and sleep ({digest}).")
else:
    print(f"On work: you could try listing three tasks tonight. On your sister: what set it "
          f"off? ({digest})")
