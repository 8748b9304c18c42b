"""Time the nodule analysis of a 300-slice 512 x 512 chest CT end to end on this machine.

``PYTHONPATH=. python bench/inference.py [--compare-torch] [--json OUT]``

A simulated study (seed 4242, 300 slices of 1.0 mm, 512 x 512) is written as DICOM, then
``appliance.inference.pipeline.analyse_series`` runs on the files with the shipped model through
``InferenceRuntime`` (the providers and precision the appliance would pick): assemble (read the
DICOM, sort, HU), resample to the model spacing, lung mask, predict (sliding window), detect,
measure. The per-step times come from the pipeline itself; the total is wall clock.

``--compare-torch`` also times the same weights in PyTorch on the CPU (the peer) on the same
resampled volume, and reports the ratio; ``--compare-precisions`` times the model's prediction
in FP32 and in INT8 (the slab graph the CPU runs) on the same resampled volume, in turn, and
reports how far their masks agree. The GPU figure for the model part comes from
``models/lung_nodule/run_device.py`` on the lent H100 (``models/lung_nodule/gpu_timing.json``),
since that machine is not reachable from CI; this script prints it beside the CPU figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

from appliance.config import InferenceConfig
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.inference.volume import assemble_volume, resample
from appliance.simulate import simulate_study, write_series

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare-torch", action="store_true")
    parser.add_argument("--compare-precisions", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    study = simulate_study(4242, slices=300, slice_thickness_mm=1.0)
    runtime = InferenceRuntime(config=InferenceConfig())
    model = runtime.nodule_model()
    report: dict[str, object] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "onnxruntime": ort.__version__,
        "provider": model.provider,
        "precision": model.precision,
        "study": {
            "shape": list(study.geometry.shape),
            "spacing_mm": list(study.geometry.spacing_zyx),
        },
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_series(study, Path(tmp))
        files = sorted(str(p) for p in folder.glob("*.dcm"))
        started = time.perf_counter()
        analysis = analyse_series(files, model)
        report["end_to_end_s"] = round(time.perf_counter() - started, 2)
        report["steps_s"] = {k: round(v, 2) for k, v in analysis.timings_s.items()}
        report["findings"] = len(analysis.findings)
        report["truth_nodules"] = len(study.nodules)
        if args.compare_torch:
            report["torch_cpu_peer"] = _torch_peer(files, model)
        if args.compare_precisions:
            report["precisions"] = _precisions(files, model)
    gpu = REPO / "models" / "lung_nodule" / "gpu_timing.json"
    if gpu.is_file():
        report["gpu_model_part"] = json.loads(gpu.read_text())
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


def _torch_peer(files: list[str], model: object) -> dict[str, float]:
    """The same weights in PyTorch on the CPU, on the same resampled volume (the peer)."""
    from models.lung_nodule.torch_model import TorchNoduleModel  # noqa: PLC0415 - torch only here

    volume = assemble_volume(files)
    hu = resample(volume.hu, volume.spacing_mm, model.spacing_mm)  # type: ignore[attr-defined]
    peer = TorchNoduleModel(REPO / "models" / "lung_nodule" / "nodulenet.pt", device="cpu")
    timings = {}
    for name, m in (("onnxruntime", model), ("torch", peer)):
        started = time.perf_counter()
        m.predict(np.asarray(hu, dtype=np.float32))  # type: ignore[attr-defined]
        timings[f"{name}_predict_s"] = round(time.perf_counter() - started, 2)
    timings["torch_over_onnxruntime"] = round(
        timings["torch_predict_s"] / timings["onnxruntime_predict_s"], 2
    )
    return timings


def _precisions(files: list[str], model: object) -> dict[str, float]:
    """FP32 and INT8 predictions on the same resampled volume: seconds, ratio, mask Dice."""
    volume = assemble_volume(files)
    hu = np.asarray(
        resample(volume.hu, volume.spacing_mm, model.spacing_mm),  # type: ignore[attr-defined]
        dtype=np.float32,
    )
    out: dict[str, float] = {}
    masks = {}
    for precision in ("fp32", "int8"):
        runtime = InferenceRuntime(config=InferenceConfig(precision=precision))
        peer = runtime.nodule_model()
        started = time.perf_counter()
        masks[precision] = peer.predict(hu) > 0.5
        out[f"{precision}_predict_s"] = round(time.perf_counter() - started, 2)
    out["int8_speedup"] = round(out["fp32_predict_s"] / out["int8_predict_s"], 2)
    both = int((masks["fp32"] & masks["int8"]).sum())
    total = int(masks["fp32"].sum() + masks["int8"].sum())
    out["mask_dice_int8_vs_fp32"] = round(2 * both / total, 4) if total else 1.0
    return out


if __name__ == "__main__":
    main()
