"""A probability-map cache around a model, so evaluations and post-processing work iterate fast.

Running the U-Net on a 300-slice study takes about 20 s on the 2-core CPU; the steps after it
(detection, the candidate classifier, measurement) take about a second. ``evaluate.py --cache DIR``
and ``candidate_classifier.py`` wrap the model in :class:`CachedModel`: the map of a volume is
computed once and read back on every later run with the same input and the same weights.

The key is the sha256 of the input volume (shape, dtype and bytes) and of the model's identity
(the sha256 of its ONNX file with the manifest's patch size and overlap, which change the map,
when it has a manifest; else name, version and provider). Maps are stored as
float16 in a compressed ``.npz``; the wrapper returns the float16-rounded map on a miss as well,
so a first run and a cached re-run give identical findings.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.inference.pipeline import ProbabilityModel

__all__ = ["CachedModel", "model_identity", "volume_key"]


def volume_key(volume: npt.NDArray[Any]) -> str:
    """sha256 of a volume's shape, dtype and bytes."""
    digest = hashlib.sha256()
    digest.update(repr((volume.shape, str(volume.dtype))).encode())
    digest.update(np.ascontiguousarray(volume).tobytes())
    return digest.hexdigest()


def model_identity(model: ProbabilityModel) -> str:
    """The sha256 of the model's weights file with its sliding window (patch size, overlap) when
    known, else ``name-version-provider``."""
    manifest = getattr(model, "manifest", None)
    precision = getattr(model, "precision", None)
    if manifest is not None and precision in getattr(manifest, "files", {}):
        window = f"{tuple(manifest.patch_size)}/{tuple(manifest.overlap)}"
        return f"{manifest.files[precision].sha256}:{window}"
    return f"{model.name}-{model.version}-{model.provider}"


class CachedModel:
    """A :class:`~appliance.inference.pipeline.ProbabilityModel` whose maps are kept in a folder."""

    def __init__(self, model: ProbabilityModel, folder: Path) -> None:
        self.model = model
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.identity = model_identity(model)
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def version(self) -> str:
        return self.model.version

    @property
    def provider(self) -> str:
        return self.model.provider

    @property
    def spacing_mm(self) -> tuple[float, float, float]:
        return self.model.spacing_mm

    @property
    def thresholds(self) -> dict[str, float]:
        return self.model.thresholds

    @property
    def candidate_classifier(self) -> Any:
        """The wrapped model's second stage (read by ``pipeline.model_settings``)."""
        return getattr(self.model, "candidate_classifier", None)

    def path_for(self, volume_hu: npt.NDArray[np.float32]) -> Path:
        key = hashlib.sha256(f"{volume_key(volume_hu)}:{self.identity}".encode()).hexdigest()
        return self.folder / f"{key[:40]}.npz"

    def predict(self, volume_hu: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The cached map of ``volume_hu``, or the model's (stored, then returned) on a miss."""
        path = self.path_for(volume_hu)
        if path.is_file():
            with np.load(path) as stored:
                probability = stored["probability"]
            if probability.shape == volume_hu.shape:
                self.hits += 1
                return np.asarray(probability, dtype=np.float32)
        self.misses += 1
        half = np.asarray(self.model.predict(volume_hu), dtype=np.float16)
        _write_atomically(path, half)
        return half.astype(np.float32)


def _write_atomically(path: Path, probability: npt.NDArray[np.float16]) -> None:
    """Write to a temporary file in the same folder and rename (parallel runs share a cache)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez_compressed(out, probability=probability)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
