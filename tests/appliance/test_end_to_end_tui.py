"""End to end: the simulator sends a CT to a running ``scanside serve``; the series shows live
in the TUI's feed, then the study reaches the API's worklist and the TUI shows its findings.
Also ``scanside demo --no-tui``.

The analysis steps need a nodule model in the model repository and the analysis workers in
``serve``; they are skipped with the reason when the repository has no nodule model.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable

from appliance import runinfo
from appliance.api.local import read_local_admin_token, url_for
from appliance.errors import ModelError
from appliance.inference.repository import DEFAULT_MODELS_DIR, ModelRepository
from appliance.layout import DataLayout
from appliance.tui.app import ScanSideApp
from appliance.tui.client import ApiClient
from appliance.tui.study import StudyScreen
from tests.conftest import REPO, free_port

pytestmark = [pytest.mark.slow, pytest.mark.anyio]


def _nodule_model() -> str | None:
    try:
        names = ModelRepository(DEFAULT_MODELS_DIR).names()
    except ModelError:
        return None
    return next((n for n in names if "nodule" in n), None)


SUSPICIOUS = ("4A", "4B", "4X")
"""Lung-RADS categories of the simulator's ``--suspicious`` nodule."""


def _scanside(*args: str) -> list[str]:
    return [sys.executable, "-m", "appliance", *args]


ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _simulate_and_send(
    info: runinfo.RunInfo, out: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    """``scanside simulate ... --send`` to the running appliance; returns the finished process."""
    return subprocess.run(
        _scanside(
            "simulate", "--out", str(out), *options, "--send", f"127.0.0.1:{info.dicom_port}"
        ),
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _needs_model() -> None:
    if _nodule_model() is None:
        pytest.skip(f"no nodule model in {DEFAULT_MODELS_DIR}")


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[DataLayout, runinfo.RunInfo]]:
    layout = DataLayout.at(tmp_path / "data")
    server = subprocess.Popen(
        _scanside(
            "serve",
            "--data-dir",
            str(layout.root),
            "--port",
            str(free_port()),
            "--http-port",
            str(free_port()),
        ),
        cwd=REPO,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while (info := runinfo.read_running(layout)) is None or not read_local_admin_token(layout):
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        yield layout, info
    finally:
        server.terminate()
        server.wait(timeout=60)


async def test_a_simulated_series_shows_live_in_the_feed(
    serving: tuple[DataLayout, runinfo.RunInfo], tmp_path: Path
) -> None:
    layout, info = serving
    sent = _simulate_and_send(
        info, tmp_path / "sim", "--seed", "5", "--nodules", "1", "--slices", "40", "--rows", "256"
    )
    assert sent.returncode == 0, sent.stderr
    client = ApiClient(url_for(info.http_host, info.http_port), read_local_admin_token(layout))
    deadline = time.monotonic() + 30  # the catalogue writer commits in short bursts
    while not (feed := client.feed()) or feed[0].instance_count < 40:
        assert time.monotonic() < deadline, feed
        time.sleep(0.2)
    app = ScanSideApp(client, refresh_s=0)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("f")
        feed = app.query_one("#feed-table", DataTable)
        assert feed.row_count == 1
        assert feed.get_cell_at((0, 1)) == "SIM000005" and feed.get_cell_at((0, 3)) == "40"


async def test_a_simulated_study_reaches_the_worklist_and_the_tui_with_its_findings(
    serving: tuple[DataLayout, runinfo.RunInfo], tmp_path: Path
) -> None:
    _needs_model()
    layout, info = serving
    sent = _simulate_and_send(
        info, tmp_path / "sim", "--seed", "7", "--nodules", "1", "--suspicious"
    )
    assert sent.returncode == 0, sent.stderr
    client = ApiClient(url_for(info.http_host, info.http_port), read_local_admin_token(layout))
    # The simulator sets no Images in Acquisition, so the series completes after its quiet
    # period; on a slow machine that can pass before the last slices land, and the study is
    # first triaged from part of the series. A late slice re-opens the series and it is
    # analysed again (appliance.ingest.completion): wait for the whole series' answer.
    deadline = time.monotonic() + 300
    while not (items := client.worklist().items) or items[0].lung_rads not in SUSPICIOUS:
        assert time.monotonic() < deadline, f"worklist {items}, feed {client.feed(limit=1)}"
        time.sleep(2)
    study_uid = items[0].study_uid
    app = ScanSideApp(client, refresh_s=0)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert app.query_one("#worklist-table", DataTable).row_count == 1
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert isinstance(app.screen, StudyScreen) and app.screen.study_uid == study_uid
        findings = app.screen.query_one("#findings", DataTable)
        assert findings.row_count >= 1
        assert str(findings.get_cell_at((0, 1))).startswith("4")


def test_the_demo_runs_to_an_analysed_study(tmp_path: Path) -> None:
    _needs_model()
    demo = subprocess.run(
        _scanside(
            "demo",
            "--no-tui",
            "--data-dir",
            str(tmp_path / "data"),
            "--port",
            str(free_port()),
            "--http-port",
            str(free_port()),
            "--timeout",
            "240",
        ),
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "analysed: Lung-RADS 4" in demo.stdout
