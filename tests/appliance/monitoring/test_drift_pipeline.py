"""Drift from real analyses: simulated series analysed by the pipeline with a real ONNX model (the
tiny soft-threshold model of ``tiny_models.py`` with the shipped ``validation`` section, read by
the repository), recorded in a real DuckDB catalogue; then the site changes (thicker slices, or
a sharp kernel with its noise) and the drift is flagged within the promised number of series.

Small settings keep it short: a reference of 10 series and a window of 10, so a shift outside
the validation is promised within ceil(0.2 x 10) = 2 series (``docs/drift.md``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from appliance.catalogue.database import open_database
from appliance.config import InferenceConfig, MonitoringConfig
from appliance.findings import SeriesAnalysis
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime, NoduleModel
from appliance.monitoring.drift import drift_report
from appliance.simulate import simulate_study, study_datasets
from models.lung_nodule.manifest_writer import VALIDATION
from tests.appliance.inference.tiny_models import write_repository
from tests.appliance.monitoring.synthetic import record

pytestmark = pytest.mark.slow

SETTINGS = MonitoringConfig(reference_series=10, window_series=10, min_window_series=5)
PROMISED = math.ceil(SETTINGS.max_outside_share * SETTINGS.window_series)
NORMAL_THICKNESS_MM = (1.25, 2.5, 5.0)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> NoduleModel:
    root = write_repository(tmp_path_factory.mktemp("models"))
    manifest = root / "lung_nodule" / "manifest.json"
    manifest.write_text(json.dumps(json.loads(manifest.read_text()) | {"validation": VALIDATION}))
    config = InferenceConfig(models_dir=str(root))
    return InferenceRuntime(config=config, cache_dir=tmp_path_factory.mktemp("trt")).nodule_model()


def _analyse(
    model: NoduleModel,
    folder: Path,
    seed: int,
    thickness_mm: float,
    *,
    kernel: str = "LUNG",
    extra_noise_hu: float = 0.0,
) -> SeriesAnalysis:
    study = simulate_study(
        seed, slices=round(100 / thickness_mm), slice_thickness_mm=thickness_mm, rows=256,
        pixel_spacing_mm=0.9,
    )  # fmt: skip
    if extra_noise_hu:  # what a sharper kernel does to the image
        noise = np.random.default_rng(seed).normal(0, extra_noise_hu, study.volume_hu.shape)
        study.volume_hu[:] = np.clip(study.volume_hu + noise, -1024, 3071).astype(np.int16)
    files = []
    for k, ds in enumerate(study_datasets(study)):
        ds.ConvolutionKernel = kernel
        files.append(folder / f"{seed}-{k:03d}.dcm")
        ds.save_as(files[-1], enforce_file_format=True)
    return analyse_series([str(f) for f in files], model)


@pytest.fixture(scope="module")
def normal(model: NoduleModel, tmp_path_factory: pytest.TempPathFactory) -> list[SeriesAnalysis]:
    """The site's first 15 series: the reference (10) and 5 in the window."""
    folder = tmp_path_factory.mktemp("normal")
    return [
        _analyse(model, folder, 5100 + n, NORMAL_THICKNESS_MM[n % 3])
        for n in range(SETTINGS.reference_series + 5)
    ]


def test_the_normal_series_are_within_the_validation_and_raise_no_drift(
    normal: list[SeriesAnalysis], tmp_path: Path
) -> None:
    db = open_database(tmp_path / "catalogue.duckdb")
    for n, analysis in enumerate(normal):
        assert analysis.validation_warnings == (), analysis.validation_warnings
        record(db, analysis, n)
    rows = db.query_dicts("SELECT noise_hu, slice_thickness_mm, kernel FROM series_monitoring")
    assert len(rows) == len(normal)
    assert all(5.0 <= r["noise_hu"] <= 26.0 for r in rows)
    assert {r["slice_thickness_mm"] for r in rows} == set(NORMAL_THICKNESS_MM)
    (report,) = drift_report(db, SETTINGS)
    assert report.state == "ok", report.to_json()


@pytest.mark.parametrize(
    ("drift", "flagged_by"),
    [
        ({"thickness_mm": 8.0}, "outside_validation"),
        ({"thickness_mm": 2.5, "kernel": "B70f", "extra_noise_hu": 60.0}, "outside_validation"),
    ],
    ids=["8-mm-slices", "sharp-kernel"],
)
def test_a_changed_site_is_warned_per_series_and_flagged_as_drift(
    model: NoduleModel,
    normal: list[SeriesAnalysis],
    tmp_path: Path,
    drift: dict[str, object],
    flagged_by: str,
) -> None:
    db = open_database(tmp_path / "catalogue.duckdb")
    for n, analysis in enumerate(normal):
        record(db, analysis, n)
    for k in range(1, PROMISED + 1):
        thickness = float(drift["thickness_mm"])  # type: ignore[arg-type]
        keywords = {key: v for key, v in drift.items() if key != "thickness_mm"}
        changed = _analyse(model, tmp_path, 5200 + k, thickness, **keywords)  # type: ignore[arg-type]
        assert changed.validation_warnings, "a series outside the validation is warned at once"
        record(db, changed, len(normal) + k)
        (report,) = drift_report(db, SETTINGS)
        if report.state == "drift":
            break
    assert report.state == "drift", report.to_json()
    assert flagged_by in report.flagged
    assert k <= PROMISED
