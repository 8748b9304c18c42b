"""A nodule's history: every finding of its track, one per exam, oldest first.

The TUI's nodule history screen (``appliance/tui/history.py``) shows how a nodule changed from
exam to exam and puts an earlier exam's slice beside the current one. It asks for
``GET /api/v1/findings/{finding_id}/history``, which :func:`nodule_history` answers from the
catalogue (:func:`appliance.catalogue.browse.track_exams`): the findings that share the
finding's ``track_id`` (issue 19's tracks, docs/analysis.md), limited to the same patient (an
imported cohort's track ids need not be unique across patients), each with its study date,
size, change since its prior, volume doubling time, follow-up status and whether its images are
in the store (a prior read from a PACS SR has none, so no slice of it can be drawn).
"""

from __future__ import annotations

import dataclasses

from appliance.api.preview import UnknownFindingError
from appliance.catalogue import browse
from appliance.catalogue.browse import Exam
from appliance.catalogue.database import Database

__all__ = ["NoduleHistory", "nodule_history"]


@dataclasses.dataclass(frozen=True)
class NoduleHistory:
    """A finding's track across its patient's exams, oldest first (a finding without a track
    is its own one exam)."""

    finding_id: str
    track_id: str | None
    patient_id: str
    exams: list[Exam]


def nodule_history(db: Database, finding_id: str) -> NoduleHistory:
    """The finding's track, the exams oldest first. Raises :class:`UnknownFindingError` for a
    finding not in the catalogue."""
    head = browse.track_head(db, finding_id)
    if head is None:
        raise UnknownFindingError(f"no finding {finding_id!r}")
    return NoduleHistory(
        finding_id=finding_id,
        track_id=head.track_id,
        patient_id=head.patient_id,
        exams=browse.track_exams(db, finding_id, head),
    )
