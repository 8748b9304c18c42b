"""Analysing one series step by step: assemble, resample, predict, detect, measure, categorise.

Called by the analysis worker processes (:mod:`appliance.inference.dispatcher`) and by
``scanside analyze`` (:func:`analyse_folder`). Each step is a function of its own module; this
module only wires them and times them (``SeriesAnalysis.timings_s``):

``assemble`` (:mod:`~appliance.inference.volume`) -> ``resample`` to the model's spacing ->
``noise`` (:mod:`~appliance.inference.noise`, smooths inputs noisier than the model knows) ->
``lungs`` (:mod:`~appliance.inference.lungs`, on a 4 mm grid) -> ``predict`` (the model) ->
``detect`` (:mod:`~appliance.inference.detect`, back to the source grid) -> ``measure``
(:mod:`~appliance.inference.measure`, with the model version's own attenuation head:
:func:`attenuation_head_of`) and ``categorise`` (:mod:`~appliance.inference.lungrads`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pydicom

from appliance.errors import AnalysisError, VolumeError
from appliance.findings import Finding, FindingMask, SeriesAnalysis, highest_lung_rads
from appliance.inference.acquisition import SeriesInputs, read_header, series_inputs
from appliance.inference.attenuation_head import SHIPPED, AttenuationHead, HeadChoice
from appliance.inference.calibration import OperatingPoint
from appliance.inference.candidates import CandidateClassifier
from appliance.inference.detect import Candidate, DetectionSettings, detect
from appliance.inference.envelope import ValidationEnvelope
from appliance.inference.lungrads import categorise
from appliance.inference.lungs import GRID_MM as LUNG_GRID_MM
from appliance.inference.lungs import LungMask, lung_mask
from appliance.inference.measure import measure
from appliance.inference.noise import Harmonisation, harmonise
from appliance.inference.volume import Volume, assemble_volume, resample

__all__ = [
    "DetectedSeries",
    "LimitedMode",
    "ProbabilityModel",
    "SeriesFiles",
    "analyse_detected",
    "analyse_folder",
    "analyse_series",
    "attenuation_head_of",
    "detect_series",
    "group_by_series",
    "limited_mode",
    "model_settings",
    "series_settings",
]

log = logging.getLogger(__name__)

SLICE_STEP_TOLERANCE = 0.02
"""A slice step this fraction over ``full_mode_max_slice_mm`` (rounding in the headers) is still
a full analysis."""


class ProbabilityModel(Protocol):
    """What the pipeline needs of a model (:class:`appliance.inference.runtime.NoduleModel`)."""

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def spacing_mm(self) -> tuple[float, float, float]: ...
    @property
    def thresholds(self) -> dict[str, float]: ...
    def predict(self, volume_hu: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]: ...


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 3)


def _finding(
    volume: Volume,
    candidate: Candidate,
    number: int,
    lungs: LungMask | None,
    head: HeadChoice,
) -> tuple[Finding, FindingMask]:
    """The finding of one candidate, and the mask it was measured on (the DICOM SEG's)."""
    m = measure(
        candidate.mask,
        candidate.offset,
        volume.hu,
        volume.spacing_mm,
        affine=volume.affine,
        lungs=lungs,
        attenuation_head=head,
    )
    lung_rads = categorise(
        m.attenuation, m.diameter_mm, solid_component_mm=m.solid_component_mm,
        calcified=m.calcified, margin=m.margin,
    )  # fmt: skip
    finding_id = f"{volume.series_uid}.{number}"
    finding = Finding(
        finding_id=finding_id,
        kind=m.kind,
        lobe=m.lobe,
        long_axis_mm=m.long_axis_mm,
        short_axis_mm=m.short_axis_mm,
        diameter_mm=m.diameter_mm,
        volume_mm3=m.volume_mm3,
        mean_hu=m.mean_hu,
        attenuation=m.attenuation,
        solid_component_mm=m.solid_component_mm,
        margin=m.margin,
        calcified=m.calcified,
        lung_rads=lung_rads,
        confidence=round(candidate.confidence, 3),
        center_mm=m.center_mm,
        side=m.side,
        spiculation_score=m.spiculation_score,
        extent_mm=m.extent_mm,
    )
    return finding, FindingMask(finding_id, m.mask_offset, m.mask)


def _to_patient(
    affine: npt.NDArray[np.float64],
) -> Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]]:
    def convert(index: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Voxel indices, shape (..., 3), to patient mm."""
        return np.asarray(index @ affine[:3, :3].T + affine[:3, 3], dtype=np.float64)

    return convert


def attenuation_head_of(model: ProbabilityModel) -> HeadChoice:
    """The learned attenuation head the model's version measures with: its
    ``attenuation_head`` (:class:`~appliance.inference.runtime.NoduleModel` reads it from its
    manifest, checked, once per version; None: the rules alone). A model without that
    attribute (a test's or the training code's) measures with the shipped version's head."""
    head = getattr(model, "attenuation_head", SHIPPED)
    return head if head is None or isinstance(head, AttenuationHead) else SHIPPED


def model_settings(model: ProbabilityModel) -> DetectionSettings:
    """Detection settings from the model's manifest.

    The segmentation threshold is ``thresholds.nodule`` (0.5 when absent). With a second stage
    (the model's ``candidate_classifier``, which :class:`NoduleModel` has when its manifest
    names one and ``inference.second_stage`` is on), candidates are made at
    ``thresholds.candidate`` (down to ``thresholds.candidate_min_volume_mm3``, the size it was
    trained on) and scored by it; without, at the segmentation threshold. Either way, inputs
    noisier than ``thresholds.max_input_noise_hu`` are smoothed first, and findings whose long axis
    measures under ``thresholds.min_long_axis_mm`` are not reported.
    """
    classifier = getattr(model, "candidate_classifier", None)
    thresholds = model.thresholds
    common = DetectionSettings(
        threshold=thresholds.get("nodule", 0.5),
        max_input_noise_hu=thresholds.get("max_input_noise_hu"),
        min_long_axis_mm=thresholds.get("min_long_axis_mm", 0.0),
        full_mode_max_slice_mm=thresholds.get("full_mode_max_slice_mm"),
        limited_min_diameter_mm=thresholds.get(
            "limited_min_diameter_mm", DetectionSettings.limited_min_diameter_mm
        ),
    )
    if not isinstance(classifier, CandidateClassifier):
        return common
    return dataclasses.replace(
        common,
        candidate_threshold=thresholds.get("candidate"),
        classifier=classifier,
        min_volume_mm3=thresholds.get("candidate_min_volume_mm3", DetectionSettings.min_volume_mm3),
        calibration=getattr(model, "confidence_calibration", None),
        limited_operating_point=getattr(model, "limited_operating_point", None),
    )


@dataclasses.dataclass(frozen=True)
class DetectedSeries:
    """A series up to detection: its volume, lung mask and candidates (before measurement)."""

    volume: Volume
    lungs: LungMask | None
    candidates: list[Candidate]
    timings_s: dict[str, float]
    harmonisation: Harmonisation
    """The input's noise and any smoothing applied before the model."""


def detect_series(
    files: Sequence[str | Path],
    model: ProbabilityModel,
    settings: DetectionSettings,
) -> DetectedSeries:
    """Assemble, resample, mask the lungs, predict and detect (the training code of the
    candidate classifier calls this to see the candidates the appliance sees)."""
    timer = _Timer()
    with timer.step("assemble"):
        volume = assemble_volume(files)
    settings = series_settings(settings, volume)
    spacing = tuple(float(s) for s in model.spacing_mm)
    with timer.step("resample"):
        model_hu = resample(volume.hu, volume.spacing_mm, spacing)
    with timer.step("noise"):
        model_hu, harmonisation = harmonise(model_hu, settings.max_input_noise_hu)
    if harmonisation.sigma_voxels > 0:
        log.info(
            "series %s: image noise %.1f HU is above the model's %.1f HU; smoothed in-plane "
            "(sigma %.2f voxels) to %.1f HU before inference",
            volume.series_uid,
            harmonisation.noise_hu,
            settings.max_input_noise_hu,
            harmonisation.sigma_voxels,
            harmonisation.noise_after_hu,
        )
    with timer.step("lungs"):
        coarse = resample(volume.hu, volume.spacing_mm, LUNG_GRID_MM)
        lungs = lung_mask(coarse, LUNG_GRID_MM, volume.grid_affine(LUNG_GRID_MM))
    with timer.step("predict"):
        probability = np.asarray(model.predict(model_hu), dtype=np.float32)
    if probability.shape != model_hu.shape:
        raise AnalysisError(
            f"model {model.name} returned a {probability.shape} map for a {model_hu.shape} volume"
        )
    with timer.step("detect"):
        candidates = detect(
            probability,
            spacing,
            volume.spacing_mm,
            volume.hu.shape,
            lungs=lungs,
            to_patient=_to_patient(volume.grid_affine(spacing)),
            settings=settings,
            hu=model_hu,
        )
    return DetectedSeries(volume, lungs, candidates, timer.timings, harmonisation)


def analyse_series(
    files: Sequence[str | Path],
    model: ProbabilityModel,
    *,
    settings: DetectionSettings | None = None,
) -> SeriesAnalysis:
    """Analyse the files of one series with one model (see the module doc for the steps).

    ``settings`` default to :func:`model_settings`.
    """
    settings = settings or model_settings(model)
    return analyse_detected(detect_series(files, model, settings), model, settings)


def analyse_detected(
    detected: DetectedSeries, model: ProbabilityModel, settings: DetectionSettings
) -> SeriesAnalysis:
    """Measure, filter and categorise the candidates of a detected series (the steps of
    :func:`analyse_series` after detection; ``bench/followup_pipeline.py`` calls it to detect
    once at a low floor and report only the candidates over the operating threshold)."""
    volume = detected.volume
    settings = series_settings(settings, volume)
    start = time.perf_counter()
    mode = limited_mode(volume, settings)
    thick = (
        settings.limited_operating_point
        if mode is not None and settings.classifier is not None
        else None
    )
    head = attenuation_head_of(model)
    measured: list[tuple[Finding, FindingMask]] = []
    micronodules = small = 0
    for candidate in detected.candidates:  # most confident first
        if len(measured) == settings.max_findings:
            break
        if thick is not None and candidate.confidence < thick.threshold:
            continue  # under the thick slices' threshold (the score is raw here)
        finding, mask = _finding(volume, candidate, len(measured) + 1, detected.lungs, head)
        if finding.long_axis_mm < settings.min_long_axis_mm:
            micronodules += 1
        elif mode is not None and finding.diameter_mm < settings.limited_min_diameter_mm:
            small += 1
        else:
            measured.append((_thick_slice_confidence(finding, thick), mask))
    if micronodules:
        log.info(
            "series %s: %d finding(s) with a long axis under %.1f mm (micronodules) not reported",
            volume.series_uid,
            micronodules,
            settings.min_long_axis_mm,
        )
    findings = [finding for finding, _ in measured]
    calibrated = settings.calibration is not None or (
        thick is not None and thick.calibration is not None
    )
    timings = {**detected.timings_s, "measure": round(time.perf_counter() - start, 3)}
    inputs = _inputs(detected)
    envelope = getattr(model, "validation", None)
    warnings = envelope.check(inputs) if isinstance(envelope, ValidationEnvelope) else ()
    if warnings:
        log.warning("series %s: %s", volume.series_uid, " ".join(warnings))
    return SeriesAnalysis(
        study_uid=volume.study_uid,
        series_uid=volume.series_uid,
        patient_id=volume.patient_id,
        model_name=model.name,
        model_version=model.version,
        findings=tuple(findings),
        lung_rads=highest_lung_rads([f.lung_rads for f in findings]),
        provider=model.provider,
        timings_s=timings,
        source_files=volume.files,
        source_sop_instance_uids=volume.sop_instance_uids,
        masks=tuple(mask for _, mask in measured),
        preprocessing=detected.harmonisation.to_json(),
        micronodules=micronodules,
        mode="full" if mode is None else "limited",
        limitations=() if mode is None else mode.sentences(small),
        confidence_calibrated=settings.classifier is not None and calibrated,
        lung_box_mm=None if detected.lungs is None else detected.lungs.box_mm(),
        inputs=inputs.to_json(),
        validation_warnings=warnings,
    )


def _inputs(detected: DetectedSeries) -> SeriesInputs:
    """What decides the model's validity on this series (:mod:`.acquisition`)."""
    volume, lungs = detected.volume, detected.lungs
    lung_ml = (
        None
        if lungs is None
        else float(np.count_nonzero(lungs.mask)) * float(np.prod(lungs.spacing_mm)) / 1000.0
    )
    return series_inputs(
        read_header(volume.files[0]),
        slice_step_mm=float(volume.spacing_mm[0]),
        pixel_spacing_mm=(float(volume.spacing_mm[1]), float(volume.spacing_mm[2])),
        noise_hu=detected.harmonisation.noise_hu,
        lung_volume_ml=lung_ml,
    )


@dataclasses.dataclass(frozen=True)
class LimitedMode:
    """Why a series is analysed in limited mode, and what that leaves out."""

    slice_mm: float
    full_mode_max_slice_mm: float
    min_diameter_mm: float

    def sentences(self, left_out: int) -> tuple[str, ...]:
        """The limitations, in the words the SR, the API and the UI carry."""
        return (
            f"Limited mode: slices {self.slice_mm:.1f} mm apart, thicker than the "
            f"{self.full_mode_max_slice_mm:g} mm a full analysis needs.",
            f"Only findings of {self.min_diameter_mm:g} mm and more are reported; smaller "
            "nodules are neither found nor excluded on this series.",
            f"{left_out} smaller finding(s) seen and not reported.",
        )


def series_settings(settings: DetectionSettings, volume: Volume) -> DetectionSettings:
    """The detection settings for ``volume``: on a series analysed in limited mode whose model
    has a thick-slice operating point (``limited_operating_point``), no calibration at
    detection, so that candidates carry their raw score; :func:`analyse_detected` then keeps
    those at or over that point's threshold and turns the score into the finding's confidence
    once the finding is measured (the thick slices' calibration takes the measured mean
    diameter). Otherwise ``settings`` as they are."""
    point = settings.limited_operating_point
    if point is None or settings.classifier is None or limited_mode(volume, settings) is None:
        return settings
    return dataclasses.replace(settings, calibration=None)


def _thick_slice_confidence(finding: Finding, point: OperatingPoint | None) -> Finding:
    """``finding`` (its confidence the raw score) with the thick slices' calibrated confidence,
    from its score and measured mean diameter; as it is without such a calibration."""
    if point is None or point.calibration is None:
        return finding
    probability = point.calibration.probability(finding.confidence, finding.diameter_mm)
    return dataclasses.replace(finding, confidence=round(probability, 3))


def limited_mode(volume: Volume, settings: DetectionSettings) -> LimitedMode | None:
    """The limited mode a series of thick slices is analysed in, or None for a full analysis:
    its slice step is over the model's ``full_mode_max_slice_mm`` (routing refuses series over
    its ``max_slice_thickness_mm`` before this)."""
    limit = settings.full_mode_max_slice_mm
    step = float(volume.spacing_mm[0])
    if limit is None or step <= limit * (1.0 + SLICE_STEP_TOLERANCE):
        return None
    return LimitedMode(step, limit, settings.limited_min_diameter_mm)


@dataclasses.dataclass(frozen=True)
class SeriesFiles:
    """The image files of one series found in a folder, with the header used to route it."""

    series_uid: str
    study_uid: str
    files: tuple[str, ...]
    header: pydicom.Dataset


def group_by_series(path: str | Path) -> list[SeriesFiles]:
    """Every DICOM image under ``path`` (recursively), grouped by SeriesInstanceUID.

    Files that are not DICOM, or DICOM without pixel geometry (SR, SEG, presentation states),
    are not images to analyse and are skipped with a debug log line.
    """
    root = Path(path)
    candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    groups: dict[str, list[tuple[str, pydicom.Dataset]]] = {}
    for file in candidates:
        try:
            ds = pydicom.dcmread(file, stop_before_pixels=True)
        except (pydicom.errors.InvalidDicomError, OSError) as exc:
            log.debug("skipping %s: %s", file, exc)
            continue
        if "ImagePositionPatient" not in ds or "SeriesInstanceUID" not in ds:
            log.debug("skipping %s: not an image with a position", file)
            continue
        groups.setdefault(str(ds.SeriesInstanceUID), []).append((str(file), ds))
    if not groups:
        raise VolumeError(f"no DICOM images with a patient position found under {root}")
    return [
        SeriesFiles(
            uid,
            str(items[0][1].get("StudyInstanceUID", "")),
            tuple(f for f, _ in items),
            items[0][1],
        )
        for uid, items in groups.items()
    ]


def analyse_folder(
    path: str | Path,
    select_model: Callable[[pydicom.Dataset, int], ProbabilityModel | str],
    *,
    settings: DetectionSettings | None = None,
) -> list[tuple[SeriesFiles, SeriesAnalysis | None, str | None]]:
    """Analyse every series under ``path``: ``(series, analysis or None, why not)`` per series.

    ``select_model`` routes a series (by its first header and its number of files) to a model,
    or returns why none applies. A series that cannot be assembled is reported with the reason;
    the others are still analysed.
    """
    results: list[tuple[SeriesFiles, SeriesAnalysis | None, str | None]] = []
    for series in group_by_series(path):
        model = select_model(series.header, len(series.files))
        if isinstance(model, str):
            results.append((series, None, model))
            continue
        try:
            results.append((series, analyse_series(series.files, model, settings=settings), None))
        except VolumeError as exc:
            results.append((series, None, str(exc)))
    return results
