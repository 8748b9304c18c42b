"""``kill -9`` in the middle of a study, then a restart: nothing acknowledged is lost."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pydicom import dcmread
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage  # type: ignore[attr-defined]

from appliance.catalogue import jobs
from appliance.catalogue.database import open_database
from appliance.layout import DataLayout
from tests.appliance.ingest.conftest import write_series
from tests.appliance.ingest.serve_process import ServeProcess

pytestmark = pytest.mark.peers


def _send_until_killed(serve: ServeProcess, paths: list[Path], kill_after: int) -> list[str]:
    """Send slices one by one; kill -9 the service from another thread mid-study."""
    ae = AE(ae_title="CT_SCANNER")
    ae.add_requested_context(CTImageStorage)
    ae.dimse_timeout = ae.network_timeout = 10
    assoc = ae.associate("127.0.0.1", serve.port, ae_title="SCANSIDE")
    assert assoc.is_established
    acknowledged: list[str] = []
    killer = threading.Timer(0.0, serve.kill9)
    for path in paths:
        ds = dcmread(path)
        if len(acknowledged) == kill_after and killer.ident is None:
            killer.start()  # the kill lands while the next images are in flight
        if not assoc.is_established:
            break
        status = assoc.send_c_store(ds)
        if "Status" in status and int(status.Status) == 0:
            acknowledged.append(str(ds.SOPInstanceUID))
    killer.join()
    assoc.abort()
    return acknowledged


def test_kill_9_mid_study_then_restart_keeps_every_acknowledged_instance(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _, series_uid, paths = write_series(tmp_path / "in", 120, rows=128)
    serve = ServeProcess(data)
    layout = DataLayout.at(data)
    acknowledged = _send_until_killed(serve, paths, kill_after=40)
    assert 40 <= len(acknowledged) < 120
    with open_database(layout.catalogue) as db:  # a crashed job, as the analysis would leave it
        job = jobs.enqueue(db, jobs.ANALYSE_SERIES, study_uid=None, series_uid="1.2.3")
        jobs.claim_next(db)

    restarted = ServeProcess(data)
    try:
        recovery = restarted.status()["components"]["recovery"]  # type: ignore[index]
        assert recovery["requeued_jobs"] == 1
        assert recovery["missing_files"] == 0
        print("recovery after kill -9:", recovery, "acknowledged:", len(acknowledged))
    finally:
        assert restarted.stop() == 0
    assert list(layout.incoming.iterdir()) == []
    with open_database(layout.catalogue, read_only=True) as db:
        stored = {
            r[0]
            for r in db.execute(
                "SELECT sop_instance_uid FROM instances WHERE series_uid = ?", [series_uid]
            )
        }
        assert set(acknowledged) <= stored
        # Requeued at start-up, then taken by the analysis, which skips it: series 1.2.3 has
        # no images. What matters is that it is no longer stuck in 'running'.
        assert db.execute("SELECT state FROM jobs WHERE job_id = ?", [job])[0][0] in (
            "queued",
            "skipped",
        )
        for (path,) in db.execute("SELECT path FROM instances"):
            dcmread(data / path)  # every catalogued file is whole
