"""The detection candidates an analysis did not report, kept for later follow-up comparisons.

A follow-up finding that matches no prior finding is called new; but the prior's detector often
saw the same spot and scored it just under the reporting threshold. Lung-RADS calls such a nodule
existing, not new (``docs/analysis.md``, "Present on the prior, not reported"). So
:func:`appliance.catalogue.findings.record_analysis` stores each analysis's unreported candidates
(:func:`record_candidates`, in its transaction) and the comparison
(:mod:`appliance.inference.priors`) reads the prior's back (:func:`series_candidates`).
"""

from __future__ import annotations

import duckdb

from appliance.catalogue.database import Database
from appliance.findings import DetectionCandidate, SeriesAnalysis

__all__ = ["record_candidates", "series_candidates"]


def record_candidates(con: duckdb.DuckDBPyConnection, analysis: SeriesAnalysis) -> None:
    """Replace the series' candidates with the analysis's, on ``con`` inside the caller's
    transaction (the one that writes the series' findings)."""
    con.execute("DELETE FROM analysis_candidates WHERE series_uid = ?", [analysis.series_uid])
    if analysis.unreported:
        con.executemany(
            "INSERT INTO analysis_candidates (series_uid, centre_mm, score) VALUES (?, ?, ?)",
            [[analysis.series_uid, list(c.centre_mm), c.score] for c in analysis.unreported],
        )


def series_candidates(db: Database, series_uid: str) -> list[DetectionCandidate]:
    """The series' unreported candidates, strongest first (empty for a series analysed before
    candidates were recorded, or read from a PACS's SR)."""
    rows = db.execute(
        "SELECT centre_mm, score FROM analysis_candidates WHERE series_uid = ? "
        "ORDER BY score DESC, centre_mm",
        [series_uid],
    )
    return [DetectionCandidate((float(c[0]), float(c[1]), float(c[2])), float(s)) for c, s in rows]
