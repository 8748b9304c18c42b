"""A model's validation envelope, and the warning a series outside it gets at once.

The manifest's ``validation`` section (``docs/models.md``, ``docs/drift.md``) states what the
model was validated on: ranges of slice thickness, pixel spacing, input noise and kVp, and the
manufacturers and reconstruction kernels of the validation series. A series outside any of
them is still analysed (a warning, not a refusal: routing decides what is refused), but its
analysis says which input lies outside and by how much, in plain sentences that the analysis
JSON, the SR, the API and the terminal UI carry (:attr:`SeriesAnalysis.validation_warnings`),
and the catalogue counts such series for drift monitoring.

The repository parses the section (:func:`ValidationEnvelope.from_json`, a ``ModelError``
naming the field when it is malformed); the pipeline checks each series
(:meth:`ValidationEnvelope.check`). A manifest without the section checks nothing.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

from appliance.errors import ModelError
from appliance.findings import OUTSIDE_VALIDATION
from appliance.inference.acquisition import SeriesInputs

__all__ = ["OUTSIDE_VALIDATION", "ValidRange", "ValidationEnvelope"]
# OUTSIDE_VALIDATION lives with the analysis values in appliance.findings, so that the results
# reader can tell validation warnings apart without importing the inference package.


@dataclasses.dataclass(frozen=True)
class ValidRange:
    """A closed range ``[low, high]`` of a numeric input."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def text(self, unit: str) -> str:
        return f"{self.low:g}-{self.high:g} {unit}"

    @classmethod
    def from_json(cls, value: Any, where: str) -> ValidRange:
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            raise ModelError(f"{where}: must be a list of two numbers [low, high]")
        try:
            low, high = float(value[0]), float(value[1])
        except (TypeError, ValueError) as exc:
            raise ModelError(f"{where}: must be a list of two numbers [low, high]") from exc
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise ModelError(f"{where}: low must be finite and not above high")
        return cls(low, high)


def _names(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ModelError(f"{where}: must be a list of names")
    return tuple(str(v).strip() for v in value)


def _normal(name: str) -> str:
    return " ".join(name.upper().split())


@dataclasses.dataclass(frozen=True)
class ValidationEnvelope:
    """What a model was validated on; None or empty means "not checked"."""

    slice_thickness_mm: ValidRange | None = None
    pixel_spacing_mm: ValidRange | None = None
    input_noise_hu: ValidRange | None = None
    kvp: ValidRange | None = None
    manufacturers: tuple[str, ...] = ()
    kernels: tuple[str, ...] = ()
    description: str = ""
    """What the validation series were (the model card has the figures)."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], where: str) -> ValidationEnvelope:
        """Parse a manifest's ``validation`` section."""
        if not isinstance(data, Mapping):
            raise ModelError(f"{where}: must be an object")

        def ranged(key: str) -> ValidRange | None:
            value = data.get(key)
            return None if value is None else ValidRange.from_json(value, f"{where}.{key}")

        return cls(
            slice_thickness_mm=ranged("slice_thickness_mm"),
            pixel_spacing_mm=ranged("pixel_spacing_mm"),
            input_noise_hu=ranged("input_noise_hu"),
            kvp=ranged("kvp"),
            manufacturers=_names(data.get("manufacturers"), f"{where}.manufacturers"),
            kernels=_names(data.get("kernels"), f"{where}.kernels"),
            description=str(data.get("description", "")),
        )

    def check(self, inputs: SeriesInputs) -> tuple[str, ...]:
        """One sentence per input outside the envelope (empty: within it)."""
        noise = inputs.noise_hu or None  # 0.0: too little lung to measure
        found = [
            self._numeric("slice thickness", inputs.slice_thickness_mm, self.slice_thickness_mm,
                          "mm"),
            self._numeric("pixel spacing", inputs.pixel_spacing_mm, self.pixel_spacing_mm, "mm"),
            self._numeric("input noise", noise, self.input_noise_hu, "HU", missing=(
                "the input noise could not be measured (too little lung); validated at "
                f"{self.input_noise_hu.text('HU') if self.input_noise_hu else ''}.")),
            self._numeric("tube voltage", inputs.kvp, self.kvp, "kVp"),
            self._named("manufacturer", inputs.manufacturer, self.manufacturers),
            self._named("reconstruction kernel", inputs.kernel, self.kernels),
        ]  # fmt: skip
        return tuple(OUTSIDE_VALIDATION + sentence for sentence in found if sentence)

    @staticmethod
    def _numeric(
        what: str, value: float | None, valid: ValidRange | None, unit: str, missing: str = ""
    ) -> str:
        if valid is None:
            return ""
        if value is None:
            return (
                missing or f"the series does not state its {what}, validated at {valid.text(unit)}."
            )
        if valid.contains(value):
            return ""
        return (
            f"{what} {value:g} {unit} is outside the {valid.text(unit)} the model was validated on."
        )

    @staticmethod
    def _named(what: str, value: str | None, valid: tuple[str, ...]) -> str:
        if not valid:
            return ""
        seen = ", ".join(valid)
        if value is None:
            return f"the series does not state its {what}; the model was validated on {seen}."
        if _normal(value) in {_normal(v) for v in valid}:
            return ""
        return f"{what} {value!r} was never seen in validation ({seen})."
