"""Write ``manifest.json`` for the exported files: routing, input, output, thresholds, sha256.

``python -m models.lung_nodule.manifest_writer --out models/lung_nodule`` after ``export``.
Every field is documented in docs/models.md; the appliance reads it through
``appliance.inference.repository``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from appliance.inference.repository import sha256_of
from models.lung_nodule.candidate_classifier import CANDIDATE_MIN_VOLUME_MM3, CANDIDATE_THRESHOLD
from models.lung_nodule.data import HU_WINDOW, MAX_INPUT_NOISE_HU, MODEL_SPACING_MM

VERSION = "0.2.6"
"""0.2.6: 0.2.5's network, trees and operating points; measured with the learned attenuation
head (``attenuation_head.json``, fitted in session 24), now a file of the version listed with
its sha256: it turns some of the rules' part-solid and ground-glass calls solid, hence other
Lung-RADS categories, so the findings carry a version of their own.
0.2.5: 0.2.4's network and trees; on thick slices (limited mode) the second stage's own
threshold and calibration, chosen on thick renders holding real nodules (``limited_mode_point``).
0.2.4: 0.2.3's weights, trees and calibration; the CPU runs INT8, the weights as 2-D
convolutions over slabs (``slab_network``), faster than FP32 on the CPU.
0.2.3: 0.2.2's U-Net and trees; operating point and calibration chosen on real nodules.
0.2.2: 0.2.1's U-Net and classifier; routing admits 5-10 mm slices, analysed in limited mode.
0.2.1: 0.2.0's U-Net with a candidate classifier also trained on fine-vessel studies."""
REAL_SERIES_NOISE_HU = 48.0
"""Above the real series' measured input noise (47.2 HU), the highest the model was validated on."""
MIN_LONG_AXIS_MM = 3.0
"""Findings whose long axis measures under this are micronodules and not reported: LIDC's
readers outlined nodules of 3 mm and up in greatest in-plane dimension, LUNA16 keeps only those,
and the simulator draws none smaller."""

FULL_MODE_MAX_SLICE_MM = 5.0
"""Series whose slices are at most this far apart are analysed in full: every nodule from the
micronodule floor up (the training renders reach 5 mm)."""
LIMITED_MAX_SLICE_MM = 10.0
"""Series of thicker slices, up to this, are analysed in limited mode (``docs/analysis.md``);
routing refuses thicker ones."""
LIMITED_MIN_DIAMETER_MM = 10.0
"""In limited mode only findings of at least this mean diameter are reported: a thick slice
averages a small nodule away and turns vessels into nodule-like blobs, so nothing smaller is
claimed either way."""

VALIDATION: dict[str, Any] = {
    "description": "Held-out renders of ScanSide's scanner simulator (appliance.simulate, "
    "EVAL_SEEDS from 900000; one manufacturer, one kernel, 120 kVp), with and without fine "
    "vessels, and one real series (TCIA Lung-PET-CT-Dx A0001: Philips Brilliance16, kernel L, "
    "120 kVp, 5 mm), with LIDC-IDRI nodules of the test patients inserted into both. Series "
    "outside these ranges and names are analysed with a warning (docs/drift.md).",
    "slice_thickness_mm": [0.625, FULL_MODE_MAX_SLICE_MM],
    "pixel_spacing_mm": [0.6, 0.9],
    "input_noise_hu": [5.0, REAL_SERIES_NOISE_HU],
    "kvp": [120.0, 120.0],
    "manufacturers": ["ScanSide", "Philips"],
    "kernels": ["LUNG", "L"],
}
"""The manifest's ``validation``: what the model was validated on. Slice thickness and pixel
spacing are the simulator's draws (``appliance.simulate.study``: 0.625-5 mm, 0.6-0.9 mm), which
hold the real series' (5 mm, 0.84 mm). Input noise as the pipeline measures it
(``appliance.inference.noise.noise_hu``, 1.25 mm grid): 5.9-6.2 HU on 5 mm renders, 22.4-22.7
HU on 0.625 mm ones (seed 900001, both spacings, 2026-12-05), up to 24.1 HU on the 50 held-out
renders, 47.2 HU on the real series (smoothed to 18 HU before the model, as any input over
``max_input_noise_hu`` is). Manufacturer, kernel and kVp are the simulator's DICOM header and
the real series'. The held-out insertion evaluation (``evaluate_inserted.py``) analysed the real
series six times with test-patient nodules in it; that is the whole of its validation on a real
scanner."""


def manifest(out: Path) -> dict[str, Any]:
    quant = json.loads((out / "quantization.json").read_text())
    files = {
        k: {"path": f"lung_nodule_{k}.onnx", "sha256": sha256_of(out / f"lung_nodule_{k}.onnx")}
        for k in ("fp32", "fp16", "int8")
    }
    return {
        "name": "lung_nodule",
        "version": VERSION,
        "task": "lung-nodule-segmentation",
        "description": "Compact 3D U-Net (NoduleNet) giving a per-voxel probability of lung "
        "nodule (nodule body, spicules excluded); trained on ScanSide's scanner simulator; its "
        "second stage's operating point and confidence calibration chosen on real LIDC-IDRI "
        "nodules of the training patients inserted into held-out simulated scans (on 6-10 mm "
        "slices, a separate one chosen on thick renders of such scans).",
        "routing": {
            "modality": ["CT"],
            "body_part": ["CHEST", "LUNG", "THORAX"],
            "series_description": {
                "include": ["chest", "thorax", "lung", "thor"],
                "exclude": [
                    "scout",
                    "localizer",
                    "topogram",
                    "surview",
                    "scanogram",
                    "\\bmip\\b",
                    "dose report",
                    "\\bpet\\b",
                ],
            },
            "min_slices": 20,
            "max_slice_thickness_mm": LIMITED_MAX_SLICE_MM,
        },
        "input": {
            "name": "ct",
            "layout": "NCDHW (batch, 1, z, y, x)",
            "dtype": "float32",
            "spacing_mm": list(MODEL_SPACING_MM),
            "hu_window": list(HU_WINDOW),
            "normalisation": "(clip(hu, lo, hi) - lo) / (hi - lo)",
            "spatial_multiple": 8,
        },
        "inference": {
            "patch_size": [96, 96, 96],
            "overlap": [16, 16, 16],
            "batch_size": 2,
            "blend": "separable ramp window",
        },
        "output": {
            "name": "nodule_probability",
            "classes": ["nodule"],
            "activation": "sigmoid (in the graph)",
        },
        "thresholds": {
            "nodule": 0.5,
            "candidate": CANDIDATE_THRESHOLD,
            "candidate_min_volume_mm3": CANDIDATE_MIN_VOLUME_MM3,
            "max_input_noise_hu": MAX_INPUT_NOISE_HU,
            "min_long_axis_mm": MIN_LONG_AXIS_MM,
            "full_mode_max_slice_mm": FULL_MODE_MAX_SLICE_MM,
            "limited_min_diameter_mm": LIMITED_MIN_DIAMETER_MM,
        },
        "files": files,
        **_classifier(out),
        **_attenuation_head(out),
        "precision": {
            "CPUExecutionProvider": quant["cpu_precision"],
            "CUDAExecutionProvider": "fp16",
            "TensorrtExecutionProvider": "fp16",
        },
        "quantization": quant,
        "licence": "Apache-2.0 (weights trained on synthetic data only)",
        "validation": VALIDATION,
    }


def _classifier(out: Path) -> dict[str, Any]:
    """The ``candidate_classifier`` entry when ``candidate_classifier.py`` has written one; its
    operating point and calibration from ``real_second_stage.py`` when that has run, and those
    for thick slices from ``limited_mode_point.py``."""
    path = out / "candidate_classifier.json"
    if not path.is_file():
        return {}
    training = json.loads((out / "candidate_training.json").read_text())
    entry: dict[str, Any] = {
        "path": path.name,
        "sha256": sha256_of(path),
        "operating_threshold": training["operating_point_out_of_fold"]["threshold"],
        "description": "gradient-boosted trees over candidate features "
        f"(appliance.inference.candidates), trained on {training['studies']} simulated studies "
        f"(seeds {training['seeds']})",
    }
    real = out / "real_second_stage.json"
    if real.is_file():
        report = json.loads(real.read_text())
        entry["operating_threshold"] = report["operating_threshold"]
        entry["description"] += (
            f"; operating threshold chosen for <= {report['target_fp_per_scan']} false finding "
            f"per scan on {report['hosts_counted_in_froc']} fine-vessel simulated scans holding "
            "LIDC nodules of the training patients (models/lung_nodule/real_second_stage.py, "
            "real_second_stage.json)"
        )
        entry["calibration"] = {
            k: report["calibration"][k] for k in ("method", "coefficients", "fitted_on")
        }
    else:
        entry["description"] += (
            f"; operating threshold chosen out-of-fold on them for <= "
            f"{training['target_fp_per_scan']} false positives per scan"
        )
    thick = out / "limited_mode_point.json"
    if thick.is_file():
        chosen = json.loads(thick.read_text())["limited_mode"]
        entry["limited_mode"] = {
            "operating_threshold": chosen["operating_threshold"],
            "calibration": {
                k: chosen["calibration"][k] for k in ("method", "coefficients", "fitted_on")
            },
        }
    return {"candidate_classifier": entry}


def _attenuation_head(out: Path) -> dict[str, Any]:
    """The ``attenuation_head`` entry when ``attenuation_head.py fit`` has written the head: its
    path and sha256 (the appliance checks the file before it measures with it), and what it
    is; none (the rules decide alone) when there is no head."""
    path = out / "attenuation_head.json"
    if not path.is_file():
        return {}
    head = json.loads(path.read_text())
    return {
        "attenuation_head": {
            "path": path.name,
            "sha256": sha256_of(path),
            "description": f"learned attenuation head ({head.get('candidate', head['mode'])}) "
            "over the measurement's features "
            "(appliance.inference.attenuation_head); it may turn the rules' part-solid or "
            "ground-glass call solid. Fitted on the LIDC-IDRI training patients' nodules (own "
            "slices and 5 mm slabs) and simulator nodules of training seeds "
            "(models/lung_nodule/attenuation_head.py, attenuation_head_oof.json)",
        }
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True, type=Path)
    args = p.parse_args()
    (args.out / "manifest.json").write_text(json.dumps(manifest(args.out), indent=2) + "\n")


if __name__ == "__main__":
    main()
