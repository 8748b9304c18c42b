"""Detection's second stage: candidate features on a simulated study, the shipped classifier."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from appliance.config import InferenceConfig
from appliance.errors import ModelError
from appliance.inference.candidates import FEATURE_NAMES, CandidateClassifier
from appliance.inference.detect import DetectionSettings, detect
from appliance.inference.pipeline import model_settings
from appliance.inference.repository import DEFAULT_MODELS_DIR, ModelRepository, sha256_of
from appliance.inference.runtime import InferenceRuntime
from appliance.simulate import simulate_study

SPACING = (1.25, 1.25, 1.25)


def _feature(values: np.ndarray, name: str) -> float:
    return float(values[FEATURE_NAMES.index(name)])


def test_a_simulated_nodule_is_a_round_blob_of_its_size(tmp_path: Path) -> None:
    model = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    study = simulate_study(
        900_999, slices=60, slice_thickness_mm=1.25, rows=192, pixel_spacing_mm=1.25,
        diameters_mm=(12.0,),
    )  # fmt: skip
    (nodule,) = study.nodules
    k, r, c = (round(v) for v in study.geometry.to_index(nodule.center_mm))
    box = (slice(k - 24, k + 24), slice(r - 40, r + 40), slice(c - 40, c + 40))
    hu = study.volume_hu[box].astype(np.float32)
    found = detect(
        model.predict(hu), SPACING, SPACING, hu.shape, lungs=None,
        to_patient=lambda index: index * 1.25, settings=DetectionSettings(candidate_threshold=0.25),
        hu=hu,
    )  # fmt: skip
    centre = np.array([24, 40, 40])
    on_nodule = [
        f for f in found if np.linalg.norm(np.argwhere(f.mask).mean(0) + f.offset - centre) < 4
    ]
    assert len(on_nodule) == 1
    features = on_nodule[0].features
    assert features is not None and features.shape == (len(FEATURE_NAMES),)
    assert all(np.isfinite(f.features).all() for f in found if f.features is not None)
    assert abs(_feature(features, "diameter_mm") - 12.0) < 2.5
    assert _feature(features, "elongation") < 1.5
    assert _feature(features, "hessian_size_mid") > 0.5  # a blob, not a tube or a plate
    assert _feature(features, "hessian_size_low") > 0.3
    assert _feature(features, "source_slices") == pytest.approx(
        _feature(features, "extent_z_mm") / 1.25
    )


def test_the_shipped_classifier_is_checksummed_and_scores_probabilities(tmp_path: Path) -> None:
    config = InferenceConfig(second_stage=True)
    model = InferenceRuntime(config=config, cache_dir=tmp_path).nodule_model()
    entry = model.manifest.candidate_classifier
    assert entry is not None and 0.0 < entry.operating_threshold < 1.0
    path = DEFAULT_MODELS_DIR / "lung_nodule" / entry.path
    assert sha256_of(path) == entry.sha256
    assert model.candidate_classifier is not None
    assert model.thresholds["candidate"] < model.thresholds["nodule"]
    rows = np.random.default_rng(0).normal(size=(5, len(FEATURE_NAMES)))
    rows[:, FEATURE_NAMES.index("shell_tissue_share")] = 0.2
    p = model.candidate_classifier.probability(rows)
    assert p.shape == (5,) and ((p > 0) & (p < 1)).all()


def test_a_candidate_more_wrapped_in_tissue_than_any_training_nodule_scores_zero(
    tmp_path: Path,
) -> None:
    # the trees cannot extrapolate; past the training nodules' range they are not asked
    model = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    classifier = model.candidate_classifier
    assert classifier is not None
    (index, largest), *_ = classifier.limits
    assert FEATURE_NAMES[index] == "shell_tissue_share" and 0.5 < largest < 0.9
    rows = np.random.default_rng(1).normal(size=(4, len(FEATURE_NAMES)))
    rows[:, index] = [0.1, largest - 0.01, largest + 0.01, 0.95]
    p = classifier.probability(rows)
    assert (p[:2] > 0).all() and (p[2:] == 0).all()


def test_a_replaced_classifier_file_is_refused(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_MODELS_DIR / "lung_nodule", tmp_path / "lung_nodule")
    manifest = ModelRepository(tmp_path).get("lung_nodule")
    assert manifest.candidate_classifier is not None
    path = tmp_path / "lung_nodule" / manifest.candidate_classifier.path
    data = json.loads(path.read_text())
    data["baseline"] += 1.0
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="checksum mismatch"):
        manifest.classifier_path()


def test_a_classifier_for_other_features_is_refused() -> None:
    with pytest.raises(ModelError, match="other features"):
        CandidateClassifier.from_json({"features": ["volume"], "trees": []}, 0.5)
    limited = {"features": list(FEATURE_NAMES), "trees": [], "limits": {"volume": 1.0}}
    with pytest.raises(ModelError, match="unknown features"):
        CandidateClassifier.from_json({**limited, "baseline": 0.0, "learning_rate": 0.1}, 0.5)


def test_the_second_stage_is_on_by_default_and_can_be_turned_off(tmp_path: Path) -> None:
    default = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path).nodule_model()
    assert default.candidate_classifier is not None
    assert model_settings(default).min_volume_mm3 == default.thresholds["candidate_min_volume_mm3"]
    config = InferenceConfig(second_stage=False)
    plain = InferenceRuntime(config=config, cache_dir=tmp_path).nodule_model()
    assert plain.manifest.candidate_classifier is not None
    assert plain.candidate_classifier is None
    assert model_settings(plain).min_volume_mm3 == DetectionSettings.min_volume_mm3
