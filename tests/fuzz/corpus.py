"""The seed corpus: real data sets and a real association, as each target takes its bytes.

Seeds come from pydicom's test files (every transfer syntax it ships), the real chest CT series
in ``../shared/realdata`` when it is there (its first slices), and one synthetic CT slice; the
association seeds are a whole C-ECHO and a whole C-STORE conversation as a peer sends them.
"""

from __future__ import annotations

import struct
from pathlib import Path

from pydicom.data import get_testdata_files
from pydicom.uid import CTImageStorage, generate_uid
from pynetdicom.dsutils import encode

from appliance.ingest.parsing import split_part10
from appliance.ingest.statuses import RefusedInstance
from tests.appliance.ingest.raw_pdus import associate_rq, c_store_rq, command_set, p_data
from tests.conftest import SHARED
from tests.fuzz.targets import SYNTAXES

__all__ = ["seeds"]

_MAX_SEED = 600 * 1024


def _data_sets() -> list[tuple[str, bytes]]:
    files = [Path(f) for f in get_testdata_files() if f.endswith(".dcm")]
    real = SHARED / "realdata" / "lung-pet-ct-dx-A0001" / "ct"
    files += sorted(real.glob("*.dcm"))[:3] if real.is_dir() else []
    found = []
    for path in files:
        if path.stat().st_size > _MAX_SEED:
            continue
        try:
            found.append(split_part10(path.read_bytes()))
        except RefusedInstance:
            continue
    from tests.appliance.ingest.conftest import ct_slice  # noqa: PLC0415 - numpy-heavy

    slice_ = ct_slice(generate_uid(), generate_uid(), 0)
    raw = encode(slice_, False, True)
    assert raw is not None
    found.append(("1.2.840.10008.1.2.1", raw))
    return found


def _pdu(kind: int, body: bytes) -> bytes:
    return struct.pack(">BBL", kind, 0, len(body)) + body


def _conversations() -> list[bytes]:
    release = _pdu(0x05, b"\x00" * 4)
    echo = command_set(
        AffectedSOPClassUID="1.2.840.10008.1.1",
        CommandField=0x0030,
        MessageID=1,
        CommandDataSetType=0x0101,
    )
    from tests.appliance.ingest.conftest import ct_slice  # noqa: PLC0415 - numpy-heavy

    slice_ = ct_slice(generate_uid(), generate_uid(), 0)
    data = encode(slice_, True, True)
    assert data is not None
    store = c_store_rq(CTImageStorage, str(slice_.SOPInstanceUID), message_id=2)
    half = len(data) // 2
    return [
        associate_rq(abstract="1.2.840.10008.1.1", calling="FUZZ")
        + p_data(1, 0x03, echo)
        + release,
        associate_rq(abstract=CTImageStorage, calling="FUZZ")
        + p_data(1, 0x03, store)
        + p_data(1, 0x00, data[:half])
        + p_data(1, 0x02, data[half:])
        + release,
    ]


def seeds(target: str) -> list[bytes]:
    """The seed inputs of ``target``, in its input format (see :mod:`tests.fuzz.targets`)."""
    if target == "association":
        return _conversations()
    found = []
    for ts, dataset in _data_sets():
        if target == "instance_reader" and ts in SYNTAXES:
            found.append(bytes((SYNTAXES.index(ts),)) + dataset)
        elif target == "header_scan" and ts in (SYNTAXES[0], SYNTAXES[1]):
            found.append(bytes((1 if ts == SYNTAXES[1] else 0,)) + dataset)
    return found
