"""What an analysis found, as plain data shared by the pipeline, the catalogue and the results.

:class:`Finding` carries the fields of the cohort interchange format
(``../shared/cohort/README.md``) plus where the finding is; :class:`SeriesAnalysis` is what the
analysis of one series returns. Both are plain frozen dataclasses so they cross process
boundaries (the analysis worker pool) and serialise to JSON without ceremony.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "LUNG_RADS_ORDER",
    "OUTSIDE_VALIDATION",
    "DetectionCandidate",
    "Finding",
    "FindingMask",
    "SeriesAnalysis",
    "highest_lung_rads",
    "reading_rank",
]

LUNG_RADS_ORDER: tuple[str, ...] = ("1", "2", "3", "4A", "4B", "4X")

OUTSIDE_VALIDATION = "Outside validation: "
"""Every validation warning of a :class:`SeriesAnalysis` starts with this (see
:mod:`appliance.inference.envelope`), so a reader of the SR's comments tells them from the
limited mode's sentences (:mod:`appliance.results.reader`)."""


def reading_rank(lung_rads: str | None, diameter_mm: float | None) -> tuple[int, float]:
    """Sort key of the order a reader looks at findings in, shared by the TUI and the text
    summary: the highest Lung-RADS category first, the largest among equals."""
    order = LUNG_RADS_ORDER.index(lung_rads) if lung_rads in LUNG_RADS_ORDER else -1
    return -order, -float(diameter_mm or 0.0)


def highest_lung_rads(categories: list[str | None]) -> str:
    """The study's category: the highest of its findings', ``1`` when there are none."""
    ranked = [LUNG_RADS_ORDER.index(c) for c in categories if c in LUNG_RADS_ORDER]
    return LUNG_RADS_ORDER[max(ranked)] if ranked else "1"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One finding in one series, measured as radiologists measure it."""

    finding_id: str
    kind: str  # nodule | mass (> 30 mm) | ...
    lobe: str | None
    long_axis_mm: float
    short_axis_mm: float
    diameter_mm: float  # mean of long and short axis, to 0.1 mm
    volume_mm3: float
    mean_hu: float
    attenuation: str  # solid | part-solid | ground-glass
    solid_component_mm: float | None
    margin: str  # smooth | lobulated | spiculated
    calcified: bool
    lung_rads: str
    confidence: float
    center_mm: tuple[float, float, float]  # patient coordinates (LPS)
    side: str | None = None
    track_id: str | None = None
    spiculation_score: float | None = None  # the shape measure behind ``margin``
    extent_mm: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    """Bounding box in patient coordinates: (min xyz, max xyz)."""
    follow_up: str | None = None
    """``baseline`` (no prior chest CT), ``new``, ``seen-on-prior`` (matched no prior finding, but
    the prior's detector saw it below the reporting threshold: not new), ``growing``,
    ``slow-growing`` or ``stable`` (:mod:`appliance.inference.followup`); None when not
    compared."""
    prior_finding_id: str | None = None
    """The same nodule on the prior it was matched to."""
    prior_study_uid: str | None = None
    prior_diameter_mm: float | None = None
    interval_days: int | None = None
    """Days since the prior study."""
    growth_mm: float | None = None
    """Mean diameter now minus on the prior (negative: it shrank)."""
    volume_change_pct: float | None = None
    volume_doubling_days: float | None = None
    """None unless the volume grew."""

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["center_mm"] = list(self.center_mm)
        if self.extent_mm is not None:
            data["extent_mm"] = [list(self.extent_mm[0]), list(self.extent_mm[1])]
        return data


@dataclasses.dataclass(frozen=True)
class FindingMask:
    """A finding's segmentation, cropped to its bounding box on the series' own voxel grid.

    ``offset`` is the (slice index, row, column) of ``mask[0, 0, 0]``, where slice indices follow
    :attr:`SeriesAnalysis.source_files` (slices sorted along the slice normal). The DICOM SEG is
    written from these, frame by frame, referencing the source images.
    """

    finding_id: str
    offset: tuple[int, int, int]
    mask: npt.NDArray[np.bool_]


CONFIDENCE_MEANING = {
    True: "probability that the finding is a real nodule (calibrated on real nodules)",
    False: "ranking score of the model's candidate classifier, not a probability",
}
"""What a finding's ``confidence`` means, as the analysis JSON, the API and the UIs say it."""


@dataclasses.dataclass(frozen=True)
class DetectionCandidate:
    """One detection candidate of a scan, reported or not: where it is and how it scored. The
    analysis keeps those it did not report (``SeriesAnalysis.unreported``) so that a later scan
    can tell a nodule "present on the prior, not reported" from a new one
    (:mod:`appliance.inference.unreported`)."""

    centre_mm: tuple[float, float, float]
    """Its centroid in patient mm."""
    score: float
    """The second stage's raw score (the scale of its operating threshold), or the detector's
    confidence when the model has no second stage."""

    def to_json(self) -> dict[str, Any]:
        return {"centre_mm": [round(v, 2) for v in self.centre_mm], "score": round(self.score, 5)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DetectionCandidate:
        x, y, z = (float(v) for v in data["centre_mm"])
        return cls((x, y, z), float(data["score"]))


@dataclasses.dataclass(frozen=True)
class SeriesAnalysis:
    """The result of analysing one series with one model."""

    study_uid: str
    series_uid: str
    patient_id: str
    model_name: str
    model_version: str
    findings: tuple[Finding, ...]
    lung_rads: str  # the series' highest category
    provider: str = "CPUExecutionProvider"
    timings_s: dict[str, float] = dataclasses.field(default_factory=dict)
    source_files: tuple[str, ...] = ()
    """The series' image files in slice order (the z index of every FindingMask)."""
    source_sop_instance_uids: tuple[str, ...] = ()
    """SOP Instance UIDs in the same order as ``source_files``."""
    masks: tuple[FindingMask, ...] = ()
    """One per finding (same finding_id), for the DICOM SEG."""
    preprocessing: dict[str, float] = dataclasses.field(default_factory=dict)
    """What was done to the image before the model (input noise, smoothing)."""
    micronodules: int = 0
    """Findings measured with a long axis under the model's ``min_long_axis_mm`` and therefore
    not reported (micronodules), so a reader knows they were seen and left out."""
    mode: str = "full"
    """``full``, or ``limited`` for a thick-slice series (``docs/analysis.md``): only findings of
    the model's ``limited_min_diameter_mm`` and up are claimed."""
    limitations: tuple[str, ...] = ()
    """Plain sentences on what this analysis does not claim (empty in full mode)."""
    confidence_calibrated: bool = False
    """Whether each finding's ``confidence`` is a calibrated probability that it is a real
    nodule (the model's calibration, :mod:`appliance.inference.calibration`) rather than a
    ranking score."""
    lung_box_mm: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    """The lungs' bounding box in patient mm (min xyz, max xyz), for aligning priors."""
    comparison: dict[str, Any] = dataclasses.field(default_factory=dict)
    """What the follow-up comparison used and found (:mod:`appliance.inference.priors`): the
    priors, their alignment, the resolved findings; empty when there was no prior."""
    inputs: dict[str, Any] = dataclasses.field(default_factory=dict)
    """What the series was acquired with and what was measured on it before the model
    (:class:`appliance.inference.acquisition.SeriesInputs` as JSON): kept for drift monitoring."""
    validation_warnings: tuple[str, ...] = ()
    """One sentence per input outside what the model was validated on (its manifest's
    ``validation``; :mod:`appliance.inference.envelope`); empty: within it, or not stated."""
    unreported: tuple[DetectionCandidate, ...] = ()
    """The detection candidates not reported as findings (the worker's
    :func:`appliance.inference.unreported.detect_with_floor`), recorded in the catalogue for
    later follow-ups; not part of the analysis's JSON or results."""

    def to_json(self) -> dict[str, Any]:
        return {
            "study_uid": self.study_uid,
            "series_uid": self.series_uid,
            "patient_id": self.patient_id,
            "model": {
                "name": self.model_name,
                "version": self.model_version,
                "provider": self.provider,
            },
            "lung_rads": self.lung_rads,
            "findings": [f.to_json() for f in self.findings],
            "timings_s": dict(self.timings_s),
            "preprocessing": dict(self.preprocessing),
            "micronodules_not_reported": self.micronodules,
            "mode": self.mode,
            "limitations": list(self.limitations),
            "confidence": CONFIDENCE_MEANING[self.confidence_calibrated],
            "lung_box_mm": [list(p) for p in self.lung_box_mm] if self.lung_box_mm else None,
            "comparison": dict(self.comparison),
            "inputs": dict(self.inputs),
            "validation": {
                "within": not self.validation_warnings,
                "warnings": list(self.validation_warnings),
            },
        }
