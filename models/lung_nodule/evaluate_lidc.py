"""How the appliance's measurements agree with LIDC readers, on real nodules it never saw.

For every LIDC crop (:mod:`models.lung_nodule.lidc`) of the chosen split this runs the
appliance's own measurement (:func:`appliance.inference.measure.measure`, the refined edge
included) from one of two seeds and compares it with the readers:

- ``--seed readers``: the readers' max-voting mask is the seed, so only the refinement and the
  measurement rules are judged;
- ``--seed model``: the shipped U-Net's own component on the crop (its probability map through
  ``detect``), as in a whole scan; a nodule it gives no component for is counted as missed.

Compared: the mean diameter (long + perpendicular short axis on the axial slice of greatest
extent) with the readers' mask measured the same way; the attenuation class with the texture
rating (1-2 ground glass, 3 part-solid, 4-5 solid); calcification with the calcification rating;
the spiculation score with spiculation rating >= 3 (AUC). Sizes: nodules whose readers' mean
diameter is at least 4 mm, as the detection figures.

The crops stop at the nodule's first and last slice and about 10 mm beside it, so they are
padded with the crop's own aerated-lung level (``PAD_MM`` each way) before measuring: the
refinement and the margin look that far beyond the edge.

    PYTHONPATH=. python -m models.lung_nodule.evaluate_lidc --split train --seed readers
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.inference.measure import Measurements, measure
from models.lung_nodule import crop_model
from models.lung_nodule.crop_model import overlapping_component
from models.lung_nodule.lidc import (
    LidcCrop,
    LidcNodule,
    load_crop,
    load_nodules,
    reader_mean_diameter,
)

PAD_MM = 14.0
MIN_DIAMETER_MM = 4.0


def padded(crop: LidcCrop) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_], list[int]]:
    """The crop and mask padded by ``PAD_MM`` each way with the crop's aerated-lung level."""
    air = crop.hu[crop.hu < -500.0]
    level = float(np.median(air)) if air.size >= 20 else -850.0
    pad = [int(np.ceil(PAD_MM / s)) for s in crop.spacing]
    widths = [(p, p) for p in pad]
    hu = np.pad(crop.hu, widths, constant_values=level).astype(np.float32)
    return hu, np.pad(crop.mask, widths), pad


def _affine(spacing: Sequence[float]) -> npt.NDArray[np.float64]:
    a = np.eye(4)
    a[2, 0], a[1, 1], a[0, 2] = spacing
    return a


def measure_seed(
    hu: npt.NDArray[np.float32], seed: npt.NDArray[np.bool_], spacing: Sequence[float]
) -> Measurements:
    where = np.argwhere(seed)
    lo, hi = where.min(axis=0), where.max(axis=0) + 1
    crop = seed[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
    return measure(crop, tuple(int(v) for v in lo), hu, spacing, affine=_affine(spacing))


def readers_row(nodule: LidcNodule, crop: LidcCrop) -> dict[str, Any]:
    """What the readers said of a nodule: the row a measurement is compared with."""
    return {
        "nodule": nodule.key,
        "split": nodule.split,
        "thickness_mm": crop.spacing[0],
        "reader_diameter_mm": reader_mean_diameter(crop),
        "reader_attenuation": nodule.attenuation,
        "reader_calcified": nodule.calcified,
        "reader_spiculation": nodule.spiculation,
        "texture": nodule.texture,
    }


def measured_row(
    hu: npt.NDArray[np.float32], seed: npt.NDArray[np.bool_] | None, spacing: Sequence[float]
) -> dict[str, Any]:
    """The appliance's measurement of ``seed`` (None or empty: not found)."""
    if seed is None or not seed.any():
        return {"found": False}
    m = measure_seed(hu, seed, spacing)
    return {
        "found": True,
        "diameter_mm": m.diameter_mm,
        "long_axis_mm": m.long_axis_mm,
        "attenuation": m.attenuation,
        "solid_component_mm": m.solid_component_mm,
        "calcified": m.calcified,
        "spiculation_score": m.spiculation_score,
        "margin": m.margin,
        "mean_hu": m.mean_hu,
    }


def evaluate_nodule(args: tuple[str, int, str]) -> dict[str, Any]:
    patient, number, source = args
    nodule = next(n for n in load_nodules() if n.patient_id == patient and n.nodule_id == number)
    crop = load_crop(nodule)
    hu, readers, _ = padded(crop)
    seed = (
        readers
        if source == "readers"
        else overlapping_component(hu, crop.spacing, readers, candidates=True)
    )
    return readers_row(nodule, crop) | measured_row(hu, seed, crop.spacing)


def auc(positive: Sequence[float], negative: Sequence[float]) -> float | None:
    if not positive or not negative:
        return None
    p, n = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return round(float(((p > n) + 0.5 * (p == n)).mean()), 3)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The agreement figures over nodules of at least ``MIN_DIAMETER_MM`` (readers' size)."""
    sized = [r for r in rows if r["reader_diameter_mm"] >= MIN_DIAMETER_MM]
    found = [r for r in sized if r["found"]]
    if not found:
        return {"nodules": len(sized), "found": 0}
    error = np.array([r["diameter_mm"] - r["reader_diameter_mm"] for r in found])
    confusion: dict[str, dict[str, int]] = {}
    for r in found:
        cell = confusion.setdefault(r["reader_attenuation"], {})
        cell[r["attenuation"]] = cell.get(r["attenuation"], 0) + 1
    return {
        "nodules": len(sized),
        "found": len(found),
        "median_abs_diameter_error_mm": round(float(np.median(np.abs(error))), 2),
        "signed_median_diameter_error_mm": round(float(np.median(error)), 2),
        "within_1_5_mm": round(float(np.mean(np.abs(error) <= 1.5)), 3),
        "attenuation_accuracy": round(
            float(np.mean([r["attenuation"] == r["reader_attenuation"] for r in found])), 3
        ),
        "attenuation_confusion": confusion,
        "calcification_accuracy": round(
            float(np.mean([r["calcified"] == r["reader_calcified"] for r in found])), 3
        ),
        "spiculation_auc": auc(
            [r["spiculation_score"] for r in found if r["reader_spiculation"] >= 3],
            [r["spiculation_score"] for r in found if r["reader_spiculation"] < 3],
        ),
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", choices=("train", "test"), required=True)
    p.add_argument("--seed", choices=("readers", "model"), default="readers")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="first N nodules only (0: all)")
    p.add_argument("--out", type=Path, help="write the summary as JSON here")
    p.add_argument(
        "--rows",
        type=Path,
        help="write every nodule's row here too (outside the repository: "
        "the rows carry the readers' ratings, which stay in ../shared)",
    )
    p.add_argument("--models-dir", default="", help="model repository (default: the shipped)")
    args = p.parse_args(argv)
    crop_model.MODELS_DIR = args.models_dir
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    start = time.perf_counter()
    nodules = load_nodules(split=args.split)
    if args.limit:
        nodules = nodules[: args.limit]
    jobs = [(n.patient_id, n.nodule_id, args.seed) for n in nodules]
    with mp.get_context("fork").Pool(args.workers) as pool:
        rows = pool.map(evaluate_nodule, jobs, chunksize=4)
    summary = summarise(rows) | {
        "split": args.split,
        "seed": args.seed,
        "seconds": round(time.perf_counter() - start, 1),
    }
    print(json.dumps(summary, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1) + "\n")
    if args.rows:
        args.rows.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
