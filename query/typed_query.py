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
from typing import Literal, get_args

__all__ = [
    "FINDINGS_PER_STUDY_GROUP",
    "FINDING_GROUPS",
    "INTERVAL_MONTHS",
    "MEASURE_FIELDS",
    "Aggregate",
    "ConceptFilter",
    "DateRange",
    "FindingClause",
    "FollowUp",
    "GroupOrder",
    "LungRadsChange",
    "Measure",
    "ModelVersion",
    "NumberRange",
    "Overdue",
    "PatientFilter",
    "ScanGap",
    "StudyFilter",
    "TopN",
    "TypedQuery",
    "Unit",
    "finding_population",
]

Unit = Literal["patient", "study", "finding", "count"]
CountOf = Literal["patient", "study", "finding"]
MeasureField = Literal[
    "diameter_mm",
    "long_axis_mm",
    "short_axis_mm",
    "volume_mm3",
    "mean_hu",
    "solid_component_mm",
    "confidence",
]
MEASURE_FIELDS: frozenset[str] = frozenset(get_args(MeasureField))
"""The finding measurements, named as the catalogue's columns (the compiler's guard)."""
# What a top-N question ranks: a finding measurement, a study's date, a patient's birth date
# (oldest patients first), or how many findings a study or patient has.
OrderField = Literal[MeasureField, "study_date", "birth_date", "finding_count"]
# Each patient's first or latest study of the kind asked for, or the one after the first
# ("second") or before the latest ("second latest": "second to last", "penultimate").
StudyPick = Literal["first", "latest", "second", "second latest"]
GroupField = Literal[
    "lung_rads",
    "sex",
    "modality",
    "station",
    "year",
    "body_part",
    "lobe",
    "kind",
    "attenuation",
    "margin",
    "description",
    "side",
]
FINDING_GROUPS: frozenset[str] = frozenset({"lobe", "kind", "attenuation", "margin", "side"})
"""Group fields of a finding: their counts are of findings, not studies."""
FINDINGS_PER_STUDY_GROUP: frozenset[str] = frozenset(
    {"sex", "year", "station", "modality", "body_part", "description"}
)
"""Group fields of a finding's study or patient by which findings can be counted ("nodule count
men vs women"); a study's Lung-RADS category is not one (a finding has its own)."""


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
    ``min_count`` asks for at least that many matching findings in one study, ``max_count``
    (when set) for at most that many ("exactly 2 nodules" sets both). ``growth_mm`` is the growth
    condition of ``grew`` on the increase of mean diameter (the README's "more than 1.5 mm" by
    default).
    ``min_scans`` asks for the same nodule (track) seen on at least that many studies.
    ``shrank`` mirrors ``grew``: the mean diameter fell by more than 1.5 mm since the same nodule
    on the previous study. ``resolved``: the last finding of its nodule (track), and the
    patient has a later chest CT. ``since_first``: the mean diameter minus that of the same
    nodule's first finding (on an earlier date) is in this range ("larger on the latest scan
    than on the first" is > 0, with the study picked as the patient's latest). ``stable``: the
    same nodule was on an earlier study and its mean diameter changed by at most 1.5 mm either
    way since the previous one (neither grew nor shrank, Lung-RADS). ``vdt_days``: the volume
    doubling time in days since the same nodule's previous finding (defined only when the
    volume increased) is in this range. ``track_start``: the kind of the first finding of the
    same nodule's track ("new nodules, not masses": a track that was a nodule when first seen,
    so a mass from its first study is left out; a nodule that grew into a mass stays in).
    ``kind_now``: the finding itself is of the clause's kind, even followed over time ("nodule
    findings that grew" lists findings that are nodules; a nodule that has grown into a mass is
    not a nodule finding, though it counts for a study's or patient's growing nodule).
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
    max_count: int | None = None
    growth_mm: NumberRange = NumberRange(low=1.5, low_inclusive=False)
    min_scans: int = 1
    shrank: bool = False
    resolved: bool = False
    since_first: NumberRange | None = None
    stable: bool = False
    vdt_days: NumberRange | None = None
    track_start: Literal["nodule", "mass"] | None = None
    kind_now: bool = False


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
    denied: bool = False
    """With ``present=False``: the report also says it is absent ("negative for emphysema":
    a negated mention, and no mention that counts as present)."""


IntervalUnit = Literal["day", "month"]
TimeUnit = Literal["day", "week", "month", "year"]


@dataclasses.dataclass(frozen=True)
class FollowUp:
    """ "scanned again within 6 months": a later study (a later date) of the same patient, on
    or before ``amount`` days or calendar months after the study, that meets the study's
    conditions on the kind of study (modality, body part, description, station)."""

    amount: int
    unit: IntervalUnit
    inclusive: bool = True
    """ "within 6 months" includes the day six months on; "in less than 6 months" does not."""


@dataclasses.dataclass(frozen=True)
class ScanGap:
    """ "a gap of more than 18 months between consecutive scans": the study follows the
    patient's previous study of the same kind (modality, body part, description, station; the
    latest one on an earlier date) by an interval in this range, in ``unit`` (calendar months
    or days: "more than 18 months" is after the same day 18 months on)."""

    range: NumberRange
    unit: IntervalUnit


@dataclasses.dataclass(frozen=True)
class LungRadsChange:
    """The study's Lung-RADS category compared with that of the patient's previous study that
    has one (the latest chest CT on an earlier date): ``direction`` up (upgraded), down
    (downgraded) or any (changed); ``before`` / ``after`` (when set) are the categories allowed
    on the previous study and on this one ("from 2 to 4A")."""

    direction: Literal["up", "down", "any"]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


INTERVAL_MONTHS: dict[str, int] = {"1": 12, "2": 12, "3": 6, "4A": 3}
"""Lung-RADS v2022 management: the months to the next low-dose CT for each category that has
one (4B and 4X call for diagnostic CT, PET/CT or tissue sampling, not a scan interval)."""


@dataclasses.dataclass(frozen=True)
class Overdue:
    """ "patients overdue for follow-up": the study is the patient's latest chest CT on or
    before ``as_of``, its Lung-RADS category is one of ``categories`` (those with an imaging
    interval: 1 and 2 -> 12 months, 3 -> 6, 4A -> 3; Lung-RADS v2022), and ``as_of`` is after
    the day that many calendar months (plus ``grace_months``) after it."""

    as_of: dt.date
    categories: tuple[str, ...] = ("1", "2", "3", "4A")
    grace_months: int = 0


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
    patient_ids: tuple[str, ...] = ()
    accessions: tuple[str, ...] = ()
    study_uids: tuple[str, ...] = ()
    birth: DateRange | None = None
    pick: StudyPick | None = None
    patient: PatientFilter | None = None
    excluded: tuple[StudyFilter, ...] = ()
    """Studies matching any of these are left out ("excluding head CTs")."""
    followed_within: FollowUp | None = None
    gap_before: ScanGap | None = None
    followed_for: ScanGap | None = None
    """The patient's first and latest study of the kind asked for (modality, body part,
    description, station) are this far apart ("followed for more than 2 years")."""
    lung_rads_change: LungRadsChange | None = None
    overdue: Overdue | None = None
    any_of: tuple[StudyFilter, ...] = ()
    """The study meets at least one of these ("a mass or Lung-RADS 4X": conditions of
    different kinds joined by "or")."""
    share: StudyFilter | None = None
    """Of a percentage: conditions the study must meet to be counted in the share, never in
    the population it is a share of ("% of all studies that were CT": the studies are the
    population, being a CT the share)."""


@dataclasses.dataclass(frozen=True)
class PatientFilter:
    """Conditions on a patient's whole history, not on one study.

    ``has``: for each filter, the patient has some study matching it ("both A and B" may be on
    different studies); ``never``: the patient has no study matching any of them ("never had a
    mass"); ``studies``: how many studies the patient has in all; ``highest_lung_rads``: the
    patient's highest study category over all studies is one of these; ``every``: each of the
    patient's studies within ``every_scope`` (a kind of study: all studies, CTs, chest CTs,
    LDCTs ...) meets it, and there is at least one such study ("nodules on every scan", "whose
    ldcts were all lung-rads 2"). ``studies_scope``: the kind of study
    ``studies`` counts (modality, body part, description: "more than 1 head CT"); None counts
    all the patient's studies.
    """

    has: tuple[StudyFilter, ...] = ()
    never: tuple[StudyFilter, ...] = ()
    studies: NumberRange | None = None
    highest_lung_rads: tuple[str, ...] = ()
    every: StudyFilter | None = None
    every_scope: StudyFilter | None = None
    studies_scope: StudyFilter | None = None


@dataclasses.dataclass(frozen=True)
class TopN:
    """The ``n`` answers with the largest (or smallest) value of ``field``.

    Finding fields rank findings; ``study_date`` ranks studies (largest: most recent);
    ``birth_date`` ranks patients (largest: youngest); ``finding_count`` ranks studies or
    patients by how many findings of the question's kind they have.
    """

    n: int
    field: OrderField = "diameter_mm"
    largest: bool = True
    per_study: bool = False
    """With ``finding_count`` ranking patients: by the most findings on any one of their
    studies ("the most nodules on a single scan"), not by their total over every study."""
    of_patients: bool = False
    """With a finding measurement: rank patients by the largest value of it among their
    findings of the question's kind ("top 2 pts ranked by the volume of their biggest nodule"),
    not the findings themselves."""


@dataclasses.dataclass(frozen=True)
class GroupOrder:
    """A breakdown's groups ordered by their count ("which lobe has the most nodules",
    "per station, fewest first"): the largest counts first (or the smallest), and with ``n``
    only the groups whose count ranks in the first ``n`` (ties kept)."""

    n: int | None = None
    largest: bool = True


AggregateKind = Literal["mean", "median", "max", "min", "percent", "per"]
MeasureUnit = Literal["cm", "cc"]
# How many stored units (mm, mm3) make one of these, and the measurements each fits.
MEASURE_UNITS: dict[str, tuple[float, tuple[str, ...]]] = {
    "cm": (10.0, ("diameter_mm", "long_axis_mm", "short_axis_mm", "solid_component_mm")),
    "cc": (1000.0, ("volume_mm3",)),
}
# What a mean or a median is of: a finding measurement, the patients' ages (each patient once,
# on the latest study that meets the question) or the days from each patient's first to
# latest study that meets it.
AggregateField = Literal[MeasureField, "age", "study_age", "span_days", "gap_days", "vdt_days"]
PerUnit = Literal["patient", "study"]


@dataclasses.dataclass(frozen=True)
class Aggregate:
    """One number instead of a list.

    ``mean`` / ``median``: of ``field`` over the findings the question asks for ("average
    nodule size", "median volume"), over its patients ("average age of women with ..."), or
    over the spans between each patient's first and latest study ("median time between first
    and latest CT"). ``percent``: the percentage of patients, studies or findings that meet the
    question's conditions among those that meet its population conditions ("what percentage of
    women have calcified nodules": among women). ``per``: how many findings or studies
    (``TypedQuery.count_of``) meet the question, divided by the patients or studies (``per``)
    that meet its population conditions ("average number of nodules per patient").
    ``gap_days``: the days between consecutive studies of a patient (of the kind asked for),
    each pair once; ``vdt_days``: the volume doubling times of the question's findings.
    ``max`` / ``min``: the longest (shortest) of the ``gap_days`` intervals ("the longest gap
    between consecutive studies of P00589"). ``study_age``: the patient's age on each study the
    question asks for, each study once ("average age at the time of a head ct": over head CTs,
    a patient with two counted twice), where ``age`` counts each patient once.
    """

    kind: AggregateKind
    field: AggregateField | None = None  # for "mean" and "median"
    per: PerUnit | None = None  # for "per"
    statistic: Literal["mean", "median"] = "mean"
    """For "per": the mean (all counted over all divided) or the median of the counts per
    patient (study), each one with none counting as 0."""
    time_unit: TimeUnit = "day"
    """For intervals (``span_days``, ``gap_days``): days, or months (days / 30.4375, the
    Gregorian calendar's mean month), years (days / 365.25) or weeks (days / 7)."""
    measure_unit: MeasureUnit | None = None
    """For a mean or median of a length or a volume asked in another unit ("average size in
    cm", "mean volume in cc"): the unit the value is answered in (None: mm, mm3)."""


@dataclasses.dataclass(frozen=True)
class ModelVersion:
    """ "nodules found by model 0.3.0": the question is asked of one model version's analyses
    only (:mod:`query.versions`): its findings, its Lung-RADS categories and the studies it
    analysed. ``asked`` is what the question said of it ("shadow model 0.3.0"); ``live`` and
    ``shadow`` say which of the catalogue's tables hold its findings (``findings``, the live
    analyses still stored; ``shadow_findings``), set by the engine from the catalogue. A
    question without a version never reads shadow findings."""

    version: str
    model_name: str | None = None
    asked: Literal["any", "live", "shadow"] = "any"
    live: bool = True
    shadow: bool = False


@dataclasses.dataclass(frozen=True)
class TypedQuery:
    """A whole question: what to return, and which studies/findings qualify."""

    unit: Unit
    filter: StudyFilter
    count_of: CountOf | None = None
    top: TopN | None = None
    ignored: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    group_by: GroupField | None = None
    """With ``unit == "count"``: one count per value of this field ("per Lung-RADS category")."""
    alternatives: tuple[str, ...] = ()
    """The question rephrased to settle a guess the other way ("exactly 2 nodules" for "2
    nodules"): asking one of these is how a user picks the other reading."""
    aggregate: Aggregate | None = None
    """With ``unit == "count"``: answer a mean or a percentage (see :class:`Aggregate`)."""
    cautions: tuple[str, ...] = ()
    """Readings that were guesses (a number without a unit, a word matched by meaning): each
    becomes a warning with the answer, see :mod:`query.accounting`."""
    group_order: GroupOrder | None = None
    """With ``group_by``: the groups ranked by their count instead of listed by value."""
    model_version: ModelVersion | None = None
    """Only this model version's analyses (see :class:`ModelVersion`); None: the live findings
    of every version, never a shadow version's."""


_SHARE_ATTRIBUTES = (
    "attenuations",
    "margins",
    "lobes",
    "sides",
    "measures",
    "calcified",
    "lung_rads",
)


def finding_population(counted: FindingClause, share: FindingClause) -> FindingClause:
    """Of a percentage of findings "of A that are B" (:attr:`StudyFilter.share` holding one
    finding clause, B): the findings it is a share of, A, which is the counted finding without
    the attributes the share names ("% of nodules >= 24 mm that are spiculated": the nodules of
    24 mm or more; the counted finding, with both, is the numerator)."""
    default = FindingClause()
    reset = {
        name: getattr(default, name)
        for name in _SHARE_ATTRIBUTES
        if getattr(share, name) != getattr(default, name)
    }
    return dataclasses.replace(counted, **reset)  # type: ignore[arg-type]
