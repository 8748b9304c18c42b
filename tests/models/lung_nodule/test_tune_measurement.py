"""Choosing measurement constants on the training patients: the model runs once per nodule,
each setting of a grid is measured against the readers, and a name that is no constant stops
the run before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.inference import margin, refine
from models.lung_nodule import tune_measurement
from models.lung_nodule.lidc import DEFAULT_ROOT, load_nodules

pytest.importorskip("nibabel")


def test_a_grid_names_constants_of_the_measurement_modules_only() -> None:
    with pytest.raises(tune_measurement.UnknownConstantError, match="NO_SUCH"):
        tune_measurement.set_constants({"refine.NO_SUCH": 1.0})
    with pytest.raises(tune_measurement.UnknownConstantError):
        tune_measurement.set_constants({"os.sep": 1.0})


def test_a_grid_may_set_the_margin_rules_constants() -> None:
    before = margin.THICK_SLICE_MM
    try:
        tune_measurement.set_constants({"margin.THICK_SLICE_MM": 0.5})
        assert margin.counted_in_plane((1.0, 0.7, 0.7))
    finally:
        margin.THICK_SLICE_MM = before


def test_a_grid_is_every_combination_of_its_values() -> None:
    settings = tune_measurement.grid_settings({"refine.A": [1, 2], "measure.B": [3, 4, 5]})
    assert len(settings) == 6
    assert {"refine.A": 2, "measure.B": 5} in settings


@pytest.mark.slow
@pytest.mark.skipif(
    not (DEFAULT_ROOT / "nodules.csv").is_file(), reason=f"LIDC crops not found at {DEFAULT_ROOT}"
)
def test_the_edge_moves_the_diameters_against_the_readers(tmp_path: Path) -> None:
    chosen = refine.EDGE_FRACTION
    nodules = [n for n in load_nodules(split="train") if n.equivalent_diameter_mm >= 6][:4]
    for nodule in nodules:
        tune_measurement.cache_nodule((nodule, tmp_path))
    files = sorted(tmp_path.glob("*.npz"))
    assert len(files) == 4
    try:
        outer, inner = (
            tune_measurement.agreement(({"refine.EDGE_FRACTION": edge}, files))
            for edge in (0.2, 0.8)
        )
    finally:
        refine.EDGE_FRACTION = chosen
    assert outer["found"] == inner["found"] > 0
    # an edge nearer the lung draws larger masks, and so larger diameters than the readers'
    assert outer["signed_median_diameter_error_mm"] > inner["signed_median_diameter_error_mm"]
