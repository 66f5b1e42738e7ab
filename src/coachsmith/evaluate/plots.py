"""The report's plots, drawn from the summary dict alone with matplotlib's Agg backend.

``render_plots(summary)`` returns PNG bytes by file name; the caller decides where they go. Three
kinds:

* ``scores.png``: each model's conversation scores (box plot with the runs as points);
* ``criteria-<candidate>.png``: per-criterion difference in the share of conversations meeting
  it, candidate minus reference, gate criteria marked;
* ``personas-<candidate>.png``: each persona's mean score under the reference and the candidate,
  joined by a line (green when the candidate is higher, red when lower).

matplotlib is imported inside :func:`render_plots`, so importing this module stays cheap.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def plot_files(summary: Mapping[str, Any]) -> dict[str, str]:
    """Plot key -> file name for every plot the summary supports (the report links these)."""
    files = {"scores": "scores.png"}
    for c in summary["comparisons"]:
        slug = _SAFE.sub("_", c["candidate"])
        if c.get("criteria"):
            files[f"criteria:{c['candidate']}"] = f"criteria-{slug}.png"
        if c["personas"]:
            files[f"personas:{c['candidate']}"] = f"personas-{slug}.png"
    return files


def render_plots(summary: Mapping[str, Any]) -> dict[str, bytes]:
    """PNG bytes by file name (as :func:`plot_files` names them)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = plot_files(summary)
    out: dict[str, bytes] = {}
    try:
        out[files["scores"]] = _png(plt, _scores(plt, summary))
        for c in summary["comparisons"]:
            key = f"criteria:{c['candidate']}"
            if key in files:
                out[files[key]] = _png(plt, _criteria(plt, summary, c))
            key = f"personas:{c['candidate']}"
            if key in files:
                out[files[key]] = _png(plt, _personas(plt, c))
    finally:
        plt.close("all")
    return out


def _png(plt: Any, fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _scores(plt: Any, summary: Mapping[str, Any]) -> Any:
    models = list(summary["models"])
    data = [[r["score"] for r in summary["rows"] if r["model"] == m] for m in models]
    fig, ax = plt.subplots(figsize=(max(4.0, 1.6 * len(models) + 1.5), 3.6))
    ax.boxplot(data, showmeans=True)
    ax.set_xticks(range(1, len(models) + 1), models)
    for i, values in enumerate(data, start=1):
        # Spread the points a little sideways, deterministically, so equal scores stay visible.
        xs = [i + 0.18 * ((j % 7) - 3) / 3 for j in range(len(values))]
        ax.scatter(xs, values, s=12, alpha=0.5, color="tab:blue", zorder=3)
    threshold = summary.get("rubric", {}).get("pass_threshold")
    if threshold is not None:
        ax.axhline(threshold, color="grey", linestyle="--", linewidth=1, label="pass threshold")
        ax.legend(loc="lower right", fontsize=8)
    ax.set_ylabel("conversation score")
    if _unit([x for values in data for x in values]):
        ax.set_ylim(-0.02, 1.02)
    ax.set_title("Score distribution per model")
    return fig


def _criteria(plt: Any, summary: Mapping[str, Any], c: Mapping[str, Any]) -> Any:
    items = [(cid, x) for cid, x in c["criteria"].items() if x["difference"] is not None]
    labels = [f"{cid}{' (gate)' if x['gate'] else ''}" for cid, x in items]
    values = [x["difference"] * 100 for _, x in items]
    fig, ax = plt.subplots(figsize=(6.0, 0.32 * len(items) + 1.4))
    colors = ["tab:green" if v > 0 else "tab:red" if v < 0 else "grey" for v in values]
    ax.barh(range(len(items)), values, color=colors)
    ax.set_yticks(range(len(items)), labels)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"{c['candidate']} - {c['reference']}, percentage points of conversations "
                  "meeting the criterion")
    ax.set_title(f"Per-criterion difference: {c['candidate']} vs {c['reference']}")
    return fig


def _personas(plt: Any, c: Mapping[str, Any]) -> Any:
    fig, ax = plt.subplots(figsize=(4.2, 4.0))
    for x in c["personas"]:
        color = "tab:green" if x["difference"] > 0 else "tab:red" if x["difference"] < 0 \
            else "grey"
        ax.plot([0, 1], [x["reference"], x["candidate"]], marker="o", color=color, alpha=0.6)
    p = c["persona_level"]
    ax.plot([0, 1], [p["reference_mean"], p["candidate_mean"]], color="black", linewidth=2.5,
            marker="s", label="mean over personas")
    ax.set_xticks([0, 1], [c["reference"], c["candidate"]])
    ax.set_xlim(-0.3, 1.3)
    if _unit([v for x in c["personas"] for v in (x["reference"], x["candidate"])]):
        ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("persona mean score")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Per-persona paired means")
    return fig


def _unit(values: list[float]) -> bool:
    """True when every value is a 0-1 score (tables from other tools may use other scales)."""
    return all(0.0 <= v <= 1.0 for v in values)
