"""``scanside reanalyse --send`` (issue 21, item 4): a re-analysis by the live version reaches
PACS only when asked, through the same outbox as a live analysis, and is delivered by the real
outbox sender to a real DICOM peer (dcmtk's storescp); a shadow version's never leaves."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pydicom
import pytest

from appliance.catalogue.database import open_database
from appliance.catalogue.findings import record_analysis
from appliance.cli import main
from appliance.config import load_config
from appliance.inference.dispatcher import series_files
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.layout import DataLayout
from appliance.results.sender import OutboxSender
from tests.appliance.inference.test_dispatcher import _register, _small_series
from tests.appliance.inference.tiny_models import NAME, write_repository
from tests.appliance.results.test_sender import _listening
from tests.appliance.results.waiting import wait_until
from tests.conftest import free_port, require_tool

pytestmark = [pytest.mark.slow, pytest.mark.peers]

OLD, NEW = "0.0.1-test", "0.0.2-test"


@pytest.fixture
def pacs(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    folder = tmp_path / "pacs"
    folder.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [require_tool("storescp"), "-aet", "PACS", "-od", str(folder), "+uf", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _listening(port))
        yield port, folder
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_reanalysis_is_sent_to_pacs_only_on_request_and_only_by_the_live_version(
    tmp_path: Path, pacs: tuple[int, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    port, received = pacs
    data = tmp_path / "data"
    models = write_repository(tmp_path / "models")
    other = models / NAME / "versions" / NEW
    other.mkdir(parents=True)
    shutil.copy(models / NAME / "model.onnx", other / "model.onnx")
    manifest = json.loads((models / NAME / "manifest.json").read_text())
    (other / "manifest.json").write_text(json.dumps(manifest | {"version": NEW}))
    settings = tmp_path / "scanside.toml"
    settings.write_text(
        f'[storage]\ndata_dir = "{data}"\n[inference]\nmodels_dir = "{models}"\n'
        f'[[pacs.destinations]]\nname = "pacs"\nae_title = "PACS"\nhost = "127.0.0.1"\n'
        f"port = {port}\n"
    )
    config = load_config(settings, environ={})
    with open_database(DataLayout.at(data).catalogue) as db:
        series = [
            _register(db, data, _small_series(seed, tmp_path / f"sim{seed}"), f"s{seed}")
            for seed in (31, 32)
        ]
        model = InferenceRuntime.from_config(config).nodule_model(NAME)
        for uid in series:
            record_analysis(db, analyse_series(series_files(db, uid, data), model), config.triage)
    cli = ["--config", str(settings)]
    assert main(["models", "promote", f"{NAME}@{NEW}", *cli]) == 0
    reanalyse = ["reanalyse", "--since", "2000-01-01", *cli]

    assert main([*reanalyse, "--model", f"{NAME}@{OLD}", "--send"]) == 2
    assert "a shadow version's results never leave the appliance" in capsys.readouterr().err
    assert main([*reanalyse, "--model", f"{NAME}@{NEW}", "--limit", "1"]) == 0
    assert main([*reanalyse, "--model", f"{NAME}@{NEW}", "--send"]) == 0
    assert "send(s) queued" in capsys.readouterr().out

    with open_database(DataLayout.at(data).catalogue) as db:
        queued = db.query_dicts("SELECT series_uid, sop_instance_uid, destination FROM outbox")
        assert {(q["series_uid"], q["destination"]) for q in queued} == {(series[1], "pacs")}
        sender = OutboxSender(db, DataLayout.at(data), config)
        assert sender.run_once() == len(queued)
    delivered = [pydicom.dcmread(f, stop_before_pixels=True) for f in received.iterdir()]
    assert sorted(str(d.SOPInstanceUID) for d in delivered) == sorted(
        q["sop_instance_uid"] for q in queued
    )
    assert any(str(d.Modality) == "SR" for d in delivered)
