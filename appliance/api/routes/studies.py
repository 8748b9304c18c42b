"""Patient data: studies, series and findings with filters and paging, a study's detail, the
live feed of arriving series, and the slice preview of a finding.

Everything here is audited (``opt={"audit": ...}``). Lists and searches need the clinician role;
the feed, and one study's detail and slice previews, which the technologist at the scanner opens
from the worklist to check what arrived and what was found, need the technologist role.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter

from appliance.api import views
from appliance.api.auth import requires
from appliance.api.paging import FindingPage, SeriesPage, StudyPage
from appliance.api.preview import WINDOWS, Preview, slice_preview
from appliance.api.routes.params import Limit, Offset
from appliance.api.tracks import NoduleHistory, nodule_history
from appliance.catalogue import browse
from appliance.catalogue.browse import FeedSeries, StudyDetail
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
) -> StudyPage:
    """Studies, newest first, filtered by any of the parameters."""
    listed = browse.list_studies(
        service.db,
        limit=limit,
        offset=offset,
        patient_id=patient_id,
        modality=modality,
        priority=priority,
        lung_rads=lung_rads,
        source=source,
        date_from=date_from,
        date_to=date_to,
    )
    return StudyPage(items=listed.rows, total=listed.total, limit=limit, offset=offset)


@get(
    "/studies/{study_uid:str}",
    guards=TECHNOLOGIST,
    opt={"audit": "study.read"},
    sync_to_thread=True,
)
def study(service: NamedDependency[Service], study_uid: FromPath[str]) -> StudyDetail:
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
) -> SeriesPage:
    """Series, most recently received first."""
    listed = browse.list_series(
        service.db,
        limit=limit,
        offset=offset,
        study_uid=study_uid,
        state=series_state,
        modality=modality,
    )
    return SeriesPage(items=listed.rows, total=listed.total, limit=limit, offset=offset)


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
) -> FindingPage:
    """Findings, largest first; ``track_id`` gives one nodule's findings across the patient's
    studies, each with its prior, growth and follow-up category (docs/analysis.md)."""
    listed = browse.list_findings(
        service.db,
        limit=limit,
        offset=offset,
        study_uid=study_uid,
        kind=kind,
        lobe=lobe,
        lung_rads=lung_rads,
        min_diameter_mm=min_diameter_mm,
        source=source,
        track_id=track_id,
    )
    return FindingPage(items=listed.rows, total=listed.total, limit=limit, offset=offset)


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
) -> Preview:
    """The axial slice through the finding's centre, windowed, with its outline (0/1 grid)."""
    return slice_preview(
        service.db, service.layout.root, finding_id, size=size, window=window, field_mm=field_mm
    )


@get(
    "/findings/{finding_id:str}/history",
    guards=TECHNOLOGIST,
    opt={"audit": "finding.history"},
    sync_to_thread=True,
)
def finding_history(service: NamedDependency[Service], finding_id: FromPath[str]) -> NoduleHistory:
    """The nodule's track across the patient's exams, oldest first: date, size, change since
    the prior, volume doubling time, follow-up status, and whether its images are here (the TUI
    draws an earlier exam's slice beside the current one)."""
    return nodule_history(service.db, finding_id)


@get("/feed", guards=[requires("technologist")], opt={"audit": "feed.read"}, sync_to_thread=True)
def feed(service: NamedDependency[Service], limit: Limit = 50) -> list[FeedSeries]:
    """The newest series with their receiving, analysis and sending state."""
    return views.feed(service.db, limit, service.layout.root)
