"""``scanside reanalyse --since DATE --model NAME@VERSION`` (issue 21, item 3): after a
promotion, the series analysed before are re-analysed only on request, resumably, with progress;
with a version that is not live the answers are kept as shadow analyses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from appliance.catalogue.database import open_database
from appliance.catalogue.findings import record_analysis
from appliance.cli import main
from appliance.config import load_config
from appliance.inference.dispatcher import series_files
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.layout import DataLayout
from tests.appliance.inference.test_dispatcher import _register, _small_series
from tests.appliance.inference.tiny_models import NAME, write_repository

pytestmark = pytest.mark.slow

OLD, NEW = "0.0.1-test", "0.0.2-test"


def test_reanalysis_is_explicit_resumable_and_records_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    models = write_repository(tmp_path / "models")
    other = models / NAME / "versions" / NEW
    other.mkdir(parents=True)
    shutil.copy(models / NAME / "model.onnx", other / "model.onnx")
    manifest = json.loads((models / NAME / "manifest.json").read_text())
    (other / "manifest.json").write_text(json.dumps(manifest | {"version": NEW}))
    monkeypatch.setenv("SCANSIDE_INFERENCE__MODELS_DIR", str(models))
    config = load_config(None, overrides={"storage": {"data_dir": str(data)}})

    # the service analysed two series with the old version
    with open_database(DataLayout.at(data).catalogue) as db:
        series = [
            _register(db, data, _small_series(seed, tmp_path / f"sim{seed}"), f"s{seed}")
            for seed in (31, 32)
        ]
        model = InferenceRuntime.from_config(config).nodule_model(NAME)
        for uid in series:
            record_analysis(db, analyse_series(series_files(db, uid, data), model), config.triage)

    cli = ["--data-dir", str(data)]
    assert main(["models", "promote", f"{NAME}@{NEW}", *cli]) == 0
    assert "re-analysing them is a separate, explicit step" in capsys.readouterr().out

    with open_database(DataLayout.at(data).catalogue, read_only=True) as db:
        versions = db.execute("SELECT DISTINCT model_version FROM series_monitoring")
        found = db.execute("SELECT DISTINCT model_version FROM findings")
    assert versions == [(OLD,)] and found in ([], [(OLD,)])  # the promotion re-analysed nothing

    reanalyse = ["reanalyse", "--since", "2000-01-01", "--model", f"{NAME}@{NEW}", *cli]
    assert main([*reanalyse, "--limit", "1"]) == 0  # stopped after one series
    out = capsys.readouterr().out
    assert f"2 series analysed by {NAME} since 2000-01-01 to analyse with {NEW}" in out
    assert "[1/1] series" in out and "0 already analysed" in out

    assert main(reanalyse) == 0  # resumes: the other series only
    out = capsys.readouterr().out
    assert "1 series analysed" in out and f"1 already analysed by {NEW}, skipped" in out
    assert "[1/1] series" in out

    assert main(reanalyse) == 0
    assert "0 series analysed" in capsys.readouterr().out

    # a version that is not live is kept apart, as a shadow analysis
    assert main(["reanalyse", "--since", "2000-01-01", "--model", f"{NAME}@{OLD}", *cli]) == 0
    assert "not live: kept as a shadow analysis" in capsys.readouterr().out

    with open_database(DataLayout.at(data).catalogue, read_only=True) as db:
        monitored = db.execute(
            "SELECT model_version, count(*) FROM series_monitoring GROUP BY 1 ORDER BY 1"
        )
        shadow = db.execute("SELECT model_version, count(*) FROM shadow_analyses GROUP BY 1")
        findings = db.execute("SELECT DISTINCT model_version FROM findings")
        audited = db.execute(
            "SELECT action, query_string FROM audit_log WHERE action LIKE 'model.%' "
            "ORDER BY audit_id"
        )
    assert monitored == [(OLD, 2), (NEW, 2)]
    assert shadow == [(OLD, 2)]
    assert findings in ([], [(NEW,)])  # the tiny model may find nothing
    assert [a for a, _ in audited] == ["model.promote", *["model.reanalyse"] * 4]
    assert "series=1&failed=0" in audited[1][1]
