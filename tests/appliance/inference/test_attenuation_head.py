"""The learned attenuation head: its file is read and checked, it decides as its mode says, and
the rules stay in charge for a model version without one."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest
from nodule_phantoms import GROUND_GLASS_HU, SOLID_NODULE_HU, Phantom, ellipsoid, layered, make

from appliance.errors import ModelError
from appliance.inference.attenuation_head import (
    CLASSES,
    FORMAT,
    RULES_COLUMNS,
    SHIPPED,
    HeadChoice,
    default_head_path,
    load_head,
    resolve_head,
    shipped_head,
)
from appliance.inference.measure import (
    ATTENUATION_FEATURES,
    Measurements,
    attenuation_features,
    measure,
)

SPACING = (2.5, 0.7, 0.8)
SHAPE = (24, 90, 80)


def _head(mode: str = "replace", *, rules: bool = False, favour: int = 0) -> dict[str, object]:
    features = list(ATTENUATION_FEATURES) + (list(RULES_COLUMNS) if rules else [])
    n = len(features)
    bias = [0.0] * len(CLASSES)
    bias[favour] = 5.0
    return {
        "format": FORMAT,
        "mode": mode,
        "classes": list(CLASSES),
        "features": features,
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "coef": [[0.0] * n for _ in CLASSES],
        "bias": bias,
    }


def _write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "attenuation_head.json"
    path.write_text(json.dumps(data))
    return path


def test_the_shipped_head_loads_and_reads_the_features_measure_computes() -> None:
    if not default_head_path().is_file():
        pytest.skip("no attenuation head shipped: the rules decide alone")
    head = load_head(default_head_path(), ATTENUATION_FEATURES)
    assert head.features[: len(ATTENUATION_FEATURES)] == ATTENUATION_FEATURES
    assert head.coef.shape == (len(CLASSES), len(head.features))
    assert shipped_head(ATTENUATION_FEATURES) is not None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("coef", None),
        ("mean", None),
        ("bias", [1.0]),
        ("scale", "wide"),
        ("mode", "vote"),
        ("features", ["deep_p50"]),
        ("format", "other/1"),
    ],
)
def test_a_bad_head_file_fails_naming_the_key(tmp_path: Path, key: str, value: object) -> None:
    data = _head()
    if value is None:
        del data[key]
    else:
        data[key] = value
    with pytest.raises(ModelError, match=key):
        load_head(_write(tmp_path, data), ATTENUATION_FEATURES)


def test_a_file_that_is_not_json_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "attenuation_head.json"
    path.write_text("{ not json")
    with pytest.raises(ModelError, match="attenuation head"):
        load_head(path, ATTENUATION_FEATURES)


def test_replace_gives_the_heads_class_and_override_only_turns_solid(tmp_path: Path) -> None:
    x = np.zeros(len(ATTENUATION_FEATURES))
    gg = load_head(_write(tmp_path, _head(favour=2)), ATTENUATION_FEATURES)
    assert gg.decide(x, "solid") == "ground-glass"
    solid = load_head(_write(tmp_path, _head("override", favour=0)), ATTENUATION_FEATURES)
    assert solid.decide(x, "part-solid") == "solid"
    keep = load_head(_write(tmp_path, _head("override", favour=2)), ATTENUATION_FEATURES)
    assert keep.decide(x, "part-solid") == "part-solid"
    assert keep.decide(x, "solid") == "solid"
    with_rules = _head(rules=True)
    with_rules["coef"] = [[0.0] * len(ATTENUATION_FEATURES) + [9.0, 0.0], *with_rules["coef"][1:]]  # type: ignore[index]
    head = load_head(_write(tmp_path, with_rules), ATTENUATION_FEATURES)
    assert head.uses_rules
    assert head.decide(x, "solid") == "solid"
    assert head.decide(x, "ground-glass") == "solid"  # the bias favours solid too


def _part_solid_phantom():  # type: ignore[no-untyped-def]
    outer = functools.partial(ellipsoid, axes_mm=(8.0, 7.0, 6.0))
    core = functools.partial(ellipsoid, axes_mm=(2.5, 2.5, 2.5))
    return make(SHAPE, SPACING, layered((outer, GROUND_GLASS_HU), (core, SOLID_NODULE_HU)), outer)


def _measure_phantom(phantom: Phantom, head: HeadChoice = SHIPPED) -> Measurements:
    box = np.argwhere(phantom.truth)
    lo, hi = box.min(axis=0), box.max(axis=0) + 1
    crop = phantom.truth[lo[0] : hi[0], lo[1] : hi[1], lo[2] : hi[2]]
    return measure(
        crop, tuple(lo), phantom.hu, phantom.spacing, affine=phantom.affine, attenuation_head=head
    )


def test_a_version_without_a_head_measures_by_the_rules(tmp_path: Path) -> None:
    """The demo-style part-solid nodule: a head that turns every call solid turns it solid; a
    version without a head (None) keeps the rules' part-solid call and its solid component."""
    phantom = _part_solid_phantom()
    turns_solid = load_head(_write(tmp_path, _head("override", favour=0)), ATTENUATION_FEATURES)
    assert _measure_phantom(phantom, turns_solid).attenuation == "solid"
    m = _measure_phantom(phantom, None)
    assert (m.attenuation, m.solid_component_mm) == ("part-solid", pytest.approx(5.0, abs=1.0))


def test_by_default_a_measurement_uses_the_shipped_versions_head() -> None:
    """What callers outside a model version (training, benches, tests) get: the head the
    shipped manifest names, checked; it leaves the demo-style nodule part-solid."""
    assert resolve_head(SHIPPED, ATTENUATION_FEATURES) is shipped_head(ATTENUATION_FEATURES)
    assert shipped_head(ATTENUATION_FEATURES) is not None
    assert _measure_phantom(_part_solid_phantom()).attenuation == "part-solid"


def test_a_head_that_says_part_solid_keeps_the_rules_core_or_the_rules_class(
    tmp_path: Path,
) -> None:
    head = load_head(_write(tmp_path, _head(favour=1)), ATTENUATION_FEATURES)
    part = _measure_phantom(_part_solid_phantom(), head)
    solid_shape = functools.partial(ellipsoid, axes_mm=(5.0, 4.0, 4.0))
    solid = _measure_phantom(
        make(SHAPE, SPACING, layered((solid_shape, SOLID_NODULE_HU)), solid_shape), head
    )
    assert part.attenuation == "part-solid"
    assert part.solid_component_mm == pytest.approx(5.0, abs=1.0)
    # a uniformly solid nodule has no core smaller than itself that counts: the rules' class
    assert solid.attenuation in ("solid", "part-solid")
    assert solid.attenuation == "solid" or solid.solid_component_mm is not None


def test_features_are_finite_and_in_their_order() -> None:
    phantom = _part_solid_phantom()
    x = attenuation_features(phantom.truth, phantom.hu, phantom.spacing)
    assert x.shape == (len(ATTENUATION_FEATURES),)
    assert np.all(np.isfinite(x))
    named = dict(zip(ATTENUATION_FEATURES, x, strict=True))
    assert 0.0 < named["core_share"] < 1.0
    assert named["thickness_ratio"] == pytest.approx(2.5 / 15.0, rel=0.15)
