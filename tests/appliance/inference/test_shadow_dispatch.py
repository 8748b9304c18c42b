"""A shadow version analyses the same series after the live one, on a worker of its own that is
paused while a live series runs, and its findings are kept apart, with their version, out of
the findings the worklist and triage read."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import psutil
import pytest
from litestar.testing import TestClient

from appliance.api import tokens
from appliance.api.app import create_app
from appliance.catalogue import jobs
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.shadow import shadow_findings
from appliance.cli import main
from appliance.config import AppConfig, load_config
from appliance.inference.dispatcher import AnalysisDispatcher
from appliance.inference.worker import (
    SHADOW_NICENESS,
    WorkerFailure,
    WorkerProcess,
    WorkerSettings,
    WorkRequest,
)
from appliance.service import Service
from tests.appliance.inference.dispatcher_entries import SLOW_LIVE_FLAG, SLOW_SHADOW_FLAG
from tests.appliance.inference.test_dispatcher import (
    _register,
    _run_until_settled,
    _settled,
    _small_series,
    _wait,
)
from tests.appliance.inference.tiny_models import NAME, write_repository

pytestmark = pytest.mark.slow

SHADOW = "0.0.2-test"


def _two_versions(data_dir: Path) -> Path:
    root = write_repository(data_dir / "models")
    other = root / NAME / "versions" / SHADOW
    other.mkdir(parents=True)
    shutil.copy(root / NAME / "model.onnx", other / "model.onnx")
    manifest = json.loads((root / NAME / "manifest.json").read_text())
    (other / "manifest.json").write_text(json.dumps(manifest | {"version": SHADOW}))
    return root


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "catalogue.duckdb")


def _config(data_dir: Path) -> AppConfig:
    models = _two_versions(data_dir)
    return load_config(
        None,
        overrides={
            "storage": {"data_dir": str(data_dir)},
            "inference": {
                "models_dir": str(models), "workers": 1, "shadow_versions": [f"{NAME}@{SHADOW}"],
            },
        },
        environ={},
    )  # fmt: skip


def _state(db: Database, series_uid: str, kind: str) -> str | None:
    rows = db.execute(
        "SELECT state FROM jobs WHERE series_uid = ? AND kind = ? ORDER BY job_id DESC LIMIT 1",
        [series_uid, kind],
    )
    return str(rows[0][0]) if rows else None


def test_a_shadow_version_runs_after_the_live_one_and_its_findings_stay_apart(
    db: Database, tmp_path: Path
) -> None:
    config = _config(tmp_path)
    series_uid = _register(db, tmp_path, _small_series(11, tmp_path / "sim"), "a")
    _run_until_settled(db, AnalysisDispatcher(db, config))

    done = db.query_dicts(
        "SELECT kind, model, state, detail FROM jobs WHERE series_uid = ? ORDER BY job_id",
        [series_uid],
    )
    assert [(j["kind"], j["model"], j["state"]) for j in done] == [
        (jobs.ANALYSE_SERIES, None, "done"),
        (jobs.SHADOW_ANALYSIS, f"{NAME}@{SHADOW}", "done"),
    ]
    live, shadow = (json.loads(j["detail"]) for j in done)
    assert shadow["shadow"] is True and shadow["model_version"] == SHADOW
    # the live findings only in `findings`; the shadow's, with its version, in their own table
    versions = db.execute("SELECT DISTINCT model_version FROM findings WHERE series_uid = ?",
                          [series_uid])  # fmt: skip
    assert versions == ([("0.0.1-test",)] if live["findings"] else [])
    apart = shadow_findings(db, series_uid, SHADOW)
    assert len(apart) == shadow["findings"] == live["findings"]  # same weights, same answer
    row = db.query_dicts("SELECT * FROM shadow_analyses WHERE series_uid = ?", [series_uid])[0]
    assert row["model_version"] == SHADOW and row["analysis_s"] > 0
    # drift monitoring sees the live version only
    assert db.execute("SELECT model_version FROM series_monitoring") == [("0.0.1-test",)]


def test_a_running_shadow_analysis_is_paused_while_a_live_series_runs(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the shadow version works on series A, series B arrives: B runs at once on the live
    worker while the shadow worker (lowest CPU priority) is stopped; once B's result is in, the
    shadow goes on where it was, in the same process and the same try."""
    shadow_flag, live_flag = tmp_path / "shadow-busy", tmp_path / "live-busy"
    shadow_flag.touch()
    monkeypatch.setenv(SLOW_SHADOW_FLAG, str(shadow_flag))
    monkeypatch.setenv(SLOW_LIVE_FLAG, str(live_flag))
    config = _config(tmp_path)
    first = _register(db, tmp_path, _small_series(11, tmp_path / "sim-a"), "a")
    dispatcher = AnalysisDispatcher(
        db, config, entry="tests.appliance.inference.dispatcher_entries:slow_shadow"
    )
    dispatcher.start()
    try:
        _wait(lambda: _state(db, first, jobs.SHADOW_ANALYSIS) == "running")
        shadow = psutil.Process(dispatcher.status()["shadow_worker_pid"])
        _wait(lambda: shadow.nice() == SHADOW_NICENESS, timeout_s=30)  # set as the child starts
        live_flag.touch()
        second = _register(db, tmp_path, _small_series(12, tmp_path / "sim-b"), "b")
        arrived = time.monotonic()
        _wait(lambda: _state(db, second, jobs.ANALYSE_SERIES) == "running")
        _wait(lambda: shadow.status() == psutil.STATUS_STOPPED, timeout_s=10)
        assert dispatcher.status()["shadow_paused"] is True
        live_flag.unlink()
        _wait(lambda: _state(db, second, jobs.ANALYSE_SERIES) == "done")
        waited_s = time.monotonic() - arrived
        _wait(lambda: shadow.status() != psutil.STATUS_STOPPED, timeout_s=10)
        status = dispatcher.status()
        assert status["shadow_pauses"] == 1 and status["shadow_worker_pid"] == shadow.pid
        assert _state(db, first, jobs.SHADOW_ANALYSIS) == "running"  # the same try, going on
        shadow_flag.unlink()
        _wait(lambda: _settled(db))
    finally:
        dispatcher.stop()
    live = db.query_dicts(
        "SELECT epoch(started_at - created_at) AS wait_s FROM jobs "
        "WHERE series_uid = ? AND kind = ?",
        [second, jobs.ANALYSE_SERIES],
    )[0]
    print(f"live series B: {waited_s:.1f} s from arrival to result, waited "
          f"{live['wait_s']:.1f} s to start, the shadow worker paused meanwhile")  # fmt: skip
    shadows = db.query_dicts(
        "SELECT series_uid, state, attempts FROM jobs WHERE kind = ? ORDER BY series_uid",
        [jobs.SHADOW_ANALYSIS],
    )
    assert {(s["series_uid"], s["state"], s["attempts"]) for s in shadows} == {
        (first, "done", 1),
        (second, "done", 1),
    }
    assert live["wait_s"] < 5, "the live series waited for the shadow analysis"


def test_the_versions_are_compared_from_the_catalogue_by_the_cli_and_the_api(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    series_uid = _register(db, tmp_path, _small_series(11, tmp_path / "sim"), "a")
    _run_until_settled(db, AnalysisDispatcher(db, config))
    found = int(db.execute("SELECT count(*) FROM findings")[0][0])
    assert found > 0
    db.close()

    live, shadow = "0.0.1-test", SHADOW
    assert main(["models", "compare", live, shadow, "--data-dir", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["series"], report["findings_live"], report["matched"]) == (1, found, found)
    assert report["lung_rads_changed"] == [] and report["priority_changed"] == []
    assert report["per_series"][0]["series_uid"] == series_uid
    assert report["seconds_per_series"]["shadow"] > 0
    out = tmp_path / "agreement.csv"
    assert main(["models", "compare", live, shadow, "--data-dir", str(tmp_path), "--csv",
                 str(out)]) == 0  # fmt: skip
    assert out.read_text().splitlines()[1].startswith(f"{series_uid},")
    assert main(["models", "compare", live, shadow, "--data-dir", str(tmp_path)]) == 0
    assert "1 series both analysed" in capsys.readouterr().out

    service = Service(config)
    token = tokens.create_token(service.db, "technologist", "test-compare")
    try:
        with TestClient(create_app(service)) as client:
            answer = client.get(
                "/api/v1/models/compare",
                params={"live": live, "shadow": shadow, "since": "2000-01-01"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["matched"] == found
    finally:
        service.close()


def test_time_paused_does_not_count_against_the_timeout_and_a_paused_worker_stops(
    tmp_path: Path,
) -> None:
    """A paused shadow worker (SIGSTOP) is not timed out while paused, calls its caller's
    heartbeat meanwhile, times out once resumed, and stops cleanly even while paused."""
    config = _config(tmp_path)
    entry = "tests.appliance.inference.dispatcher_entries:hang"
    settings = WorkerSettings(config.inference, str(tmp_path / "cache"), entry, shadow=True)
    worker = WorkerProcess(settings)
    worker.start()
    beats: list[float] = []
    outcome: list[BaseException] = []

    def analyse() -> None:
        try:
            worker.run(WorkRequest(("x.dcm",), NAME), 2.0, while_paused=lambda: beats.append(1))
        except WorkerFailure as exc:
            outcome.append(exc)

    try:
        worker.pause()
        thread = threading.Thread(target=analyse)
        thread.start()
        time.sleep(4.0)  # twice the timeout, paused
        assert thread.is_alive() and not outcome and len(beats) >= 4
        worker.resume()
        thread.join(timeout=30)
        assert "took longer than 2 s" in str(outcome[0])
        worker.pause()
    finally:
        worker.stop(timeout_s=2)
    assert worker.pid is None
