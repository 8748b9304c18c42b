"""Train NoduleNet on simulator studies: ``python -m models.lung_nodule.train --out DIR``.

Reproducible from ``--seed``: the training studies are ``TRAIN_SEEDS[seed * 1000 + i]`` and
every random draw of the sampler and the augmentation comes from generators seeded by
``--seed``. Studies are rendered in a process pool, resampled to the model spacing, kept on the
device as int16, and sampled into patches there: 60 % centred on a nodule (jittered), the rest
on random lung or dense-structure (vessel, airway wall, chest wall) voxels, the hard negatives,
drawn anywhere (-300..300 HU) or, for ``--hard-in-lung-share`` of them, among voxels with lung
around them (-750..200 HU: vessels and airway walls, the look-alikes inside the lungs).
``--ground-glass-weight`` makes ground-glass nodules more likely patch centres and
``--fine-vessel-share`` renders that share of studies with the real lung's fine vessels.
``--lidc-per-study N`` inserts N real LIDC-IDRI nodules of the training patients into each
study (:mod:`models.lung_nodule.insert`); with ``--lidc-context`` each is pasted with its crop's
real surroundings, labelled background (so real texture is not a cue for "nodule"), and
``--hard-real-share`` centres that share of the hard negatives on the real vessels of those
surroundings (real branchings that are not nodules).
Augmentation: flips, in-plane transposition, HU scale/shift and extra noise. Loss: BCE + Dice.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import multiprocessing as mp
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from models.lung_nodule.data import (
    HU_WINDOW,
    IN_LUNG_DENSE_HU,
    TRAIN_SEEDS,
    Case,
    lung_around,
    training_case,
)
from models.lung_nodule.network import NoduleNet


class PatchSampler:
    def __init__(
        self,
        cases: list[Case],
        patch: int,
        device: torch.device,
        seed: int,
        nodule_fraction: float = 0.6,
        hard_fraction: float = 0.15,
        hard_in_lung_share: float = 0.0,
        jitter: float = 0.3,
        ground_glass_weight: float = 1.0,
        hard_real_share: float = 0.0,
    ) -> None:
        self.patch = patch
        self.nodule_fraction = nodule_fraction
        self.hard_fraction = hard_fraction
        self.hard_in_lung_share = hard_in_lung_share
        self.hard_real_share = hard_real_share
        self.jitter = jitter
        self.device = device
        self.rng = np.random.default_rng(seed)
        self.volumes = [torch.from_numpy(c.hu).to(device) for c in cases]
        self.labels = [torch.from_numpy(c.labels).to(device) for c in cases]
        self.nodules = [(i, ctr) for i, c in enumerate(cases) for ctr in c.centers_vox]
        weights = np.array(
            [
                ground_glass_weight if t["attenuation"] == "ground-glass" else 1.0
                for c in cases
                for t in c.truth
            ]
        )
        self.nodule_p = weights / weights.sum() if ground_glass_weight != 1.0 else None
        """Chance of each nodule being a patch's centre (None: all alike, the 0.2.0 draw)."""
        self.lung = [self._points(c, (-950, -500)) for c in cases]
        self.dense = [self._points(c, (-300, 300)) for c in cases]
        self.dense_in_lung = (
            [self._points(c, IN_LUNG_DENSE_HU, in_lung=True) for c in cases]
            if hard_in_lung_share > 0
            else self.dense
        )
        self.real_dense = [self._subsample(c.real_context_vox) for c in cases]
        """Dense voxels of the pasted real surroundings (real vessels, no nodule near)."""
        self.with_real = [i for i, pts in enumerate(self.real_dense) if len(pts)]

    def _points(self, case: Case, window: tuple[int, int], in_lung: bool = False) -> np.ndarray:
        """Voxels (on a 2-voxel grid) in an HU window; ``in_lung``: with lung around them
        (vessels, airway walls, partial-volume blobs: the hard negatives), labels excluded."""
        hu = case.hu[::2, ::2, ::2]
        keep = (hu > window[0]) & (hu < window[1])
        if in_lung:
            keep &= lung_around(hu) & (case.labels[::2, ::2, ::2] == 0)
        return self._subsample([np.argwhere(keep) * 2])

    def _subsample(self, parts: list[np.ndarray], limit: int = 4000) -> np.ndarray:
        pts = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
        if len(pts) > limit:
            pts = pts[self.rng.choice(len(pts), limit, replace=False)]
        return pts

    def _real_draw(self) -> bool:
        """Whether a hard negative is centred on a pasted real vessel (no draw at share 0, so
        the earlier recipes keep their random stream)."""
        if self.hard_real_share <= 0 or not self.with_real:
            return False
        return bool(self.rng.uniform() < self.hard_real_share)

    def _crop(self, i: int, center: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        vol, lab, p = self.volumes[i], self.labels[i], self.patch
        start = [
            int(np.clip(round(c) - p // 2, 0, max(s - p, 0)))
            for c, s in zip(center, vol.shape, strict=False)
        ]
        sl = tuple(slice(s, s + p) for s in start)
        x, y = vol[sl].float(), (lab[sl] > 0).float()
        pad = [p - n for n in x.shape]
        if any(pad):
            spec = [0, pad[2], 0, pad[1], 0, pad[0]]
            x = F.pad(x, spec, value=-1000.0)
            y = F.pad(y, spec, value=0.0)
        return x, y

    def batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        xs, ys = [], []
        for _ in range(n):
            u = self.rng.uniform()
            if u < self.nodule_fraction and self.nodules:
                pick = (
                    self.rng.integers(len(self.nodules))
                    if self.nodule_p is None
                    else self.rng.choice(len(self.nodules), p=self.nodule_p)
                )
                i, ctr = self.nodules[pick]
                center = np.array(ctr) + self.rng.uniform(-self.jitter, self.jitter, 3) * self.patch
            elif u > 1.0 - self.hard_fraction and self._real_draw():
                i = self.with_real[int(self.rng.integers(len(self.with_real)))]
                pts = self.real_dense[i]
                center = pts[self.rng.integers(len(pts))].astype(float)
            else:
                i = int(self.rng.integers(len(self.volumes)))
                pts = self.lung[i]
                if u > 1.0 - self.hard_fraction:
                    # no extra draw at share 0: the 0.1.0 recipe keeps its random stream
                    share = self.hard_in_lung_share
                    in_lung = share > 0 and self.rng.uniform() < share
                    dense = self.dense_in_lung[i] if in_lung else self.dense[i]
                    pts = dense if len(dense) else pts
                if len(pts) == 0:
                    pts = np.array([[s // 2 for s in self.volumes[i].shape]])
                center = pts[self.rng.integers(len(pts))].astype(float)
            x, y = self._crop(i, center)
            xs.append(x)
            ys.append(y)
        return self._augment(torch.stack(xs)[:, None], torch.stack(ys)[:, None])

    def _augment(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        for dim in (2, 3, 4):
            if self.rng.uniform() < 0.5:
                x, y = x.flip(dim), y.flip(dim)
        if self.rng.uniform() < 0.5:
            x, y = x.transpose(3, 4), y.transpose(3, 4)
        n = x.shape[0]
        scale = torch.from_numpy(self.rng.uniform(0.95, 1.05, (n, 1, 1, 1, 1))).float().to(x.device)
        shift = torch.from_numpy(self.rng.uniform(-25, 25, (n, 1, 1, 1, 1))).float().to(x.device)
        sigma = torch.from_numpy(self.rng.uniform(0, 20, (n, 1, 1, 1, 1))).float().to(x.device)
        x = x * scale + shift + torch.randn_like(x) * sigma
        lo, hi = HU_WINDOW
        x = (x.clamp(lo, hi) - lo) / (hi - lo)
        return x.contiguous(), y.contiguous()


def loss_fn(logits: torch.Tensor, target: torch.Tensor, pos_weight: float = 5.0) -> torch.Tensor:
    """BCE (positives weighted 5x) + soft Dice per patch, so a 5 mm nodule counts as much as a
    50 mm mass; patches without nodule voxels contribute through the BCE only."""
    weight = torch.tensor(pos_weight, device=logits.device)
    bce = F.binary_cross_entropy_with_logits(logits, target, pos_weight=weight)
    prob = torch.sigmoid(logits)
    dims = (1, 2, 3, 4)
    inter = (prob * target).sum(dims)
    dice = 1 - (2 * inter + 1) / (prob.sum(dims) + target.sum(dims) + 1)
    has = target.sum(dims) > 0
    return bce + (dice[has].mean() if has.any() else 0.0 * dice.mean())


def make_cases(
    seeds: list[int],
    workers: int,
    rows: int,
    spacing: float | None,
    touching_share: float = 0.0,
    fine_vessel_share: float = 0.0,
) -> list[Case]:
    make = functools.partial(
        training_case,
        rows=rows,
        pixel_spacing_mm=spacing,
        touching_share=touching_share,
        fine_vessel_share=fine_vessel_share,
    )
    if workers <= 1:
        return [make(s) for s in seeds]
    with mp.get_context("fork").Pool(workers) as pool:
        return pool.map(make, seeds, chunksize=1)


_PENDING: list[Case] = []
"""The cases a forked insertion worker reads (inherited, not pickled out)."""


def insert_real_nodules(
    cases: list[Case], per_study: int, seed: int, *, context: bool = False, workers: int = 1
) -> int:
    """Insert up to ``per_study`` LIDC nodules of the training patients into each case
    (:mod:`models.lung_nodule.insert`), every nodule once before any twice, in an order drawn
    from ``seed``, with ``workers`` processes; returns how many were placed. Each case draws
    its sites from its own generator, so the result does not depend on ``workers``. The test
    patients are never read."""
    if per_study <= 0:
        return 0
    from models.lung_nodule.lidc import load_nodules  # noqa: PLC0415 - needs ../shared

    nodules = load_nodules(split="train")
    order = [nodules[i] for i in np.random.default_rng([seed, 23]).permutation(len(nodules))]
    jobs = [
        (
            index,
            [order[(index * per_study + j) % len(order)] for j in range(per_study)],
            seed,
            context,
        )
        for index in range(len(cases))
    ]
    _PENDING[:] = cases
    try:
        if workers <= 1:
            done = [_insert_into(*job) for job in jobs]
        else:
            with mp.get_context("fork").Pool(workers) as pool:
                done = pool.starmap(_insert_into, jobs, chunksize=1)
    finally:
        _PENDING.clear()
    for index, (case, _) in enumerate(done):
        cases[index] = case
    return sum(placed for _, placed in done)


def _insert_into(index: int, picks: list[Any], seed: int, context: bool) -> tuple[Case, int]:
    from models.lung_nodule.insert import add_to_case  # noqa: PLC0415 - needs ../shared
    from models.lung_nodule.lidc import load_crop  # noqa: PLC0415

    case = _PENDING[index]
    rng = np.random.default_rng([seed, 23, index])
    placed = add_to_case(case, [load_crop(n) for n in picks], rng, context=context)
    return case, placed


def training_seeds(args: argparse.Namespace) -> list[int]:
    return [TRAIN_SEEDS[args.seed * 1000 + i] for i in range(args.studies)]


def train(args: argparse.Namespace, cases: list[Case] | None = None) -> dict[str, object]:
    """Train on ``cases`` (rendered from :func:`training_seeds` when not given)."""
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    seeds = training_seeds(args)
    t0 = time.time()
    if cases is None:
        cases = make_cases(
            seeds,
            args.workers,
            args.rows,
            args.pixel_spacing,
            args.touching_share,
            args.fine_vessel_share,
        )
    inserted = insert_real_nodules(
        cases, args.lidc_per_study, args.seed, context=args.lidc_context, workers=args.workers
    )
    t_data = time.time() - t0
    sampler = PatchSampler(
        cases,
        args.patch,
        device,
        args.seed,
        args.nodule_fraction,
        args.hard_fraction,
        args.hard_in_lung_share,
        args.jitter,
        args.ground_glass_weight,
        args.hard_real_share,
    )
    model = NoduleNet()
    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
    model = model.to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    use_amp = device.type == "cuda"
    history = []
    t1 = time.time()
    step = 0
    last_loss = float("nan")
    while step < args.steps and time.time() - t1 < args.max_seconds:
        frac = min(step / max(args.steps, 1), (time.time() - t1) / args.max_seconds)
        for group in opt.param_groups:
            group["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))
        x, y = sampler.batch(args.batch)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
            logits = model.logits(x)
        loss = loss_fn(logits.float(), y, args.pos_weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 50 == 0:
            history.append((step, round(loss.item(), 4)))
            print(f"step {step} loss {loss.item():.4f} t={time.time() - t1:.0f}s", flush=True)
        step += 1
        last_loss = round(loss.item(), 4)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out / "nodulenet.pt")
    info = {
        "seed": args.seed,
        "init": args.init,
        "nodule_fraction": args.nodule_fraction,
        "hard_fraction": args.hard_fraction,
        "hard_in_lung_share": args.hard_in_lung_share,
        "jitter": args.jitter,
        "touching_share": args.touching_share,
        "fine_vessel_share": args.fine_vessel_share,
        "ground_glass_weight": args.ground_glass_weight,
        "hard_real_share": args.hard_real_share,
        "real_negative_sites": int(sum(len(p) for p in sampler.real_dense)),
        "pos_weight": args.pos_weight,
        "lr": args.lr,
        "train_seeds": [seeds[0], seeds[-1]],
        "studies": len(cases),
        "lidc_per_study": args.lidc_per_study,
        "lidc_context": args.lidc_context,
        "lidc_inserted": inserted,
        "nodules": sum(len(c.centers_vox) for c in cases),
        "steps": step,
        "batch": args.batch,
        "patch": args.patch,
        "data_seconds": round(t_data, 1),
        "train_seconds": round(time.time() - t1, 1),
        "final_loss": last_loss,
        "loss_history": history,
        "device": str(device) if device.type != "cuda" else torch.cuda.get_device_name(),
    }
    (out / "training.json").write_text(json.dumps(info, indent=2))
    return info


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--studies", type=int, default=8)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--max-seconds", type=float, default=1e9)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--patch", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--init", help="start from these weights (fine-tuning)")
    p.add_argument("--nodule-fraction", type=float, default=0.6)
    p.add_argument("--hard-fraction", type=float, default=0.15)
    p.add_argument(
        "--hard-in-lung-share",
        type=float,
        default=0.0,
        help="share of hard negatives drawn from dense voxels inside the lungs (-750..200 HU) "
        "instead of anywhere (-300..300 HU)",
    )
    p.add_argument(
        "--jitter",
        type=float,
        default=0.3,
        help="nodule patches are centred within +-jitter x patch of the nodule",
    )
    p.add_argument(
        "--touching-share",
        type=float,
        default=0.0,
        help="share of training nodules placed against a vessel or an airway wall",
    )
    p.add_argument(
        "--fine-vessel-share",
        type=float,
        default=0.0,
        help="share of training studies rendered with the real lung's fine vessels "
        "(data.fine_vessels_for)",
    )
    p.add_argument(
        "--ground-glass-weight",
        type=float,
        default=1.0,
        help="a ground-glass nodule is this many times as likely as another to centre a nodule "
        "patch (the U-Net's misses are mostly small ground glass)",
    )
    p.add_argument(
        "--lidc-per-study",
        type=int,
        default=0,
        help="real LIDC nodules of the training patients inserted into each study "
        "(../shared/realdata/lidc-voi; models/lung_nodule/insert.py)",
    )
    p.add_argument(
        "--lidc-context",
        action="store_true",
        help="paste each LIDC crop with its real surroundings (labelled background), not the "
        "nodule alone",
    )
    p.add_argument(
        "--hard-real-share",
        type=float,
        default=0.0,
        help="share of hard negatives centred on the real vessels of pasted LIDC surroundings "
        "(needs --lidc-context): real branchings shown as not nodules",
    )
    p.add_argument("--pos-weight", type=float, default=5.0)
    p.add_argument("--rows", type=int, default=512, help="image size of the studies (tests: 128)")
    p.add_argument("--pixel-spacing", type=float, help="pixel spacing (default: drawn)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return p.parse_args(argv)


if __name__ == "__main__":
    train(parse_args())
