"""The shipped model run on a nodule's crop: the component it gives that overlaps the truth.

Measurement studies (``bench/measure_crops.py`` on simulator crops, ``evaluate_lidc`` on real
LIDC crops) judge the appliance's measurement from the model's own mask without analysing whole
series: this runs the model on the crop, thresholds it as ``detect`` does, and returns the
component that overlaps the reference mask most, on the crop's own grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.inference.detect import DetectionSettings, detect
from appliance.inference.volume import resample

__all__ = ["overlapping_component", "worker_model"]

_MODEL: Any = None
MODELS_DIR = ""
"""The model repository to load (empty: the shipped one); set before the workers start."""


def worker_model() -> Any:
    """The nodule model of :data:`MODELS_DIR`, one per (worker) process, on one thread."""
    global _MODEL  # noqa: PLW0603 - one model per worker process
    if _MODEL is None:
        from appliance.config import InferenceConfig  # noqa: PLC0415
        from appliance.inference.runtime import InferenceRuntime  # noqa: PLC0415

        config = InferenceConfig(threads_per_worker=1, models_dir=MODELS_DIR)
        _MODEL = InferenceRuntime(config=config).nodule_model()
    return _MODEL


def overlapping_component(
    hu: npt.NDArray[np.float32],
    spacing: Sequence[float],
    truth: npt.NDArray[np.bool_],
    *,
    candidates: bool = False,
) -> npt.NDArray[np.bool_] | None:
    """The model's component on ``hu``'s grid that overlaps ``truth`` most (None: none does).
    ``candidates``: with the manifest's candidate threshold and smallest volume, as the
    appliance makes second-stage candidates; else at the segmentation threshold alone."""
    model = worker_model()
    grid = tuple(float(s) for s in model.spacing_mm)
    probability = model.predict(resample(hu, tuple(spacing), grid))
    settings = DetectionSettings(threshold=model.thresholds.get("nodule", 0.5))
    if candidates:
        settings = DetectionSettings(
            threshold=settings.threshold,
            candidate_threshold=model.thresholds.get("candidate"),
            min_volume_mm3=model.thresholds.get("candidate_min_volume_mm3", 5.0),
        )
    found = detect(
        probability, grid, tuple(spacing), hu.shape, lungs=None,
        to_patient=lambda index: index, settings=settings,
    )  # fmt: skip
    best, overlap = None, 0
    for c in found:
        full = np.zeros(hu.shape, dtype=bool)
        k, j, i = c.offset
        full[k : k + c.mask.shape[0], j : j + c.mask.shape[1], i : i + c.mask.shape[2]] = c.mask
        hits = int((full & truth).sum())
        if hits > overlap:
            best, overlap = full, hits
    return best
