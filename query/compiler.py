"""Compiling a :class:`~query.typed_query.TypedQuery` to one parameterised DuckDB statement.

Every value of the query becomes a ``?`` parameter; the SQL text is assembled only from the
constant fragments in this module (column names, operators, sub-query templates), so nothing a
user typed can ever become SQL. The statement returns ``patient_id, study_uid`` (and
``finding_id`` for findings) plus a few columns that explain the row. Used by
:class:`query.engine.QueryEngine`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from query.tracks import TRACK_FACTS
from query.typed_query import (
    ConceptFilter,
    FindingClause,
    Measure,
    NumberRange,
    StudyFilter,
    TypedQuery,
)

__all__ = ["CompiledQuery", "compile_query", "needs_track_facts"]

_LEFT_LOBES, _RIGHT_LOBES = ("LUL", "LLL"), ("RUL", "RML", "RLL")
_LOBE_GROUPS = {"upper": ("RUL", "LUL"), "lower": ("RLL", "LLL")}
_GROWTH_MM = 1.5
# Whole years between birth and the study date, for studies that did not record the age.
_AGE = (
    "coalesce(s.patient_age_years, year(s.study_date) - year(p.birth_date) - "
    "CASE WHEN strftime(s.study_date, '%m%d') < strftime(p.birth_date, '%m%d') THEN 1 ELSE 0 END)"
)
# A study's category: the stored one, else the highest category among its findings.
_STUDY_CATEGORY = (
    "coalesce(s.lung_rads, (SELECT arg_max(fc.lung_rads, list_position("
    "['1','2','3','4A','4B','4X'], fc.lung_rads)) FROM findings fc "
    "WHERE fc.study_uid = s.study_uid))"
)
# Follow-up facts come from the engine's per-catalogue table (query/tracks.py).
_GREW = f"f.finding_id IN (SELECT finding_id FROM {TRACK_FACTS} WHERE growth_mm > ?)"  # noqa: S608
_NEW_TRACK = f"f.finding_id IN (SELECT finding_id FROM {TRACK_FACTS} WHERE new_on_track)"  # noqa: S608
_FROM_STUDIES = "FROM studies s"
_FROM_FINDINGS = "FROM findings f JOIN studies s ON s.study_uid = f.study_uid"
_JOIN_PATIENTS = " LEFT JOIN patients p ON p.patient_id = s.patient_id"
# Dates leave the database as ISO text, so rows need no conversion in Python.
_STUDY_DATE = "CAST(s.study_date AS VARCHAR) AS study_date"


def _sources(base: str, flt: StudyFilter) -> str:
    """The FROM clause; the patients table only when sex or age is asked about."""
    return base + (_JOIN_PATIENTS if flt.sexes or flt.age is not None else "")


_MEASURE_COLUMNS = frozenset(
    {"diameter_mm", "long_axis_mm", "short_axis_mm", "volume_mm3", "mean_hu", "solid_component_mm"}
)


@dataclasses.dataclass(frozen=True)
class CompiledQuery:
    """The SQL text (constant fragments only) and its parameters, in order."""

    sql: str
    params: list[Any]


class _Sql:
    """Collects WHERE conditions and their parameters side by side."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def where(self) -> str:
        return " AND ".join(self.conditions) if self.conditions else "TRUE"


def _range(sql: _Sql, column: str, bounds: NumberRange) -> None:
    if bounds.low is not None:
        sql.add(f"{column} {'>=' if bounds.low_inclusive else '>'} ?", bounds.low)
    if bounds.high is not None:
        sql.add(f"{column} {'<=' if bounds.high_inclusive else '<'} ?", bounds.high)


def _measure(sql: _Sql, measure: Measure) -> None:
    if measure.field not in _MEASURE_COLUMNS:  # the dataclass is typed; this guards misuse
        raise ValueError(f"unknown measurement {measure.field!r}")
    _range(sql, f"f.{measure.field}", measure.range)


def _finding_conditions(clause: FindingClause) -> _Sql:
    sql = _Sql()
    kinds = sorted({k for kind in clause.kinds for k in _kinds(kind, clause)})
    if kinds:
        sql.add("list_contains(?, f.kind)", kinds)
    if clause.attenuations:
        values = {
            a
            for att in clause.attenuations
            for a in (("part-solid", "ground-glass") if att == "subsolid" else (att,))
        }
        sql.add("list_contains(?, f.attenuation)", sorted(values))
    if clause.margins:
        sql.add("list_contains(?, f.margin)", list(clause.margins))
    if clause.calcified is not None:
        sql.add("coalesce(f.calcified, FALSE) = ?", clause.calcified)
    _locations(sql, clause)
    for measure in clause.measures:
        _measure(sql, measure)
    if clause.lung_rads:
        sql.add("list_contains(?, f.lung_rads)", list(clause.lung_rads))
    if clause.grew:
        sql.add(_GREW, _GROWTH_MM)
    if clause.new:
        sql.add(_NEW_TRACK)
    return sql


def _kinds(kind: str, clause: FindingClause) -> tuple[str, ...]:
    """ "lesion" is nodule or mass; a nodule that grew may have become a mass (over 30 mm)."""
    if kind == "lesion" or (kind == "nodule" and (clause.grew or clause.new)):
        return ("nodule", "mass")
    return (kind,)


def _locations(sql: _Sql, clause: FindingClause) -> None:
    lobes = sorted({lobe for name in clause.lobes for lobe in _LOBE_GROUPS.get(name, (name,))})
    if lobes:
        sql.add("list_contains(?, f.lobe)", lobes)
    if clause.sides:
        side_lobes = [
            lobe
            for side in clause.sides
            for lobe in (_LEFT_LOBES if side == "left" else _RIGHT_LOBES)
        ]
        sql.add(
            "(list_contains(?, f.side) OR list_contains(?, f.lobe))", list(clause.sides), side_lobes
        )


def _finding_clause(sql: _Sql, clause: FindingClause) -> None:
    inner = _finding_conditions(clause)
    body = f"FROM findings f WHERE f.study_uid = s.study_uid AND {inner.where()}"
    if clause.absent:
        sql.add(f"NOT EXISTS (SELECT 1 {body})", *inner.params)
    elif clause.min_count > 1:
        sql.add(f"(SELECT count(*) {body}) >= ?", *inner.params, clause.min_count)
    else:
        sql.add(f"EXISTS (SELECT 1 {body})", *inner.params)


def _concept(sql: _Sql, concept: ConceptFilter) -> None:
    # By default only affirmed, current mentions count (issue 23); constant fragments only,
    # the concept and the changes are parameters.
    certainty = "" if concept.include_uncertain else " AND m.certainty <> 'possible'"
    history = "" if concept.include_historical else " AND m.temporality = 'current'"
    change = " AND list_contains(?, m.change)" if concept.changes else ""
    exists = (
        "EXISTS (SELECT 1 FROM report_mentions m WHERE m.study_uid = s.study_uid "  # noqa: S608
        f"AND m.concept = ? AND m.certainty <> 'negated'{certainty}{history}{change})"
    )
    params: list[object] = [concept.concept]
    if concept.changes:
        params.append(list(concept.changes))
    sql.add(exists if concept.present else f"NOT {exists}", *params)


def _study_conditions(sql: _Sql, flt: StudyFilter, *, skip: FindingClause | None = None) -> None:
    for column, values in (
        ("s.modality", flt.modalities),
        ("s.body_part", flt.body_parts),
        ("upper(s.station)", flt.stations),
        ("p.sex", flt.sexes),
    ):
        if values:
            sql.add(f"list_contains(?, {column})", list(values))
    for description in flt.descriptions:
        sql.add("s.description ILIKE ?", f"%{description}%")
    if flt.dates is not None and flt.dates.start is not None:
        sql.add("s.study_date >= ?", flt.dates.start)
    if flt.dates is not None and flt.dates.end is not None:
        sql.add("s.study_date <= ?", flt.dates.end)
    if flt.age is not None:
        _range(sql, _AGE, flt.age)
    if flt.lung_rads:
        sql.add(f"list_contains(?, {_STUDY_CATEGORY})", list(flt.lung_rads))
    for concept in flt.concepts:
        _concept(sql, concept)
    for clause in flt.findings:
        if clause is not skip:
            _finding_clause(sql, clause)


_TOTAL = "count(*) OVER () AS total_rows"  # the full count, computed before LIMIT


def _finding_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    primary = next(
        (c for c in query.filter.findings if not c.absent), FindingClause(kinds=("nodule",))
    )
    sql = _finding_conditions(primary)
    _study_conditions(sql, query.filter, skip=primary)
    order, total, limit = "f.finding_id", f", {_TOTAL}", row_limit
    if query.top is not None:
        direction = "DESC" if query.top.largest else "ASC"
        order = f"f.{query.top.field} {direction} NULLS LAST, f.finding_id"
        total, limit = "", min(query.top.n, row_limit)
    text = (
        f"SELECT s.patient_id, s.study_uid, f.finding_id, {_STUDY_DATE}, f.kind, f.lobe, "
        f"f.diameter_mm, f.long_axis_mm, f.volume_mm3, f.lung_rads{total} "
        f"{_sources(_FROM_FINDINGS, query.filter)} "
        f"WHERE {sql.where()} ORDER BY {order} LIMIT ?"
    )
    return CompiledQuery(text, [*sql.params, limit])


def _study_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    sql = _Sql()
    _study_conditions(sql, query.filter)
    text = (
        f"SELECT s.patient_id, s.study_uid, {_STUDY_DATE}, s.modality, s.description, {_TOTAL} "
        f"{_sources(_FROM_STUDIES, query.filter)} WHERE {sql.where()} "
        "ORDER BY s.study_date, s.study_uid LIMIT ?"
    )
    return CompiledQuery(text, [*sql.params, row_limit])


def _patient_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    sql = _Sql()
    _study_conditions(sql, query.filter)
    text = (
        "SELECT s.patient_id, arg_max(s.study_uid, s.study_date) AS study_uid, "
        "CAST(max(s.study_date) AS VARCHAR) AS latest_study_date, count(*) AS matching_studies, "
        f"{_TOTAL} {_sources(_FROM_STUDIES, query.filter)} WHERE {sql.where()} "
        "GROUP BY s.patient_id ORDER BY s.patient_id LIMIT ?"
    )
    return CompiledQuery(text, [*sql.params, row_limit])


def needs_track_facts(query: TypedQuery) -> bool:
    """Whether the statement reads :data:`query.tracks.TRACK_FACTS` (growth, new nodules)."""
    return any(c.grew or c.new for c in query.filter.findings)


def compile_query(query: TypedQuery, row_limit: int = 10_000) -> CompiledQuery:
    """The statement listing at most ``row_limit`` rows of the answer at the query's unit.

    Except for top-N questions, each row also carries ``total_rows``: how many rows match in all.
    """
    unit = query.count_of if query.unit == "count" else query.unit
    if unit == "finding" or (query.top is not None and unit != "patient"):
        return _finding_select(query, row_limit)
    if unit == "patient":
        return _patient_select(query, row_limit)
    return _study_select(query, row_limit)
