"""Report upload: the radiologist's text report for a study (clinician).

The report is stored in the catalogue's ``reports`` table (source ``api``), replacing an earlier
one for the same study. SEAM: when the ``query`` package's ``reports.add_report`` is merged, the
lead routes the upload through it so the text is also parsed for the cohort queries.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from litestar import post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, JSONBody

from appliance.api.auth import requires
from appliance.catalogue.database import Database
from appliance.service import Service

__all__ = ["ReportRequest", "store_report", "upload_report"]

_TEXT_MAX = 100_000


@dataclasses.dataclass(frozen=True)
class ReportRequest:
    text: str
    """The report's full text."""
    report_date: date | None = None
    """The date the report was signed; today when absent."""


def store_report(db: Database, study_uid: str, text: str, report_date: date) -> None:
    with db.transaction() as con:
        con.execute("DELETE FROM reports WHERE study_uid = ?", [study_uid])
        con.execute(
            "INSERT INTO reports (study_uid, report_date, text, source) VALUES (?, ?, ?, 'api')",
            [study_uid, report_date, text],
        )


@post(
    "/studies/{study_uid:str}/report",
    guards=[requires("clinician")],
    opt={"audit": "report.write"},
    sync_to_thread=True,
    status_code=201,
)
def upload_report(
    service: NamedDependency[Service], study_uid: FromPath[str], data: JSONBody[ReportRequest]
) -> dict[str, object]:
    """Store the report for a study the appliance knows."""
    text = data.text.strip()
    if not text or len(text) > _TEXT_MAX:
        raise ValidationException(detail=f"a report must be 1-{_TEXT_MAX} characters of text")
    if not service.db.execute("SELECT 1 FROM studies WHERE study_uid = ?", [study_uid]):
        raise NotFoundException(detail=f"no study {study_uid}")
    when = data.report_date or date.today()
    store_report(service.db, study_uid, text, when)
    return {"study_uid": study_uid, "report_date": when, "characters": len(text)}
