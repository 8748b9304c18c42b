"""An image is acknowledged only when it is whole and its description of itself makes sense.

Issue 18, break 2: a CT slice whose NumberOfFrames was "0" or "-1" and whose pixel data was cut
short was answered Success (the fast header path read "0" as zero bytes needed; both paths took
a negative count), so the scanner never sent it again. Each case is sent over a real
association in three transfer syntaxes: explicit little endian takes the fast header path,
explicit big endian and deflated go through pydicom.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    generate_uid,
)
from pynetdicom.dsutils import encode

from appliance.ingest import statuses
from appliance.ingest.sender import send_files
from appliance.ingest.store import part10_header
from tests.appliance.ingest.conftest import PYDICOM_READ_WARNINGS, Running, ct_slice

pytestmark = [pytest.mark.peers, PYDICOM_READ_WARNINGS]

SYNTAXES = [ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian]
_PLACEHOLDER = b"99"
WHOLE = 16 * 16 * 2  # bytes of one 16x16 16-bit frame


def _slice_file(
    folder: Path, syntax: str, frames: bytes, pixel_bytes: int, name: str = "slice.dcm"
) -> Path:
    """A 16x16 CT slice in ``syntax`` whose NumberOfFrames value is exactly ``frames`` (two
    bytes, as a broken modality would send it) and whose pixel data has ``pixel_bytes``."""
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    ds.NumberOfFrames = _PLACEHOLDER.decode()
    ds.PixelData = ds.PixelData[:pixel_bytes]
    little = syntax != ExplicitVRBigEndian
    raw = encode(ds, False, little)
    assert raw is not None
    at = raw.index(b"IS" + (b"\x02\x00" if little else b"\x00\x02") + _PLACEHOLDER)
    raw = raw[: at + 4] + frames + raw[at + 6 :]
    if syntax == DeflatedExplicitVRLittleEndian:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        raw = compressor.compress(raw) + compressor.flush()
    path = folder / name
    path.write_bytes(part10_header(ds.SOPClassUID, ds.SOPInstanceUID, syntax) + raw)
    return path


def _send(running: Running, path: Path) -> int | None:
    (result,) = send_files([path], host="127.0.0.1", port=running.port, called_ae="SCANSIDE")
    return result.status


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("frames", [b"0 ", b"-1", b"ab", b"1\\"])
@pytest.mark.parametrize("pixel_bytes", [WHOLE // 3, WHOLE])
def test_an_impossible_number_of_frames_is_refused_never_acknowledged(
    running: Running, tmp_path: Path, syntax: str, frames: bytes, pixel_bytes: int
) -> None:
    status = _send(running, _slice_file(tmp_path, syntax, frames, pixel_bytes))
    assert status == statuses.INVALID_VALUE
    assert running.parts.receiver.counts["stored"] == 0


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_pixel_data_shorter_than_its_frames_is_refused_as_truncated(
    running: Running, tmp_path: Path, syntax: str
) -> None:
    short = _slice_file(tmp_path, syntax, b"2 ", WHOLE, "two_frames_one_sent.dcm")
    whole = _slice_file(tmp_path, syntax, b"1 ", WHOLE, "one_frame.dcm")
    assert _send(running, short) == statuses.TRUNCATED
    assert _send(running, whole) == statuses.SUCCESS
