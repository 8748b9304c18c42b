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

The coefficients live in ``lung_nodule/attenuation_head.json`` of the shipped models and are
evaluated here in numpy (the appliance needs neither scikit-learn nor torch). The file is read
once and validated: a file that is there but malformed is a :class:`ModelError` naming the key;
a missing file leaves the rules alone in charge.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from appliance.errors import ModelError
from appliance.shipped_models import shipped_models_dir

__all__ = [
    "CLASSES",
    "FORMAT",
    "MODES",
    "RULES_COLUMNS",
    "AttenuationHead",
    "default_head_path",
    "load_head",
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
    """``lung_nodule/attenuation_head.json`` of the shipped models."""
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


@functools.cache
def shipped_head(expected: tuple[str, ...]) -> AttenuationHead | None:
    """The shipped head, read once; None when the file is absent (the rules decide alone)."""
    path = default_head_path()
    if not path.is_file():
        return None
    return load_head(path, expected)
