"""The machine under the appliance: the data volume's free space, memory, CPU load and the GPU.

psutil gives memory and load; NVML (nvidia-ml-py) gives each GPU's memory and temperature when
an NVIDIA driver is present. On a machine without one, :func:`gpu` says so plainly (the snapshot
shows ``"no GPU (running on CPU)"``) instead of failing. Used by
:func:`appliance.health.probe.take_snapshot`, and for the disk alone by ``GET /api/v1/ready`` and
the metrics (``scanside_disk_free_bytes``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psutil
import pynvml

from appliance.config import StorageConfig
from appliance.health.snapshot import CpuHealth, DiskHealth, GpuDevice, GpuHealth, MemoryHealth

__all__ = ["cpu", "disk", "gpu", "memory"]


def disk(data_dir: Path, storage: StorageConfig) -> DiskHealth:
    """Free space on the volume of ``data_dir`` (which may not exist yet: its volume is asked)."""
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    usage = shutil.disk_usage(existing)
    return DiskHealth(
        path=str(data_dir),
        total_bytes=usage.total,
        free_bytes=usage.free,
        used_percent=round(100.0 * usage.used / usage.total, 1) if usage.total else 0.0,
        min_free_mb=storage.min_free_mb,
        warn_free_mb=storage.warn_free_mb,
    )


def memory() -> MemoryHealth:
    mem = psutil.virtual_memory()
    return MemoryHealth(mem.total, mem.available, mem.percent)


def cpu() -> CpuHealth:
    load1, load5, load15 = os.getloadavg()
    return CpuHealth(
        cores=psutil.cpu_count() or 1,
        load_1m=round(load1, 2),
        load_5m=round(load5, 2),
        load_15m=round(load15, 2),
        percent=psutil.cpu_percent(interval=None),
    )


def gpu() -> GpuHealth:
    """Every NVIDIA GPU's memory and temperature, or why there is none."""
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError as exc:  # no NVIDIA driver: the normal case on a CPU-only box
        return GpuHealth(reason=str(exc))
    try:
        count = pynvml.nvmlDeviceGetCount()
        return GpuHealth(tuple(_device(i) for i in range(count)))
    finally:
        pynvml.nvmlShutdown()


def _device(index: int) -> GpuDevice:
    handle = pynvml.nvmlDeviceGetHandleByIndex(index)
    memory_info = pynvml.nvmlDeviceGetMemoryInfo(handle)
    name = pynvml.nvmlDeviceGetName(handle)
    return GpuDevice(
        index=index,
        name=name.decode() if isinstance(name, bytes) else str(name),
        memory_total_bytes=int(memory_info.total),
        memory_used_bytes=int(memory_info.used),
        temperature_c=int(pynvml.nvmlDeviceGetTemperature(handle, pynvml.NVML_TEMPERATURE_GPU)),
        utilization_percent=int(pynvml.nvmlDeviceGetUtilizationRates(handle).gpu),
    )
