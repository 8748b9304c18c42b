"""Follow-up matching on a real chest CT: one real LIDC nodule inserted at two sizes.

Issue 19 asks for matching measured "on real nodules inserted into the same real series at two
sizes", beside the simulated pairs of ``bench/followup_pipeline.py``. Each pair here takes the
shared real series (Lung-PET-CT-Dx A0001, 5 mm slices, its own tumour included), pastes one
LIDC nodule of a **test** patient at an aerated-lung site for the prior, and the same nodule
scaled by a growth factor at the same site for the follow-up (``evaluate_inserted``'s
insertion, partial-volume rim included). The follow-up is moved in the scanner by a table shift
(its ImagePositionPatient only), so the comparison must align the two. Both scans are analysed
by the shipped model (``analyse_series``, CPU) and matched as ``priors.py`` matches them.

Scored per pair: the inserted nodule found in both and paired with itself (right prior), the
measured change in mean diameter against the readers' (the scaled readers' mask measured as
the appliance measures), the series' largest other finding (its tumour) paired with itself,
and follow-up findings left unpaired that are neither (false "new"; the present-on-prior rule
is not applied here).

    PYTHONPATH=. python bench/followup_real.py --pairs 10 --out bench/followup_real_results.json
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import ndimage

from appliance.config import InferenceConfig
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.inference.tracking import match
from models.lung_nodule.evaluate_inserted import (
    _near,
    _on_host_grid,
    _series,
    _spacing,
    _to_mm,
    _write,
)
from models.lung_nodule.insert import insert, lung_sites
from models.lung_nodule.lidc import LidcCrop, load_crop, load_nodules, reader_mean_diameter
from models.lung_nodule.real_series import REAL_SERIES, reader_boxes

GROWTH = (1.0, 1.15, 1.3, 0.85)
"""Diameter factors of the follow-up's nodule, taken in turn: stable, growing, shrinking."""
SHIFT_MM = (6.0, -4.0, 12.5)
"""The follow-up's table shift (x, y, z): the patient lies elsewhere in the scanner."""


def scaled(crop: LidcCrop, factor: float) -> LidcCrop:
    """The crop with its nodule and surroundings scaled by ``factor`` (the readers' mask too)."""
    if factor == 1.0:
        return crop
    hu = ndimage.zoom(crop.hu, factor, order=1, mode="nearest")
    mask = ndimage.zoom(crop.mask.astype(np.float32), factor, order=1) > 0.5
    return LidcCrop(crop.nodule, hu.astype(np.float32), mask, crop.spacing)


def _own() -> list[dict[str, Any]]:
    return [
        {"center_mm": [(x0 + x1) / 2, (y0 + y1) / 2, z], "radius_mm": max(x1 - x0, y1 - y0) / 2 + 5}
        for (x0, x1), (y0, y1), z in reader_boxes()
    ]


def _shifted(slices: list[Any]) -> list[Any]:
    out = copy.deepcopy(slices)
    for ds in out:
        x, y, z = (float(v) for v in ds.ImagePositionPatient)
        ds.ImagePositionPatient = [x + SHIFT_MM[0], y + SHIFT_MM[1], z + SHIFT_MM[2]]
    return out


def _found(analysis: Any, centre: list[float], diameter: float) -> int | None:
    for i, f in enumerate(analysis.findings):
        if np.linalg.norm(np.subtract(f.center_mm, centre)) <= max(4.0, diameter / 2 + 2):
            return i
    return None


def _largest(analysis: Any, exclude: int | None) -> int | None:
    """The largest finding but ``exclude`` (on this series, the tumour)."""
    others = [i for i in range(len(analysis.findings)) if i != exclude]
    return max(others, key=lambda i: analysis.findings[i].diameter_mm, default=None)


def run_pair(index: int, crop: LidcCrop, model: Any, folder: Path) -> dict[str, Any]:
    """Insert, write, analyse and match one pair; its scores."""
    slices, hu = _series(sorted((REAL_SERIES / "ct").glob("*.dcm")))
    spacing = _spacing(slices)
    rng = np.random.default_rng([19, index])
    factor = GROWTH[index % len(GROWTH)]
    grown = scaled(crop, factor)
    before_hu, before_mask, before_occ = _on_host_grid(crop, spacing)
    after_hu, after_mask, after_occ = _on_host_grid(grown, spacing)
    extent = float(max(np.array(after_mask.shape) * np.array(spacing)))
    own = _own()
    site = next(
        s
        for s in lung_sites(hu, spacing, extent, 256, rng)
        if not _near(_to_mm(slices, (float(s[0]), float(s[1]), float(s[2]))), own, extent)
    )
    busy = np.zeros(hu.shape, dtype=np.uint8)
    prior_hu, follow_hu = hu.copy(), hu.copy()
    centre = insert(prior_hu, busy, before_hu, before_mask, site, occupied=before_occ)
    insert(follow_hu, None, after_hu, after_mask, site, occupied=after_occ)
    at_prior = _to_mm(slices, centre)
    at_follow = list(np.add(at_prior, SHIFT_MM))
    prior = analyse_series(_write(slices, prior_hu, folder / "prior"), model)
    follow = analyse_series(_write(_shifted(slices), follow_hu, folder / "follow"), model)
    paired = dict(
        match(
            [f.center_mm for f in follow.findings],
            [f.center_mm for f in prior.findings],
            current_lungs=follow.lung_box_mm,
            prior_lungs=prior.lung_box_mm,
        ).pairs
    )
    d_before, d_after = reader_mean_diameter(crop), reader_mean_diameter(grown)
    i_prior = _found(prior, at_prior, d_before)
    i_follow = _found(follow, at_follow, d_after)
    t_prior = _largest(prior, exclude=i_prior)
    t_follow = (
        None
        if t_prior is None
        else _found(follow, list(np.add(prior.findings[t_prior].center_mm, SHIFT_MM)), 20.0)
    )
    known = {i_follow, t_follow}
    return {
        "pair": index,
        "nodule": crop.nodule.key,
        "factor": factor,
        "readers_mm": [d_before, d_after],
        "found": [i_prior is not None, i_follow is not None],
        "right_prior": i_follow is not None
        and i_prior is not None
        and paired.get(i_follow) == i_prior,
        "measured_mm": [
            None if i_prior is None else prior.findings[i_prior].diameter_mm,
            None if i_follow is None else follow.findings[i_follow].diameter_mm,
        ],
        "tumour_right_prior": t_follow is not None and paired.get(t_follow) == t_prior,
        "false_new": sum(
            1 for i in range(len(follow.findings)) if i not in paired and i not in known
        ),
        "findings": [len(prior.findings), len(follow.findings)],
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    both = [r for r in rows if all(r["found"])]
    errors = [
        abs((r["measured_mm"][1] - r["measured_mm"][0]) - (r["readers_mm"][1] - r["readers_mm"][0]))
        for r in both
    ]
    return {
        "pairs": len(rows),
        "nodule_found_in_both": len(both),
        "right_prior": f"{sum(r['right_prior'] for r in both)}/{len(both)}",
        "growth_error_median_mm": round(statistics.median(errors), 2) if errors else None,
        "tumour_right_prior": f"{sum(r['tumour_right_prior'] for r in rows)}/{len(rows)}",
        "false_new_per_scan": round(sum(r["false_new"] for r in rows) / len(rows), 2),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    model = InferenceRuntime(config=InferenceConfig(threads_per_worker=args.threads)).nodule_model()
    rng = np.random.default_rng(1919)
    pool = [n for n in load_nodules(split="test") if n.attenuation == "solid"]
    picks = [pool[i] for i in rng.permutation(len(pool))]
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for crop in (load_crop(n) for n in picks):
        if len(rows) == args.pairs:
            break
        if not 5.0 <= reader_mean_diameter(crop) <= 15.0:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(run_pair(len(rows), crop, model, Path(tmp)))
        print(json.dumps(rows[-1]), flush=True)
        summary = summarise(rows) | {"seconds": round(time.perf_counter() - started)}
        args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1))
    print(json.dumps(summarise(rows)))


if __name__ == "__main__":
    main()
