"""The machine's state for the status endpoint: disk, memory, CPU load and the GPU.

psutil gives memory and load; NVML (nvidia-ml-py) gives each GPU's memory and temperature when
an NVIDIA driver is present. On a machine without one, :func:`gpu_status` says so plainly
(``"no GPU (running on CPU)"``) instead of failing. Called by ``GET /api/v1/system``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import psutil
import pynvml

from appliance.config import StorageConfig

__all__ = ["NO_GPU", "cpu_status", "disk_status", "gpu_status", "memory_status"]

NO_GPU = "no GPU (running on CPU)"
_MB = 1024 * 1024


def disk_status(data_dir: Path, storage: StorageConfig) -> dict[str, Any]:
    """Free space where the data lives, and ``ok`` / ``low`` / ``full`` against the thresholds."""
    usage = shutil.disk_usage(data_dir)
    free_mb = usage.free // _MB
    state = "ok"
    if free_mb < storage.min_free_mb:
        state = "full"
    elif free_mb < storage.warn_free_mb:
        state = "low"
    return {
        "path": str(data_dir),
        "total_bytes": usage.total,
        "free_bytes": usage.free,
        "used_percent": round(100.0 * usage.used / usage.total, 1) if usage.total else 0.0,
        "state": state,
        "min_free_mb": storage.min_free_mb,
        "warn_free_mb": storage.warn_free_mb,
    }


def memory_status() -> dict[str, Any]:
    mem = psutil.virtual_memory()
    return {"total_bytes": mem.total, "available_bytes": mem.available, "used_percent": mem.percent}


def cpu_status() -> dict[str, Any]:
    load1, load5, load15 = os.getloadavg()
    return {
        "cores": psutil.cpu_count() or 1,
        "load_1m": round(load1, 2),
        "load_5m": round(load5, 2),
        "load_15m": round(load15, 2),
        "percent": psutil.cpu_percent(interval=None),
    }


def gpu_status() -> dict[str, Any]:
    """Every NVIDIA GPU's memory and temperature, or ``{"present": False, "message": NO_GPU}``."""
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError as exc:  # no NVIDIA driver: the normal case on a CPU-only box
        return {"present": False, "message": NO_GPU, "reason": str(exc)}
    try:
        count = pynvml.nvmlDeviceGetCount()
        return {"present": True, "devices": [_device(i) for i in range(count)]}
    finally:
        pynvml.nvmlShutdown()


def _device(index: int) -> dict[str, Any]:
    handle = pynvml.nvmlDeviceGetHandleByIndex(index)
    memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
    name = pynvml.nvmlDeviceGetName(handle)
    return {
        "index": index,
        "name": name.decode() if isinstance(name, bytes) else str(name),
        "memory_total_bytes": int(memory.total),
        "memory_used_bytes": int(memory.used),
        "temperature_c": int(pynvml.nvmlDeviceGetTemperature(handle, pynvml.NVML_TEMPERATURE_GPU)),
        "utilization_percent": int(pynvml.nvmlDeviceGetUtilizationRates(handle).gpu),
    }
