"""Compiling a :class:`~query.typed_query.TypedQuery` to one parameterised DuckDB statement.

Every value of the query becomes a ``?`` parameter; the SQL text is assembled only from the
constant fragments in this module (column names, operators, sub-query templates), so nothing a
user typed can ever become SQL. The statement returns ``patient_id, study_uid`` (and
``finding_id`` for findings) plus a few columns that explain the row. Used by
:class:`query.engine.QueryEngine`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from query.tracks import TRACK_FACTS
from query.typed_query import (
    FINDING_GROUPS,
    FINDINGS_PER_STUDY_GROUP,
    INTERVAL_MONTHS,
    MEASURE_FIELDS,
    MEASURE_UNITS,
    Aggregate,
    ConceptFilter,
    FindingClause,
    FollowUp,
    LungRadsChange,
    Measure,
    NumberRange,
    Overdue,
    PatientFilter,
    ScanGap,
    StudyFilter,
    TopN,
    TypedQuery,
    finding_population,
)
from query.versions import version_scope

__all__ = [
    "CompiledQuery",
    "compile_clause_findings",
    "compile_query",
    "needs_track_facts",
    "patients_of_named_studies",
]

_LEFT_LOBES, _RIGHT_LOBES = ("LUL", "LLL"), ("RUL", "RML", "RLL")
_LOBE_GROUPS = {"upper": ("RUL", "LUL"), "lower": ("RLL", "LLL")}
# Whole years between birth and the study date, for studies that did not record the age.
_AGE = (
    "coalesce(s.patient_age_years, year(s.study_date) - year(p.birth_date) - "
    "CASE WHEN strftime(s.study_date, '%m%d') < strftime(p.birth_date, '%m%d') THEN 1 ELSE 0 END)"
)


def _category_of(alias: str) -> str:
    """A study's category: the stored one, else the highest category among its findings."""
    return (
        f"coalesce({alias}.lung_rads, (SELECT arg_max(fc.lung_rads, list_position("  # noqa: S608
        "['1','2','3','4A','4B','4X'], fc.lung_rads)) FROM findings fc "
        f"WHERE fc.study_uid = {alias}.study_uid))"
    )


_STUDY_CATEGORY = _category_of("s")
# Follow-up facts come from the engine's per-catalogue table (query/tracks.py).
_TRACK_FACT = f"f.finding_id IN (SELECT finding_id FROM {TRACK_FACTS} WHERE "  # noqa: S608
_GREW = _TRACK_FACT + "growth_mm"
_NEW_TRACK = _TRACK_FACT + "new_on_track)"
_SHRANK = _TRACK_FACT + "-growth_mm > ?)"
_RESOLVED = _TRACK_FACT + "resolved)"
_STABLE = _TRACK_FACT + "abs(growth_mm) <= ?)"
_TRACK_START = _TRACK_FACT + "first_kind = ?)"
# The README's growth threshold, mirrored for shrinking (mm of mean diameter).
SHRINK_MM = 1.5
_FROM_STUDIES = "FROM studies s"
_FROM_FINDINGS = "FROM findings f JOIN studies s ON s.study_uid = f.study_uid"
_JOIN_PATIENTS = " LEFT JOIN patients p ON p.patient_id = s.patient_id"
# Dates leave the database as ISO text, so rows need no conversion in Python.
_STUDY_DATE = "CAST(s.study_date AS VARCHAR) AS study_date"


def _sources(base: str, flt: StudyFilter, top: TopN | None = None) -> str:
    """The FROM clause; the patients table only when sex, age or birth date is asked about."""
    needed = _asks_patients(flt) or (flt.share is not None and _asks_patients(flt.share))
    return base + (_JOIN_PATIENTS if needed or (top and top.field == "birth_date") else "")


def _asks_patients(flt: StudyFilter) -> bool:
    """Does the filter ask about the patient's sex, age or birth date?"""
    return bool(
        flt.sexes
        or flt.age is not None
        or flt.birth is not None
        or any(e.sexes for e in flt.excluded)
    )


# Each patient's first or latest study (by date, then UID): a study qualifies when no other
# study of its patient comes before (after) it.
# No earlier (first) or later (latest) study of the same patient, of the same kind where the
# question names one ("baseline LDCT": the first low-dose CT; "latest scan": of all studies).
_PICK = {
    "first": (
        "(sp.study_date < s.study_date OR (sp.study_date = s.study_date AND "
        "sp.study_uid < s.study_uid))"
    ),
    "latest": (
        "(sp.study_date > s.study_date OR (sp.study_date = s.study_date AND "
        "sp.study_uid > s.study_uid))"
    ),
}
# The second (second latest) study has exactly one such study before (after) it (part 45, B).
_PICK_FROM = {"first": "first", "latest": "latest", "second": "first", "second latest": "latest"}
# A study's category rank 1..6 (1 < 2 < 3 < 4A < 4B < 4X), for a patient's highest category.
_CATEGORY_RANK = f"list_position(['1','2','3','4A','4B','4X'], {_STUDY_CATEGORY})"
_BIRTH_DATE = "(SELECT pb.birth_date FROM patients pb WHERE pb.patient_id = s.patient_id)"


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


def _count_range(sql: _Sql, expression: str, low: int, high: int | None, *params: Any) -> None:
    if high is None:
        sql.add(f"{expression} >= ?", *params, low)
    else:
        sql.add(f"{expression} BETWEEN ? AND ?", *params, low, high)


def _range(sql: _Sql, column: str, bounds: NumberRange) -> None:
    if bounds.low is not None:
        sql.add(f"{column} {'>=' if bounds.low_inclusive else '>'} ?", bounds.low)
    if bounds.high is not None:
        sql.add(f"{column} {'<=' if bounds.high_inclusive else '<'} ?", bounds.high)


def _measure(sql: _Sql, measure: Measure) -> None:
    if measure.field not in MEASURE_FIELDS:  # the dataclass is typed; this guards misuse
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
        growth = _Sql()
        _range(growth, "growth_mm", clause.growth_mm)
        sql.add(f"{_GREW} AND {growth.where()})", *growth.params)
    if clause.new:
        sql.add(_NEW_TRACK)
    if clause.shrank:
        sql.add(_SHRANK, SHRINK_MM)
    if clause.resolved:
        sql.add(_RESOLVED)
    if clause.stable:
        sql.add(_STABLE, SHRINK_MM)
    if clause.track_start is not None:
        sql.add(_TRACK_START, clause.track_start)
    if clause.vdt_days is not None:
        vdt = _Sql()
        _range(vdt, "vdt_days", clause.vdt_days)
        sql.add(f"{_TRACK_FACT}{vdt.where()})", *vdt.params)
    if clause.since_first is not None:
        since = _Sql()
        _range(since, "since_first_mm", clause.since_first)
        sql.add(f"{_TRACK_FACT}{since.where()})", *since.params)
    if clause.min_scans > 1:
        sql.add(
            "f.track_id IN (SELECT ft.track_id FROM findings ft WHERE ft.track_id IS NOT NULL "
            "GROUP BY ft.track_id HAVING count(DISTINCT ft.study_uid) >= ?)",
            clause.min_scans,
        )
    return sql


def _kinds(kind: str, clause: FindingClause) -> tuple[str, ...]:
    """ "lesion" is nodule or mass; a nodule followed over time may have become a mass (over
    30 mm)."""
    if kind == "lesion" or (kind == "nodule" and _over_time(clause) and not clause.kind_now):
        return ("nodule", "mass")
    return (kind,)


def _over_time(clause: FindingClause) -> bool:
    """Does the clause follow a nodule across studies (it may have become a mass)?"""
    return (
        clause.grew
        or clause.new
        or clause.shrank
        or clause.resolved
        or clause.stable
        or clause.since_first is not None
        or clause.vdt_days is not None
        or clause.track_start is not None
    )


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
    elif clause.min_count != 1 or clause.max_count is not None:
        _count_range(
            sql, f"(SELECT count(*) {body})", clause.min_count, clause.max_count, *inner.params
        )
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
    if concept.denied:
        sql.add(
            "EXISTS (SELECT 1 FROM report_mentions m WHERE m.study_uid = s.study_uid "
            "AND m.concept = ? AND m.certainty = 'negated')",
            concept.concept,
        )


def _pick(sql: _Sql, flt: StudyFilter) -> None:
    """Only each patient's first or latest study (or the second, or the second latest) of the
    kind the filter names (modality, body part, description), or of all studies when it names
    none."""
    if flt.pick is None:
        return
    kind = _Sql()
    if flt.modalities:
        kind.add("list_contains(?, sp.modality)", list(flt.modalities))
    if flt.body_parts:
        kind.add("list_contains(?, sp.body_part)", list(flt.body_parts))
    for description in flt.descriptions:
        kind.add("sp.description ILIKE ?", f"%{description}%")
    # constant fragments only: the kind's values are parameters
    before = _PICK[_PICK_FROM[flt.pick]]
    if flt.pick in ("first", "latest"):
        condition = (
            "NOT EXISTS (SELECT 1 FROM studies sp WHERE sp.patient_id = s.patient_id AND "  # noqa: S608
            f"{kind.where()} AND {before})"
        )
    else:
        condition = (
            "1 = (SELECT COUNT(*) FROM studies sp WHERE sp.patient_id = s.patient_id AND "  # noqa: S608
            f"{kind.where()} AND {before})"
        )
    sql.add(condition, *kind.params)


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
    _identity(sql, flt)
    if flt.pick is not None:
        _pick(sql, flt)
    if flt.patient is not None:
        _patient_history(sql, flt.patient)
    for excluded in flt.excluded:
        inner = _Sql()
        _study_conditions(inner, excluded)
        sql.add(f"NOT coalesce(({inner.where()}), FALSE)", *inner.params)
    if flt.any_of:
        either = [_Sql() for _ in flt.any_of]
        for inner, alternative in zip(either, flt.any_of, strict=True):
            _study_conditions(inner, alternative)
        sql.add(
            "(" + " OR ".join(f"({inner.where()})" for inner in either) + ")",
            *(p for inner in either for p in inner.params),
        )
    if flt.share is not None:
        _study_conditions(sql, flt.share)
    if flt.followed_within is not None:
        _followed_within(sql, flt, flt.followed_within)
    if flt.gap_before is not None:
        _gap_before(sql, flt, flt.gap_before)
    if flt.followed_for is not None:
        _followed_for(sql, flt, flt.followed_for)
    if flt.lung_rads_change is not None:
        _lung_rads_change(sql, flt.lung_rads_change)
    if flt.overdue is not None:
        _overdue(sql, flt.overdue)


_INTERVAL = {"day": "to_days(?)", "month": "to_months(?)"}
_UP_TO = {True: "<=", False: "<"}


def _of_kind(flt: StudyFilter, alias: str) -> tuple[str, list[Any]]:
    """`` AND <alias> is a study of the kind the question names`` (modality, body part,
    description, station), checked in a sub-query over ``studies s``; empty when it names none."""
    kind = _Sql()
    _study_conditions(
        kind,
        StudyFilter(
            modalities=flt.modalities,
            body_parts=flt.body_parts,
            descriptions=flt.descriptions,
            stations=flt.stations,
        ),
    )
    if not kind.conditions:
        return "", []
    return (
        f" AND {alias}.study_uid IN (SELECT s.study_uid FROM studies s WHERE {kind.where()})",  # noqa: S608
        kind.params,
    )


def _followed_within(sql: _Sql, flt: StudyFilter, follow_up: FollowUp) -> None:
    """A later study (a later date) of the patient within the interval, of the kind of study the
    question asks for (checked in a sub-query over ``studies s``, as the other conditions are)."""
    of_kind, kind_params = _of_kind(flt, "sa")
    sql.add(
        "EXISTS (SELECT 1 FROM studies sa WHERE sa.patient_id = s.patient_id "  # noqa: S608
        f"AND sa.study_date > s.study_date AND sa.study_date {_UP_TO[follow_up.inclusive]} "
        f"s.study_date + {_INTERVAL[follow_up.unit]}{of_kind})",
        follow_up.amount,
        *kind_params,
    )


_LOW = {True: ">=", False: ">"}


def _gap_before(sql: _Sql, flt: StudyFilter, gap: ScanGap) -> None:
    """The study follows the patient's previous study of the same kind (the latest on an
    earlier date) by an interval in the gap's range (calendar months or days)."""
    of_kind, kind_params = _of_kind(flt, "sp")
    bounds, params = ["g.d IS NOT NULL"], []
    if gap.range.low is not None:
        bounds.append(f"s.study_date {_LOW[gap.range.low_inclusive]} g.d + {_INTERVAL[gap.unit]}")
        params.append(int(gap.range.low))
    if gap.range.high is not None:
        bounds.append(
            f"s.study_date {_UP_TO[gap.range.high_inclusive]} g.d + {_INTERVAL[gap.unit]}"
        )
        params.append(int(gap.range.high))
    sql.add(
        "EXISTS (SELECT 1 FROM (SELECT max(sp.study_date) AS d FROM studies sp "  # noqa: S608
        f"WHERE sp.patient_id = s.patient_id AND sp.study_date < s.study_date{of_kind}) g "
        f"WHERE {' AND '.join(bounds)})",
        *kind_params,
        *params,
    )


def _followed_for(sql: _Sql, flt: StudyFilter, span: ScanGap) -> None:
    """The patient's first and latest study of the kind asked for are that far apart."""
    of_kind, kind_params = _of_kind(flt, "sp")
    bounds, params = [], []
    if span.range.low is not None:
        bounds.append(f"max(sp.study_date) {_LOW[span.range.low_inclusive]} min(sp.study_date) + ")
        params.append(int(span.range.low))
    if span.range.high is not None:
        bounds.append(
            f"max(sp.study_date) {_UP_TO[span.range.high_inclusive]} min(sp.study_date) + "
        )
        params.append(int(span.range.high))
    having = " AND ".join(bound + _INTERVAL[span.unit] for bound in bounds) or "TRUE"
    sql.add(
        "s.patient_id IN (SELECT sp.patient_id FROM studies sp WHERE TRUE"  # noqa: S608
        f"{of_kind} GROUP BY sp.patient_id HAVING {having})",
        *kind_params,
        *params,
    )


_RANKS = "['1','2','3','4A','4B','4X']"
# Each study with a category, and the category of the patient's previous such study (by date,
# then UID): one window over the studies, not a sub-query per study.
_CATEGORY_STEPS = (
    "SELECT sc.study_uid, sc.after_cat, lag(sc.after_cat) OVER (PARTITION BY sc.patient_id "  # noqa: S608
    "ORDER BY sc.study_date, sc.study_uid) AS before_cat FROM (SELECT s2.study_uid, "
    f"s2.patient_id, s2.study_date, {_category_of('s2')} AS after_cat FROM studies s2) sc "
    "WHERE sc.after_cat IS NOT NULL"
)
_DIRECTION = {"up": ">", "down": "<", "any": "<>"}


def _lung_rads_change(sql: _Sql, change: LungRadsChange) -> None:
    """The study's category compared with the patient's previous study that has one."""
    step = _Sql()
    step.add(
        f"list_position({_RANKS}, c.after_cat) {_DIRECTION[change.direction]} "
        f"list_position({_RANKS}, c.before_cat)"
    )
    if change.before:
        step.add("list_contains(?, c.before_cat)", list(change.before))
    if change.after:
        step.add("list_contains(?, c.after_cat)", list(change.after))
    sql.add(
        f"s.study_uid IN (SELECT c.study_uid FROM ({_CATEGORY_STEPS}) c "  # noqa: S608
        f"WHERE c.before_cat IS NOT NULL AND {step.where()})",
        *step.params,
    )


# Each patient's latest chest CT on or before the as-of date (by date, then UID), with its
# category: one window over the studies, not a sub-query per study.
_LATEST_CHEST_CT = (
    "SELECT lc.study_uid, lc.study_date, lc.cat FROM (SELECT so.study_uid, so.study_date, "  # noqa: S608
    f"{_category_of('so')} AS cat, row_number() OVER (PARTITION BY so.patient_id ORDER BY "
    "so.study_date DESC, so.study_uid DESC) AS latest FROM studies so WHERE so.modality = ? "
    "AND so.body_part = ? AND so.study_date <= ?) lc WHERE lc.latest = 1"
)


def _overdue(sql: _Sql, overdue: Overdue) -> None:
    """The study is the patient's latest chest CT on or before the as-of date, and its
    category's interval (plus any grace) ended before the as-of date."""
    categories = [c for c in overdue.categories if c in INTERVAL_MONTHS]
    cases = " ".join("WHEN ? THEN ?" for _ in categories)
    months = [v for c in categories for v in (c, INTERVAL_MONTHS[c] + overdue.grace_months)]
    sql.add(
        f"s.study_uid IN (SELECT d.study_uid FROM ({_LATEST_CHEST_CT}) d "  # noqa: S608
        "WHERE list_contains(?, d.cat) AND ? > d.study_date + to_months(CASE d.cat "
        f"{cases} END))",
        "CT",
        "CHEST",
        overdue.as_of,
        categories,
        overdue.as_of,
        *months,
    )


def _identity(sql: _Sql, flt: StudyFilter) -> None:
    """Identifiers compare without regard to case ("p00002" is patient P00002)."""
    for column, values in (
        ("lower(s.patient_id)", flt.patient_ids),
        ("lower(s.accession)", flt.accessions),
        ("s.study_uid", flt.study_uids),
    ):
        if values:
            sql.add(f"list_contains(?, {column})", [v.lower() for v in values])
    if flt.birth is not None and flt.birth.start is not None:
        sql.add(f"{_BIRTH_DATE} >= ?", flt.birth.start)
    if flt.birth is not None and flt.birth.end is not None:
        sql.add(f"{_BIRTH_DATE} <= ?", flt.birth.end)


def _patient_history(sql: _Sql, patient: PatientFilter) -> None:
    """Conditions on all studies of the study's patient (sub-queries over ``studies s``)."""
    for wanted in patient.has:
        inner = _Sql()
        _study_conditions(inner, wanted)
        sql.add(
            f"s.patient_id IN (SELECT s.patient_id FROM studies s WHERE {inner.where()})",  # noqa: S608
            *inner.params,
        )
    for unwanted in patient.never:
        inner = _Sql()
        _study_conditions(inner, unwanted)
        sql.add(
            f"s.patient_id NOT IN (SELECT s.patient_id FROM studies s WHERE {inner.where()})",  # noqa: S608
            *inner.params,
        )
    if patient.every is not None:
        _every(sql, patient.every, patient.every_scope or StudyFilter())
    if patient.studies is not None:
        scope = _Sql()  # the kind of study counted (all the patient's studies when none)
        if patient.studies_scope is not None:
            _study_conditions(scope, patient.studies_scope)
        counted = _Sql()
        _range(counted, "c.n", patient.studies)
        sql.add(
            "s.patient_id IN (SELECT c.patient_id FROM (SELECT s.patient_id, count(*) FILTER "  # noqa: S608
            f"(WHERE {scope.where()}) AS n FROM studies s GROUP BY s.patient_id) c "
            f"WHERE {counted.where()})",
            *scope.params,
            *counted.params,
        )
    if patient.highest_lung_rads:
        sql.add(
            "s.patient_id IN (SELECT s.patient_id FROM studies s GROUP BY s.patient_id HAVING "  # noqa: S608
            f"list_contains(?, ['1','2','3','4A','4B','4X'][max({_CATEGORY_RANK})]))",
            list(patient.highest_lung_rads),
        )


def _every(sql: _Sql, every: StudyFilter, scope: StudyFilter) -> None:
    """The patient has a study in ``scope``, and none of them fails ``every``."""
    within, wanted = _Sql(), _Sql()
    _study_conditions(within, scope)
    _study_conditions(wanted, every)
    sql.add(
        f"s.patient_id IN (SELECT s.patient_id FROM studies s WHERE {within.where()})",  # noqa: S608
        *within.params,
    )
    sql.add(
        "s.patient_id NOT IN (SELECT s.patient_id FROM studies s WHERE "  # noqa: S608
        f"{within.where()} AND NOT coalesce(({wanted.where()}), FALSE))",
        *within.params,
        *wanted.params,
    )


_TOTAL = "count(*) OVER () AS total_rows"  # the full count, computed before LIMIT


def _primary(query: TypedQuery) -> FindingClause:
    """The first finding clause the question asks for (any nodule when it asks for none)."""
    return next(
        (c for c in query.filter.findings if not c.absent), FindingClause(kinds=("nodule",))
    )


def _direction(top: TopN) -> str:
    return "DESC" if top.largest else "ASC"


def _finding_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    primary = _primary(query)
    sql = _finding_conditions(primary)
    _study_conditions(sql, query.filter, skip=primary)
    order, total, limit = "f.finding_id", f", {_TOTAL}", row_limit
    top = query.top
    if top is not None and top.field in MEASURE_FIELDS:
        order = f"f.{top.field} {_direction(top)} NULLS LAST, f.finding_id"
        total, limit = "", min(top.n, row_limit)
        sql.add(f"f.{top.field} IS NOT NULL")
    text = (
        f"SELECT s.patient_id, s.study_uid, f.finding_id, {_STUDY_DATE}, f.kind, f.lobe, "
        f"f.diameter_mm, f.long_axis_mm, f.volume_mm3, f.mean_hu, f.confidence, f.lung_rads"
        f"{total} {_sources(_FROM_FINDINGS, query.filter)} "
        f"WHERE {sql.where()} ORDER BY {order} LIMIT ?"
    )
    return CompiledQuery(text, [*sql.params, limit])


def _finding_count(query: TypedQuery) -> tuple[str, list[Any]]:
    """How many findings of the question's first kind a study has (for "the most nodules")."""
    primary = _primary(query)
    inner = _finding_conditions(primary)
    return (
        f"(SELECT count(*) FROM findings f WHERE f.study_uid = s.study_uid AND {inner.where()})",  # noqa: S608
        inner.params,
    )


def _finding_count_rank(query: TypedQuery, top: TopN, key: str) -> tuple[str, str, list[Any]]:
    """The column, ORDER BY and parameters of "the studies (patients) with the most nodules".

    ``key`` is the rows' key, ``s.study_uid`` or ``s.patient_id``; a patient's count is the sum
    over its matching studies, or with ``top.per_study`` the largest count on one of them.
    """
    counted, params = _finding_count(query)
    if key == "s.patient_id":
        counted = f"{'max' if top.per_study else 'sum'}({counted})"
    return f", {counted} AS finding_count", f"finding_count {_direction(top)}, {key}", params


def _study_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    sql = _Sql()
    _study_conditions(sql, query.filter)
    extra_params: list[Any] = []
    order, total, limit, extra = "s.study_date, s.study_uid", f", {_TOTAL}", row_limit, ""
    top = query.top
    if top is not None and top.field == "study_date":
        direction = _direction(top)
        order = f"s.study_date {direction}, s.study_uid {direction}"
        total, limit = "", min(top.n, row_limit)
    elif top is not None and top.field == "finding_count":
        extra, order, extra_params = _finding_count_rank(query, top, "s.study_uid")
        total, limit = "", min(top.n, row_limit)
    text = (
        f"SELECT s.patient_id, s.study_uid, {_STUDY_DATE}, s.modality, s.description{extra}"
        f"{total} {_sources(_FROM_STUDIES, query.filter)} WHERE {sql.where()} "
        f"ORDER BY {order} LIMIT ?"
    )
    return CompiledQuery(text, [*extra_params, *sql.params, limit])


def _patient_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    sql = _Sql()
    _study_conditions(sql, query.filter)
    extra_params: list[Any] = []
    order, total, limit, extra = "s.patient_id", f", {_TOTAL}", row_limit, ""
    top = query.top
    if top is not None and top.field == "birth_date":
        # oldest first: earliest birth date; patients without one are left out
        extra = f", CAST(any_value({_BIRTH_DATE}) AS VARCHAR) AS birth_date"
        order = f"any_value({_BIRTH_DATE}) {_direction(top)}, s.patient_id"
        sql.add(f"{_BIRTH_DATE} IS NOT NULL")
        total, limit = "", min(top.n, row_limit)
    elif top is not None and top.field == "finding_count":
        extra, order, extra_params = _finding_count_rank(query, top, "s.patient_id")
        total, limit = "", min(top.n, row_limit)
    elif top is not None and top.of_patients and top.field in MEASURE_FIELDS:
        # "top 2 pts ranked by the volume of their biggest nodule": by the largest value among
        # their findings of the question's kind; patients with none measured are left out
        inner = _finding_conditions(_primary(query))
        largest = (
            f"(SELECT max(f.{top.field}) FROM findings f WHERE f.study_uid = s.study_uid AND "  # noqa: S608
            f"{inner.where()})"
        )
        extra, extra_params = f", max({largest}) AS ranked_value", inner.params
        order = f"ranked_value {_direction(top)} NULLS LAST, s.patient_id"
        total, limit = "", min(top.n, row_limit)
    text = (
        "SELECT s.patient_id, arg_max(s.study_uid, s.study_date) AS study_uid, "
        "CAST(max(s.study_date) AS VARCHAR) AS latest_study_date, count(*) AS matching_studies"
        f"{extra}{total} {_sources(_FROM_STUDIES, query.filter)} WHERE {sql.where()} "
        f"GROUP BY s.patient_id ORDER BY {order} LIMIT ?"
    )
    return CompiledQuery(text, [*extra_params, *sql.params, limit])


_GROUPS = {
    "lung_rads": f"{_STUDY_CATEGORY} AS lung_rads",
    "sex": "(SELECT pg.sex FROM patients pg WHERE pg.patient_id = s.patient_id) AS sex",
    "modality": "s.modality AS modality",
    "station": "upper(s.station) AS station",
    "year": "CAST(year(s.study_date) AS VARCHAR) AS year",
    "body_part": "s.body_part AS body_part",
    "description": "s.description AS description",
}


def _grouped_select(query: TypedQuery, row_limit: int) -> CompiledQuery:
    """One row per value of the group field: the value and how many studies or patients."""
    if query.group_by in FINDING_GROUPS:
        column = _FINDING_GROUP_COLUMNS[query.group_by or "kind"]
        return _grouped_findings(query, column, row_limit)
    if query.count_of == "finding" and query.group_by in FINDINGS_PER_STUDY_GROUP:
        # "nodule count men vs women": each finding under its study's or patient's value
        return _grouped_findings(query, _GROUPS[query.group_by or "year"], row_limit)
    sql = _Sql()
    _study_conditions(sql, query.filter)
    field = query.group_by or "lung_rads"
    counted = "count(DISTINCT s.patient_id)" if query.count_of == "patient" else "count(*)"
    text = (
        f"SELECT {_GROUPS[field]}, {counted} AS count "
        f"{_sources(_FROM_STUDIES, query.filter)} WHERE {sql.where()} GROUP BY 1"
    )
    return _ordered_groups(query, _GROUPS[field], text, sql.params, row_limit)


def _ordered_groups(
    query: TypedQuery, column: str, grouped: str, params: list[Any], row_limit: int
) -> CompiledQuery:
    """The groups of ``grouped`` (one row per value of ``column`` with its ``count``) in the
    order asked: by value, or ranked by their count ("which lobe has the most nodules": only
    the groups whose count ranks in the first n, ties kept; a finding with no value, such as
    no lobe, is no group to rank)."""
    order = query.group_order
    if order is None:
        return CompiledQuery(f"{grouped} ORDER BY 1 NULLS LAST LIMIT ?", [*params, row_limit])
    name = column.rsplit(" AS ", 1)[1]
    way = "DESC" if order.largest else "ASC"
    text = f"SELECT * FROM ({grouped}) g WHERE g.{name} IS NOT NULL"  # noqa: S608 - fixed names
    if order.n is None:
        return CompiledQuery(f"{text} ORDER BY g.count {way}, 1 LIMIT ?", [*params, row_limit])
    text += f" QUALIFY rank() OVER (ORDER BY g.count {way}) <= ? ORDER BY g.count {way}, 1 LIMIT ?"
    return CompiledQuery(text, [*params, order.n, row_limit])


_FINDING_GROUP_COLUMNS = {
    "lobe": "f.lobe AS lobe",
    "kind": "f.kind AS kind",
    "attenuation": "f.attenuation AS attenuation",
    "margin": "f.margin AS margin",
    # a finding's side as the side conditions read it: its own, else its lobe's
    "side": f"coalesce(f.side, CASE WHEN f.lobe IN {_LEFT_LOBES} THEN 'left' "
    f"WHEN f.lobe IN {_RIGHT_LOBES} THEN 'right' END) AS side",
}


def _grouped_findings(query: TypedQuery, column: str, row_limit: int) -> CompiledQuery:
    """One row per value of ``column`` (a finding's field, or its study's or patient's: "nodule
    count men vs women", part 41): how many findings of the question have it."""
    primary = next((c for c in query.filter.findings if not c.absent), FindingClause())
    sql = _finding_conditions(primary)
    _study_conditions(sql, query.filter, skip=primary)
    text = (
        f"SELECT {column}, count(*) AS count "
        f"{_sources(_FROM_FINDINGS, query.filter)} WHERE {sql.where()} GROUP BY 1"
    )
    return _ordered_groups(query, column, text, sql.params, row_limit)


def compile_clause_findings(
    query: TypedQuery,
    flt: StudyFilter,
    clause: FindingClause,
    track_start: Literal["nodule", "mass"] | None,
    row_limit: int = 1000,
    *,
    kinds: tuple[str, ...] | None = None,
) -> CompiledQuery:
    """The findings (``finding_id``, in order) that meet ``clause`` and whose track
    began as ``track_start`` (None: however it began), in studies that meet the rest of
    ``flt`` (the filter of ``query`` that holds the clause, which is found by identity): which
    findings a reading of the clause let into the answer (query/new_masses.py names them in a
    warning). ``kinds``: asked of these kinds instead (the masses a growing nodule lets in,
    query/grown_masses.py)."""
    if query.model_version is not None:  # the same version's analyses as the answer
        scope, scope_params = version_scope(query.model_version)
        bare = dataclasses.replace(query, model_version=None)
        inner = compile_clause_findings(bare, flt, clause, track_start, row_limit, kinds=kinds)
        return CompiledQuery(scope + inner.sql, [*scope_params, *inner.params])
    asked = dataclasses.replace(clause, absent=False, track_start=track_start)
    if kinds is not None:
        asked = dataclasses.replace(asked, kinds=kinds, kind_now=False)
    sql = _finding_conditions(asked)
    _study_conditions(sql, flt, skip=clause)
    text = (
        f"SELECT DISTINCT f.finding_id {_sources(_FROM_FINDINGS, flt)} "
        f"WHERE {sql.where()} ORDER BY f.finding_id LIMIT ?"
    )
    return CompiledQuery(text, [*sql.params, row_limit])


_NAMED_STUDY_KEYS = {"accession": "accession", "study_uid": "study_uid"}


def patients_of_named_studies(key: str, names: tuple[str, ...]) -> tuple[str, list[Any]]:
    """How many patients the studies named by ``key`` (accession or study UID) belong to: the
    statement and its parameters (a span over named studies, :mod:`query.intervals`)."""
    column = _NAMED_STUDY_KEYS[key]
    marks = ", ".join("?" for _ in names)
    sql = f"SELECT count(DISTINCT patient_id) FROM studies WHERE {column} IN ({marks})"  # noqa: S608
    return sql, list(names)


def needs_track_facts(query: TypedQuery) -> bool:
    """Whether the statement reads :data:`query.tracks.TRACK_FACTS` (growth, new nodules, ...)."""
    vdt = query.aggregate is not None and query.aggregate.field == "vdt_days"
    return vdt or any(_over_time(c) for c in query.filter.findings)


_STATISTICS = {"mean": "avg", "median": "median", "max": "max", "min": "min"}
# The answer's column for each statistic (the longest / shortest interval: "maximum" / "minimum")
_COLUMNS = {"mean": "average", "median": "median", "max": "maximum", "min": "minimum"}
# Days in a month and a year: the Gregorian calendar's means, for intervals asked in months
# or years ("time between first and latest CT in months").
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}


def _mean_select(query: TypedQuery, aggregate: Aggregate) -> CompiledQuery:
    """One row: the mean (median) of a finding measurement over the question's findings, of
    the patients' ages, of the spans between each patient's first and latest study or of the
    gaps between consecutive studies; and how many values it is over."""
    statistic = _STATISTICS[aggregate.kind]
    column = _COLUMNS[aggregate.kind]
    field = aggregate.field or "diameter_mm"
    if field in ("age", "span_days"):
        return _per_patient_statistic(query, aggregate, statistic, column, field)
    if field == "study_age":
        return _per_study_age(query, statistic, column)
    if field == "gap_days":
        return _gap_statistic(query, aggregate, statistic, column)
    primary = _primary(query)
    sql = _finding_conditions(primary)
    _study_conditions(sql, query.filter, skip=primary)
    sources = _sources(_FROM_FINDINGS, query.filter)
    if field == "vdt_days":  # only findings with a doubling time (their volume increased)
        value = "tf.vdt_days"
        sources += f" JOIN {TRACK_FACTS} tf ON tf.finding_id = f.finding_id"
    elif field in MEASURE_FIELDS:
        value = f"f.{field}"
    else:
        raise ValueError(f"unknown measurement {field!r}")
    scale: list[object] = []
    if aggregate.measure_unit is not None:  # "in cm": mm / 10; "in cc": mm3 / 1000
        scale = [MEASURE_UNITS[aggregate.measure_unit][0]]
        value = f"({value} / ?)"
    text = (
        f"SELECT {statistic}({value}) AS {column}, count({value}) AS findings "
        f"{sources} WHERE {sql.where()}"
    )
    return CompiledQuery(text, [*scale, *scale, *sql.params])


# One value per patient: the age on the latest study that meets the question, or the days from
# the first to the latest study of the kind asked for (patients with such studies on two dates
# or more; see _spanned).
_PER_PATIENT = {
    "age": (f"arg_max({_AGE}, s.study_date)", ""),
    "span_days": (
        "datediff('day', min(s.study_date), max(s.study_date)) / ?",
        " HAVING max(s.study_date) > min(s.study_date)",
    ),
}


def _per_patient_statistic(
    query: TypedQuery, aggregate: Aggregate, statistic: str, column: str, field: str
) -> CompiledQuery:
    sql = _Sql()
    if field == "span_days":
        _spanned(sql, query.filter)
    else:
        _study_conditions(sql, query.filter)
    value, having = _PER_PATIENT[field]
    divisor = [DAYS_PER[aggregate.time_unit]] if field == "span_days" else []
    text = (
        f"SELECT {statistic}(v.value) AS {column}, count(v.value) AS patients FROM ("  # noqa: S608
        f"SELECT s.patient_id, {value} AS value {_FROM_STUDIES}{_JOIN_PATIENTS} "
        f"WHERE {sql.where()} GROUP BY s.patient_id{having}) v"
    )
    return CompiledQuery(text, [*divisor, *sql.params])


def _per_study_age(query: TypedQuery, statistic: str, column: str) -> CompiledQuery:
    """The patient's age on each study that meets the question, each study once."""
    sql = _Sql()
    _study_conditions(sql, query.filter)
    text = (
        f"SELECT {statistic}(v.value) AS {column}, count(v.value) AS studies FROM ("  # noqa: S608
        f"SELECT {_AGE} AS value {_FROM_STUDIES}{_JOIN_PATIENTS} "
        f"WHERE {sql.where()}) v"
    )
    return CompiledQuery(text, sql.params)


def _gap_statistic(
    query: TypedQuery, aggregate: Aggregate, statistic: str, column: str
) -> CompiledQuery:
    """The days (months, years) between consecutive study dates of each patient, over the
    studies of the kind asked for, each pair once (two studies on one day are one date)."""
    sql = _Sql()
    _spanned(sql, query.filter)
    text = (
        f"SELECT {statistic}(v.value) AS {column}, count(v.value) AS intervals FROM ("  # noqa: S608
        "SELECT datediff('day', lag(d.study_date) OVER (PARTITION BY d.patient_id "
        "ORDER BY d.study_date), d.study_date) / ? AS value FROM (SELECT DISTINCT s.patient_id, "
        f"s.study_date {_FROM_STUDIES}{_JOIN_PATIENTS} WHERE {sql.where()}) d) v"
    )
    return CompiledQuery(text, [DAYS_PER[aggregate.time_unit], *sql.params])


def _spanned(sql: _Sql, flt: StudyFilter) -> None:
    """ "days between the first and latest CT for patients with a mass": the span is over the
    studies of the kind asked for (modality, body part, description, station, dates,
    identifiers); the other conditions (findings, report, Lung-RADS, sex, age, history) say
    which patients, on any of their studies."""
    kind = StudyFilter(
        modalities=flt.modalities,
        body_parts=flt.body_parts,
        descriptions=flt.descriptions,
        stations=flt.stations,
        dates=flt.dates,
        patient_ids=flt.patient_ids,
        accessions=flt.accessions,
        study_uids=flt.study_uids,
    )
    _study_conditions(sql, kind)
    who = dataclasses.replace(
        flt,
        modalities=(),
        body_parts=(),
        descriptions=(),
        stations=(),
        dates=None,
        patient_ids=(),
        accessions=(),
        study_uids=(),
    )
    if who != StudyFilter():
        inner = _Sql()
        _study_conditions(inner, who)
        sql.add(
            f"s.patient_id IN (SELECT s.patient_id {_sources(_FROM_STUDIES, who)} "
            f"WHERE {inner.where()})",
            *inner.params,
        )


def _per_select(query: TypedQuery, aggregate: Aggregate) -> CompiledQuery:
    """One row: how many findings (studies) meet the question, and how many patients (studies)
    meet its population conditions; the average per patient (study) is the first over the
    second, so patients without any count as 0. With the median, the median of the counts of
    each patient (study) of the population instead."""
    per = aggregate.per or "patient"
    among = _Sql()
    flt = _population(query.filter)
    if per == "study" and query.count_of == "finding":
        # "avg nodule count on ldcts negative for emphysema": the findings are counted on the
        # studies whose report (category) meets it, so those studies are the ones averaged over
        # (each study's own conditions, not its findings'); part 36, had been every ldct
        flt = dataclasses.replace(
            flt, concepts=query.filter.concepts, lung_rads=query.filter.lung_rads
        )
    _study_conditions(among, flt)
    if query.count_of == "finding":
        primary = _primary(query)
        matching = _finding_conditions(primary)
        _study_conditions(matching, query.filter, skip=primary)
        base = _FROM_FINDINGS
    else:
        matching = _Sql()
        _study_conditions(matching, query.filter)
        base = _FROM_STUDIES
    key = "s.patient_id" if per == "patient" else "s.study_uid"
    population = _sources(_FROM_STUDIES, query.filter)
    if aggregate.statistic == "median":
        text = (
            f"SELECT median(coalesce(m.n, 0)) AS median, count(*) AS {per}s FROM ("  # noqa: S608
            f"SELECT DISTINCT {key} AS k {population} WHERE {among.where()}) pop LEFT JOIN ("
            f"SELECT {key} AS k, count(*) AS n {_sources(base, query.filter)} "
            f"WHERE {matching.where()} GROUP BY 1) m ON m.k = pop.k"
        )
        return CompiledQuery(text, [*among.params, *matching.params])
    text = (
        f"SELECT (SELECT count(*) {_sources(base, query.filter)} WHERE {matching.where()}) "
        f"AS matching, count(DISTINCT {key}) AS total {population} WHERE {among.where()}"
    )
    return CompiledQuery(text, [*matching.params, *among.params])


def _population(flt: StudyFilter, said: bool = False) -> StudyFilter:
    """The conditions that say who is counted ("women", "screening CTs in 2024"), without the
    ones a percentage is of (findings, report concepts, Lung-RADS, the patient's history, a
    later scan, a gap, a change of category, being overdue, and what the question says the
    counted ones were: :attr:`StudyFilter.share`). With ``said``, when the question says what
    the share is (:attr:`StudyFilter.share`), the findings, report concepts and category left
    outside it were written before it and say who is counted ("what percentage of patients
    with nodules are women")."""
    kept_too = (
        {"findings": flt.findings, "concepts": flt.concepts, "lung_rads": flt.lung_rads}
        if said and flt.share is not None
        else {}
    )
    return dataclasses.replace(_counted(flt), **kept_too)  # type: ignore[arg-type]


def _counted(flt: StudyFilter) -> StudyFilter:
    """:func:`_population` without the conditions of the share. A patient's number of studies
    says who is counted ("% of patients with 3 or more studies that have a nodule"), unless it
    is the only condition, when it is the share ("what % of patients have exactly three
    studies": it had been the population too, 100 %, silently; part 47)."""
    patient = flt.patient
    kept = (
        PatientFilter(studies=patient.studies, studies_scope=patient.studies_scope)
        if patient is not None and patient.studies is not None and _share_beside_studies(flt)
        else None
    )
    return dataclasses.replace(
        flt,
        findings=(),
        concepts=(),
        lung_rads=(),
        patient=kept,
        followed_within=None,
        gap_before=None,
        followed_for=None,
        lung_rads_change=None,
        overdue=None,
        any_of=(),
        share=None,
    )


def _share_beside_studies(flt: StudyFilter) -> bool:
    """Does the filter ask for anything a share may be of besides a patient's number of
    studies?"""
    patient = flt.patient
    history = patient is not None and bool(
        patient.has or patient.never or patient.highest_lung_rads or patient.every
    )
    return history or any(
        (
            flt.findings,
            flt.concepts,
            flt.lung_rads,
            flt.followed_within,
            flt.gap_before,
            flt.followed_for,
            flt.lung_rads_change,
            flt.overdue,
            flt.any_of,
            flt.share,
        )
    )


def _percent_select(query: TypedQuery) -> CompiledQuery:
    """One row: how many patients (studies, findings) meet every condition, and how many meet
    the population's conditions alone; the percentage is computed from the two."""
    unit = query.count_of or "study"
    matching, among = _Sql(), _Sql()
    if unit == "finding":
        primary = _primary(query)
        matching = _finding_conditions(primary)
        _study_conditions(matching, query.filter, skip=primary)
        share = query.filter.share.findings if query.filter.share is not None else ()
        # "% of nodules >= 24 mm that are spiculated": of the nodules of 24 mm or more (part 36)
        counted = finding_population(primary, share[0]) if share else None
        among = _finding_conditions(counted or FindingClause(kinds=primary.kinds))
        _study_conditions(among, _population(query.filter))
        key, base = "f.finding_id", _FROM_FINDINGS
    else:
        _study_conditions(matching, query.filter)
        _study_conditions(among, _population(query.filter, said=True))
        key = "s.patient_id" if unit == "patient" else "s.study_uid"
        base = _FROM_STUDIES
    text = (
        f"SELECT count(DISTINCT {key}) FILTER (WHERE {matching.where()}) AS matching, "
        f"count(DISTINCT {key}) AS total {_sources(base, query.filter)} WHERE {among.where()}"
    )
    return CompiledQuery(text, [*matching.params, *among.params])


def compile_query(query: TypedQuery, row_limit: int = 10_000) -> CompiledQuery:
    """The statement listing at most ``row_limit`` rows of the answer at the query's unit.

    Except for top-N questions, each row also carries ``total_rows``: how many rows match in all.
    An average, a median or a percentage is one row (``average`` or ``median`` with
    ``findings`` or ``patients``; ``matching, total`` for a percentage or a per-patient
    average).
    """
    if query.model_version is not None:  # one model version's analyses only (query/versions.py)
        scope, scope_params = version_scope(query.model_version)
        inner = compile_query(dataclasses.replace(query, model_version=None), row_limit)
        return CompiledQuery(scope + inner.sql, [*scope_params, *inner.params])
    if query.aggregate is not None and query.aggregate.kind in _STATISTICS:
        return _mean_select(query, query.aggregate)
    if query.aggregate is not None and query.aggregate.kind == "per":
        return _per_select(query, query.aggregate)
    if query.aggregate is not None:
        return _percent_select(query)
    unit = query.count_of if query.unit == "count" else query.unit
    if query.group_by is not None:
        return _grouped_select(query, row_limit)
    if query.top is not None and query.top.of_patients:
        return _patient_select(query, row_limit)
    if unit == "finding" or (query.top is not None and query.top.field in MEASURE_FIELDS):
        return _finding_select(query, row_limit)
    if unit == "patient":
        return _patient_select(query, row_limit)
    return _study_select(query, row_limit)
