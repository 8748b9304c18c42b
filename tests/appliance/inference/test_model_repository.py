"""The model repository: manifests load, checksums guard the files, routing picks the series."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pydicom
import pytest

from appliance.errors import ModelError
from appliance.inference.attenuation_head import head_of, shipped_head
from appliance.inference.measure import ATTENUATION_FEATURES
from appliance.inference.repository import (
    DEFAULT_MODELS_DIR,
    ModelRepository,
    SeriesAttributes,
    sha256_of,
)
from tests.appliance.inference.tiny_models import NAME, add_head, trivial_head, write_repository


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "models" / "lung_nodule"
    target.mkdir(parents=True)
    source = DEFAULT_MODELS_DIR / "lung_nodule"
    for name in ("manifest.json", "lung_nodule_fp32.onnx"):
        shutil.copy(source / name, target / name)
    return tmp_path / "models"


def test_the_shipped_manifest_names_files_that_match_their_checksums() -> None:
    manifest = ModelRepository().get("lung_nodule")
    for precision, entry in manifest.files.items():
        path = manifest.model_path(precision)
        assert sha256_of(path) == entry.sha256
    assert manifest.spacing_mm == (1.25, 1.25, 1.25)
    assert manifest.precision_for("CUDAExecutionProvider") == "fp16"
    assert manifest.precision_for("CPUExecutionProvider") in ("fp32", "int8")


def test_the_reference_models_artifacts_stay_under_20_mb() -> None:
    # The nodule model's folder; the MiniLM text model beside it ships under its own limit.
    folder = DEFAULT_MODELS_DIR / "lung_nodule"
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert 0 < total < 20 * 1024 * 1024


def test_a_damaged_model_file_is_refused_with_its_path(repo_copy: Path) -> None:
    onnx = repo_copy / "lung_nodule" / "lung_nodule_fp32.onnx"
    onnx.write_bytes(onnx.read_bytes()[:-10] + b"0123456789")
    manifest = ModelRepository(repo_copy).get("lung_nodule")
    with pytest.raises(ModelError, match="checksum mismatch") as err:
        manifest.model_path("fp32")
    assert str(onnx) in str(err.value)


def test_a_missing_variant_says_which_exist(repo_copy: Path) -> None:
    manifest = ModelRepository(repo_copy).get("lung_nodule")
    with pytest.raises(ModelError, match="model file missing"):
        manifest.model_path("int8")


def test_a_manifest_without_required_fields_is_rejected(repo_copy: Path) -> None:
    path = repo_copy / "lung_nodule" / "manifest.json"
    data = json.loads(path.read_text())
    del data["input"]["spacing_mm"]
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="spacing_mm"):
        ModelRepository(repo_copy)


def test_the_shipped_version_names_its_attenuation_head_and_the_file_matches() -> None:
    manifest = ModelRepository().get("lung_nodule")
    assert manifest.attenuation_head is not None
    path = manifest.attenuation_head_path()
    assert path == DEFAULT_MODELS_DIR / "lung_nodule" / "attenuation_head.json"
    assert sha256_of(path) == manifest.attenuation_head.sha256
    manifest.verify_files()
    head, shipped = head_of(manifest, ATTENUATION_FEATURES), shipped_head(ATTENUATION_FEATURES)
    assert head is not None and shipped is not None
    assert (head.mode, head.threshold) == (shipped.mode, shipped.threshold) == ("override", 0.7)
    assert (head.coef == shipped.coef).all()


def test_a_head_whose_sha256_differs_is_refused_naming_the_file(tmp_path: Path) -> None:
    root = write_repository(tmp_path / "models")
    path = add_head(root / NAME, trivial_head(), sha256="0" * 64)
    manifest = ModelRepository(root).get(NAME)
    for check in (manifest.attenuation_head_path, manifest.verify_files):
        with pytest.raises(ModelError, match="checksum mismatch") as err:
            check()
        assert str(path) in str(err.value)
    with pytest.raises(ModelError, match="checksum mismatch"):
        head_of(manifest, ATTENUATION_FEATURES)


def test_a_head_the_manifest_names_but_that_is_missing_is_refused(tmp_path: Path) -> None:
    root = write_repository(tmp_path / "models")
    add_head(root / NAME, trivial_head()).unlink()
    with pytest.raises(ModelError, match=r"model file missing: .*attenuation_head\.json"):
        ModelRepository(root).get(NAME).verify_files()


def test_a_version_whose_manifest_names_no_head_has_none(tmp_path: Path) -> None:
    root = write_repository(tmp_path / "models")
    (root / NAME / "attenuation_head.json").write_text("{}")  # beside it, but not named
    manifest = ModelRepository(root).get(NAME)
    assert manifest.attenuation_head is None and manifest.attenuation_head_path() is None
    assert head_of(manifest, ATTENUATION_FEATURES) is None
    manifest.verify_files()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("attenuation_head.json", "must be an object"),
        ({"sha256": "0" * 64}, "missing field 'path'"),
        ({"path": "attenuation_head.json"}, "missing field 'sha256'"),
        ({"path": "attenuation_head.json", "sha256": "abc"}, "'sha256' must be 64 hex digits"),
        ({"path": "../head.json", "sha256": "0" * 64}, "'path' must name a file in the"),
    ],
)
def test_a_malformed_head_entry_is_a_model_error_naming_the_key(
    tmp_path: Path, entry: object, message: str
) -> None:
    root = write_repository(tmp_path / "models")
    path = root / NAME / "manifest.json"
    data = json.loads(path.read_text())
    data["attenuation_head"] = entry
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match=f"attenuation_head: {message}"):
        ModelRepository(root)


@pytest.mark.parametrize(
    ("series", "routed"),
    [
        (SeriesAttributes("CT", "CHEST", "CHEST 1.25mm LUNG", 300, 1.25), True),
        (SeriesAttributes("CT", "", "Thorax 5mm", 64, 5.0), True),
        (SeriesAttributes("CT", "HEAD", "Brain routine", 40, 5.0), False),
        (SeriesAttributes("CT", "CHEST", "Topogram 0.6 T20f", 1, 0.6), False),
        (SeriesAttributes("MR", "CHEST", "Thorax", 100, 3.0), False),
        # 5-10 mm slices are analysed in limited mode (docs/analysis.md); thicker ones are not
        (SeriesAttributes("CT", "CHEST", "Chest 10mm", 30, 10.0), True),
        (SeriesAttributes("CT", "CHEST", "Chest 12mm", 25, 12.0), False),
        # No body part, a series named by its reconstruction: the protocol or the study says
        # what was scanned (TCIA's Lung-PET-CT-Dx A0001: "5mm", "2 Chest C-/Thorax", "Chest").
        (SeriesAttributes("CT", "", "5mm", 64, 5.0, protocol_name="2 Chest C-/Thorax"), True),
        (SeriesAttributes("CT", "", "5mm", 64, 5.0, study_description="Chest"), True),
        (SeriesAttributes("CT", "", "5mm", 64, 5.0, study_description="CT Abdomen"), False),
        (SeriesAttributes("CT", "", "Topogram", 1, 0.6, study_description="Chest"), False),
    ],
)
def test_routing_by_modality_body_part_and_description(
    series: SeriesAttributes, routed: bool
) -> None:
    names = [m.name for m in ModelRepository().route(series)]
    assert ("lung_nodule" in names) is routed
    if not routed:
        assert ModelRepository().get("lung_nodule").routing.reasons_to_skip(series)


def test_series_attributes_are_read_from_the_dicom_header() -> None:
    header = pydicom.Dataset()
    header.Modality, header.SeriesDescription, header.SliceThickness = "CT", "5mm", "5.00"
    header.ProtocolName, header.StudyDescription = "2 Chest C-/Thorax", "Chest"
    attributes = SeriesAttributes.from_header(header, slice_count=64)
    assert attributes == SeriesAttributes(
        "CT", "", "5mm", 64, 5.0, protocol_name="2 Chest C-/Thorax", study_description="Chest"
    )
    assert [m.name for m in ModelRepository().route(attributes)] == ["lung_nodule"]
