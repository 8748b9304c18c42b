"""``scanside query`` and ``scanside import-cohort`` as a user runs them, in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from cohort_reference import read_jsonl

REPO = Path(__file__).resolve().parents[2]


def scanside(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "appliance", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def data_dir_with(catalogue: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(catalogue, folder / "catalogue.duckdb")
    return folder


def test_query_prints_one_json_object_with_the_contract_fields(
    cohort_catalogue: Path, tmp_path: Path
) -> None:
    data = data_dir_with(cohort_catalogue, tmp_path)
    done = scanside(
        "query",
        "the 4 largest spiculated nodules",
        "--as-of",
        "2026-11-01",
        "--data-dir",
        str(data),
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert {
        "question",
        "interpretation",
        "sql",
        "unit",
        "count",
        "rows",
        "elapsed_ms",
        "warnings",
    } <= answer.keys()
    assert answer["unit"] == "finding" and answer["count"] == 4
    assert answer["warnings"] == []  # every word of the question was used
    assert answer["alternatives"] == []  # and nothing was a guess
    assert all({"patient_id", "study_uid", "finding_id"} <= row.keys() for row in answer["rows"])


def test_batch_answers_every_line_in_one_process(cohort_catalogue: Path, tmp_path: Path) -> None:
    data = data_dir_with(cohort_catalogue, tmp_path)
    questions = read_jsonl("dev_queries.jsonl")[:5]
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        "".join(
            json.dumps({"question": q["question"], "as_of": q["as_of"]}) + "\n" for q in questions
        )
        + json.dumps({"question": "nodules on every scan", "as_of": "2026-11-01"})
        + "\n"
        + json.dumps({"question": "xyzzy", "as_of": "2026-11-01"})
        + "\n"
    )
    done = scanside("query", "--batch", str(batch), "--data-dir", str(data))
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["question"] for line in lines] == [q["question"] for q in questions] + [
        "nodules on every scan",
        "xyzzy",
    ]
    assert all(line["warnings"] == [] for line in lines[:-2])
    assert any("'every'" in sentence for sentence in lines[-2]["warnings"])
    assert "error" in lines[-1] and done.returncode == 1


def test_text_format_and_a_refusal(cohort_catalogue: Path, tmp_path: Path) -> None:
    data = data_dir_with(cohort_catalogue, tmp_path)
    done = scanside("query", "how many patients have emphysema", "--data-dir", str(data))
    assert done.returncode == 0 and "Read as: number of patients" in done.stdout
    assert "Warning:" not in done.stdout
    warned = scanside(
        "query", "how many patients have emphysema on every other scan", "--data-dir", str(data)
    )
    assert warned.returncode == 0 and "Warning: " in warned.stdout
    refused = scanside("query", "read_csv('/etc/passwd')", "--data-dir", str(data))
    assert refused.returncode == 2 and refused.stderr.startswith("Cannot answer the question:")
    assert "Traceback" not in refused.stderr


def small_cohort(folder: Path, patients: int = 4) -> None:
    """The first few patients of the shared cohort with their studies, findings and reports."""
    chosen = read_jsonl("patients.jsonl")[:patients]
    ids = {p["patient_id"] for p in chosen}
    studies = [s for s in read_jsonl("studies.jsonl") if s["patient_id"] in ids]
    uids = {s["study_uid"] for s in studies}
    parts: dict[str, list[dict[str, Any]]] = {
        "patients": chosen,
        "studies": studies,
        "findings": [f for f in read_jsonl("findings.jsonl") if f["study_uid"] in uids],
        "reports": [r for r in read_jsonl("reports.jsonl") if r["study_uid"] in uids],
    }
    folder.mkdir()
    for name, rows in parts.items():
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_import_cohort_twice_does_not_duplicate(tmp_path: Path, cohort_dir: Path) -> None:
    # cohort_dir (tests/conftest.py) skips the test when ../shared is not beside the checkout.
    assert (cohort_dir / "patients.jsonl").is_file()
    small_cohort(tmp_path / "cohort")
    first = scanside(
        "import-cohort", str(tmp_path / "cohort"), "--data-dir", str(tmp_path / "data")
    )
    again = scanside(
        "import-cohort", str(tmp_path / "cohort"), "--data-dir", str(tmp_path / "data")
    )
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    one, two = json.loads(first.stdout), json.loads(again.stdout)
    assert one["reports_analysed"] == one["reports"] and two["reports_analysed"] == 0
    done = scanside(
        "query", "how many studies", "--data-dir", str(tmp_path / "data"), "--format", "json"
    )
    assert json.loads(done.stdout)["count"] == one["studies"]


def test_reread_reports_reads_the_stored_sentences_again(
    cohort_catalogue: Path, tmp_path: Path
) -> None:
    folder = data_dir_with(cohort_catalogue, tmp_path)
    done = scanside("reread-reports", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["mentions"] > 1000
    again = scanside("query", "patients with emphysema", "--data-dir", str(folder))
    assert again.returncode == 0, again.stderr
