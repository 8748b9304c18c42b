"""The same simulated patient scanned again later: nodules grown, shrunk, gone or new, known truth.

``scanside simulate --follow-up`` and ``bench/followup_matching.py`` call
:func:`simulate_follow_up`. The follow-up keeps the prior's anatomy (the same seed draws the same
lungs, vessels and airways), moves the patient in the scanner by ``shift_mm`` (a different table
position: every patient coordinate of the follow-up is the prior's plus the shift), repaints
each prior nodule at its place, scaled by its fate, adds new nodules, and draws fresh noise.
:class:`FollowUpTruth` says which follow-up nodule is which prior one.

With ``breathing=True`` the follow-up is also rendered at a different inspiration: the anatomy
(body, lungs, vessels, airways) is scaled along z about the lung apex by a factor drawn per pair
(0.95-1.05) and in-plane about the lungs' centre by a smaller one (0.98-1.02), drawn
analytically on the scaled grid (nothing interpolated); each nodule's centre moves with it, and
the truth's centres are the moved ones (:meth:`FollowUpTruth.breathe`). The nodules themselves
keep their size and shape: a solid lesion hardly deforms with inspiration, so the truth's sizes
and the growth stay as the fates say. The draws come from a generator of their own, so without
the flag (the default) every seed renders exactly as before. A linear scale is the first-order
effect of inspiration (the bases move, the apex hardly); the local deformation of real
breathing is not rendered. Nor are changes of attenuation (a ground-glass nodule gaining a
solid core).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.simulate.nodules import NoduleTruth, draw_diameter, sample_shape
from appliance.simulate.study import (
    SimulatedStudy,
    _add_noise,
    _nodule_truth,
    _paint,
    _place,
    breathing_centre,
    patient_and_background,
    render_study,
)

__all__ = ["FATES", "FollowUpTruth", "simulate_follow_up"]

FATES = ("stable", "grown", "shrunk", "gone")
_FATE_P = (0.5, 0.3, 0.1, 0.1)
BREATHING_Z = (0.95, 1.05)
"""Range of the follow-up's z scale about the lung apex (``breathing=True``)."""
BREATHING_XY = (0.98, 1.02)
"""Range of its in-plane scale about the lungs' centre."""


@dataclasses.dataclass(frozen=True)
class FollowUpTruth:
    """How the follow-up relates to its prior."""

    interval_days: int
    shift_mm: tuple[float, float, float]
    fates: tuple[str, ...]
    """Per prior nodule (prior order): stable, grown, shrunk or gone."""
    prior_index: tuple[int | None, ...]
    """Per follow-up nodule (follow-up order): its prior nodule's index, None for a new one."""
    breathing_scale: tuple[float, float, float] = (1.0, 1.0, 1.0)
    """(x, y, z) scale of the follow-up's inspiration against the prior's, about
    :attr:`breathing_centre_mm`; (1, 1, 1) when breathing is not rendered."""
    breathing_centre_mm: tuple[float, float, float] | None = None
    """Follow-up patient mm of the fixed point (lungs' centre in-plane, apex along z)."""

    def breathe(self, point_mm: tuple[float, float, float]) -> tuple[float, float, float]:
        """Where a follow-up point of the patient at the prior's inspiration shows."""
        if self.breathing_centre_mm is None:
            return point_mm
        return _breathe(point_mm, self.breathing_scale, self.breathing_centre_mm)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _factor(rng: np.random.Generator, fate: str, diameter: float) -> float:
    if fate == "grown":
        return (diameter + float(rng.uniform(1.6, 4.0))) / diameter
    if fate == "shrunk":
        return float(rng.uniform(0.7, 0.9))
    return 1.0


def _breathe(
    point: tuple[float, float, float],
    scale: tuple[float, float, float],
    centre: tuple[float, float, float],
) -> tuple[float, float, float]:
    x, y, z = (c + s * (p - c) for p, s, c in zip(point, scale, centre, strict=True))
    return (float(x), float(y), float(z))


def _point(values: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    return (float(values[0]), float(values[1]), float(values[2]))


def _draw_breathing(seed: int, visit: int) -> tuple[float, float, float]:
    """The pair's inspiration, from a generator of its own (the other draws stay as they were)."""
    rng = np.random.default_rng([seed, 19, visit, 2])
    xy, z = float(rng.uniform(*BREATHING_XY)), float(rng.uniform(*BREATHING_Z))
    return (round(xy, 4), round(xy, 4), round(z, 4))


def _scaled_truth(
    old: NoduleTruth, factor: float, index: int, center: npt.NDArray[np.float64], mean_hu: float
) -> NoduleTruth:
    solid = old.solid_component_mm
    return dataclasses.replace(
        old, index=index, center_mm=(float(center[0]), float(center[1]), float(center[2])),
        diameter_mm=round(old.diameter_mm * factor, 2),
        long_axis_mm=round(old.long_axis_mm * factor, 2),
        short_axis_mm=round(old.short_axis_mm * factor, 2),
        volume_mm3=round(old.volume_mm3 * factor**3, 1),
        solid_component_mm=None if solid is None else round(solid * factor, 2),
        mean_hu=round(mean_hu, 1),
    )  # fmt: skip


def simulate_follow_up(
    seed: int,
    *,
    visit: int = 1,
    interval_days: int = 365,
    shift_mm: tuple[float, float, float] | None = None,
    new_nodules: int | None = None,
    breathing: bool = False,
    breathing_scale: tuple[float, float, float] | None = None,
    **render: Any,
) -> tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth]:
    """``(prior, follow-up, truth)`` for the study of ``seed`` (see the module doc).

    ``render`` takes :func:`appliance.simulate.study.render_study`'s keywords (the prior's, and
    the follow-up's geometry). ``shift_mm`` defaults to a draw of +-5 mm in-plane and +-20 mm
    along z; ``new_nodules`` to 0-2. ``breathing`` renders a different inspiration (see the
    module doc), drawn per seed unless ``breathing_scale`` (x, x, z) is given.
    """
    prior, shapes = render_study(seed, **render)
    rng = np.random.default_rng([seed, 19, visit])
    shift = shift_mm or (
        float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5)), float(rng.uniform(-20, 20))
    )  # fmt: skip
    keys = ("slices", "slice_thickness_mm", "pixel_spacing_mm", "rows", "vessel_hu",
            "fine_vessels_per_litre")  # fmt: skip
    background = {k: render[k] for k in keys if k in render}
    scale = breathing_scale or (_draw_breathing(seed, visit) if breathing else None)
    if scale is not None and scale[0] != scale[1]:
        raise ValueError('Argument "breathing_scale" must scale x and y alike: (s, s, z).')
    _, geometry, _, hu = patient_and_background(
        seed, shift_mm=shift, breathing=None if scale is None else (scale[0], scale[2]),
        **background,
    )  # fmt: skip
    fixed = breathing_centre(prior.anatomy)

    def breathe(point: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Where an anatomy point shows at the follow-up's inspiration (anatomy mm)."""
        if scale is None:
            return point
        return np.asarray(_breathe(_point(point), scale, fixed), dtype=np.float64)

    moved = geometry.shifted((-shift[0], -shift[1], -shift[2]))
    labels = np.zeros(geometry.shape, dtype=np.uint8)
    fates = tuple(str(rng.choice(FATES, p=_FATE_P)) for _ in shapes)
    truths: list[NoduleTruth] = []
    prior_index: list[int | None] = []
    taken: list[tuple[npt.NDArray[np.float64], float]] = []
    for old, shape, fate in zip(prior.nodules, shapes, fates, strict=True):
        center = np.asarray(old.center_mm, dtype=np.float64)
        taken.append((center, shape.reach_mm))
        if fate == "gone":
            continue
        factor = _factor(rng, fate, old.diameter_mm)
        index = len(truths) + 1
        shown = breathe(center)
        mean_hu = _paint(hu, labels, moved, shape=shape.scaled(factor), center=shown, index=index)
        truths.append(_scaled_truth(old, factor, index, shown + shift, mean_hu))
        prior_index.append(old.index)
    count = int(rng.integers(0, 3)) if new_nodules is None else new_nodules
    for _ in range(count):
        shape, axes = sample_shape(rng, draw_diameter(rng, False), False)
        placed = _place(rng, prior.anatomy, moved, shape.reach_mm, taken)
        if placed is None:
            continue
        taken.append((placed, shape.reach_mm))
        index = len(truths) + 1
        shown = breathe(placed)
        mean_hu = _paint(hu, labels, moved, shape=shape, center=shown, index=index)
        new = _nodule_truth(
            shape, axes, prior.anatomy, index=index, center=placed, mean_hu=mean_hu, shift_mm=shift
        )
        truths.append(dataclasses.replace(new, center_mm=_point(shown + np.asarray(shift))))
        prior_index.append(None)
    _add_noise(rng, hu, geometry.slice_thickness_mm)
    patient = dataclasses.replace(
        prior.patient, study_date=prior.patient.study_date + dt.timedelta(days=interval_days)
    )
    follow = dataclasses.replace(
        prior, geometry=geometry, volume_hu=np.clip(np.rint(hu), -1024, 3071).astype(np.int16),
        labels=labels, nodules=tuple(truths), patient=patient, visit=visit,
    )  # fmt: skip
    centre = None if scale is None else _point(np.asarray(fixed) + np.asarray(shift))
    truth = FollowUpTruth(
        interval_days, shift, fates, tuple(prior_index), scale or (1.0, 1.0, 1.0), centre
    )
    return prior, follow, truth
