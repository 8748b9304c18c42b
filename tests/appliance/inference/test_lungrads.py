"""Lung-RADS v2022 baseline categories, row by row of the ACR table (docs/analysis.md)."""

from __future__ import annotations

import pytest

from appliance.findings import highest_lung_rads
from appliance.inference.lungrads import categorise


@pytest.mark.parametrize(
    ("diameter", "expected"),
    [
        (3.0, "2"),
        (5.9, "2"),
        (6.0, "3"),
        (7.9, "3"),
        (8.0, "4A"),
        (14.9, "4A"),
        (15.0, "4B"),
        (42.0, "4B"),
    ],
)
def test_solid_nodules_by_mean_diameter(diameter: float, expected: str) -> None:
    assert categorise("solid", diameter) == expected


def test_sizes_are_rounded_to_a_tenth_before_comparing() -> None:
    assert categorise("solid", 5.96) == "3"  # 6.0 mm after rounding
    assert categorise("solid", 5.94) == "2"


@pytest.mark.parametrize(
    ("diameter", "solid", "expected"),
    [
        (5.9, 4.0, "2"),  # small part-solid
        (6.0, 3.0, "3"),  # >= 6 mm with a solid component < 6 mm
        (12.0, 5.9, "3"),
        (12.0, 6.0, "4A"),  # solid component 6 to < 8 mm
        (12.0, 7.9, "4A"),
        (14.0, 8.0, "4B"),  # solid component >= 8 mm
    ],
)
def test_part_solid_nodules_by_total_size_and_solid_component(
    diameter: float, solid: float, expected: str
) -> None:
    assert categorise("part-solid", diameter, solid_component_mm=solid) == expected


@pytest.mark.parametrize(
    ("diameter", "expected"), [(8.0, "2"), (29.9, "2"), (30.0, "3"), (45.0, "3")]
)
def test_ground_glass_nodules(diameter: float, expected: str) -> None:
    assert categorise("ground-glass", diameter) == expected


def test_calcified_nodules_are_benign() -> None:
    assert categorise("solid", 18.0, calcified=True) == "1"


@pytest.mark.parametrize(
    ("attenuation", "diameter", "expected"),
    [("solid", 6.5, "4X"), ("solid", 10.0, "4X"), ("solid", 20.0, "4X"), ("solid", 4.0, "2")],
)
def test_spiculation_raises_category_3_and_4_to_4x(
    attenuation: str, diameter: float, expected: str
) -> None:
    assert categorise(attenuation, diameter, margin="spiculated") == expected


def test_unknown_attenuation_is_an_error() -> None:
    with pytest.raises(ValueError, match="attenuation"):
        categorise("fatty", 5.0)


def test_the_study_takes_its_highest_category() -> None:
    assert highest_lung_rads(["2", "4A", "3"]) == "4A"
    assert highest_lung_rads(["4B", "4X"]) == "4X"
    assert highest_lung_rads([]) == "1"
