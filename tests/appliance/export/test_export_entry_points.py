"""``scanside export`` and ``POST /api/v1/exports``: the two ways to ask for an export.

The command runs on the catalogue file when no service runs; the API route is admin only and
audited. Both end in the same export (checked in depth by test_export.py).
"""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest
from litestar.testing import TestClient

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.catalogue.database import open_database
from appliance.cli import main
from appliance.config import load_config
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.service import Service
from tests.appliance.ingest.serve_process import ServeProcess, cli


def test_the_command_exports_the_studies_of_a_file(
    data_dir: Path,
    tmp_path: Path,
    analysis_with_findings: SeriesAnalysis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    studies = tmp_path / "cohort.txt"
    studies.write_text(f"# the cohort\n{analysis_with_findings.study_uid}\n\n")
    out = tmp_path / "out"

    assert (
        main(["export", "--studies", str(studies), "--out", str(out), "--data-dir", str(data_dir)])
        == 0
    )

    printed = capsys.readouterr().out
    assert "exported 1 studies" in printed and "22 DICOM files, 2 findings, 0 refused" in printed
    assert "pseudonym map" in printed
    assert len(list(out.rglob("*.dcm"))) == 22
    with open_database(DataLayout.at(data_dir).catalogue, read_only=True) as db:
        assert db.execute("SELECT count(*) FROM exports")[0][0] == 1


def test_the_command_names_a_line_that_is_not_a_uid(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    studies = tmp_path / "cohort.txt"
    studies.write_text("1.2.3\nDoe^Jane\n")

    status = main(
        [
            "export",
            "--studies",
            str(studies),
            "--out",
            str(tmp_path / "o"),
            "--data-dir",
            str(data_dir),
        ]
    )

    assert status == 2
    assert "cohort.txt:2: 'Doe^Jane' is not a Study Instance UID" in capsys.readouterr().err


def test_the_api_route_is_admin_only_and_audited(
    data_dir: Path, tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    config = load_config(None, overrides={"storage": {"data_dir": str(data_dir)}}, environ={})
    service = Service(config)
    try:
        admin = tokens.create_token(service.db, "admin", "research-office")
        clinician = tokens.create_token(service.db, "clinician", "dr-who")
        body = {"out": str(tmp_path / "out"), "studies": [analysis_with_findings.study_uid]}
        with TestClient(create_app(service)) as client:
            refused = client.post(
                "/api/v1/exports", json=body, headers={"Authorization": f"Bearer {clinician}"}
            )
            made = client.post(
                "/api/v1/exports", json=body, headers={"Authorization": f"Bearer {admin}"}
            )
        assert refused.status_code == 403
        assert made.status_code == 201, made.text
        report = made.json()
        assert (report["studies"], report["files"], report["findings"]) == (1, 22, 2)
        image = pydicom.dcmread(next((tmp_path / "out").rglob("*.dcm")), stop_before_pixels=True)
        assert image.PatientID != analysis_with_findings.patient_id
        audit = service.db.query_dicts(
            "SELECT token_name, status_code FROM audit_log WHERE action = 'export.create' "
            "ORDER BY audit_id"
        )
        assert [(a["token_name"], a["status_code"]) for a in audit] == [
            ("dr-who", 403),
            ("research-office", 201),
        ]
        (record,) = service.db.query_dicts("SELECT requested_by, role FROM exports")
        assert (record["requested_by"], record["role"]) == ("research-office", "admin")
    finally:
        service.close()


def test_the_command_asks_a_running_service_which_owns_the_catalogue(
    data_dir: Path, tmp_path: Path, analysis_with_findings: SeriesAnalysis
) -> None:
    studies = tmp_path / "cohort.txt"
    studies.write_text(f"{analysis_with_findings.study_uid}\n")
    serve = ServeProcess(data_dir)
    try:
        result = cli(
            "export", "--studies", str(studies), "--out", str(tmp_path / "out"), data_dir=data_dir
        )
        assert result.returncode == 0, result.stderr
        assert "exported 1 studies" in result.stdout and "22 DICOM files" in result.stdout
        assert len(list((tmp_path / "out").rglob("*.dcm"))) == 22
    finally:
        assert serve.stop() == 0
    with open_database(DataLayout.at(data_dir).catalogue, read_only=True) as db:
        (record,) = db.query_dicts("SELECT requested_by, role FROM exports")
    assert (record["requested_by"], record["role"]) == ("local-admin", "admin")
