"""The demo's default study (``scanside demo``: seed 7, one suspicious nodule) is analysed as the
simulator drew it: a 16 mm part-solid nodule with a 10 mm solid component, on 5 mm slices.

The solid component is judged on its widest slice: on the next slice a strand leaving it is
longer than the core is wide (11.5 x 3.8 mm) and used to stand in for it, so the nodule was
called ground glass, Lung-RADS 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from appliance.config import InferenceConfig
from appliance.findings import SeriesAnalysis
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime
from appliance.simulate import simulate_study
from appliance.simulate.dicom_writer import write_series

pytestmark = pytest.mark.slow

DEMO_SEED = 7


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[SeriesAnalysis, dict[str, object]]:
    study = simulate_study(DEMO_SEED, nodules=1, suspicious=True)
    folder = write_series(study, tmp_path_factory.mktemp("demo"))
    truth = json.loads((folder / "truth.json").read_text())["nodules"][0]
    runtime = InferenceRuntime(config=InferenceConfig(), cache_dir=tmp_path_factory.mktemp("trt"))
    files = sorted(str(p) for p in Path(folder).glob("*.dcm"))
    return analyse_series(files, runtime.nodule_model()), truth


def test_the_demo_nodule_is_found_first_where_it_was_drawn(
    demo: tuple[SeriesAnalysis, dict[str, object]],
) -> None:
    analysis, truth = demo
    first = analysis.findings[0]
    offset = np.subtract(first.center_mm, truth["center_mm"])  # type: ignore[arg-type]
    assert float(np.linalg.norm(offset)) < 5.0
    assert first.diameter_mm == pytest.approx(truth["diameter_mm"], abs=2.0)


def test_the_demo_nodule_is_part_solid_with_its_solid_component_measured(
    demo: tuple[SeriesAnalysis, dict[str, object]],
) -> None:
    analysis, truth = demo
    first = analysis.findings[0]
    assert (truth["attenuation"], first.attenuation) == ("part-solid", "part-solid")
    assert first.solid_component_mm == pytest.approx(truth["solid_component_mm"], abs=1.5)
    # part-solid with a solid component of 8 mm or more: 4B (4X with suspicious features)
    assert first.lung_rads in ("4B", "4X")


def test_no_false_finding_decides_the_demo_study(
    demo: tuple[SeriesAnalysis, dict[str, object]],
) -> None:
    # model 0.2.2 also reported an 11.2 mm part-solid finding on airway cross-sections (score
    # 0.016, category 4X) that set the study's category; 0.2.3's operating point drops it
    analysis, truth = demo
    for finding in analysis.findings:
        offset = np.subtract(finding.center_mm, truth["center_mm"])  # type: ignore[arg-type]
        assert float(np.linalg.norm(offset)) < 10.0, finding
    assert analysis.lung_rads == analysis.findings[0].lung_rads


def test_the_demo_nodule_is_reported_as_a_probable_real_nodule(
    demo: tuple[SeriesAnalysis, dict[str, object]],
) -> None:
    analysis, _ = demo
    assert analysis.confidence_calibrated
    assert analysis.findings[0].confidence > 0.9
