"""Training and evaluation data from the scanner simulator, at the model's voxel spacing.

Training studies use seeds from ``TRAIN_SEEDS``; evaluation studies use ``EVAL_SEEDS``, a range
that training never draws from. A training study covers 160-260 mm of the chest with 1-6
nodules (LUNA16 sizes, plus 5 % masses of 30-60 mm so large tumours are seen); evaluation
studies are the simulator's defaults (100-400 slices, 0-4 nodules), as a scanner would send.
Volumes are resampled linearly (labels by nearest neighbour) to ``MODEL_SPACING_MM``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from appliance.simulate.nodules import draw_diameter
from appliance.simulate.study import THICKNESSES_MM, SimulatedStudy, simulate_study

MODEL_SPACING_MM = (1.25, 1.25, 1.25)
HU_WINDOW = (-1000.0, 400.0)
TRAIN_SEEDS = range(100_000, 200_000)
EVAL_SEEDS = range(900_000, 901_000)
FINE_VESSELS_PER_LITRE = (60.0, 160.0)
"""Range of the simulator's fine vessel trees per litre in the studies that have them
(``simulate_study(fine_vessels_per_litre=...)``), around 120, which on 5 mm slices gives
198-228 dense pieces per litre of lung against the real series' 186 (``bench/lung_texture.py``,
``docs/simulator.md``)."""
IN_LUNG_DENSE_HU = (-750, 200)
"""The HU window of the hard negatives inside the lungs: vessels, airway walls and
partial-volume blobs, the look-alikes of a nodule (:func:`lung_around` says they are in lung)."""
MAX_INPUT_NOISE_HU = 26.0
"""The manifest's ``thresholds.max_input_noise_hu``: the simulator's noisiest series (0.625 mm
slices) measure up to 24.1 HU by :func:`appliance.inference.noise.noise_hu` on the model grid
(the 50 held-out renders, 2026-11-22); 26 HU (about +10 %) leaves that range a margin, so
only inputs noisier than anything in training (the real sharp-kernel series: 47 HU) are
smoothed."""


@dataclasses.dataclass
class Case:
    """One study at model spacing: HU (int16), nodule labels and the truth in voxel terms."""

    seed: int
    hu: npt.NDArray[np.int16]
    labels: npt.NDArray[np.uint8]
    centers_vox: list[tuple[float, float, float]]
    diameters_mm: list[float]
    truth: list[dict[str, object]]
    origin_mm: tuple[float, float, float]
    real_context_vox: list[npt.NDArray[np.int64]] = dataclasses.field(default_factory=list)
    """Voxels of pasted real surroundings (``insert.add_to_case(context=True)``) that are
    dense structures with lung around them and no nodule near: real vessels and airway walls,
    where the sampler can centre hard-negative patches."""


def resample(
    volume: npt.NDArray[np.generic], spacing: tuple[float, float, float], order: int
) -> npt.NDArray[np.generic]:
    """Resample a (z, y, x) volume from ``spacing`` to MODEL_SPACING_MM (corner-aligned)."""
    factors = [s / t for s, t in zip(spacing, MODEL_SPACING_MM, strict=True)]
    return ndimage.zoom(
        volume,
        factors,
        order=order,
        grid_mode=True,
        mode="grid-constant" if order == 0 else "nearest",
    )


def to_case(study: SimulatedStudy) -> Case:
    g = study.geometry
    hu = resample(study.volume_hu.astype(np.float32), g.spacing_zyx, order=1)
    labels = resample(study.labels, g.spacing_zyx, order=0)
    shape = hu.shape
    centers = []
    for n in study.nodules:
        k, r, c = g.to_index(n.center_mm)
        scale = [shape[i] / g.shape[i] for i in range(3)]
        centers.append(
            ((k + 0.5) * scale[0] - 0.5, (r + 0.5) * scale[1] - 0.5, (c + 0.5) * scale[2] - 0.5)
        )
    return Case(
        seed=study.seed,
        hu=np.clip(np.rint(hu), -1024, 3071).astype(np.int16),
        labels=labels.astype(np.uint8),
        centers_vox=centers,
        diameters_mm=[n.diameter_mm for n in study.nodules],
        truth=[n.to_json() for n in study.nodules],
        origin_mm=g.origin_mm,
    )


def fine_vessels_for(seed: int, share: float) -> float:
    """Fine vessel trees per litre for the training study of ``seed``: 0, or for ``share`` of
    the seeds a rate drawn from :data:`FINE_VESSELS_PER_LITRE`, from a generator of its own (at
    share 0 nothing is drawn). Its key, ``[seed, 17]``, is none of the simulator's (``[seed, 11]``
    places touching nodules, ``[seed, 13]`` roots the fine vessels), so whether a study has fine
    vessels does not go with where they lie."""
    if share <= 0:
        return 0.0
    rng = np.random.default_rng([seed, 17])
    return float(rng.uniform(*FINE_VESSELS_PER_LITRE)) if rng.random() < share else 0.0


def training_case(
    seed: int,
    rows: int = 512,
    pixel_spacing_mm: float | None = None,
    touching_share: float = 0.0,
    fine_vessel_share: float = 0.0,
) -> Case:
    """The training study of ``seed`` at model spacing; ``touching_share`` of its nodules placed
    against a vessel or an airway wall (``simulate_study(touching_share=...)``), and with
    ``fine_vessel_share`` the chance of the real lung's fine vessels (:func:`fine_vessels_for`);
    at 0 (the default) the study is what it always was."""
    rng = np.random.default_rng(seed + 7)
    thickness = float(rng.choice(THICKNESSES_MM))
    slices = max(40, int(rng.uniform(160, 260) / thickness))
    diameters = tuple(
        float(rng.uniform(30, 60)) if rng.uniform() < 0.05 else draw_diameter(rng, suspicious=False)
        for _ in range(int(rng.integers(1, 7)))
    )
    study = simulate_study(
        seed,
        slices=slices,
        slice_thickness_mm=thickness,
        diameters_mm=diameters,
        rows=rows,
        pixel_spacing_mm=pixel_spacing_mm,
        touching_share=touching_share,
        fine_vessels_per_litre=fine_vessels_for(seed, fine_vessel_share),
    )
    return to_case(study)


def evaluation_case(seed: int) -> Case:
    return to_case(simulate_study(seed))


def lung_around(hu: npt.NDArray[np.generic]) -> npt.NDArray[np.bool_]:
    """Voxels with aerated lung (< -700 HU) in at least 30 % of their 5-voxel neighbourhood:
    where a dense voxel is a vessel or an airway wall inside the lung, not chest wall."""
    share = ndimage.uniform_filter((np.asarray(hu) < -700).astype(np.float32), 5)
    return np.asarray(share > 0.3)
