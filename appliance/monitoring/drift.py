"""Drift of a model's inputs and outputs: the latest series against the site's first ones and
against what the model was validated on.

:func:`drift_report` reads the catalogue's ``series_monitoring`` rows
(:mod:`appliance.catalogue.monitoring`) and :func:`evaluate` compares them (pure, so the
statistics are tested without a catalogue). Each statistic, its threshold and why, and how many
series a drift needs before it is flagged, are in ``docs/drift.md``:

- ``outside_validation``: the window's share of series outside the model's validation envelope
  (the reference here is the validation set itself): drift at ``max_outside_share``;
- ``noise``, ``slice_thickness``, ``kernel``: population stability index of the window against
  the site's reference (all versions of the model: inputs do not depend on it); drift when at
  least ``psi_min`` and more than chance at ``alpha``;
- ``findings_per_scan``: quasi-Poisson z of the window's findings against the reference's rate,
  ``confidence``: PSI of the findings' confidence histogram, and ``lung_rads``: PSI of the
  series' Lung-RADS categories (by category, one more bin for a category the reference never
  had), all on the live version's own reference (a new version may rightly answer differently).

The API, ``scanside status``, the metrics endpoint and the health screen all show the report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from scipy import stats

from appliance.catalogue.database import Database
from appliance.catalogue.monitoring import (
    MonitoringRecord,
    latest_version,
    monitored_models,
    reference_and_window,
)
from appliance.config import MonitoringConfig
from appliance.monitoring.report import COLLECTING, DRIFT, OK, WARMING_UP, DriftReport, Statistic
from appliance.monitoring.statistics import (
    Psi,
    chance_psi,
    histogram_psi,
    population_stability,
    rate_z,
)

__all__ = ["DriftReport", "Statistic", "drift_report", "evaluate"]

MIN_FINDINGS_FOR_CONFIDENCE = 20
"""The confidence histograms are compared only when both hold this many findings."""


def _psi_statistic(name: str, psi: Psi, settings: MonitoringConfig, what: str) -> Statistic:
    threshold = max(settings.psi_min, chance_psi(psi, settings.alpha))
    return Statistic(
        name,
        round(psi.value, 4),
        round(threshold, 4),
        psi.window_n > 0 and psi.value >= threshold,
        f"PSI of {what}: {psi.window_n} window series against {psi.reference_n} reference",
    )


_INPUTS: tuple[tuple[str, Callable[[MonitoringRecord], Any], str], ...] = (
    ("noise", lambda r: r.noise_hu or None, "the input noise (HU)"),  # 0.0: not measurable
    ("slice_thickness", lambda r: r.slice_thickness_mm, "the slice thickness (mm)"),
    ("kernel", lambda r: (r.kernel or "").upper() or None, "the reconstruction kernel"),
)
"""Each input statistic: its name, the value of a record it compares, and what that is."""


def _input_statistics(
    reference: Sequence[MonitoringRecord],
    window: Sequence[MonitoringRecord],
    settings: MonitoringConfig,
) -> list[Statistic]:
    return [
        _psi_statistic(
            name,
            population_stability([get(r) for r in reference], [get(r) for r in window]),
            settings,
            what,
        )
        for name, get, what in _INPUTS
    ]


def _output_statistics(
    reference: Sequence[MonitoringRecord],
    window: Sequence[MonitoringRecord],
    settings: MonitoringConfig,
) -> list[Statistic]:
    z = rate_z([r.findings for r in reference], [r.findings for r in window])
    z_limit = float(stats.norm.isf(settings.alpha / 2))
    ref_mean = sum(r.findings for r in reference) / max(len(reference), 1)
    win_mean = sum(r.findings for r in window) / max(len(window), 1)
    out = [
        Statistic(
            "findings_per_scan",
            round(z, 2),
            round(z_limit, 2),
            len(window) > 0 and abs(z) >= z_limit,
            f"z of findings per scan: window {win_mean:.2f} over {len(window)} series, "
            f"reference {ref_mean:.2f} over {len(reference)}",
        )
    ]
    categories = population_stability(
        [r.lung_rads for r in reference], [r.lung_rads for r in window]
    )
    out.append(_psi_statistic("lung_rads", categories, settings, "the Lung-RADS categories"))
    ref_hist = _histogram(reference)
    win_hist = _histogram(window)
    if min(sum(ref_hist), sum(win_hist)) >= MIN_FINDINGS_FOR_CONFIDENCE:
        psi = histogram_psi(ref_hist, win_hist)
        out.append(_psi_statistic("confidence", psi, settings, "the findings' confidence (tenths)"))
    return out


def _histogram(records: Sequence[MonitoringRecord]) -> list[int]:
    total: list[int] = []
    for record in records:
        hist = list(record.confidence_histogram)
        total = [a + b for a, b in zip(total or [0] * len(hist), hist, strict=True)]
    return total


def evaluate(
    model_name: str,
    inputs: tuple[Sequence[MonitoringRecord], Sequence[MonitoringRecord]],
    outputs: tuple[Sequence[MonitoringRecord], Sequence[MonitoringRecord]],
    settings: MonitoringConfig,
) -> DriftReport:
    """The report from (reference, window) for the inputs (all versions) and for the outputs
    (the live version)."""
    reference, window = inputs
    latest = [*reference, *window, *outputs[0], *outputs[1]]
    outside = sum(r.outside_validation for r in window) / len(window) if window else 0.0
    report = DriftReport(
        model_name,
        (outputs[1] or outputs[0] or latest)[-1].model_version if latest else "",
        COLLECTING,
        len(reference),
        len(window),
        outside,
    )
    if len(reference) < settings.reference_series:
        return report
    statistics = [
        Statistic(
            "outside_validation",
            round(outside, 3),
            settings.max_outside_share,
            len(window) > 0 and outside >= settings.max_outside_share,
            f"share of the window's {len(window)} series outside the model's validation",
        ),
        *_input_statistics(reference, window, settings),
    ]
    if len(outputs[0]) >= settings.reference_series:
        statistics += _output_statistics(outputs[0], outputs[1], settings)
    if len(window) < settings.min_window_series:
        return dataclasses.replace(
            report,
            state=WARMING_UP,
            statistics=tuple(dataclasses.replace(s, flagged=False) for s in statistics),
        )
    flagged = any(s.flagged for s in statistics)
    return dataclasses.replace(report, state=DRIFT if flagged else OK, statistics=tuple(statistics))


def drift_report(db: Database, settings: MonitoringConfig) -> list[DriftReport]:
    """One report per model that has analysed a series (empty when monitoring is off)."""
    if not settings.enabled:
        return []
    reports = []
    for name in monitored_models(db):
        n, w = settings.reference_series, settings.window_series
        inputs = reference_and_window(db, name, reference=n, window=w)
        live = latest_version(db, name)
        outputs = reference_and_window(db, name, reference=n, window=w, version=live)
        reports.append(evaluate(name, inputs, outputs, settings))
    return reports
