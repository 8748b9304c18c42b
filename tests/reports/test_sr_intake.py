"""Text reports that arrive as DICOM SR become searchable reports, read once, negation kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydicom import Dataset
from pydicom.dataset import FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from pynetdicom import AE

from appliance.config import load_config
from appliance.ingest.assembly import IngestParts, add_ingest
from appliance.service import Service
from reports.sr_intake import SrReportIntake
from reports.sr_text import report_from_sr
from tests.conftest import free_port

BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"


def _code(value: str, scheme: str, meaning: str) -> Sequence:
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = value, scheme, meaning
    return Sequence([code])


def _text_item(text: str) -> Dataset:
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "TEXT"
    item.ConceptNameCodeSequence = _code("121071", "DCM", "Finding")
    item.TextValue = text
    return item


def basic_text_sr(study_uid: str, *paragraphs: str) -> Dataset:
    """A Basic Text SR radiology report, as a reporting system would send it."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = BASIC_TEXT_SR, generate_uid()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, generate_uid()
    ds.PatientID, ds.PatientName, ds.PatientSex, ds.PatientBirthDate = (
        "RIS-1",
        "Doe^Jo",
        "F",
        "19600101",
    )
    ds.StudyDate = ds.ContentDate = "20261101"
    ds.StudyTime = ds.ContentTime = "101500"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "SR", 900, 1
    ds.AccessionNumber, ds.ReferringPhysicianName, ds.StudyID = "A1", "", "1"
    ds.Manufacturer = "Some RIS"
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = _code("18748-4", "LN", "Diagnostic imaging report")
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    ds.ContentSequence = Sequence([_text_item(p) for p in paragraphs])
    return ds


def test_the_text_items_become_the_report_in_document_order() -> None:
    ds = basic_text_sr("1.2.3", "Lungs: no emphysema", "Heart: coronary artery calcification.")
    report = report_from_sr(ds)
    assert report is not None
    assert report.text == "Lungs: no emphysema. Heart: coronary artery calcification."
    assert str(report.report_date) == "2026-11-01"


def test_a_measurement_report_is_not_read_as_prose() -> None:
    ds = basic_text_sr("1.2.3", "12.5")
    ds.ConceptNameCodeSequence = _code("126000", "DCM", "Imaging Measurement Report")
    assert report_from_sr(ds) is None


@pytest.fixture
def receiving(tmp_path: Path) -> Iterator[tuple[Service, IngestParts]]:
    config = load_config(
        None,
        overrides={
            "storage": {"data_dir": str(tmp_path / "data"), "min_free_mb": 1, "warn_free_mb": 1},
            "dicom": {"port": free_port()},
        },
        environ={},
    )
    service = Service(config)
    parts = add_ingest(service)
    service.start()
    yield service, parts
    service.close()


def _send(port: int, ds: Dataset) -> int:
    ae = AE(ae_title="RIS")
    ae.add_requested_context(BASIC_TEXT_SR, ExplicitVRLittleEndian)
    assoc = ae.associate("127.0.0.1", port, ae_title="SCANSIDE")
    assert assoc.is_established
    status = assoc.send_c_store(ds)
    assoc.release()
    return int(status.Status)


def test_a_received_sr_report_is_stored_once_with_its_mentions(
    receiving: tuple[Service, IngestParts],
) -> None:
    service, parts = receiving
    study = generate_uid()
    sr = basic_text_sr(study, "No emphysema.", "Coronary artery calcification is present.")
    assert _send(parts.scp.ports["dicom"], sr) == 0x0000
    assert parts.writer.flush(timeout=30)
    intake = SrReportIntake(service.db, service.layout.root)
    assert intake.run_once() == 1
    assert intake.run_once() == 0  # read once, never again
    report = service.db.query_dicts("SELECT text, source FROM reports WHERE study_uid = ?", [study])
    assert report == [
        {"text": "No emphysema. Coronary artery calcification is present.", "source": "dicom-sr"}
    ]
    mentions = {
        (r["concept"], r["negated"])
        for r in service.db.query_dicts(
            "SELECT concept, negated FROM report_mentions WHERE study_uid = ?", [study]
        )
    }
    assert ("emphysema", True) in mentions
    assert ("coronary_calcification", False) in mentions
    assert intake.status() == {"taken": {"report": 1}}
