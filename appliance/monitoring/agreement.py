"""How a shadow version's answers differ from the live version's on the same series.

:func:`compare` takes the series both versions analysed and their findings (read by
:mod:`appliance.catalogue.agreement`) and returns an :class:`Agreement`: findings matched one to
one by centre (Hungarian assignment, at most :data:`MATCH_MM` apart: the same image, so no
alignment is needed), those only one version found, the size differences of the matched ones,
the series whose Lung-RADS category or triage priority changed (with their studies), and the
time per series. ``scanside models compare``, ``GET /api/v1/models/compare`` and their CSV/JSON
exports print it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from appliance.catalogue.agreement import compared_series, version_findings
from appliance.catalogue.database import Database
from appliance.catalogue.findings import finding_from_row
from appliance.config import TriageConfig
from appliance.findings import Finding
from appliance.priority import prioritise

__all__ = [
    "MATCH_MM",
    "Agreement",
    "CategoryChange",
    "DiameterDifference",
    "SecondsPerSeries",
    "SeriesAgreement",
    "ShadowAgreement",
    "agreement",
    "compare",
]

MATCH_MM = 10.0
"""Two findings of the same series whose centres are further apart are different findings."""
_FAR = 1e6


@dataclasses.dataclass(frozen=True)
class SeriesAgreement:
    """One series both versions analysed."""

    series_uid: str
    study_uid: str
    live_findings: int
    shadow_findings: int
    matched: int
    diameter_differences_mm: tuple[float, ...]
    """Shadow minus live, per matched finding."""
    live_lung_rads: str | None
    shadow_lung_rads: str | None
    live_priority: str
    shadow_priority: str
    live_s: float | None
    shadow_s: float | None


@dataclasses.dataclass(frozen=True)
class DiameterDifference:
    """Shadow minus live over the matched findings, in mm (None when none matched)."""

    mean: float | None
    median_abs: float | None


@dataclasses.dataclass(frozen=True)
class SecondsPerSeries:
    live: float | None
    shadow: float | None


@dataclasses.dataclass(frozen=True)
class CategoryChange:
    """A series whose Lung-RADS category or priority differs between the versions."""

    study_uid: str
    series_uid: str
    live: str | None
    shadow: str | None


@dataclasses.dataclass(frozen=True)
class ShadowAgreement:
    """The agreement as ``GET /api/v1/models/compare`` serves it (:meth:`Agreement.view`):
    the summary's totals, and one :class:`SeriesAgreement` per series."""

    model: str
    live: str
    shadow: str
    series: int
    findings_live: int
    findings_shadow: int
    matched: int
    only_live: int
    only_shadow: int
    diameter_difference_mm: DiameterDifference
    lung_rads_changed: list[CategoryChange]
    priority_changed: list[CategoryChange]
    seconds_per_series: SecondsPerSeries
    per_series: list[SeriesAgreement]


@dataclasses.dataclass(frozen=True)
class Agreement:
    """The comparison of two versions over the series both analysed."""

    model: str
    live: str
    shadow: str
    series: tuple[SeriesAgreement, ...]

    def summary(self) -> dict[str, Any]:
        s = self.series
        diffs = [d for x in s for d in x.diameter_differences_mm]
        matched = sum(x.matched for x in s)
        return {
            "model": self.model,
            "live": self.live,
            "shadow": self.shadow,
            "series": len(s),
            "findings_live": sum(x.live_findings for x in s),
            "findings_shadow": sum(x.shadow_findings for x in s),
            "matched": matched,
            "only_live": sum(x.live_findings - x.matched for x in s),
            "only_shadow": sum(x.shadow_findings - x.matched for x in s),
            "diameter_difference_mm": {
                "mean": round(float(np.mean(diffs)), 2) if diffs else None,
                "median_abs": round(float(np.median(np.abs(diffs))), 2) if diffs else None,
            },
            "lung_rads_changed": [
                _change(x, x.live_lung_rads, x.shadow_lung_rads)
                for x in s
                if x.live_lung_rads != x.shadow_lung_rads
            ],
            "priority_changed": [
                _change(x, x.live_priority, x.shadow_priority)
                for x in s
                if x.live_priority != x.shadow_priority
            ],
            "seconds_per_series": {
                "live": _mean([x.live_s for x in s]),
                "shadow": _mean([x.shadow_s for x in s]),
            },
        }

    def to_json(self) -> dict[str, Any]:
        return self.summary() | {"per_series": [dataclasses.asdict(x) for x in self.series]}

    def view(self) -> ShadowAgreement:
        """:meth:`to_json` as typed values (the API's answer)."""
        summary = self.summary()
        diameter = summary["diameter_difference_mm"]
        seconds = summary["seconds_per_series"]
        return ShadowAgreement(
            model=self.model,
            live=self.live,
            shadow=self.shadow,
            series=summary["series"],
            findings_live=summary["findings_live"],
            findings_shadow=summary["findings_shadow"],
            matched=summary["matched"],
            only_live=summary["only_live"],
            only_shadow=summary["only_shadow"],
            diameter_difference_mm=DiameterDifference(diameter["mean"], diameter["median_abs"]),
            lung_rads_changed=[CategoryChange(**c) for c in summary["lung_rads_changed"]],
            priority_changed=[CategoryChange(**c) for c in summary["priority_changed"]],
            seconds_per_series=SecondsPerSeries(seconds["live"], seconds["shadow"]),
            per_series=list(self.series),
        )

    def to_csv(self) -> str:
        """One row per series."""
        out = io.StringIO()
        names = [f.name for f in dataclasses.fields(SeriesAgreement)]
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in self.series:
            data = dataclasses.asdict(row)
            data["diameter_differences_mm"] = " ".join(
                f"{d:g}" for d in row.diameter_differences_mm
            )
            writer.writerow(data)
        return out.getvalue()


def _change(x: SeriesAgreement, live: str | None, shadow: str | None) -> dict[str, Any]:
    return {"study_uid": x.study_uid, "series_uid": x.series_uid, "live": live, "shadow": shadow}


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


def _match(live: Sequence[Finding], shadow: Sequence[Finding]) -> list[tuple[int, int]]:
    if not live or not shadow:
        return []
    a = np.asarray([f.center_mm for f in live], dtype=np.float64)
    b = np.asarray([f.center_mm for f in shadow], dtype=np.float64)
    distance = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2)
    rows, cols = linear_sum_assignment(np.where(distance <= MATCH_MM, distance, _FAR))
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if distance[r, c] <= MATCH_MM]


def compare(
    model: str,
    live: str,
    shadow: str,
    series: Sequence[dict[str, Any]],
    findings: tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]],
    *,
    triage: TriageConfig,
) -> Agreement:
    """Compare the versions over ``series`` (rows of
    :func:`appliance.catalogue.agreement.compared_series`) given each version's findings."""
    by_series: tuple[dict[str, list[Finding]], dict[str, list[Finding]]] = ({}, {})
    for rows, target in zip(findings, by_series, strict=True):
        for row in rows:
            target.setdefault(row["series_uid"], []).append(finding_from_row(row))
    compared = []
    for row in series:
        uid = row["series_uid"]
        a, b = by_series[0].get(uid, []), by_series[1].get(uid, [])
        pairs = _match(a, b)
        compared.append(
            SeriesAgreement(
                series_uid=uid,
                study_uid=row["study_uid"],
                live_findings=len(a),
                shadow_findings=len(b),
                matched=len(pairs),
                diameter_differences_mm=tuple(
                    round(b[j].diameter_mm - a[i].diameter_mm, 1) for i, j in pairs
                ),
                live_lung_rads=row["live_lung_rads"],
                shadow_lung_rads=row["shadow_lung_rads"],
                live_priority=prioritise(a, triage).priority,
                shadow_priority=prioritise(b, triage).priority,
                live_s=row["live_s"],
                shadow_s=row["shadow_s"],
            )
        )
    return Agreement(model, live, shadow, tuple(compared))


def agreement(
    db: Database,
    model: str,
    live: str,
    shadow: str,
    *,
    since: date | None = None,
    triage: TriageConfig,
) -> Agreement:
    """The comparison of the two versions, read from the catalogue."""
    series = compared_series(db, model, live, shadow, since)
    uids = [row["series_uid"] for row in series]
    findings = (
        version_findings(db, model, live, uids, shadow=False),
        version_findings(db, model, shadow, uids, shadow=True),
    )
    return compare(model, live, shadow, series, findings, triage=triage)
