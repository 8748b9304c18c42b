"""Several versions of one model side by side in a repository: which is live, which run in
shadow, and each loaded as itself (issue 21, item 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from appliance.config import InferenceConfig
from appliance.errors import ModelError
from appliance.inference.live_version import LivePointer, read_pointer, write_pointer
from appliance.inference.repository import ModelRepository, SeriesAttributes, repository_for
from appliance.inference.runtime import InferenceRuntime
from appliance.inference.worker import WorkRequest, analyse_request
from appliance.simulate import simulate_study, write_series
from tests.appliance.inference.tiny_models import NAME, add_head, trivial_head, write_repository

CHEST = SeriesAttributes(modality="CT", body_part="CHEST", slice_count=40)


@pytest.fixture
def two_versions(tmp_path: Path) -> Path:
    """The tiny model at its top level (0.0.1-test) and a copy with another threshold in
    ``versions/0.0.2-test``."""
    root = write_repository(tmp_path / "models")
    other = root / NAME / "versions" / "0.0.2-test"
    other.mkdir(parents=True)
    shutil.copy(root / NAME / "model.onnx", other / "model.onnx")
    manifest = json.loads((root / NAME / "manifest.json").read_text())
    manifest["version"] = "0.0.2-test"
    manifest["thresholds"] = {"nodule": 0.7}
    (other / "manifest.json").write_text(json.dumps(manifest))
    return root


def test_the_top_level_version_is_live_and_routing_sees_only_it(two_versions: Path) -> None:
    repository = ModelRepository(two_versions)
    assert repository.names() == [NAME]
    assert repository.versions(NAME) == ["0.0.1-test", "0.0.2-test"]
    assert repository.get(NAME).version == "0.0.1-test"
    assert [m.version for m in repository.route(CHEST)] == ["0.0.1-test"]
    assert repository.shadows(NAME) == []


def test_the_configuration_names_shadow_versions_and_can_pin_the_live_one(
    two_versions: Path,
) -> None:
    config = InferenceConfig(models_dir=str(two_versions), shadow_versions=(f"{NAME}@0.0.2-test",))
    repository = repository_for(config)
    assert [m.version for m in repository.shadows(NAME)] == ["0.0.2-test"]
    assert [m.version for m in repository.route(CHEST)] == ["0.0.1-test"]

    pinned = ModelRepository(
        two_versions, live=(f"{NAME}@0.0.2-test",), shadow=(f"{NAME}@0.0.1-test",)
    )
    assert pinned.get(NAME).version == "0.0.2-test"
    assert pinned.get(NAME).thresholds == {"nodule": 0.7}
    assert [m.version for m in pinned.shadows(NAME)] == ["0.0.1-test"]


@pytest.mark.parametrize(
    ("live", "shadow", "message"),
    [
        ((), (f"{NAME}@9.9",), r"has no version '9.9'.*installed: \['0.0.1-test', '0.0.2-test'\]"),
        ((), (f"{NAME}@0.0.1-test",), "is the live version"),
        ((f"{NAME}",), (), "must be NAME@VERSION"),
        (("other@1.0",), (), "no model named 'other'"),
    ],
)
def test_a_wrong_version_reference_is_refused_naming_it(
    two_versions: Path, live: tuple[str, ...], shadow: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        ModelRepository(two_versions, live=live, shadow=shadow)


def test_a_version_installed_twice_is_refused(two_versions: Path) -> None:
    again = two_versions / NAME / "versions" / "copy"
    shutil.copytree(two_versions / NAME / "versions" / "0.0.2-test", again)
    with pytest.raises(ModelError, match="each version may be installed once"):
        ModelRepository(two_versions)


def test_the_runtime_loads_each_version_as_itself(two_versions: Path, tmp_path: Path) -> None:
    config = InferenceConfig(models_dir=str(two_versions), shadow_versions=(f"{NAME}@0.0.2-test",))
    runtime = InferenceRuntime(config=config, cache_dir=tmp_path / "trt")
    live = runtime.nodule_model(NAME)
    shadow = runtime.nodule_model(NAME, "0.0.2-test")
    assert (live.version, shadow.version) == ("0.0.1-test", "0.0.2-test")
    assert shadow.thresholds == {"nodule": 0.7}
    assert runtime.nodule_model(NAME) is live


def test_the_live_pointer_makes_a_version_live_and_the_configuration_still_wins(
    two_versions: Path,
) -> None:
    folder = two_versions / NAME
    write_pointer(
        folder,
        LivePointer(version="0.0.1-test").switched_to("0.0.2-test", by="t", action="promote"),
    )
    (folder / ".LIVE.tmp-99").write_text('{"version": "0.0')  # a switch killed half-way
    repository = ModelRepository(two_versions)
    assert repository.get(NAME).version == "0.0.2-test"
    assert repository.model_folder(NAME) == folder
    pinned = ModelRepository(two_versions, live=(f"{NAME}@0.0.1-test",))
    assert pinned.get(NAME).version == "0.0.1-test"
    pointer = read_pointer(folder)
    assert pointer is not None and [h["version"] for h in pointer.history] == ["0.0.1-test"]
    assert pointer.rolled_back(by="t").version == "0.0.1-test"


def test_a_pointer_to_a_version_not_installed_is_refused_saying_what_to_do(
    two_versions: Path,
) -> None:
    write_pointer(two_versions / NAME, LivePointer(version="9.9.9"))
    with pytest.raises(
        ModelError, match=r"LIVE names lung_nodule 9.9.9 as live.*scanside models promote"
    ):
        ModelRepository(two_versions)


def test_a_shadow_version_that_was_promoted_is_live_and_no_longer_a_shadow(
    two_versions: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Run in shadow, compared, promoted: the configuration still names it as a shadow, and the
    service must still start (it did not: the API promotes without a restart). The pointer
    wins, with a warning; the configuration contradicting itself is still refused."""
    shadow = (f"{NAME}@0.0.2-test",)
    assert [m.version for m in ModelRepository(two_versions, shadow=shadow).shadows(NAME)] == [
        "0.0.2-test"
    ]
    write_pointer(
        two_versions / NAME,
        LivePointer(version="0.0.1-test").switched_to("0.0.2-test", by="t", action="promote"),
    )
    repository = ModelRepository(two_versions, shadow=shadow)
    assert repository.get(NAME).version == "0.0.2-test" and repository.shadows(NAME) == []
    assert "was promoted and is live" in caplog.text
    with pytest.raises(ModelError, match="is the live version"):
        ModelRepository(two_versions, live=shadow, shadow=shadow)


def test_each_version_is_measured_with_the_attenuation_head_its_manifest_names(
    two_versions: Path, tmp_path: Path
) -> None:
    """The shadow worker's own path (``analyse_request`` with the version the dispatcher
    names): the shadow version measures with its head (here one that calls everything ground
    glass), the live version, whose manifest names none, by the rules alone."""
    add_head(two_versions / NAME / "versions" / "0.0.2-test", trivial_head(favour="ground-glass"))
    study = simulate_study(
        11, slices=60, slice_thickness_mm=2.5, pixel_spacing_mm=1.5, rows=192, diameters_mm=(9.0,)
    )
    files = tuple(str(f) for f in sorted(write_series(study, tmp_path / "series").glob("*.dcm")))
    config = InferenceConfig(models_dir=str(two_versions), shadow_versions=(f"{NAME}@0.0.2-test",))
    runtime = InferenceRuntime(config=config, cache_dir=tmp_path / "trt")
    assert runtime.nodule_model(NAME).attenuation_head is None
    shadow_head = runtime.nodule_model(NAME, "0.0.2-test").attenuation_head
    assert shadow_head is not None and shadow_head.mode == "replace"

    live = analyse_request(WorkRequest(files, NAME), runtime)
    shadow = analyse_request(WorkRequest(files, NAME, "0.0.2-test"), runtime)
    assert (live.model_version, shadow.model_version) == ("0.0.1-test", "0.0.2-test")
    assert shadow.findings and {f.attenuation for f in shadow.findings} == {"ground-glass"}
    assert {f.attenuation for f in live.findings} - {"ground-glass"}  # the rules' own calls
