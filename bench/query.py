"""Benchmark: how fast cohort questions are answered, on the fixture and on a large cohort.

    PYTHONPATH=. python bench/query.py [--fixture-catalogue FILE] [--rounds 3] [--skip-large]

1. The shared fixture (600 patients, 1,706 findings): imported into a temporary catalogue (or an
   existing one given with --fixture-catalogue), then the 30 dev questions plus paraphrases are
   answered ``--rounds`` times with the model loaded; p50/p95 of ``Answer.elapsed_ms``.
2. A synthetic cohort generated here in SQL: 1,000,000 findings over 50,000 studies, each with a
   report (50,000 reports, 200,000 sentences with MiniLM embeddings, concept mentions). Same
   questions; p50/p95, plus a brute-force sentence similarity search.
For each question the compiled SQL is also run on its own (DuckDB alone, no parsing): the ratio
engine/DuckDB shows what the question-to-SQL step costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# This file is named query.py: keep its folder off the path so ``import query`` finds the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from appliance.catalogue.database import Database, open_database  # noqa: E402
from query.compiler import compile_query  # noqa: E402
from query.concepts import find_mentions  # noqa: E402
from query.embedder import shared_embedder  # noqa: E402
from query.engine import QueryEngine, run_statement  # noqa: E402
from reports.cohort_import import import_cohort  # noqa: E402
from reports.store import similar_sentences  # noqa: E402

COHORT = Path(__file__).resolve().parents[2] / "shared" / "cohort"
EXTRA = [
    "speculated nodules > 6mm in women over 60 this year",
    "how many women have GGOs",
    "subsolid nodules in the RUL",
    "patients with 3 or more nodules on a single scan",
    "new nodules on follow-up",
    "the 10 largest solid nodules in the last 6 months",
    "studies without emphysema",
    "Lung-RADS category 3 or higher in the last 6 months",
    # issue 17: identifiers, quarters, births, signed HU, counts, history, Lung-RADS, rankings
    "studies of patient P00002",
    "latest scan for patient P00002",
    "nodules in Q2 2025",
    "patients born before 1950 with nodules",
    "nodules with mean HU below -600",
    "findings with confidence above 0.9",
    "studies with exactly 2 nodules",
    "patients with 3 or more studies",
    "patients with both emphysema and spiculated nodules",
    "patients with nodules but never a mass",
    "patients whose highest Lung-RADS was 4B",
    "how many studies per Lung-RADS category",
    "the 5 most recent studies",
    "oldest 10 patients",
    "the 3 patients with the most nodules",
    "nodules that grew by more than 3 mm",
    # issue 17, last families and the question-shape head (a warned question it reads)
    "average nodule size",
    "what percentage of women have emphysema",
    "patients with nodules on every scan",
    "patients scanned in 2024 and again in 2025",
    "how common is emphysema among women",
    "typical volume of solid nodules",
    # medians, ages, per-patient averages, intervals, a nodule over time
    "median nodule size",
    "average age of patients with spiculated nodules",
    "average number of nodules per patient",
    "patients scanned again within 12 months",
    "median time between first and latest chest CT",
    "nodules larger on the latest scan than on the first",
    "patients with shrinking nodules",
    # intervals in months, stable, Lung-RADS changes, overdue, doubling times, medians per
    # patient, consecutive intervals
    "time between first and latest CT in months",
    "patients followed for more than 2 years",
    "patients with stable nodules",
    "patients whose lung-rads category went up",
    "patients overdue for follow-up",
    "nodules with VDT < 400 days",
    "median number of nodules per patient",
    "patients with a gap of more than 13 months between consecutive scans",
]
SENTENCES = [
    "No pulmonary nodules.",
    "Centrilobular emphysema.",
    "No pneumothorax or pleural effusion.",
    "Moderate coronary artery calcification.",
    "There is no pneumothorax or pleural effusion or emphysema.",
    "Mediastinal lymphadenopathy, largest 14 mm.",
    "Enlarged mediastinal lymph nodes.",
    "Small right pleural effusion.",
    "There is a left-sided pneumothorax.",
    "Patchy consolidation, likely infectious or inflammatory.",
    "Possible mild emphysema.",
    "8 mm solid nodule in the right upper lobe.",
    "12 mm spiculated solid nodule in the left upper lobe.",
    "Lung-RADS category 2.",
    "Lung-RADS category 4A.",
    "Calcified coronary atherosclerosis.",
    "Negative for pneumothorax or pleural effusion or lymphadenopathy.",
    "See findings.",
]


def questions() -> list[tuple[str, str]]:
    dev = [json.loads(line) for line in (COHORT / "dev_queries.jsonl").open()]
    return [(d["question"], d["as_of"]) for d in dev] + [(q, "2026-11-01") for q in EXTRA]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(catalogue: Path, rounds: int) -> dict[str, float]:
    engine_ms: list[float] = []
    duckdb_ms: list[float] = []
    opening = time.perf_counter()
    with QueryEngine(catalogue) as engine:
        open_ms = (time.perf_counter() - opening) * 1000  # model, vocabulary, follow-up facts
        engine.answer("nodules", "2026-11-01")  # warm-up: model, caches
        for _ in range(rounds):
            for question, as_of in questions():
                answer = engine.answer(question, as_of)
                engine_ms.append(answer.elapsed_ms)
                compiled = compile_query(answer.query)
                started = time.perf_counter()
                run_statement(
                    engine._db, compiled.sql, compiled.params, time_limit_s=60, row_limit=10_000
                )
                duckdb_ms.append((time.perf_counter() - started) * 1000)
    return {
        "engine_open_ms": open_ms,
        "questions": len(engine_ms),
        "p50_ms": percentile(engine_ms, 0.5),
        "p95_ms": percentile(engine_ms, 0.95),
        "max_ms": max(engine_ms),
        "duckdb_only_p50_ms": percentile(duckdb_ms, 0.5),
        "duckdb_only_p95_ms": percentile(duckdb_ms, 0.95),
        "engine_over_duckdb_p50": statistics.median(engine_ms)
        / max(statistics.median(duckdb_ms), 1e-6),
    }


def build_large(db: Database, findings: int, studies: int) -> None:
    """A synthetic cohort: ``findings`` nodules etc. over ``studies`` studies, one report each."""
    patients = studies // 2
    with db.connection() as con:
        con.execute("SELECT setseed(0.42)")
        con.execute(
            "INSERT INTO patients (patient_id, sex, birth_date, source) SELECT 'P' || "
            "lpad(i::VARCHAR, 7, '0'), "
            "CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, DATE '1940-01-01' + (i * 7919 % "
            "14000)::INTEGER, 'import' "
            "FROM range(?) t(i)",
            [patients],
        )
        con.execute(
            "INSERT INTO studies (study_uid, patient_id, accession, study_date, modality, "
            "body_part, description, "
            "station, source) SELECT '9.9.' || i, 'P' || lpad((i % ?)::VARCHAR, 7, '0'), 'B' || i, "
            "DATE '2020-01-01' + (i // ? * 400 + i * 37 % 300)::INTEGER, 'CT', 'CHEST', "
            "CASE WHEN i % 5 = 0 THEN 'CT CHEST W CONTRAST' ELSE 'CT CHEST LOW DOSE LUNG "
            "SCREENING' END, "
            "CASE WHEN i % 2 = 0 THEN 'CT01' ELSE 'CT02' END, 'import' FROM range(?) t(i)",
            [patients, patients, studies],
        )
        con.execute(
            "UPDATE studies SET patient_age_years = date_diff('year', p.birth_date, "
            "studies.study_date) "
            "FROM patients p WHERE p.patient_id = studies.patient_id"
        )
        con.execute(
            "INSERT INTO findings (finding_id, study_uid, kind, lobe, long_axis_mm, "
            "short_axis_mm, diameter_mm, "
            "volume_mm3, attenuation, margin, calcified, lung_rads, track_id, confidence, source) "
            "SELECT 'G' || i, '9.9.' || (i % ?), "
            "CASE WHEN random() < 0.95 THEN 'nodule' WHEN random() < 0.5 THEN 'mass' ELSE "
            "'pneumothorax' END, "
            "['RUL','RML','RLL','LUL','LLL'][1 + i % 5], d * 1.15, d * 0.85, d, 0.5236 * d * d * "
            "d, "
            "['solid','part-solid','ground-glass'][1 + (i // 7) % 3], "
            "['smooth','lobulated','spiculated'][1 + (i // 11) % 3], random() < 0.1, "
            "CASE WHEN d < 6 THEN '2' WHEN d < 8 THEN '3' WHEN d < 15 THEN '4A' ELSE '4B' END, "
            "'T' || ((i % ?) % ?) || '-' || (i // ?), 0.9, 'import' "
            "FROM (SELECT i, round(3 + random() * 25, 1) AS d FROM range(?) t(i))",
            [studies, studies, patients, studies, findings],
        )
        con.execute(
            "UPDATE studies SET lung_rads = c.cat FROM (SELECT study_uid, arg_max(lung_rads, "
            "list_position(['1','2','3','4A','4B','4X'], lung_rads)) AS cat FROM findings GROUP "
            "BY study_uid) c "
            "WHERE c.study_uid = studies.study_uid"
        )
    _large_reports(db, studies)


def _large_reports(db: Database, studies: int) -> None:
    vectors = shared_embedder().embed(SENTENCES)
    with db.connection() as con:
        con.execute("CREATE TEMP TABLE pool (k INTEGER, text VARCHAR, embedding FLOAT[384])")
        con.execute(
            "INSERT INTO pool SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), "
            "unnest(?::JSON::FLOAT[384][])",
            [list(range(len(SENTENCES))), SENTENCES, json.dumps(vectors.tolist())],
        )
        con.execute(
            "CREATE TEMP TABLE pool_mentions (k INTEGER, concept VARCHAR, matched VARCHAR, "
            "negated BOOLEAN, uncertain BOOLEAN)"
        )
        rows = [
            [k, m.concept, m.matched, m.negated, m.uncertain]
            for k, text in enumerate(SENTENCES)
            for m in find_mentions(text)
        ]
        con.executemany("INSERT INTO pool_mentions VALUES (?, ?, ?, ?, ?)", rows)
        con.execute(
            "INSERT INTO report_sentences (study_uid, sentence_no, section, text, embedding) "
            "SELECT '9.9.' || i, j, 'FINDINGS', p.text, p.embedding FROM range(?) a(i), range(4) "
            "b(j) "
            "JOIN pool p ON p.k = (i * 7 + j * 5 + i // 3) % ?",
            [studies, len(SENTENCES)],
        )
        con.execute(
            "INSERT INTO report_mentions (study_uid, sentence_no, concept, matched, negated, "
            "uncertain, historical, certainty) "
            "SELECT '9.9.' || i, j, m.concept, m.matched, m.negated, m.uncertain, FALSE, "
            "CASE WHEN m.negated THEN 'negated' WHEN m.uncertain THEN 'possible' "
            "ELSE 'affirmed' END "
            "FROM range(?) a(i), range(4) b(j) JOIN pool_mentions m ON m.k = (i * 7 + j * 5 + i "
            "// 3) % ?",
            [studies, len(SENTENCES)],
        )
        con.execute(
            "INSERT INTO reports (study_uid, report_date, text, source) SELECT s.study_uid, "
            "s.study_date, "
            "string_agg(r.text, ' ' ORDER BY r.sentence_no), 'import' FROM studies s "
            "JOIN report_sentences r ON r.study_uid = s.study_uid GROUP BY s.study_uid, "
            "s.study_date"
        )


def similarity_ms(catalogue: Path) -> float:
    with open_database(catalogue, read_only=True) as db:
        similar_sentences(db, "emphysema", limit=10)
        started = time.perf_counter()
        for _ in range(5):
            similar_sentences(db, "mediastinal lymph node enlargement", limit=10)
        return (time.perf_counter() - started) * 1000 / 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture-catalogue", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--findings", type=int, default=1_000_000)
    parser.add_argument("--studies", type=int, default=50_000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        fixture = args.fixture_catalogue
        if fixture is None:
            fixture = Path(tmp) / "fixture.duckdb"
            with open_database(fixture) as db:
                import_cohort(db, COHORT)
        results["fixture"] = measure(fixture, args.rounds)
        print(json.dumps({"fixture": results["fixture"]}), flush=True)
        if not args.skip_large:
            large = Path(tmp) / "large.duckdb"
            started = time.perf_counter()
            with open_database(large) as db:
                build_large(db, args.findings, args.studies)
            results["large"] = {
                "findings": args.findings,
                "reports": args.studies,
                "build_s": round(time.perf_counter() - started, 1),
                **measure(large, max(1, args.rounds - 1)),
                "similarity_search_ms": similarity_ms(large),
            }
            print(json.dumps({"large": results["large"]}), flush=True)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "query.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
