"""Everything that follows new U-Net weights, in one run on the lent GPU.

``python -m models.lung_nodule.gpu_round --weights W --out DIR`` does what takes about four
CPU-hours on the 2-core machine (mostly the U-Net on 300 studies) in minutes:

1. collect the candidate classifier's training candidates (``candidate_classifier.collect``,
   the appliance's own ``detect_series``) with the weights in PyTorch FP32
   (:class:`~models.lung_nodule.torch_model.TorchNoduleModel`), in a pool of processes that
   each hold the model on the GPU: by default the 250 studies of the shipped classifier, 100
   of them with fine vessels (``candidate_classifier.FINE_VESSEL_SEEDS``);
2. train the classifier and choose its operating point out-of-fold
   (``candidate_classifier.train_and_export``);
3. evaluate on the held-out studies through ``evaluate.py`` with that classifier, as the
   appliance runs by default and with every candidate kept (the FROC);
4. time the model part of a 300-slice study on the GPU (``run_device.gpu_timing``).

Writes into DIR: ``candidate_classifier.json``, ``candidate_training.json``,
``evaluation.json``, ``evaluation_all.json`` (every candidate kept), ``gpu_timing.json`` and
``candidates.tar`` (the collected candidates, for retraining the classifier on the CPU).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import tarfile
import time
from pathlib import Path
from typing import Any

from models.lung_nodule import candidate_classifier as stage2
from models.lung_nodule import evaluate

_WEIGHTS: Path | None = None
_FOLDER: Path | None = None
_DEVICE = "cuda"
_MODEL: Any = None


def _collect(seed: int) -> stage2.StudyCandidates:
    global _MODEL  # noqa: PLW0603 - one model per worker process
    from models.lung_nodule.torch_model import TorchNoduleModel  # noqa: PLC0415 - CUDA in workers

    assert _WEIGHTS is not None and _FOLDER is not None
    if _MODEL is None:
        _MODEL = TorchNoduleModel(_WEIGHTS, _DEVICE)
    return stage2.collected(seed, _MODEL, _FOLDER)


def main(argv: list[str] | None = None) -> None:
    global _WEIGHTS, _FOLDER, _DEVICE  # noqa: PLW0603 - read by the worker processes
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--weights", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--ranges", nargs="+", default=["0:94", "110:166", "400:500"], metavar="A:B")
    p.add_argument("--eval-studies", type=int, default=50)
    p.add_argument("--workers", type=int, default=14)
    p.add_argument("--trees", type=int, default=300)
    p.add_argument("--target-fp", type=float, default=0.8)
    p.add_argument("--work", type=Path, default=Path("/tmp/gpu_round"))
    p.add_argument("--device", default="cuda", help="cpu: a smoke test, without the timing")
    p.add_argument(
        "--collect-seconds",
        type=float,
        default=1e9,
        help="stop collecting after this long and train on the studies collected so far",
    )
    p.add_argument("--skip-timing", action="store_true")
    args = p.parse_args(argv)
    _DEVICE = args.device
    args.out.mkdir(parents=True, exist_ok=True)
    _WEIGHTS, _FOLDER = args.weights.resolve(), args.work / "candidates"
    seeds = stage2.seeds_in_ranges(args.ranges)
    t0 = time.time()
    studies: list[stage2.StudyCandidates] = []
    with mp.get_context("fork").Pool(args.workers) as pool:
        for found in pool.imap_unordered(_collect, seeds, chunksize=1):
            studies.append(found)
            if time.time() - t0 > args.collect_seconds:
                pool.terminate()
                break
    studies.sort(key=lambda s: s.seed)
    print(f"collected {len(studies)} of {len(seeds)} in {time.time() - t0:.0f} s", flush=True)
    with tarfile.open(args.out / "candidates.tar", "w") as tar:
        for path in sorted(_FOLDER.glob("*.npz")):
            tar.add(path, arcname=f"candidates/{path.name}")
    report = stage2.train_and_export(studies, args.out, args.trees, args.target_fp, seed=0)
    print(json.dumps({k: v for k, v in report.items() if k != "froc_out_of_fold"}), flush=True)
    if args.eval_studies == 0:
        return
    common = [
        "--studies",
        str(args.eval_studies),
        "--workers",
        str(args.workers),
        "--torch-weights",
        str(_WEIGHTS),
        "--device",
        args.device,
        "--second-stage",
        "--classifier-dir",
        str(args.out),
        "--cache",
        str(args.work / "maps"),
        "--study-cache",
        str(args.work / "studies"),
    ]
    evaluate.main([*common, "--out", str(args.out / "evaluation.json")])
    evaluate.main([*common, "--all-candidates", "--out", str(args.out / "evaluation_all.json")])
    print(f"evaluated in {time.time() - t0:.0f} s", flush=True)
    if args.device != "cuda" or args.skip_timing:
        return
    # CUDA in this process only from here on (the pools above forked before it)
    from models.lung_nodule.run_device import gpu_timing  # noqa: PLC0415
    from models.lung_nodule.torch_model import TorchNoduleModel  # noqa: PLC0415

    model = TorchNoduleModel(_WEIGHTS, "cuda")
    timing = gpu_timing(model.net, model.device)
    (args.out / "gpu_timing.json").write_text(json.dumps(timing, indent=2))
    print(json.dumps(timing), flush=True)


if __name__ == "__main__":
    main()
