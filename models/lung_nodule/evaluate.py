"""Evaluate the shipped model through the appliance's own pipeline on held-out simulator studies.

``python -m models.lung_nodule.evaluate --studies 50 --out eval.json`` renders studies with seeds
from ``EVAL_SEEDS`` (never drawn by training), writes each as DICOM, runs
``appliance.inference.pipeline.analyse_series`` on the files (assembly, resampling, the model,
detection, measurement, Lung-RADS) and compares the findings with the simulator's truth:

* detection: a finding matches a nodule when its centre is within max(radius, 5 mm) of the
  nodule's centre; sensitivity counts nodules >= 4 mm; findings on nodules < 4 mm are ignored;
  every other finding is a false positive. The FROC over finding confidence gives the best
  operating point at <= 1 false positive per scan;
* measurement: |diameter - truth| of matched nodules >= 4 mm (median, share within 1.5 mm);
* attenuation and lobe accuracy, and the spiculated-vs-not AUC of ``spiculation_score``.

``--torch-weights W --device cuda`` runs the same weights in PyTorch (the lent GPU has no
onnxruntime-gpu); the default is the ONNX model through ``InferenceRuntime``. ``--cache DIR``
keeps each study's probability map in DIR (:mod:`models.lung_nodule.prediction_cache`), so a
re-run after a change to detection or measurement skips the model; ``--study-cache DIR`` keeps
each rendered study's DICOM files (about 150 MB each) so a re-run skips the simulator too.
``--fine-vessels 120`` renders the same seeds with the simulator's fine vessels, the texture of
a real lung on thick slices (``docs/simulator.md``); ``--models-dir DIR`` evaluates another
model repository (e.g. an earlier version checked out there). Every study's findings carry
their outcome (``match``: ``tp``, ``fp`` or ``ignored``, with
``truth`` the matched nodule's index) for per-finding analysis.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import multiprocessing as mp
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from appliance import simulate
from appliance.inference.detect import DetectionSettings
from appliance.inference.pipeline import analyse_series, model_settings
from appliance.simulate import simulate_study, write_series
from models.lung_nodule.data import EVAL_SEEDS

_MODEL: Any = None
_ARGS: argparse.Namespace | None = None


def _model() -> Any:
    global _MODEL  # noqa: PLW0603 - one model per worker process
    if _MODEL is None:
        assert _ARGS is not None
        if _ARGS.torch_weights:
            from models.lung_nodule.torch_model import TorchNoduleModel  # noqa: PLC0415

            _MODEL = TorchNoduleModel(
                Path(_ARGS.torch_weights),
                _ARGS.device,
                second_stage=_ARGS.second_stage,
                classifier_dir=_ARGS.classifier_dir,
            )
        else:
            from appliance.config import InferenceConfig  # noqa: PLC0415
            from appliance.inference.runtime import InferenceRuntime  # noqa: PLC0415

            config = InferenceConfig(
                threads_per_worker=_ARGS.threads,
                second_stage=_ARGS.second_stage,
                models_dir=str(_ARGS.models_dir or ""),
            )
            _MODEL = InferenceRuntime(config=config).nodule_model()
        if _ARGS.cache:
            from models.lung_nodule.prediction_cache import CachedModel  # noqa: PLC0415

            _MODEL = CachedModel(_MODEL, _ARGS.cache)
    return _MODEL


def _settings() -> DetectionSettings:
    """The model's own settings; with ``--all-candidates`` the classifier scores but drops none
    (for the whole FROC of its confidence)."""
    assert _ARGS is not None
    settings = model_settings(_model())
    if _ARGS.all_candidates and settings.classifier is not None:
        everything = dataclasses.replace(settings.classifier, threshold=0.0)
        settings = dataclasses.replace(settings, classifier=everything)
    return settings


def _simulator_version() -> str:
    """A hash of the simulator's source: a cached study is reused only by the same simulator."""
    digest = hashlib.sha256()
    for path in sorted(Path(simulate.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _study_files(seed: int, tmp: Path) -> tuple[list[str], dict[str, Any]]:
    """The DICOM files and truth of the study of ``seed``: from ``--study-cache`` when it has
    them (written there on first use), else rendered into ``tmp``."""
    assert _ARGS is not None
    fine = _ARGS.fine_vessels
    name = f"{seed}-{_simulator_version()}" + (f"-fine{fine:g}" if fine else "")
    keep = _ARGS.study_cache / name if _ARGS.study_cache else None
    if keep is None or not (keep / "complete").is_file():
        folder = write_series(simulate_study(seed, fine_vessels_per_litre=fine), keep or tmp)
        if keep is not None:
            (keep / "complete").write_text(folder.name + "\n")
    else:
        folder = keep / (keep / "complete").read_text().strip()
    truth = json.loads((folder / "truth.json").read_text())
    return sorted(str(p) for p in folder.glob("*.dcm")), truth


def evaluate_seed(seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        files, study = _study_files(seed, Path(tmp))
        t0 = time.perf_counter()
        analysis = analyse_series(files, _model(), settings=_settings())
        seconds = time.perf_counter() - t0
    findings = [f.to_json() for f in analysis.findings]
    truth = study["nodules"]
    matched = match(truth, findings)
    for j, f in enumerate(findings):
        f["match"], f["truth"] = _outcome(j, truth, matched["pairs"])
    return {
        "seed": seed,
        "slices": study["shape_zyx"][0],
        "slice_thickness_mm": study["spacing_zyx_mm"][0],
        "seconds": round(seconds, 2),
        "timings_s": analysis.timings_s,
        "truth": truth,
        "findings": findings,
        **matched,
    }


def _outcome(j: int, truth: list[dict[str, Any]], pairs: dict[int, int]) -> tuple[str, int | None]:
    """``tp`` (on a nodule >= 4 mm), ``ignored`` (on a smaller one) or ``fp``, and the nodule."""
    for i, f in pairs.items():
        if f == j:
            return ("tp" if truth[i]["diameter_mm"] >= 4.0 else "ignored"), i
    return "fp", None


def match(truth: list[dict[str, Any]], findings: list[dict[str, Any]]) -> dict[str, Any]:
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for i, t in enumerate(truth):
        best = None
        for j, f in enumerate(findings):
            dist = float(np.linalg.norm(np.subtract(f["center_mm"], t["center_mm"])))
            if dist <= max(t["diameter_mm"] / 2.0, 5.0) and (
                best is None or f["confidence"] > findings[best]["confidence"]
            ):
                best = j
        if best is not None:
            pairs[i] = best
            used.add(best)
    ignored = {j for i, j in pairs.items() if truth[i]["diameter_mm"] < 4.0}
    fps = [f["confidence"] for j, f in enumerate(findings) if j not in used and j not in ignored]
    return {"pairs": pairs, "fp_confidences": fps}


def auc(scores: list[float], labels: list[bool]) -> float | None:
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return float(wins / (len(pos) * len(neg)))


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    scans = len(results)
    detected, conf, errors, att, lobe, spic_scores, spic_labels, calc = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for r in results:
        for i, t in enumerate(r["truth"]):
            if t["diameter_mm"] < 4.0:
                continue
            j = r["pairs"].get(i, r["pairs"].get(str(i)))
            detected.append(j is not None)
            if j is None:
                conf.append(-1.0)
                continue
            f = r["findings"][j]
            conf.append(f["confidence"])
            errors.append(abs(f["diameter_mm"] - t["diameter_mm"]))
            att.append(f["attenuation"] == t["attenuation"])
            lobe.append(f["lobe"] == t["lobe"])
            calc.append(bool(f["calcified"]) == bool(t["calcified"]))
            if f.get("spiculation_score") is not None:
                spic_scores.append(float(f["spiculation_score"]))
                spic_labels.append(t["margin"] == "spiculated")
    fps = np.array([c for r in results for c in r["fp_confidences"]])
    conf_arr = np.array(conf)
    curve = []
    for thr in sorted({0.0, *conf_arr[conf_arr >= 0].tolist(), *fps.tolist()}):
        curve.append(
            {
                "min_confidence": thr,
                "sensitivity": float((conf_arr >= thr).mean()),
                "fp_per_scan": float((fps >= thr).sum() / scans),
            }
        )
    ok = [c for c in curve if c["fp_per_scan"] <= 1.0]
    froc = {
        str(rate): max((c["sensitivity"] for c in curve if c["fp_per_scan"] <= rate), default=0.0)
        for rate in (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
    }
    err = np.array(errors)
    return {
        "scans": scans,
        "eval_seeds": [results[0]["seed"], results[-1]["seed"]],
        "nodules_ge_4mm": len(detected),
        "sensitivity": float(np.mean(detected)),
        "fp_per_scan": float(len(fps) / scans),
        "best_at_1_fp_per_scan": max(ok, key=lambda c: (c["sensitivity"], -c["fp_per_scan"]))
        if ok
        else None,
        "froc_sensitivity_at_fp_per_scan": froc,
        "diameter_abs_error_median_mm": float(np.median(err)) if len(err) else None,
        "diameter_within_1_5_mm": float((err <= 1.5).mean()) if len(err) else None,
        "diameter_abs_error_p95_mm": float(np.percentile(err, 95)) if len(err) else None,
        "attenuation_accuracy": float(np.mean(att)) if att else None,
        "lobe_accuracy": float(np.mean(lobe)) if lobe else None,
        "calcified_accuracy": float(np.mean(calc)) if calc else None,
        "spiculated_auc": auc(spic_scores, spic_labels),
        "seconds_per_study_median": float(np.median([r["seconds"] for r in results])),
    }


def main(argv: list[str] | None = None) -> None:
    global _ARGS  # noqa: PLW0603 - read by the worker processes
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--studies", type=int, default=50)
    p.add_argument("--first", type=int, default=0, help="index of the first EVAL_SEEDS seed")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="ONNX Runtime threads per worker")
    p.add_argument("--torch-weights")
    p.add_argument("--device", default="cpu")
    p.add_argument("--cache", type=Path, help="folder of cached probability maps")
    p.add_argument("--study-cache", type=Path, help="folder keeping each study's DICOM files")
    p.add_argument(
        "--all-candidates",
        action="store_true",
        help="keep candidates under the classifier's operating threshold (for the whole FROC)",
    )
    p.add_argument(
        "--second-stage",
        action="store_true",
        help="score candidates with the manifest's candidate classifier (inference.second_stage)",
    )
    p.add_argument(
        "--classifier-dir",
        type=Path,
        help="with --torch-weights: the candidate classifier trained into this folder "
        "(candidate_classifier.py's files) instead of the manifest's",
    )
    p.add_argument(
        "--fine-vessels",
        type=float,
        default=0.0,
        metavar="PER_LITRE",
        help="render the held-out studies with this many fine vessel trees per litre "
        "(simulate_study(fine_vessels_per_litre=...)): the real lung's texture on thick slices",
    )
    p.add_argument("--models-dir", type=Path, help="model repository (inference.models_dir)")
    p.add_argument("--out", required=True, type=Path)
    _ARGS = p.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    seeds = list(EVAL_SEEDS[_ARGS.first : _ARGS.first + _ARGS.studies])
    if _ARGS.workers > 1:
        with mp.get_context("fork").Pool(_ARGS.workers) as pool:
            results = pool.map(evaluate_seed, seeds, chunksize=1)
    else:
        results = [evaluate_seed(s) for s in seeds]
    summary = summarise(results)
    _ARGS.out.write_text(
        json.dumps({"summary": summary, "per_study": results}, indent=1, default=str)
    )
    print(json.dumps(summary, indent=1), flush=True)


if __name__ == "__main__":
    main()
