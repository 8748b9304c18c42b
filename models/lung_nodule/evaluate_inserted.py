"""Real LIDC nodules of held-out patients inserted into whole chest CTs, through the appliance.

``python -m models.lung_nodule.evaluate_inserted --real 10 --sim 30 --out eval.json`` takes the
LIDC nodules of one split (``--split test`` by default: patients nothing is trained or tuned on),
inserts ``--per-host`` of them into each host series at aerated-lung sites
(:mod:`models.lung_nodule.insert`, on the host's own grid, through-plane averaged over the
host's slice thickness), writes the series as DICOM and runs the appliance's own
``analyse_series`` on the files. Hosts:

* ``real``: the real scanner's chest CT in ``../shared/realdata/lung-pet-ct-dx-A0001`` (5 mm
  slices, sharp kernel, a 36 mm tumour that its readers boxed), once per round with other
  nodules at other sites;
* ``sim``: held-out simulator studies (``EVAL_SEEDS`` from ``--first-seed``), never drawn by
  training, rendered with the real lung's fine vessels (``--fine-vessels``).

Each finding is ``real`` (within max(radius, 5 mm) of an inserted nodule), ``host`` (on the
host's own nodule or tumour, counted neither way) or ``fp``. Sensitivity counts inserted nodules
>= 4 mm by the readers' mask; the false findings per scan and the confidence of every finding
give the FROC and the reliability table that calibration is judged on.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pydicom
from pydicom.uid import generate_uid
from scipy import ndimage

from appliance.simulate import simulate_study, write_series
from appliance.simulate.thick import rebin_series
from models.lung_nodule.data import EVAL_SEEDS
from models.lung_nodule.evaluate import auc
from models.lung_nodule.insert import insert, lung_sites, resampled
from models.lung_nodule.lidc import (
    LidcCrop,
    LidcNodule,
    load_crop,
    load_nodules,
    reader_mean_diameter,
)
from models.lung_nodule.real_series import REAL_SERIES, reader_boxes

MIN_DIAMETER_MM = 4.0
HOST_TRAIN_SEEDS = range(150_500, 150_600)
"""Candidate-training seeds rendered with fine vessels (``candidate_classifier.FINE_VESSEL_SEEDS``)
that the shipped classifier never used (it used 150400-150499): hosts for training-patient
insertions."""
RELIABILITY_BINS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0001)


def _series(files: list[Path]) -> tuple[list[pydicom.Dataset], npt.NDArray[np.float32]]:
    """The slices sorted by z and the volume in HU."""
    slices = sorted(
        (pydicom.dcmread(f) for f in files), key=lambda d: float(d.ImagePositionPatient[2])
    )
    hu = np.stack(
        [
            d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept)
            for d in slices
        ]
    )
    return slices, hu


def _spacing(slices: list[pydicom.Dataset]) -> tuple[float, float, float]:
    dz = abs(float(slices[1].ImagePositionPatient[2]) - float(slices[0].ImagePositionPatient[2]))
    row, col = (float(v) for v in slices[0].PixelSpacing)
    return (dz, row, col)


def _to_mm(slices: list[pydicom.Dataset], kji: tuple[float, float, float]) -> list[float]:
    x0, y0, _ = (float(v) for v in slices[0].ImagePositionPatient)
    row, col = (float(v) for v in slices[0].PixelSpacing)
    k, j, i = kji
    z = float(slices[0].ImagePositionPatient[2]) + k * _spacing(slices)[0]
    return [x0 + i * col, y0 + j * row, z]


OCCUPIED_SHARE = 0.02
"""On a host slice thicker than the crop's, a voxel whose slab holds more than this share of the
readers' mask is pasted whole (the nodule's partial-volume rim); the label stays at half."""


def _on_host_grid(
    crop: LidcCrop, spacing: tuple[float, float, float]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """The crop on the host's grid, its label mask, and the voxels to paste whole; through-plane
    averaged over the host's slice thickness first when that is thicker than the crop's (a
    thick slice is a slab, not a sample). The label is where the slab is at least half nodule;
    what is pasted is every voxel the nodule reaches into. Pasting only the half-occupied
    voxels (and one voxel around them) cut off the partial-volume rim, so a nodule pasted onto
    5 mm slices measured about 15 % small against its readers."""
    ratio = spacing[0] / crop.spacing[0]
    if ratio <= 1.5:
        hu, mask = resampled(crop, spacing)
        return hu, mask, mask
    size = round(ratio)
    slab_hu = ndimage.uniform_filter1d(crop.hu, size, axis=0, mode="nearest")
    share = ndimage.uniform_filter1d(crop.mask.astype(np.float32), size, axis=0)
    hu, mask = resampled(LidcCrop(crop.nodule, slab_hu, share > 0.5, crop.spacing), spacing)
    _, occupied = resampled(
        LidcCrop(crop.nodule, slab_hu, share > OCCUPIED_SHARE, crop.spacing), spacing
    )
    return hu, mask, occupied | mask


def _write(slices: list[pydicom.Dataset], hu: npt.NDArray[np.float32], out: Path) -> list[str]:
    """The slices with ``hu`` as their pixels, under new series and instance UIDs."""
    out.mkdir(parents=True, exist_ok=True)
    series_uid = generate_uid()
    files = []
    for k, ds in enumerate(slices):
        slope, intercept = float(ds.RescaleSlope), float(ds.RescaleIntercept)
        dtype = ds.pixel_array.dtype
        info = np.iinfo(dtype)
        stored = np.clip(np.rint((hu[k] - intercept) / slope), info.min, info.max).astype(dtype)
        ds.PixelData = stored.tobytes()
        ds.SeriesInstanceUID = series_uid
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        path = out / f"CT{k + 1:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        files.append(str(path))
    return files


def _host(
    kind: str, index: int, args: argparse.Namespace, tmp: Path
) -> tuple[list[Path], list[dict[str, Any]]]:
    """The host's DICOM files and its own nodules (centre mm, radius mm)."""
    if kind == "real":
        own = [
            {
                "center_mm": [(x0 + x1) / 2, (y0 + y1) / 2, z],
                "radius_mm": max(x1 - x0, y1 - y0) / 2 + 5.0,
                "diameter_mm": max(x1 - x0, y1 - y0),
            }
            for (x0, x1), (y0, y1), z in reader_boxes()
        ]
        return sorted((REAL_SERIES / "ct").glob("*.dcm")), own
    if kind == "train":  # candidate-training hosts: never EVAL_SEEDS
        from models.lung_nodule.candidate_classifier import training_study  # noqa: PLC0415

        study = training_study(HOST_TRAIN_SEEDS[index])
    else:
        study = simulate_study(
            EVAL_SEEDS[args.first_seed + index], fine_vessels_per_litre=args.fine_vessels
        )
    folder = write_series(study, tmp / "host")
    truth = json.loads((folder / "truth.json").read_text())
    own = [
        {
            "center_mm": n["center_mm"],
            "radius_mm": max(n["diameter_mm"] / 2, 5.0),
            "diameter_mm": n["diameter_mm"],
        }
        for n in truth["nodules"]
    ]
    return sorted(folder.glob("*.dcm")), own


@dataclasses.dataclass
class PreparedHost:
    """A host series with LIDC nodules inserted, written as DICOM."""

    kind: str
    index: int
    files: list[str]
    slice_mm: float
    inserted: list[dict[str, Any]]
    own: list[dict[str, Any]]


def prepare_host(
    kind: str, index: int, nodules: list[LidcNodule], args: argparse.Namespace, tmp: Path
) -> PreparedHost:
    """Insert ``nodules`` into the host at aerated-lung sites away from its own nodules and
    from each other, and write the result under ``tmp``."""
    rng = np.random.default_rng([args.seed, index, kind == "real"])
    files, own = _host(kind, index, args, tmp)
    slabs = getattr(args, "slab_mm", ())
    if slabs:  # a thick-slice protocol: the host rebinned before the nodules go in
        files = rebin_series(files, slabs[index % len(slabs)], tmp / "thick")
    slices, hu = _series(files)
    spacing = _spacing(slices)
    busy = np.zeros(hu.shape, dtype=np.uint8)
    inserted = []
    for nodule in nodules:
        crop = load_crop(nodule)
        nodule_hu, mask, occupied = _on_host_grid(crop, spacing)
        if not mask.any():
            continue
        extent = float(max(np.array(mask.shape) * np.array(spacing)))
        for site in lung_sites(hu, spacing, extent, 256, rng):
            window = tuple(
                slice(max(int(c) - n // 2 - 2, 0), int(c) + n // 2 + 3)
                for c, n in zip(site, mask.shape, strict=True)
            )
            if busy[window].any() or _near(
                _to_mm(slices, tuple(float(v) for v in site)), own, extent
            ):
                continue
            center = insert(hu, busy, nodule_hu, mask, site, occupied=occupied)
            inserted.append(
                {
                    "key": nodule.key,
                    "center_mm": _to_mm(slices, center),
                    "diameter_mm": reader_mean_diameter(crop),
                    "attenuation": nodule.attenuation,
                    "calcified": nodule.calcified,
                    "spiculated": nodule.spiculated,
                }
            )
            break
    written = _write(slices, hu, tmp / "inserted")
    return PreparedHost(kind, index, written, spacing[0], inserted, own)


def evaluate_host(
    kind: str,
    index: int,
    nodules: list[LidcNodule],
    args: argparse.Namespace,
    model: Any,
    settings: Any,
) -> dict[str, Any]:
    from appliance.inference.pipeline import analyse_series  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        host = prepare_host(kind, index, nodules, args, Path(tmp))
        t0 = time.perf_counter()
        analysis = analyse_series(host.files, model, settings=settings)
        seconds = time.perf_counter() - t0
    findings = [f.to_json() for f in analysis.findings]
    for f in findings:
        f["outcome"], f["nodule"] = _outcome(f, host.inserted, host.own)
    for i, n in enumerate(host.inserted):
        hits = [f for f in findings if f["nodule"] == i]
        n["finding"] = max(hits, key=lambda f: f["confidence"]) if hits else None
    return {
        "host": kind,
        "index": index,
        "slice_mm": host.slice_mm,
        "seconds": round(seconds, 1),
        "mode": analysis.mode,
        "inserted": host.inserted,
        "findings": findings,
    }


def _near(point: list[float], own: list[dict[str, Any]], extent: float) -> bool:
    return any(
        np.linalg.norm(np.subtract(point, o["center_mm"])) < o["radius_mm"] + extent for o in own
    )


def _outcome(
    f: dict[str, Any], inserted: list[dict[str, Any]], own: list[dict[str, Any]]
) -> tuple[str, int | None]:
    best, best_dist = None, np.inf
    for i, n in enumerate(inserted):
        dist = float(np.linalg.norm(np.subtract(f["center_mm"], n["center_mm"])))
        if dist <= max(n["diameter_mm"] / 2, 5.0) and dist < best_dist:
            best, best_dist = i, dist
    if best is not None:
        return "real", best
    if any(
        np.linalg.norm(np.subtract(f["center_mm"], o["center_mm"])) <= o["radius_mm"] for o in own
    ):
        return "host", None
    return "fp", None


def at_threshold(hosts: list[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """The hosts as the appliance would report them with findings from ``threshold`` up."""
    kept = []
    for h in hosts:
        findings = [f for f in h["findings"] if f["confidence"] >= threshold]
        inserted = []
        for i, n in enumerate(h["inserted"]):
            hits = [f for f in findings if f["nodule"] == i]
            inserted.append(
                n | {"finding": max(hits, key=lambda f: f["confidence"]) if hits else None}
            )
        kept.append(h | {"findings": findings, "inserted": inserted})
    return kept


def summarise(
    hosts: list[dict[str, Any]], min_diameter_mm: float = MIN_DIAMETER_MM
) -> dict[str, Any]:
    """Per host kind: sensitivity for inserted nodules of ``min_diameter_mm`` or more by the
    readers' mask, false findings per scan, the FROC, measurement agreement, reliability."""
    out: dict[str, Any] = {}
    for kind in ("real", "sim", "all"):
        chosen = [h for h in hosts if kind in ("all", h["host"])]
        if not chosen:
            continue
        nodules = [n for h in chosen for n in h["inserted"] if n["diameter_mm"] >= min_diameter_mm]
        found = [n for n in nodules if n["finding"] is not None]
        fps = [f["confidence"] for h in chosen for f in h["findings"] if f["outcome"] == "fp"]
        conf = np.array([n["finding"]["confidence"] if n["finding"] else -1.0 for n in nodules])
        fp = np.array(fps)
        froc = {}
        for rate in (0.25, 0.5, 1.0, 2.0, 4.0):
            best = 0.0
            for thr in sorted({0.0, *conf[conf >= 0].tolist(), *fp.tolist()}):
                if (fp >= thr).sum() / len(chosen) <= rate:
                    best = max(best, float((conf >= thr).mean()))
            froc[str(rate)] = round(best, 4)
        err = np.array([abs(n["finding"]["diameter_mm"] - n["diameter_mm"]) for n in found])
        out[kind] = {
            "scans": len(chosen),
            "nodules_counted_from_mm": min_diameter_mm,
            "nodules_ge_4mm" if min_diameter_mm == MIN_DIAMETER_MM else "nodules": len(nodules),
            "sensitivity": round(len(found) / len(nodules), 4) if nodules else None,
            "fp_per_scan": round(len(fps) / len(chosen), 3),
            "fp_under_6mm_share": round(
                float(
                    np.mean(
                        [
                            f["diameter_mm"] < 6
                            for h in chosen
                            for f in h["findings"]
                            if f["outcome"] == "fp"
                        ]
                    )
                ),
                3,
            )
            if fps
            else None,
            "froc_sensitivity_at_fp_per_scan": froc,
            "diameter_abs_error_median_mm": round(float(np.median(err)), 2) if len(err) else None,
            "attenuation_accuracy": round(
                float(np.mean([n["finding"]["attenuation"] == n["attenuation"] for n in found])), 4
            )
            if found
            else None,
            "calcified_accuracy": round(
                float(np.mean([bool(n["finding"]["calcified"]) == n["calcified"] for n in found])),
                4,
            )
            if found
            else None,
            "spiculated_auc": auc(
                [float(n["finding"].get("spiculation_score") or 0.0) for n in found],
                [n["spiculated"] for n in found],
            ),
            "reliability": reliability(chosen),
        }
    return out


def reliability(hosts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per confidence bin: findings, the share that are real nodules (inserted or the host's),
    and the mean confidence: a calibrated confidence has the two equal."""
    rows = []
    findings = [f for h in hosts for f in h["findings"]]
    for lo, hi in itertools.pairwise(RELIABILITY_BINS):
        inside = [f for f in findings if lo <= f["confidence"] < hi]
        if inside:
            rows.append(
                {
                    "bin": [lo, min(hi, 1.0)],
                    "findings": len(inside),
                    "real_share": round(float(np.mean([f["outcome"] != "fp" for f in inside])), 3),
                    "mean_confidence": round(float(np.mean([f["confidence"] for f in inside])), 3),
                }
            )
    return rows


def _assignments(args: argparse.Namespace) -> list[tuple[str, int, list[LidcNodule]]]:
    smallest = args.nodules_from_mm
    nodules = [n for n in load_nodules(split=args.split) if n.equivalent_diameter_mm >= smallest]
    order = [nodules[i] for i in np.random.default_rng([args.seed, 5]).permutation(len(nodules))]
    plan = [("real", i) for i in range(args.real)] + [("sim", i) for i in range(args.sim)]
    plan += [("train", i) for i in range(args.train_hosts)]
    return [
        (kind, index, [order[(h * args.per_host + j) % len(order)] for j in range(args.per_host)])
        for h, (kind, index) in enumerate(plan)
    ]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", default="test", choices=("test", "train"))
    p.add_argument("--real", type=int, default=10, help="rounds of insertion into the real series")
    p.add_argument("--sim", type=int, default=30, help="held-out simulated hosts")
    p.add_argument(
        "--train-hosts",
        type=int,
        default=0,
        help="candidate-training hosts (HOST_TRAIN_SEEDS): for comparing versions on the "
        "training patients (with --split train) without touching a held-out host",
    )
    p.add_argument("--per-host", type=int, default=4)
    p.add_argument("--first-seed", type=int, default=100, help="index of the first EVAL_SEEDS host")
    p.add_argument("--fine-vessels", type=float, default=120.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--models-dir", type=Path)
    p.add_argument(
        "--all-candidates",
        action="store_true",
        help="keep every candidate with its raw classifier score (the summary at the operating "
        "point filters them; the confidences are then not calibrated)",
    )
    p.add_argument(
        "--slab-mm",
        type=lambda text: tuple(float(v) for v in text.split(",")),
        default=(),
        help="rebin every host to these slice thicknesses in turn (e.g. 6,8,10: a thick-slice "
        "protocol, analysed in limited mode) before the nodules are inserted",
    )
    p.add_argument(
        "--nodules-from-mm",
        type=float,
        default=0.0,
        help="insert only nodules whose equivalent diameter (nodules.csv) is at least this",
    )
    p.add_argument(
        "--count-from-mm",
        type=float,
        default=MIN_DIAMETER_MM,
        help="sensitivity counts inserted nodules of at least this mean diameter (10 in "
        "limited mode, which claims nothing smaller)",
    )
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    from appliance.config import InferenceConfig  # noqa: PLC0415
    from appliance.inference.pipeline import model_settings  # noqa: PLC0415
    from appliance.inference.runtime import InferenceRuntime  # noqa: PLC0415

    config = InferenceConfig(
        threads_per_worker=args.threads, second_stage=True, models_dir=str(args.models_dir or "")
    )
    model = InferenceRuntime(config=config).nodule_model()
    settings = model_settings(model)
    threshold = 0.0  # the appliance's own threshold applies; confidences as it reports them
    if args.all_candidates and settings.classifier is not None:
        # every candidate kept with its raw score: the summary at the operating point filters
        threshold = settings.classifier.threshold
        settings = dataclasses.replace(
            settings,
            classifier=dataclasses.replace(settings.classifier, threshold=0.0),
            calibration=None,
            limited_operating_point=None,
        )
    hosts: list[dict[str, Any]] = []
    for kind, index, nodules in _assignments(args):
        hosts.append(evaluate_host(kind, index, nodules, args, model, settings))
        h = hosts[-1]
        print(
            kind,
            index,
            h["seconds"],
            sum(n["finding"] is not None for n in h["inserted"]),
            "/",
            len(h["inserted"]),
            "fp",
            sum(f["outcome"] == "fp" for f in h["findings"]),
            flush=True,
        )
        result = {
            "models": str(args.models_dir or "shipped"),
            "confidence": "raw scores, all candidates" if threshold else "as reported",
            "operating_threshold": threshold,
            "slab_mm": list(args.slab_mm),
            "at_operating_point": summarise(at_threshold(hosts, threshold), args.count_from_mm),
            "all_candidates": summarise(hosts, args.count_from_mm) if args.all_candidates else None,
            "hosts": hosts,
        }
        args.out.write_text(json.dumps(result, indent=1, default=str))
    print(json.dumps(result["at_operating_point"], indent=1), flush=True)


if __name__ == "__main__":
    main()
