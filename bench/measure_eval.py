"""Measurement accuracy against the simulator's truth, with the simulator's own nodule masks.

Separates the measurement code from the model: each simulated nodule's body label (the exact
segmentation) is measured by appliance.inference.measure, with the lung mask and lobe rule of
appliance.inference.lungs, and compared with the truth JSON. Prints the error statistics that
docs/analysis.md quotes. Usage:

    PYTHONPATH=. python bench/measure_eval.py --studies 20 --first-seed 5000
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from appliance.inference.lungs import lung_mask
from appliance.inference.measure import measure
from appliance.inference.volume import resample
from appliance.simulate import simulate_study

COARSE_MM = (4.0, 4.0, 4.0)


def _affine(study) -> np.ndarray:  # type: ignore[no-untyped-def]
    g = study.geometry
    a = np.zeros((4, 4))
    a[2, 0], a[1, 1], a[0, 2] = g.slice_thickness_mm, g.pixel_spacing_mm, g.pixel_spacing_mm
    a[:3, 3] = g.origin_mm
    a[3, 3] = 1.0
    return a


def evaluate(seed: int) -> list[dict]:  # type: ignore[type-arg]
    study = simulate_study(seed, nodules=4)
    g = study.geometry
    hu = study.volume_hu.astype(np.float32)
    affine = _affine(study)
    coarse = resample(hu, g.spacing_zyx, COARSE_MM)
    coarse_affine = affine.copy()
    coarse_affine[:3, :3] *= np.asarray(COARSE_MM) / np.asarray(g.spacing_zyx)
    lungs = lung_mask(coarse, COARSE_MM, coarse_affine)
    rows = []
    for n, truth in enumerate(study.nodules, start=1):
        where = np.argwhere(study.labels == n)
        if len(where) == 0:
            continue
        lo, hi = where.min(axis=0), where.max(axis=0) + 1
        mask = study.labels[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]] == n
        m = measure(mask, tuple(lo), hu, g.spacing_zyx, affine=affine, lungs=lungs)
        measured = {k: v for k, v in m.__dict__.items() if k != "mask"}
        rows.append({"seed": seed, "truth": truth.to_json(), "measured": measured})
    return rows


def _agree(pairs: list, key: str) -> float:  # type: ignore[type-arg]
    return float(np.mean([a[key] == b[key] for a, b in pairs]))


def summarise(rows: list[dict]) -> dict[str, float]:  # type: ignore[type-arg]
    t = [r["truth"] for r in rows]
    m = [r["measured"] for r in rows]
    pairs = list(zip(m, t, strict=True))
    err = np.array([abs(a["diameter_mm"] - b["diameter_mm"]) for a, b in pairs])
    spic_t = np.array([b["margin"] == "spiculated" for b in t])
    score = np.array([a["spiculation_score"] for a in m])
    pos, neg = score[spic_t], score[~spic_t]
    wins = [(p > q) + 0.5 * (p == q) for p in pos for q in neg]
    auc = float(np.mean(wins)) if wins else float("nan")
    return {
        "nodules": len(rows),
        "diameter_median_abs_err_mm": float(np.median(err)),
        "diameter_within_1_5mm": float(np.mean(err <= 1.5)),
        "diameter_mean_signed_err_mm": float(
            np.mean([a["diameter_mm"] - b["diameter_mm"] for a, b in pairs])
        ),
        "attenuation_accuracy": _agree(pairs, "attenuation"),
        "margin_accuracy": _agree(pairs, "margin"),
        "spiculation_auc": auc,
        "calcified_accuracy": _agree(pairs, "calcified"),
        "lobe_accuracy": _agree(pairs, "lobe"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=5000)
    parser.add_argument("--dump", help="write every nodule's truth and measurement as JSON here")
    args = parser.parse_args()
    rows: list[dict] = []  # type: ignore[type-arg]
    start = time.perf_counter()
    for seed in range(args.first_seed, args.first_seed + args.studies):
        rows.extend(evaluate(seed))
    seconds = round(time.perf_counter() - start, 1)
    print(json.dumps(summarise(rows) | {"seconds": seconds}, indent=2))
    if args.dump:
        with open(args.dump, "w") as f:
            json.dump(rows, f, default=str, indent=1)


if __name__ == "__main__":
    main()
