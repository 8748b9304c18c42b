"""The pages the list endpoints answer with, and the bounds on their paging parameters.

Each list endpoint returns one typed page (:class:`StudyPage`, :class:`SeriesPage`,
:class:`FindingPage`, :class:`AuditPage`): the rows, the total that matched, and where the page
starts, so the OpenAPI schema names every field of a row. The filtering and paging itself is
the catalogue's (:mod:`appliance.catalogue.browse`), with parameters only, never pasted input.
"""

from __future__ import annotations

import dataclasses

from appliance.catalogue.audit_log import AuditRow
from appliance.catalogue.browse import FindingRecord, SeriesRecord, StudyRecord

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "AuditPage", "FindingPage", "SeriesPage", "StudyPage"]

MAX_LIMIT = 500
"""Largest page a list endpoint returns."""
MAX_OFFSET = 1_000_000_000
"""Most rows a list endpoint skips. Far more than a catalogue holds, and far below the 64-bit
integer DuckDB takes for ``OFFSET``: a larger value is refused in validation (400), where it
once reached the catalogue and came back as a 503 carrying DuckDB's conversion error."""


@dataclasses.dataclass(frozen=True)
class StudyPage:
    """One page of studies, the total that matched, and where the page starts."""

    items: list[StudyRecord]
    total: int
    limit: int
    offset: int


@dataclasses.dataclass(frozen=True)
class SeriesPage:
    """One page of series, the total that matched, and where the page starts."""

    items: list[SeriesRecord]
    total: int
    limit: int
    offset: int


@dataclasses.dataclass(frozen=True)
class FindingPage:
    """One page of findings, the total that matched, and where the page starts."""

    items: list[FindingRecord]
    total: int
    limit: int
    offset: int


@dataclasses.dataclass(frozen=True)
class AuditPage:
    """One page of the audit log (newest first), its total length, and where the page starts."""

    items: list[AuditRow]
    total: int
    limit: int
    offset: int
