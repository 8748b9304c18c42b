"""What ``scanside status`` and ``GET /api/v1/status`` report about the catalogue and the disk.

Used by :meth:`appliance.service.Service.status` (while the service runs) and by the status
command (reading the catalogue file directly when it does not).
"""

from __future__ import annotations

import shutil
from typing import Any

from appliance.catalogue import jobs
from appliance.catalogue.database import Database
from appliance.config import StorageConfig
from appliance.layout import DataLayout

__all__ = ["catalogue_counts", "disk_status", "empty_counts"]

_MIB = 1024 * 1024


def catalogue_counts(db: Database) -> dict[str, Any]:
    tables = {}
    for table in ("patients", "studies", "series", "instances"):
        tables[table] = int(db.execute(f"SELECT count(*) FROM {table}")[0][0])  # noqa: S608 - fixed names
    series_states = {"receiving": 0, "complete": 0}
    for state, n in db.execute("SELECT state, count(*) FROM series GROUP BY state"):
        series_states[str(state)] = int(n)
    return {**tables, "series_by_state": series_states, "jobs": jobs.counts_by_state(db)}


def empty_counts() -> dict[str, Any]:
    """What :func:`catalogue_counts` says about a data directory with no catalogue yet."""
    return {
        **dict.fromkeys(("patients", "studies", "series", "instances"), 0),
        "series_by_state": {"receiving": 0, "complete": 0},
        "jobs": dict.fromkeys(jobs.STATES, 0),
    }


def disk_status(layout: DataLayout, storage: StorageConfig) -> dict[str, Any]:
    existing = layout.root
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # the data directory may not exist yet: ask its volume
    usage = shutil.disk_usage(existing)
    free_mb = usage.free // _MIB
    return {
        "data_dir": str(layout.root),
        "free_mb": free_mb,
        "total_mb": usage.total // _MIB,
        "min_free_mb": storage.min_free_mb,
        "accepting": free_mb >= storage.min_free_mb,
        "warning": free_mb < storage.warn_free_mb,
    }
