"""The data volume's free space as the metrics endpoint reads it (``disk_status``).

Kept for :mod:`appliance.api.metrics` only; what it says comes from the health module
(:func:`appliance.health.machine.disk`), which computes the disk's state for every screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from appliance.config import StorageConfig
from appliance.health import machine

__all__ = ["disk_status"]


def disk_status(data_dir: Path, storage: StorageConfig) -> dict[str, Any]:
    """The ``disk`` object of the health snapshot (``free_bytes``, ``state``, ...)."""
    return machine.disk(data_dir, storage).to_json()
