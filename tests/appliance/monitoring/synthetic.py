"""Cheap synthetic analyses of a simulated site, for drift tests that need hundreds of series.

Full analyses of 200 series take too long for a test on this 2-core machine, so these stand in
for them: the inputs are drawn as the simulator draws them (slice thickness from
``THICKNESSES_MM``, pixel spacing 0.6-0.9 mm, its header's manufacturer, kernel and kVp) with
the input noise the pipeline measures on such renders (measured 2026-12-05 on seed 900001,
``docs/drift.md``), and the outputs as a count of findings per scan (0-4 drawn nodules plus the
model's false findings: Poisson, mean 1.5) with confidences spread over 0-1. They go through the
same ``record_analysis`` as a real analysis, into a real DuckDB catalogue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from appliance.catalogue.database import Database
from appliance.catalogue.findings import record_analysis
from appliance.config import TriageConfig
from appliance.findings import Finding, SeriesAnalysis
from appliance.inference.acquisition import SeriesInputs
from appliance.inference.envelope import ValidationEnvelope
from appliance.simulate.study import THICKNESSES_MM
from models.lung_nodule.manifest_writer import VALIDATION

NOISE_BY_THICKNESS = {0.625: 22.6, 1.0: 18.5, 1.25: 16.1, 2.0: 12.5, 2.5: 10.5, 3.0: 9.4, 5.0: 6.0}
"""Input noise (HU) the pipeline measures on simulator renders of each thickness (0.625, 1.25,
2.5 and 5 mm measured on seed 900001 at 0.6 and 0.9 mm pixels; 1, 2 and 3 mm interpolated)."""
ENVELOPE = ValidationEnvelope.from_json(VALIDATION, "shipped")
LUNG_RADS = ("1", "2", "3", "4A", "4B", "4X")
SCREENING_SHARES = (0.27, 0.60, 0.08, 0.03, 0.015, 0.005)
"""A screening site's series categories (about NLST's baseline round: 13 % category 3 or
above); the normal stream's Lung-RADS."""
START = datetime(2026, 12, 1, 8, 0)


def _finding(series: str, n: int, confidence: float) -> Finding:
    return Finding(
        finding_id=f"{series}.{n}", kind="nodule", lobe="RUL", long_axis_mm=6.0,
        short_axis_mm=5.0, diameter_mm=5.5, volume_mm3=80.0, mean_hu=20.0, attenuation="solid",
        solid_component_mm=None, margin="smooth", calcified=False, lung_rads="2",
        confidence=confidence, center_mm=(0.0, 0.0, 0.0),
    )  # fmt: skip


def synthetic_analysis(
    rng: np.random.Generator,
    number: int,
    *,
    thickness_mm: float | None = None,
    kernel: str = "LUNG",
    extra_noise_hu: float = 0.0,
    findings_mean: float = 1.5,
    lung_rads_shares: tuple[float, ...] = SCREENING_SHARES,
) -> SeriesAnalysis:
    """One analysed series of the simulated site (the keywords make a drift). The category is
    drawn from a child of ``rng`` (``spawn``), so the other draws are those of the streams the
    figures in docs/drift.md were measured on."""
    thickness = thickness_mm or float(rng.choice(THICKNESSES_MM))
    base = NOISE_BY_THICKNESS.get(thickness, 6.0 * np.sqrt(5.0 / thickness))
    noise = float(np.hypot(base * rng.uniform(0.95, 1.05), extra_noise_hu))
    inputs = SeriesInputs(
        manufacturer="ScanSide", manufacturer_model="ScanSide chest CT simulator",
        kernel=kernel, slice_thickness_mm=thickness, slice_step_mm=thickness,
        pixel_spacing_mm=round(float(rng.uniform(0.6, 0.9)), 4), kvp=120.0, ctdi_vol_mgy=None,
        noise_hu=round(noise, 1), lung_volume_ml=round(float(rng.uniform(3000, 6000)), 1),
    )  # fmt: skip
    series = f"SYN{number:05d}"
    findings = tuple(
        _finding(series, n + 1, float(rng.uniform(0.05, 1.0)))
        for n in range(int(rng.poisson(findings_mean)))
    )
    category = str(rng.spawn(1)[0].choice(LUNG_RADS, p=lung_rads_shares))
    return SeriesAnalysis(
        study_uid=f"STSYN{number:05d}", series_uid=series, patient_id=f"P{number}",
        model_name="lung_nodule", model_version="0.2.3", findings=findings, lung_rads=category,
        timings_s={"predict": 20.0}, inputs=inputs.to_json(),
        validation_warnings=ENVELOPE.check(inputs),
    )  # fmt: skip


def record(db: Database, analysis: SeriesAnalysis, number: int) -> None:
    """Record it as analysed ``number`` minutes after :data:`START`."""
    record_analysis(db, analysis, TriageConfig(), now=START + timedelta(minutes=number))
