"""Decoding CPU time per data set (issue 18, break 3: ``dicom.max_decode_cpu_s``).

A data set within the size and inflation limits can still be costly to decode: 64 MiB of
deflated zeros, or a sequence of hundreds of thousands of items. It was decoded in full on the
association's thread. Now one clock of the thread's own CPU time runs over inflating, the header
walk and pydicom's decode; past the budget the decode stops and the C-STORE is answered 0xC217
(cannot understand: sent again, it would cost as much again), and nothing is kept. Each attack
is sent over a real association on loopback (pynetdicom's SCU, and dcmtk's storescu for the
ordinary CT slice under the default budget).
"""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, generate_uid

from appliance.errors import ConfigError
from appliance.ingest import statuses
from appliance.ingest.instance_reader import read_instance
from appliance.ingest.limits import DatasetLimits, DecodeClock
from appliance.ingest.sender import send_files
from appliance.ingest.statuses import RefusedInstance
from tests.appliance.ingest.conftest import (
    PYDICOM_READ_WARNINGS,
    Running,
    ct_slice,
    make_config,
    storescu,
)
from tests.appliance.ingest.test_limits import _big_slice, _write

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]

MIB = 1024 * 1024
TINY = {"max_decode_cpu_s": 0.01, "max_inflation_ratio": 1032}


def _deflated_zeros() -> tuple[bytes, str]:
    """A valid CT slice of 4096 x 4096 16-bit zeros (32 MiB), deflated about 1000-fold: within
    ``max_dataset_mb`` and, at ratio 1032, within ``max_inflation_ratio``."""
    raw, uid = _big_slice(4096)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(raw) + compressor.flush(), uid


def _wide_sequence(items: int) -> tuple[bytes, str]:
    """A valid CT slice with a Referenced Image Sequence of ``items`` items (one US element
    each) in explicit VR little endian, sequence and items of undefined length (so a reader
    cannot skip them by a length): cheap to send, costly to walk."""
    raw, uid = _big_slice(16)
    element = struct.pack("<HH2sHH", 0x0028, 0x0010, b"US", 2, 1)
    item = struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + element
    item += struct.pack("<HHL", 0xFFFE, 0xE00D, 0)
    sequence = struct.pack("<HH2s2xL", 0x0008, 0x1140, b"SQ", 0xFFFFFFFF) + item * items
    sequence += struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    # (0008,1140) goes just before the first element of group 0010 (Patient's Name).
    split = raw.index(struct.pack("<HH2s", 0x0010, 0x0010, b"PN"))
    return raw[:split] + sequence + raw[split:], uid


def _send(running: Running, path: Path) -> int | None:
    (result,) = send_files([path], host="127.0.0.1", port=running.port, called_ae="SCANSIDE")
    return result.status


def _nothing_kept(running: Running) -> bool:
    layout = running.service.layout
    files = list(layout.root.rglob("*.dcm"))
    return files == [] and list(layout.incoming.iterdir()) == []


def test_deflated_zeros_past_the_cpu_budget_are_refused_and_not_kept(tmp_path: Path) -> None:
    deflated, uid = _deflated_zeros()
    assert len(deflated) < MIB
    path = _write(tmp_path, "zeros.dcm", DeflatedExplicitVRLittleEndian, deflated, uid)
    running = Running(make_config(tmp_path / "data", dicom=TINY))
    try:
        assert _send(running, path) == statuses.DECODE_TOO_COSTLY
        assert _nothing_kept(running)
        assert running.parts.receiver.counts["stored"] == 0
    finally:
        running.close()
    # The same data set is within every other limit: under the default budget it is stored.
    running = Running(make_config(tmp_path / "data2", dicom={"max_inflation_ratio": 1032}))
    try:
        assert _send(running, path) == statuses.SUCCESS
    finally:
        running.close()


def test_a_wide_sequence_past_the_cpu_budget_is_refused_and_not_kept(tmp_path: Path) -> None:
    """300,000 sequence items: the fast header walk stops in the middle of the sequence."""
    data, uid = _wide_sequence(300_000)
    path = _write(tmp_path, "wide.dcm", ExplicitVRLittleEndian, data, uid)
    running = Running(make_config(tmp_path / "data", dicom=TINY))
    try:
        assert _send(running, path) == statuses.DECODE_TOO_COSTLY
        assert _nothing_kept(running)
    finally:
        running.close()


def test_a_ct_slice_stores_under_the_default_budget_with_storescu(tmp_path: Path) -> None:
    ds = ct_slice(generate_uid(), generate_uid(), 0, rows=512)
    path = tmp_path / "slice.dcm"
    ds.save_as(path, enforce_file_format=True)
    running = Running(make_config(tmp_path / "data"))
    try:
        result = storescu(running.port, path)
        assert result.returncode == 0, result.stdout + result.stderr
        stored = list(running.service.layout.root.rglob("*.dcm"))
        assert len(stored) == 1
        assert dcmread(stored[0]).SOPInstanceUID == ds.SOPInstanceUID
    finally:
        running.close()


@pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian])
def test_the_clock_stops_both_decoders(syntax: str) -> None:
    """The header walk (explicit VR) and pydicom's decode (deflated: the walk leaves it to
    pydicom) each stop past the budget, from inside the sequence."""
    data, _ = _wide_sequence(300_000)
    if syntax == DeflatedExplicitVRLittleEndian:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        data = compressor.compress(data) + compressor.flush()
    limits = DatasetLimits(max_decode_cpu_s=0.01, max_inflation_ratio=1032)
    started = time.thread_time()
    with pytest.raises(RefusedInstance) as refused:
        read_instance(data, syntax, limits)
    assert refused.value.status == statuses.DECODE_TOO_COSTLY
    assert "max_decode_cpu_s" in refused.value.message
    assert time.thread_time() - started < 1.0  # stopped, not decoded in full


def test_the_clock_counts_this_threads_cpu() -> None:
    clock = DecodeClock(0.05)
    clock.check()
    time.sleep(0.1)  # waiting is not decoding
    clock.check()
    deadline = time.thread_time() + 0.06
    while time.thread_time() < deadline:
        pass
    with pytest.raises(RefusedInstance):
        clock.check()


@pytest.mark.parametrize("value", ["0", "-1", "601"])
def test_the_setting_is_validated_at_start_up(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="max_decode_cpu_s"):
        make_config(tmp_path / "data", dicom={"max_decode_cpu_s": float(value)})
