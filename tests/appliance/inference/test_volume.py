"""Volume assembly from a real scanner's series: slice order, HU, geometry checks, resampling.

Uses the real Lung-PET-CT-Dx series (64 axial slices, 5 mm, 0.84 mm pixels) from ../shared;
broken series are made from copies of its files.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import generate_uid

from appliance.errors import VolumeError
from appliance.inference.volume import assemble_volume, resample, resampled_shape


@pytest.fixture
def series(realdata_ct: Path, tmp_path: Path) -> list[Path]:
    """The real series copied to a temporary folder under shuffled names."""
    files = sorted(realdata_ct.glob("*.dcm"))
    random.Random(7).shuffle(files)
    copies = []
    for n, f in enumerate(files):
        copy = tmp_path / f"img{n:03d}.dcm"
        shutil.copyfile(f, copy)
        copies.append(copy)
    return copies


def _z(path: str | Path) -> float:
    return float(pydicom.dcmread(path, stop_before_pixels=True).ImagePositionPatient[2])


def test_shuffled_slices_are_sorted_along_the_normal(series: list[Path]) -> None:
    volume = assemble_volume(series)
    assert volume.hu.shape == (64, 512, 512)
    assert volume.spacing_mm == pytest.approx((5.0, 0.841796875, 0.841796875))
    z = [_z(f) for f in volume.files]
    assert z == sorted(z)
    assert np.allclose(np.diff(z), 5.0)
    for k in (0, 31, 63):  # the affine places every slice where its header says
        ds = pydicom.dcmread(volume.files[k], stop_before_pixels=True)
        position = [float(v) for v in ds.ImagePositionPatient]
        assert np.allclose(volume.to_patient([k, 0, 0]), position)
        assert volume.sop_instance_uids[k] == ds.SOPInstanceUID


def test_pixels_are_rescaled_to_hounsfield_units(series: list[Path]) -> None:
    volume = assemble_volume(series)
    ds = pydicom.dcmread(volume.files[20])
    expected = ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    assert np.array_equal(volume.hu[20], expected.astype(np.float32))
    air = volume.hu[20, :10, :10]  # outside the patient
    assert float(air.mean()) < -900


def test_a_missing_slice_is_a_gap_not_a_thinner_volume(series: list[Path]) -> None:
    middle = sorted(series, key=_z)[30]
    with pytest.raises(VolumeError, match=r"1 slice\(s\) missing"):
        assemble_volume([f for f in series if f != middle])


def test_a_slice_from_another_series_is_refused(series: list[Path], tmp_path: Path) -> None:
    ds = pydicom.dcmread(series[0])
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    stranger = tmp_path / "stranger.dcm"
    ds.save_as(stranger)
    with pytest.raises(VolumeError, match="belong to 2 series"):
        assemble_volume([*series, stranger])


def test_a_duplicate_position_is_refused(series: list[Path], tmp_path: Path) -> None:
    ds = pydicom.dcmread(series[5])
    ds.SOPInstanceUID = generate_uid()
    twin = tmp_path / "twin.dcm"
    ds.save_as(twin)
    with pytest.raises(VolumeError, match="same position"):
        assemble_volume([*series, twin])


def test_a_localizer_is_left_out_and_said_so(series: list[Path], tmp_path: Path) -> None:
    ds = pydicom.dcmread(series[0])
    ds.SOPInstanceUID = generate_uid()
    ds.ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]  # a coronal scout
    scout = tmp_path / "scout.dcm"
    ds.save_as(scout)
    volume = assemble_volume([*series, scout])
    assert volume.hu.shape[0] == 64
    assert len(volume.excluded) == 1 and "localizer" in volume.excluded[0]


def test_a_slice_with_other_orientation_is_refused(series: list[Path], tmp_path: Path) -> None:
    ds = pydicom.dcmread(series[0])
    ds.SOPInstanceUID = generate_uid()
    ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
    odd = tmp_path / "odd.dcm"
    ds.save_as(odd)
    with pytest.raises(VolumeError, match="orientation"):
        assemble_volume([*series, odd])


def test_too_few_slices(series: list[Path]) -> None:
    with pytest.raises(VolumeError, match="at least 3"):
        assemble_volume(series[:2])


def test_resampling_keeps_positions_and_comes_back() -> None:
    spacing, target = (5.0, 0.8, 0.8), (1.0, 1.0, 1.0)
    k, j, i = np.meshgrid(np.arange(12), np.arange(40), np.arange(30), indexing="ij")
    # a linear function of position in mm is reproduced exactly by linear interpolation
    field = (k * spacing[0] * 0.5 + j * spacing[1] * 2.0 - i * spacing[2]).astype(np.float32)
    fine = resample(field, spacing, target)
    assert fine.shape == resampled_shape(field.shape, spacing, target) == (56, 32, 24)
    kk, jj, ii = np.meshgrid(*(np.arange(n) for n in fine.shape), indexing="ij")
    assert np.allclose(fine, kk * 0.5 + jj * 2.0 - ii, atol=1e-3)
    back = resample(fine, target, spacing, shape=field.shape)
    inside = np.s_[:11, :39, :29]  # the last source voxels lie beyond the fine grid's extent
    assert np.allclose(back[inside], field[inside], atol=1e-3)
