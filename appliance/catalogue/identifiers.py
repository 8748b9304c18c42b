"""What a word of a cohort question may name in the catalogue: an identifier or a station.

The question reader (``query/``) asks, while it reads a question, whether a word is one of the
catalogue's patient IDs, accession numbers or study UIDs, and which station names exist. These
are lookups of stored values, not part of the query a question compiles to, so they live here
with the rest of the catalogue's SQL; the word is always a parameter.
"""

from __future__ import annotations

from typing import Literal

from appliance.catalogue.database import Database

__all__ = ["IdentifierKind", "identify", "shaped_like", "station_names"]

IdentifierKind = Literal["patient", "accession", "study"]
_KINDS: dict[str, IdentifierKind] = {
    "patient": "patient",
    "accession": "accession",
    "study": "study",
}


def identify(db: Database, word: str) -> tuple[IdentifierKind, str] | None:
    """The patient ID or accession number that ``word`` spells (case-insensitively), or the
    study UID it is exactly, with its stored spelling; None when it is none of them."""
    rows = db.execute(
        "SELECT 'patient', patient_id FROM patients WHERE lower(patient_id) = ? "
        "UNION ALL SELECT 'accession', accession FROM studies WHERE lower(accession) = ? "
        "UNION ALL SELECT 'study', study_uid FROM studies WHERE study_uid = ? LIMIT 1",
        [word.lower(), word.lower(), word],
    )
    if not rows:
        return None
    kind, value = rows[0]
    return _KINDS[kind], str(value)


def shaped_like(db: Database, word: str) -> IdentifierKind | None:
    """The kind of identifier ``word`` is shaped like when the catalogue lacks it: the letters
    of a stored patient ID or accession number with digits where it has digits ("P00777" when
    "P00003" is stored). A well-formed ID nobody holds is still that ID (part 39: "scans for
    P00777" was refused); a word of digits alone is never taken so (it may be a year)."""
    if not any(c.isdigit() for c in word) or not any(c.isalpha() for c in word):
        return None
    shape = "".join("9" if c.isdigit() else c for c in word.lower())
    rows = db.execute(
        "SELECT 'patient' FROM patients "
        "WHERE regexp_replace(lower(patient_id), '[0-9]', '9', 'g') = ? "
        "UNION ALL SELECT 'accession' FROM studies "
        "WHERE regexp_replace(lower(accession), '[0-9]', '9', 'g') = ? LIMIT 1",
        [shape, shape],
    )
    return _KINDS[rows[0][0]] if rows else None


def station_names(db: Database) -> frozenset[str]:
    """Every station name the studies carry, upper case."""
    rows = db.execute("SELECT DISTINCT upper(station) FROM studies WHERE station IS NOT NULL")
    return frozenset(str(r[0]) for r in rows)
