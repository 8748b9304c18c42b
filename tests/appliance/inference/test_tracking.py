"""Aligning a prior scan's findings to the current ones and matching them (tracking.py)."""

from __future__ import annotations

import numpy as np

from appliance.inference.tracking import align, match, volume_doubling_days

PRIOR = [(-80.0, 20.0, -150.0), (70.0, -10.0, -100.0), (-60.0, 40.0, -60.0), (50.0, 30.0, -190.0)]


def _moved(points: list[tuple[float, float, float]], shift: tuple[float, float, float]) -> list:
    return [tuple(np.add(p, shift)) for p in points]


def test_a_table_shift_is_recovered_from_the_findings() -> None:
    current = _moved(PRIOR, (4.0, -12.0, 35.0))
    found = match(current, PRIOR)
    assert found.alignment.method == "findings" and found.alignment.agreeing == 4
    assert np.allclose(found.alignment.offset, (4.0, -12.0, 35.0))
    assert found.pairs == ((0, 0), (1, 1), (2, 2), (3, 3)) and not found.new and not found.resolved


def test_new_and_resolved_findings() -> None:
    current = [*_moved(PRIOR[:3], (0.0, 0.0, 20.0)), (0.0, -30.0, -120.0)]
    found = match(current, PRIOR)
    assert found.pairs == ((0, 0), (1, 1), (2, 2))
    assert found.new == (3,) and found.resolved == (3,)


def test_one_finding_each_is_aligned_by_the_lungs() -> None:
    """With a single finding the findings cannot say how the patient moved; the lungs can."""
    prior_lungs = ((-150.0, -100.0, -250.0), (150.0, 80.0, -20.0))
    current_lungs = ((-150.0, -100.0, -210.0), (150.0, 80.0, 20.0))  # table moved 40 mm
    current = [(-80.0, 20.0, -110.0)]
    assert match(current, [PRIOR[0]]).pairs == ()  # 40 mm apart without alignment
    found = match(current, [PRIOR[0]], current_lungs=current_lungs, prior_lungs=prior_lungs)
    assert found.alignment.method == "lungs" and found.pairs == ((0, 0),)


def test_breathing_scales_along_z_with_the_lungs() -> None:
    prior_lungs = ((-150.0, -100.0, -250.0), (150.0, 80.0, 0.0))
    current_lungs = ((-150.0, -100.0, -237.5), (150.0, 80.0, 0.0))  # bases 12.5 mm higher
    alignment = align([], [], current_lungs=current_lungs, prior_lungs=prior_lungs)
    assert np.isclose(alignment.scale[2], 0.95)
    mapped = alignment.apply(np.array([[0.0, 0.0, -250.0], [0.0, 0.0, 0.0]]))
    assert np.allclose(mapped[:, 2], (-237.5, 0.0))


def test_far_apart_findings_never_match() -> None:
    assert match([(0.0, 0.0, 0.0)], [(0.0, 0.0, 30.0)], max_distance_mm=15.0).pairs == ()


def test_volume_doubling_time() -> None:
    assert volume_doubling_days(200.0, 100.0, 365) == 365.0
    assert volume_doubling_days(100.0, 100.0, 365) is None  # stable: no doubling time
    assert volume_doubling_days(80.0, 100.0, 365) is None
