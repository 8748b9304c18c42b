"""Rebinning a series into thick slabs (:mod:`appliance.simulate.thick`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appliance.inference.volume import assemble_volume
from appliance.simulate import simulate_study
from appliance.simulate.dicom_writer import write_series
from appliance.simulate.thick import rebin_series, slab_weights


def test_each_slab_averages_the_slices_it_covers_by_their_overlap() -> None:
    weights = slab_weights(8, 5.0, 8.0)  # 40 mm of 5 mm slices -> five 8 mm slabs

    assert weights.shape == (5, 8)
    assert weights.sum(axis=1) == pytest.approx(np.ones(5))
    # the first slab is slice 0 (5 mm) and 3 mm of slice 1
    assert weights[0, :2] == pytest.approx([5 / 8, 3 / 8])
    assert weights[0, 2:] == pytest.approx(np.zeros(6))


def test_too_few_slices_for_one_slab_is_refused() -> None:
    with pytest.raises(ValueError, match=r"do not fill one 10\.0 mm slab"):
        slab_weights(1, 5.0, 10.0)


def test_a_rebinned_series_has_slabs_8_mm_apart_and_keeps_the_mean_hu(tmp_path: Path) -> None:
    study = simulate_study(3, slices=40, slice_thickness_mm=2.0, rows=96, nodules=1)
    source = sorted(write_series(study, tmp_path / "thin").glob("*.dcm"))

    written = rebin_series(source, 8.0, tmp_path / "thick")
    thin, thick = assemble_volume(source), assemble_volume(written)

    assert len(written) == 10
    assert thick.spacing_mm[0] == pytest.approx(8.0)
    assert thick.series_uid != thin.series_uid
    assert float(thick.hu.mean()) == pytest.approx(float(thin.hu.mean()), abs=1.0)
    # the first slab's centre lies 4 mm above the first thin slice's lower face
    assert thick.affine[2, 3] == pytest.approx(thin.affine[2, 3] - 1.0 + 4.0, abs=1e-3)
