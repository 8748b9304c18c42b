"""The API's answers as the TUI reads them: frozen dataclasses, one per response model.

The API's own models live beside the web framework and the catalogue's database code
(:mod:`appliance.api`, :mod:`appliance.catalogue.browse`), which the TUI may not import (the
import-linter layers in pyproject.toml), so the TUI declares them again here, with the same
names, fields and types as the API's (the names are also the OpenAPI schema's). A test
(tests/appliance/tui/test_tui_responses.py) compares each with its API model, so the two cannot
drift apart: a field renamed in the catalogue fails that test, and once renamed here, every
screen that still reads the old name fails type checking. :mod:`appliance.tui.decode` builds
them from the JSON in the client, which is the only place the TUI handles JSON by key.

A cohort answer's rows (:attr:`QueryAnswer.rows`) stay free-form, as in the API's model: their
columns depend on the question. A series of a shadow version's agreement
(:class:`SeriesAgreement`) is compared with real JSON, not field types (the API's holds a
tuple). The system overview (``/api/v1/system``) and the model list (``/api/v1/models``) are not
copied here: their models live in :mod:`appliance.health.views`, which the TUI may import, so
the client decodes into those very types and nothing can drift.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

__all__ = [
    "CategoryChange",
    "DiameterDifference",
    "EarlierVersion",
    "Exam",
    "FeedSeries",
    "FindingRecord",
    "JobSummary",
    "Liveness",
    "ModelVersion",
    "ModelVersions",
    "NoduleHistory",
    "Preview",
    "QueryAnswer",
    "ReportText",
    "SecondsPerSeries",
    "SeriesAgreement",
    "SeriesRecord",
    "ShadowAgreement",
    "StudyDetail",
    "Worklist",
    "WorklistItem",
]


@dataclasses.dataclass(frozen=True)
class Liveness:
    """``GET /api/v1/health``: the process answers (``status`` is ``ok``), and its version."""

    status: str
    version: str


@dataclasses.dataclass(frozen=True)
class FeedSeries:
    """A series in the feed (``GET /api/v1/feed``), newest first, with its receiving, analysis
    and sending state."""

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


@dataclasses.dataclass(frozen=True)
class WorklistItem:
    """A study on the worklist: triage's priority and reason, and whether waiting past the age
    cap raised it (``aged``: ``effective_priority`` is then one level above ``priority``)."""

    study_uid: str
    patient_id: str
    priority: str
    effective_priority: str
    reason: str
    lung_rads: str | None
    waited_h: float
    received_at: datetime | None
    analysed_at: datetime | None
    patient_name: str | None
    description: str | None
    accession: str | None
    study_date: date | None
    findings: int
    aged: bool


@dataclasses.dataclass(frozen=True)
class Worklist:
    """``GET /api/v1/worklist``: the studies in reading order."""

    items: list[WorklistItem]
    age_cap_h: float
    as_of: datetime


@dataclasses.dataclass(frozen=True)
class SeriesRecord:
    """A series of a study, with how it was analysed and what limits that analysis."""

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
    """A finding of a study: size, character, Lung-RADS, and the change since its prior."""

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
class JobSummary:
    """An analysis job of a study."""

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
    """``GET /api/v1/studies/{uid}``: a study with its patient, series, findings (largest
    first), jobs, report and the state of its results in the PACS."""

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


@dataclasses.dataclass(frozen=True)
class Exam:
    """One exam of a nodule's track: the study's date and source, the size, the change since
    the prior, the follow-up, and whether the exam's images are in the store (a prior read from
    a PACS SR has none)."""

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


@dataclasses.dataclass(frozen=True)
class NoduleHistory:
    """``GET /api/v1/findings/{id}/history``: the finding's track, its exams oldest first."""

    finding_id: str
    track_id: str | None
    patient_id: str
    exams: list[Exam]


@dataclasses.dataclass(frozen=True)
class Preview:
    """``GET /api/v1/findings/{id}/preview``: a windowed slice through the finding and its
    outline on the same grid (grey levels 0-255; outline 0/1)."""

    finding_id: str
    sop_instance_uid: str
    slice_position_mm: float
    pixel_mm: float
    window: str
    pixels: list[list[int]]
    outline: list[list[int]]


@dataclasses.dataclass(frozen=True)
class QueryAnswer:
    """``POST /api/v1/query``: the engine's reading of a cohort question and what matched.

    ``rows`` are objects whose keys depend on the question (a study's, a finding's or a
    patient's columns; ``matching, total, percent`` for a percentage); a row that names a study
    has its ``study_uid``. ``value`` is the number an average or a percentage answers with."""

    question: str
    as_of: date
    interpretation: str
    sql: str
    params: list[object]
    unit: str
    count: int
    rows: list[dict[str, object]]
    truncated: bool
    ignored: list[str]
    warnings: list[str]
    alternatives: list[str]
    value: float | None
    elapsed_ms: float


@dataclasses.dataclass(frozen=True)
class EarlierVersion:
    """A version that was live before, newest last in :attr:`ModelVersion.history`."""

    version: str
    until: str = ""
    """When it stopped being live (ISO 8601, UTC); empty in a pointer written without it."""
    by: str = ""
    """Who switched away from it."""


@dataclasses.dataclass(frozen=True)
class ModelVersion:
    """One model's installed versions, the live one, those run in shadow, and the earlier live
    versions a rollback returns to."""

    name: str
    live: str
    shadow: list[str]
    installed: list[str]
    history: list[EarlierVersion]
    changed_at: str | None
    changed_by: str | None


@dataclasses.dataclass(frozen=True)
class ModelVersions:
    """``GET /api/v1/models/versions``."""

    models: list[ModelVersion]


@dataclasses.dataclass(frozen=True)
class DiameterDifference:
    """Shadow minus live over the matched findings, in mm (None when none matched)."""

    mean: float | None
    median_abs: float | None


@dataclasses.dataclass(frozen=True)
class SecondsPerSeries:
    live: float | None
    shadow: float | None


@dataclasses.dataclass(frozen=True)
class CategoryChange:
    """A series whose Lung-RADS category or priority differs between the versions."""

    study_uid: str
    series_uid: str
    live: str | None
    shadow: str | None


@dataclasses.dataclass(frozen=True)
class SeriesAgreement:
    """One series both versions analysed."""

    series_uid: str
    study_uid: str
    live_findings: int
    shadow_findings: int
    matched: int
    diameter_differences_mm: list[float]
    live_lung_rads: str | None
    shadow_lung_rads: str | None
    live_priority: str
    shadow_priority: str
    live_s: float | None
    shadow_s: float | None


@dataclasses.dataclass(frozen=True)
class ShadowAgreement:
    """``GET /api/v1/models/compare``: how a shadow version's answers differ from the live
    one's over the series both analysed (``scanside models compare``)."""

    model: str
    live: str
    shadow: str
    series: int
    findings_live: int
    findings_shadow: int
    matched: int
    only_live: int
    only_shadow: int
    diameter_difference_mm: DiameterDifference
    lung_rads_changed: list[CategoryChange]
    priority_changed: list[CategoryChange]
    seconds_per_series: SecondsPerSeries
    per_series: list[SeriesAgreement]
