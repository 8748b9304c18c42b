"""The machine probes: a GPU as NVML describes it, and no GPU said plainly (the CI machines have
no NVIDIA driver, so NVML's answers are stood in for here)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pynvml
import pytest

from appliance.health import machine
from appliance.health.snapshot import NO_GPU, GpuHealth
from appliance.health.views import gpu_view


def test_each_gpu_is_listed_with_its_memory_and_temperature(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(pynvml, "nvmlInit", lambda: calls.append("init"))
    monkeypatch.setattr(pynvml, "nvmlShutdown", lambda: calls.append("shutdown"))
    monkeypatch.setattr(pynvml, "nvmlDeviceGetCount", lambda: 1)
    monkeypatch.setattr(pynvml, "nvmlDeviceGetHandleByIndex", lambda i: f"gpu{i}")
    monkeypatch.setattr(
        pynvml, "nvmlDeviceGetMemoryInfo", lambda h: SimpleNamespace(total=80 * 2**30, used=2**30)
    )
    monkeypatch.setattr(pynvml, "nvmlDeviceGetName", lambda h: b"NVIDIA H100")
    monkeypatch.setattr(pynvml, "nvmlDeviceGetTemperature", lambda h, sensor: 41)
    monkeypatch.setattr(pynvml, "nvmlDeviceGetUtilizationRates", lambda h: SimpleNamespace(gpu=7))

    gpu = machine.gpu()

    assert calls == ["init", "shutdown"]
    assert gpu.present and dataclasses.asdict(gpu_view(gpu)) == {
        "present": True,
        "devices": [
            {
                "index": 0,
                "name": "NVIDIA H100",
                "memory_total_bytes": 80 * 2**30,
                "memory_used_bytes": 2**30,
                "temperature_c": 41,
                "utilization_percent": 7,
            }
        ],
    }
    assert GpuHealth.from_json(dataclasses.asdict(gpu_view(gpu))) == gpu


def test_no_driver_is_no_gpu_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_driver() -> None:
        raise pynvml.NVMLError(pynvml.NVML_ERROR_LIBRARY_NOT_FOUND)

    monkeypatch.setattr(pynvml, "nvmlInit", no_driver)

    gpu = machine.gpu()

    assert not gpu.present
    wire = dataclasses.asdict(gpu_view(gpu))
    assert wire["message"] == NO_GPU and wire["reason"]
    assert not GpuHealth.from_json(wire).present
