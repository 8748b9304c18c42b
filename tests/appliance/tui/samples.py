"""Typed API answers for the TUI's pure tests: every field empty unless the test names it.

The screens' helpers take the TUI's response types (appliance/tui/responses.py), not JSON, so a
test builds one with only the fields it is about: ``exam("A", prior_finding_id="C")``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from appliance.tui.responses import (
    Exam,
    FindingRecord,
    QueryAnswer,
    SeriesRecord,
    StudyDetail,
    Worklist,
    WorklistItem,
)

CREATED = datetime(2026, 12, 5, 10, 0)


def exam(finding_id: str, **values: Any) -> Exam:
    fields: dict[str, Any] = dict.fromkeys(Exam.__dataclass_fields__)
    fields.update(
        finding_id=finding_id, study_uid="S", study_source="dicom", source="analysis",
        kind="nodule", has_images=True,
    )  # fmt: skip
    return Exam(**{**fields, **values})


def finding(finding_id: str = "F1", **values: Any) -> FindingRecord:
    fields: dict[str, Any] = dict.fromkeys(FindingRecord.__dataclass_fields__)
    fields.update(
        finding_id=finding_id, study_uid="S", kind="nodule", source="analysis", created_at=CREATED
    )
    return FindingRecord(**{**fields, **values})


def series(series_uid: str = "1.2.3.1", **values: Any) -> SeriesRecord:
    fields: dict[str, Any] = dict.fromkeys(SeriesRecord.__dataclass_fields__)
    fields.update(series_uid=series_uid, study_uid="S", instance_count=0, state="complete")
    return SeriesRecord(**{**fields, **values})


def study(**values: Any) -> StudyDetail:
    fields: dict[str, Any] = dict.fromkeys(StudyDetail.__dataclass_fields__)
    fields.update(study_uid="S", patient_id="P1", source="dicom", series=[], findings=[], jobs=[])
    return StudyDetail(**{**fields, **values})


def worklist(*study_uids: str, as_of: datetime = CREATED) -> Worklist:
    """A worklist of these studies, each routine, waiting an hour."""
    items = [
        WorklistItem(
            study_uid=uid,
            patient_id="P1",
            priority="routine",
            effective_priority="routine",
            reason="no finding",
            lung_rads=None,
            waited_h=1.0,
            received_at=None,
            analysed_at=None,
            patient_name=None,
            description=None,
            accession=None,
            study_date=None,
            findings=0,
            aged=False,
        )
        for uid in study_uids
    ]
    return Worklist(items=items, age_cap_h=24.0, as_of=as_of)


def answer(interpretation: str, **values: Any) -> QueryAnswer:
    """A cohort answer read as ``interpretation``: no rows, no warnings, unless given."""
    fields: dict[str, Any] = {
        "question": interpretation, "as_of": date(2026, 12, 5), "interpretation": interpretation,
        "sql": "SELECT 1", "params": [], "unit": "study", "count": 0, "rows": [],
        "truncated": False, "ignored": [], "warnings": [], "alternatives": [], "value": None,
        "elapsed_ms": 1.0,
    }  # fmt: skip
    return QueryAnswer(**{**fields, **values})
