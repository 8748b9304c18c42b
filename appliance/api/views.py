"""Read-only views of the catalogue that the API serves: the feed, a study's detail, the
worklist. (The destinations' last contact is the health snapshot's: :mod:`appliance.health`.)

The rows come typed from the catalogue (:mod:`appliance.catalogue.browse`); what is added here
is the API's: analysis errors name files relative to the data directory, the worklist entry is
triage's order with the study's card and whether the age cap raised it. The worklist's order
is triage's (:mod:`appliance.triage`).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

from appliance.catalogue import browse
from appliance.catalogue.browse import FeedSeries, StudyDetail
from appliance.catalogue.database import Database
from appliance.config import TriageConfig
from appliance.triage import WorklistEntry
from appliance.triage import worklist as triage_worklist

__all__ = [
    "WorklistItem",
    "feed",
    "study_detail",
    "worklist",
]


def feed(db: Database, limit: int, data_dir: Path | None = None) -> list[FeedSeries]:
    """The newest series first, with receiving, completion, analysis and sending state.

    An analysis error that names a file under ``data_dir`` names it relative to it, as the
    catalogue does: where the data lives on the box is not the API's to tell.
    """
    rows = browse.feed(db, limit)
    if data_dir is None:
        return rows
    return [
        dataclasses.replace(row, analysis_error=_relative_paths(row.analysis_error, data_dir))
        if row.analysis_error is not None
        else row
        for row in rows
    ]


def _relative_paths(text: str, data_dir: Path) -> str:
    root = str(data_dir).rstrip("/")
    return text.replace(root + "/", "").replace(root, ".")


def study_detail(db: Database, study_uid: str) -> StudyDetail | None:
    """A study with its patient, series, findings, analysis jobs and report, or None."""
    return browse.study_detail(db, study_uid)


@dataclasses.dataclass(frozen=True)
class WorklistItem(WorklistEntry):
    """A study on the worklist: triage's entry (:class:`appliance.triage.WorklistEntry`, whose
    fields come first), what the screens show beside it, and whether waiting past the age cap
    raised its priority."""

    patient_name: str | None
    description: str | None
    accession: str | None
    study_date: date | None
    findings: int
    """How many findings the study has."""
    aged: bool
    """True when the age cap raised the priority."""


def worklist(db: Database, now: datetime, triage: TriageConfig, limit: int) -> list[WorklistItem]:
    """The triage worklist (:func:`appliance.triage.worklist`: analysed studies, priority with
    the age cap, longest wait first), with what the screens show beside each study."""
    entries = triage_worklist(db, now, limit, config=triage)
    cards = browse.study_cards(db, [e.study_uid for e in entries])
    items = []
    for entry in entries:
        card = cards.get(entry.study_uid)
        items.append(
            WorklistItem(
                **dataclasses.asdict(entry),
                patient_name=card.patient_name if card else None,
                description=card.description if card else None,
                accession=card.accession if card else None,
                study_date=card.study_date if card else None,
                findings=card.findings if card else 0,
                aged=entry.effective_priority != entry.priority,
            )
        )
    return items
