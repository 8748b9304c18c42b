"""Drift where people look: the API, the status, the Prometheus metrics, the health screen's
alerts and ``scanside status`` (read from the catalogue file)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from litestar.testing import TestClient

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.cli import main
from appliance.service import Service
from tests.appliance.api.conftest import make_service
from tests.appliance.monitoring.synthetic import record, synthetic_analysis


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, Path]]:
    """A site whose first 80 series were normal and whose last 15 came with a new kernel."""
    data_dir = tmp_path_factory.mktemp("data")
    service = make_service(data_dir)
    rng = np.random.default_rng(7)
    for n in range(95):
        drift = {"kernel": "B70f", "extra_noise_hu": 40.0} if n >= 80 else {}
        record(service.db, synthetic_analysis(rng, n, **drift), n)  # type: ignore[arg-type]
    try:
        yield service, data_dir
    finally:
        service.close()


@pytest.fixture(scope="module")
def client(drifted: tuple[Service, Path]) -> Iterator[tuple[TestClient, dict[str, str]]]:  # type: ignore[type-arg]
    service, _ = drifted
    token = tokens.create_token(service.db, "technologist", "test-drift")
    with TestClient(create_app(service)) as test_client:
        yield test_client, {"Authorization": f"Bearer {token}"}


def test_the_api_serves_each_models_drift(client: tuple[TestClient, dict[str, str]]) -> None:  # type: ignore[type-arg]
    test_client, headers = client
    (report,) = test_client.get("/api/v1/drift", headers=headers).json()
    assert report["model"] == {"name": "lung_nodule", "version": "0.2.3"}
    assert report["state"] == "drift"
    assert report["reference_series"] == 50 and report["window_series"] == 45
    assert {"kernel", "outside_validation"} <= set(report["flagged"])
    assert report["outside_validation_share"] == pytest.approx(15 / 45, abs=0.001)
    status = test_client.get("/api/v1/status", headers=headers).json()
    assert status["drift"] == [report]


def test_the_health_screen_raises_a_drift_alert(client: tuple[TestClient, dict[str, str]]) -> None:  # type: ignore[type-arg]
    test_client, headers = client
    system = test_client.get("/api/v1/system", headers=headers).json()
    assert system["drift"][0]["state"] == "drift"
    alert = next(a for a in system["alerts"] if a["code"] == "model_drift")
    assert alert["level"] == "warning"
    assert alert["message"].startswith("Drift of model lung_nodule 0.2.3: outside_validation")


def test_prometheus_metrics_carry_every_statistic(
    client: tuple[TestClient, dict[str, str]],
) -> None:  # type: ignore[type-arg]
    test_client, headers = client
    text = test_client.get("/metrics", headers=headers).text
    model = 'model="lung_nodule",version="0.2.3"'
    assert f'scanside_drift_state{{{model},state="drift"}} 1\n' in text
    assert f'scanside_drift_flagged{{{model},statistic="kernel"}} 1\n' in text
    assert f'scanside_drift_flagged{{{model},statistic="findings_per_scan"}} 0\n' in text
    assert f"scanside_drift_window_series{{{model}}} 45\n" in text
    assert f'scanside_drift_threshold{{{model},statistic="outside_validation"}} 0.2\n' in text
    assert "# TYPE scanside_drift_statistic gauge" in text


def test_scanside_status_prints_the_drift_from_the_catalogue_file(
    drifted: tuple[Service, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    service, data_dir = drifted
    service.db.close()  # the file is read as when the service is stopped
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    text = capsys.readouterr().out
    assert "drift of lung_nodule 0.2.3: DRIFT (window 45 series, reference 50;" in text
    assert any(line.split()[:1] == ["kernel"] and "DRIFT" in line for line in text.splitlines())
    assert main(["status", "--data-dir", str(data_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["drift"][0]["state"] == "drift"
