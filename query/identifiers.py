"""Reading identifiers in a question: patient IDs, accession numbers and study UIDs.

Identifiers have no fixed shape across sites, so a word is taken as one only when the catalogue
knows it (the engine's ``identify`` look-up, a parameterised query) or when a keyword names it
("patient X12", "accession 7781", "UID 1.2.840..."); a keyword with an unknown value still reads
as that identifier, so the answer is empty rather than the identifier silently dropped. A dotted
UID is always an identifier, whole: its tail is never a year or a size. Called by
:mod:`query.parser` before numbers and dates are read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Literal

__all__ = ["IdKind", "IdentifierPhrase", "Identify", "find_identifiers", "named_by_keyword"]

IdKind = Literal["patient", "accession", "study"]
Identify = Callable[[str], tuple[IdKind, str] | None]
"""Looks a word up in the catalogue: its kind and its stored spelling, or None."""

_UID = re.compile(r"(?<![\w.])(?P<id>\d+(?:\.\d+){3,})(?![\w.]*\d)")
_KEYWORDS: dict[str, IdKind] = {
    "patient": "patient",
    "pt": "patient",
    "mrn": "patient",
    "pid": "patient",
    "patient id": "patient",
    "patient number": "patient",
    "id": "patient",
    "accession": "accession",
    "accession number": "accession",
    "accession no": "accession",
    "acc": "accession",
    "acc no": "accession",
    "study uid": "study",
    "study instance uid": "study",
    "uid": "study",
    "study id": "study",
}
_KEYWORD = "|".join(sorted((k.replace(" ", r"\s+") for k in _KEYWORDS), key=len, reverse=True))
_WORD = r"(?P<id>[a-z0-9](?:[a-z0-9_-]|\.(?=[a-z0-9]))*)"
_WITH_KEYWORD = re.compile(rf"\b(?P<kw>{_KEYWORD})\.?\s*(?:[:#=]|no\.?|number)?\s*{_WORD}", re.I)
_BARE = re.compile(rf"(?<![\w.-]){_WORD}", re.I)
# The keyword before a dotted UID is part of it ("for study instance uid 1.2.826...": "instance"
# and "uid" had been left unread, warned)
_UID_KEYWORD = re.compile(rf"\b(?:{_KEYWORD})\.?\s*(?:[:#=]|no\.?|number)?\s*$", re.I)


def named_by_keyword(before: str) -> bool:
    """Does ``before`` end with an identifier's keyword ("accession 20240115": the number is
    the accession, never a day)?"""
    return _UID_KEYWORD.search(before) is not None


@dataclasses.dataclass(frozen=True)
class IdentifierPhrase:
    """An identifier found in the question; ``known`` when the catalogue holds it."""

    start: int
    end: int
    kind: IdKind
    value: str
    known: bool


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _looks_like_id(word: str) -> bool:
    """Letters and digits together ("p00002", "a0000003"), or a long number."""
    return _has_digit(word) and (any(c.isalpha() for c in word) or len(word) >= 5)


def find_identifiers(text: str, identify: Identify | None) -> list[IdentifierPhrase]:
    """Identifiers in ``text`` (lower case), each span once, longest reading first."""
    found: list[IdentifierPhrase] = []

    def free(start: int, end: int) -> bool:
        return not any(p.start < end and start < p.end for p in found)

    def look(word: str) -> tuple[IdKind, str] | None:
        return identify(word) if identify is not None else None

    for m in _UID.finditer(text):
        known = look(m.group("id"))
        named = _UID_KEYWORD.search(text, 0, m.start())  # "study instance uid 1.2...": whole
        start = named.start() if named else m.start()
        found.append(IdentifierPhrase(start, m.end(), "study", m.group("id"), known is not None))
    for m in _WITH_KEYWORD.finditer(text):
        word = m.group("id")
        if not free(m.start(), m.end()) or not _has_digit(word):
            continue
        known = look(word)
        kind = _KEYWORDS[re.sub(r"\s+", " ", m.group("kw").lower())]
        if known is not None:
            found.append(IdentifierPhrase(m.start(), m.end(), known[0], known[1], True))
        elif _looks_like_id(word):
            found.append(IdentifierPhrase(m.start(), m.end(), kind, word, False))
    for m in _BARE.finditer(text):
        word = m.group("id")
        if free(m.start(), m.end()) and _looks_like_id(word):
            known = look(word)
            if known is not None:
                found.append(IdentifierPhrase(m.start(), m.end(), known[0], known[1], True))
    return sorted(found, key=lambda p: p.start)
