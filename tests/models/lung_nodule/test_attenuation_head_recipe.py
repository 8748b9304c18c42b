"""The attenuation head's recipe: folds by patient, a fit the appliance can read, the shipped
coefficients reproduced from the rows, and real and simulated nodules classed as they are."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from appliance.inference.attenuation_head import CLASSES, default_head_path, load_head
from appliance.inference.measure import ATTENUATION_FEATURES
from appliance.simulate import simulate_study
from models.lung_nodule import attenuation_head as recipe
from models.lung_nodule.evaluate_lidc import measure_seed, padded
from models.lung_nodule.lidc import DEFAULT_ROOT, load_crop, load_nodules

pytest.importorskip("sklearn")

ROWS = Path(os.environ.get("SCANSIDE_ATTENUATION_ROWS", "/work/cache/att_rows.json"))
"""The rows ``attenuation_head rows`` wrote (outside the repository: they carry the LIDC
readers' ratings); the reproduction test skips without them."""


def _rows(n: int, seed: int = 0) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        truth = CLASSES[i % 3]
        shift = {"solid": 2.0, "part-solid": 0.0, "ground-glass": -2.0}[truth]
        rows.append(
            {
                "features": (rng.normal(size=len(ATTENUATION_FEATURES)) + shift).tolist(),
                "rules": truth if i % 5 else "part-solid",
                "truth": truth,
                "source": "sim" if i % 4 == 0 else "lidc",
                "group": f"p{i // 2}",
                "thickness_mm": 1.0 + (i % 3) * 2.0,
            }
        )
    return rows


def test_folds_keep_a_patient_together_and_are_seeded() -> None:
    groups = [f"p{i // 3}" for i in range(60)]
    a = recipe.folds(groups, 5, seed=0)
    assert np.array_equal(a, recipe.folds(groups, 5, seed=0))
    assert not np.array_equal(a, recipe.folds(groups, 5, seed=1))
    for g in set(groups):
        assert len({int(f) for f, h in zip(a, groups, strict=True) if h == g}) == 1
    assert set(a.tolist()) == set(range(5))


@pytest.mark.parametrize("cand", recipe.CANDIDATES[:1] + recipe.CANDIDATES[-1:])
def test_a_fitted_head_is_one_the_appliance_reads(tmp_path: Path, cand: recipe.Candidate) -> None:
    rows = _rows(90)
    rows_path = tmp_path / "rows.json"
    rows_path.write_text(json.dumps({"features": list(ATTENUATION_FEATURES), "rows": rows}))
    out = tmp_path / "head.json"
    recipe.main(
        ["fit", "--rows", str(rows_path), "--no-oof", "--choose", cand.name, "--out", str(out)]
    )
    head = load_head(out, ATTENUATION_FEATURES)
    assert head.mode == cand.mode
    fitted = recipe.fit_candidate(cand, rows)
    x = np.asarray([r["features"] for r in rows])
    # the appliance's numpy evaluation agrees with the recipe's on every row
    expected = recipe.decide(cand, fitted, rows)
    got = [head.decide(xi, str(r["rules"])) for xi, r in zip(x, rows, strict=True)]
    assert got == expected
    # separable data: the head gets most of it right
    assert np.mean([g == r["truth"] for g, r in zip(got, rows, strict=True)]) > 0.8


def test_the_shipped_head_is_reproduced_from_its_rows() -> None:
    if not default_head_path().is_file():
        pytest.skip("no attenuation head shipped")
    if not ROWS.is_file():
        pytest.skip(f"the recipe's rows are not at {ROWS}")
    shipped = json.loads(default_head_path().read_text())
    cand = next(c for c in recipe.CANDIDATES if c.name == shipped["candidate"])
    rows = json.loads(ROWS.read_text())["rows"]
    fitted = recipe.fit_candidate(cand, rows)
    for key in ("mean", "scale", "coef", "bias"):
        assert np.allclose(fitted[key], shipped[key], atol=1e-6), key


needs_data = pytest.mark.skipif(
    not (DEFAULT_ROOT / "nodules.csv").is_file(), reason=f"LIDC crops not found at {DEFAULT_ROOT}"
)
needs_head = pytest.mark.skipif(
    not default_head_path().is_file(), reason="no attenuation head shipped"
)


@needs_data
@needs_head
def test_a_real_solid_nodule_the_rules_call_part_solid_is_solid() -> None:
    # a training patient's 6 mm nodule on 2.5 mm slices, rated solid by its readers: the
    # scanner's blur leaves its deep interior under -300 HU, so the rules find a "core" in it
    nodule = next((n for n in load_nodules(split="train") if n.key == "LIDC-IDRI-0126_R_1"), None)
    if nodule is None:
        pytest.skip("LIDC-IDRI-0126 nodule 1 is not in the data")
    crop = load_crop(nodule)
    hu, readers, _ = padded(crop)
    with recipe.recording() as seen:
        m = measure_seed(hu, readers, crop.spacing)
    assert nodule.attenuation == "solid"
    assert seen[-1]["rules"] == "part-solid"
    assert (m.attenuation, m.solid_component_mm) == ("solid", None)


@needs_head
@pytest.mark.parametrize(("seed", "thickness"), [(150012, None), (150080, 5.0)])
def test_a_simulated_part_solid_nodule_on_5_mm_slices_stays_part_solid(
    seed: int, thickness: float | None
) -> None:
    # training seeds (the head's own data): a large part-solid nodule on 5 mm slices, as the
    # demo's (150012 draws 5 mm itself)
    study = simulate_study(seed, nodules=1, suspicious=True, slice_thickness_mm=thickness)
    assert study.geometry.spacing_zyx[0] == 5.0
    truth = study.nodules[0]
    assert truth.attenuation == "part-solid"
    m = measure_seed(
        study.volume_hu.astype(np.float32), study.labels == 1, study.geometry.spacing_zyx
    )
    assert m.attenuation == "part-solid"
    assert m.solid_component_mm == pytest.approx(truth.solid_component_mm, abs=2.5)
