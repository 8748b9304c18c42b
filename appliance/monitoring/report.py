"""What a drift report says, as values: its states, each statistic, and the report of one model.

Separate from :mod:`appliance.monitoring.drift` (which reads the catalogue and computes them with
SciPy) so that the health snapshot (:mod:`appliance.health.snapshot`) and the screens that read
it back from the API's JSON carry typed reports without loading the catalogue or SciPy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

__all__ = [
    "COLLECTING",
    "DRIFT",
    "OK",
    "WARMING_UP",
    "DriftReport",
    "DriftView",
    "ModelName",
    "Statistic",
]

COLLECTING = "collecting reference"
WARMING_UP = "warming up"
OK = "ok"
DRIFT = "drift"


@dataclasses.dataclass(frozen=True)
class Statistic:
    """One comparison of the window with its reference."""

    name: str
    value: float
    threshold: float
    flagged: bool
    detail: str
    """What was compared, in words (shown beside the value)."""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Statistic:
        return cls(
            str(data["name"]),
            float(data["value"]),
            float(data["threshold"]),
            bool(data["flagged"]),
            str(data.get("detail", "")),
        )


@dataclasses.dataclass(frozen=True)
class ModelName:
    """Which model (and version) a drift report is about."""

    name: str
    version: str


@dataclasses.dataclass(frozen=True)
class DriftView:
    """A drift report as the API serves it (``GET /api/v1/drift``, and the ``drift`` of
    ``/status`` and ``/system``): :meth:`DriftReport.to_json`, field for field."""

    model: ModelName
    state: str
    """``collecting reference``, ``warming up``, ``ok`` or ``drift``."""
    reference_series: int
    window_series: int
    outside_validation_share: float
    """Share of the window's series outside the validation envelope (3 decimals)."""
    flagged: list[str]
    """The names of the flagged statistics."""
    statistics: list[Statistic]


@dataclasses.dataclass(frozen=True)
class DriftReport:
    """The drift of one model: its state and each statistic."""

    model_name: str
    model_version: str
    state: str
    """``collecting reference``, ``warming up``, ``ok`` or ``drift``."""
    reference_series: int
    window_series: int
    outside_validation_share: float
    """Share of the window's series outside the validation envelope."""
    statistics: tuple[Statistic, ...] = ()

    @property
    def flagged(self) -> list[str]:
        return [s.name for s in self.statistics if s.flagged]

    def view(self) -> DriftView:
        """The report as the API serves it."""
        return DriftView(
            model=ModelName(self.model_name, self.model_version),
            state=self.state,
            reference_series=self.reference_series,
            window_series=self.window_series,
            outside_validation_share=round(self.outside_validation_share, 3),
            flagged=self.flagged,
            statistics=list(self.statistics),
        )

    def to_json(self) -> dict[str, Any]:
        """:meth:`view` as a dict (``scanside status --json``)."""
        return dataclasses.asdict(self.view())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DriftReport:
        """The report again from :meth:`to_json` (``flagged`` is derived, so not read)."""
        model = data.get("model") or {}
        return cls(
            str(model.get("name", "")),
            str(model.get("version", "")),
            str(data.get("state", "")),
            int(data.get("reference_series", 0)),
            int(data.get("window_series", 0)),
            float(data.get("outside_validation_share", 0.0)),
            tuple(Statistic.from_json(s) for s in data.get("statistics", [])),
        )
