"""The shipped manifest is written by ``manifest_writer`` from the files beside it: every
threshold, sha256 and calibration in it can be regenerated, none was typed in by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.lung_nodule import manifest_writer
from tests.conftest import REPO

SHIPPED = REPO / "models" / "lung_nodule"


def test_the_shipped_manifest_is_what_the_writer_writes_from_the_folder() -> None:
    assert manifest_writer.manifest(SHIPPED) == json.loads((SHIPPED / "manifest.json").read_text())


def test_the_real_nodule_operating_point_and_calibration_come_from_their_report() -> None:
    report = json.loads((SHIPPED / "real_second_stage.json").read_text())
    entry = manifest_writer.manifest(SHIPPED)["candidate_classifier"]
    assert entry["operating_threshold"] == report["operating_threshold"]
    assert entry["calibration"]["coefficients"] == report["calibration"]["coefficients"]


def test_without_that_report_the_simulated_operating_point_stands(tmp_path: Path) -> None:
    folder = tmp_path / "lung_nodule"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("*.py", "*.pt", "evaluation*"))
    (folder / "real_second_stage.json").unlink()
    training = json.loads((folder / "candidate_training.json").read_text())
    entry = manifest_writer.manifest(folder)["candidate_classifier"]
    assert entry["operating_threshold"] == pytest.approx(
        training["operating_point_out_of_fold"]["threshold"]
    )
    assert "calibration" not in entry


def test_the_thick_slice_operating_point_comes_from_its_report() -> None:
    report = json.loads((SHIPPED / "limited_mode_point.json").read_text())["limited_mode"]
    entry = manifest_writer.manifest(SHIPPED)["candidate_classifier"]["limited_mode"]
    assert entry["operating_threshold"] == report["operating_threshold"]
    assert entry["calibration"]["coefficients"] == report["calibration"]["coefficients"]
