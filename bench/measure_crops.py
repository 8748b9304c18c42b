"""Measurement accuracy on cached nodule crops: the truth masks and the model's masks, quickly.

Tuning the measurement definitions (``appliance.inference.measure``, ``margin``) needs many
nodules measured many times; rendering a study takes seconds and running the model on it tens
of seconds. ``build`` renders studies once (default simulator draws, as the held-out evaluation
uses them, with *training* seeds: never ``EVAL_SEEDS``) and stores, per nodule, the HU crop
around it, the simulator's exact body label, the mask the model gives (the shipped ONNX model run
on the crop, then ``detect``'s own thresholding back on the source grid) and the truth.
``score`` measures every cached crop with both masks and prints the error statistics::

    PYTHONPATH=. python bench/measure_crops.py build --seeds 150000-150099 --out /work/cache/crops
    PYTHONPATH=. python bench/measure_crops.py score --cache /work/cache/crops

Crops reach ``MARGIN_MM`` beyond the nodule, so the model sees the same neighbourhood as in a
whole volume except far context; ``score`` reports on nodules of at least 4 mm, as evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from appliance.inference.measure import measure
from appliance.simulate import simulate_study
from models.lung_nodule.crop_model import overlapping_component

MARGIN_MM = 24.0
SOURCES = (("label", False), ("model", False), ("model", True))


def build_seed(args: tuple[int, str, float | None]) -> int:
    seed, out, thickness = args
    study = simulate_study(seed, slice_thickness_mm=thickness)
    g = study.geometry
    spacing = g.spacing_zyx
    hu_all = study.volume_hu.astype(np.float32)
    for n, truth in enumerate(study.nodules, start=1):
        where = np.argwhere(study.labels == n)
        if len(where) == 0:
            continue
        pad = [int(np.ceil(MARGIN_MM / s)) for s in spacing]
        lo = np.maximum(where.min(axis=0) - pad, 0)
        hi = np.minimum(where.max(axis=0) + 1 + np.asarray(pad), g.shape)
        box = tuple(slice(int(a), int(b)) for a, b in zip(lo, hi, strict=True))
        hu = hu_all[box]
        label = study.labels[box] == n
        model_mask = overlapping_component(hu, spacing, label)
        np.savez_compressed(
            Path(out) / f"{seed}_{n}.npz",
            hu=hu.astype(np.int16),
            label=label,
            model=model_mask if model_mask is not None else np.zeros_like(label),
            detected=model_mask is not None,
            spacing=np.asarray(spacing),
            truth=json.dumps(truth.to_json()),
        )
    return len(study.nodules)


def _affine(spacing: np.ndarray) -> np.ndarray:
    a = np.eye(4)
    a[2, 0], a[1, 1], a[0, 2] = spacing
    return a


def score_file(path: Path) -> list[dict[str, Any]]:
    data = np.load(path)
    truth = json.loads(str(data["truth"]))
    hu = data["hu"].astype(np.float32)
    spacing = tuple(float(s) for s in data["spacing"])
    rows = []
    for source, refine in SOURCES:
        mask = data[source]
        if not mask.any():
            continue
        where = np.argwhere(mask)
        lo, hi = where.min(axis=0), where.max(axis=0) + 1
        crop = mask[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
        m = measure(crop, tuple(lo), hu, spacing, affine=_affine(data["spacing"]), refine=refine)
        rows.append(
            {
                "file": path.name,
                "source": source + ("+refined" if refine else ""),
                "truth": truth,
                "measured": {k: v for k, v in m.__dict__.items() if k != "mask"},
            }
            | {"thickness": spacing[0], "pixel": spacing[1]}
        )
    return rows


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    if not len(pos) or not len(neg):
        return float("nan")
    return float(((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean())


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [r for r in rows if r["truth"]["diameter_mm"] >= 4.0]
    err = np.array([r["measured"]["diameter_mm"] - r["truth"]["diameter_mm"] for r in rows])
    spic = np.array([r["truth"]["margin"] == "spiculated" for r in rows])
    score = np.array([r["measured"]["spiculation_score"] for r in rows])
    return {
        "nodules": len(rows),
        "median_abs_mm": round(float(np.median(np.abs(err))), 3),
        "within_1_5": round(float(np.mean(np.abs(err) <= 1.5)), 3),
        "p95_abs_mm": round(float(np.percentile(np.abs(err), 95)), 2),
        "signed_median_mm": round(float(np.median(err)), 3),
        "attenuation": round(
            float(
                np.mean([r["measured"]["attenuation"] == r["truth"]["attenuation"] for r in rows])
            ),
            3,
        ),
        "spiculation_auc": round(_auc(score[spic], score[~spic]), 3),
        "margin": round(
            float(np.mean([r["measured"]["margin"] == r["truth"]["margin"] for r in rows])), 3
        ),
    }


def _seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--seeds", required=True, help="first-last, training seeds only")
    b.add_argument("--out", required=True, type=Path)
    b.add_argument("--workers", type=int, default=1)
    b.add_argument(
        "--slice-thickness",
        type=float,
        help="render every study with this slice thickness (mm) instead of the seed's draw",
    )
    s = sub.add_parser("score")
    s.add_argument("--cache", required=True, type=Path)
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--dump", type=Path, help="write every row as JSON here")
    args = p.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    start = time.perf_counter()
    if args.command == "build":
        args.out.mkdir(parents=True, exist_ok=True)
        jobs = [(seed, str(args.out), args.slice_thickness) for seed in _seeds(args.seeds)]
        with mp.get_context("fork").Pool(args.workers) as pool:
            for done, count in enumerate(pool.imap_unordered(build_seed, jobs), start=1):
                print(f"{done}/{len(jobs)} studies ({count} nodules)", flush=True)
        return
    files = sorted(args.cache.glob("*.npz"))
    with mp.get_context("fork").Pool(args.workers) as pool:
        rows = [r for part in pool.map(score_file, files) for r in part]
    for source in sorted({r["source"] for r in rows}):
        summary = summarise([r for r in rows if r["source"] == source])
        print(source, json.dumps(summary))
    print(f"{time.perf_counter() - start:.1f} s", flush=True)
    if args.dump:
        args.dump.write_text(json.dumps(rows, default=str, indent=1))


if __name__ == "__main__":
    main()
