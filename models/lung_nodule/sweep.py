"""Train several recipes at once on one GPU from the same studies, and compare them on
validation studies: ``python -m models.lung_nodule.sweep --out DIR --variant NAME="ARGS" ...``.

Device time is scarce (docs/models.md), and this network is too small to fill the GPU: one run is
limited by its patch sampler on one CPU core. So the training studies are rendered once, and each
recipe (``train.py`` arguments, e.g. ``--jitter 0.45 --hard-in-lung-share 0.7``) trains in its own
process on the same GPU (spawned, not forked: CUDA does not survive a fork; the studies reach them
as pickles in ``--work``). What changes the studies themselves (``--touching-share``,
``--fine-vessel-share``) is the sweep's, shared by every recipe. Then every recipe, and the
``--reference`` weights, runs through the appliance's sliding window on ``--val-studies``
validation studies (``VALIDATION_SEEDS``: the simulator's defaults, drawn neither by the U-Net's
nor by the candidate classifier's training, nor from ``EVAL_SEEDS``), scored by
:func:`models.lung_nodule.detection.score_case`: the share of nodules >= 4 mm that reach the
candidate stage (a component at 0.15 or 0.5 on them) and the false components per scan.
The held-out ``EVAL_SEEDS`` are left for the chosen recipe's final evaluation.

Writes ``DIR/<name>.pt`` per recipe and ``DIR/sweep.json`` (training facts and validation).
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing as mp
import pickle
import shlex
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from models.lung_nodule import train as trainer
from models.lung_nodule.data import TRAIN_SEEDS, Case, evaluation_case
from models.lung_nodule.detection import froc, score_case
from models.lung_nodule.torch_model import TorchNoduleModel

VALIDATION_SEEDS = TRAIN_SEEDS[900:1000]
"""100900-100999: inside ``TRAIN_SEEDS`` but past every U-Net training run's studies (seed 0,
up to 900 studies) and below ``CANDIDATE_SEEDS`` (150000-)."""


def _render(seed: int, folder: Path, make: Any) -> Path:
    """Render one study with ``make`` and pickle it into ``folder`` (spawned processes read it)."""
    path = folder / f"{seed}.pkl"
    path.write_bytes(pickle.dumps(make(seed), protocol=5))
    return path


def _load(paths: list[Path]) -> list[Case]:
    return [pickle.loads(p.read_bytes()) for p in paths]


def _train_child(name: str, args: argparse.Namespace, cases: list[Path], out: Path) -> None:
    trainer.train(args, _load(cases))
    (out / f"{name}.pt").write_bytes((Path(args.out) / "nodulenet.pt").read_bytes())


_NETS: dict[Path, TorchNoduleModel] = {}


def _score(task: tuple[Path, Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    """One validation study under one set of weights (a spawned worker keeps each model), in
    FP32 as ONNX Runtime runs it on the CPU."""
    weights, case_path = task
    if weights not in _NETS:
        _NETS[weights] = TorchNoduleModel(weights, "cuda" if torch.cuda.is_available() else "cpu")
    (case,) = _load([case_path])
    prob = _NETS[weights].predict(case.hu.astype(np.float32), batch_size=8)
    return score_case(case, prob, threshold=0.15), score_case(case, prob, threshold=0.5)


def summarise(scored: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Candidate-stage sensitivity and false components per scan at 0.15 and 0.5."""
    low, high = froc([s[0] for s in scored]), froc([s[1] for s in scored])
    return {
        "candidates_0_15": {k: low[k] for k in ("sensitivity_any", "fp_per_scan_any")},
        "components_0_5": {k: high[k] for k in ("sensitivity_any", "fp_per_scan_any")},
        "operating_point_0_5": high["operating_point"],
        "missed_at_0_15": [
            {"seed": s[0]["seed"], **n}
            for s in scored
            for n in s[0]["nodules"]
            if n["diameter_mm"] >= 4.0 and n["score"] == 0
        ],
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--variant", action="append", required=True, metavar='NAME="ARGS"')
    p.add_argument("--studies", type=int, default=240)
    p.add_argument("--touching-share", type=float, default=0.0)
    p.add_argument(
        "--fine-vessel-share",
        type=float,
        default=0.0,
        help="share of the (shared) training studies rendered with fine vessels",
    )
    p.add_argument("--workers", type=int, default=15)
    p.add_argument("--rows", type=int, default=512, help="image size of the studies (tests: 128)")
    p.add_argument("--val-studies", type=int, default=40)
    p.add_argument("--reference", type=Path, help="weights to validate beside the recipes")
    p.add_argument("--work", type=Path, default=Path("/tmp/sweep"), help="pickled studies")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    recipes: dict[str, argparse.Namespace] = {}
    for text in args.variant:
        name, _, rest = text.partition("=")
        recipes[name] = trainer.parse_args(
            [
                "--out",
                f"/tmp/sweep-{name}",
                "--studies",
                str(args.studies),
                "--touching-share",
                str(args.touching_share),
                "--fine-vessel-share",
                str(args.fine_vessel_share),
                *shlex.split(rest),
            ]
        )
    first = next(iter(recipes.values()))
    fork, spawn = mp.get_context("fork"), mp.get_context("spawn")
    t0 = time.time()
    make = functools.partial(
        trainer.training_case,
        rows=args.rows,
        touching_share=args.touching_share,
        fine_vessel_share=args.fine_vessel_share,
    )
    (args.work / "train").mkdir(parents=True, exist_ok=True)
    (args.work / "val").mkdir(parents=True, exist_ok=True)
    with fork.Pool(args.workers) as pool:
        render = functools.partial(_render, folder=args.work / "train", make=make)
        cases = pool.map(render, trainer.training_seeds(first), chunksize=1)
    print(f"rendered {len(cases)} studies in {time.time() - t0:.0f} s", flush=True)
    children = [
        spawn.Process(target=_train_child, args=(name, ns, cases, args.out))
        for name, ns in recipes.items()
    ]
    for child in children:
        child.start()
    val_seeds = list(VALIDATION_SEEDS[: args.val_studies])
    with fork.Pool(max(1, args.workers - 3 * len(children))) as pool:
        render = functools.partial(_render, folder=args.work / "val", make=evaluation_case)
        val_cases = pool.map(render, val_seeds, chunksize=1)
    val_nodules = sum(d >= 4.0 for c in _load(val_cases) for d in c.diameters_mm)
    for child in children:
        child.join()
    print(f"trained in {time.time() - t0:.0f} s", flush=True)
    report: dict[str, Any] = {
        "studies": len(cases),
        "touching_share": args.touching_share,
        "fine_vessel_share": args.fine_vessel_share,
        "validation_seeds": [val_seeds[0], val_seeds[-1]],
        "validation_nodules_ge_4mm": val_nodules,
        "recipes": {},
    }
    named = {name: args.out / f"{name}.pt" for name in recipes}
    if args.reference:
        named = {"reference": args.reference, **named}
    named = {name: path.resolve() for name, path in named.items() if path.is_file()}
    tasks = [(w, c) for w in named.values() for c in val_cases]
    with spawn.Pool(args.workers) as pool:
        scored = pool.map(_score, tasks, chunksize=1)
    print(f"validated in {time.time() - t0:.0f} s", flush=True)
    for name in [*(["reference"] if args.reference else []), *recipes]:
        entry: dict[str, Any] = {}
        facts = Path(recipes[name].out) / "training.json" if name in recipes else None
        if facts is not None and facts.is_file():
            info = json.loads(facts.read_text())
            entry["training"] = {k: v for k, v in info.items() if k != "loss_history"}
            entry["loss_tail"] = info["loss_history"][-8:]
        if name in named:
            mine = [s for (w, _), s in zip(tasks, scored, strict=True) if w == named[name]]
            entry["validation"] = summarise(mine)
        report["recipes"][name] = entry
        print(name, json.dumps(entry.get("validation", {}))[:600], flush=True)
    (args.out / "sweep.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
