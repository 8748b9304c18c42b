"""A follow-up rendered at a different inspiration: image and truth scaled alike about the apex."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from appliance.cli import main
from appliance.simulate import SimulatedStudy
from appliance.simulate.followup import (
    BREATHING_XY,
    BREATHING_Z,
    FollowUpTruth,
    simulate_follow_up,
)

SMALL = {"rows": 128, "pixel_spacing_mm": 2.8, "slice_thickness_mm": 2.5, "nodules": 4}
SEED = 930011
Pair = tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth]


def _render(**options: object) -> Pair:
    return simulate_follow_up(SEED, new_nodules=1, **SMALL, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def still() -> Pair:
    return _render()


@pytest.fixture(scope="module")
def breathed() -> Pair:
    return _render(breathing_scale=(1.02, 1.02, 0.95))


def test_without_the_flag_nothing_is_scaled(still: Pair) -> None:
    assert still[2].breathing_scale == (1.0, 1.0, 1.0)
    assert still[2].breathing_centre_mm is None


def test_truth_positions_move_as_the_scale_says_about_the_apex(still: Pair, breathed: Pair) -> None:
    truth = breathed[2]
    assert truth.breathing_centre_mm is not None
    cx, cy, apex = truth.breathing_centre_mm
    assert apex == pytest.approx(still[1].anatomy.apex_z + truth.shift_mm[2])
    for before, after in zip(still[1].nodules, breathed[1].nodules, strict=True):
        x, y, z = before.center_mm
        assert after.center_mm == pytest.approx(
            (cx + 1.02 * (x - cx), cy + 1.02 * (y - cy), apex + 0.95 * (z - apex))
        )
        assert after.center_mm == pytest.approx(truth.breathe(before.center_mm))


def test_the_nodules_keep_their_size_so_growth_is_the_fates(still: Pair, breathed: Pair) -> None:
    for before, after in zip(still[1].nodules, breathed[1].nodules, strict=True):
        assert (after.diameter_mm, after.volume_mm3) == (before.diameter_mm, before.volume_mm3)


def test_a_nodule_below_the_apex_moves_towards_it_when_z_shrinks(
    still: Pair, breathed: Pair
) -> None:
    apex = breathed[2].breathing_centre_mm[2]  # type: ignore[index]
    for before, after in zip(still[1].nodules, breathed[1].nodules, strict=True):
        assert abs(after.center_mm[2] - apex) == pytest.approx(
            0.95 * abs(before.center_mm[2] - apex)
        )


def test_each_rendered_nodule_is_where_the_breathed_truth_says(breathed: Pair) -> None:
    follow = breathed[1]
    assert follow.nodules
    for nodule in follow.nodules:
        index = np.rint(follow.geometry.to_index(nodule.center_mm)).astype(int)
        assert follow.labels[tuple(index)] == nodule.index
        painted = np.argwhere(follow.labels == nodule.index)
        centroid = follow.geometry.to_patient(tuple(painted.mean(axis=0)))
        assert np.linalg.norm(np.subtract(centroid, nodule.center_mm)) < 2.0
        shown = float(follow.volume_hu[follow.labels == nodule.index].mean())
        assert shown == pytest.approx(nodule.mean_hu, abs=120)  # the image shows it there too


def test_the_anatomy_is_scaled_too(still: Pair, breathed: Pair) -> None:
    """Lung voxels (air) shrink in number with a z scale of 0.95."""
    air_still = int((still[1].volume_hu < -600).sum())
    air_breathed = int((breathed[1].volume_hu < -600).sum())
    assert air_breathed < air_still


def test_the_drawn_breathing_is_seeded_and_within_its_ranges() -> None:
    first, again = _render(breathing=True), _render(breathing=True)
    x, y, z = first[2].breathing_scale
    assert BREATHING_XY[0] <= x == y <= BREATHING_XY[1]
    assert BREATHING_Z[0] <= z <= BREATHING_Z[1]
    assert first[2] == again[2]
    assert np.array_equal(first[1].volume_hu, again[1].volume_hu)


def test_an_in_plane_scale_must_be_the_same_in_x_and_y() -> None:
    with pytest.raises(ValueError, match="x and y alike"):
        _render(breathing_scale=(1.01, 0.99, 1.0))


def test_breathing_leaves_the_prior_and_the_other_draws_as_they_were(
    still: Pair, breathed: Pair
) -> None:
    assert np.array_equal(still[0].volume_hu, breathed[0].volume_hu)
    assert still[2].fates == breathed[2].fates
    assert still[2].shift_mm == breathed[2].shift_mm
    assert still[2].prior_index == breathed[2].prior_index


def test_the_command_renders_breathing_only_when_asked(tmp_path: Path) -> None:
    for flag, folder in (([], "still"), (["--breathing"], "breathed")):
        out = tmp_path / folder
        argv = ["simulate", "--out", str(out), "--seed", "930012", "--rows", "96", "--slices",
                "40", "--nodules", "1", "--follow-up", *flag]  # fmt: skip
        assert main(argv) == 0
        (relation_file,) = out.glob("*/follow_up.json")
        relation = json.loads(relation_file.read_text())
        scale = relation["breathing_scale"]
        assert (scale == [1.0, 1.0, 1.0]) == (not flag)
        assert (relation["breathing_centre_mm"] is None) == (not flag)
