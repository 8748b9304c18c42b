"""The typed intermediate form of a cohort question.

The parser (:mod:`query.parser`) turns a question into a :class:`TypedQuery`; the compiler
(:mod:`query.compiler`) turns that into parameterised SQL and :mod:`query.interpretation` into
the plain sentence shown with the answer. Values here are already normalised: sizes in mm,
volumes in mm3, dates as :class:`datetime.date`, categorical values as stored in the catalogue.
Nothing in a TypedQuery is ever pasted into SQL text: the compiler turns each value into a
parameter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

__all__ = [
    "ConceptFilter",
    "DateRange",
    "FindingClause",
    "Measure",
    "NumberRange",
    "StudyFilter",
    "TopN",
    "TypedQuery",
    "Unit",
]

Unit = Literal["patient", "study", "finding", "count"]
CountOf = Literal["patient", "study", "finding"]
MeasureField = Literal[
    "diameter_mm", "long_axis_mm", "short_axis_mm", "volume_mm3", "mean_hu", "solid_component_mm"
]


@dataclasses.dataclass(frozen=True)
class NumberRange:
    """``low <(=) x <(=) high``; a missing bound is open."""

    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True


@dataclasses.dataclass(frozen=True)
class Measure:
    """A numeric condition on one finding measurement (already in mm, mm3 or HU)."""

    field: MeasureField
    range: NumberRange


@dataclasses.dataclass(frozen=True)
class DateRange:
    """Study dates from ``start`` to ``end``, both inclusive; ``None`` is open."""

    start: dt.date | None = None
    end: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class FindingClause:
    """Studies that have (or, with ``absent``, do not have) findings matching all conditions.

    ``kinds`` empty means any kind; several values in one tuple are alternatives (OR).
    ``min_count`` asks for at least that many matching findings in one study.
    """

    kinds: tuple[str, ...] = ()
    attenuations: tuple[str, ...] = ()
    margins: tuple[str, ...] = ()
    calcified: bool | None = None
    lobes: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()
    lung_rads: tuple[str, ...] = ()
    grew: bool = False
    new: bool = False
    absent: bool = False
    min_count: int = 1


@dataclasses.dataclass(frozen=True)
class ConceptFilter:
    """A concept read from report text; ``present=False`` asks for reports without it.

    Negated mentions ("No emphysema.") never count as present; uncertain ones ("possible
    emphysema") count only with ``include_uncertain``, historical ones ("history of emphysema",
    or named under INDICATION) only with ``include_historical``. ``changes`` (new, stable,
    increased, decreased) keeps only mentions the report compares so ("stable nodules").
    """

    concept: str
    present: bool = True
    include_uncertain: bool = False
    include_historical: bool = False
    changes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class StudyFilter:
    """Conditions on the study, its patient, its report and its findings (all must hold)."""

    modalities: tuple[str, ...] = ()
    body_parts: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    stations: tuple[str, ...] = ()
    dates: DateRange | None = None
    sexes: tuple[str, ...] = ()
    age: NumberRange | None = None
    lung_rads: tuple[str, ...] = ()
    concepts: tuple[ConceptFilter, ...] = ()
    findings: tuple[FindingClause, ...] = ()


@dataclasses.dataclass(frozen=True)
class TopN:
    """The ``n`` findings with the largest (or smallest) value of ``field``."""

    n: int
    field: MeasureField = "diameter_mm"
    largest: bool = True


@dataclasses.dataclass(frozen=True)
class TypedQuery:
    """A whole question: what to return, and which studies/findings qualify."""

    unit: Unit
    filter: StudyFilter
    count_of: CountOf | None = None
    top: TopN | None = None
    ignored: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
