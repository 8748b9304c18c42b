"""Export trained weights to the ONNX files of the model repository, and write the manifest.

``python -m models.lung_nodule.export --weights nodulenet.pt --out models/lung_nodule``:

1. fold BatchNorm into the convolutions and export FP32 ONNX (opset 17, dynamic batch and
   spatial axes, ``torch.onnx.export(..., dynamo=False)``);
2. FP16 for GPUs: ``onnxruntime.transformers.float16`` with float32 inputs/outputs kept;
3. static INT8 QDQ of the same weights redrawn as 2-D convolutions over slabs
   (:mod:`models.lung_nodule.slab_network`: ONNX Runtime's CPU integer kernels are fast for
   2-D convolution and slow for 3-D), per-channel weights, activations calibrated with MinMax
   on simulator patches from calibration seeds that neither training nor evaluation use; the
   first convolution (one input channel, little work) and the head with its sigmoid stay in
   float, where rounding would move the probability most;
4. time FP32 against INT8 on this CPU and compare their masks (p > 0.5) on check patches from
   other seeds, with each other and with the simulator's truth; the CPU precision is INT8 only
   when it is faster and its masks' Dice with the truth is within 0.01 of FP32's
   (:func:`int8_is_chosen`), and it is written to ``quantization.json``;
5. ``manifest_writer`` then writes ``manifest.json`` with the sha256 of every file.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process
from onnxruntime.transformers.float16 import convert_float_to_float16

from models.lung_nodule.data import HU_WINDOW, to_case
from models.lung_nodule.network import NoduleNet, fuse_batchnorm
from models.lung_nodule.slab_network import SlabNoduleNet

CALIBRATION_SEEDS = range(800_000, 800_004)
CHECK_SEEDS = range(810_000, 810_004)
"""Seeds of the patches INT8 is compared on: neither calibration, training nor evaluation's."""
PATCH = 96
MAX_DICE_LOSS = 0.01
"""INT8 runs on the CPU only if its masks' Dice with the truth is at most this below FP32's."""


def fused(weights: Path) -> NoduleNet:
    """The trained network with its BatchNorm folded into the convolutions."""
    model = NoduleNet()
    model.load_state_dict(torch.load(weights, map_location="cpu"))
    return fuse_batchnorm(model)


def export_fp32(weights: Path, path: Path, *, slabs: bool = False) -> None:
    """The network as ONNX; ``slabs``: in its 2-D form, the graph that is quantized."""
    model: torch.nn.Module = fused(weights)
    if slabs:
        model = SlabNoduleNet(model).eval()  # type: ignore[arg-type]
    dummy = torch.zeros(1, 1, PATCH, PATCH, PATCH)
    axes = {0: "batch", 2: "z", 3: "y", 4: "x"}
    torch.onnx.export(
        model,
        dummy,
        str(path),
        input_names=["ct"],
        output_names=["nodule_probability"],
        dynamic_axes={"ct": axes, "nodule_probability": axes},
        opset_version=17,
        dynamo=False,
    )
    onnx.checker.check_model(onnx.load(str(path)))


def simulator_patches(
    seeds: range = CALIBRATION_SEEDS, n: int = 12
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Normalised patches of simulator studies around nodules and in plain lung, each with the
    simulator's nodule mask (the truth) on the same grid."""
    from appliance.simulate.study import simulate_study  # noqa: PLC0415

    rng = np.random.default_rng(0)
    out = []
    for seed in seeds:
        case = to_case(simulate_study(seed, slices=120, slice_thickness_mm=2.0, nodules=3))
        centers = [np.array(c) for c in case.centers_vox] + [np.array(case.hu.shape) / 2]
        for c in centers:
            start = [
                int(np.clip(ci - PATCH // 2 + rng.integers(-16, 16), 0, s - PATCH))
                for ci, s in zip(c, case.hu.shape, strict=False)
            ]
            where = tuple(slice(s, s + PATCH) for s in start)
            crop = case.hu[where].astype(np.float32)
            lo, hi = HU_WINDOW
            patch = ((np.clip(crop, lo, hi) - lo) / (hi - lo))[None, None].astype(np.float32)
            out.append((patch, case.labels[where] > 0))
    return out[:n]


def calibration_patches(n: int = 12) -> list[np.ndarray]:
    """The patches INT8's activation ranges are calibrated on."""
    return [patch for patch, _ in simulator_patches(CALIBRATION_SEEDS, n)]


class Reader(CalibrationDataReader):
    def __init__(self, patches: list[np.ndarray]) -> None:
        self._it = iter(patches)

    def get_next(self) -> dict[str, np.ndarray] | None:
        batch = next(self._it, None)
        return None if batch is None else {"ct": batch}


def kept_in_float(model: onnx.ModelProto) -> list[str]:
    """The nodes left unquantized: the first convolution (one input channel: little work, and
    the CT's own values) and the last one with the sigmoid after it (the logit's rounding moves
    the probability at 0.5 most)."""
    convs = [node.name for node in model.graph.node if node.op_type == "Conv"]
    sigmoids = [node.name for node in model.graph.node if node.op_type == "Sigmoid"]
    return [convs[0], convs[-1], *sigmoids]


def quantize_int8(fp32: Path, int8: Path, patches: list[np.ndarray]) -> None:
    prepped = int8.with_suffix(".prep.onnx")
    quant_pre_process(str(fp32), str(prepped), skip_symbolic_shape=True)
    quantize_static(
        str(prepped),
        str(int8),
        Reader(patches),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.MinMax,
        nodes_to_exclude=kept_in_float(onnx.load(str(prepped))),
    )
    prepped.unlink()


def _dice(a: np.ndarray, b: np.ndarray) -> float | None:
    total = int(a.sum() + b.sum())
    return 2 * int((a & b).sum()) / total if total else None


def _mean(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(float(np.mean(kept)), 4) if kept else None


def time_and_compare(
    fp32: Path, int8: Path, checks: list[tuple[np.ndarray, np.ndarray]], threads: int
) -> dict[str, Any]:
    """Seconds per patch of each file (best of three rounds, the same patch, the same run)
    and their masks (p > 0.5) against each other and against the truth."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    sessions = {
        name: ort.InferenceSession(str(p), opts, providers=["CPUExecutionProvider"])
        for name, p in (("fp32", fp32), ("int8", int8))
    }
    first = checks[0][0]
    seconds: dict[str, float] = {name: float("inf") for name in sessions}
    for _ in range(3):
        for name, sess in sessions.items():
            sess.run(None, {"ct": first})
            t0 = time.perf_counter()
            sess.run(None, {"ct": first})
            seconds[name] = min(seconds[name], time.perf_counter() - t0)
    maps = {
        name: [sess.run(None, {"ct": patch})[0][0, 0] for patch, _ in checks]
        for name, sess in sessions.items()
    }
    a, b = maps["fp32"], maps["int8"]
    truths = [truth for _, truth in checks]
    pairs = list(zip(a, b, strict=True))
    return {
        "patch": [PATCH] * 3,
        "threads": threads,
        "int8_graph": "2-D convolutions over slabs (slab_network), QDQ per-channel",
        "check_patches": len(checks),
        "fp32_s_per_patch": round(seconds["fp32"], 3),
        "int8_s_per_patch": round(seconds["int8"], 3),
        "speedup_int8": round(seconds["fp32"] / seconds["int8"], 2),
        "max_abs_diff": round(max(float(np.abs(x - y).max()) for x, y in pairs), 4),
        "mask_dice_int8_vs_fp32": _mean([_dice(x > 0.5, y > 0.5) for x, y in pairs]),
        "mask_dice_with_truth_fp32": _mean(
            [_dice(x > 0.5, t) for x, t in zip(a, truths, strict=True)]
        ),
        "mask_dice_with_truth_int8": _mean(
            [_dice(y > 0.5, t) for y, t in zip(b, truths, strict=True)]
        ),
    }


def int8_is_chosen(report: dict[str, Any]) -> bool:
    """INT8 on the CPU when it is faster and its masks lose at most MAX_DICE_LOSS of Dice."""
    fp32, int8 = report["mask_dice_with_truth_fp32"], report["mask_dice_with_truth_int8"]
    faithful = fp32 is not None and int8 is not None and fp32 - int8 <= MAX_DICE_LOSS
    return bool(report["speedup_int8"] > 1.05 and faithful)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--weights", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument(
        "--int8-only",
        action="store_true",
        help="remake only the INT8 file and quantization.json (FP32 and FP16 are left as they are)",
    )
    args = p.parse_args()
    out = args.out
    fp32, fp16, int8 = (out / f"lung_nodule_{k}.onnx" for k in ("fp32", "fp16", "int8"))
    if not args.int8_only:
        export_fp32(args.weights, fp32)
        model16 = convert_float_to_float16(onnx.load(str(fp32)), keep_io_types=True)
        onnx.save(model16, str(fp16))
    slabs = out / "lung_nodule_slabs_fp32.onnx"
    export_fp32(args.weights, slabs, slabs=True)
    quantize_int8(slabs, int8, calibration_patches())
    slabs.unlink()
    report = time_and_compare(fp32, int8, simulator_patches(CHECK_SEEDS, 16), args.threads)
    print(json.dumps(report), flush=True)
    choice = {"cpu_precision": "int8" if int8_is_chosen(report) else "fp32"}
    (out / "quantization.json").write_text(json.dumps(report | choice, indent=2) + "\n")


if __name__ == "__main__":
    main()
