"""Choose the measurement constants on real nodules: the model's masks against LIDC's readers.

The constants of :mod:`appliance.inference.refine`, :mod:`appliance.inference.measure` and
:mod:`appliance.inference.margin` (where the edge lies between lung and nodule, how much calcium
makes a nodule calcified, what counts as a spicule, ...) decide
every reported size and class. This module measures the LIDC-IDRI **training** patients' nodules
from the shipped model's own masks, as the appliance does, under a grid of constants, and prints
the agreement with the readers for each, so that a constant is chosen on those patients only:

    PYTHONPATH=. python -m models.lung_nodule.tune_measurement cache --split train \\
        --out /work/cache/lidc_seeds_train
    PYTHONPATH=. python -m models.lung_nodule.tune_measurement sweep \\
        --cache /work/cache/lidc_seeds_train \\
        --grid '{"refine.EDGE_FRACTION": [0.5, 0.35], "measure.CALCIFIED_FRACTION": [0.2, 0.3]}'

``cache`` runs the model once per nodule (the component :func:`evaluate_lidc
<models.lung_nodule.evaluate_lidc>` measures) and keeps the padded crop, the model's component
and the readers' row outside the repository; ``sweep`` only measures, so a
grid of a dozen settings takes minutes on two cores. The held-out patients are measured once,
with the chosen constants, by ``evaluate_lidc --split test --seed model``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing as mp
import os
from pathlib import Path
from typing import Any

import numpy as np

from appliance.inference import margin as margin_module
from appliance.inference import measure as measure_module
from appliance.inference import refine as refine_module
from models.lung_nodule.crop_model import overlapping_component
from models.lung_nodule.evaluate_lidc import measured_row, padded, readers_row, summarise
from models.lung_nodule.lidc import LidcNodule, load_crop, load_nodules

MODULES = {"refine": refine_module, "measure": measure_module, "margin": margin_module}
"""The modules whose constants a grid may set, by the prefix a grid key names them with."""
REPORTED = (
    "found",
    "median_abs_diameter_error_mm",
    "signed_median_diameter_error_mm",
    "within_1_5_mm",
    "attenuation_accuracy",
    "calcification_accuracy",
    "spiculation_auc",
)


class UnknownConstantError(ValueError):
    """A grid key that names no constant of the measurement modules."""


def cache_nodule(job: tuple[LidcNodule, Path]) -> None:
    nodule, out = job
    path = out / f"{nodule.key}.npz"
    if path.exists():
        return
    crop = load_crop(nodule)
    hu, readers, _ = padded(crop)
    seed = overlapping_component(hu, crop.spacing, readers, candidates=True)
    np.savez_compressed(
        path,
        hu=hu,
        seed=seed if seed is not None else np.zeros(0, dtype=bool),
        spacing=np.array(crop.spacing),
        readers=json.dumps(readers_row(nodule, crop)),
    )


def set_constants(setting: dict[str, float]) -> None:
    for key, value in setting.items():
        prefix, _, name = key.partition(".")
        module = MODULES.get(prefix)
        if module is None or not hasattr(module, name):
            raise UnknownConstantError(f"{key!r} is not a constant of {sorted(MODULES)}")
        setattr(module, name, value)


def agreement(job: tuple[dict[str, float], list[Path]]) -> dict[str, Any]:
    """Measure every cached nodule under ``setting`` and summarise as evaluate_lidc does."""
    setting, files = job
    set_constants(setting)
    rows = []
    for path in files:
        with np.load(path) as saved:
            seed = saved["seed"]
            spacing = tuple(float(s) for s in saved["spacing"])
            row = json.loads(str(saved["readers"])) | measured_row(saved["hu"], seed, spacing)
        rows.append(row)
    summary = summarise(rows)
    return {"setting": setting} | {k: summary.get(k) for k in REPORTED}


def grid_settings(grid: dict[str, list[float]]) -> list[dict[str, float]]:
    return [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cache", help="run the model once per nodule and keep what sweep needs")
    c.add_argument("--split", choices=("train", "test"), default="train")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--workers", type=int, default=2)
    c.add_argument("--models-dir", default="", help="model repository (default: the shipped)")
    s = sub.add_parser("sweep", help="measure the cached nodules under each setting of a grid")
    s.add_argument("--cache", type=Path, required=True)
    s.add_argument("--grid", required=True, help='JSON: {"refine.EDGE_FRACTION": [0.5, 0.35]}')
    s.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    context = mp.get_context("fork")
    if args.command == "cache":
        from models.lung_nodule import crop_model  # noqa: PLC0415

        crop_model.MODELS_DIR = args.models_dir
        args.out.mkdir(parents=True, exist_ok=True)
        jobs = [(n, args.out) for n in load_nodules(split=args.split)]
        with context.Pool(args.workers) as pool:
            pool.map(cache_nodule, jobs, chunksize=4)
        print(f"{len(jobs)} nodules cached in {args.out}")
        return
    files = sorted(args.cache.glob("*.npz"))
    settings = grid_settings(json.loads(args.grid))
    for setting in settings:
        set_constants(setting)  # an unknown name stops the run before any work
    with context.Pool(args.workers) as pool:
        for result in pool.imap(agreement, [(s, files) for s in settings]):
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
