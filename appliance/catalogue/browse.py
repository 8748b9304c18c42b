"""Reading the patient data the API shows: lists of studies, series and findings with filters
and paging, one study's detail, the feed of arriving series, the worklist's study details, a
finding's position and a nodule's track.

Every read returns frozen rows whose fields are the JSON fields the API serves (and the TUI
reads by name), so the API's OpenAPI schema names them. Filters are keyword arguments: the
clause for each is fixed here and only its value is a parameter; nothing from a request is
pasted into SQL. :class:`StudyRecord`, :class:`SeriesRecord` and :class:`FindingRecord` are
whole table rows (what ``SELECT *`` returned before issue 20); the catalogue tests check their
fields against the tables, so a migration that adds a column fails a test until the row has it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from appliance.catalogue.database import Database
from appliance.catalogue.outbox import pacs_state_by_study
from appliance.catalogue.rows import column_list, fetch

RowT = TypeVar("RowT")

__all__ = [
    "Exam",
    "FeedSeries",
    "FindingPosition",
    "FindingRecord",
    "JobSummary",
    "Listed",
    "ReportText",
    "SeriesRecord",
    "StudyCard",
    "StudyDetail",
    "StudyRecord",
    "TrackHead",
    "feed",
    "finding_position",
    "list_findings",
    "list_series",
    "list_studies",
    "study_cards",
    "study_detail",
    "study_exists",
    "track_exams",
    "track_head",
]


@dataclasses.dataclass(frozen=True)
class StudyRecord:
    """A ``studies`` row with its patient's name and sex."""

    study_uid: str
    patient_id: str
    accession: str | None
    study_date: date | None
    study_time: str | None
    modality: str | None
    body_part: str | None
    description: str | None
    station: str | None
    institution: str | None
    referring_physician: str | None
    patient_age_years: int | None
    source: str
    received_at: datetime | None
    lung_rads: str | None
    priority: str | None
    priority_rank: int | None
    priority_reason: str | None
    analysed_at: datetime | None
    issuer_of_patient_id: str | None
    patient_name: str | None
    sex: str | None


@dataclasses.dataclass(frozen=True)
class SeriesRecord:
    """A whole ``series`` row (receiving writes only its part of it:
    :class:`appliance.catalogue.instances.SeriesRow`)."""

    series_uid: str
    study_uid: str
    modality: str | None
    series_number: int | None
    description: str | None
    body_part: str | None
    station: str | None
    manufacturer: str | None
    manufacturer_model: str | None
    rows: int | None
    columns: int | None
    pixel_spacing_mm: list[float] | None
    slice_thickness_mm: float | None
    expected_instances: int | None
    instance_count: int
    first_received_at: datetime | None
    last_received_at: datetime | None
    state: str
    completed_at: datetime | None
    calling_ae: str | None
    peer_address: str | None
    completion_reason: str | None
    completions: int | None
    protocol_name: str | None
    analysis_mode: str | None
    analysis_limitations: list[str] | None
    lung_box_mm: list[float] | None
    comparison: str | None
    validation_warnings: list[str] | None


@dataclasses.dataclass(frozen=True)
class FindingRecord:
    """A ``findings`` row: the measurements, the category and the comparison with the prior."""

    finding_id: str
    study_uid: str
    series_uid: str | None
    kind: str
    lobe: str | None
    side: str | None
    long_axis_mm: float | None
    short_axis_mm: float | None
    diameter_mm: float | None
    volume_mm3: float | None
    mean_hu: float | None
    attenuation: str | None
    solid_component_mm: float | None
    margin: str | None
    calcified: bool | None
    lung_rads: str | None
    track_id: str | None
    confidence: float | None
    center_mm: list[float] | None
    model_name: str | None
    model_version: str | None
    source: str
    created_at: datetime
    follow_up: str | None
    prior_finding_id: str | None
    prior_study_uid: str | None
    prior_diameter_mm: float | None
    interval_days: int | None
    growth_mm: float | None
    volume_change_pct: float | None
    volume_doubling_days: float | None


@dataclasses.dataclass(frozen=True)
class Listed(Generic[RowT]):
    """One page of a list and how many rows matched in all."""

    rows: list[RowT]
    total: int


@dataclasses.dataclass
class _Filters:
    """``WHERE`` clauses fixed in this module, each with its value as a parameter."""

    clauses: list[str] = dataclasses.field(default_factory=list)
    params: list[Any] = dataclasses.field(default_factory=list)

    def add(self, sql: str, value: object) -> _Filters:
        """Add ``sql`` (with one ``?``) when ``value`` is given."""
        if value is not None:
            self.clauses.append(sql)
            self.params.append(value)
        return self

    def where(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _page(
    db: Database,
    row_type: type[RowT],
    select: str,
    filters: _Filters,
    *,
    order: str,
    limit: int,
    offset: int,
) -> Listed[RowT]:
    """``select`` (fixed here) filtered, ordered and paged, with the count in the same lock."""
    base = select + filters.where()
    with db.connection():
        total = db.execute(f"SELECT count(*) FROM ({base})", filters.params)  # noqa: S608
        rows = db.execute(
            f"{base} ORDER BY {order} LIMIT ? OFFSET ?", [*filters.params, limit, offset]
        )
    return Listed([row_type(*row) for row in rows], int(total[0][0]))


_STUDY_SELECT = (
    f"SELECT {column_list(StudyRecord, 's', skip=('patient_name', 'sex'))}, "  # noqa: S608
    "p.patient_name, p.sex FROM studies s LEFT JOIN patients p USING (patient_id)"
)


def list_studies(
    db: Database,
    *,
    limit: int,
    offset: int,
    patient_id: str | None = None,
    modality: str | None = None,
    priority: str | None = None,
    lung_rads: str | None = None,
    source: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Listed[StudyRecord]:
    """Studies, newest received first, matching every filter given."""
    filters = (
        _Filters()
        .add("s.patient_id = ?", patient_id)
        .add("s.modality = ?", modality)
        .add("s.priority = ?", priority)
        .add("s.lung_rads = ?", lung_rads)
        .add("s.source = ?", source)
        .add("s.study_date >= ?", date_from)
        .add("s.study_date <= ?", date_to)
    )
    order = "coalesce(s.received_at, s.study_date::TIMESTAMP) DESC NULLS LAST, s.study_uid"
    return _page(db, StudyRecord, _STUDY_SELECT, filters, order=order, limit=limit, offset=offset)


def list_series(
    db: Database,
    *,
    limit: int,
    offset: int,
    study_uid: str | None = None,
    state: str | None = None,
    modality: str | None = None,
) -> Listed[SeriesRecord]:
    """Series, most recently received first, matching every filter given."""
    filters = (
        _Filters()
        .add("study_uid = ?", study_uid)
        .add("state = ?", state)
        .add("modality = ?", modality)
    )
    select = f"SELECT {column_list(SeriesRecord)} FROM series"  # noqa: S608
    order = "last_received_at DESC NULLS LAST, series_uid"
    return _page(db, SeriesRecord, select, filters, order=order, limit=limit, offset=offset)


def list_findings(
    db: Database,
    *,
    limit: int,
    offset: int,
    study_uid: str | None = None,
    kind: str | None = None,
    lobe: str | None = None,
    lung_rads: str | None = None,
    min_diameter_mm: float | None = None,
    source: str | None = None,
    track_id: str | None = None,
) -> Listed[FindingRecord]:
    """Findings, largest first, matching every filter given."""
    filters = (
        _Filters()
        .add("study_uid = ?", study_uid)
        .add("kind = ?", kind)
        .add("lobe = ?", lobe)
        .add("lung_rads = ?", lung_rads)
        .add("diameter_mm >= ?", min_diameter_mm)
        .add("source = ?", source)
        .add("track_id = ?", track_id)
    )
    select = f"SELECT {column_list(FindingRecord)} FROM findings"  # noqa: S608
    order = "diameter_mm DESC NULLS LAST, finding_id"
    return _page(db, FindingRecord, select, filters, order=order, limit=limit, offset=offset)


def study_exists(db: Database, study_uid: str) -> bool:
    """Whether the catalogue has the study."""
    return bool(db.execute("SELECT 1 FROM studies WHERE study_uid = ?", [study_uid]))


@dataclasses.dataclass(frozen=True)
class JobSummary:
    """An analysis job of a study (shadow analyses left out)."""

    job_id: int
    kind: str
    series_uid: str | None
    state: str
    attempts: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None


@dataclasses.dataclass(frozen=True)
class ReportText:
    """A study's report."""

    report_date: date | None
    text: str
    source: str
    created_at: datetime


@dataclasses.dataclass(frozen=True)
class StudyDetail:
    """A study with its patient, series, findings (largest first), jobs, report and the state
    of its results in the PACS (``sent_state``: failed, pending or sent; None when none)."""

    study_uid: str
    patient_id: str
    patient_name: str | None
    accession: str | None
    study_date: date | None
    modality: str | None
    body_part: str | None
    description: str | None
    source: str
    received_at: datetime | None
    analysed_at: datetime | None
    lung_rads: str | None
    priority: str | None
    priority_rank: int | None
    priority_reason: str | None
    sex: str | None
    birth_date: date | None
    patient_age_years: int | None
    station: str | None
    institution: str | None
    series: list[SeriesRecord]
    findings: list[FindingRecord]
    jobs: list[JobSummary]
    report: ReportText | None
    sent_state: str | None


_DETAIL_PATIENT = ("patient_name", "sex", "birth_date")
_DETAIL_PARTS = ("series", "findings", "jobs", "report", "sent_state")
_DETAIL_HEAD = (
    f"SELECT {column_list(StudyDetail, 's', skip=_DETAIL_PATIENT + _DETAIL_PARTS)}, "  # noqa: S608
    "p.patient_name, p.sex, p.birth_date FROM studies s LEFT JOIN patients p USING (patient_id) "
    "WHERE s.study_uid = ?"
)


def study_detail(db: Database, study_uid: str) -> StudyDetail | None:
    """The study with everything the study screen shows, or None when it is not here."""
    with db.connection():
        found = db.query_dicts(_DETAIL_HEAD, [study_uid])
        if not found:
            return None
        series = fetch(
            db,
            SeriesRecord,
            f"SELECT {column_list(SeriesRecord)} FROM series WHERE study_uid = ? "  # noqa: S608
            "ORDER BY series_number NULLS LAST, series_uid",
            [study_uid],
        )
        findings = fetch(
            db,
            FindingRecord,
            f"SELECT {column_list(FindingRecord)} FROM findings WHERE study_uid = ? "  # noqa: S608
            "ORDER BY diameter_mm DESC NULLS LAST",
            [study_uid],
        )
        jobs = fetch(
            db,
            JobSummary,
            f"SELECT {column_list(JobSummary)} FROM jobs "  # noqa: S608
            "WHERE study_uid = ? AND kind <> 'shadow_analysis' ORDER BY job_id",
            [study_uid],
        )
        report = fetch(
            db,
            ReportText,
            f"SELECT {column_list(ReportText)} FROM reports WHERE study_uid = ?",  # noqa: S608
            [study_uid],
        )
        sent = pacs_state_by_study(db, [study_uid]).get(study_uid)
    return StudyDetail(
        **found[0],
        series=series,
        findings=findings,
        jobs=jobs,
        report=report[0] if report else None,
        sent_state=sent,
    )


@dataclasses.dataclass(frozen=True)
class FeedSeries:
    """A series as the feed shows it: receiving, completion, its latest analysis and the PACS
    state of its study's results."""

    series_uid: str
    study_uid: str
    patient_id: str
    modality: str | None
    series_number: int | None
    description: str | None
    instance_count: int
    expected_instances: int | None
    state: str
    calling_ae: str | None
    first_received_at: datetime | None
    last_received_at: datetime | None
    completed_at: datetime | None
    lung_rads: str | None
    priority: str | None
    analysis_state: str | None
    analysis_error: str | None
    analysis_attempts: int | None
    sent_state: str | None


_FEED = (
    "SELECT se.series_uid, se.study_uid, st.patient_id, se.modality, se.series_number, "
    "se.description, se.instance_count, se.expected_instances, se.state, se.calling_ae, "
    "se.first_received_at, se.last_received_at, se.completed_at, st.lung_rads, st.priority, "
    "j.state AS analysis_state, j.error AS analysis_error, j.attempts AS analysis_attempts "
    "FROM series se JOIN studies st USING (study_uid) "
    "LEFT JOIN (SELECT series_uid, state, error, attempts FROM jobs "
    "  WHERE kind = 'analyse_series' "
    "  QUALIFY row_number() OVER (PARTITION BY series_uid ORDER BY job_id DESC) = 1) j "
    "USING (series_uid) "
    "ORDER BY coalesce(se.last_received_at, se.first_received_at) DESC NULLS LAST LIMIT ?"
)


def feed(db: Database, limit: int) -> list[FeedSeries]:
    """The newest ``limit`` series first (by their last image)."""
    with db.connection():
        rows = db.execute(_FEED, [limit])
        sent = pacs_state_by_study(db, sorted({str(row[1]) for row in rows}))
    return [FeedSeries(*[*row, sent.get(str(row[1]))]) for row in rows]


@dataclasses.dataclass(frozen=True)
class StudyCard:
    """What the worklist shows beside a study's priority: who, what, and how many findings."""

    study_uid: str
    patient_name: str | None
    description: str | None
    accession: str | None
    study_date: date | None
    findings: int


def study_cards(db: Database, study_uids: Sequence[str]) -> dict[str, StudyCard]:
    """The cards of the studies asked for that are in the catalogue, by study UID."""
    if not study_uids:
        return {}
    rows = fetch(
        db,
        StudyCard,
        "SELECT s.study_uid, p.patient_name, s.description, s.accession, s.study_date, "
        "(SELECT count(*) FROM findings f WHERE f.study_uid = s.study_uid) AS findings "
        "FROM studies s LEFT JOIN patients p USING (patient_id) "
        "WHERE s.study_uid IN (SELECT unnest(?))",
        [list(study_uids)],
    )
    return {card.study_uid: card for card in rows}


@dataclasses.dataclass(frozen=True)
class FindingPosition:
    """Where a finding is: its series, centre (patient coordinates, mm) and diameter."""

    finding_id: str
    series_uid: str | None
    center_mm: list[float] | None
    diameter_mm: float | None


def finding_position(db: Database, finding_id: str) -> FindingPosition | None:
    """The finding's series, centre and diameter, or None when there is no such finding."""
    rows = fetch(
        db,
        FindingPosition,
        "SELECT finding_id, series_uid, center_mm, diameter_mm FROM findings WHERE finding_id = ?",
        [finding_id],
    )
    return rows[0] if rows else None


@dataclasses.dataclass(frozen=True)
class TrackHead:
    """A finding's track and its patient (a track is followed within one patient)."""

    track_id: str | None
    patient_id: str


@dataclasses.dataclass(frozen=True)
class Exam:
    """One finding of a track in its exam: the study's date and source, the size, the change
    since the prior, the follow-up, and whether the exam's images are in the store."""

    finding_id: str
    study_uid: str
    series_uid: str | None
    study_date: date | None
    study_source: str
    source: str
    kind: str
    lobe: str | None
    attenuation: str | None
    diameter_mm: float | None
    volume_mm3: float | None
    lung_rads: str | None
    follow_up: str | None
    prior_finding_id: str | None
    prior_diameter_mm: float | None
    interval_days: int | None
    growth_mm: float | None
    volume_change_pct: float | None
    volume_doubling_days: float | None
    has_images: bool


_EXAM_COLUMNS = (
    "f.finding_id, f.study_uid, f.series_uid, s.study_date, s.source AS study_source, "
    "f.source, f.kind, f.lobe, f.attenuation, f.diameter_mm, f.volume_mm3, f.lung_rads, "
    "f.follow_up, f.prior_finding_id, f.prior_diameter_mm, f.interval_days, f.growth_mm, "
    "f.volume_change_pct, f.volume_doubling_days, "
    "EXISTS (SELECT 1 FROM instances i WHERE i.series_uid = f.series_uid) AS has_images"
)


def track_head(db: Database, finding_id: str) -> TrackHead | None:
    """The finding's track and patient, or None when there is no such finding."""
    rows = fetch(
        db,
        TrackHead,
        "SELECT f.track_id, s.patient_id FROM findings f JOIN studies s USING (study_uid) "
        "WHERE f.finding_id = ?",
        [finding_id],
    )
    return rows[0] if rows else None


def track_exams(db: Database, finding_id: str, head: TrackHead) -> list[Exam]:
    """The findings of ``head``'s track for its patient, oldest exam first; only the finding
    itself when it has no track."""
    if head.track_id is None:
        condition, values = "f.finding_id = ?", [finding_id]
    else:
        condition, values = "f.track_id = ? AND s.patient_id = ?", [head.track_id, head.patient_id]
    return fetch(
        db,
        Exam,
        f"SELECT {_EXAM_COLUMNS} FROM findings f JOIN studies s USING (study_uid) "  # noqa: S608
        f"WHERE {condition} ORDER BY s.study_date NULLS LAST, f.finding_id",
        values,
    )
