"""Detection scoring for evaluation: probability map -> components -> hits and false positives.

A deliberately simple post-processing (threshold, connected components, keep components of at
least ``min_voxels``; score = the component's highest probability) used to evaluate the model
on its own; the appliance's own post-processing and measurements live in
``appliance.inference`` (analysis branch) and are evaluated by ``evaluate.py`` when present.

Matching follows LUNA16: a component hits a nodule when it overlaps the nodule's label or its
centroid lies within the nodule's radius (at least 4 mm); components on nodules under 4 mm are
ignored (neither hit nor false positive); every other component is a false positive.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from models.lung_nodule.data import MODEL_SPACING_MM, Case

MIN_DIAMETER_MM = 4.0


def components(prob: np.ndarray, threshold: float = 0.5, min_voxels: int = 4) -> list[dict]:
    labels, n = ndimage.label(prob >= threshold)
    if n == 0:
        return []
    index = np.arange(1, n + 1)
    sizes = ndimage.sum_labels(np.ones_like(prob), labels, index)
    scores = ndimage.maximum(prob, labels, index)
    centroids = ndimage.center_of_mass(prob, labels, index)
    slices = ndimage.find_objects(labels)
    return (
        [
            {
                "label": int(i),
                "voxels": int(s),
                "score": float(sc),
                "centroid": tuple(map(float, c)),
                "box": sl,
            }
            for i, s, sc, c, sl in zip(index, sizes, scores, centroids, slices, strict=True)
            if s >= min_voxels
        ]
        if n
        else []
    )


def score_case(case: Case, prob: np.ndarray, threshold: float = 0.5, min_voxels: int = 4) -> dict:
    """Per-nodule best hit score (0 = missed) and the scores of false-positive components."""
    comps = components(prob, threshold, min_voxels)
    labels, _ = ndimage.label(prob >= threshold)
    spacing = np.array(MODEL_SPACING_MM)
    hits = [0.0] * len(case.truth)
    fps = []
    for comp in comps:
        mask = labels[comp["box"]] == comp["label"]
        overlapped = set(np.unique(case.labels[comp["box"]][mask]).tolist()) - {0}
        matched = False
        for j, (ctr, d) in enumerate(zip(case.centers_vox, case.diameters_mm, strict=True)):
            dist = float(np.linalg.norm((np.array(comp["centroid"]) - np.array(ctr)) * spacing))
            if (j + 1) in overlapped or dist <= max(d / 2.0, 4.0):
                hits[j] = max(hits[j], comp["score"])
                matched = True
        if not matched:
            fps.append(comp["score"])
    return {
        "seed": case.seed,
        "nodules": [
            {"diameter_mm": d, "score": h, "attenuation": t["attenuation"], "margin": t["margin"]}
            for d, h, t in zip(case.diameters_mm, hits, case.truth, strict=True)
        ],
        "fp_scores": fps,
    }


def froc(results: list[dict]) -> dict:
    """Sensitivity (nodules >= 4 mm) against false positives per scan, and the operating point
    with the highest sensitivity at <= 1 false positive per scan."""
    scans = len(results)
    scores = np.array(
        [n["score"] for r in results for n in r["nodules"] if n["diameter_mm"] >= MIN_DIAMETER_MM]
    )
    fps = np.array([s for r in results for s in r["fp_scores"]])
    curve = []
    for t in np.unique(np.concatenate([scores[scores > 0], fps, [1.01]])):
        sens = float((scores >= t).mean()) if len(scores) else 0.0
        curve.append(
            {
                "threshold": float(t),
                "sensitivity": sens,
                "fp_per_scan": float((fps >= t).sum() / scans),
            }
        )
    ok = [c for c in curve if c["fp_per_scan"] <= 1.0]
    best = max(ok, key=lambda c: (c["sensitivity"], -c["fp_per_scan"])) if ok else None
    return {
        "scans": scans,
        "nodules_ge_4mm": len(scores),
        "sensitivity_any": float((scores > 0).mean()) if len(scores) else 0.0,
        "fp_per_scan_any": float(len(fps) / scans) if scans else 0.0,
        "operating_point": best,
        "curve": [c for c in curve if c["fp_per_scan"] <= 8][:: max(1, len(curve) // 40)],
    }
