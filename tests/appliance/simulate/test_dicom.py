"""Simulated studies are valid CT series that a real peer accepts, with truth beside them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pydicom
import pytest

from appliance.simulate import SeriesUids, simulate_study, write_series
from tests.conftest import REPO, free_port, require_tool


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    study = simulate_study(
        21, slices=24, slice_thickness_mm=5.0, rows=128, pixel_spacing_mm=2.6, nodules=2
    )
    return write_series(study, tmp_path_factory.mktemp("sim"))


def test_series_round_trips_to_hounsfield_units(study_dir: Path) -> None:
    study = simulate_study(
        21, slices=24, slice_thickness_mm=5.0, rows=128, pixel_spacing_mm=2.6, nodules=2
    )
    files = sorted(study_dir.glob("*.dcm"))
    assert len(files) == 24
    slices = [pydicom.dcmread(f) for f in files]
    slices.sort(key=lambda ds: float(ds.ImagePositionPatient[2]))
    hu = np.stack(
        [ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept) for ds in slices]
    )
    assert np.array_equal(hu, study.volume_hu)
    first = slices[0]
    assert first.Modality == "CT" and first.BodyPartExamined == "CHEST"
    assert [float(v) for v in first.ImageOrientationPatient] == [1, 0, 0, 0, 1, 0]
    assert float(first.PixelSpacing[0]) == pytest.approx(2.6)
    assert float(first.SliceThickness) == 5.0
    assert float(slices[1].ImagePositionPatient[2]) - float(first.ImagePositionPatient[2]) == 5.0
    uids = SeriesUids(21)
    assert first.StudyInstanceUID == uids.study and first.SeriesInstanceUID == uids.series
    assert len({ds.SOPInstanceUID for ds in slices}) == 24
    assert first.PatientAge.endswith("Y") and first.PatientSex in ("F", "M")


def test_truth_json_names_every_nodule_in_patient_coordinates(study_dir: Path) -> None:
    truth = json.loads((study_dir / "truth.json").read_text())
    assert truth["series_instance_uid"] == study_dir.name
    assert len(truth["nodules"]) == 2
    for nodule in truth["nodules"]:
        assert len(nodule["center_mm"]) == 3
        assert nodule["diameter_mm"] == pytest.approx(
            (nodule["long_axis_mm"] + nodule["short_axis_mm"]) / 2, abs=0.01
        )
        assert nodule["attenuation"] in ("solid", "part-solid", "ground-glass")
        assert nodule["margin"] in ("smooth", "lobulated", "spiculated")


@pytest.mark.peers
def test_dciodvfy_finds_no_errors(study_dir: Path) -> None:
    dciodvfy = require_tool("dciodvfy")
    result = subprocess.run(
        [dciodvfy, str(study_dir / "CT0001.dcm")], capture_output=True, text=True, check=False
    )
    errors = [
        line for line in (result.stdout + result.stderr).splitlines() if line.startswith("Error")
    ]
    assert errors == []


@pytest.mark.peers
def test_cli_sends_the_study_to_a_storage_scp(tmp_path: Path) -> None:
    storescp = require_tool("storescp")
    port = free_port()
    received = tmp_path / "received"
    received.mkdir()
    env = dict(os.environ, TCP_NODELAY="1")
    scp = subprocess.Popen([storescp, "-od", str(received), "-aet", "PACS", str(port)], env=env)
    try:
        time.sleep(0.5)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "appliance",
                "simulate",
                "--out",
                str(tmp_path / "out"),
                "--seed",
                "4",
                "--slices",
                "12",
                "--rows",
                "128",
                "--nodules",
                "1",
                "--send",
                f"127.0.0.1:{port}",
                "--ae-title",
                "PACS",
            ],
            cwd=REPO,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout.splitlines()[-1])
        assert summary["sent"] == 12
    finally:
        scp.terminate()
        scp.wait(timeout=10)
    assert len(list(received.iterdir())) == 12


def test_cli_reports_a_bad_peer_address(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "appliance",
            "simulate",
            "--out",
            str(tmp_path),
            "--slices",
            "8",
            "--rows",
            "64",
            "--send",
            "nowhere",
        ],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "HOST:PORT" in result.stderr
