"""From the model's probability map to candidate findings, each with a mask on the source grid.

The pipeline (:mod:`appliance.inference.pipeline`) calls :func:`detect` with the probability map
on the model's grid. Steps, with the defaults of :class:`DetectionSettings`:

1. 26-connected components of the probabilities at ``threshold``, and, with a lower
   ``candidate_threshold`` (the manifest's ``candidate`` threshold, so that faint small nodules
   become candidates), the components at that threshold holding no component of at least
   ``min_volume_mm3`` at ``threshold`` (so a faint bridge never joins a clear nodule to a
   vessel: each keeps its own centre; and a speck too small to keep does not hide the faint
   nodule around it);
2. drop components smaller than ``min_volume_mm3`` (a 3 mm sphere) and those with less than
   ``min_in_lung`` of their voxels within ``lung_margin_mm`` of the lung mask (chest wall,
   mediastinum, outside the body; a nodule touching the pleura is still mostly in the mask);
3. confidence of a component: with a ``classifier`` (the model's second stage,
   :mod:`appliance.inference.candidates`), its probability from the candidate's features, and
   candidates under its operating threshold are dropped; without one, the highest probability;
4. map it back to the source grid: the probability map is resampled (linearly) onto the source
   voxels of the component's bounding box and thresholded at ``threshold`` (or at the candidate
   threshold when the component never reaches it), keeping the largest piece, so measurements
   use the scanner's own pixels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import ndimage

from appliance.inference.calibration import ConfidenceCalibration, OperatingPoint
from appliance.inference.candidates import (
    FEATURE_NAMES,
    CandidateClassifier,
    CandidateContext,
    candidate_features,
)
from appliance.inference.lungs import LungMask
from appliance.inference.volume import resample

__all__ = ["Candidate", "DetectionSettings", "detect"]

BoolArray = npt.NDArray[np.bool_]


_SIZE_FEATURE = FEATURE_NAMES.index("diameter_mm")
"""The candidate feature the confidence calibration takes as the size."""


@dataclasses.dataclass(frozen=True)
class DetectionSettings:
    """Post-processing thresholds."""

    threshold: float = 0.5
    """Probability above which a voxel belongs to a finding's segmentation."""
    candidate_threshold: float | None = None
    """Probability above which voxels form candidates (None: ``threshold``)."""
    classifier: CandidateClassifier | None = None
    """Second stage scoring each candidate's features; None keeps every candidate."""
    min_volume_mm3: float = 14.0
    """Smallest component kept (14 mm3 is a sphere of 3 mm diameter)."""
    lung_margin_mm: float = 5.0
    """How far outside the lung mask a component's voxels still count as in the lung."""
    min_in_lung: float = 0.5
    """Fraction of a component's voxels that must be in (or near) the lung."""
    max_findings: int = 20
    """Report at most this many: most confident first, larger first among equally confident.
    Applied to what is reported, after :attr:`min_long_axis_mm` (:func:`analyse_series
    <appliance.inference.pipeline.analyse_series>`), so micronodules take no place; detection
    itself returns every candidate, ranked."""
    max_input_noise_hu: float | None = None
    """Noisier model inputs are smoothed first (:mod:`appliance.inference.noise`); None: never."""
    min_long_axis_mm: float = 0.0
    """Findings whose measured long axis is under this are not reported: micronodules, which
    LIDC defines by a greatest in-plane dimension under 3 mm and LUNA16 leaves out, and on which
    no Lung-RADS v2022 step depends. Applied after measurement (:func:`analyse_series
    <appliance.inference.pipeline.analyse_series>`)."""
    full_mode_max_slice_mm: float | None = None
    """Series whose slice step is over this are analysed in limited mode
    (:func:`analyse_series <appliance.inference.pipeline.analyse_series>`); None: never."""
    limited_min_diameter_mm: float = 10.0
    """In limited mode, findings whose mean diameter is under this are not reported."""
    calibration: ConfidenceCalibration | None = None
    """With a classifier: maps its score and the candidate's size (the ``diameter_mm`` feature)
    to the finding's confidence, P(real nodule) (:mod:`appliance.inference.calibration`); None
    reports the score."""
    limited_operating_point: OperatingPoint | None = None
    """With a classifier, on a series analysed in limited mode: the threshold chosen on thick
    slices, which decides what is reported in place of the classifier's own, and the
    calibration applied to each finding once measured, in place of :attr:`calibration`
    (:func:`~appliance.inference.pipeline.analyse_detected`); None keeps the full mode's."""


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One detected component, on the source grid."""

    offset: tuple[int, int, int]
    """(slice, row, column) of ``mask[0, 0, 0]`` in the source volume."""
    mask: BoolArray
    confidence: float
    mean_probability: float
    features: npt.NDArray[np.float64] | None = None
    """Its :data:`~appliance.inference.candidates.FEATURE_NAMES` values, when computed."""


def _padded(box: tuple[slice, ...], shape: Sequence[int]) -> tuple[slice, ...]:
    return tuple(
        slice(max(b.start - 1, 0), min(b.stop + 1, n)) for b, n in zip(box, shape, strict=True)
    )


def _to_source(
    probability: npt.NDArray[np.float32],
    component: BoolArray,
    box: tuple[slice, ...],
    *,
    model_spacing: Sequence[float],
    source_spacing: Sequence[float],
    source_shape: Sequence[int],
    threshold: float,
) -> tuple[tuple[int, int, int], BoolArray]:
    """Resample one component's probabilities (``box`` of the model grid) onto source voxels."""
    scale = np.asarray(model_spacing, dtype=np.float64) / np.asarray(
        source_spacing, dtype=np.float64
    )
    start = [int(np.ceil(b.start * s)) for b, s in zip(box, scale, strict=True)]
    stop = [
        min(int(np.floor((b.stop - 1) * s)) + 1, n)
        for b, s, n in zip(box, scale, source_shape, strict=True)
    ]
    shape = [max(b - a, 1) for a, b in zip(start, stop, strict=True)]
    offset = np.asarray(start, dtype=np.float64) / scale - [b.start for b in box]
    only_this = np.where(component, probability, np.float32(0.0)).astype(np.float32)
    prob = resample(only_this, model_spacing, source_spacing, shape=shape, offset=offset)
    mask = prob >= threshold
    labels, count = ndimage.label(mask, structure=np.ones((3, 3, 3)))
    if count > 1:
        sizes = np.bincount(labels.ravel())[1:]
        mask = labels == (int(np.argmax(sizes)) + 1)
    return (start[0], start[1], start[2]), mask


def _components(
    probability: npt.NDArray[np.float32], threshold: float, low: float, min_voxels: int = 1
) -> npt.NDArray[np.int32]:
    """Labelled candidates: each 26-connected component at ``threshold``, and each component at
    the lower ``low`` that holds no component of at least ``min_voxels`` at ``threshold`` (a
    faint candidate). A faint bridge (partial volume along a vessel) then never merges a clear
    nodule with its neighbours into one candidate whose centre lies off the nodule, and a faint
    nodule whose clear core is too small to keep is still found as a whole."""
    structure = np.ones((3, 3, 3))
    strong, count = ndimage.label(probability >= threshold, structure=structure)
    if low >= threshold:
        return np.asarray(strong, dtype=np.int32)
    sizes = np.bincount(strong.ravel(), minlength=count + 1)
    sizes[0] = min_voxels
    strong[sizes[strong] < min_voxels] = 0
    weak, _ = ndimage.label(probability >= low, structure=structure)
    holds_strong = np.zeros(int(weak.max()) + 1, dtype=bool)
    holds_strong[np.unique(weak[strong > 0])] = True
    holds_strong[0] = True
    faint = ~holds_strong[weak]
    labels = np.asarray(strong, dtype=np.int32)
    labels[faint] = weak[faint] + count
    return labels


def _near(lungs: LungMask, margin_mm: float) -> BoolArray:
    steps = max(int(np.ceil(margin_mm / min(lungs.spacing_mm))), 0)
    if steps == 0:
        return lungs.mask
    return np.asarray(ndimage.binary_dilation(lungs.mask, iterations=steps), dtype=bool)


def _fraction_inside(near: BoolArray, lungs: LungMask, points_mm: npt.NDArray[np.float64]) -> float:
    index = np.rint(
        np.linalg.solve(lungs.affine[:3, :3], (points_mm - lungs.affine[:3, 3]).T).T
    ).astype(int)
    valid = np.all((index >= 0) & (index < near.shape), axis=1)
    hits = np.zeros(len(index), dtype=bool)
    hits[valid] = near[tuple(index[valid].T)]
    return float(hits.mean()) if len(hits) else 0.0


def lung_depth(
    lungs: LungMask, to_patient: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]]
) -> Callable[[npt.NDArray[np.float64]], float]:
    """Depth (mm) inside the lung mask of a model-grid index (0 outside the mask)."""
    depth = ndimage.distance_transform_edt(lungs.mask, sampling=lungs.spacing_mm)
    inverse = np.linalg.inv(lungs.affine[:3, :3])

    def at(index: npt.NDArray[np.float64]) -> float:
        point = to_patient(np.asarray(index, dtype=np.float64)[None, :])[0]
        k = np.rint(inverse @ (point - lungs.affine[:3, 3])).astype(int)
        if np.any(k < 0) or np.any(k >= depth.shape):
            return 0.0
        return float(depth[tuple(k)])

    return at


def detect(
    probability: npt.NDArray[np.float32],
    model_spacing: Sequence[float],
    source_spacing: Sequence[float],
    source_shape: Sequence[int],
    *,
    lungs: LungMask | None,
    to_patient: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]],
    settings: DetectionSettings = DetectionSettings(),
    hu: npt.NDArray[np.float32] | None = None,
) -> list[Candidate]:
    """Components of the probability map (model grid) as masks on the source grid, every one
    kept, most confident first (the report's cap is applied after measurement).

    ``to_patient`` maps model-grid indices (..., 3) to patient mm (to look them up in ``lungs``).
    ``hu`` (the model-grid image) lets each candidate's features be computed; it is required
    when ``settings.classifier`` is set.
    """
    if settings.classifier is not None and hu is None:
        raise ValueError('Argument "hu" is required when settings.classifier is set.')
    low = (
        settings.threshold if settings.candidate_threshold is None else settings.candidate_threshold
    )
    voxel_mm3 = float(np.prod(model_spacing))
    min_voxels = int(np.ceil(settings.min_volume_mm3 / voxel_mm3))
    labels = _components(probability, settings.threshold, low, min_voxels)
    near_lung = _near(lungs, settings.lung_margin_mm) if lungs is not None else None
    context = None
    if hu is not None:
        context = CandidateContext(
            probability,
            hu,
            (float(model_spacing[0]), float(model_spacing[1]), float(model_spacing[2])),
            float(source_spacing[0]),
            lung_depth(lungs, to_patient) if lungs is not None else None,
        )
    found: list[Candidate] = []
    for number, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is None:
            continue
        component = labels[box] == number
        if component.sum() * voxel_mm3 < settings.min_volume_mm3:
            continue
        if near_lung is not None and lungs is not None:
            voxels = np.argwhere(component)[:: max(1, int(component.sum()) // 400)]
            points = to_patient((voxels + [b.start for b in box]).astype(np.float64))
            if _fraction_inside(near_lung, lungs, points) < settings.min_in_lung:
                continue
        values = probability[box][component]
        top = float(values.max())
        features = candidate_features(context, component, box) if context is not None else None
        confidence = top
        if settings.classifier is not None and features is not None:
            confidence = float(settings.classifier.probability(features)[0])
            if confidence < settings.classifier.threshold:
                continue
            if settings.calibration is not None:
                size = float(features[_SIZE_FEATURE])
                confidence = settings.calibration.probability(confidence, size)
        padded = _padded(box, probability.shape)
        start, mask = _to_source(
            probability[padded],
            labels[padded] == number,
            padded,
            model_spacing=model_spacing,
            source_spacing=source_spacing,
            source_shape=source_shape,
            threshold=settings.threshold if values.min() >= settings.threshold else low,
        )
        if not mask.any():
            continue
        found.append(Candidate(start, mask, confidence, float(values.mean()), features))
    found.sort(key=lambda c: (-round(c.confidence, 3), -int(c.mask.sum())))
    return found
