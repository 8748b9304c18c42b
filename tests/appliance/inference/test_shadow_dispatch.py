"""A shadow version analyses the same series in the same worker pool after the live one, and its
findings are kept apart, with their version, out of the findings the worklist and triage read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from appliance.catalogue import jobs
from appliance.catalogue.database import Database, open_database
from appliance.catalogue.shadow import shadow_findings
from appliance.config import load_config
from appliance.inference.dispatcher import AnalysisDispatcher
from tests.appliance.inference.test_dispatcher import _register, _run_until_settled, _small_series
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


def test_a_shadow_version_runs_after_the_live_one_and_its_findings_stay_apart(
    db: Database, tmp_path: Path
) -> None:
    models = _two_versions(tmp_path)
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path)},
            "inference": {
                "models_dir": str(models), "workers": 1, "shadow_versions": [f"{NAME}@{SHADOW}"],
            },
        },
        environ={},
    )  # fmt: skip
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
