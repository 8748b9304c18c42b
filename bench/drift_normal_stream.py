"""A normal site's stream of simulated series, analysed for real, must raise no drift alarm.

Issue 21's target: "a normal stream of 200 simulated series raises no drift alarm". The drift
tests use synthetic analyses (``tests/appliance/monitoring/synthetic.py``) for their hundreds of
streams; this bench runs one stream through everything instead. Each series is rendered by the
simulator with its own draws (slice thickness, pixel spacing, nodules), written as DICOM,
analysed by the shipped model through :func:`appliance.inference.pipeline.analyse_series`, and
recorded in a real DuckDB catalogue by :func:`appliance.catalogue.findings.record_analysis`,
one a minute. After each series :func:`appliance.monitoring.drift.drift_report` runs with the
default ``[monitoring]`` settings, and every flagged statistic is kept with the series at which
it fired.

    python bench/drift_normal_stream.py --series 200 --db /tmp/stream.duckdb --out stream.json

The catalogue file is kept, so ``--report-only`` can evaluate the recorded stream again (e.g.
with a new statistic) without analysing anything. Each series covers ``--coverage-mm`` of
chest (120 mm, not the simulator's 300-380 mm) to keep a series at about 10 s on this CPU.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from appliance.catalogue.database import open_database
from appliance.catalogue.findings import record_analysis
from appliance.config import InferenceConfig, MonitoringConfig, TriageConfig
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.monitoring.drift import drift_report
from appliance.simulate import simulate_study, study_datasets
from appliance.simulate.study import THICKNESSES_MM

START = datetime(2026, 12, 1, 8, 0)
FIRST_SEED = 760_000
"""Seeds no training, tuning or evaluation set uses."""


def _analyse(runtime: InferenceRuntime, seed: int, coverage_mm: float) -> Any:
    thickness = float(np.random.default_rng(seed).choice(THICKNESSES_MM))
    study = simulate_study(
        seed, slices=max(20, round(coverage_mm / thickness)), slice_thickness_mm=thickness
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k, ds in enumerate(study_datasets(study)):
            files.append(Path(tmp) / f"{k:04d}.dcm")
            ds.save_as(files[-1], enforce_file_format=True)
        return analyse_series([str(f) for f in files], runtime.nodule_model())


def _states(db: Any, settings: MonitoringConfig) -> list[dict[str, Any]]:
    return [r.to_json() for r in drift_report(db, settings)]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--series", type=int, default=200)
    p.add_argument("--coverage-mm", type=float, default=120.0, help="chest length rendered")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--report-only", action="store_true", help="only the drift of the stream recorded in --db"
    )
    args = p.parse_args(argv)
    settings = MonitoringConfig()
    if args.report_only:
        print(json.dumps(_states(open_database(args.db), settings), indent=1))
        return
    if args.db.exists():
        p.error(f"{args.db} exists: remove it, or pass --report-only to evaluate it")
    runtime = InferenceRuntime(config=InferenceConfig(threads_per_worker=args.threads))
    db = open_database(args.db)
    stream: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for number in range(args.series):
        t0 = time.perf_counter()
        analysis = _analyse(runtime, FIRST_SEED + number, args.coverage_mm)
        record_analysis(db, analysis, TriageConfig(), now=START + timedelta(minutes=number))
        reports = _states(db, settings)
        stream.append(
            {
                "series": number + 1,
                "seconds": round(time.perf_counter() - t0, 1),
                "findings": len(analysis.findings),
                "reports": [
                    {"state": r["state"], "flagged": r["flagged"], "window": r["window_series"]}
                    for r in reports
                ],
            }
        )
        alarms = [s for s in stream if any(r["flagged"] for r in s["reports"])]
        summary = {
            "series": len(stream),
            "settings": {
                "reference_series": settings.reference_series,
                "window_series": settings.window_series,
                "min_window_series": settings.min_window_series,
                "alpha": settings.alpha,
            },
            "alarms": [{"series": s["series"], "reports": s["reports"]} for s in alarms],
            "final": reports,
        }
        args.out.write_text(json.dumps({"summary": summary, "stream": stream}, indent=1))
        print(number + 1, stream[-1]["seconds"], [r["state"] for r in reports], flush=True)
    print(json.dumps({k: v for k, v in summary.items() if k != "final"}, indent=1))


if __name__ == "__main__":
    main()
