"""The Storage SCP against real senders: dcmtk's echoscu/storescu and a pynetdicom SCU.

Each test starts a Service in-process on free ports (``running`` fixture) and talks to it over
TCP on loopback, as a modality would.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_files
from pydicom.uid import generate_uid
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, Verification  # type: ignore[attr-defined]

from appliance.ingest import statuses
from appliance.ingest.sender import send_files
from tests.appliance.ingest.conftest import (
    DCMTK_ENV,
    PYDICOM_READ_WARNINGS,
    Running,
    ct_slice,
    make_config,
    storescu,
    write_series,
)
from tests.appliance.ingest.raw_pdus import REJECTED, association_answer
from tests.conftest import require_tool

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]


def _echo(port: int, aec: str = "SCANSIDE") -> subprocess.CompletedProcess[str]:
    tool = require_tool("echoscu")
    return subprocess.run(
        [tool, "-aec", aec, "127.0.0.1", str(port)],
        env=DCMTK_ENV,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_echoscu_gets_an_answer(running: Running) -> None:
    assert _echo(running.port).returncode == 0
    assert running.parts.scp.status()["echoes"] == 1


def test_a_wrong_called_ae_title_is_rejected_with_its_reason(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    result = _echo(running.port, aec="NOT_US")
    assert result.returncode != 0
    assert "Called AE Title Not Recognized" in result.stderr
    assert "called AE title 'NOT_US'" in caplog.text
    assert _echo(running.port).returncode == 0


def test_a_calling_title_not_on_the_allow_list_is_rejected(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_config(
        tmp_path, dicom={"peers": [{"ae_title": "CT_ROOM1", "address": "127.0.0.1"}]}
    )
    running = Running(config)
    try:
        _, _, paths = write_series(tmp_path / "in", 1)
        refused = storescu(running.port, *paths, aet="INTRUDER")
        assert refused.returncode != 0
        assert "Calling AE Title Not Recognized" in refused.stderr
        assert "'INTRUDER' from 127.0.0.1 matches no [[dicom.peers]] entry" in caplog.text
        assert storescu(running.port, *paths, aet="CT_ROOM1").returncode == 0
    finally:
        running.close()


def test_a_listed_title_from_an_unlisted_address_is_rejected(tmp_path: Path) -> None:
    config = make_config(
        tmp_path, dicom={"peers": [{"ae_title": "CT_ROOM1", "address": "127.0.0.1"}]}
    )
    running = Running(config)
    try:
        kind, body = association_answer(running.port, calling="CT_ROOM1", bind="127.0.0.2")
        assert (kind, body[3]) == (REJECTED, 0x03)  # calling AE title not recognised
        ae = AE(ae_title="CT_ROOM1")
        ae.add_requested_context(Verification)
        listed = ae.associate(
            "127.0.0.1", running.port, ae_title="SCANSIDE", bind_address=("127.0.0.1", 0)
        )
        assert listed.is_established
        listed.release()
        assert running.parts.scp.status()["rejected"] == 1
    finally:
        running.close()


def test_the_real_ct_series_arrives_whole_with_its_geometry(
    running: Running, realdata_ct: Path
) -> None:
    files = sorted(realdata_ct.glob("*.dcm"))
    result = storescu(running.port, realdata_ct)
    assert result.returncode == 0, result.stderr
    series = running.rows("SELECT * FROM series")
    assert len(series) == 1 and series[0]["instance_count"] == len(files)
    assert series[0]["pixel_spacing_mm"] == pytest.approx([0.841796875, 0.841796875])
    assert series[0]["slice_thickness_mm"] == 5.0
    first = dcmread(files[0], stop_before_pixels=True)
    row = running.rows(
        "SELECT * FROM instances WHERE sop_instance_uid = ?", [first.SOPInstanceUID]
    )[0]
    assert row["image_position_mm"] == pytest.approx([float(v) for v in first.ImagePositionPatient])
    assert row["image_orientation"] == pytest.approx(
        [float(v) for v in first.ImageOrientationPatient]
    )
    assert (row["rows"], row["columns"]) == (512, 512)
    study = running.rows("SELECT * FROM studies")[0]
    assert (study["patient_age_years"], study["modality"]) == (58, "CT")
    stored = dcmread(running.service.layout.root / row["path"])
    assert stored.PixelData == dcmread(files[0]).PixelData
    assert running.parts.completion.check(
        series[0]["last_received_at"] + __import__("datetime").timedelta(seconds=60)
    ) == [series[0]["series_uid"]]


def test_every_pydicom_test_file_is_stored_or_refused_clearly(running: Running) -> None:
    files = [
        Path(f)
        for f in get_testdata_files()
        if not f.endswith((".gz", ".bz2", ".zip", ".json", ".txt"))
    ]
    pydicom_data = pytest.importorskip("data_store", reason="pydicom-data is not installed")
    files += sorted(Path(pydicom_data.__file__).parent.joinpath("data").glob("*.dcm"))
    results = list(send_files(files, host="127.0.0.1", port=running.port, called_ae="SCANSIDE"))
    assert len(results) == len(files)
    by_status: dict[int | None, int] = {}
    for result in results:
        by_status[result.status] = by_status.get(result.status, 0) + 1
        assert result.status is None or result.status in statuses.DESCRIPTIONS, result
    assert by_status.get(statuses.SUCCESS, 0) >= 50, by_status
    assert statuses.INTERNAL_ERROR not in by_status, by_status
    assert _echo(running.port).returncode == 0  # the service carries on
    stored = running.rows("SELECT count(*) AS n FROM instances")[0]["n"]
    assert stored == running.parts.receiver.counts["stored"]


def _send_raw(port: int, path: Path) -> int | None:
    return next(iter(send_files([path], host="127.0.0.1", port=port, called_ae="SCANSIDE"))).status


def test_truncated_files_and_overlong_declared_lengths_are_refused(
    running: Running, tmp_path: Path
) -> None:
    _, _, (path,) = write_series(tmp_path / "in", 1, rows=64)
    whole = path.read_bytes()
    truncated = tmp_path / "truncated.dcm"
    truncated.write_bytes(whole[:-3000])
    overlong = tmp_path / "overlong.dcm"
    ds = dcmread(path)
    ds.PixelData = ds.PixelData[:100]
    ds.save_as(overlong, enforce_file_format=True)
    blob = bytearray(overlong.read_bytes())
    at = blob.rindex(b"\xe0\x7f\x10\x00")  # (7FE0,0010), then OW, 2 reserved, 4-byte length
    blob[at + 8 : at + 12] = (64 * 64 * 2).to_bytes(4, "little")
    overlong.write_bytes(bytes(blob))
    assert _send_raw(running.port, truncated) == statuses.TRUNCATED
    assert _send_raw(running.port, overlong) == statuses.TRUNCATED
    assert _send_raw(running.port, path) == statuses.SUCCESS
    assert running.rows("SELECT count(*) AS n FROM instances")[0]["n"] == 1


def test_uids_with_paths_in_them_never_become_paths(running: Running, tmp_path: Path) -> None:
    sent = []
    for i, bad in enumerate(["../../../../tmp/owned", "/etc/passwd", "1.2.3/../../x"]):
        ds = ct_slice(generate_uid(), generate_uid(), i)
        ds.SOPInstanceUID = bad
        ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        path = tmp_path / f"bad{i}.dcm"
        ds.save_as(path, enforce_file_format=True)
        sent.append(_send_raw(running.port, path))
    assert sent == [statuses.INVALID_UID] * 3
    root = running.service.layout.root
    assert not Path("/tmp/owned").exists()
    assert [p for p in root.rglob("*") if p.is_file() and p.suffix == ".dcm"] == []


def test_non_dicom_bytes_on_the_port_do_not_disturb_the_service(running: Running) -> None:
    with socket.create_connection(("127.0.0.1", running.port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: scanside\r\n\r\n" + bytes(range(256)) * 8)
        sock.settimeout(5)
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            sock.recv(1024)  # an A-ABORT or nothing; either way the connection is dropped
    assert _echo(running.port).returncode == 0


def test_a_disk_filling_up_mid_study_refuses_with_a700_and_leaves_nothing_partial(
    running: Running, tmp_path: Path
) -> None:
    _, series_uid, paths = write_series(tmp_path / "in", 6)
    store = running.parts.store
    ae = AE(ae_title="CT_SCANNER")
    ae.add_requested_context(CTImageStorage)
    assoc = ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE")
    assert assoc.is_established
    try:
        codes = []
        for i, path in enumerate(paths):
            if i == 3:
                store.min_free_bytes = 1 << 62  # the disk is now "full"
            codes.append(int(assoc.send_c_store(dcmread(path)).Status))
    finally:
        assoc.release()
    assert codes == [
        0,
        0,
        0,
        statuses.OUT_OF_RESOURCES,
        statuses.OUT_OF_RESOURCES,
        statuses.OUT_OF_RESOURCES,
    ]
    assert list(running.service.layout.incoming.iterdir()) == []
    assert (
        running.rows("SELECT instance_count FROM series WHERE series_uid = ?", [series_uid])[0][
            "instance_count"
        ]
        == 3
    )
    assert len(list(running.service.layout.store.rglob("*.dcm"))) == 3


def test_several_senders_at_once(running: Running, tmp_path: Path) -> None:
    folders = []
    for n in range(4):
        write_series(tmp_path / f"sender{n}", 25)
        folders.append(tmp_path / f"sender{n}")
    results: list[int] = []
    threads = [
        threading.Thread(
            target=lambda f=f: results.append(
                storescu(running.port, f, aet=f"CT{f.name[-1]}").returncode
            )
        )
        for f in folders
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [0, 0, 0, 0]
    counts = running.rows("SELECT calling_ae, instance_count FROM series ORDER BY calling_ae")
    assert [(r["calling_ae"], r["instance_count"]) for r in counts] == [
        (f"CT{n}", 25) for n in range(4)
    ]


def test_pynetdicom_echo_over_an_association(running: Running) -> None:
    ae = AE()
    ae.add_requested_context(Verification)
    assoc = ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE")
    assert assoc.is_established
    assert int(assoc.send_c_echo().Status) == 0
    assoc.release()


@pytest.mark.slow
def test_a_thousand_image_study_over_one_association(running: Running, tmp_path: Path) -> None:
    _, series_uid, _ = write_series(tmp_path / "big", 1000, rows=8)
    result = storescu(running.port, tmp_path / "big")
    assert result.returncode == 0, result.stderr[-2000:]
    assert running.parts.scp.status()["associations"] == 1
    row = running.rows("SELECT instance_count FROM series WHERE series_uid = ?", [series_uid])[0]
    assert row["instance_count"] == 1000


def test_the_import_sender_reconnects_when_its_association_is_lost(
    running: Running, tmp_path: Path
) -> None:
    _, series_uid, paths = write_series(tmp_path / "in", 3)
    results = send_files(paths, host="127.0.0.1", port=running.port, called_ae="SCANSIDE")
    first = next(results)
    running.parts.scp.abort_all()  # the service drops the association
    rest = list(results)
    assert [r.status for r in [first, *rest]] == [0, 0, 0]
    assert running.parts.scp.status()["associations"] == 2
    row = running.rows("SELECT instance_count FROM series WHERE series_uid = ?", [series_uid])[0]
    assert row["instance_count"] == 3
