"""Follow-up facts per finding, computed once per state of the catalogue.

"Nodules that grew" (or shrank, or stayed stable), "new nodules", "resolved nodules", volume
doubling times and "larger on the latest scan than on the first" compare each finding with the
other findings of its track (one nodule of one patient across studies). Over a million findings
that comparison (a window over all tracks) costs about a second, so instead of repeating it in
every question it is computed into a temporary table of the engine's connection and reused until
the findings or studies change (a fingerprint of both is checked first, in tens of
milliseconds). Temporary tables live in memory, so this works on a read-only catalogue too. Used
by :class:`query.engine.QueryEngine`; the compiler refers to :data:`TRACK_FACTS`.
"""

from __future__ import annotations

from typing import Any

import duckdb

__all__ = ["TRACK_FACTS", "TrackFacts"]

TRACK_FACTS = "temp.scanside_track_facts"

_FINGERPRINT = (
    "SELECT (SELECT count(*) FROM findings), "
    "(SELECT coalesce(sum(hash(finding_id, track_id, diameter_mm, volume_mm3, study_uid, "
    "follow_up)), 0) "
    "FROM findings), "
    "(SELECT count(*) FROM studies), "
    "(SELECT coalesce(sum(hash(study_uid, patient_id, study_date, modality, body_part)), 0) "
    "FROM studies)"
)
# growth_mm: mean diameter minus that of the previous finding on the same track (negative when
# it shrank).
# new_on_track: the first finding of its track, while the patient already had a chest CT, unless
# the comparison found it on the prior below the reporting threshold (follow_up 'seen-on-prior',
# docs/analysis.md "Present on the prior, not reported": an existing nodule, not a new one).
# since_first_mm: mean diameter minus that of the track's first finding, on an earlier date
# (NULL for the first finding and for findings on its date).
# resolved: the last finding of its track, while the patient has a later chest CT.
# first_kind: the kind of the track's first finding (a mass from its first study, or a nodule
# that may have grown into a mass since: "new nodules" asks which, query/new_masses.py).
# vdt_days: the volume doubling time since the previous finding on the same track, on an earlier
# date, days x ln 2 / ln(V / V_previous); NULL unless the volume increased.
_CHEST_CT = "sq.patient_id = sg.patient_id AND sq.modality = 'CT' AND sq.body_part = 'CHEST'"
_BUILD = (
    "CREATE OR REPLACE TEMP TABLE scanside_track_facts AS "  # noqa: S608 (constant fragments only)
    "SELECT fg.finding_id, fg.diameter_mm - lag(fg.diameter_mm) OVER w AS growth_mm, "
    "(row_number() OVER w = 1 AND coalesce(fg.follow_up, '') <> 'seen-on-prior' "
    "AND EXISTS (SELECT 1 FROM studies sq "
    f"WHERE {_CHEST_CT} AND sq.study_date < sg.study_date)) AS new_on_track, "
    "CASE WHEN sg.study_date > first_value(sg.study_date) OVER w "
    "THEN fg.diameter_mm - first_value(fg.diameter_mm) OVER w END AS since_first_mm, "
    "(row_number() OVER latest = 1 AND EXISTS (SELECT 1 FROM studies sq "
    f"WHERE {_CHEST_CT} AND sq.study_date > sg.study_date)) AS resolved, "
    "CASE WHEN sg.study_date > lag(sg.study_date) OVER w AND lag(fg.volume_mm3) OVER w > 0 "
    "AND fg.volume_mm3 > lag(fg.volume_mm3) OVER w THEN datediff('day', lag(sg.study_date) "
    "OVER w, sg.study_date) * ln(2) / ln(fg.volume_mm3 / lag(fg.volume_mm3) OVER w) END "
    "AS vdt_days, first_value(fg.kind) OVER w AS first_kind "
    "FROM findings fg JOIN studies sg ON sg.study_uid = fg.study_uid "
    "WHERE fg.track_id IS NOT NULL "
    "WINDOW w AS (PARTITION BY fg.track_id ORDER BY sg.study_date), "
    "latest AS (PARTITION BY fg.track_id ORDER BY sg.study_date DESC)"
)


class TrackFacts:
    """Keeps :data:`TRACK_FACTS` of one connection in step with its catalogue."""

    def __init__(self) -> None:
        self._fingerprint: tuple[Any, ...] | None = None

    def ensure(self, con: duckdb.DuckDBPyConnection) -> None:
        """(Re)build the table if the findings or studies changed since the last build."""
        row = con.execute(_FINGERPRINT).fetchone()
        fingerprint = tuple(row) if row else None
        if fingerprint is not None and fingerprint == self._fingerprint:
            return
        con.execute(_BUILD)
        self._fingerprint = fingerprint
