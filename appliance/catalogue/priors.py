"""Reading a patient's earlier analysed chest CTs and their findings, for the follow-up comparison.

:mod:`appliance.inference.priors` calls these before a new analysis is recorded. A *prior* is a
series of another study of the same patient, dated before the current study and within the
look-back, that the lung model analysed (``series.analysis_mode`` is set only by
:func:`appliance.catalogue.findings.record_analysis`). Of a study with several analysed series
the full-mode one with the most findings is taken.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from appliance.catalogue.database import Database

__all__ = [
    "PriorFindingRow",
    "PriorSeries",
    "adopt_track_ids",
    "prior_findings",
    "prior_series",
    "study_date",
    "track_history",
]


@dataclasses.dataclass(frozen=True)
class PriorSeries:
    """An earlier analysed chest CT series of the patient."""

    study_uid: str
    series_uid: str
    study_date: date
    lung_box_mm: tuple[tuple[float, float, float], tuple[float, float, float]] | None


@dataclasses.dataclass(frozen=True)
class PriorFindingRow:
    """What the comparison needs of one prior finding."""

    finding_id: str
    track_id: str | None
    center_mm: tuple[float, float, float]
    diameter_mm: float
    volume_mm3: float
    attenuation: str
    solid_component_mm: float | None
    lung_rads: str


_PRIOR_SERIES = (
    "SELECT s.study_uid, s.series_uid, st.study_date, s.lung_box_mm FROM series s "
    "JOIN studies st ON st.study_uid = s.study_uid "
    "WHERE st.patient_id = ? AND st.study_uid <> ? AND s.analysis_mode IS NOT NULL "
    "AND st.study_date < ? AND st.study_date >= ? "
    "ORDER BY st.study_date DESC, (s.analysis_mode = 'full') DESC, "
    "(SELECT count(*) FROM findings f WHERE f.series_uid = s.series_uid) DESC, s.series_uid"
)


def study_date(db: Database, study_uid: str) -> tuple[str, date] | None:
    """``(patient_id, study_date)`` of a study, None when either is unknown."""
    rows = db.execute("SELECT patient_id, study_date FROM studies WHERE study_uid = ?", [study_uid])
    if not rows or rows[0][1] is None:
        return None
    return str(rows[0][0]), rows[0][1]


def _box(value: Any) -> tuple[tuple[float, float, float], tuple[float, float, float]] | None:
    if value is None or len(value) != 6:
        return None
    v = [float(x) for x in value]
    return (v[0], v[1], v[2]), (v[3], v[4], v[5])


def prior_series(
    db: Database, patient_id: str, study_uid: str, before: date, since: date
) -> list[PriorSeries]:
    """The patient's earlier analysed series dated in ``[since, before)``, latest study first,
    one per study."""
    rows = db.execute(_PRIOR_SERIES, [patient_id, study_uid, before, since])
    seen: set[str] = set()
    found: list[PriorSeries] = []
    for study, series, when, box in rows:
        if study not in seen:
            seen.add(study)
            found.append(PriorSeries(str(study), str(series), when, _box(box)))
    return found


def prior_findings(db: Database, series_uid: str) -> list[PriorFindingRow]:
    """The nodules (and masses) the analysis of ``series_uid`` found."""
    rows = db.query_dicts(
        "SELECT finding_id, track_id, center_mm, diameter_mm, volume_mm3, attenuation, "
        "solid_component_mm, lung_rads FROM findings WHERE series_uid = ? "
        "AND source = 'analysis' ORDER BY finding_id",
        [series_uid],
    )
    return [
        PriorFindingRow(
            finding_id=str(r["finding_id"]), track_id=r["track_id"],
            center_mm=tuple(float(c) for c in r["center_mm"] or (0.0, 0.0, 0.0)),  # type: ignore[arg-type]
            diameter_mm=float(r["diameter_mm"] or 0.0), volume_mm3=float(r["volume_mm3"] or 0.0),
            attenuation=str(r["attenuation"] or "solid"),
            solid_component_mm=r["solid_component_mm"], lung_rads=str(r["lung_rads"] or "2"),
        )
        for r in rows
    ]  # fmt: skip


def track_history(db: Database, track_ids: list[str], before: date) -> dict[str, tuple[float, int]]:
    """Per track: the mean diameter of its first finding and how many studies before ``before``
    hold it (the slow-growth rule looks back over the whole track)."""
    if not track_ids:
        return {}
    rows = db.execute(
        "SELECT f.track_id, arg_min(f.diameter_mm, st.study_date), count(DISTINCT st.study_uid) "
        "FROM findings f JOIN studies st ON st.study_uid = f.study_uid "
        "WHERE f.track_id IN (SELECT unnest(?)) AND st.study_date < ? GROUP BY f.track_id",
        [track_ids, before],
    )
    return {str(t): (float(d), int(n)) for t, d, n in rows}


def adopt_track_ids(db: Database, track_ids: dict[str, str]) -> None:
    """Give prior findings analysed before tracks existed the track their match now carries."""
    with db.transaction() as con:
        for finding_id, track_id in track_ids.items():
            con.execute(
                "UPDATE findings SET track_id = ? WHERE finding_id = ? AND track_id IS NULL",
                [track_id, finding_id],
            )
