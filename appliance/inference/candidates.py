"""Features of a detection candidate, and the second-stage classifier that scores them.

The U-Net's probability saturates near 1 on true nodules and on look-alikes (vessels cut
obliquely, partial-volume blobs, contrast-filled vessels), so its maximum separates them poorly.
:func:`detect <appliance.inference.detect.detect>` finds candidates at a low threshold and calls
:func:`candidate_features` on each (model grid, 1.25 mm): size and shape (PCA of the voxels),
probability and HU statistics, the Hessian of the smoothed image at the candidate's centre
(blob against tube), how much bright tissue touches its surface and in how many separate
pieces (a vessel enters and leaves), its extent in source slices, and its depth in the lung.

:class:`CandidateClassifier` scores the features with gradient-boosted trees stored as JSON
(``candidate_classifier.json`` beside the model, trained by
``models/lung_nodule/candidate_classifier.py``) and evaluated here in numpy, so the appliance
needs neither scikit-learn nor torch. Its probability becomes the finding's confidence; the
manifest's operating threshold drops the rest.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from appliance.errors import ModelError

__all__ = [
    "FEATURE_NAMES",
    "LIMITED_FEATURES",
    "CandidateClassifier",
    "CandidateContext",
    "beyond_limits",
    "candidate_features",
    "indexed_limits",
]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

FEATURE_NAMES = (
    "log_volume_mm3",
    "diameter_mm",
    "elongation",
    "flatness",
    "extent_z_mm",
    "extent_xy_mm",
    "source_slices",
    "slice_thickness_mm",
    "prob_max",
    "prob_mean",
    "prob_share_50",
    "prob_share_90",
    "hu_mean",
    "hu_std",
    "hu_max",
    "hu_p10",
    "shell_hu_mean",
    "shell_tissue_share",
    "shell_tissue_pieces",
    "ring_tissue_share",
    "context_tissue_share",
    "hessian_fine_mid",
    "hessian_fine_low",
    "hessian_fine_strength",
    "hessian_size_mid",
    "hessian_size_low",
    "hessian_size_strength",
    "lung_depth_mm",
)
"""The feature vector's order (the classifier JSON names it, and loading checks it)."""

LIMITED_FEATURES = ("shell_tissue_share",)
"""Features past whose training range (among the nodules, plus a margin) a candidate is not
scored: how much of a candidate's surface lies against tissue. No training candidate on a
nodule exceeds 0.57 (a juxtapleural nodule is still half in air), while a lens of chest wall or
a piece of heart border or hilum seen through the lung mask's edge sits at 0.6-0.8; the
simulator makes almost no such candidates, so the trees, which cannot extrapolate, had scored
them 0.36-0.995 on the real series."""

TISSUE_HU = -500.0
"""Voxels denser than this around a candidate are tissue (vessel, airway wall, pleura)."""


@dataclasses.dataclass(frozen=True)
class CandidateContext:
    """What every candidate of one series shares: images on the model grid and the source."""

    probability: npt.NDArray[np.float32]
    hu: npt.NDArray[np.float32]
    spacing_mm: tuple[float, float, float]
    slice_thickness_mm: float
    lung_depth_mm: Callable[[FloatArray], float] | None = None
    """Depth (mm) inside the lung mask of a model-grid index, or None (no lung mask)."""


def _crop(box: Sequence[slice], shape: Sequence[int], pad: int) -> tuple[slice, ...]:
    return tuple(
        slice(max(b.start - pad, 0), min(b.stop + pad, n)) for b, n in zip(box, shape, strict=True)
    )


def _shape_features(points_mm: FloatArray, voxel_mm3: float) -> list[float]:
    volume = len(points_mm) * voxel_mm3
    diameter = float((6.0 * volume / np.pi) ** (1.0 / 3.0))
    if len(points_mm) < 4:
        return [float(np.log(volume)), diameter, 1.0, 1.0]
    eig = np.sort(np.linalg.eigvalsh(np.cov(points_mm.T)))[::-1] + 0.1
    return [
        float(np.log(volume)),
        diameter,
        float(np.sqrt(eig[0] / eig[2])),
        float(np.sqrt(eig[1] / eig[2])),
    ]


def _hessian_features(hu: npt.NDArray[np.float32], centre: FloatArray, sigma: float) -> list[float]:
    """Eigenvalue ratios of the Hessian of the smoothed image at ``centre`` (voxels).

    Sorted by magnitude |l1| >= |l2| >= |l3|: a bright blob has l2/l1 and l3/l1 near 1, a bright
    tube l2/l1 near 1 and l3/l1 near 0, a plate both near 0. Strength is sigma^2 * -l1 in HU.
    """
    reach = int(np.ceil(4 * sigma)) + 1
    c = np.clip(np.rint(centre).astype(int), 0, np.asarray(hu.shape) - 1)
    box = tuple(slice(max(int(x) - reach, 0), int(x) + reach + 1) for x in c)
    local = hu[box].astype(np.float64)
    at = tuple(int(x) - b.start for x, b in zip(c, box, strict=True))
    h = np.zeros((3, 3))
    for i in range(3):
        for j in range(i, 3):
            order = [0, 0, 0]
            order[i] += 1
            order[j] += 1
            value = ndimage.gaussian_filter(local, sigma, order=order, mode="nearest")[at]
            h[i, j] = h[j, i] = value
    eig = np.linalg.eigvalsh(h)
    eig = eig[np.argsort(-np.abs(eig))]
    top = eig[0] if abs(eig[0]) > 1e-6 else 1e-6
    return [float(eig[1] / top), float(eig[2] / top), float(-(sigma**2) * eig[0])]


def _surroundings(
    hu: npt.NDArray[np.float32], component: BoolArray, box: Sequence[slice]
) -> list[float]:
    """Tissue touching the candidate: in a 2-voxel shell, a 3-5-voxel ring and a wider cube."""
    crop = _crop(box, hu.shape, 6)
    inner = np.zeros(hu[crop].shape, dtype=bool)
    inner[
        tuple(slice(b.start - c.start, b.stop - c.start) for b, c in zip(box, crop, strict=True))
    ] = component
    local = hu[crop]
    tissue = local > TISSUE_HU
    near = ndimage.binary_dilation(inner, iterations=2)
    far = ndimage.binary_dilation(near, iterations=3)
    shell = near & ~inner
    ring = far & ~near
    pieces = ndimage.label(tissue & shell, structure=np.ones((3, 3, 3)))[1]
    outside = ~inner
    return [
        float(local[shell].mean()) if shell.any() else -1000.0,
        float(tissue[shell].mean()) if shell.any() else 0.0,
        float(pieces),
        float(tissue[ring].mean()) if ring.any() else 0.0,
        float(tissue[outside].mean()) if outside.any() else 0.0,
    ]


def candidate_features(
    context: CandidateContext, component: BoolArray, box: Sequence[slice]
) -> FloatArray:
    """The :data:`FEATURE_NAMES` vector of one candidate (``component`` is its mask in ``box``)."""
    spacing = np.asarray(context.spacing_mm, dtype=np.float64)
    voxels = np.argwhere(component).astype(np.float64) + [b.start for b in box]
    centre = voxels.mean(axis=0)
    extent = (voxels.max(axis=0) - voxels.min(axis=0) + 1) * spacing
    prob = context.probability[tuple(box)][component]
    hu = context.hu[tuple(box)][component]
    shape = _shape_features(voxels * spacing, float(np.prod(spacing)))
    radius_vox = max(shape[1] / 2.0 / float(spacing.mean()), 1.0)
    depth = context.lung_depth_mm(centre) if context.lung_depth_mm is not None else 0.0
    values = [
        *shape,
        float(extent[0]),
        float(max(extent[1], extent[2])),
        float(extent[0] / context.slice_thickness_mm),
        context.slice_thickness_mm,
        float(prob.max()),
        float(prob.mean()),
        float((prob >= 0.5).mean()),
        float((prob >= 0.9).mean()),
        float(hu.mean()),
        float(hu.std()),
        float(hu.max()),
        float(np.percentile(hu, 10)),
        *_surroundings(context.hu, component, box),
        *_hessian_features(context.hu, centre, 1.0),
        *_hessian_features(context.hu, centre, max(radius_vox / np.sqrt(3.0), 1.0)),
        depth,
    ]
    return np.asarray(values, dtype=np.float64)


def indexed_limits(named: Mapping[str, float]) -> tuple[tuple[int, float], ...]:
    """``{feature name: largest value}`` as (index in :data:`FEATURE_NAMES`, value) pairs."""
    unknown = sorted(set(named) - set(FEATURE_NAMES))
    if unknown:
        raise ModelError(f"candidate classifier sets limits on unknown features {unknown}")
    return tuple((FEATURE_NAMES.index(name), float(value)) for name, value in named.items())


def beyond_limits(features: FloatArray, limits: Sequence[tuple[int, float]]) -> BoolArray:
    """Rows of ``features`` (n, len(FEATURE_NAMES)) past any of the (index, largest) limits:
    those the classifier scores 0, here and in its training's out-of-fold scores."""
    past = np.zeros(len(features), dtype=bool)
    for index, largest in limits:
        past |= features[:, index] > largest
    return past


@dataclasses.dataclass(frozen=True)
class _Tree:
    feature: npt.NDArray[np.int64]
    threshold: FloatArray
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    value: FloatArray

    def predict(self, x: FloatArray) -> FloatArray:
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        for _ in range(64):
            leaf = self.left[node] < 0
            if leaf.all():
                break
            go_left = x[rows, np.maximum(self.feature[node], 0)] <= self.threshold[node]
            node = np.where(leaf, node, np.where(go_left, self.left[node], self.right[node]))
        return self.value[node]


@dataclasses.dataclass(frozen=True)
class CandidateClassifier:
    """Gradient-boosted trees over :data:`FEATURE_NAMES`: P(nodule) of each candidate."""

    baseline: float
    learning_rate: float
    trees: tuple[_Tree, ...]
    threshold: float
    """Operating point: candidates scoring below it are not reported."""
    limits: tuple[tuple[int, float], ...] = ()
    """(feature index, largest value) pairs: the trees have seen no nodule beyond them (see
    :data:`LIMITED_FEATURES`), so a candidate past one scores 0 instead of an extrapolation."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], threshold: float) -> CandidateClassifier:
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ModelError(
                "candidate classifier was trained on other features than this appliance computes; "
                "retrain it (models/lung_nodule/candidate_classifier.py) or update the appliance"
            )
        trees = tuple(
            _Tree(
                feature=np.asarray(t["feature"], dtype=np.int64),
                threshold=np.asarray(t["threshold"], dtype=np.float64),
                left=np.asarray(t["left"], dtype=np.int64),
                right=np.asarray(t["right"], dtype=np.int64),
                value=np.asarray(t["value"], dtype=np.float64),
            )
            for t in data["trees"]
        )
        limits = indexed_limits(data.get("limits", {}))
        return cls(float(data["baseline"]), float(data["learning_rate"]), trees, threshold, limits)

    @classmethod
    def load(cls, path: Path, threshold: float) -> CandidateClassifier:
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read candidate classifier {path}: {exc}") from exc
        return cls.from_json(data, threshold)

    def raw_score(self, features: npt.ArrayLike) -> FloatArray:
        """The trees' log-odds for each row of ``features``, limits not applied."""
        return self._raw(_as_sklearn_compares(features))

    def probability(self, features: npt.ArrayLike) -> FloatArray:
        """P(nodule) for each row of ``features`` (n, len(FEATURE_NAMES))."""
        x = _as_sklearn_compares(features)
        probability = 1.0 / (1.0 + np.exp(-self._raw(x)))
        probability[beyond_limits(x, self.limits)] = 0.0
        return np.asarray(probability, dtype=np.float64)

    def _raw(self, x: FloatArray) -> FloatArray:
        raw = np.full(len(x), self.baseline)
        for tree in self.trees:
            raw += self.learning_rate * tree.predict(x)
        return raw


def _as_sklearn_compares(features: npt.ArrayLike) -> FloatArray:
    """Rows as float64 from float32: scikit-learn compares float32 features with its float64
    thresholds; do the same."""
    return np.atleast_2d(np.asarray(features, dtype=np.float32)).astype(np.float64)
