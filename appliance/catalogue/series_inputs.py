"""What the analysis reads of a received series: its files, and what routing looks at.

The analysis dispatcher (:mod:`appliance.inference.dispatcher`) and ``scanside reanalyse`` read
a series through these before analysing it: :func:`series_paths` gives the newest version of
each of its images (a resent image is a new version of its SOP instance: migration 0001's
``version``), :func:`routing_row` the ``series`` and ``studies`` columns that pick a model
(:class:`appliance.inference.repository.SeriesAttributes` is made from it above).
"""

from __future__ import annotations

import dataclasses

from appliance.catalogue.database import Database

__all__ = ["RoutingRow", "routing_row", "series_paths"]


@dataclasses.dataclass(frozen=True)
class RoutingRow:
    """A series' columns that routing reads (None where the headers did not say)."""

    modality: str | None
    body_part: str | None
    description: str | None
    instance_count: int | None
    slice_thickness_mm: float | None
    protocol_name: str | None
    study_description: str | None


def series_paths(db: Database, series_uid: str) -> list[str]:
    """The series' files, relative to the data directory: the newest version of each SOP
    instance, in path order."""
    rows = db.execute(
        "SELECT path FROM (SELECT path, row_number() OVER (PARTITION BY sop_instance_uid "
        "ORDER BY version DESC) AS newest FROM instances WHERE series_uid = ?) "
        "WHERE newest = 1 ORDER BY path",
        [series_uid],
    )
    return [str(row[0]) for row in rows]


def routing_row(db: Database, series_uid: str) -> RoutingRow | None:
    """The series' routing columns and its study's description; None for an unknown series."""
    rows = db.execute(
        "SELECT s.modality, s.body_part, s.description, s.instance_count, s.slice_thickness_mm, "
        "s.protocol_name, st.description FROM series s LEFT JOIN studies st USING (study_uid) "
        "WHERE s.series_uid = ?",
        [series_uid],
    )
    return RoutingRow(*rows[0]) if rows else None
