"""Reading a patient's earlier analysed chest CTs and their findings, for the follow-up comparison.

:mod:`appliance.inference.priors` calls these before a new analysis is recorded. A *prior* is a
series of another study of the same patient, dated before the current study and within the
look-back, that the lung model analysed (``series.analysis_mode`` is set only by
:func:`appliance.catalogue.findings.record_analysis`). Of a study with several analysed series
the full-mode one with the most findings is taken. Priors read from a PACS's ScanSide SRs are
stored here first (:func:`record_remote_prior`) and then found like the appliance's own.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from appliance.catalogue.database import Database

__all__ = [
    "PriorFindingRow",
    "PriorSeries",
    "RemoteFinding",
    "adopt_track_ids",
    "prior_findings",
    "prior_series",
    "record_remote_prior",
    "study_date",
    "study_issuer",
    "track_history",
]


@dataclasses.dataclass(frozen=True)
class PriorSeries:
    """An earlier analysed chest CT series of the patient."""

    study_uid: str
    series_uid: str
    study_date: date
    lung_box_mm: tuple[tuple[float, float, float], tuple[float, float, float]] | None
    issuer: str | None = None
    """The study's Issuer of Patient ID, when its images stated one."""


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
    "SELECT s.study_uid, s.series_uid, st.study_date, s.lung_box_mm, st.issuer_of_patient_id "
    "FROM series s "
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


def study_issuer(db: Database, study_uid: str) -> str | None:
    """The study's Issuer of Patient ID, None when its images stated none."""
    rows = db.execute("SELECT issuer_of_patient_id FROM studies WHERE study_uid = ?", [study_uid])
    return str(rows[0][0]) if rows and rows[0][0] else None


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
    for study, series, when, box, issuer in rows:
        if study not in seen:
            seen.add(study)
            found.append(PriorSeries(str(study), str(series), when, _box(box), issuer))
    return found


def prior_findings(db: Database, series_uid: str) -> list[PriorFindingRow]:
    """The nodules (and masses) the analysis of ``series_uid`` found."""
    rows = db.query_dicts(
        "SELECT finding_id, track_id, center_mm, diameter_mm, volume_mm3, attenuation, "
        "solid_component_mm, lung_rads FROM findings WHERE series_uid = ? "
        "AND source IN ('analysis', 'pacs-sr') AND center_mm IS NOT NULL ORDER BY finding_id",
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


@dataclasses.dataclass(frozen=True)
class RemoteFinding:
    """A finding of a prior read from a PACS's ScanSide SR (:mod:`appliance.inference.priors`)."""

    finding_id: str
    track_id: str | None
    kind: str
    lobe: str | None
    long_axis_mm: float
    short_axis_mm: float
    diameter_mm: float
    volume_mm3: float
    mean_hu: float
    attenuation: str
    margin: str
    calcified: bool
    lung_rads: str
    center_mm: tuple[float, float, float] | None


def record_remote_prior(
    db: Database, *, patient_id: str, study_uid: str, series_uid: str, study_date: date,
    lung_rads: str, findings: list[RemoteFinding],
) -> bool:  # fmt: skip
    """Store a prior read from PACS as a study with one analysed series (``analysis_mode``
    ``prior-sr``) and its findings (``source = 'pacs-sr'``). A series already in the catalogue is
    left alone (False): our own analysis, or an earlier fetch, knows it as well."""
    if db.execute("SELECT 1 FROM series WHERE series_uid = ?", [series_uid]):
        return False
    with db.transaction() as con:
        con.execute(
            "INSERT INTO studies (study_uid, patient_id, study_date, modality, body_part, source, "
            "lung_rads) VALUES (?, ?, ?, 'CT', 'CHEST', 'pacs', ?) ON CONFLICT DO NOTHING",
            [study_uid, patient_id, study_date, lung_rads],
        )
        con.execute(
            "INSERT INTO series (series_uid, study_uid, modality, state, analysis_mode) "
            "VALUES (?, ?, 'CT', 'complete', 'prior-sr')",
            [series_uid, study_uid],
        )
        for f in findings:
            con.execute(
                "INSERT INTO findings (finding_id, study_uid, series_uid, kind, lobe, "
                "long_axis_mm, short_axis_mm, diameter_mm, volume_mm3, mean_hu, attenuation, "
                "margin, calcified, lung_rads, track_id, center_mm, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pacs-sr') "
                "ON CONFLICT DO NOTHING",
                [f.finding_id, study_uid, series_uid, f.kind, f.lobe, f.long_axis_mm,
                 f.short_axis_mm, f.diameter_mm, f.volume_mm3, f.mean_hu, f.attenuation, f.margin,
                 f.calcified, f.lung_rads, f.track_id,
                 list(f.center_mm) if f.center_mm else None],
            )  # fmt: skip
    return True
