"""The same simulated patient scanned again later: nodules grown, shrunk, gone or new, known truth.

``scanside simulate --follow-up`` and ``bench/followup_matching.py`` call
:func:`simulate_follow_up`. The follow-up keeps the prior's anatomy (the same seed draws the same
lungs, vessels and airways), moves the patient in the scanner by ``shift_mm`` (a different table
position: every patient coordinate of the follow-up is the prior's plus the shift), repaints
each prior nodule at its place, scaled by its fate, adds new nodules, and draws fresh noise.
:class:`FollowUpTruth` says which follow-up nodule is which prior one.

Not rendered: breathing (a different inspiration deforms the lungs; ``tracking.py`` aligns the
lungs' box per axis, which the matching benchmark exercises on truth positions) and changes of
attenuation (a ground-glass nodule gaining a solid core).
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
    patient_and_background,
    render_study,
)

__all__ = ["FATES", "FollowUpTruth", "simulate_follow_up"]

FATES = ("stable", "grown", "shrunk", "gone")
_FATE_P = (0.5, 0.3, 0.1, 0.1)


@dataclasses.dataclass(frozen=True)
class FollowUpTruth:
    """How the follow-up relates to its prior."""

    interval_days: int
    shift_mm: tuple[float, float, float]
    fates: tuple[str, ...]
    """Per prior nodule (prior order): stable, grown, shrunk or gone."""
    prior_index: tuple[int | None, ...]
    """Per follow-up nodule (follow-up order): its prior nodule's index, None for a new one."""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _factor(rng: np.random.Generator, fate: str, diameter: float) -> float:
    if fate == "grown":
        return (diameter + float(rng.uniform(1.6, 4.0))) / diameter
    if fate == "shrunk":
        return float(rng.uniform(0.7, 0.9))
    return 1.0


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
    **render: Any,
) -> tuple[SimulatedStudy, SimulatedStudy, FollowUpTruth]:
    """``(prior, follow-up, truth)`` for the study of ``seed`` (see the module doc).

    ``render`` takes :func:`appliance.simulate.study.render_study`'s keywords (the prior's, and
    the follow-up's geometry). ``shift_mm`` defaults to a draw of +-5 mm in-plane and +-20 mm
    along z; ``new_nodules`` to 0-2.
    """
    prior, shapes = render_study(seed, **render)
    rng = np.random.default_rng([seed, 19, visit])
    shift = shift_mm or (
        float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5)), float(rng.uniform(-20, 20))
    )  # fmt: skip
    keys = ("slices", "slice_thickness_mm", "pixel_spacing_mm", "rows", "vessel_hu",
            "fine_vessels_per_litre")  # fmt: skip
    background = {k: render[k] for k in keys if k in render}
    _, geometry, _, hu = patient_and_background(seed, shift_mm=shift, **background)
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
        mean_hu = _paint(hu, labels, moved, shape=shape.scaled(factor), center=center, index=index)
        truths.append(_scaled_truth(old, factor, index, center + shift, mean_hu))
        prior_index.append(old.index)
    count = int(rng.integers(0, 3)) if new_nodules is None else new_nodules
    for _ in range(count):
        shape, axes = sample_shape(rng, draw_diameter(rng, False), False)
        placed = _place(rng, prior.anatomy, moved, shape.reach_mm, taken)
        if placed is None:
            continue
        taken.append((placed, shape.reach_mm))
        index = len(truths) + 1
        mean_hu = _paint(hu, labels, moved, shape=shape, center=placed, index=index)
        truths.append(
            _nodule_truth(
                shape,
                axes,
                prior.anatomy,
                index=index,
                center=placed,
                mean_hu=mean_hu,
                shift_mm=shift,
            )
        )
        prior_index.append(None)
    _add_noise(rng, hu, geometry.slice_thickness_mm)
    patient = dataclasses.replace(
        prior.patient, study_date=prior.patient.study_date + dt.timedelta(days=interval_days)
    )
    follow = dataclasses.replace(
        prior, geometry=geometry, volume_hu=np.clip(np.rint(hu), -1024, 3071).astype(np.int16),
        labels=labels, nodules=tuple(truths), patient=patient, visit=visit,
    )  # fmt: skip
    truth = FollowUpTruth(interval_days, shift, fates, tuple(prior_index))
    return prior, follow, truth
