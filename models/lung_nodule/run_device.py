"""One run on the lent GPU: train, evaluate detection on held-out studies, time the GPU.

``python -m models.lung_nodule.run_device --out DIR`` does, in one process (device time is
scarce, see docs/models.md): train (models.lung_nodule.train), evaluate detection on
``--eval-studies`` held-out simulator studies with the appliance's own sliding window
(appliance.inference.runtime.sliding_window) driving the PyTorch model, then time the model part
of a 300-slice 512 x 512 study on the GPU (FP16 autocast). Results land in DIR as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from appliance.inference.runtime import sliding_window
from appliance.simulate.study import simulate_study
from models.lung_nodule import train as trainer
from models.lung_nodule.data import EVAL_SEEDS, HU_WINDOW, MODEL_SPACING_MM, evaluation_case
from models.lung_nodule.detection import froc, score_case
from models.lung_nodule.network import NoduleNet, fuse_batchnorm


def torch_runner(model: NoduleNet, device: torch.device, half: bool):
    def run(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad(), torch.autocast(device.type, dtype=torch.float16, enabled=half):
            out = model(torch.from_numpy(batch).to(device))
        return out.float().cpu().numpy()

    return run


def normalise(hu: np.ndarray) -> np.ndarray:
    lo, hi = HU_WINDOW
    return ((np.clip(hu, lo, hi) - lo) / (hi - lo)).astype(np.float32)


def predict(model, device, hu, patch=96, overlap=16, batch=8, half=True) -> np.ndarray:
    return sliding_window(
        hu.astype(np.float32),
        normalise,
        torch_runner(model, device, half),
        patch=(patch,) * 3,
        overlap=(overlap,) * 3,
        batch_size=batch,
        fill_hu=HU_WINDOW[0],
    )


def evaluate(model, device, n: int, workers: int) -> dict:
    seeds = list(EVAL_SEEDS[:n])
    with mp.get_context("fork").Pool(workers) as pool:
        cases = pool.map(evaluation_case, seeds, chunksize=1)
    t0 = time.time()

    def one(case):
        return score_case(case, predict(model, device, case.hu), threshold=0.25)

    with ThreadPoolExecutor(6) as threads:
        results = list(threads.map(one, cases))
    summary = froc(results)
    summary["eval_seeds"] = [seeds[0], seeds[-1]]
    summary["seconds"] = round(time.time() - t0, 1)
    summary["per_scan"] = results
    return summary


def gpu_timing(model, device) -> dict:
    study = simulate_study(424242, slices=300, slice_thickness_mm=1.0)
    g = study.geometry
    vol = torch.from_numpy(study.volume_hu.astype(np.float32)).to(device)
    out: dict = {"shape": list(g.shape), "spacing": list(g.spacing_zyx)}
    times = []
    for _ in range(4):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        size = [
            round(s * sp / t)
            for s, sp, t in zip(g.shape, g.spacing_zyx, MODEL_SPACING_MM, strict=False)
        ]
        res = F.interpolate(vol[None, None], size=size, mode="trilinear", align_corners=False)[0, 0]
        torch.cuda.synchronize()
        t1 = time.perf_counter()
        prob = predict(model, device, res.cpu().numpy())
        t2 = time.perf_counter()
        times.append((t1 - t0, t2 - t1))
    out["resample_s"] = round(min(t[0] for t in times), 3)
    out["sliding_window_fp16_s"] = round(min(t[1] for t in times), 3)
    out["model_spacing_shape"] = list(prob.shape)
    # the network alone on the whole resampled volume (no patching), FP16
    pad = [(-s) % 8 for s in res.shape]
    x = F.pad(res, (0, pad[2], 0, pad[1], 0, pad[0]), value=-1000.0)
    x = ((x.clamp(*HU_WINDOW) - HU_WINDOW[0]) / (HU_WINDOW[1] - HU_WINDOW[0]))[None, None]
    whole = []
    for _ in range(4):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        with torch.no_grad(), torch.autocast("cuda", dtype=torch.float16):
            model(x)
        torch.cuda.synchronize()
        whole.append(time.perf_counter() - t0)
    out["whole_volume_fp16_s"] = round(min(whole), 3)
    out["device"] = torch.cuda.get_device_name()
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--eval-studies", type=int, default=50)
    p.add_argument("--workers", type=int, default=15)
    args, rest = p.parse_known_args()
    targs = trainer.parse_args(["--out", args.out, "--workers", str(args.workers), *rest])
    info = trainer.train(targs)
    print(json.dumps({k: v for k, v in info.items() if k != "loss_history"}), flush=True)
    device = torch.device("cuda")
    model = NoduleNet().to(device)
    model.load_state_dict(torch.load(Path(args.out) / "nodulenet.pt", map_location=device))
    model = fuse_batchnorm(model)
    timing = gpu_timing(model, device)
    print(json.dumps(timing), flush=True)
    (Path(args.out) / "gpu_timing.json").write_text(json.dumps(timing, indent=2))
    if args.eval_studies == 0:
        return
    summary = evaluate(model, device, args.eval_studies, args.workers)
    (Path(args.out) / "detection_eval.json").write_text(json.dumps(summary, indent=2))
    print(
        json.dumps({k: v for k, v in summary.items() if k not in ("per_scan", "curve")}), flush=True
    )


if __name__ == "__main__":
    main()
