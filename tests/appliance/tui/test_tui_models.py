"""The models screen (``m``): installed versions and a shadow version's agreement with the live
one, read from a real API over a real catalogue and a real model repository of two versions."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn
from textual.pilot import Pilot

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.catalogue.findings import record_analysis
from appliance.catalogue.shadow import record_shadow_analysis
from appliance.config import TriageConfig, load_config
from appliance.service import Service
from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.decode import decode
from appliance.tui.models_screen import ModelsScreen, agreement_text, version_rows
from appliance.tui.responses import ModelVersion, ShadowAgreement
from tests.appliance.inference.tiny_models import NAME, write_repository
from tests.appliance.monitoring.synthetic import synthetic_analysis
from tests.appliance.tui.screen_text import screen_text
from tests.conftest import free_port

LIVE, SHADOW = "0.0.1-test", "0.0.2-test"


def test_versions_are_listed_live_first_with_the_version_a_rollback_returns_to() -> None:
    models = [decode({"name": NAME, "live": "b", "shadow": ["c"], "installed": ["a", "b", "c", "d"],
                      "history": [{"version": "a"}], "changed_at": None, "changed_by": None},
                     ModelVersion)]  # fmt: skip
    assert version_rows(models) == [
        (NAME, "b", "live"), (NAME, "c", "shadow"), (NAME, "a", "earlier live (rollback)"),
        (NAME, "d", "installed"),
    ]  # fmt: skip


def test_the_agreement_names_the_changed_studies() -> None:
    changes = [{"study_uid": f"ST{n}", "series_uid": f"S{n}", "live": "2", "shadow": "4A"}
               for n in range(7)]  # fmt: skip
    summary = decode({
        "model": NAME, "live": LIVE, "shadow": SHADOW, "series": 9, "findings_live": 12,
        "findings_shadow": 10, "matched": 9, "only_live": 3, "only_shadow": 1,
        "diameter_difference_mm": {"mean": 0.4, "median_abs": 0.5},
        "lung_rads_changed": changes, "priority_changed": [],
        "seconds_per_series": {"live": 30.0, "shadow": 31.5}, "per_series": [],
    }, ShadowAgreement)  # fmt: skip
    text = agreement_text(summary).plain
    assert f"{NAME} {SHADOW} (shadow) against {LIVE} (live)" in text
    assert "9 series both analysed" in text and "3 only live, 1 only shadow" in text
    assert "mean +0.40 mm" in text and "live 30.0 s, shadow 31.5 s" in text
    assert "Lung-RADS changed: 7" in text and "study ST0: 2 -> 4A" in text
    assert "... and 2 more" in text and "priority changed: 0" in text


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A real API over a catalogue where both versions analysed two series."""
    models = write_repository(tmp_path / "models")
    other = models / NAME / "versions" / SHADOW
    other.mkdir(parents=True)
    shutil.copy(models / NAME / "model.onnx", other / "model.onnx")
    manifest = json.loads((models / NAME / "manifest.json").read_text())
    (other / "manifest.json").write_text(json.dumps(manifest | {"version": SHADOW}))
    port = free_port()
    config = load_config(None, environ={}, overrides={
        "storage": {"data_dir": str(tmp_path / "data")}, "http": {"port": port},
        "inference": {"models_dir": str(models), "shadow_versions": [f"{NAME}@{SHADOW}"]},
    })  # fmt: skip
    service = Service(config)
    rng = np.random.default_rng(5)
    for n, shadow_category in ((1, "4B"), (2, None)):
        live = dataclasses.replace(synthetic_analysis(rng, n), model_version=LIVE, lung_rads="2")
        record_analysis(service.db, live, TriageConfig())
        shadow = dataclasses.replace(live, model_version=SHADOW,
                                     lung_rads=shadow_category or live.lung_rads)  # fmt: skip
        record_shadow_analysis(service.db, shadow)
    token = tokens.create_token(service.db, "technologist", "tui-models")
    server = uvicorn.Server(
        uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", token
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        service.close()


@pytest.mark.anyio
async def test_m_shows_the_versions_and_the_shadow_agreement(api: tuple[str, str]) -> None:
    url, token = api
    app = ScanSideApp(ApiClient(url, token), refresh_s=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("m")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ModelsScreen)
        text = screen_text(app)
    assert f"{SHADOW} (shadow) against {LIVE} (live)" in text, text
    assert "2 series both analysed" in text
    assert "Lung-RADS changed: 1" in text and "2 -> 4B" in text
    assert "live" in text and "shadow" in text


def test_the_models_screen_at_100x30_matches_its_snapshot(
    api: tuple[str, str], snap_compare: Any
) -> None:
    """The versions and the shadow's agreement (``pytest --snapshot-update`` after an intended
    change, and review the diff)."""
    url, token = api

    async def models_open(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ModelsScreen)
        # the table widens its columns to its rows a frame after they are added: wait for the
        # model's whole name before the picture (CI once caught the frame with "lung_")
        for _ in range(40):
            if NAME in screen_text(pilot.app):
                break
            await pilot.pause(0.05)

    app = ScanSideApp(ApiClient(url, token), refresh_s=0)
    assert snap_compare(app, terminal_size=(100, 30), run_before=models_open)
