"""ONNX Runtime sessions for the repository's models, and the nodule model's sliding window.

:class:`InferenceRuntime` chooses execution providers (TensorRT -> CUDA -> CPU among those
installed, unless ``inference.providers`` names them), picks the precision variant (the
manifest's choice per provider unless ``inference.precision`` overrides it), verifies the file's
checksum and builds each session once; later calls reuse it. TensorRT builds its engines into
``<data dir>/run/tensorrt-cache`` so a restart does not rebuild them.

:class:`NoduleModel` is what the analysis pipeline calls: ``predict(volume_hu)`` takes a HU
volume (z, y, x) already resampled to :attr:`NoduleModel.spacing_mm` and returns a float32
nodule probability map of the same shape, from overlapping patches blended with a smooth window.
Patches with no lung-density voxels are not run (a chest CT is mostly body wall and air).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from appliance.config import AppConfig, InferenceConfig
from appliance.errors import ModelError
from appliance.inference.attenuation_head import AttenuationHead, head_of
from appliance.inference.calibration import ConfidenceCalibration, OperatingPoint
from appliance.inference.candidates import CandidateClassifier
from appliance.inference.envelope import ValidationEnvelope
from appliance.inference.measure import ATTENUATION_FEATURES
from appliance.inference.repository import ModelManifest, ModelRepository, repository_for
from appliance.layout import DataLayout

__all__ = [
    "PROVIDER_ORDER",
    "InferenceRuntime",
    "NoduleModel",
    "select_providers",
    "sliding_window",
]

log = logging.getLogger(__name__)

PROVIDER_ORDER = ("TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider")
LUNG_BLOCK = 4
LUNG_HU = (-950.0, -500.0)
"""Lung parenchyma: 4 x 4 x 4 blocks whose mean HU falls in this range. Averaging removes the
noise, so air outside the body (about -1000 HU) does not count as lung."""
MIN_LUNG_FRACTION = 0.002
"""A patch is run only if at least this fraction of it is lung parenchyma."""
LUNG_MARGIN = 12
"""Voxels kept around the lung blocks' bounding box (nodules on the pleura, the chest wall)."""

FloatVolume = npt.NDArray[np.float32]


def select_providers(requested: Sequence[str], available: Sequence[str]) -> list[str]:
    """Providers to try, in order: ``auto`` expands to TensorRT -> CUDA -> CPU as installed.

    A provider that is requested but not installed is an error (the box is misconfigured),
    except that CPU is always appended as the last resort.
    """
    wanted = list(PROVIDER_ORDER) if list(requested) in ([], ["auto"]) else list(requested)
    if "auto" in wanted:
        raise ModelError('inference.providers: "auto" cannot be combined with named providers')
    missing = [p for p in wanted if p not in available and p != "CPUExecutionProvider"]
    if missing and list(requested) not in ([], ["auto"]):
        raise ModelError(
            f"inference.providers names {missing}, which this ONNX Runtime does not have "
            f"(available: {list(available)}); install onnxruntime-gpu or change the setting"
        )
    chosen = [p for p in wanted if p in available]
    if "CPUExecutionProvider" not in chosen:
        chosen.append("CPUExecutionProvider")
    return chosen


def _provider_options(provider: str, precision: str, cache_dir: Path) -> dict[str, Any]:
    if provider == "TensorrtExecutionProvider":
        cache_dir.mkdir(parents=True, exist_ok=True)
        return {
            "trt_engine_cache_enable": True,
            "trt_engine_cache_path": str(cache_dir),
            "trt_fp16_enable": precision in ("fp16", "int8"),
            "trt_int8_enable": precision == "int8",
        }
    return {}


class NoduleModel:
    """A nodule segmentation model: HU volume in, nodule probability map out."""

    def __init__(
        self,
        manifest: ModelManifest,
        session: ort.InferenceSession,
        precision: str,
        *,
        second_stage: bool = False,
    ) -> None:
        self.manifest = manifest
        self.session = session
        self.precision = precision
        self.provider: str = session.get_providers()[0]
        self._lock = threading.Lock()
        entry = manifest.candidate_classifier
        path = manifest.classifier_path() if second_stage else None
        self.candidate_classifier: CandidateClassifier | None = (
            CandidateClassifier.load(path, entry.operating_threshold)
            if path is not None and entry is not None
            else None
        )
        """The second stage scoring detection candidates (None when the manifest has none, or
        ``inference.second_stage`` is off)."""
        self.confidence_calibration: ConfidenceCalibration | None = (
            entry.calibration if self.candidate_classifier is not None and entry else None
        )
        """Turns the second stage's score into P(real nodule) (None: the score is reported)."""
        self.limited_operating_point: OperatingPoint | None = (
            entry.limited_mode if self.candidate_classifier is not None and entry else None
        )
        """The second stage's threshold and calibration on thick slices (limited mode); None:
        the full mode's."""
        self.attenuation_head: AttenuationHead | None = head_of(manifest, ATTENUATION_FEATURES)
        """The learned attenuation head this version measures with, read once here after its
        sha256 is checked (None when the manifest names none: the rules decide alone)."""

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def spacing_mm(self) -> tuple[float, float, float]:
        """Voxel spacing (z, y, x) the volume given to :meth:`predict` must have."""
        return self.manifest.spacing_mm

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.manifest.thresholds)

    @property
    def validation(self) -> ValidationEnvelope | None:
        """What the model was validated on (the pipeline warns about series outside it)."""
        return self.manifest.validation

    def normalise(self, volume_hu: npt.ArrayLike) -> FloatVolume:
        lo, hi = self.manifest.hu_window
        out = np.clip(np.asarray(volume_hu, dtype=np.float32), lo, hi)
        return ((out - lo) / (hi - lo)).astype(np.float32)

    def predict(self, volume_hu: npt.ArrayLike) -> FloatVolume:
        """Probability (0-1) that each voxel belongs to a nodule, same shape as ``volume_hu``."""
        hu = np.asarray(volume_hu, dtype=np.float32)
        if hu.ndim != 3:
            raise ModelError(f"predict() needs a 3D (z, y, x) volume, got shape {hu.shape}")
        m = self.manifest
        return sliding_window(
            hu,
            self.normalise,
            self._run,
            patch=m.patch_size,
            overlap=m.overlap,
            batch_size=m.batch_size,
            fill_hu=m.hu_window[0],
        )

    def _run(self, batch: FloatVolume) -> FloatVolume:
        try:
            with self._lock:  # sessions are thread-safe, but one at a time keeps memory bounded
                out = self.session.run(
                    [self.manifest.output_name], {self.manifest.input_name: batch}
                )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(
                f"{self.name} {self.version} failed on {self.provider}: {exc}"
            ) from exc
        return np.asarray(out[0], dtype=np.float32)


def sliding_window(
    hu: FloatVolume,
    normalise: Callable[[FloatVolume], FloatVolume],
    run: Callable[[FloatVolume], FloatVolume],
    *,
    patch: tuple[int, int, int],
    overlap: tuple[int, int, int],
    batch_size: int,
    fill_hu: float,
) -> FloatVolume:
    """Run ``run`` (N, 1, *patch) -> (N, 1, *patch) over overlapping patches and blend them.

    Only the bounding box of the lungs (plus ``LUNG_MARGIN``) is covered, and within it only
    patches holding lung parenchyma are run; everything else is probability 0. The training
    code uses this same function with a PyTorch ``run`` so evaluation matches the appliance.
    """
    out = np.zeros(hu.shape, dtype=np.float32)
    lung = _lung_blocks(hu)
    if not lung.any():
        return out
    found = np.argwhere(lung)
    lo = np.maximum(found.min(axis=0) - LUNG_MARGIN, 0)
    hi = np.minimum(found.max(axis=0) + 1 + LUNG_MARGIN, hu.shape)
    region = (slice(lo[0], hi[0]), slice(lo[1], hi[1]), slice(lo[2], hi[2]))
    out[region] = _blend_patches(
        hu[region],
        lung[region],
        normalise,
        run,
        patch=patch,
        overlap=overlap,
        batch_size=batch_size,
        fill_hu=fill_hu,
    )
    return out


def _lung_blocks(hu: FloatVolume) -> npt.NDArray[np.bool_]:
    """Voxels whose 4 x 4 x 4 block has the mean HU of aerated lung (see ``LUNG_HU``)."""
    b = LUNG_BLOCK
    pads = [(0, (-s) % b) for s in hu.shape]
    padded = np.pad(hu, pads, mode="edge")
    z, y, x = (s // b for s in padded.shape)
    means = padded.reshape(z, b, y, b, x, b).mean(axis=(1, 3, 5))
    blocks = (means > LUNG_HU[0]) & (means < LUNG_HU[1])
    full = blocks.repeat(b, axis=0).repeat(b, axis=1).repeat(b, axis=2)
    return np.ascontiguousarray(full[: hu.shape[0], : hu.shape[1], : hu.shape[2]])


def _blend_patches(
    hu: FloatVolume,
    lung_mask: npt.NDArray[np.bool_],
    normalise: Callable[[FloatVolume], FloatVolume],
    run: Callable[[FloatVolume], FloatVolume],
    *,
    patch: tuple[int, int, int],
    overlap: tuple[int, int, int],
    batch_size: int,
    fill_hu: float,
) -> FloatVolume:
    padded, crop = _pad_to(hu, patch, fill_hu)
    image = normalise(padded)
    lung = np.zeros(padded.shape, dtype=np.bool_)
    lung[crop] = lung_mask
    total = np.zeros(padded.shape, dtype=np.float32)
    weight_sum = np.zeros(padded.shape, dtype=np.float32)
    weights = _blend_window(patch)
    corners = [
        c
        for c in _corners(padded.shape, patch, overlap)
        if lung[_box(c, patch)].mean() >= MIN_LUNG_FRACTION
    ]
    for batch in _chunks(corners, batch_size):
        probs = run(np.stack([image[_box(c, patch)] for c in batch])[:, None])
        for c, p in zip(batch, probs, strict=True):
            total[_box(c, patch)] += p[0] * weights
            weight_sum[_box(c, patch)] += weights
    np.divide(total, weight_sum, out=total, where=weight_sum > 0)
    return np.ascontiguousarray(total[crop])


def _pad_to(
    hu: FloatVolume, patch: tuple[int, int, int], fill: float
) -> tuple[FloatVolume, tuple[slice, slice, slice]]:
    """Pad so every axis is at least the patch size; return the crop that undoes it."""
    pads = [(0, max(0, p - s)) for s, p in zip(hu.shape, patch, strict=True)]
    padded = np.pad(hu, pads, constant_values=fill) if any(b for _, b in pads) else hu
    crop = (slice(0, hu.shape[0]), slice(0, hu.shape[1]), slice(0, hu.shape[2]))
    return padded.astype(np.float32, copy=False), crop


def _starts(size: int, patch: int, overlap: int) -> list[int]:
    stride = max(patch - overlap, 1)
    starts = list(range(0, max(size - patch, 0) + 1, stride))
    if starts[-1] + patch < size:
        starts.append(size - patch)
    return starts


def _corners(
    shape: tuple[int, ...], patch: tuple[int, int, int], overlap: tuple[int, int, int]
) -> list[tuple[int, int, int]]:
    zs, ys, xs = (_starts(s, p, o) for s, p, o in zip(shape, patch, overlap, strict=True))
    return [(z, y, x) for z in zs for y in ys for x in xs]


def _box(corner: tuple[int, int, int], patch: tuple[int, int, int]) -> tuple[slice, slice, slice]:
    return (
        slice(corner[0], corner[0] + patch[0]),
        slice(corner[1], corner[1] + patch[1]),
        slice(corner[2], corner[2] + patch[2]),
    )


def _blend_window(patch: tuple[int, int, int]) -> FloatVolume:
    """A separable window, 1 in the middle and tapering towards the faces (never 0)."""
    axes = []
    for p in patch:
        t = (np.arange(p) + 0.5) / p
        axes.append(np.clip(np.minimum(t, 1 - t) * 4.0, 0.05, 1.0).astype(np.float32))
    return (axes[0][:, None, None] * axes[1][None, :, None] * axes[2][None, None, :]).astype(
        np.float32
    )


def _chunks(items: list[tuple[int, int, int]], n: int) -> Iterator[list[tuple[int, int, int]]]:
    for i in range(0, len(items), max(n, 1)):
        yield items[i : i + max(n, 1)]


@dataclasses.dataclass
class InferenceRuntime:
    """Builds and caches the sessions of one repository under one inference configuration."""

    config: InferenceConfig = dataclasses.field(default_factory=InferenceConfig)
    cache_dir: Path = Path("scanside-data/run/tensorrt-cache")
    _repository: ModelRepository | None = None
    _models: dict[tuple[str, str], NoduleModel] = dataclasses.field(default_factory=dict)
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    @classmethod
    def from_config(cls, config: AppConfig) -> InferenceRuntime:
        """The runtime of an appliance: TensorRT engines cached under the data directory."""
        cache = DataLayout.at(config.storage.path).run / "tensorrt-cache"
        return cls(config=config.inference, cache_dir=cache)

    @property
    def repository(self) -> ModelRepository:
        if self._repository is None:
            self._repository = repository_for(self.config)
        return self._repository

    def providers(self) -> list[str]:
        return select_providers(self.config.providers, ort.get_available_providers())

    def nodule_model(self, name: str = "lung_nodule", version: str | None = None) -> NoduleModel:
        """The named model (its live version, or ``version``), its session created on first
        use and reused afterwards, whether it was asked for by version or as the live one.

        A version this runtime's repository does not know (installed after it was read, and
        promoted in the running service) reads the repository again once."""
        with self._lock:
            if version is None:
                version = self.repository.get(name).version
            key = (name, version)
            if key not in self._models:
                try:
                    manifest = self.repository.get_version(name, version)
                except ModelError:
                    self._repository = None
                    manifest = self.repository.get_version(name, version)
                self._models[key] = self._load(manifest)
            return self._models[key]

    def _load(self, manifest: ModelManifest) -> NoduleModel:
        providers = self.providers()
        precision: str = self.config.precision
        if precision == "auto":
            precision = manifest.precision_for(providers[0])
        # TensorRT builds its own reduced-precision engine from the fp32 graph.
        file_precision = "fp32" if providers[0] == "TensorrtExecutionProvider" else precision
        path = manifest.model_path(file_precision)
        options = ort.SessionOptions()
        if self.config.threads_per_worker:
            options.intra_op_num_threads = self.config.threads_per_worker
        provider_list = [(p, _provider_options(p, precision, self.cache_dir)) for p in providers]
        try:
            session = ort.InferenceSession(str(path), options, providers=provider_list)
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"cannot load {path} on {providers}: {exc}") from exc
        log.info(
            "loaded %s %s (%s) on %s",
            manifest.name,
            manifest.version,
            precision,
            session.get_providers()[0],
        )
        return NoduleModel(manifest, session, precision, second_stage=self.config.second_stage)
