"""Benchmark: questions naming a model version against the same questions without one.

    PYTHONPATH=. python bench/query_versions.py [--studies 50000] [--rounds 5]

Builds a synthetic catalogue in SQL: ``--studies`` chest CTs of one series each, 20 live
findings per study (the first half of the series analysed by live version 0.2.3, the rest by
0.2.4, each with its ``series_monitoring`` row) and a shadow analysis by 0.3.0 of every other
series with 4 findings each. Each question is asked ``--rounds`` times; the fastest and the
median ``Answer.elapsed_ms`` are printed, with and without the version.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

# This folder holds query.py: keep it off the path so ``import query`` finds the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from appliance.catalogue.database import open_database  # noqa: E402
from query.engine import QueryEngine  # noqa: E402

QUESTIONS = [
    ("nodules over 8 mm", "nodules over 8 mm found by model 0.2.4"),
    ("findings over 25 mm", "findings of the shadow model 0.3.0 over 25 mm"),
    ("how many studies are lung-rads 4", "how many studies did version 0.3.0 flag lung-rads 4"),
    ("average nodule size", "average nodule size by shadow model 0.3.0"),
    ("studies without nodules", "studies without nodules by model 0.2.3"),
]
_FINDING = (
    "'nodule', 'RUL', 'right', 8.0, 6.0, (i % 300) / 10.0, 200.0, 20.0, 'solid', NULL, 'smooth', "
    "FALSE, ['2','3','4A','4B'][1 + i % 4], 0.9, [0.0, 0.0, 0.0], 'lung_nodule'"
)


def build(path: Path, studies: int) -> None:
    half = studies // 2
    with open_database(path) as db, db.connection() as con:
        con.execute(
            "INSERT INTO patients (patient_id, sex) SELECT 'P' || i, ['F','M'][1 + i % 2] "
            "FROM range(?) t(i)",
            [studies // 2],
        )
        con.execute(
            "INSERT INTO studies (study_uid, patient_id, study_date, modality, body_part, "
            "lung_rads) SELECT 'ST' || i, 'P' || (i // 2), DATE '2024-01-01' + (i % 700)::INT, "
            "'CT', 'CHEST', '2' FROM range(?) t(i)",
            [studies],
        )
        con.execute(
            "INSERT INTO series (series_uid, study_uid) SELECT 'SE' || i, 'ST' || i "
            "FROM range(?) t(i)",
            [studies],
        )
        con.execute(
            "INSERT INTO findings (finding_id, study_uid, series_uid, kind, lobe, side, "
            "long_axis_mm, short_axis_mm, diameter_mm, volume_mm3, mean_hu, attenuation, "
            "solid_component_mm, margin, calcified, lung_rads, confidence, center_mm, "
            "model_name, model_version) SELECT 'SE' || (i // 20) || '.' || (i % 20), "
            "'ST' || (i // 20), 'SE' || (i // 20), "
            f"{_FINDING}, CASE WHEN i // 20 < ? THEN '0.2.3' ELSE '0.2.4' END "
            "FROM range(?) t(i)",
            [half, studies * 20],
        )
        con.execute(
            "INSERT INTO series_monitoring (series_uid, study_uid, model_name, model_version, "
            "first_analysed_at, analysed_at, findings, outside_validation) SELECT 'SE' || i, "
            "'ST' || i, 'lung_nodule', CASE WHEN i < ? THEN '0.2.3' ELSE '0.2.4' END, "
            "TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01', 20, FALSE FROM range(?) t(i)",
            [half, studies],
        )
        con.execute(
            "INSERT INTO shadow_analyses (series_uid, study_uid, model_name, model_version, "
            "analysed_at, lung_rads, findings) SELECT 'SE' || i, 'ST' || i, 'lung_nodule', "
            "'0.3.0', TIMESTAMP '2026-01-02', '4A', 4 FROM range(0, ?, 2) t(i)",
            [studies],
        )
        con.execute(
            "INSERT INTO shadow_findings (finding_id, series_uid, study_uid, kind, lobe, side, "
            "long_axis_mm, short_axis_mm, diameter_mm, volume_mm3, mean_hu, attenuation, "
            "solid_component_mm, margin, calcified, lung_rads, confidence, center_mm, "
            "model_name, model_version) SELECT 'SE' || (2 * (i // 4)) || '.' || (i % 4), "
            "'SE' || (2 * (i // 4)), 'ST' || (2 * (i // 4)), "
            f"{_FINDING}, '0.3.0' FROM range(?) t(i)",
            [studies * 2],
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "catalogue.duckdb"
    build(path, args.studies)
    with QueryEngine(path, use_model=False) as engine:
        live, shadow = args.studies * 20, args.studies * 2
        print(f"{args.studies} studies, {live} live and {shadow} shadow findings")
        for plain, versioned in QUESTIONS:
            for question in (plain, versioned):
                engine.answer(question, "2026-11-01")  # warm
                times = [
                    engine.answer(question, "2026-11-01").elapsed_ms for _ in range(args.rounds)
                ]
                answer = engine.answer(question, "2026-11-01")
                shown = answer.value if answer.unit == "value" else answer.count
                print(
                    f"  {min(times):8.1f} ms fastest, {statistics.median(times):8.1f} ms median"
                    f"  ({shown})  {question}"
                )


if __name__ == "__main__":
    main()
