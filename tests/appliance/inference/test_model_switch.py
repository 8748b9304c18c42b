"""Switching the live version checks the attenuation head with the version's other files: a
head that is not the file its manifest names is refused before the switch, saying which file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from appliance.config import InferenceConfig
from appliance.inference.live_version import read_pointer
from appliance.inference.model_switch import REFUSED, SwitchRefused, promote_to, switch_live
from tests.appliance.inference.tiny_models import NAME, add_head, trivial_head, write_repository

NEW = "0.0.2-test"


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """The tiny model live at the top level, a copy of it installed as ``0.0.2-test``."""
    root = write_repository(tmp_path / "models")
    other = root / NAME / "versions" / NEW
    other.mkdir(parents=True)
    shutil.copy(root / NAME / "model.onnx", other / "model.onnx")
    manifest = json.loads((root / NAME / "manifest.json").read_text())
    (other / "manifest.json").write_text(json.dumps(manifest | {"version": NEW}))
    return root


def test_a_version_whose_head_differs_from_its_manifest_is_not_made_live(models: Path) -> None:
    head = add_head(models / NAME / "versions" / NEW, trivial_head(), sha256="0" * 64)
    audits: list[tuple[str, int]] = []
    config = InferenceConfig(models_dir=str(models))

    def audit(query: str, status: int) -> None:
        audits.append((query, status))

    with pytest.raises(SwitchRefused, match="checksum mismatch") as err:
        switch_live(config, NAME, promote_to(NEW, by="test"), audit)
    assert str(head) in str(err.value)
    assert f"{NAME} 0.0.1-test is still live" in str(err.value)
    assert audits == [(f"version={NEW}&previous=0.0.1-test&refused=checksum", REFUSED)]
    assert read_pointer(models / NAME) is None

    add_head(models / NAME / "versions" / NEW, trivial_head())  # installed again, intact
    switched = switch_live(config, NAME, promote_to(NEW, by="test"), audit)
    assert (switched.before, switched.after) == ("0.0.1-test", NEW)
