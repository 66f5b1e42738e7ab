"""The Markdown evaluation report, rendered from the summary dict alone.

Every number shown is a value of the summary (``summary.json``), formatted by one of four
formatters: scores and differences with 4 decimals, rates as percentages with 1 decimal,
p-values with 3 significant digits, counts as integers. Nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

NA = "–"


def num(x: Any) -> str:
    """A score, difference or statistic: 4 decimals; None as a dash."""
    return NA if x is None else f"{x:.4f}"


def pct(x: Any) -> str:
    """A rate in [0, 1] as a percentage with 1 decimal."""
    return NA if x is None else f"{x * 100:.1f} %"


def pval(x: Any) -> str:
    """A p-value with 3 significant digits."""
    return NA if x is None else f"{x:.3g}"


def count(x: Any) -> str:
    """A count."""
    return NA if x is None else str(int(x))


def secs(x: Any) -> str:
    """Seconds with 2 decimals."""
    return NA if x is None else f"{x:.2f} s"


def render_report(summary: Mapping[str, Any], *, plots: Mapping[str, str] | None = None) -> str:
    """The Markdown report of an evaluation or a score table.

    Args:
        summary: What :func:`~coachsmith.evaluate.summary.build_summary` returned (or its JSON
            read back).
        plots: Plot key -> file name (relative to the report), as
            :func:`~coachsmith.evaluate.plots.plot_files` names them; missing keys are skipped.
    """
    plots = plots or {}
    out = [f"# {summary['title']}", ""]
    comps: Sequence[Mapping[str, Any]] = summary["comparisons"]
    if comps:
        out += ["## Decision", ""]
        out += [f"- **{c['decision']['verdict'].replace('_', ' ')}**: {c['decision']['line']}"
                for c in comps]
        out.append("")
    out += _scores(summary, plots)
    for c in comps:
        out += _comparison(summary, c, plots)
    if "metrics" in summary:
        out += _categories(summary)
        out += _safety(summary)
    out += _settings(summary)
    return "\n".join(out).rstrip() + "\n"


def _scores(s: Mapping[str, Any], plots: Mapping[str, str]) -> list[str]:
    out = ["## Scores per model", "",
           f"Reference model: **{s['reference']}**. Persona means average each persona's runs "
           "first; the statistics below pair those means.", ""]
    metrics = s.get("metrics")
    if metrics:
        out += ["| model | conversations | personas | mean score | SD | pass rate | gate "
                "failures | validation rate | latency p50 | latency p95 | tokens/s | cut short "
                "|", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for model, m in metrics.items():
            v, lat = m["validation"], m["latency"]
            out.append(
                f"| {model} | {count(m['conversations'])} | {count(m['personas'])} | "
                f"{num(m['mean_score'])} | {num(m['sd_score'])} | {pct(m['pass_rate'])} | "
                f"{count(m['gate_failures'])} | {pct(v['rate']) if v else NA} | "
                f"{secs(lat['p50_s'])} | {secs(lat['p95_s'])} | {num(lat['tokens_per_s'])} | "
                f"{count(m['cut_short'])} |")
    else:
        out += ["| model | conversations | personas | mean score | pass rate | gate failures |",
                "|---|---|---|---|---|---|"]
        for model, b in s["scores"].items():
            out.append(f"| {model} | {count(b['conversations'])} | {count(b['personas'])} | "
                       f"{num(b['mean'])} | {pct(b['pass_rate'])} | "
                       f"{count(b['gate_failures'])} |")
    out.append("")
    if "scores" in plots:
        out += [f"![Score distribution per model]({plots['scores']})", ""]
    return out


def _comparison(s: Mapping[str, Any], c: Mapping[str, Any],
                plots: Mapping[str, str]) -> list[str]:
    ref, cand = c["reference"], c["candidate"]
    p, r, k, g = c["persona_level"], c["run_level"], c["clustered"], c["gates"]
    level = pct(p["ci"]["level"])
    out = [f"## {cand} vs {ref}", "", f"{c['decision']['line']}", "",
           "### Persona level (primary analysis)", "",
           "| statistic | value |", "|---|---|",
           f"| personas paired | {count(p['n'])} |",
           f"| mean score {ref} / {cand} | {num(p['reference_mean'])} / "
           f"{num(p['candidate_mean'])} |",
           f"| mean difference ({cand} - {ref}) | {num(p['mean_difference'])} |",
           f"| SD of differences | {num(p['sd_difference'])} |",
           f"| {level} CI ({p['ci']['method']}) | {_ci(p['ci'])} |",
           f"| paired t-test | {_test(p['t_test'], 't')} |",
           f"| Wilcoxon signed-rank | {_test(p['wilcoxon'], 'W')} |",
           f"| effect size (paired Cohen's dz) | {num(p['effect_size_dz'])} |",
           f"| McNemar, persona passes (most runs passed) | {_mcnemar(p['mcnemar'], ref, cand)} |",
           ""]
    if c["unpaired_personas"]:
        out += [f"Left out (scored under one model only): {', '.join(c['unpaired_personas'])}.",
                ""]
    out += ["### Run level (every conversation as independent: for contrast only)", "",
            "Runs of one persona share the simulated person and the opening, so they are not "
            "independent; these p-values overstate the evidence when runs agree.", "",
            "| statistic | value |", "|---|---|",
            f"| matched runs | {count(r['n'])} |",
            f"| mean difference | {num(r['mean_difference'])} |",
            f"| {pct(r['ci']['level'])} CI ({r['ci']['method']}) | {_ci(r['ci'])} |",
            f"| paired t-test | {_test(r['t_test'], 't')} |",
            f"| Wilcoxon signed-rank | {_test(r['wilcoxon'], 'W')} |",
            f"| McNemar, conversation passes | {_mcnemar(r['mcnemar'], ref, cand)} |", "",
            "### Standard error clustered by persona", "",
            "The run-level mean difference with its standard error clustered by persona "
            "(Miller 2024, \"Adding Error Bars to Evals\"): cluster-robust OLS on the "
            "differences.", "",
            "| statistic | value |", "|---|---|",
            f"| runs / personas | {count(k['n'])} / {count(k['clusters'])} |",
            f"| mean difference | {num(k['mean_difference'])} |",
            f"| naive SE (runs independent) | {num(k['naive_se'])} |",
            f"| clustered SE | {num(k['clustered_se'])} |",
            f"| design effect | {num(k['design_effect'])} |",
            f"| {pct(k['ci']['level'])} CI ({k['ci']['method']}) | {_ci(k['ci'])} |", "",
            "### Gate failures", ""]
    if g["known"]:
        out += [f"{ref}: {count(g['reference_failures'])} of {count(g['reference_total'])} "
                f"conversations ({pct(g['reference_rate'])}); {cand}: "
                f"{count(g['candidate_failures'])} of {count(g['candidate_total'])} "
                f"({pct(g['candidate_rate'])}).", ""]
    else:
        out += ["Not reported in the score table.", ""]
    if "criteria" in c:
        names = s.get("rubric", {}).get("criteria", {})
        out += ["### Per criterion (share of conversations meeting it)", "",
                f"| criterion | category | {ref} | {cand} | difference |",
                "|---|---|---|---|---|"]
        for cid, x in c["criteria"].items():
            meta = names.get(cid, {})
            label = f"{cid} {meta.get('name', '')}".strip() + (" (gate)" if x["gate"] else "")
            diff = NA if x["difference"] is None else f"{x['difference'] * 100:+.1f} pts"
            out.append(f"| {label} | {meta.get('category') or 'gate'} | {pct(x['reference'])} "
                       f"| {pct(x['candidate'])} | {diff} |")
        out.append("")
        key = f"criteria:{cand}"
        if key in plots:
            out += [f"![Per-criterion difference, {cand} - {ref}]({plots[key]})", ""]
    out += ["### Per persona", "", f"| persona | {ref} | {cand} | difference |",
            "|---|---|---|---|"]
    out += [f"| {x['persona']} | {num(x['reference'])} | {num(x['candidate'])} | "
            f"{num(x['difference'])} |" for x in c["personas"]]
    out.append("")
    key = f"personas:{cand}"
    if key in plots:
        out += [f"![Per-persona paired means, {ref} and {cand}]({plots[key]})", ""]
    return out


def _categories(s: Mapping[str, Any]) -> list[str]:
    metrics = s["metrics"]
    categories = list(next(iter(metrics.values()))["categories"]) if metrics else []
    if not categories:
        return []
    out = ["## Per category (mean share of the category's criteria met)", "",
           "| model | " + " | ".join(categories) + " |",
           "|---|" + "---|" * len(categories)]
    for model, m in metrics.items():
        out.append(f"| {model} | " + " | ".join(pct(m["categories"].get(name))
                                                 for name in categories) + " |")
    return [*out, ""]


def _safety(s: Mapping[str, Any]) -> list[str]:
    out = ["## Runtime safety layers", "",
           "How often the crisis flow answered instead of the model, and how often the "
           "response filter stepped in (a broken rule, a regeneration, the fallback, or crisis "
           "resources appended).", "",
           "| model | replies | crisis-flow replies | conversations with crisis flow | filtered "
           "replies | regenerations | fallbacks | resources appended | rules broken |",
           "|---|---|---|---|---|---|---|---|---|"]
    for model, m in s["metrics"].items():
        x = m["safety"]
        rules = ", ".join(f"{rule} {count(n)}" for rule, n in x["rules"].items()) or "none"
        out.append(f"| {model} | {count(x['replies'])} | {count(x['crisis_flow_replies'])} | "
                   f"{count(x['conversations_with_crisis_flow'])} | "
                   f"{count(x['filtered_replies'])} | {count(x['regenerations'])} | "
                   f"{count(x['fallbacks'])} | {count(x['resources_appended'])} | {rules} |")
    out.append("")
    cut = {m: x["stop_reasons"] for m, x in s["metrics"].items() if x["stop_reasons"]}
    if cut:
        out += ["Conversations cut short: " + "; ".join(
            f"{m}: " + ", ".join(f"{reason} {count(n)}" for reason, n in reasons.items())
            for m, reasons in cut.items()) + ".", ""]
    validation = {m: x["validation"] for m, x in s["metrics"].items() if x["validation"]}
    if validation:
        out += ["Validation rate: per coach-model reply, the judge answers whether the reply "
                "acknowledges the feelings in the message it answers (messages without "
                "feelings are left out; unparseable answers count as not validated): " + "; ".join(
                    f"{m} {count(v['validated'])} of {count(v['counted'])}"
                    for m, v in validation.items()) + ".", ""]
        target = s.get("validation_target")
        if target is not None:
            out += [f"Validation target (more than {target * 100:g} % of coach-model replies): "
                    + "; ".join(f"{m} {'meets it' if v.get('meets_target') else 'misses it'}"
                                for m, v in validation.items()) + ".", ""]
    return out


def _settings(s: Mapping[str, Any]) -> list[str]:
    settings = s.get("settings") or {}
    if not settings:
        return []
    out = ["## Settings", ""]
    out += [f"- {key}: {value}" for key, value in settings.items()]
    return [*out, ""]


def _ci(ci: Mapping[str, Any]) -> str:
    if ci["low"] is None:
        return NA
    return f"[{num(ci['low'])}, {num(ci['high'])}]"


def _test(t: Mapping[str, Any], name: str) -> str:
    if t["p_value"] is None:
        return f"{NA} ({t['note']})" if t["note"] else NA
    note = f"; {t['note']}" if t["note"] else ""
    return f"{name} = {num(t['statistic'])}, p = {pval(t['p_value'])}{note}"


def _mcnemar(m: Mapping[str, Any], ref: str, cand: str) -> str:
    cells = (f"both pass {count(m['both_pass'])}, only {ref} {count(m['reference_only'])}, "
             f"only {cand} {count(m['candidate_only'])}, neither {count(m['neither'])}")
    if m["p_value"] is None:
        return f"{cells}; {m['note']}"
    return f"{cells}; p = {pval(m['p_value'])} ({m['note']})"


def render_suite_report(summary: Mapping[str, Any]) -> str:
    """The Markdown report of one fixed suite (safety, persona or edge), from its summary."""
    out = [f"# {summary['title']}", "",
           f"**{'PASSED' if summary['passed'] else 'FAILED'}**: {count(summary['items'])} of "
           f"{count(summary['suite_items'])} items run.", "", "## Pass criteria", "",
           "| criterion | value | target | met |", "|---|---|---|---|"]
    for c in summary["criteria"]:
        out.append(f"| {c['name']} | {pct(c['value'])} | {c['comparison']} {pct(c['target'])} "
                   f"| {'yes' if c['met'] else 'no' if c['value'] is not None else NA} |")
    out.append("")
    if summary["suite"] == "safety":
        e = summary["expectations"]
        out += ["## Outcomes by expectation", "",
                "| expected | items | as expected | rate |", "|---|---|---|---|",
                f"| crisis flow | {count(e['crisis']['n'])} | {count(e['crisis']['passed'])} | "
                f"{pct(e['crisis']['rate'])} |",
                f"| crisis resources | {count(e['resources']['n'])} | "
                f"{count(e['resources']['passed'])} | {pct(e['resources']['rate'])} |",
                f"| coach (hard negatives) | {count(e['coach']['n'])} | "
                f"{count(e['coach']['passed'])} | false alarms "
                f"{count(e['coach']['false_alarms'])} ({pct(e['coach']['false_alarm_rate'])}) |",
                ""]
    else:
        out += ["## Checks", "", "| check | asked | passed | rate | YES | NO | NA | ERROR |",
                "|---|---|---|---|---|---|---|---|"]
        for cid, c in summary["checks"].items():
            out.append(f"| {cid} ({c['name']}) | {count(c['asked'])} | {count(c['passed'])} | "
                       f"{pct(c['rate'])} | {count(c['yes'])} | {count(c['no'])} | "
                       f"{count(c['na'])} | {count(c['error'])} |")
        r = summary["runtime_expectations"]
        out += ["", f"Runtime outcome as expected: {count(r['met'])} of {count(r['n'])} probes "
                "that name one.", ""]
    out += ["## By category", "", "| category | items | passed | rate |", "|---|---|---|---|"]
    out += [f"| {name} | {count(c['n'])} | {count(c['passed'])} | {pct(c['rate'])} |"
            for name, c in summary["categories"].items()]
    out.append("")
    failures = summary["failures"]
    if failures:
        out += [f"## Failures ({count(summary['failed'])})", ""]
        for f in failures:
            if summary["suite"] == "safety":
                out.append(f"- `{f['id']}` ({f['category']}): expected {f['expect']}, got "
                           f"{f['got']} (risk {f['risk_level']}): {_quote(f['text'])}")
            else:
                failed = ", ".join(f["failed_checks"]) or "runtime outcome"
                out.append(f"- `{f['id']}` ({f['category']}): failed {failed}: "
                           f"{_quote(f['message'])}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return f"\"{flat[:160]}{'...' if len(flat) > 160 else ''}\"" if flat else "(empty)"


def render_plan(plan: Mapping[str, Any]) -> str:
    """The Markdown of ``coachsmith evaluate --plan`` (from ``plan.json``)."""
    split, current, rec = plan["split"], plan["current"], plan["recommended"]
    out = ["# Evaluation plan", "",
           f"To detect a mean score difference of {num(plan['difference'])} with a two-sided "
           f"paired t-test at alpha {num(plan['alpha'])} and power {pct(plan['power'])}, from "
           f"{plan['source']}.", "",
           f"Pilot: {count(split['personas'])} personas, {count(split['runs'])} scores; "
           f"between-persona variance {num(split['between'])}, within-persona (run) variance "
           f"{num(split['within'])}.", "",
           "| runs per persona | SD of a persona's mean difference | personas needed | "
           "conversations per model |", "|---|---|---|---|"]
    out += [f"| {count(r['runs'])} | {num(r['sd'])} | {count(r['personas'])} | "
            f"{count(r['conversations'])} |" for r in plan["rows"]]
    out.append("")
    if rec is not None:
        out += [f"Recommended: **{count(rec['personas'])} personas x {count(rec['runs'])} "
                f"run(s)** ({count(rec['conversations'])} conversations per model).", ""]
    if current.get("power") is not None:
        out += [f"The configured design ({count(current['personas'])} personas x "
                f"{count(current['runs'])} runs) has power {pct(current['power'])} for this "
                f"difference and detects {num(current['detectable_difference'])} with power "
                f"{pct(plan['power'])}.", ""]
    out += [f"- {note}" for note in plan["notes"]]
    return "\n".join(out).rstrip() + "\n"
