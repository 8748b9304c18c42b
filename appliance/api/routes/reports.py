"""Report upload: the radiologist's text report for a study (clinician).

The report goes through :func:`reports.store.add_report` (source ``api``): stored in the
catalogue's ``reports`` table, replacing an earlier one for the same study, and split into
sentences and mentions so cohort questions about report text find it at once.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from litestar import post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, JSONBody

from appliance.api.auth import requires
from appliance.catalogue.browse import study_exists
from appliance.service import Service
from reports.store import add_report

__all__ = ["ReportRequest", "StoredReport", "upload_report"]

_TEXT_MAX = 100_000


@dataclasses.dataclass(frozen=True)
class ReportRequest:
    text: str
    """The report's full text."""
    report_date: date | None = None
    """The date the report was signed; today when absent."""


@dataclasses.dataclass(frozen=True)
class StoredReport:
    study_uid: str
    report_date: date
    """The date stored with the report."""
    characters: int
    """The length of the stored text (stripped of surrounding white space)."""


@post(
    "/studies/{study_uid:str}/report",
    guards=[requires("clinician")],
    opt={"audit": "report.write"},
    sync_to_thread=True,
    status_code=201,
)
def upload_report(
    service: NamedDependency[Service], study_uid: FromPath[str], data: JSONBody[ReportRequest]
) -> StoredReport:
    """Store the report for a study the appliance knows."""
    text = data.text.strip()
    if not text or len(text) > _TEXT_MAX:
        raise ValidationException(detail=f"a report must be 1-{_TEXT_MAX} characters of text")
    if not study_exists(service.db, study_uid):
        raise NotFoundException(detail=f"no study {study_uid}")
    when = data.report_date or date.today()
    add_report(service.db, study_uid, text, when, "api")
    return StoredReport(study_uid=study_uid, report_date=when, characters=len(text))
