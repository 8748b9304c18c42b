"""The validation envelope: the shipped manifest states it, and a series outside it is named,
input by input, in its analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appliance.errors import ModelError
from appliance.findings import SeriesAnalysis
from appliance.inference.acquisition import SeriesInputs
from appliance.inference.envelope import OUTSIDE_VALIDATION, ValidationEnvelope
from appliance.inference.pipeline import analyse_series
from appliance.inference.repository import ModelRepository
from appliance.simulate import simulate_study, study_datasets
from models.lung_nodule.manifest_writer import VALIDATION
from tests.appliance.inference.test_pipeline import OracleModel

MODELS = Path(__file__).resolve().parents[3] / "models"


def _inputs(**changes: object) -> SeriesInputs:
    base = {
        "manufacturer": "ScanSide",
        "manufacturer_model": "ScanSide chest CT simulator",
        "kernel": "LUNG",
        "slice_thickness_mm": 1.25,
        "slice_step_mm": 1.25,
        "pixel_spacing_mm": 0.7,
        "kvp": 120.0,
        "ctdi_vol_mgy": None,
        "noise_hu": 15.0,
        "lung_volume_ml": 4000.0,
    }
    return SeriesInputs(**(base | changes))  # type: ignore[arg-type]


def test_the_shipped_manifest_states_what_the_model_was_validated_on() -> None:
    envelope = ModelRepository(MODELS).get("lung_nodule").validation
    assert envelope is not None
    assert envelope.slice_thickness_mm is not None
    assert (envelope.slice_thickness_mm.low, envelope.slice_thickness_mm.high) == (0.625, 5.0)
    # the simulator's header and the one real series of the held-out evaluation
    assert envelope.kernels == ("LUNG", "L")
    assert envelope.manufacturers == ("ScanSide", "Philips")
    # the writer emits the same section the shipped manifest has
    shipped = json.loads((MODELS / "lung_nodule" / "manifest.json").read_text())
    assert shipped["validation"] == VALIDATION


def test_a_simulated_series_is_within_the_shipped_envelope() -> None:
    envelope = ValidationEnvelope.from_json(VALIDATION, "test")
    assert envelope.check(_inputs()) == ()
    assert envelope.check(_inputs(kernel="lung", noise_hu=5.9, slice_thickness_mm=5.0)) == ()


def test_each_input_outside_the_envelope_gets_its_own_sentence() -> None:
    envelope = ValidationEnvelope.from_json(VALIDATION, "test")
    warnings = envelope.check(
        _inputs(manufacturer="SIEMENS", kernel="B70f", slice_thickness_mm=8.0, noise_hu=60.0)
    )
    assert len(warnings) == 4
    assert all(w.startswith(OUTSIDE_VALIDATION) for w in warnings)
    text = " ".join(warnings)
    assert "slice thickness 8 mm is outside the 0.625-5 mm" in text
    assert "input noise 60 HU is outside the 5-48 HU" in text
    assert "'SIEMENS' was never seen in validation (ScanSide, Philips)" in text
    assert "'B70f'" in text


def test_a_missing_header_value_is_said_and_an_unmeasured_noise_too() -> None:
    envelope = ValidationEnvelope.from_json(VALIDATION, "test")
    warnings = envelope.check(_inputs(kernel=None, kvp=None, noise_hu=0.0))
    assert len(warnings) == 3
    assert any("does not state its reconstruction kernel" in w for w in warnings)
    assert any("could not be measured" in w for w in warnings)


@pytest.mark.parametrize(
    "section",
    [{"slice_thickness_mm": [5.0, 1.0]}, {"kvp": "120"}, {"kernels": "LUNG"}, []],
)
def test_a_malformed_section_is_refused_naming_the_field(section: object) -> None:
    with pytest.raises(ModelError, match="test"):
        ValidationEnvelope.from_json(section, "test")  # type: ignore[arg-type]


def _analyse(tmp_path: Path, *, kernel: str, thickness: float) -> SeriesAnalysis:
    study = simulate_study(
        31, slices=24, slice_thickness_mm=thickness, rows=256, pixel_spacing_mm=0.8, nodules=1
    )
    files = []
    for k, ds in enumerate(study_datasets(study)):
        ds.ConvolutionKernel = kernel
        files.append(tmp_path / f"{kernel}-{k:03d}.dcm")
        ds.save_as(files[-1], enforce_file_format=True)
    model = OracleModel(study)
    model.validation = ValidationEnvelope.from_json(VALIDATION, "test")  # type: ignore[attr-defined]
    return analyse_series([str(f) for f in files], model)


def test_the_analysis_records_its_inputs_and_warns_at_once_when_outside(tmp_path: Path) -> None:
    within = _analyse(tmp_path, kernel="LUNG", thickness=2.5)
    assert within.validation_warnings == ()
    assert within.to_json()["validation"] == {"within": True, "warnings": []}
    inputs = within.to_json()["inputs"]
    assert inputs["manufacturer"] == "ScanSide"
    assert inputs["kernel"] == "LUNG"
    assert inputs["slice_thickness_mm"] == 2.5
    assert inputs["pixel_spacing_mm"] == 0.8
    assert inputs["kvp"] == 120.0
    assert inputs["noise_hu"] == within.preprocessing["input_noise_hu"]
    assert inputs["lung_volume_ml"] > 0

    outside = _analyse(tmp_path, kernel="B70f", thickness=8.0)
    warnings = outside.to_json()["validation"]["warnings"]
    assert outside.to_json()["validation"]["within"] is False
    assert any("kernel 'B70f'" in w for w in warnings)
    assert any("slice thickness 8 mm" in w for w in warnings)
