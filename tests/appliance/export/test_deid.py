"""The de-identification rules one object at a time, on a real CT slice."""

from __future__ import annotations

import pydicom
import pytest
from pydicom.dataset import Dataset

from appliance.export.deid import BurnedInAnnotationError, Deidentifier
from tests.conftest import SHARED

KEY = b"k" * 32


@pytest.fixture
def ct_slice() -> Dataset:
    folder = SHARED / "realdata" / "lung-pet-ct-dx-A0001" / "ct"
    if not folder.is_dir():
        pytest.skip(f"real CT not found at {folder}")
    return pydicom.dcmread(sorted(folder.glob("*.dcm"))[0])


def test_an_image_that_declares_burned_in_text_is_refused(ct_slice: Dataset) -> None:
    ct_slice.BurnedInAnnotation = "YES"
    with pytest.raises(BurnedInAnnotationError, match="Burned In Annotation is YES"):
        Deidentifier(KEY).deidentify(ct_slice)


def test_a_screen_capture_that_does_not_declare_it_is_refused(ct_slice: Dataset) -> None:
    ct_slice.Modality = "OT"
    with pytest.raises(BurnedInAnnotationError, match="not declared"):
        Deidentifier(KEY).deidentify(ct_slice)


def test_descriptors_are_kept_when_clean_and_emptied_when_they_name_the_patient(
    ct_slice: Dataset,
) -> None:
    ct_slice.PatientName = "Doe^Jane"
    ct_slice.InstitutionName = "St Elsewhere Hospital"
    ct_slice.StudyDescription = "CT chest low dose"
    ct_slice.SeriesDescription = "Jane lung 1mm"
    ct_slice.ImageComments = f"follow-up of {ct_slice.StudyDate}"

    ds = Deidentifier(KEY).deidentify(ct_slice)

    assert ds.StudyDescription == "CT chest low dose"
    assert ds.SeriesDescription == ""
    assert ds.ImageComments == ""
    assert "Elsewhere" not in str(ds.get("InstitutionName", ""))  # X/Z/D: a dummy


def test_the_same_key_maps_alike_and_another_key_differently(ct_slice: Dataset) -> None:
    study = str(ct_slice.StudyInstanceUID)
    first, again, other = Deidentifier(KEY), Deidentifier(KEY), Deidentifier(b"o" * 32)

    assert first.uid(study) == again.uid(study) != other.uid(study)
    assert first.uid(study).startswith("2.25.") and len(first.uid(study)) <= 64
    assert first.uid("1.2.840.10008.5.1.4.1.1.2") == "1.2.840.10008.5.1.4.1.1.2"  # CT Image Storage
    assert first.text(f"{study}.7") == f"{first.uid(study)}.7"
    assert study not in first.text(f"see {study}.")  # at the end of a sentence
    cut = f"{study}.7"[-40:]  # an LO keeps the last 64 characters of a long id
    assert cut.lstrip(".") not in first.text(cut)
    assert first.patient("P1") == again.patient("P1")
    assert -3650 <= first.patient("P1").offset_days <= -365


def test_private_attributes_go_and_the_method_is_declared(ct_slice: Dataset) -> None:
    block = ct_slice.private_block(0x0011, "ACME", create=True)
    block.add_new(0x01, "LO", "secret")

    ds = Deidentifier(KEY).deidentify(ct_slice)

    assert not any(element.tag.is_private for element in ds)
    assert ds.PatientIdentityRemoved == "YES"
    assert [c.CodeValue for c in ds.DeidentificationMethodCodeSequence] == [
        "113100",
        "113107",
        "113105",
        "113104",
    ]
    assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
