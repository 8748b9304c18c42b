"""Turn the second stage's ranking score into a probability that a finding is a real nodule.

The candidate classifier is trained to rank candidates and its operating threshold is chosen for
a number of false findings per scan; its output is not a probability on scans it did not see
(on the simulator it is near 1 for every nodule, and a 2 mm vessel cross-section on a real scan
can score 0.99). A technologist reads "0.016" as 1.6 %, so the number a finding carries must
mean what it says.

:class:`ConfidenceCalibration` is a logistic model over the score's logit and the candidate's
size (Platt scaling with size as a second input, three numbers):

    P(real nodule) = sigmoid(a * logit(score) + b * ln(diameter_mm) + c)

with ``diameter_mm`` the candidate's size feature on the model grid (its principal axes), known
at detection, before the finding is measured on the scanner's voxels. It is fitted by
``models/lung_nodule/real_second_stage.py`` on real LIDC nodules of the training patients
inserted into held-out scans, at about the number of nodules per scan LIDC's own scans carry;
its reliability on the test patients is in the model card. The operating threshold still acts
on the raw score (it decides what is reported); the calibrated probability is what a finding's
``confidence`` says (:func:`appliance.inference.detect.detect`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from appliance.errors import ModelError

__all__ = ["ConfidenceCalibration", "OperatingPoint"]

_EPS = 1e-6


@dataclasses.dataclass(frozen=True)
class ConfidenceCalibration:
    """``sigmoid(score_weight * logit(score) + size_weight * ln(diameter) + intercept)``."""

    score_weight: float
    size_weight: float
    intercept: float

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str) -> ConfidenceCalibration:
        try:
            a, b, c = (float(v) for v in data["coefficients"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(
                f"{where}: calibration needs 'coefficients': three numbers "
                "[score weight, size weight, intercept]"
            ) from exc
        if not all(math.isfinite(v) for v in (a, b, c)) or a <= 0:
            raise ModelError(f"{where}: calibration coefficients must be finite, score weight > 0")
        return cls(a, b, c)

    def probability(self, score: float, diameter_mm: float) -> float:
        """P(real nodule) of a candidate whose classifier scored ``score`` and whose size
        feature is ``diameter_mm``."""
        s = min(max(score, _EPS), 1.0 - _EPS)
        z = (
            self.score_weight * math.log(s / (1.0 - s))
            + self.size_weight * math.log(max(diameter_mm, 1.0))
            + self.intercept
        )
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


@dataclasses.dataclass(frozen=True)
class OperatingPoint:
    """The second stage's threshold on its score, and the calibration of what passes it, for
    one kind of series. The manifest's ``candidate_classifier.limited_mode`` holds the one
    chosen on thick slices: a 6-10 mm slab makes vessels into blobs the full mode's threshold
    passes, and its calibration (fitted on 0.6-5 mm slices) would call them likely nodules.
    That calibration's size is the finding's measured mean diameter, since it is applied after
    measurement (:func:`appliance.inference.pipeline.analyse_detected`), where the full mode's
    takes the candidate's size feature at detection."""

    threshold: float
    calibration: ConfidenceCalibration | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str) -> OperatingPoint:
        try:
            threshold = float(data["operating_threshold"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}: needs 'operating_threshold', a number") from exc
        if not 0.0 <= threshold <= 1.0:
            raise ModelError(f"{where}: operating_threshold {threshold} is not within 0-1")
        calibration = data.get("calibration")
        return cls(
            threshold,
            ConfidenceCalibration.from_json(calibration, f"{where}: calibration")
            if calibration is not None
            else None,
        )
