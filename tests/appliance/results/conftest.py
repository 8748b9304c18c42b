"""Fixtures for the results tests: a real CT series, hand-made analyses of it, a data folder.

The images are 20 consecutive slices of the real Lung-PET-CT-Dx chest CT in ``../shared``
(read in place, never copied). The analyses are what the analysis pipeline would return for
them: findings with measurements and spherical masks cropped on the series' own grid. Each
test that publishes gets its own data folder (``layout``) and catalogue (``db``) under tmp_path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pydicom
import pytest

from appliance.catalogue.database import Database, open_database
from appliance.findings import Finding, FindingMask, SeriesAnalysis
from appliance.layout import DataLayout

SLICES = 20


@dataclasses.dataclass(frozen=True)
class CtSeries:
    files: tuple[str, ...]
    sop_uids: tuple[str, ...]
    study_uid: str
    series_uid: str
    patient_id: str
    positions: tuple[tuple[float, float, float], ...]
    spacing: tuple[float, float]


@pytest.fixture(scope="session")
def ct_series() -> CtSeries:
    folder = (
        Path(__file__).resolve().parents[3].parent
        / "shared"
        / "realdata"
        / "lung-pet-ct-dx-A0001"
        / "ct"
    )
    if not folder.is_dir():
        pytest.skip(f"real CT not found at {folder}")
    headers = [pydicom.dcmread(p, stop_before_pixels=True) for p in sorted(folder.glob("*.dcm"))]
    headers.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    chosen = headers[20 : 20 + SLICES]
    first = chosen[0]
    return CtSeries(
        files=tuple(str(d.filename) for d in chosen),
        sop_uids=tuple(str(d.SOPInstanceUID) for d in chosen),
        study_uid=str(first.StudyInstanceUID),
        series_uid=str(first.SeriesInstanceUID),
        patient_id=str(first.PatientID),
        positions=tuple(tuple(float(v) for v in d.ImagePositionPatient) for d in chosen),  # type: ignore[misc]
        spacing=(float(first.PixelSpacing[0]), float(first.PixelSpacing[1])),
    )


def sphere(radius_vox: tuple[int, int, int]) -> np.ndarray:
    rz, ry, rx = radius_vox
    z, y, x = np.ogrid[-rz : rz + 1, -ry : ry + 1, -rx : rx + 1]
    return (z / max(rz, 0.5)) ** 2 + (y / ry) ** 2 + (x / rx) ** 2 <= 1.0


def make_finding(
    series: CtSeries,
    finding_id: str,
    offset: tuple[int, int, int],
    mask: np.ndarray,
    **changes: object,
) -> Finding:
    """A finding whose centre lies at the middle of its mask, in patient coordinates."""
    cz, cy, cx = (o + s // 2 for o, s in zip(offset, mask.shape, strict=True))
    x0, y0, _ = series.positions[cz]
    centre = (x0 + cx * series.spacing[1], y0 + cy * series.spacing[0], series.positions[cz][2])
    values: dict[str, object] = {
        "finding_id": finding_id,
        "kind": "nodule",
        "lobe": "RUL",
        "long_axis_mm": 12.4,
        "short_axis_mm": 9.1,
        "diameter_mm": 10.8,
        "volume_mm3": 612.5,
        "mean_hu": -35.2,
        "attenuation": "solid",
        "solid_component_mm": None,
        "margin": "spiculated",
        "calcified": False,
        "lung_rads": "4A",
        "confidence": 0.91,
        "center_mm": centre,
        "side": "right",
        "track_id": None,
    }
    values.update(changes)
    return Finding(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def analysis_with_findings(ct_series: CtSeries) -> SeriesAnalysis:
    small = sphere((1, 5, 5))
    large = sphere((4, 20, 24))
    findings = (
        make_finding(
            ct_series, f"{ct_series.series_uid}.1", (3, 200, 150), small, track_id="T-0001"
        ),
        make_finding(
            ct_series,
            f"{ct_series.series_uid}.2",
            (8, 260, 330),
            large,
            kind="mass",
            lobe="LLL",
            long_axis_mm=41.0,
            short_axis_mm=33.5,
            diameter_mm=37.3,
            volume_mm3=24100.0,
            mean_hu=28.0,
            attenuation="part-solid",
            solid_component_mm=21.0,
            margin="lobulated",
            calcified=True,
            lung_rads="4B",
            side="left",
        ),
    )
    masks = (
        FindingMask(f"{ct_series.series_uid}.1", (3, 200, 150), small),
        FindingMask(f"{ct_series.series_uid}.2", (8, 260, 330), large),
    )
    return SeriesAnalysis(
        study_uid=ct_series.study_uid,
        series_uid=ct_series.series_uid,
        patient_id=ct_series.patient_id,
        model_name="scanside-nodule-unet",
        model_version="1.2.0",
        findings=findings,
        lung_rads="4B",
        source_files=ct_series.files,
        source_sop_instance_uids=ct_series.sop_uids,
        masks=masks,
    )


@pytest.fixture(scope="session")
def analysis_follow_up(analysis_with_findings: SeriesAnalysis) -> SeriesAnalysis:
    """The same analysis as a follow-up: its first finding grew since a prior a year earlier."""
    grown = dataclasses.replace(
        analysis_with_findings.findings[0],
        follow_up="growing", prior_finding_id="PRIOR.1", prior_study_uid="1.2.826.0.1.3680043.99.1",
        prior_diameter_mm=8.9, interval_days=371, growth_mm=1.9, volume_change_pct=74.6,
        volume_doubling_days=462.5, lung_rads="4B",
    )  # fmt: skip
    new = dataclasses.replace(analysis_with_findings.findings[1], follow_up="new")
    comparison = {
        "priors": ["1.2.826.0.1.3680043.99.1"], "prior_study_uid": "1.2.826.0.1.3680043.99.1",
        "prior_series_uid": "1.2.826.0.1.3680043.99.2", "prior_study_date": "2025-03-04",
        "interval_days": 371, "matched": 1, "new": 1, "resolved": [],
    }  # fmt: skip
    return dataclasses.replace(analysis_with_findings, findings=(grown, new), comparison=comparison)


@pytest.fixture(scope="session")
def analysis_without_findings(ct_series: CtSeries) -> SeriesAnalysis:
    return SeriesAnalysis(
        study_uid=ct_series.study_uid,
        series_uid=ct_series.series_uid,
        patient_id=ct_series.patient_id,
        model_name="scanside-nodule-unet",
        model_version="1.2.0",
        findings=(),
        lung_rads="1",
        source_files=ct_series.files,
        source_sop_instance_uids=ct_series.sop_uids,
    )


@pytest.fixture
def layout(tmp_path: Path) -> DataLayout:
    return DataLayout.at(tmp_path / "data").create()


@pytest.fixture
def db(layout: DataLayout) -> Iterator[Database]:
    with open_database(layout.catalogue) as database:
        yield database
