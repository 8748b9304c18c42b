"""The de-identification rules: DICOM PS3.15 Annex E, Basic Profile, with the options we claim.

The Basic Application Level Confidentiality Profile is a table of about 650 attributes, each with
an action (PS3.15 Table E.1-1): ``D`` replace with a dummy, ``Z`` empty, ``X`` remove, ``K``
keep, ``U`` replace a UID consistently, and combinations (``X/Z``: remove unless the IOD needs
it present, ...). Typing that table by hand invites mistakes, so it comes from dicom-anonymizer,
which generates it from the standard (its ``dicomfields_2026c`` database, DICOM 2026c); this
module only reads it and adds the options:

- **Retain Longitudinal Temporal Information with Modified Dates** (DCM 113107): every date and
  date-time is shifted by one offset per patient (intervals survive, the calendar does not);
  times of day are kept. The patient's birth date is not a study date and stays removed.
- **Clean Descriptors** (DCM 113105): the free-text descriptors below are kept when they carry no
  identifying text, otherwise emptied (see :mod:`appliance.export.deid`).
- **Clean Structured Content** (DCM 113104): the content tree of an SR is kept; its UIDs,
  dates, person names and texts go through the same rules as the header.

Used by :class:`appliance.export.deid.Deidentifier`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from pydicom.tag import BaseTag, Tag

__all__ = [
    "CONTENT_SEQUENCE",
    "DESCRIPTORS",
    "METHOD_CODES",
    "METHOD_TEXT",
    "PATIENT_DATES",
    "TABLE_VERSION",
    "basic_profile",
]

TABLE_VERSION = "dicomfields_2026c"
_CATEGORIES = {
    "D_TAGS": "D",
    "Z_TAGS": "Z",
    "X_TAGS": "X",
    "U_TAGS": "U",
    "Z_D_TAGS": "Z/D",
    "X_Z_TAGS": "X/Z",
    "X_D_TAGS": "X/D",
    "X_Z_D_TAGS": "X/Z/D",
    "X_Z_U_STAR_TAGS": "X/Z/U*",
}

CONTENT_SEQUENCE = Tag(0x0040, 0xA730)
"""Kept under Clean Structured Content (the Basic Profile alone would replace it)."""

DESCRIPTORS = frozenset(
    Tag(*t)
    for t in (
        (0x0008, 0x1030),  # Study Description
        (0x0008, 0x103E),  # Series Description
        (0x0018, 0x1030),  # Protocol Name
        (0x0040, 0x0254),  # Performed Procedure Step Description
        (0x0032, 0x1060),  # Requested Procedure Description
        (0x0040, 0x0007),  # Scheduled Procedure Step Description
        (0x0008, 0x2111),  # Derivation Description
        (0x0020, 0x4000),  # Image Comments
        (0x0018, 0x4000),  # Acquisition Comments
        (0x0008, 0x1080),  # Admitting Diagnoses Description
        (0x0010, 0x21B0),  # Additional Patient History
        (0x0032, 0x4000),  # Study Comments
        (0x0040, 0x0280),  # Comments on the Performed Procedure Step
        (0x0018, 0x0015),  # Body Part Examined (not in the table; listed to be cleaned too)
    )
)
"""Free-text descriptors the Clean Descriptors option keeps when clean."""

PATIENT_DATES = frozenset(
    Tag(*t)
    for t in (
        (0x0010, 0x0030),  # Patient's Birth Date
        (0x0010, 0x0032),  # Patient's Birth Time
        (0x0010, 0x21D0),  # Last Menstrual Date
    )
)
"""Dates about the patient rather than the study: not shifted, the Basic Profile's action."""

METHOD_TEXT = (
    "DICOM PS3.15 E.1 Basic Profile",
    "Retain Longitudinal Temporal Information Modified Dates",
    "Clean Descriptors",
    "Clean Structured Content",
)
"""De-identification Method (0012,0063), one LO value each."""
METHOD_CODES = (
    ("113100", "Basic Application Confidentiality Profile"),
    ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    ("113105", "Clean Descriptors Option"),
    ("113104", "Clean Structured Content Option"),
)


def basic_profile() -> Mapping[BaseTag, str]:
    """Tag -> Basic Profile action (``D``, ``Z``, ``X``, ``U``, ``X/Z``, ...), from the standard."""
    module = importlib.import_module(
        f"dicomanonymizer.dicom_anonymization_databases.{TABLE_VERSION}"
    )
    actions: dict[BaseTag, str] = {}
    for category, action in _CATEGORIES.items():
        for entry in getattr(module, category):
            actions[Tag(entry[0], entry[1])] = action
    return actions
