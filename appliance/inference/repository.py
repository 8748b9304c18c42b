"""The model repository: manifests, checksums and routing a series to the models that apply.

A model repository is a folder with one sub-folder per model (``models/lung_nodule/``), each
holding a ``manifest.json``, the ONNX files it names and a model card; ``docs/models.md``
documents every manifest field. :class:`ModelRepository` loads and validates the manifests,
verifies each file's sha256 before a session is built on it (:meth:`ModelManifest.model_path`)
or it is read (the candidate classifier, the learned attenuation head: a version's findings
depend on each of them, so each is part of the version), and answers "which models apply to
this series?" (:meth:`ModelRepository.route`) from the series' modality, body part and
description. The runtime (:mod:`appliance.inference.runtime`) and the
analysis pipeline call it; it never imports an inference engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from appliance.config import InferenceConfig
from appliance.errors import ModelError
from appliance.inference.calibration import ConfidenceCalibration, OperatingPoint
from appliance.inference.envelope import ValidationEnvelope
from appliance.inference.live_version import read_pointer
from appliance.shipped_models import shipped_models_dir

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MODELS_DIR",
    "ModelManifest",
    "ModelRepository",
    "SeriesAttributes",
    "parse_version_ref",
    "read_manifest",
    "repository_for",
    "sha256_of",
]

DEFAULT_MODELS_DIR = shipped_models_dir()
"""The models shipped with ScanSide: ``models/`` in a source checkout, else the installed
``scanside_models`` package (:mod:`appliance.shipped_models`)."""

PRECISIONS = ("fp32", "fp16", "int8")


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class SeriesAttributes:
    """What routing looks at in a series (taken from its DICOM header)."""

    modality: str
    body_part: str = ""
    series_description: str = ""
    slice_count: int = 0
    slice_thickness_mm: float = 0.0
    protocol_name: str = ""
    study_description: str = ""
    """Anonymisation and many scanners leave BodyPartExamined empty and name the series only by
    its reconstruction ("5mm"); the protocol ("2 Chest C-/Thorax") or the study ("Chest") then
    says what was scanned."""

    @classmethod
    def from_header(cls, header: Any, slice_count: int = 0) -> SeriesAttributes:
        """From a series' DICOM header (a ``pydicom.Dataset``: anything with ``get(keyword)``)."""

        def text(keyword: str) -> str:
            return str(header.get(keyword, "") or "")

        return cls(
            modality=text("Modality"),
            body_part=text("BodyPartExamined"),
            series_description=text("SeriesDescription"),
            slice_count=slice_count,
            slice_thickness_mm=float(header.get("SliceThickness", 0) or 0),
            protocol_name=text("ProtocolName"),
            study_description=text("StudyDescription"),
        )

    def descriptions(self) -> tuple[str, str, str]:
        """The texts that can name the body part: series description, protocol, study."""
        return (self.series_description, self.protocol_name, self.study_description)


@dataclasses.dataclass(frozen=True)
class Routing:
    """Which series a model accepts (see docs/models.md)."""

    modalities: tuple[str, ...]
    body_parts: tuple[str, ...]
    description_include: tuple[str, ...] = ()
    description_exclude: tuple[str, ...] = ()
    min_slices: int = 0
    max_slice_thickness_mm: float = 0.0

    def reasons_to_skip(self, series: SeriesAttributes) -> list[str]:
        """Empty when the model applies; otherwise why not, for the log and the job record."""
        reasons = []
        if series.modality.upper() not in self.modalities:
            reasons.append(f"modality {series.modality!r} is not one of {list(self.modalities)}")
        description = series.series_description
        part = series.body_part.upper()
        described = any(
            re.search(p, text, re.IGNORECASE)
            for text in series.descriptions()
            for p in self.description_include
        )
        if part not in self.body_parts and not described:
            reasons.append(
                f"body part {series.body_part!r} is not one of {list(self.body_parts)} "
                "and neither the series description, the protocol name nor the study "
                "description names one"
            )
        for pattern in self.description_exclude:
            if re.search(pattern, description, re.IGNORECASE):
                reasons.append(f"series description {description!r} matches {pattern!r}")
        if series.slice_count and series.slice_count < self.min_slices:
            reasons.append(f"{series.slice_count} slices, fewer than {self.min_slices}")
        too_thick = self.max_slice_thickness_mm and series.slice_thickness_mm
        if too_thick and series.slice_thickness_mm > self.max_slice_thickness_mm:
            reasons.append(
                f"slice thickness {series.slice_thickness_mm} mm is over "
                f"{self.max_slice_thickness_mm} mm"
            )
        return reasons


@dataclasses.dataclass(frozen=True)
class ModelFile:
    path: str
    sha256: str


@dataclasses.dataclass(frozen=True)
class ClassifierFile:
    """The second-stage candidate classifier named by a manifest's ``candidate_classifier``."""

    path: str
    sha256: str
    operating_threshold: float
    """Candidates whose classifier probability is below this are not reported."""
    calibration: ConfidenceCalibration | None = None
    """Maps the classifier's score and a finding's size to P(real nodule), when fitted."""
    limited_mode: OperatingPoint | None = None
    """The threshold and calibration for series analysed in limited mode (thick slices), when
    chosen; None: the full mode's apply there too."""


@dataclasses.dataclass(frozen=True)
class ModelManifest:
    """One model's manifest, validated (field by field in docs/models.md)."""

    folder: Path
    name: str
    version: str
    task: str
    routing: Routing
    spacing_mm: tuple[float, float, float]
    hu_window: tuple[float, float]
    input_name: str
    output_name: str
    patch_size: tuple[int, int, int]
    overlap: tuple[int, int, int]
    batch_size: int
    classes: tuple[str, ...]
    thresholds: Mapping[str, float]
    files: Mapping[str, ModelFile]
    precision: Mapping[str, str]
    raw: Mapping[str, Any]
    candidate_classifier: ClassifierFile | None = None
    validation: ValidationEnvelope | None = None
    """What the model was validated on (the manifest's ``validation``); None: not stated, and
    no series is checked."""
    attenuation_head: ModelFile | None = None
    """The learned attenuation head the version measures with (the manifest's
    ``attenuation_head``); None: the measurement rules decide alone."""

    def classifier_path(self) -> Path | None:
        """The candidate classifier's file after checking its sha256, or None when it has none."""
        entry = self.candidate_classifier
        if entry is None:
            return None
        return self._checked(self.folder / entry.path, entry.sha256)

    def attenuation_head_path(self) -> Path | None:
        """The attenuation head's file after checking its sha256, or None when it has none."""
        entry = self.attenuation_head
        if entry is None:
            return None
        return self._checked(self.folder / entry.path, entry.sha256)

    def precision_for(self, provider: str) -> str:
        """The variant the manifest recommends on ``provider`` (``fp32`` when it names none)."""
        chosen = self.precision.get(provider, "fp32")
        return chosen if chosen in self.files else "fp32"

    def model_path(self, precision: str) -> Path:
        """The ONNX file of ``precision``, after checking its sha256 against the manifest."""
        entry = self.files.get(precision)
        if entry is None:
            raise ModelError(
                f"model {self.name} {self.version} has no {precision} variant "
                f"(it has {sorted(self.files)}); set inference.precision to one of those"
            )
        return self._checked(self.folder / entry.path, entry.sha256)

    def verify_files(self) -> None:
        """Check every file the manifest names (each variant, the candidate classifier and the
        attenuation head) against its sha256; ModelError names the first that is missing or
        differs."""
        for precision in sorted(self.files):
            self.model_path(precision)
        self.classifier_path()
        self.attenuation_head_path()

    def _checked(self, path: Path, expected: str) -> Path:
        if not path.is_file():
            raise ModelError(f"model file missing: {path} (named in {self.folder}/manifest.json)")
        actual = sha256_of(path)
        if actual != expected:
            raise ModelError(
                f"checksum mismatch for {path}: manifest says {expected}, file is {actual}; "
                "the file is damaged or was replaced: reinstall the model"
            )
        return path


def _get(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise ModelError(f"{where}: missing field {key!r}")
    return data[key]


def _triple(value: Any, where: str, kind: type) -> tuple[Any, Any, Any]:
    if not isinstance(value, Sequence) or len(value) != 3:
        raise ModelError(f"{where}: must be a list of 3 numbers (z, y, x)")
    return (kind(value[0]), kind(value[1]), kind(value[2]))


def parse_manifest(folder: Path, data: Mapping[str, Any]) -> ModelManifest:
    """Validate a manifest's JSON into a :class:`ModelManifest` (ModelError names the field)."""
    where = f"{folder}/manifest.json"
    route = _get(data, "routing", where)
    inp = _get(data, "input", where)
    inference = _get(data, "inference", where)
    output = _get(data, "output", where)
    files = {
        precision: _model_file(entry, f"{where}: files.{precision}")
        for precision, entry in _get(data, "files", where).items()
    }
    if "fp32" not in files:
        raise ModelError(f"{where}: files must include an fp32 variant")
    unknown = set(files) - set(PRECISIONS)
    if unknown:
        raise ModelError(f"{where}: unknown precision(s) {sorted(unknown)} in files")
    description = route.get("series_description", {})
    window = _get(inp, "hu_window", where)
    return ModelManifest(
        folder=folder,
        name=str(_get(data, "name", where)),
        version=str(_get(data, "version", where)),
        task=str(_get(data, "task", where)),
        routing=Routing(
            modalities=tuple(m.upper() for m in _get(route, "modality", where)),
            body_parts=tuple(b.upper() for b in _get(route, "body_part", where)),
            description_include=tuple(description.get("include", ())),
            description_exclude=tuple(description.get("exclude", ())),
            min_slices=int(route.get("min_slices", 0)),
            max_slice_thickness_mm=float(route.get("max_slice_thickness_mm", 0.0)),
        ),
        spacing_mm=_triple(_get(inp, "spacing_mm", where), f"{where}: input.spacing_mm", float),
        hu_window=(float(window[0]), float(window[1])),
        input_name=str(_get(inp, "name", where)),
        output_name=str(_get(output, "name", where)),
        patch_size=_triple(_get(inference, "patch_size", where), f"{where}: patch_size", int),
        overlap=_triple(_get(inference, "overlap", where), f"{where}: overlap", int),
        batch_size=int(inference.get("batch_size", 1)),
        classes=tuple(_get(output, "classes", where)),
        thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
        files=files,
        precision=dict(data.get("precision", {})),
        raw=data,
        candidate_classifier=_classifier_file(data.get("candidate_classifier"), where),
        validation=(
            ValidationEnvelope.from_json(data["validation"], f"{where}: validation")
            if data.get("validation") is not None
            else None
        ),
        attenuation_head=_head_file(data.get("attenuation_head"), where),
    )


def read_manifest(folder: Path) -> ModelManifest:
    """The validated manifest of one model folder (``<folder>/manifest.json``)."""
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from exc
    return parse_manifest(folder, data)


def _classifier_file(entry: Any, where: str) -> ClassifierFile | None:
    if entry is None:
        return None
    where = f"{where}: candidate_classifier"
    named = _model_file(entry, where)
    return ClassifierFile(
        path=named.path,
        sha256=named.sha256,
        operating_threshold=float(_get(entry, "operating_threshold", where)),
        calibration=(
            ConfidenceCalibration.from_json(entry["calibration"], f"{where}: calibration")
            if entry.get("calibration") is not None
            else None
        ),
        limited_mode=(
            OperatingPoint.from_json(entry["limited_mode"], f"{where}: limited_mode")
            if entry.get("limited_mode") is not None
            else None
        ),
    )


def _head_file(entry: Any, where: str) -> ModelFile | None:
    """The ``attenuation_head`` entry: the head's JSON in the version's folder."""
    return None if entry is None else _model_file(entry, f"{where}: attenuation_head")


def _model_file(entry: Any, where: str) -> ModelFile:
    """A file the manifest names (an ONNX variant, the candidate classifier, the attenuation
    head): ``path``, a file in the version's folder, and its ``sha256`` (64 hex digits)."""
    if not isinstance(entry, Mapping):
        raise ModelError(f"{where}: must be an object with 'path' and 'sha256'")
    path, digest = _get(entry, "path", where), _get(entry, "sha256", where)
    if (
        not isinstance(path, str)
        or not path
        or Path(path).is_absolute()
        or ".." in Path(path).parts
    ):
        raise ModelError(f"{where}: 'path' must name a file in the version's folder, got {path!r}")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
        raise ModelError(f"{where}: 'sha256' must be 64 hex digits, got {digest!r}")
    return ModelFile(path=path, sha256=digest.lower())


def parse_version_ref(ref: str, where: str) -> tuple[str, str]:
    """``"name@version"`` as ``(name, version)`` (the form the configuration names them in)."""
    name, at, version = ref.partition("@")
    if not at or not name.strip() or not version.strip():
        raise ModelError(f"{where}: {ref!r} must be NAME@VERSION, e.g. lung_nodule@0.2.3")
    return name.strip(), version.strip()


def repository_for(config: InferenceConfig) -> ModelRepository:
    """The repository of ``inference.models_dir`` with its live and shadow versions."""
    return ModelRepository(
        config.models_dir or DEFAULT_MODELS_DIR,
        live=config.live_versions,
        shadow=config.shadow_versions,
    )


class ModelRepository:
    """The models in one folder, loaded once; ``route`` picks those that apply to a series.

    A model may have several versions side by side (``docs/models.md``): its first version in
    ``<folder>/<name>/manifest.json`` and others in ``<folder>/<name>/versions/<v>/``. The live
    one is the top-level version, unless ``<folder>/<name>/LIVE`` names another
    (:mod:`appliance.inference.live_version`, written by ``scanside models promote``); ``live``
    (``NAME@VERSION`` entries, the configuration) pins another version as live over both;
    ``shadow`` names versions that analyse the same series beside the live one without their
    answers being used; one that a promotion made live is live, and no longer a shadow (a
    warning says to remove it from the configuration), where naming the configured live
    version as a shadow is refused.
    """

    def __init__(
        self,
        folder: Path | str = DEFAULT_MODELS_DIR,
        *,
        live: Sequence[str] = (),
        shadow: Sequence[str] = (),
    ) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ModelError(f"model repository not found: {self.folder} (inference.models_dir)")
        self._folders: dict[str, Path] = {}
        self._promoted: dict[str, str] = {}
        """Versions live because the ``LIVE`` pointer says so (a promotion), by model."""
        self._versions, defaults = self._load()
        self._live = self._choose_live(defaults, live)
        self._manifests = {n: self._versions[n][v] for n, v in self._live.items()}
        self._shadow = self._choose_shadow(shadow)

    def _load(self) -> tuple[dict[str, dict[str, ModelManifest]], dict[str, str]]:
        """Every manifest by name and version, and the version at each model's top level."""
        versions: dict[str, dict[str, ModelManifest]] = {}
        defaults: dict[str, str] = {}
        top = sorted(self.folder.glob("*/manifest.json"))
        for path in [*top, *sorted(self.folder.glob("*/versions/*/manifest.json"))]:
            manifest = read_manifest(path.parent)
            known = versions.setdefault(manifest.name, {})
            if manifest.version in known:
                raise ModelError(
                    f"{path}: {manifest.name} {manifest.version} is also in "
                    f"{known[manifest.version].folder}; each version may be installed once"
                )
            known[manifest.version] = manifest
            model_folder = path.parent if path in top else path.parent.parent.parent
            self._folders.setdefault(manifest.name, model_folder)
            if path in top:
                defaults.setdefault(manifest.name, manifest.version)
        return versions, defaults

    def model_folder(self, name: str) -> Path:
        """The model's folder (``<repository>/<name>/``), where its ``LIVE`` pointer lives."""
        self.versions(name)
        return self._folders[name]

    def _choose_live(self, defaults: dict[str, str], live: Sequence[str]) -> dict[str, str]:
        chosen = dict(defaults)
        for name, found in self._versions.items():
            if name not in chosen and len(found) == 1:
                chosen[name] = next(iter(found))
        for name, folder in self._folders.items():
            pointer = read_pointer(folder)  # written by ``scanside models promote``
            if pointer is not None:
                self._promoted[name] = pointer.version
                if pointer.version not in self._versions[name]:
                    raise ModelError(
                        f"{folder}/LIVE names {name} {pointer.version} as live but it is not "
                        f"installed (installed: {sorted(self._versions[name])}): install it "
                        f"again, or make another version live (scanside models promote "
                        f"{name}@VERSION)"
                    )
                chosen[name] = pointer.version
        for ref in live:
            name, version = parse_version_ref(ref, "inference.live_versions")
            self.get_version(name, version)
            chosen[name] = version
            self._promoted.pop(name, None)
        unchosen = sorted(set(self._versions) - set(chosen))
        if unchosen:
            raise ModelError(
                f"no live version of {unchosen} in {self.folder}: none is at the model's top "
                "level; name one in inference.live_versions (NAME@VERSION)"
            )
        return chosen

    def _choose_shadow(self, shadow: Sequence[str]) -> dict[str, list[ModelManifest]]:
        chosen: dict[str, list[ModelManifest]] = {}
        for ref in shadow:
            name, version = parse_version_ref(ref, "inference.shadow_versions")
            manifest = self.get_version(name, version)
            if self._promoted.get(name) == version:
                log.warning(
                    "inference.shadow_versions names %s, which was promoted and is live: it "
                    "no longer runs in shadow (remove it from inference.shadow_versions)",
                    ref,
                )
                continue
            if self._live.get(name) == version:
                raise ModelError(
                    f"inference.shadow_versions: {ref} is the live version; a shadow version "
                    "runs beside the live one"
                )
            chosen.setdefault(name, []).append(manifest)
        return chosen

    def names(self) -> list[str]:
        return sorted(self._manifests)

    def get(self, name: str) -> ModelManifest:
        """The model's live version."""
        try:
            return self._manifests[name]
        except KeyError:
            raise ModelError(
                f"no model named {name!r} in {self.folder} (found {self.names()})"
            ) from None

    def versions(self, name: str) -> list[str]:
        """Every installed version of the model."""
        self.get(name)
        return sorted(self._versions[name])

    def get_version(self, name: str, version: str) -> ModelManifest:
        """One installed version of a model (live, shadow or neither)."""
        found = self._versions.get(name)
        if found is None:
            raise ModelError(
                f"no model named {name!r} in {self.folder} (found {sorted(self._versions)})"
            )
        if version not in found:
            raise ModelError(
                f"model {name} has no version {version!r} in {self.folder} "
                f"(installed: {sorted(found)})"
            )
        return found[version]

    def shadows(self, name: str) -> list[ModelManifest]:
        """The versions of the model that run in shadow beside its live one."""
        return list(self._shadow.get(name, []))

    def route(self, series: SeriesAttributes, enabled: Sequence[str] = ()) -> list[ModelManifest]:
        """The models' live versions (among ``enabled``, or all when empty) that accept
        ``series``."""
        names = [n for n in self.names() if not enabled or n in enabled]
        return [
            self._manifests[n]
            for n in names
            if not self._manifests[n].routing.reasons_to_skip(series)
        ]
