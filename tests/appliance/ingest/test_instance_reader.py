"""The fast header read agrees with pydicom, and leaves everything unusual to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file, get_testdata_files
from pydicom.uid import UID, generate_uid

from appliance.ingest import statuses
from appliance.ingest.header_scan import Truncated, scan_header
from appliance.ingest.instance_reader import _fast, read_instance
from appliance.ingest.parsing import parse_dataset, record_from, split_part10
from appliance.ingest.statuses import RefusedInstance
from tests.appliance.ingest.conftest import PYDICOM_READ_WARNINGS, ct_slice
from tests.appliance.ingest.test_parsing import _bytes_of

pytestmark = PYDICOM_READ_WARNINGS


def _test_files() -> list[Path]:
    files = [
        Path(f)
        for f in get_testdata_files()
        if not f.endswith((".gz", ".bz2", ".zip", ".json", ".txt")) and Path(f).is_file()
    ]
    try:
        import data_store  # noqa: PLC0415 - pydicom-data, a dev dependency

        files += sorted(Path(data_store.__file__).parent.joinpath("data").glob("*.dcm"))
    except ImportError:
        pass
    return files


def test_on_every_pydicom_test_file_the_fast_record_is_pydicoms_or_none() -> None:
    fast = 0
    for path in _test_files():
        try:
            ts, data = split_part10(path.read_bytes())
        except RefusedInstance:
            continue
        record = _fast(data, UID(ts))
        if record is None:
            continue
        fast += 1
        assert record == record_from(parse_dataset(data, ts), ts), path.name
    assert fast >= 100  # the fast path is the common one, not a rarity


def test_the_real_ct_series_takes_the_fast_path(realdata_ct: Path) -> None:
    for path in sorted(realdata_ct.glob("*.dcm"))[:8]:
        ts, data = split_part10(path.read_bytes())
        record = _fast(data, UID(ts))
        assert record is not None
        assert record == record_from(parse_dataset(data, ts), ts)
        assert record.rows == 512 and record.image_position_mm is not None


def test_a_truncated_dataset_is_refused_with_pydicoms_reason() -> None:
    ts, data = _bytes_of(ct_slice(generate_uid(), generate_uid(), 1))
    with pytest.raises(Truncated):
        scan_header(data[:-300], implicit=UID(ts).is_implicit_VR, wanted=())
    with pytest.raises(RefusedInstance) as refused:
        read_instance(data[:-300], ts)
    assert refused.value.status == statuses.TRUNCATED


def test_a_name_outside_ascii_is_decoded_by_pydicom() -> None:
    ds = ct_slice(generate_uid(), generate_uid(), 1)
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.PatientName = "Müller^Jürgen"
    ts, data = _bytes_of(ds)
    assert _fast(data, UID(ts)) is None
    assert read_instance(data, ts).patient_name == "Müller^Jürgen"


def test_deflated_data_is_read_by_pydicom() -> None:
    path = get_testdata_file("image_dfl.dcm")
    assert path is not None
    ts, data = split_part10(Path(path).read_bytes())
    record = read_instance(data, ts)
    assert record.sop_instance_uid == str(dcmread(path).SOPInstanceUID)
