"""The measurement refinement on and off, on held-out studies, from the same probability maps.

Each study of ``EVAL_SEEDS`` is rendered (its truth from the current simulator), analysed by
``analyse_series`` once with ``measure(refine=False)`` (the model's mask as it is) and once with
the default refinement, both through ``models.lung_nodule.evaluate``'s model (with ``--cache``,
the maps of an earlier ``evaluate.py --cache`` run) and scored by its ``match`` and
``summarise``. The model card's "Measurement from refined masks" figures come from::

    PYTHONPATH=. python bench/measure_refine_ab.py --studies 50 --workers 2 \\
        --cache /work/cache/probmaps --out ab.json
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing as mp
import os
import tempfile
from pathlib import Path
from typing import Any

import appliance.inference.pipeline as pipeline
import models.lung_nodule.evaluate as evaluate
from appliance.inference.measure import measure
from appliance.simulate import simulate_study, write_series
from models.lung_nodule.data import EVAL_SEEDS

VARIANTS = {"as_is": False, "refined": True}


def run_seed(seed: int) -> dict[str, dict[str, Any]]:
    study = simulate_study(seed)
    truth = [n.to_json() for n in study.nodules]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_series(study, Path(tmp))
        files = sorted(str(p) for p in folder.glob("*.dcm"))
        for name, refine in VARIANTS.items():
            pipeline.measure = functools.partial(measure, refine=refine)  # type: ignore[assignment]
            analysis = pipeline.analyse_series(files, evaluate._model())
            findings = [f.to_json() for f in analysis.findings]
            out[name] = {"seed": seed, "seconds": 0.0, "truth": truth, "findings": findings}
            out[name] |= evaluate.match(truth, findings)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--studies", type=int, default=50)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--cache", type=Path, help="probability-map cache of evaluate.py")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    evaluate._ARGS = argparse.Namespace(
        torch_weights=None, device="cpu", threads=1, cache=args.cache, study_cache=None
    )
    seeds = list(EVAL_SEEDS[: args.studies])
    with mp.get_context("fork").Pool(args.workers) as pool:
        results = pool.map(run_seed, seeds, chunksize=1)
    report = {}
    for name in VARIANTS:
        report[name] = evaluate.summarise([r[name] for r in results])
        print(name, json.dumps(report[name]), flush=True)
    args.out.write_text(json.dumps({"summary": report, "per_study": results}, default=str))


if __name__ == "__main__":
    main()
