"""Which series ``scanside reanalyse --since DATE --model NAME@VERSION`` has left to do.

A series is a candidate when the model analysed it (any version, a ``series_monitoring`` row)
since ``DATE``. It is done, and skipped, when ``VERSION`` already analysed it: a
``series_monitoring`` row of that version when it is the live one (its answer replaced the
series' findings), a ``shadow_analyses`` row otherwise. Every series is recorded as soon as it
is analysed, so a re-analysis stopped at any point resumes where it stopped.
"""

from __future__ import annotations

from datetime import date

from appliance.catalogue.database import Database

__all__ = ["series_to_reanalyse"]


def series_to_reanalyse(
    db: Database, model_name: str, version: str, since: date, *, live: bool
) -> tuple[list[tuple[str, str]], int]:
    """``(series_uid, study_uid)`` to analyse, oldest first, and how many are already done."""
    done_table = "series_monitoring" if live else "shadow_analyses"
    rows = db.execute(
        "SELECT m.series_uid, any_value(m.study_uid), min(m.first_analysed_at), "  # noqa: S608
        f"  bool_or(EXISTS (SELECT 1 FROM {done_table} d WHERE d.series_uid = m.series_uid "
        "    AND d.model_name = m.model_name AND d.model_version = ?)) AS done "
        "FROM series_monitoring m WHERE m.model_name = ? AND m.analysed_at >= ? "
        "GROUP BY m.series_uid ORDER BY 3, 1",
        [version, model_name, since],
    )
    todo = [(str(r[0]), str(r[1])) for r in rows if not r[3]]
    return todo, sum(1 for r in rows if r[3])
