"""``scanside analyze`` on a small simulated study, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pydicom
import pytest

from appliance.simulate import simulate_study, write_series
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "appliance" / "inference"))
from tiny_models import write_repository

pytestmark = pytest.mark.slow

COHORT_FIELDS = {
    "kind", "lobe", "long_axis_mm", "short_axis_mm", "diameter_mm", "volume_mm3", "mean_hu",
    "attenuation", "solid_component_mm", "margin", "calcified", "lung_rads", "confidence",
}  # fmt: skip


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """Seed 28: one solid, smooth, non-calcified 10 mm nodule (right lower lobe)."""
    root = tmp_path_factory.mktemp("analyze")
    simulated = simulate_study(
        28, slices=60, slice_thickness_mm=2.5, pixel_spacing_mm=1.5, rows=192, diameters_mm=(10.0,)
    )
    folder = write_series(simulated, root / "dicom")
    truth = json.loads((folder / "truth.json").read_text())
    return folder, write_repository(root / "models"), truth


def _copied(
    folder: Path,
    dest: Path,
    *,
    count: int | None = None,
    edit: Callable[[pydicom.Dataset], None] | None = None,
) -> Path:
    """The first ``count`` slices of the series in ``folder`` (all by default) copied to
    ``dest``, each header changed by ``edit``."""
    dest.mkdir()
    for path in sorted(folder.glob("*.dcm"))[:count]:
        ds = pydicom.dcmread(path)
        if edit is not None:
            edit(ds)
        ds.save_as(dest / path.name)
    return dest


def _routed(folder: Path, models: Path, data_dir: Path) -> dict[str, Any]:
    """``analyze --json`` of a folder holding one series, routed by its headers: that series."""
    result = _analyze(str(folder), "--json", "--models-dir", str(models), data_dir=data_dir)
    (series,) = json.loads(result.stdout)["series"]
    assert isinstance(series, dict)
    return series


def _analyze(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "appliance", "analyze", *args, "--data-dir", str(data_dir)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_analyze_json_reports_the_series_its_findings_and_the_priority(
    study: tuple[Path, Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    folder, models, _ = study
    out = tmp_path / "results"
    result = _analyze(
        str(folder), "--json", "--models-dir", str(models), "--out", str(out), data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    (series,) = json.loads(result.stdout)["series"]
    header = pydicom.dcmread(next(folder.glob("*.dcm")), stop_before_pixels=True)
    assert series["series_uid"] == header.SeriesInstanceUID
    assert series["study_uid"] == header.StudyInstanceUID
    assert series["priority"] in ("urgent", "high", "routine", "low")
    for finding in series["findings"]:
        assert set(finding) >= COHORT_FIELDS
        assert len(finding["center_mm"]) == 3
    assert series["findings"], "the threshold model finds dense structures in any chest"
    for finding in series["findings"]:
        half_sum = (finding["long_axis_mm"] + finding["short_axis_mm"]) / 2
        assert finding["diameter_mm"] == pytest.approx(half_sum, abs=0.051)
        assert finding["kind"] == ("mass" if finding["long_axis_mm"] > 30 else "nodule")
    written = sorted(p.name for p in out.iterdir())
    stem = series["series_uid"]
    assert written == [f"{stem}.seg.dcm", f"{stem}.sr.dcm", f"{stem}.txt"]


@pytest.mark.skipif(
    not (REPO / "models" / "lung_nodule" / "manifest.json").is_file(),
    reason="the reference model (models/lung_nodule) is not in this checkout",
)
def test_the_reference_model_finds_and_measures_the_simulated_nodule(tmp_path: Path) -> None:
    """Realistic pixels (0.75 mm) and the whole lungs in the scan (110 x 2.5 mm slices)."""
    simulated = simulate_study(
        28,
        slices=110,
        slice_thickness_mm=2.5,
        pixel_spacing_mm=0.75,
        rows=256,
        diameters_mm=(10.0,),
    )
    folder = write_series(simulated, tmp_path / "dicom")
    truth = json.loads((folder / "truth.json").read_text())
    result = _analyze(str(folder), "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    (series,) = json.loads(result.stdout)["series"]
    nodule = truth["nodules"][0]
    distance = [
        np.linalg.norm(np.subtract(f["center_mm"], nodule["center_mm"])) for f in series["findings"]
    ]
    nearest = series["findings"][int(np.argmin(distance))]
    assert min(distance) < 3.0
    assert nearest["diameter_mm"] == pytest.approx(nodule["diameter_mm"], abs=1.5)
    assert nearest["attenuation"] == nodule["attenuation"]
    assert nearest["lobe"] == nodule["lobe"]


def test_a_folder_without_images_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not DICOM")
    result = _analyze(str(tmp_path), "--json", data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "no DICOM images" in result.stderr


def test_a_series_whose_headers_route_to_no_model_can_be_analysed_by_naming_one(
    study: tuple[Path, Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    # real series often carry no BodyPartExamined and a description such as "5mm"
    folder, models, _ = study

    def plain_header(ds: pydicom.Dataset) -> None:
        ds.BodyPartExamined = ""
        ds.SeriesDescription = "5mm"

    plain = _copied(folder, tmp_path / "plain", edit=plain_header)
    skipped = _routed(plain, models, tmp_path)
    assert skipped["analysed"] is False and "body part" in skipped["reason"]
    named = _analyze(
        str(plain), "--json", "--models-dir", str(models), "--model", "lung_nodule",
        data_dir=tmp_path,
    )  # fmt: skip
    (series,) = json.loads(named.stdout)["series"]
    assert series["analysed"] is True
    assert set(series["preprocessing"]) >= {"input_noise_hu", "smoothing_sigma_voxels"}
    unknown = _analyze(
        str(plain), "--models-dir", str(models), "--model", "liver", data_dir=tmp_path
    )
    assert unknown.returncode != 0 and "no model named 'liver'" in unknown.stderr


def test_a_series_shorter_than_the_models_minimum_is_refused_as_the_service_would(
    study: tuple[Path, Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    folder, models, _ = study
    short = _copied(folder, tmp_path / "short", count=6)  # the tiny model asks for 10 slices
    series = _routed(short, models, tmp_path)
    assert series["analysed"] is False
    assert "6 slices, fewer than 10" in series["reason"]
