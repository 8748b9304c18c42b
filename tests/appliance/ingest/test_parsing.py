"""What the receiver accepts, what it refuses, and which attributes it keeps."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from appliance.ingest import statuses
from appliance.ingest.parsing import age_in_years, parse_dataset, record_from, split_part10
from appliance.ingest.statuses import RefusedInstance
from tests.appliance.ingest.conftest import PYDICOM_READ_WARNINGS, ct_slice

pytestmark = PYDICOM_READ_WARNINGS


def _encoded(ds_bytes_path: str) -> tuple[str, bytes]:
    with open(ds_bytes_path, "rb") as fh:
        return split_part10(fh.read())


def _bytes_of(ds: object) -> tuple[str, bytes]:
    buffer = BytesIO()
    ds.save_as(buffer, enforce_file_format=True)  # type: ignore[attr-defined]
    return split_part10(buffer.getvalue())


def test_a_ct_slice_yields_the_attributes_a_cohort_query_needs() -> None:
    ts, data = _bytes_of(ct_slice(generate_uid(), generate_uid(), 3, expected=40))
    record = record_from(parse_dataset(data, ts), ts)
    assert record.sex == "F"
    assert record.birth_date == date(1960, 2, 15)
    assert record.study_date == date(2024, 2, 14)
    assert record.age_years == 63
    assert (record.modality, record.body_part) == ("CT", "CHEST")
    assert record.image_position_mm == (-100.0, -100.0, -3.75)
    assert record.image_orientation == (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    assert record.pixel_spacing_mm == (0.7, 0.7)
    assert record.slice_thickness_mm == 1.25
    assert (record.rows, record.columns, record.expected_instances) == (16, 16, 40)


def test_age_is_whole_years_on_the_study_date_else_patient_age() -> None:
    assert age_in_years(date(1960, 6, 1), date(2020, 5, 31), None) == 59
    assert age_in_years(date(1960, 6, 1), date(2020, 6, 1), None) == 60
    assert age_in_years(None, date(2020, 6, 1), "058Y") == 58
    assert age_in_years(None, None, "006M") is None


def test_compressed_pixel_data_is_accepted_as_is() -> None:
    ts, data = _encoded(get_testdata_file("JPEG2000.dcm"))  # type: ignore[arg-type]
    record = record_from(parse_dataset(data, ts), ts)
    assert record.transfer_syntax_uid == ts


@pytest.mark.parametrize("cut", [200, 1500, 5000])
def test_truncated_data_is_refused_as_truncated(cut: int) -> None:
    ts, data = _encoded(get_testdata_file("CT_small.dcm"))  # type: ignore[arg-type]
    with pytest.raises(RefusedInstance) as err:
        parse_dataset(data[: len(data) - cut], ts)
    assert err.value.status == statuses.TRUNCATED


def test_truncated_encapsulated_pixel_data_is_refused() -> None:
    ts, data = _encoded(get_testdata_file("JPEG2000.dcm"))  # type: ignore[arg-type]
    with pytest.raises(RefusedInstance) as err:
        parse_dataset(data[:-300], ts)
    assert err.value.status == statuses.TRUNCATED


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "1.2.3/../4", "1.2." + "3" * 70])
def test_a_uid_that_is_not_a_uid_is_refused(bad: str) -> None:
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    ds.SOPInstanceUID = bad
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    ts, data = _bytes_of(ds)
    with pytest.raises(RefusedInstance) as err:
        parse_dataset(data, ts)
    assert err.value.status == statuses.INVALID_UID


def test_a_missing_series_uid_is_refused() -> None:
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    del ds.SeriesInstanceUID
    ts, data = _bytes_of(ds)
    with pytest.raises(RefusedInstance) as err:
        parse_dataset(data, ts)
    assert err.value.status == statuses.MISSING_ATTRIBUTE


def test_bytes_that_are_not_dicom_are_refused() -> None:
    with pytest.raises(RefusedInstance) as err:
        parse_dataset(b"GET / HTTP/1.1\r\nHost: scanside\r\n\r\n" * 3, "1.2.840.10008.1.2.1")
    assert err.value.status in (statuses.CANNOT_DECODE, statuses.TRUNCATED, statuses.MISSING_ATTRIBUTE)


def test_the_stored_file_reads_back_with_a_zero_preamble() -> None:
    from appliance.ingest.store import part10_bytes

    ts, data = _encoded(get_testdata_file("CT_small.dcm"))  # type: ignore[arg-type]
    record = record_from(parse_dataset(data, ts), ts)
    blob = part10_bytes(data, record.sop_class_uid, record.sop_instance_uid, ts)
    assert blob[:128] == b"\x00" * 128 and blob[128:132] == b"DICM"
    ds = dcmread(BytesIO(blob))
    assert ds.file_meta.MediaStorageSOPInstanceUID == record.sop_instance_uid
    assert ds.SOPInstanceUID == record.sop_instance_uid
