"""How much the catalogue holds: rows per table, series by state, jobs by state.

What ``scanside status`` and ``GET /api/v1/status`` report about the catalogue, through
:meth:`appliance.service.Service.status` while the service runs and from the file (the status
command) when it does not; and the findings per Lung-RADS category that ``GET /metrics``
exports.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from appliance.catalogue import jobs
from appliance.catalogue.database import Database

__all__ = ["CatalogueCounts", "catalogue_counts", "empty_counts", "findings_by_lung_rads"]

_SERIES_STATES = ("receiving", "complete")


@dataclasses.dataclass(frozen=True)
class CatalogueCounts:
    """Rows per table, and series and jobs per state (every state present, 0 when none)."""

    patients: int
    studies: int
    series: int
    instances: int
    series_by_state: dict[str, int]
    jobs: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        """The ``catalogue`` object of the status report."""
        return dataclasses.asdict(self)


# The four tables in one statement, spelled out: no SQL is built from strings.
_TABLE_COUNTS = (
    "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM studies), "
    "(SELECT count(*) FROM series), (SELECT count(*) FROM instances)"
)


def catalogue_counts(db: Database) -> CatalogueCounts:
    """What the catalogue holds now."""
    patients, studies, series, instances = (int(n) for n in db.execute(_TABLE_COUNTS)[0])
    series_states = dict.fromkeys(_SERIES_STATES, 0)
    for state, n in db.execute("SELECT state, count(*) FROM series GROUP BY state"):
        series_states[str(state)] = int(n)
    return CatalogueCounts(
        patients, studies, series, instances, series_states, jobs.counts_by_state(db)
    )


def empty_counts() -> CatalogueCounts:
    """What :func:`catalogue_counts` says about a data directory with no catalogue yet."""
    return CatalogueCounts(
        0, 0, 0, 0, dict.fromkeys(_SERIES_STATES, 0), dict.fromkeys(jobs.STATES, 0)
    )


def findings_by_lung_rads(db: Database) -> list[tuple[str | None, int]]:
    """Findings per Lung-RADS category (None for findings without one), by category."""
    rows = db.execute("SELECT lung_rads, count(*) FROM findings GROUP BY lung_rads ORDER BY 1")
    return [(None if c is None else str(c), int(n)) for c, n in rows]
