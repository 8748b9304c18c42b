"""Promoting and rolling back a model inside the running service (issue 21, item 3 through the
API): a real ``scanside serve`` with a real ONNX model repository of three versions, series
sent over DICOM, and the switch taking effect for the next series without a restart."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pydicom
import pytest

from appliance import runinfo
from appliance.catalogue.database import open_database
from appliance.layout import DataLayout
from appliance.simulate import simulate_study, write_series
from appliance.simulate.sender import send_datasets
from tests.appliance.inference.tiny_models import NAME, write_repository
from tests.appliance.ingest.serve_process import ServeProcess

pytestmark = pytest.mark.slow

OLD, NEW, DAMAGED = "0.0.1-test", "0.0.2-test", "0.0.3-damaged"


def _add_version(root: Path, version: str, *, sha256: str | None = None) -> None:
    """Another version beside the tiny model: same graph, nodule threshold 0.9 (so its
    answers differ), its own version string; ``sha256`` overrides the file's checksum."""
    folder = root / NAME / "versions" / version
    folder.mkdir(parents=True)
    shutil.copy(root / NAME / "model.onnx", folder / "model.onnx")
    manifest = json.loads((root / NAME / "manifest.json").read_text())
    manifest["version"] = version
    manifest["thresholds"]["nodule"] = 0.9
    if sha256 is not None:
        manifest["files"]["fp32"]["sha256"] = sha256
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _small_series(seed: int, folder: Path) -> Path:
    """A small simulated chest CT series (60 slices, 192 x 192) with one 9 mm nodule."""
    study = simulate_study(
        seed, slices=60, slice_thickness_mm=2.5, pixel_spacing_mm=1.5, rows=192, diameters_mm=(9.0,)
    )
    return write_series(study, folder)


class Api:
    def __init__(self, serve: ServeProcess) -> None:
        self.base = f"{serve.base_url}/api/v1"
        admin = runinfo.admin_token(DataLayout.at(serve.data_dir))
        self.admin = {"Authorization": f"Bearer {admin}"}
        made = httpx.post(f"{self.base}/tokens", headers=self.admin, timeout=30,
                          json={"role": "technologist", "name": "tech"})  # fmt: skip
        made.raise_for_status()
        self.technologist = {"Authorization": f"Bearer {made.json()['token']}"}

    def post(self, path: str, headers: dict[str, str], **params: str) -> httpx.Response:
        return httpx.post(f"{self.base}/{path}", params=params, headers=headers, timeout=60)

    def get(self, path: str, **params: Any) -> Any:
        answer = httpx.get(f"{self.base}/{path}", params=params, headers=self.admin, timeout=30)
        answer.raise_for_status()
        return answer.json()

    def analysed(self, series: Path, port: int) -> str:
        """Send the series over DICOM and wait for its live analysis; its UID."""
        files = sorted(series.glob("*.dcm"))
        send_datasets([pydicom.dcmread(f) for f in files], "127.0.0.1", port)
        uid = str(pydicom.dcmread(files[0], stop_before_pixels=True).SeriesInstanceUID)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            row = next((r for r in self.get("feed") if r["series_uid"] == uid), None)
            if row is not None and row["analysis_state"] in ("done", "failed"):
                assert row["analysis_state"] == "done", row
                return uid
            time.sleep(0.3)
        raise AssertionError(f"series {uid} was not analysed")


def test_promote_and_rollback_in_the_running_service_take_effect_for_the_next_series(
    tmp_path: Path,
) -> None:
    models = write_repository(tmp_path / "models")
    _add_version(models, NEW)
    _add_version(models, DAMAGED, sha256="0" * 64)
    series = [_small_series(seed, tmp_path / f"sim-{seed}") for seed in (11, 12, 13)]
    data = tmp_path / "data"
    serve = ServeProcess(data, quiet_s=1.0, env={"SCANSIDE_INFERENCE__MODELS_DIR": str(models)})
    try:
        api = Api(serve)
        first = api.analysed(series[0], serve.port)

        refused = api.post(f"models/{NAME}/promote", api.technologist, version=NEW)
        assert refused.status_code == 403, refused.text
        promoted = api.post(f"models/{NAME}/promote", api.admin, version=NEW)
        assert promoted.status_code == 200, promoted.text
        assert promoted.json() | {"detail": ""} == {
            "name": NAME, "live": NEW, "previous": OLD, "changed": True, "detail": "",
        }  # fmt: skip
        second = api.analysed(series[1], serve.port)

        damaged = api.post(f"models/{NAME}/promote", api.admin, version=DAMAGED)
        assert damaged.status_code == 409, damaged.text
        assert "checksum mismatch" in damaged.json()["detail"]
        assert f"{NAME} {NEW} is still live" in damaged.json()["detail"]
        versions = api.get("models/versions")["models"][0]
        assert (versions["live"], [h["version"] for h in versions["history"]]) == (NEW, [OLD])
        assert versions["installed"] == [OLD, NEW, DAMAGED]

        rolled = api.post(f"models/{NAME}/rollback", api.admin)
        assert rolled.status_code == 200, rolled.text
        assert (rolled.json()["live"], rolled.json()["previous"]) == (OLD, NEW)
        third = api.analysed(series[2], serve.port)
        analysis = api.get("status")["components"]["analysis"]
        assert analysis["worker_restarts"] == 0  # the same worker, the same service process
        assert serve.process.poll() is None
    finally:
        assert serve.stop() == 0, serve.output()
    with open_database(DataLayout.at(data).catalogue) as db:
        versions_by_series = dict(
            db.execute(
                "SELECT series_uid, json_extract_string(detail, '$.model_version') FROM jobs "
                "WHERE kind = 'analyse_series' AND state = 'done'"
            )
        )
        audit = db.execute(
            "SELECT action, status_code, token_name FROM audit_log "
            "WHERE action LIKE 'model.%' ORDER BY accessed_at"
        )
    assert versions_by_series == {first: OLD, second: NEW, third: OLD}
    assert [row[:2] for row in audit] == [
        ("model.promote", 403), ("model.promote", 200), ("model.promote", 409),
        ("model.rollback", 200),
    ]  # fmt: skip
    assert audit[0][2] == "tech"
