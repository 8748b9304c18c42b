"""The tests drift monitoring uses, as plain functions of numbers (no catalogue, no model).

- :func:`population_stability` : the population stability index (PSI) of a window's values
  against a reference's, on the reference's quantile bins (or its categories), and the PSI a
  window of that size reaches by chance with probability ``alpha`` (:func:`chance_psi`);
- :func:`rate_z` : a quasi-Poisson z score of a window's total count (findings) against the
  reference's rate per series, allowing for the reference's over-dispersion and its own
  sampling error.

Why these: a PSI is what model-monitoring practice reads ("0.1 some shift, 0.25 a major one"),
but on windows of tens of series it reaches 0.25 by chance, so the alarm also asks for more than
chance (``docs/drift.md`` derives the null distribution). Findings per scan are counts; a scanner
or population change moves their mean, and real counts vary more than Poisson's.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import stats

__all__ = ["MAX_CATEGORIES", "Psi", "chance_psi", "histogram_psi", "population_stability", "rate_z"]

SMOOTHING = 0.5
"""Added to every bin's count, so that an empty bin has a finite logarithm."""
MAX_CATEGORIES = 10
"""A reference with at most this many distinct values is binned by value (slice thicknesses,
kernels); with more, at its quantiles (noise)."""


@dataclasses.dataclass(frozen=True)
class Psi:
    """A population stability index and what it was computed on."""

    value: float
    degrees: int
    """Bins the reference occupies, less one (its null distribution's degrees of freedom)."""
    reference_n: int
    window_n: int


def _psi(reference_counts: npt.ArrayLike, window_counts: npt.ArrayLike) -> float:
    r = np.asarray(reference_counts, dtype=np.float64) + SMOOTHING
    w = np.asarray(window_counts, dtype=np.float64) + SMOOTHING
    q, p = r / r.sum(), w / w.sum()
    return float(np.sum((p - q) * np.log(p / q)))


def histogram_psi(reference: Sequence[int], window: Sequence[int]) -> Psi:
    """PSI of two histograms over the same bins (e.g. confidence tenths)."""
    occupied = sum(1 for c in reference if c > 0)
    return Psi(_psi(reference, window), max(occupied - 1, 1), int(sum(reference)), int(sum(window)))


def population_stability(
    reference: Sequence[float | str | None], window: Sequence[float | str | None], bins: int = 5
) -> Psi:
    """PSI of ``window`` against ``reference`` (None values left out).

    Numbers with more than :data:`MAX_CATEGORIES` distinct values in the reference are binned at
    the reference's quantiles (``bins`` bins, the outer ones open-ended); anything else
    (kernels, the few slice thicknesses a site uses) by value, with one more bin for values the
    reference never had.
    """
    ref = [v for v in reference if v is not None]
    win = [v for v in window if v is not None]
    distinct = set(ref)
    numeric = all(isinstance(v, int | float) for v in [*ref, *win])
    if numeric and len(distinct) > MAX_CATEGORIES:
        values = np.asarray(ref, dtype=np.float64)
        edges = np.unique(np.quantile(values, np.arange(1, bins) / bins))
        r_counts = np.bincount(np.searchsorted(edges, values), minlength=len(edges) + 1)
        w_idx = np.searchsorted(edges, np.asarray(win, dtype=np.float64))
        w_counts = np.bincount(w_idx, minlength=len(edges) + 1)
        occupied = int(np.count_nonzero(r_counts))
    else:
        categories: list[Hashable] = sorted(distinct, key=str)
        index = {c: n for n, c in enumerate(categories)}
        other = len(categories)
        r_counts = np.bincount([index[v] for v in ref], minlength=other + 1)
        w_counts = np.bincount([index.get(v, other) for v in win], minlength=other + 1)
        occupied = len(categories)
    return Psi(_psi(r_counts, w_counts), max(occupied - 1, 1), len(ref), len(win))


def chance_psi(psi: Psi, alpha: float) -> float:
    """The PSI that a window drawn from the reference's own distribution exceeds with
    probability ``alpha``: PSI is close to ``(1/N + 1/n)`` times a chi-square with the bins'
    degrees of freedom (N, n: reference and window sizes)."""
    if psi.reference_n == 0 or psi.window_n == 0:
        return math.inf
    scale = 1.0 / psi.reference_n + 1.0 / psi.window_n
    return float(stats.chi2.isf(alpha, psi.degrees)) * scale


def rate_z(reference: Sequence[int], window: Sequence[int]) -> float:
    """z score of the window's total against the reference's rate per series.

    ``z = (K - n m) / sqrt(phi m n (1 + n / N))`` with K the window's total over n series, m the
    reference's mean over N series (at least half an event in all, so an empty reference still
    tests), and phi its variance-to-mean ratio, at least 1 (quasi-Poisson).
    """
    n_ref, n_win = len(reference), len(window)
    if n_ref < 2 or n_win == 0:
        return 0.0
    counts = np.asarray(reference, dtype=np.float64)
    mean = max(float(counts.mean()), SMOOTHING / n_ref)
    dispersion = max(float(counts.var(ddof=1)) / mean, 1.0)
    expected = mean * n_win
    spread = math.sqrt(dispersion * expected * (1.0 + n_win / n_ref))
    return (float(np.sum(window)) - expected) / spread
