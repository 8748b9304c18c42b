"""Reading what two versions of a model said about the same series (issue 21, item 2).

The live version's answers are the ``findings`` (``source = 'analysis'``) and its
``series_monitoring`` rows; a shadow version's are ``shadow_findings`` and ``shadow_analyses``
(:mod:`appliance.catalogue.shadow`). :func:`compared_series` lists the series both analysed and
:func:`version_findings` their findings; :mod:`appliance.monitoring.agreement` compares them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from appliance.catalogue.database import Database

__all__ = ["compared_series", "version_findings"]

_FINDING_COLUMNS = (
    "finding_id, series_uid, kind, lobe, side, long_axis_mm, short_axis_mm, diameter_mm, "
    "volume_mm3, mean_hu, attenuation, solid_component_mm, margin, calcified, lung_rads, "
    "confidence, center_mm"
)


def compared_series(
    db: Database, model: str, live: str, shadow: str, since: date | None = None
) -> list[dict[str, Any]]:
    """The series analysed by both versions (``since``: by the shadow analysis' date), with each
    version's category and time."""
    return db.query_dicts(
        "SELECT m.series_uid, m.study_uid, m.lung_rads AS live_lung_rads, "
        "s.lung_rads AS shadow_lung_rads, m.analysis_s AS live_s, s.analysis_s AS shadow_s, "
        "s.analysed_at FROM series_monitoring m JOIN shadow_analyses s "
        "ON s.series_uid = m.series_uid AND s.model_name = m.model_name "
        "WHERE m.model_name = ? AND m.model_version = ? AND s.model_version = ? "
        "AND (?::DATE IS NULL OR s.analysed_at >= ?::DATE) ORDER BY s.analysed_at, m.series_uid",
        [model, live, shadow, since, since],
    )


def version_findings(
    db: Database, model: str, version: str, series_uids: Sequence[str], *, shadow: bool
) -> list[dict[str, Any]]:
    """One version's findings on the given series (the shadow's table when ``shadow``)."""
    if not series_uids:
        return []
    table = "shadow_findings" if shadow else "findings"
    source = "" if shadow else " AND source = 'analysis'"
    return db.query_dicts(
        f"SELECT {_FINDING_COLUMNS} FROM {table} WHERE model_name = ? AND model_version = ?"  # noqa: S608
        f"{source} AND list_contains(?, series_uid) ORDER BY series_uid, finding_id",
        [model, version, list(series_uids)],
    )
