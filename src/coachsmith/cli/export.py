"""``coachsmith export``: merge → GGUF → quantize → Ollama Modelfile → verify.

``export_stage`` is what ``coachsmith run`` calls too. It reads ``train/`` and writes
``export/``: ``merged/`` (safetensors), ``<name>-f16.gguf`` and the quantized files, ``Modelfile``,
``verify.json``, ``summary.json`` and the converter's and quantizer's logs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Annotated, Any

import typer

from coachsmith.cli._app import app
from coachsmith.cli.train import Echo
from coachsmith.config import RunConfig, load_config
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import CoachsmithError
from coachsmith.records import write_json


def export_source(cfg: RunConfig, run_dir: Path) -> Path:
    """The training output to export, as ``export.source`` says.

    Raises:
        CoachsmithError: It does not exist yet.
    """
    train = run_dir / "train"
    sft = train / "model" if (train / "model" / "config.json").is_file() else train / "adapter"
    dpo = train / "dpo" / "adapter"
    choice = cfg.export.source
    source = dpo if choice == "dpo" or (choice == "auto" and dpo.is_dir()) else sft
    if not source.is_dir():
        raise CoachsmithError(f"{source} not found: run coachsmith train"
                              f"{' --dpo' if source == dpo else ''} -c <run.yaml> first")
    return source


def _fingerprint(cfg: RunConfig, source: Path, system: str) -> str:
    digest = hashlib.sha256(json.dumps(cfg.export.model_dump(mode="json"), sort_keys=True).encode())
    digest.update(system.encode())
    for path in sorted(source.glob("*.safetensors")) + sorted(source.glob("*.json")):
        digest.update(path.name.encode())
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def export_stage(cfg: RunConfig, run_dir: Path, domain: Domain, *, echo: Echo = typer.echo
                 ) -> dict[str, Any]:
    """Export the trained model; fail when a verification check fails.

    Returns:
        The summary as written to ``export/summary.json``.

    Raises:
        CoachsmithError: No training output, a failed step, or a failed check (after
            ``verify.json`` is written).
    """
    from dataclasses import asdict

    from coachsmith.export import export_model, require_export_stack
    from coachsmith.export.verify import checks_to_dict
    from coachsmith.train.base import BaseRef

    require_export_stack()
    source = export_source(cfg, run_dir)
    trained = json.loads((run_dir / "train" / "summary.json").read_text(encoding="utf-8"))
    base = BaseRef(trained["base_kind"], trained["base_location"], trained["base_model"])
    out = run_dir / "export"
    name = cfg.export.name or f"{domain.name}-coach"
    system = domain.prompt("coach_system").render(
        session_context=cfg.export.session_context).strip()
    fingerprint = _fingerprint(cfg, source, system)
    stamp = out / "fingerprint.json"
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8"))["fingerprint"] != fingerprint:
        # another adapter or other settings: nothing built from the old one may be reused
        shutil.rmtree(out)
    elif stamp.is_file() and (out / "summary.json").is_file():
        done = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        if done.get("passed"):
            echo(f"export: already exported from {source} with these settings ({out})")
            return dict(done)
    write_json(stamp, {"fingerprint": fingerprint, "source": str(source)})
    echo(f"export: {source} -> merge -> GGUF ({cfg.export.outtype}) -> "
         f"{', '.join(cfg.export.quantizations) or 'no quantization'} -> Modelfile"
         + (" -> verify" if cfg.export.verify else ""))
    result = export_model(cfg=cfg.export, base=base, source=source, out_dir=out, name=name,
                          system=system)
    verify = checks_to_dict(result.checks)
    write_json(out / "verify.json", verify)
    summary = {**{k: v for k, v in asdict(result).items() if k != "checks"},
               "verified": cfg.export.verify, "passed": result.passed}
    write_json(out / "summary.json", summary)
    for check in result.checks:
        echo(f"export: {'ok  ' if check.passed else 'FAIL'} {check.name}: {check.detail}")
    if not result.passed:
        failed = [c for c in result.checks if not c.passed]
        raise CoachsmithError("export verification failed: " + "; ".join(
            f"{c.name}: {c.detail}" for c in failed) + f" (details in {out}/verify.json)")
    runtime = next(iter(reversed(result.gguf.values())), None) if not cfg.export.quantizations \
        else result.gguf[cfg.export.quantizations[0]]
    echo(f"export: chat with it: coachsmith chat --model {runtime}")
    echo(f"export: Ollama: cd {out} && ollama create {name} -f Modelfile && ollama run {name}")
    return summary


@app.command()
def export(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to export.")] = Path(
        "run.yaml"),
) -> None:
    """Merge the adapter, convert to GGUF, quantize, write an Ollama Modelfile, verify."""
    cfg = load_config(config)
    export_stage(cfg, Path(cfg.run_dir), load_domain(cfg.domain, rubric=cfg.rubric))
