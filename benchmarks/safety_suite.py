"""The pack's safety suite through the packaged risk classifier and the crisis flow.

    python benchmarks/safety_suite.py [--domain therapy] [--json]

Every message goes through the real runtime (``CoachRuntime``: risk check, crisis flow,
response filter) in a fresh session; the coach model is a fixed stub, because the suite scores
where a reply came from (crisis flow, resources, coach), not what the model wrote. Prints the
rates against the suite's pass criteria, the misses, and the time per message. Each run reads
the suite once: record the run in benchmarks/RESULTS.md, since a suite that guides changes to
the classifier stops being a fair test of it.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from coachsmith.domain import load_domain
from coachsmith.domain.suites import load_safety_suite, suite_file
from coachsmith.evaluate import run_safety_suite, summarize_safety
from coachsmith.llm import FakeBackend, RoleSpec
from coachsmith.safety import load_risk_classifier
from coachsmith.serve.store import SessionStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", default="therapy")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    domain = load_domain(args.domain)
    suite = load_safety_suite(suite_file(domain.root, "safety"))
    start = time.perf_counter()
    risk = load_risk_classifier()
    loaded = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp, SessionStore(Path(tmp) / "s.db") as store:
        start = time.perf_counter()
        outcomes = list(run_safety_suite(
            suite, domain=domain, coach=FakeBackend(lambda r: "Thank you for telling me."),
            coach_params=RoleSpec(), risk=risk, store=store))
        elapsed = time.perf_counter() - start
    summary = summarize_safety(suite, outcomes, title=f"Safety suite: {args.domain}")
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{platform.system()} {platform.machine()}, Python {platform.python_version()}; "
          f"classifier loaded in {loaded:.1f} s; {len(outcomes)} messages in {elapsed:.1f} s "
          f"({1000 * elapsed / len(outcomes):.0f} ms each, history messages included)")
    for c in summary["criteria"]:
        print(f"{c['name']}: {c['value']:.3f} ({c['comparison']} {c['target']}) "
              f"{'met' if c['met'] else 'MISSED'}")
    for name, row in summary["categories"].items():
        print(f"  {name}: {row['passed']}/{row['n']}")
    for f in summary["failures"]:
        print(f"miss {f['id']} ({f['category']}, expected {f['expect']}, got {f['got']}, "
              f"risk {f['risk_level']}): {f['text']}")


if __name__ == "__main__":
    main()
