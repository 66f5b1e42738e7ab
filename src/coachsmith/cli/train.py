"""Training verbs: ``train`` (SFT, curriculum, ``--dpo``) and ``models``.

``train_stage`` and ``dpo_stage`` are what ``coachsmith run`` calls too. They own the run
directory's ``train/`` folder: the dataset is read from ``dataset/``, the recipe writes
checkpoints, logs and the adapter under ``train/``, and the summary lands in
``train/summary.json``. Multi-GPU (or a multi-process CPU run) goes through accelerate::

    accelerate launch --multi_gpu --num_processes 2 -m coachsmith train -c run.yaml

(on a machine without GPUs the processes run DDP over gloo on the CPU).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from coachsmith.cli._app import app
from coachsmith.config import RunConfig, load_config
from coachsmith.domain import Domain, load_domain
from coachsmith.errors import CoachsmithError, ConfigError, Problem
from coachsmith.records import write_json

Echo = Callable[[str], None]


def _is_main_process() -> bool:
    # accelerate/torchrun set RANK; a plain run has none
    return os.environ.get("RANK", "0") == "0"


def dataset_paths(cfg: RunConfig, run_dir: Path) -> tuple[Path, Path | None]:
    """The training file and the holdout file (None when there is none).

    Curation writes an empty ``holdout.jsonl`` when it has too few transcripts to hold any out;
    that counts as no holdout. A holdout named in the config must hold examples.
    """
    train = Path(cfg.train.dataset) if cfg.train.dataset else run_dir / "dataset" / "train.jsonl"
    if cfg.train.holdout:
        return train, Path(cfg.train.holdout)
    holdout = run_dir / "dataset" / "holdout.jsonl"
    if not holdout.is_file() or not holdout.read_text(encoding="utf-8").strip():
        return train, None
    return train, holdout


def _fingerprint(cfg: RunConfig, files: list[Path | None]) -> str:
    digest = hashlib.sha256(json.dumps(cfg.train.model_dump(mode="json"), sort_keys=True).encode())
    digest.update(str(cfg.seed).encode())
    for path in files:
        digest.update(path.read_bytes() if path is not None else b"-")
    return digest.hexdigest()[:16]


def _rubric_evaluator(cfg: RunConfig, run_dir: Path, domain: Domain, holdout: list[Any]) -> Any:
    from coachsmith.cli._roles import Roles
    from coachsmith.train.curriculum import rubric_evaluation

    roles = Roles(cfg, run_dir)
    judge = roles.backend("judge", "train")
    c = cfg.train.curriculum

    def evaluate(model: Any, tokenizer: Any, stage: str) -> list[Any]:
        return rubric_evaluation(model, tokenizer, holdout, domain=domain, judge=judge,
                                 conversations=c.eval_conversations,
                                 max_new_tokens=c.eval_max_new_tokens, seed=cfg.seed,
                                 judge_attempts=cfg.assess.max_attempts,
                                 criteria=cfg.assess.criteria)

    return evaluate


def train_stage(cfg: RunConfig, run_dir: Path, domain: Domain, *, echo: Echo = typer.echo,
                fresh: bool = False) -> dict[str, Any]:
    """Train on ``dataset/train.jsonl`` (SFT, with the curriculum when enabled).

    A finished run with the same data and settings is not repeated; a killed one resumes from its
    newest complete checkpoint.

    Returns:
        The summary as written to ``train/summary.json``.

    Raises:
        ConfigError: The dataset is missing or invalid.
        CoachsmithError: Settings changed under existing checkpoints (use ``fresh``), or a
            curriculum gate failed (after the summary and report are written).
    """
    from coachsmith.train.data import read_examples
    from coachsmith.train.sft import train_sft

    out = run_dir / "train"
    train_path, holdout_path = dataset_paths(cfg, run_dir)
    if not train_path.is_file():
        raise ConfigError([Problem(str(train_path), "", "training data not found; run "
                                   "`coachsmith curate` first, or set train.dataset")])
    fingerprint = _fingerprint(cfg, [train_path, holdout_path])
    stamp = out / "fingerprint.json"
    if fresh and out.exists() and _is_main_process():
        shutil.rmtree(out)
    if stamp.is_file():
        previous = json.loads(stamp.read_text(encoding="utf-8"))["fingerprint"]
        summary_file = out / "summary.json"
        if previous == fingerprint and summary_file.is_file():
            done = json.loads(summary_file.read_text(encoding="utf-8"))
            if done.get("complete"):
                echo(f"train: already trained on this data with these settings ({out}/summary.json)")
                return dict(done)
        elif previous != fingerprint:
            raise CoachsmithError(f"{out} holds a run on other data or settings; resume it with "
                                  "the same ones, or start over: coachsmith train --fresh")
    if _is_main_process():
        write_json(stamp, {"fingerprint": fingerprint, "dataset": str(train_path),
                           "holdout": str(holdout_path) if holdout_path else None})

    train = read_examples(train_path)
    holdout = read_examples(holdout_path) if holdout_path else []
    c = cfg.train
    echo(f"train: {len(train)} examples from {train_path}"
         + (f", {len(holdout)} holdout" if holdout else ", no holdout (no evaluation)")
         + f"; base {c.base_model}, {c.method}"
         + (", curriculum" if c.curriculum.enabled else ""))
    evaluator = (_rubric_evaluator(cfg, run_dir, domain, holdout)
                 if c.curriculum.enabled and c.curriculum.gate == "rubric" else None)
    summary = train_sft(cfg=c, train=train, holdout=holdout, out_dir=out,
                        seed=c.seed if c.seed is not None else cfg.seed,
                        curriculum=domain.curriculum, rubric_evaluator=evaluator).to_dict()
    if _is_main_process():
        write_json(out / "summary.json", summary)
    data = summary["data"]
    if data["fallback_to_slices"]:
        echo(f"train: {data['fallback_to_slices']} of {data['examples']} examples fell back to "
             "slices (the chat template does not render their slices as token prefixes)")
    if data["too_long"]:
        echo(f"train: {data['too_long']} pieces over max_length={c.max_length} tokens were left out")
    for stage in summary["stages"]:
        loss = stage["holdout_loss_after"]
        echo(f"train: {stage['name']}: {stage['steps']} steps, {stage['tokens_per_epoch']} tokens "
             f"per epoch, train loss {stage['train_loss']}"
             + (f", holdout loss {stage['holdout_loss_before']:.4f} -> {loss:.4f}" if loss else "")
             + (" (stopped early)" if stage["early_stopped"] else ""))
    if summary["stopped_by_gate"]:
        report = _gate_report(summary)
        if _is_main_process():
            (out / "curriculum.md").write_text(report, encoding="utf-8")
        raise CoachsmithError(f"curriculum stopped: stage {summary['stopped_by_gate']!r} failed its "
                              f"gate; report in {out}/curriculum.md\n" + report.strip())
    echo(f"train: adapter in {summary['output']}; summary in {out}/summary.json; "
         f"TensorBoard: tensorboard --logdir {out}/logs")
    return summary


def _gate_report(summary: dict[str, Any]) -> str:
    lines = ["# Curriculum gates", "", "| stage | gate | passed | numbers | why not |",
             "|---|---|---|---|---|"]
    for stage in summary["stages"]:
        gate = stage.get("gate") or {}
        numbers = ", ".join(f"{k} {v:.4g}" for k, v in (gate.get("metrics") or {}).items())
        lines.append(f"| {stage['name']} | {gate.get('kind', '-')} | {gate.get('passed', '-')} | "
                     f"{numbers} | {'; '.join(gate.get('reasons') or [])} |")
    lines += ["", f"The run stopped after stage `{summary['stopped_by_gate']}`; later stages did "
              "not run. The adapter saved is the model after that stage."]
    return "\n".join(lines) + "\n"


def dpo_stage(cfg: RunConfig, run_dir: Path, *, echo: Echo = typer.echo) -> dict[str, Any]:
    """DPO on the preference pairs, on top of ``train/adapter``.

    Raises:
        ConfigError: No pairs file and no curated transcripts to build pairs from.
        CoachsmithError: No SFT run to build on.
    """
    from coachsmith.records import Transcript, read_jsonl
    from coachsmith.train.base import BaseRef
    from coachsmith.train.dpo import build_preference_pairs, read_pairs, train_dpo

    sft_summary = run_dir / "train" / "summary.json"
    if not sft_summary.is_file():
        raise CoachsmithError(f"{sft_summary} not found: run coachsmith train before --dpo")
    done = json.loads(sft_summary.read_text(encoding="utf-8"))
    pairs_path = Path(cfg.train.dpo.pairs) if cfg.train.dpo.pairs else \
        run_dir / "dataset" / "preference_pairs.jsonl"
    curated = run_dir / "curate" / "curated.jsonl"
    if pairs_path.is_file():
        pairs = read_pairs(pairs_path)
        echo(f"dpo: {len(pairs)} preference pairs from {pairs_path}")
    elif curated.is_file():
        pairs = build_preference_pairs(read_jsonl(curated, Transcript))
        echo(f"dpo: {len(pairs)} preference pairs built from {curated} (fixups and the replies "
             "they replaced)")
    else:
        raise ConfigError([Problem(str(pairs_path), "", "no preference pairs and no curated "
                                   f"transcripts ({curated}); run coachsmith curate first")])
    base = BaseRef(done["base_kind"], done["base_location"], done["base_model"])
    c = cfg.train
    summary = train_dpo(cfg=c, pairs=pairs, base=base, sft_adapter=Path(done["output"]),
                        out_dir=run_dir / "train" / "dpo",
                        seed=c.seed if c.seed is not None else cfg.seed)
    if _is_main_process():
        write_json(run_dir / "train" / "dpo" / "summary.json", summary)
    echo(f"dpo: {summary['steps']} steps, loss {summary['train_loss']:.4f}; adapter in "
         f"{summary['output']} (coachsmith export picks it up)")
    return summary


@app.command()
def train(
    config: Annotated[Path, typer.Option("--config", "-c", help="run.yaml to train with.")] = Path(
        "run.yaml"),
    dpo: Annotated[bool, typer.Option("--dpo", help="Run the preference (DPO) step on top of the "
                                      "SFT adapter instead of SFT.")] = False,
    fresh: Annotated[bool, typer.Option("--fresh", help="Delete <run_dir>/train and start over "
                                        "instead of resuming.")] = False,
) -> None:
    """Fine-tune the base model on the curated dataset (LoRA/QLoRA/full, curriculum, DPO)."""
    cfg = load_config(config)
    run_dir = Path(cfg.run_dir)
    if dpo:
        dpo_stage(cfg, run_dir)
    else:
        train_stage(cfg, run_dir, load_domain(cfg.domain, rubric=cfg.rubric), fresh=fresh)


@app.command()
def models(
    context: Annotated[int, typer.Option(min=512, help="Tokens per conversation to plan for "
                                         "(a 30-exchange transcript is ~14K).")] = 16384,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List candidate base models, the memory each needs, and the one for this machine."""
    from dataclasses import asdict

    from coachsmith.train.models import CANDIDATES, detect_machine, memory_needs, recommend

    machine = detect_machine()
    on_gpu = machine.gpu_gib is not None
    rows = [(c, memory_needs(c, context=context, weight_bytes=2.0 if on_gpu else 4.0))
            for c in CANDIDATES]
    pick = recommend(machine, context=context)
    if as_json:
        typer.echo(json.dumps({
            "machine": asdict(machine), "context": context,
            "candidates": [{**asdict(c), "memory_gib": asdict(n)} for c, n in rows],
            "recommended": pick.candidate.hub_id if pick.candidate else None,
            "method": pick.method, "reason": pick.reason}, indent=2))
        return
    where = f"GPU {machine.gpu_name} {machine.gpu_gib:.0f} GiB" if on_gpu else "no GPU"
    typer.echo(f"this machine: {machine.ram_gib:.0f} GiB RAM, {where}; memory at {context} tokens "
               f"(LoRA base in {'bf16' if on_gpu else 'fp32'})")
    typer.echo(f"{'model':40} {'params':>7} {'context':>8}  {'licence':20} {'run Q4':>7} "
               f"{'LoRA':>7} {'QLoRA':>7}")
    for c, n in rows:
        mark = " <- recommended" if pick.candidate is c else ""
        typer.echo(f"{c.hub_id:40} {c.params_b:6.2f}B {c.context:8d}  {c.licence:20} "
                   f"{n.inference_q4:6.1f}G {n.lora:6.1f}G {n.qlora:6.1f}G{mark}")
    if pick.candidate:
        typer.echo(f"recommended: {pick.candidate.hub_id} with method: {pick.method} "
                   f"({pick.reason}); QLoRA needs CUDA")
    else:
        typer.echo(f"recommended: none ({pick.reason})")
