"""Aligning a prior chest CT to the current one and matching its nodules, in patient millimetres.

Used by :mod:`appliance.inference.priors` for each earlier analysed chest CT of the patient, and by
``bench/followup_matching.py`` to measure matching on simulated pairs. Everything here works on
finding centres (patient LPS, mm) and the lungs' bounding boxes, not on images, so comparing with
a prior costs microseconds and needs no prior pixels.

1. **Lungs.** When both series have a lung box, the prior box is mapped onto the current one axis
   by axis (offset and scale): this takes out a different table position and most of a
   different inspiration (the lung bases move, the apices hardly).
2. **Findings.** The residual shift is the displacement that most prior findings agree on: every
   pair's displacement is a candidate, the one with most pairs within ``consensus_mm`` wins and
   is refined as the mean of those pairs. At least two agreeing pairs are needed; with fewer, the
   lungs' alignment stands alone.
3. **Matching.** An optimal one-to-one assignment (Hungarian) of the mapped prior centres to the
   current ones, at most ``max_distance_mm`` apart. Unmatched current findings are new; unmatched
   prior findings are resolved.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

__all__ = ["Alignment", "Match", "align", "match", "volume_doubling_days"]

Point = tuple[float, float, float]
Box = tuple[Point, Point]
"""(min xyz, max xyz) of the lungs in patient mm."""
_FAR = 1e6


@dataclasses.dataclass(frozen=True)
class Alignment:
    """Prior patient mm -> current patient mm: ``scale * p + offset`` per axis."""

    scale: Point = (1.0, 1.0, 1.0)
    offset: Point = (0.0, 0.0, 0.0)
    method: str = "none"
    """``none``, ``lungs``, ``findings`` or ``lungs+findings``: what the alignment rests on."""
    agreeing: int = 0
    """How many finding pairs agreed on the residual shift."""

    def apply(self, points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        mapped = points * np.asarray(self.scale) + np.asarray(self.offset)
        return np.asarray(mapped, dtype=np.float64)


@dataclasses.dataclass(frozen=True)
class Match:
    """The outcome for one comparison: index pairs, and what is new or resolved."""

    pairs: tuple[tuple[int, int], ...]
    """(current index, prior index) of matched findings."""
    new: tuple[int, ...]
    resolved: tuple[int, ...]
    distances_mm: tuple[float, ...]
    """Distance after alignment of each pair (same order as ``pairs``)."""
    alignment: Alignment


def _lung_alignment(current: Box | None, prior: Box | None) -> Alignment:
    if current is None or prior is None:
        return Alignment()
    lo_c, hi_c = np.asarray(current[0]), np.asarray(current[1])
    lo_p, hi_p = np.asarray(prior[0]), np.asarray(prior[1])
    span_p = np.maximum(hi_p - lo_p, 1.0)
    scale = np.clip((hi_c - lo_c) / span_p, 0.8, 1.25)  # a lung box off by more is not breathing
    offset = (lo_c + hi_c) / 2 - scale * (lo_p + hi_p) / 2
    return Alignment(_point(scale), _point(offset), "lungs")


def _point(values: npt.NDArray[np.float64]) -> Point:
    return (float(values[0]), float(values[1]), float(values[2]))


def _consensus_shift(
    current: npt.NDArray[np.float64], mapped: npt.NDArray[np.float64], consensus_mm: float
) -> tuple[npt.NDArray[np.float64], int]:
    """The shift most pairs agree on (refined as their mean) and how many agree."""
    shifts = (current[:, None, :] - mapped[None, :, :]).reshape(-1, 3)
    best, best_count, best_norm = np.zeros(3), 0, math.inf
    for shift in shifts:
        residual = np.linalg.norm(current[:, None, :] - (mapped[None, :, :] + shift), axis=2)
        close = residual <= consensus_mm
        count = int(min(close.any(axis=1).sum(), close.any(axis=0).sum()))
        norm = float(np.linalg.norm(shift))
        if count > best_count or (count == best_count and norm < best_norm):
            best, best_count, best_norm = shift, count, norm
    if best_count < 2:
        return np.zeros(3), best_count
    residual = np.linalg.norm(current[:, None, :] - (mapped[None, :, :] + best), axis=2)
    pairs = _assign(residual, consensus_mm)
    rows, cols = [r for r, _ in pairs], [c for _, c in pairs]
    refined = (current[rows] - mapped[cols]).mean(axis=0)
    return np.asarray(refined, dtype=np.float64), len(pairs)


def _assign(distance: npt.NDArray[np.float64], limit_mm: float) -> list[tuple[int, int]]:
    """The optimal one-to-one (row, column) pairs (Hungarian) at most ``limit_mm`` apart."""
    rows, cols = linear_sum_assignment(np.where(distance <= limit_mm, distance, _FAR))
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if distance[r, c] <= limit_mm]


def align(
    current: Sequence[Point],
    prior: Sequence[Point],
    *,
    current_lungs: Box | None = None,
    prior_lungs: Box | None = None,
    consensus_mm: float = 8.0,
) -> Alignment:
    """The alignment of ``prior`` onto ``current`` (see the module doc)."""
    base = _lung_alignment(current_lungs, prior_lungs)
    if len(current) < 2 or len(prior) < 2:
        return base
    cur = np.asarray(current, dtype=np.float64)
    mapped = base.apply(np.asarray(prior, dtype=np.float64))
    shift, agreeing = _consensus_shift(cur, mapped, consensus_mm)
    if agreeing < 2:
        return dataclasses.replace(base, agreeing=agreeing)
    method = "findings" if base.method == "none" else "lungs+findings"
    offset = np.asarray(base.offset) + shift
    return Alignment(base.scale, _point(offset), method, agreeing)


def match(
    current: Sequence[Point],
    prior: Sequence[Point],
    *,
    current_lungs: Box | None = None,
    prior_lungs: Box | None = None,
    max_distance_mm: float = 15.0,
    consensus_mm: float = 8.0,
) -> Match:
    """Align, then pair current and prior findings one to one (see the module doc)."""
    alignment = align(
        current, prior, current_lungs=current_lungs, prior_lungs=prior_lungs,
        consensus_mm=consensus_mm,
    )  # fmt: skip
    if not current or not prior:
        return Match((), tuple(range(len(current))), tuple(range(len(prior))), (), alignment)
    cur = np.asarray(current, dtype=np.float64)
    mapped = alignment.apply(np.asarray(prior, dtype=np.float64))
    distance = np.linalg.norm(cur[:, None, :] - mapped[None, :, :], axis=2)
    pairs = _assign(distance, max_distance_mm)
    matched_cur, matched_prior = {r for r, _ in pairs}, {c for _, c in pairs}
    return Match(
        pairs=tuple(pairs),
        new=tuple(i for i in range(len(current)) if i not in matched_cur),
        resolved=tuple(j for j in range(len(prior)) if j not in matched_prior),
        distances_mm=tuple(round(float(distance[r, c]), 2) for r, c in pairs),
        alignment=alignment,
    )


def volume_doubling_days(volume_now: float, volume_before: float, days: int) -> float | None:
    """Volume doubling time, ``days * ln 2 / ln(V1 / V0)``; None unless the nodule grew."""
    if days <= 0 or volume_before <= 0 or volume_now <= volume_before:
        return None
    return round(days * math.log(2) / math.log(volume_now / volume_before), 1)
