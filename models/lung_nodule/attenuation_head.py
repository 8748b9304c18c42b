"""Recipe for the learned attenuation head (``attenuation_head.json``), from a seed.

Why: the measurement rules (:func:`appliance.inference.measure.attenuation`) were set on the
simulator and moved towards LIDC-IDRI's readers by hand. Measured from the shipped U-Net's own
component they call many real solid nodules part-solid (a scanner's blur leaves HU under the
solid level inside a real solid nodule), while a head fitted on LIDC alone never says
part-solid (LIDC's readers rate 2.5 % of its nodules part-solid), which would lose the solid
component that decides a part-solid nodule's Lung-RADS category. So the head is fitted on both:

- the LIDC-IDRI **training** patients' nodules (``tune_measurement cache --split train``: the
  padded crop and the shipped model's component), measured as the appliance measures them;
- simulator nodules of **training** seeds (never ``EVAL_SEEDS``) with their true class, part-solid
  ones among them (``build-sim``: the study rendered, each nodule's crop and the model's
  component on it), on the seed's own slices and on 5 mm slices, and suspicious studies (a
  large part-solid or spiculated nodule, as the demo's) to have part-solid nodules at all.

Each measured nodule gives the features :func:`appliance.inference.measure.attenuation_features`
computes from the refined mask and the HU exactly as ``measure.attenuation`` sees them (recorded
by wrapping it while :func:`measure` runs), the rules' class and the reference class.

    PYTHONPATH=. python -m models.lung_nodule.attenuation_head build-sim \\
        --seeds 150000-150059 --out /work/cache/att_sim
    PYTHONPATH=. python -m models.lung_nodule.attenuation_head rows \\
        --lidc /work/cache/lidc_seeds_train --sim /work/cache/att_sim --out /work/cache/att_rows.json
    PYTHONPATH=. python -m models.lung_nodule.attenuation_head fit \\
        --rows /work/cache/att_rows.json --out models/lung_nodule/attenuation_head.json

``fit`` reports the out-of-fold agreement (5 folds grouped by patient or simulator seed) of the
rules and of each candidate head, per class and per source, and writes the chosen head fitted
on all rows. It is deterministic for a given ``--seed`` (the fold assignment).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.inference import measure as measure_module
from appliance.inference.attenuation_head import CLASSES, FORMAT, RULES_COLUMNS
from appliance.inference.measure import ATTENUATION_FEATURES, attenuation_features
from appliance.inference.refine import DEFAULT_LUNG_HU

PAD_MM = 24.0
"""Simulator crops reach this far beyond the nodule (as ``bench/measure_crops.py``)."""
MIN_DIAMETER_MM = 4.0


def _seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def build_sim(seeds: Sequence[int], out: Path, *, thickness: float | None, suspicious: bool) -> int:
    """Render each training seed's study and keep, per nodule, the crop, the model's component
    on it (``candidates=True``, as the appliance makes candidates) and the truth."""
    from appliance.simulate import simulate_study  # noqa: PLC0415
    from models.lung_nodule.crop_model import overlapping_component  # noqa: PLC0415
    from models.lung_nodule.data import EVAL_SEEDS  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    kept = 0
    for seed in seeds:
        if seed in EVAL_SEEDS:
            raise ValueError(f"seed {seed} is a held-out evaluation seed")
        tag = f"{seed}_{'s' if suspicious else 'd'}_{thickness or 0:g}"
        if any(out.glob(f"{tag}_*.npz")) or (out / f"{tag}.empty").exists():
            continue
        study = simulate_study(
            seed, slice_thickness_mm=thickness, suspicious=suspicious,
            nodules=1 if suspicious else None,
        )  # fmt: skip
        spacing = study.geometry.spacing_zyx
        hu_all = study.volume_hu.astype(np.float32)
        pad = np.asarray([int(np.ceil(PAD_MM / s)) for s in spacing])
        for n, truth in enumerate(study.nodules, start=1):
            where = np.argwhere(study.labels == n)
            if len(where) == 0:
                continue
            lo = np.maximum(where.min(axis=0) - pad, 0)
            hi = np.minimum(where.max(axis=0) + 1 + pad, study.geometry.shape)
            box = tuple(slice(int(a), int(b)) for a, b in zip(lo, hi, strict=True))
            label = study.labels[box] == n
            component = overlapping_component(hu_all[box], spacing, label, candidates=True)
            np.savez_compressed(
                out / f"{tag}_{n}.npz",
                hu=hu_all[box].astype(np.int16),
                seed=component if component is not None else np.zeros(0, dtype=bool),
                spacing=np.asarray(spacing),
                truth=json.dumps(truth.to_json()),
            )
            kept += 1
        if not study.nodules:
            (out / f"{tag}.empty").touch()
        print(f"{tag}: {len(study.nodules)} nodules", flush=True)
    return kept


@contextlib.contextmanager
def recording() -> Iterator[list[dict[str, Any]]]:
    """Record what ``measure.attenuation`` is given (its features) and what the rules say,
    while :func:`appliance.inference.measure.measure` runs."""
    original = measure_module.attenuation
    seen: list[dict[str, Any]] = []

    def wrapped(
        mask: npt.NDArray[np.bool_],
        hu: npt.NDArray[np.float32],
        spacing: Sequence[float],
        *,
        lung_hu: float = DEFAULT_LUNG_HU,
    ) -> tuple[str, float | None]:
        rules = measure_module.rules_attenuation(mask, hu, spacing, lung_hu=lung_hu)
        seen.append(
            {
                "features": attenuation_features(mask, hu, spacing, lung_hu=lung_hu).tolist(),
                "rules": rules[0],
            }
        )
        return original(mask, hu, spacing, lung_hu=lung_hu)

    measure_module.attenuation = wrapped  # type: ignore[assignment]
    try:
        yield seen
    finally:
        measure_module.attenuation = original  # type: ignore[assignment]


def _measured(
    hu: npt.NDArray[np.float32], seed: npt.NDArray[np.bool_], spacing: Sequence[float]
) -> dict[str, Any] | None:
    from models.lung_nodule.evaluate_lidc import measure_seed  # noqa: PLC0415

    if seed.size == 0 or not seed.any():
        return None
    with recording() as seen:
        m = measure_seed(hu, seed, spacing)
    return seen[-1] | {"diameter_mm": m.diameter_mm, "shipped": m.attenuation}


def lidc_rows(cache: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(cache.glob("*.npz")):
        with np.load(path) as saved:
            readers = json.loads(str(saved["readers"]))
            if readers["reader_diameter_mm"] < MIN_DIAMETER_MM:
                continue
            spacing = tuple(float(s) for s in saved["spacing"])
            row = _measured(saved["hu"], saved["seed"], spacing)
        if row is None:
            continue
        yield row | {
            "source": "lidc",
            "group": "lidc:" + readers["nodule"].split("_R_")[0],
            "key": readers["nodule"],
            "truth": readers["reader_attenuation"],
            "thickness_mm": spacing[0],
        }


def sim_rows(cache: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(cache.glob("*.npz")):
        with np.load(path) as saved:
            truth = json.loads(str(saved["truth"]))
            if truth["diameter_mm"] < MIN_DIAMETER_MM:
                continue
            spacing = tuple(float(s) for s in saved["spacing"])
            row = _measured(saved["hu"].astype(np.float32), saved["seed"], spacing)
        if row is None:
            continue
        yield row | {
            "source": "sim",
            "group": "sim:" + path.name.split("_")[0],
            "key": path.stem,
            "truth": truth["attenuation"],
            "thickness_mm": spacing[0],
        }


# --- fitting -------------------------------------------------------------------------------


def _standardise(x: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], ...]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def fit_logistic(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int64],
    weight: npt.NDArray[np.float64],
    *,
    c: float,
) -> dict[str, Any]:
    """Multinomial logistic regression (scikit-learn, lbfgs) on standardised features."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    mean, scale = _standardise(x)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((x - mean) / scale, y, sample_weight=weight)
    coef = np.zeros((len(CLASSES), x.shape[1]))
    bias = np.full(len(CLASSES), -30.0)  # a class absent from the data is never chosen
    for row, cls in enumerate(model.classes_):
        if len(model.classes_) == 2:
            # binary: scikit-learn keeps one row for the second class
            sign = 1.0 if row == 1 else -1.0
            coef[cls] = sign * model.coef_[0] / 2.0
            bias[cls] = sign * model.intercept_[0] / 2.0
        else:
            coef[cls] = model.coef_[row]
            bias[cls] = model.intercept_[row]
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": coef.tolist(),
            "bias": bias.tolist()}  # fmt: skip


def predict(head: dict[str, Any], x: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    z = ((x - np.asarray(head["mean"])) / np.asarray(head["scale"])) @ np.asarray(
        head["coef"]
    ).T + np.asarray(head["bias"])
    return np.asarray(np.argmax(z, axis=1), dtype=np.int64)


def folds(groups: Sequence[str], k: int, seed: int) -> npt.NDArray[np.int64]:
    """Fold of each row: groups (patients, simulator seeds) shuffled by ``seed`` and dealt."""
    names = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(names))
    fold_of = {names[i]: n % k for n, i in enumerate(order)}
    return np.asarray([fold_of[g] for g in groups], dtype=np.int64)


def report(name: str, rows: list[dict[str, Any]], predicted: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"model": name}
    for source in ("lidc", "sim"):
        pick = [i for i, r in enumerate(rows) if r["source"] == source]
        if not pick:
            continue
        right = [predicted[i] == rows[i]["truth"] for i in pick]
        part: dict[str, Any] = {"n": len(pick), "accuracy": round(float(np.mean(right)), 3)}
        for cls in CLASSES:
            these = [i for i in pick if rows[i]["truth"] == cls]
            called = [i for i in pick if predicted[i] == cls]
            part[cls] = {
                "n": len(these),
                "recall": round(float(np.mean([predicted[i] == cls for i in these])), 3)
                if these
                else None,
                "called": len(called),
                "precision": round(float(np.mean([rows[i]["truth"] == cls for i in called])), 3)
                if called
                else None,
            }
        thick = [i for i in pick if rows[i]["thickness_mm"] > 3.0]
        if thick:
            right_thick = [predicted[i] == rows[i]["truth"] for i in thick]
            part["over_3_mm"] = {"n": len(thick), "accuracy": round(float(np.mean(right_thick)), 3)}
        out[source] = part
    return out


def design(rows: list[dict[str, Any]], with_rules: bool) -> npt.NDArray[np.float64]:
    x = np.asarray([r["features"] for r in rows], dtype=np.float64)
    if not with_rules:
        return x
    extra = np.asarray(
        [[r["rules"] == "solid", r["rules"] == "part-solid"] for r in rows], dtype=np.float64
    )
    return np.hstack([x, extra])


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One way of deciding: ``replace`` (the head's class) or ``override`` (the head, fitted on
    the nodules the rules call part-solid or ground glass, may only turn them solid)."""

    mode: str
    c: float
    with_rules: bool = False
    sim_weight: float = 1.0

    @property
    def name(self) -> str:
        rules = "+rules" if self.with_rules else ""
        return f"{self.mode}{rules} C={self.c:g} sim_weight={self.sim_weight:g}"


def _weights(rows: list[dict[str, Any]], sim_weight: float) -> npt.NDArray[np.float64]:
    return np.asarray([sim_weight if r["source"] == "sim" else 1.0 for r in rows])


def fit_candidate(cand: Candidate, rows: list[dict[str, Any]]) -> dict[str, Any]:
    x = design(rows, cand.with_rules)
    if cand.mode == "override":
        pick = [i for i, r in enumerate(rows) if r["rules"] != "solid"]
        y = np.asarray([0 if rows[i]["truth"] == "solid" else 2 for i in pick])
        w = _weights([rows[i] for i in pick], cand.sim_weight)
        return fit_logistic(x[pick], y, w, c=cand.c)
    y = np.asarray([CLASSES.index(r["truth"]) for r in rows])
    return fit_logistic(x, y, _weights(rows, cand.sim_weight), c=cand.c)


def decide(cand: Candidate, head: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    called = [CLASSES[int(k)] for k in predict(head, design(rows, cand.with_rules))]
    if cand.mode == "override":
        return [
            "solid" if r["rules"] == "solid" or c == "solid" else str(r["rules"])
            for r, c in zip(rows, called, strict=True)
        ]
    return called


def out_of_fold(cand: Candidate, rows: list[dict[str, Any]], *, k: int, seed: int) -> list[str]:
    fold = folds([r["group"] for r in rows], k, seed)
    predicted = [""] * len(rows)
    for f in range(k):
        train = [r for r, g in zip(rows, fold, strict=True) if g != f]
        test = [i for i, g in enumerate(fold) if g == f]
        head = fit_candidate(cand, train)
        for i, c in zip(test, decide(cand, head, [rows[i] for i in test]), strict=True):
            predicted[i] = c
    return predicted


CANDIDATES = tuple(
    Candidate(mode, c, with_rules, sim_weight)
    for mode in ("replace", "override")
    for with_rules in (False, True)
    for c in (0.1, 1.0)
    for sim_weight in (0.5, 1.0)
)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build-sim", help="render training seeds and cache their nodules")
    b.add_argument("--seeds", required=True, help="first-last, training seeds only")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--thickness", type=float, help="slice thickness (default: the seed's draw)")
    b.add_argument("--suspicious", action="store_true", help="one suspicious nodule per study")
    r = sub.add_parser("rows", help="measure the cached nodules and keep their features")
    r.add_argument("--lidc", type=Path, action="append", default=[])
    r.add_argument("--sim", type=Path, action="append", default=[])
    r.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("fit", help="out-of-fold figures of each candidate, then fit one")
    f.add_argument("--rows", type=Path, required=True)
    f.add_argument("--seed", type=int, default=0, help="fold assignment")
    f.add_argument("--draws", type=int, default=3, help="fold draws (seed, seed + 1, ...)")
    f.add_argument("--report", type=Path, help="write every candidate's figures here")
    f.add_argument("--choose", help="the candidate to fit on all rows and write (its name)")
    f.add_argument("--out", type=Path, help="the head's JSON")
    f.add_argument("--no-oof", action="store_true", help="only fit --choose on all rows")
    args = p.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    start = time.perf_counter()
    if args.command == "build-sim":
        kept = build_sim(
            _seeds(args.seeds), args.out, thickness=args.thickness, suspicious=args.suspicious
        )
        print(f"{kept} nodules cached, {time.perf_counter() - start:.0f} s")
        return
    if args.command == "rows":
        rows = [row for cache in args.lidc for row in lidc_rows(cache)]
        rows += [row for cache in args.sim for row in sim_rows(cache)]
        args.out.write_text(json.dumps({"features": list(ATTENUATION_FEATURES), "rows": rows}))
        print(f"{len(rows)} rows, {time.perf_counter() - start:.0f} s")
        return
    saved = json.loads(args.rows.read_text())
    if tuple(saved["features"]) != ATTENUATION_FEATURES:
        raise SystemExit("the rows were computed with other features: run 'rows' again")
    rows = saved["rows"]
    results = [{"draw": None} | report("rules", rows, [r["rules"] for r in rows])]
    print(json.dumps(results[0]), flush=True)
    for cand in () if args.no_oof else CANDIDATES:
        for draw in range(args.draws):
            predicted = out_of_fold(cand, rows, k=5, seed=args.seed + draw)
            results.append({"draw": args.seed + draw} | report(cand.name, rows, predicted))
            print(json.dumps(results[-1]), flush=True)
    if args.report:
        args.report.write_text(json.dumps(results, indent=1) + "\n")
    if args.choose and args.out:
        chosen = next(c for c in CANDIDATES if c.name == args.choose)
        head = fit_candidate(chosen, rows)
        names = list(ATTENUATION_FEATURES) + (list(RULES_COLUMNS) if chosen.with_rules else [])
        written = {
            "format": FORMAT,
            "mode": chosen.mode,
            "classes": list(CLASSES),
            "features": names,
            "candidate": chosen.name,
            "rows": len(rows),
            "fold_seed": args.seed,
        }
        args.out.write_text(json.dumps(written | head, indent=1) + "\n")


if __name__ == "__main__":
    main()
