"""Say whether two risk model files hold the same model: every weight array equal, and the same
thresholds, settings and data hash (training time and file timestamps may differ).

    python scripts/compare_risk_model.py NEW.npz SHIPPED.npz
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

SAME_META = ("thresholds", "costs", "settings", "data_sha256", "encoder", "multilingual",
             "crossfit", "calibration")


def differences(a: Path, b: Path) -> list[str]:
    """What differs between the model files ``a`` and ``b`` (empty: the same model)."""
    with np.load(a) as x, np.load(b) as y:
        out = [f"array {k}: only in one file" for k in sorted(set(x.files) ^ set(y.files))]
        out += [f"array {k} differs" for k in sorted(set(x.files) & set(y.files))
                if k != "meta_json" and not np.array_equal(x[k], y[k])]
        meta_a, meta_b = json.loads(str(x["meta_json"])), json.loads(str(y["meta_json"]))
    out += [f"meta {k} differs" for k in SAME_META if meta_a.get(k) != meta_b.get(k)]
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    found = differences(Path(args[0]), Path(args[1]))
    if found:
        print(f"{args[0]} is not the model of {args[1]}:\n  " + "\n  ".join(found))
        return 1
    print(f"{args[0]} is the same model as {args[1]} (weights, thresholds, settings, data)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
