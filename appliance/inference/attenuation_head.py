"""The learned attenuation head: a small logistic model over what the rules look at.

Why: the attenuation rules (:func:`appliance.inference.measure.rules_attenuation`) were set on
the simulator and moved towards LIDC-IDRI's readers by hand; measured from the U-Net's own
component on real nodules they still call many real solid nodules part-solid (a scanner's blur
leaves HU under the solid level inside a real solid nodule). The head reads the same refined
mask and HU (:func:`appliance.inference.measure.attenuation_features`: HU percentiles of the
mask and of its deep interior, the solid shares, the rules' solid core against the size, the
slice thickness against the size, the column level) and was fitted on LIDC's training patients
together with simulator nodules of training seeds, so that it keeps calling part-solid the
nodules that are (``models/lung_nodule/attenuation_head.py`` is the recipe; the model card
gives its data and figures).

The coefficients are a file of the model version, like its ONNX files and its candidate
classifier: the version's ``manifest.json`` names it under ``attenuation_head`` with its sha256
(:attr:`appliance.inference.repository.ModelManifest.attenuation_head`), which is checked before
the file is read, and a version whose manifest names none is measured by the rules alone. They
are evaluated here in numpy (the appliance needs neither scikit-learn nor torch). The analysis
pipeline measures with the head of the version it runs (read once, when the runtime loads that
version: :func:`head_of`), so a shadow or newly installed version is measured with its own.
Callers that measure outside a version (the training and evaluation code, benches, tests) get
the shipped version's head by default (:data:`SHIPPED`, :func:`shipped_head`). A head file that
is malformed is a :class:`ModelError` naming the key.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

from appliance.errors import ModelError
from appliance.inference.repository import ModelManifest, read_manifest
from appliance.shipped_models import shipped_models_dir

__all__ = [
    "CLASSES",
    "FORMAT",
    "MODES",
    "RULES_COLUMNS",
    "SHIPPED",
    "AttenuationHead",
    "HeadChoice",
    "Shipped",
    "default_head_path",
    "head_of",
    "load_head",
    "resolve_head",
    "shipped_head",
]

CLASSES = ("solid", "part-solid", "ground-glass")
"""The classes in the order of the coefficients' rows."""
FORMAT = "scanside-attenuation-head/1"
MODES = ("replace", "override")
"""``replace``: the head's most probable class is the finding's. ``override``: the head was
fitted on the nodules the rules call part-solid or ground glass and may only turn them solid,
where its probability of solid reaches the file's ``threshold``."""
RULES_COLUMNS = ("rules_solid", "rules_part_solid")
"""Optional last inputs: the rules' own class, one-hot (ground glass is both 0)."""


def default_head_path() -> Path:
    """``lung_nodule/attenuation_head.json`` of the shipped models (where the recipe writes)."""
    return shipped_models_dir() / "lung_nodule" / "attenuation_head.json"


@dataclasses.dataclass(frozen=True)
class AttenuationHead:
    """Multinomial logistic regression on standardised features."""

    mode: str
    features: tuple[str, ...]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    """(classes, features)."""
    bias: npt.NDArray[np.float64]
    threshold: float = 0.5
    """``override``: the probability of solid from which the rules' class is turned solid."""

    @property
    def uses_rules(self) -> bool:
        return self.features[-len(RULES_COLUMNS) :] == RULES_COLUMNS

    def probabilities(self, x: npt.NDArray[np.float64], rules: str) -> npt.NDArray[np.float64]:
        """Each class's probability (in :data:`CLASSES` order) for one feature vector (the
        rules' class is appended when the head reads it)."""
        x = np.asarray(x, dtype=np.float64)
        if self.uses_rules:
            x = np.concatenate([x, [rules == "solid", rules == "part-solid"]])
        z = self.coef @ ((x - self.mean) / self.scale) + self.bias
        e = np.exp(z - z.max())
        return np.asarray(e / e.sum(), dtype=np.float64)

    def decide(self, x: npt.NDArray[np.float64], rules: str) -> str:
        """The class, given the features and what the rules say."""
        p = self.probabilities(x, rules)
        if self.mode == "override":
            return "solid" if rules == "solid" or p[0] >= self.threshold else rules
        return CLASSES[int(np.argmax(p))]


def _vector(data: dict[str, Any], key: str, length: int) -> npt.NDArray[np.float64]:
    try:
        value = np.asarray(data[key], dtype=np.float64)
    except KeyError:
        raise
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{key!r} is not numeric: {exc}") from exc
    if value.shape != (length,) or not np.all(np.isfinite(value)):
        raise ValueError(f"{key!r} must be {length} finite numbers, got shape {value.shape}")
    return value


def load_head(path: Path, expected: Sequence[str]) -> AttenuationHead:
    """Read and check a head file; ``expected`` is the feature order the caller computes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the file is not a JSON object")
        if data["format"] != FORMAT:
            raise ValueError(f"'format' is {data['format']!r}, not {FORMAT!r}")
        if tuple(data["classes"]) != CLASSES:
            raise ValueError(f"'classes' must be {list(CLASSES)}")
        if data["mode"] not in MODES:
            raise ValueError(f"'mode' is {data['mode']!r}, not one of {list(MODES)}")
        features = tuple(str(f) for f in data["features"])
        if features not in (tuple(expected), (*expected, *RULES_COLUMNS)):
            raise ValueError(f"'features' {list(features)} are not {list(expected)}")
        n = len(features)
        mean = _vector(data, "mean", n)
        scale = _vector(data, "scale", n)
        if np.any(scale <= 0):
            raise ValueError("'scale' must be positive")
        bias = _vector(data, "bias", len(CLASSES))
        coef_rows = data["coef"]
        if not isinstance(coef_rows, list) or len(coef_rows) != len(CLASSES):
            raise ValueError(f"'coef' must hold {len(CLASSES)} rows")
        coef = np.stack([_vector({"coef": row}, "coef", n) for row in coef_rows])
        threshold = _vector({"threshold": [data.get("threshold", 0.5)]}, "threshold", 1)[0]
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"'threshold' must lie between 0 and 1, got {threshold}")
    except KeyError as exc:
        raise ModelError(f"attenuation head {path}: missing key {exc}") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"attenuation head {path}: {exc}") from exc
    return AttenuationHead(str(data["mode"]), features, mean, scale, coef, bias, threshold)


class Shipped(enum.Enum):
    """The default of a measurement given no head: the shipped version's (:func:`shipped_head`)."""

    HEAD = "shipped"


SHIPPED: Final = Shipped.HEAD
"""Measure with the shipped version's head (the default outside the analysis pipeline)."""

HeadChoice = AttenuationHead | None | Literal[Shipped.HEAD]
"""What a measurement is given: a version's head, None (the rules alone) or :data:`SHIPPED`."""


def head_of(manifest: ModelManifest, expected: Sequence[str]) -> AttenuationHead | None:
    """The head the manifest's version measures with, its file checked against the manifest's
    sha256 first; None when the manifest names none (the rules decide alone)."""
    path = manifest.attenuation_head_path()
    return None if path is None else load_head(path, expected)


@functools.cache
def shipped_head(expected: tuple[str, ...]) -> AttenuationHead | None:
    """The shipped ``lung_nodule`` version's head (:func:`head_of` its manifest), read once."""
    return head_of(read_manifest(shipped_models_dir() / "lung_nodule"), expected)


def resolve_head(head: HeadChoice, expected: tuple[str, ...]) -> AttenuationHead | None:
    """The head to measure with: :data:`SHIPPED` is :func:`shipped_head`, the rest as given."""
    return shipped_head(expected) if head is SHIPPED else head
