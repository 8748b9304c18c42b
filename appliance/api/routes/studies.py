"""Patient data: studies, series and findings with filters and paging, a study's detail, the
live feed of arriving series, and the slice preview of a finding.

Everything here is audited (``opt={"audit": ...}``). Lists and searches need the clinician role;
the feed, and one study's detail and slice previews, which the technologist at the scanner opens
from the worklist to check what arrived and what was found, need the technologist role.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter

from appliance.api import views
from appliance.api.auth import requires
from appliance.api.paging import Filters, Page, page
from appliance.api.preview import WINDOWS, slice_preview
from appliance.api.routes.params import Limit, Offset
from appliance.api.tracks import nodule_history
from appliance.service import Service

__all__ = [
    "feed",
    "finding_history",
    "finding_preview",
    "list_findings",
    "list_series",
    "list_studies",
    "study",
]

Priority = Literal["urgent", "high", "routine", "low"]
LungRads = Literal["1", "2", "3", "4A", "4B", "4X"]

CLINICIAN = [requires("clinician")]
TECHNOLOGIST = [requires("technologist")]


@get("/studies", guards=CLINICIAN, opt={"audit": "studies.list"}, sync_to_thread=True)
def list_studies(
    *,
    service: NamedDependency[Service],
    limit: Limit = 50,
    offset: Offset = 0,
    patient_id: FromQuery[str | None] = None,
    modality: FromQuery[str | None] = None,
    priority: FromQuery[Priority | None] = None,
    lung_rads: FromQuery[LungRads | None] = None,
    source: FromQuery[Literal["dicom", "import"] | None] = None,
    date_from: Annotated[date | None, QueryParameter(description="study date on or after")] = None,
    date_to: Annotated[date | None, QueryParameter(description="study date on or before")] = None,
) -> Page:
    """Studies, newest first, filtered by any of the parameters."""
    filters = (
        Filters()
        .add("s.patient_id = ?", patient_id)
        .add("s.modality = ?", modality)
        .add("s.priority = ?", priority)
        .add("s.lung_rads = ?", lung_rads)
        .add("s.source = ?", source)
        .add("s.study_date >= ?", date_from)
        .add("s.study_date <= ?", date_to)
    )
    select = (
        "SELECT s.*, p.patient_name, p.sex FROM studies s LEFT JOIN patients p USING (patient_id)"
    )
    order = "coalesce(s.received_at, s.study_date::TIMESTAMP) DESC NULLS LAST, s.study_uid"
    return page(service.db, select, filters, order=order, limit=limit, offset=offset)


@get(
    "/studies/{study_uid:str}",
    guards=TECHNOLOGIST,
    opt={"audit": "study.read"},
    sync_to_thread=True,
)
def study(service: NamedDependency[Service], study_uid: FromPath[str]) -> dict[str, Any]:
    """A study with its patient, series, findings (with measurements), jobs and report."""
    found = views.study_detail(service.db, study_uid)
    if found is None:
        raise NotFoundException(detail=f"no study {study_uid}")
    return found


@get("/series", guards=CLINICIAN, opt={"audit": "series.list"}, sync_to_thread=True)
def list_series(
    *,
    service: NamedDependency[Service],
    limit: Limit = 50,
    offset: Offset = 0,
    study_uid: FromQuery[str | None] = None,
    series_state: Annotated[
        Literal["receiving", "complete"] | None, QueryParameter(name="state")
    ] = None,
    modality: FromQuery[str | None] = None,
) -> Page:
    """Series, most recently received first."""
    filters = (
        Filters()
        .add("study_uid = ?", study_uid)
        .add("state = ?", series_state)
        .add("modality = ?", modality)
    )
    order = "last_received_at DESC NULLS LAST, series_uid"
    return page(
        service.db, "SELECT * FROM series", filters, order=order, limit=limit, offset=offset
    )


@get("/findings", guards=CLINICIAN, opt={"audit": "findings.list"}, sync_to_thread=True)
def list_findings(
    *,
    service: NamedDependency[Service],
    limit: Limit = 50,
    offset: Offset = 0,
    study_uid: FromQuery[str | None] = None,
    kind: FromQuery[str | None] = None,
    lobe: FromQuery[Literal["RUL", "RML", "RLL", "LUL", "LLL"] | None] = None,
    lung_rads: FromQuery[LungRads | None] = None,
    min_diameter_mm: Annotated[float | None, QueryParameter(ge=0)] = None,
    source: FromQuery[Literal["analysis", "import"] | None] = None,
    track_id: FromQuery[str | None] = None,
) -> Page:
    """Findings, largest first; ``track_id`` gives one nodule's findings across the patient's
    studies, each with its prior, growth and follow-up category (docs/analysis.md)."""
    filters = (
        Filters()
        .add("study_uid = ?", study_uid)
        .add("kind = ?", kind)
        .add("lobe = ?", lobe)
        .add("lung_rads = ?", lung_rads)
        .add("diameter_mm >= ?", min_diameter_mm)
        .add("source = ?", source)
        .add("track_id = ?", track_id)
    )
    order = "diameter_mm DESC NULLS LAST, finding_id"
    return page(
        service.db, "SELECT * FROM findings", filters, order=order, limit=limit, offset=offset
    )


@get(
    "/findings/{finding_id:str}/preview",
    guards=TECHNOLOGIST,
    opt={"audit": "finding.preview"},
    sync_to_thread=True,
)
def finding_preview(
    service: NamedDependency[Service],
    finding_id: FromPath[str],
    size: Annotated[int, QueryParameter(ge=8, le=128)] = 48,
    window: Annotated[str, QueryParameter(description=f"one of {', '.join(WINDOWS)}")] = "lung",
    field_mm: Annotated[
        float | None,
        QueryParameter(ge=10, le=500, description="width shown in mm (default: six diameters)"),
    ] = None,
) -> dict[str, Any]:
    """The axial slice through the finding's centre, windowed, with its outline (0/1 grid)."""
    preview = slice_preview(
        service.db, service.layout.root, finding_id, size=size, window=window, field_mm=field_mm
    )
    return preview.to_json()


@get(
    "/findings/{finding_id:str}/history",
    guards=TECHNOLOGIST,
    opt={"audit": "finding.history"},
    sync_to_thread=True,
)
def finding_history(service: NamedDependency[Service], finding_id: FromPath[str]) -> dict[str, Any]:
    """The nodule's track across the patient's exams, oldest first: date, size, change since
    the prior, volume doubling time, follow-up status, and whether its images are here (the TUI
    draws an earlier exam's slice beside the current one)."""
    return nodule_history(service.db, finding_id)


@get("/feed", guards=[requires("technologist")], opt={"audit": "feed.read"}, sync_to_thread=True)
def feed(service: NamedDependency[Service], limit: Limit = 50) -> list[dict[str, Any]]:
    """The newest series with their receiving, analysis and sending state."""
    return views.feed(service.db, limit, service.layout.root)
