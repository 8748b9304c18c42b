"""Was a "new" follow-up finding already on the prior, below the reporting threshold?

Matching (:mod:`appliance.inference.tracking`) calls a follow-up finding new when no prior
*finding* lies near it. Most such "new" findings on simulated pairs are the detector's false
positives (vessel junctions, airway walls) that the prior's detector also saw, scoring just under
the operating threshold there. Lung-RADS v2022 calls a nodule new only if it was not present on
the prior: one visible in retrospect is an existing nodule (categorised by size and by growth
where a prior measurement exists; here there is none, so by the baseline size rules).

The rule: keep the prior's detection candidates above a low score floor (:func:`detect_with_floor`
returns them beside the analysis, at no extra model cost), map them onto the follow-up with the
comparison's alignment, and call a follow-up finding that matched nothing *present on prior, not
reported* when a prior candidate scoring at least :attr:`SeenOnPrior.min_score` lies within
:attr:`SeenOnPrior.radius_mm` of it; only the others are new. The parameters were chosen on
development pairs only (``docs/benchmarks.md``, "Follow-up matching").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from appliance.findings import DetectionCandidate, Finding, SeriesAnalysis
from appliance.inference.candidates import CandidateClassifier
from appliance.inference.detect import Candidate
from appliance.inference.pipeline import (
    DetectedSeries,
    ProbabilityModel,
    analyse_detected,
    detect_series,
    model_settings,
)
from appliance.inference.tracking import Alignment, Match

__all__ = [
    "SeenOnPrior",
    "analyse_with_candidates",
    "candidate_centre",
    "detect_with_floor",
]

Point = tuple[float, float, float]


@dataclasses.dataclass(frozen=True)
class SeenOnPrior:
    """The rule (module doc): how close and how strong a prior candidate must be."""

    radius_mm: float = 8.0
    """How far (after alignment) a prior candidate may lie from the finding. On the development
    pairs the false "new" findings had a prior candidate within 6.3 mm (alignment error under
    breathing), the truly new nodules none within 61 mm; a scan has only 2-6 candidates."""
    min_score: float = 0.0
    """Lowest second-stage score a prior candidate needs. 0: every candidate the detector made
    (on the development pairs the prior's counterparts of the false "new" findings scored
    0.001-0.002, far under the 0.036 operating threshold)."""

    def __post_init__(self) -> None:
        if self.radius_mm <= 0 or not 0 <= self.min_score <= 1:
            raise ValueError(
                f"SeenOnPrior needs radius_mm > 0 and 0 <= min_score <= 1, got "
                f"{self.radius_mm} and {self.min_score}"
            )

    def present(
        self,
        centres: Sequence[Point],
        candidates: Sequence[DetectionCandidate],
        alignment: Alignment,
    ) -> tuple[bool, ...]:
        """Per current centre: does a strong enough prior candidate lie within the radius?"""
        strong = [c.centre_mm for c in candidates if c.score >= self.min_score]
        if not centres:
            return ()
        if not strong:
            return tuple(False for _ in centres)
        mapped = alignment.apply(np.asarray(strong, dtype=np.float64))
        here = np.asarray(centres, dtype=np.float64)
        nearest = np.linalg.norm(here[:, None, :] - mapped[None, :, :], axis=2).min(axis=1)
        return tuple(bool(d <= self.radius_mm) for d in nearest)

    def split(
        self, found: Match, centres: Sequence[Point], candidates: Sequence[DetectionCandidate]
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """``found.new`` split into (new, present on prior but not reported)."""
        seen = self.present([centres[i] for i in found.new], candidates, found.alignment)
        new = tuple(i for i, s in zip(found.new, seen, strict=True) if not s)
        return new, tuple(i for i, s in zip(found.new, seen, strict=True) if s)


def candidate_centre(detected: DetectedSeries, candidate: Candidate) -> Point:
    """A candidate's centroid in patient mm (as measurement computes a finding's centre)."""
    index = np.argwhere(candidate.mask).mean(axis=0) + np.asarray(candidate.offset)
    affine = detected.volume.affine
    x, y, z = (float(v) for v in affine[:3, :3] @ index + affine[:3, 3])
    return (x, y, z)


def _raw_score(candidate: Candidate, classifier: CandidateClassifier | None) -> float:
    if classifier is None or candidate.features is None:
        return candidate.confidence
    return float(classifier.probability(candidate.features)[0])


def detect_with_floor(
    files: Sequence[str | Path], model: ProbabilityModel, floor: float = 0.0
) -> tuple[SeriesAnalysis, tuple[DetectionCandidate, ...]]:
    """The analysis :func:`~appliance.inference.pipeline.analyse_series` gives, and every
    candidate scoring at least ``floor`` (reported or not), from one pass of the model.

    Detection runs with the second stage's threshold lowered to ``floor``; the candidates at or
    over the model's own threshold are measured and reported exactly as usual.
    """
    settings = model_settings(model)
    classifier = settings.classifier
    if classifier is None:
        detected = detect_series(files, model, settings)
        reported = detected
    else:
        low = dataclasses.replace(
            settings, classifier=dataclasses.replace(classifier, threshold=min(floor, 1.0))
        )
        detected = detect_series(files, model, low)
        kept = [c for c in detected.candidates if _raw_score(c, classifier) >= classifier.threshold]
        reported = dataclasses.replace(detected, candidates=kept)
    candidates = tuple(
        DetectionCandidate(candidate_centre(detected, c), _raw_score(c, classifier))
        for c in detected.candidates
    )
    return analyse_detected(reported, model, settings), candidates


def _reported(candidate: DetectionCandidate, findings: Sequence[Finding]) -> bool:
    """Is the candidate one of the findings: does a finding's centre lie within half its long
    axis of the candidate's centre (measurement refines the centre slightly)?"""
    here = np.asarray(candidate.centre_mm, dtype=np.float64)
    return any(
        float(np.linalg.norm(here - np.asarray(f.center_mm))) <= max(f.long_axis_mm / 2.0, 1.0)
        for f in findings
    )


def analyse_with_candidates(
    files: Sequence[str | Path], model: ProbabilityModel, floor: float = 0.0
) -> SeriesAnalysis:
    """The usual analysis (one model pass, :func:`detect_with_floor`) with
    ``SeriesAnalysis.unreported`` set to the candidates not reported as findings (those scoring
    under the threshold, and those measured too small or left out in limited mode), for the
    catalogue to keep for later follow-ups."""
    analysis, candidates = detect_with_floor(files, model, floor)
    unreported = tuple(c for c in candidates if not _reported(c, analysis.findings))
    return dataclasses.replace(analysis, unreported=unreported)
