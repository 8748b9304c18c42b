"""Tune questions for the families part 30 (``bank_fresh_30.py``) showed the reader missing,
half B (recorded fields, counts per group, rankings by date, e-mail wrapping and percentages).

Each is a new phrasing of a family, never a sentence of the part: a sex field with its verb
("gender column reads o"), "pre-" before a year after a birth date ("date of birth pre-1955"),
a "head count", modalities compared with "versus" and counted, "how are X spread across the
Y", "N X, largest Y first", "which N X have the latest study dates", an e-mail's greeting and
sign-off around a question, and "of the X, what percentage came back Y". The reader was
changed with these in view, so they are tune questions; the family names are those of part
30, so that tune covers each of its families that was fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    born,
    category,
    findings,
    head_ct,
    ldct,
    pats,
    studies,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _groups(key: Callable[[dict[str, Any]], Any], rows: list[dict[str, Any]]) -> list[Any]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def demographics(rng: random.Random) -> Iterator[Item]:
    """A sex field with its verb; a head count of patients."""
    del rng
    yield from item(
        "demographics",
        "list patients whose gender column reads o",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from item(
        "demographics", "male head count", "count", sum(p["sex"] == "M" for p in pats())
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """'pre-' before a year: before that year."""
    del rng
    yield from item(
        "dates", "date of birth pre-1955 - pts", "patient", born("0000-01-01", "1954-12-31")
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """How findings are spread over a group, counted; a sex split in letters."""
    del rng
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from item(
        "stats",
        "how are masses spread across the lobes (counts)",
        "groups",
        _groups(lambda f: f["lobe"], masses),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """Modalities compared with 'versus', counted."""
    del rng
    yield from item(
        "modality",
        "dx versus ct study totals",
        "groups",
        _groups(lambda s: s["modality"], studies()),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """'N X, largest Y first'; 'which N X have the latest study dates'."""
    del rng
    masses = sorted(
        (f for f in findings() if f["kind"] == "mass"),
        key=lambda f: (-f["volume_mm3"], f["finding_id"]),
    )
    if masses[2]["volume_mm3"] != masses[3]["volume_mm3"]:
        yield from item(
            "rankings",
            "3 masses, largest volume first",
            "finding",
            sorted(f["finding_id"] for f in masses[:3]),
        )
    heads = sorted(
        (s for s in studies() if head_ct(s)), key=lambda s: s["study_date"], reverse=True
    )
    if heads[1]["study_date"] != heads[2]["study_date"]:
        yield from item(
            "rankings",
            "which 2 head cts have the latest study dates",
            "study",
            sorted(s["study_uid"] for s in heads[:2]),
        )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """An e-mail's greeting and sign-off; a percentage of the studies named first (to 0.1, as
    the answer gives it)."""
    del rng
    named = [s for s in studies() if ldct(s) and s["study_date"].startswith("2025")]
    yield from item(
        "lung_rads",
        "Hi team - of the screening cts done in 2025, what percentage came back as lung-rads 3? "
        "Thanks, screening office",
        "value",
        round(100 * sum(category(s) == "3" for s in named) / len(named), 1) if named else None,
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    demographics,
    dates,
    stats,
    modality,
    rankings,
    lung_rads,
)
