"""Which INT8 form of the U-Net beats FP32 on this CPU, operator by operator.

``PYTHONPATH=. python bench/int8_formats.py [--threads 1] [--json OUT]``

Issue 16 asks that the shipped network run faster in INT8 than in FP32 on this CPU, or that we
show why not. This benchmark quantizes the shipped 3-D FP32 graph in each form ONNX Runtime
offers for static quantization (QDQ per-channel; QOperator per-channel; QDQ per-tensor with
unsigned weights), times each and the shipped INT8 file (the same weights as 2-D convolutions
over slabs, ``models/lung_nodule/slab_network.py``) against FP32 on the same 96³ patch in the
same run, and profiles where the time goes by operator. Ratios, not seconds, are the result
(the machine is shared).
"""

from __future__ import annotations

import argparse
import collections
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process

from models.lung_nodule.export import Reader, calibration_patches

MODELS = Path(__file__).resolve().parents[1] / "models" / "lung_nodule"
FORMS = {
    "3-D, QDQ, per-channel": (QuantFormat.QDQ, True, QuantType.QInt8),
    "3-D, QOperator, per-channel": (QuantFormat.QOperator, True, QuantType.QInt8),
    "3-D, QDQ, per-tensor, uint8 weights": (QuantFormat.QDQ, False, QuantType.QUInt8),
}


def quantized(folder: Path, patches: list[np.ndarray]) -> dict[str, Path]:
    """The shipped INT8 file (slabs) and the 3-D forms, quantized here from the shipped FP32."""
    prepped = folder / "prepped.onnx"
    quant_pre_process(str(MODELS / "lung_nodule_fp32.onnx"), str(prepped), skip_symbolic_shape=True)
    out = {
        "FP32": MODELS / "lung_nodule_fp32.onnx",
        "slabs, QDQ, per-channel (shipped)": MODELS / "lung_nodule_int8.onnx",
    }
    for index, (name, (form, per_channel, weights)) in enumerate(FORMS.items()):
        path = folder / f"form{index}.onnx"
        quantize_static(
            str(prepped),
            str(path),
            Reader(patches),
            quant_format=form,
            per_channel=per_channel,
            activation_type=QuantType.QUInt8,
            weight_type=weights,
            calibrate_method=CalibrationMethod.MinMax,
        )
        out[name] = path
    return out


def best_seconds(
    paths: dict[str, Path], batch: np.ndarray, threads: int, rounds: int
) -> dict[str, float]:
    """Each file's best time on ``batch`` over ``rounds`` rounds that take the files in turn, so
    that a busy spell on the shared machine falls on all of them alike."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    sessions = {
        name: ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        for name, path in paths.items()
    }
    best = dict.fromkeys(sessions, float("inf"))
    for _ in range(rounds + 1):  # the first round warms up and counts like the others
        for name, session in sessions.items():
            start = time.perf_counter()
            session.run(None, {"ct": batch})
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def profile(path: Path, patch: np.ndarray, threads: int, folder: Path) -> dict[str, object]:
    """Each operator type's share of the time of one run (after a warm-up)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.enable_profiling = True
    options.profile_file_prefix = str(folder / path.stem)
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    session.run(None, {"ct": patch})
    session.run(None, {"ct": patch})
    by_op: collections.Counter[str] = collections.Counter()
    for event in json.loads(Path(session.end_profiling()).read_text()):
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            by_op[event["args"]["op_name"]] += event["dur"]
    total = sum(by_op.values()) or 1
    return {"op_share": {op: round(t / total, 3) for op, t in by_op.most_common(4)}}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=1, help="patches per run (the appliance runs 2)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    patches = calibration_patches()
    batch = np.concatenate(patches[: args.batch])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = quantized(folder, patches)
        best = best_seconds(paths, batch, args.threads, args.rounds)
        results = {name: profile(path, batch, args.threads, folder) for name, path in paths.items()}
    for name, row in results.items():
        row["best_s"] = round(best[name], 3)
        row["speed_vs_fp32"] = round(best["FP32"] / best[name], 2)
        print(f"{name:36s} {row['best_s']:.3f} s  x{row['speed_vs_fp32']}  {row['op_share']}")
    report = {
        "threads": args.threads,
        "batch": args.batch,
        "rounds": args.rounds,
        "onnxruntime": ort.__version__,
        "forms": results,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
