"""De-identified research exports (admin): ``POST /exports`` writes one into a folder on the box.

The cohort is a question (answered by the shared query engine) or a list of Study Instance
UIDs; the export itself is :func:`appliance.export.exporter.export_cohort`, run in a worker
thread. Admin only, and audited (``export.create``) besides the export's own record.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import JSONBody

from appliance.api.auth import principal_of, requires
from appliance.api.routes.query import EngineHolder
from appliance.export.cohort import studies_of_answer
from appliance.export.exporter import export_cohort
from appliance.service import Service

__all__ = ["ExportRequest", "ExportResult", "RefusedObject", "create_export"]


@dataclasses.dataclass(frozen=True)
class ExportRequest:
    out: str
    """The folder on the appliance to write into (new or empty)."""
    question: str | None = None
    """The cohort as a question; give this or ``studies``."""
    studies: list[str] | None = None
    """The cohort as Study Instance UIDs; give this or ``question``."""
    as_of: date | None = None
    """Date that relative phrases in the question count from; today when absent."""


@dataclasses.dataclass(frozen=True)
class RefusedObject:
    """An object the export did not write, and why (burned-in text, or unreadable)."""

    path: str
    reason: str


@dataclasses.dataclass(frozen=True)
class ExportResult:
    """What one export wrote (:meth:`appliance.export.exporter.ExportReport.to_json`)."""

    name: str
    out_dir: str
    studies: int
    files: int
    findings: int
    refused: list[RefusedObject]
    size_bytes: int
    seconds: float
    map_path: str
    """Where the map from the new identifiers to the real ones is kept (on the appliance)."""


@post(
    "/exports",
    guards=[requires("admin")],
    opt={"audit": "export.create"},
    sync_to_thread=True,
    status_code=201,
)
def create_export(
    service: NamedDependency[Service],
    query_engine: NamedDependency[EngineHolder],
    data: JSONBody[ExportRequest],
    request: Request[Any, Any, Any],
) -> ExportResult:
    """Export the cohort de-identified; return what was written and where the map is kept."""
    if bool(data.question) == bool(data.studies):
        raise ValidationException(detail="give either a question or a list of studies")
    if data.question:
        answer = query_engine.engine().answer(data.question, data.as_of or date.today())
        studies = studies_of_answer(answer)
    else:
        studies = list(data.studies or [])
    who = principal_of(request)
    report = export_cohort(
        service.db,
        service.layout,
        studies,
        data.out,
        requested_by=who.name if who else "unknown",
        role=who.role if who else None,
        question=data.question,
    )
    written = report.to_json()
    return ExportResult(**{**written, "refused": [RefusedObject(**r) for r in report.refused]})
