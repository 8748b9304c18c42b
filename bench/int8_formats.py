"""Why the CPU runs FP32: every INT8 form of the U-Net against FP32, operator by operator.

``PYTHONPATH=. python bench/int8_formats.py [--threads 1] [--json OUT]``

Issue 16 asks that the shipped network run faster in INT8 than in FP32 on this CPU, or that we
show why not. This benchmark quantizes the shipped FP32 graph in each form ONNX Runtime offers
for static quantization (QDQ per-channel, as shipped; QOperator per-channel; QDQ per-tensor with
unsigned weights), times each against FP32 on the same 96³ patch in the same run, and profiles
where the time goes by operator. Ratios, not seconds, are the result (the machine is shared).
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
    "QOperator, per-channel": (QuantFormat.QOperator, True, QuantType.QInt8),
    "QDQ, per-tensor, uint8 weights": (QuantFormat.QDQ, False, QuantType.QUInt8),
}


def quantized(folder: Path, patches: list[np.ndarray]) -> dict[str, Path]:
    """The shipped INT8 file and the other forms, quantized here from the shipped FP32."""
    prepped = folder / "prepped.onnx"
    quant_pre_process(str(MODELS / "lung_nodule_fp32.onnx"), str(prepped), skip_symbolic_shape=True)
    out = {
        "FP32": MODELS / "lung_nodule_fp32.onnx",
        "QDQ, per-channel (shipped)": MODELS / "lung_nodule_int8.onnx",
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


def profile(path: Path, patch: np.ndarray, threads: int, folder: Path) -> dict[str, object]:
    """Seconds per patch (mean of 3 after a warm-up) and each operator type's share of it."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.enable_profiling = True
    options.profile_file_prefix = str(folder / path.stem)
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    session.run(None, {"ct": patch})
    start = time.perf_counter()
    for _ in range(3):
        session.run(None, {"ct": patch})
    seconds = (time.perf_counter() - start) / 3
    by_op: collections.Counter[str] = collections.Counter()
    for event in json.loads(Path(session.end_profiling()).read_text()):
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            by_op[event["args"]["op_name"]] += event["dur"]
    total = sum(by_op.values()) or 1
    return {
        "s_per_patch": round(seconds, 3),
        "op_share": {op: round(t / total, 3) for op, t in by_op.most_common(4)},
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    patches = calibration_patches()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {
            name: profile(path, patches[0], args.threads, folder)
            for name, path in quantized(folder, patches).items()
        }
    fp32 = float(results["FP32"]["s_per_patch"])  # type: ignore[arg-type]
    for name, row in results.items():
        row["speed_vs_fp32"] = round(fp32 / float(row["s_per_patch"]), 2)  # type: ignore[arg-type]
        print(f"{name:34s} {row['s_per_patch']:.3f} s  x{row['speed_vs_fp32']}  {row['op_share']}")
    report = {"threads": args.threads, "onnxruntime": ort.__version__, "forms": results}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
