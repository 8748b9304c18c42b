"""Free space on the data volume, and whether the store still accepts images there.

What ``scanside status`` and ``GET /api/v1/status`` report about the disk: used by
:meth:`appliance.service.Service.status` (while the service runs) and by the status command
(when it does not). The counts of the catalogue are :mod:`appliance.catalogue.counts`.
"""

from __future__ import annotations

import shutil
from typing import Any

from appliance.config import StorageConfig
from appliance.layout import DataLayout

__all__ = ["disk_status"]

_MIB = 1024 * 1024


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
