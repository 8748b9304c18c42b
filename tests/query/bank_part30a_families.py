"""Tune questions for the families of part 30 (``bank_fresh_30.py``) fixed in half A (the other
half, identifiers, counts per group, rankings, headcounts, e-mails and percentages, is another
fixer's).

Each is a new phrasing of a family, never a sentence of the part: a follow-up span compared
with a duration ("pts whose follow-up span is under 9 months"); growth said as "enlargement" or
"went up", and "first appearing" as new; a negation after a report concept ("effusion was
never documented") and a study in one year and none from a later date on; a nodule followed
over N studies asked for by "who", a measurement that "lies" in a range and "long axis
length". The reader was changed with these in view, so they are tune questions; the family
names are those of part 30, so that tune covers each family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    dated,
    fids,
    findings,
    fstudy,
    ge,
    grew_readings,
    history,
    in_year,
    is_nodule,
    kind,
    months_on,
    pids,
    says,
    sids,
    within,
)
from question_bank import AS_OF, Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def intervals(rng: random.Random) -> Iterator[Item]:
    """A follow-up span compared with a duration: a condition on the patient's span."""
    del rng
    yield from item(
        "intervals",
        "f/u duration more than eighteen months - pts",
        "patient",
        history(lambda mine: str(mine[-1]["study_date"]) > months_on(mine[0]["study_date"], 18)),
    )
    yield from item(
        "intervals",
        "patients w/ a surveillance span of at least 30 months",
        "patient",
        history(lambda mine: str(mine[-1]["study_date"]) >= months_on(mine[0]["study_date"], 30)),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """Growth said as "enlargement" / "went up"; "first appearing" as new."""
    del rng
    readings = [pids(fstudy(t)) for t in grew_readings(2, True)]
    agreed = readings[0] if all(r == readings[0] for r in readings) else None
    yield from item("growth", "pts with a nodule enlargement of 2 mm or more", "patient", agreed)


def reports(rng: random.Random) -> Iterator[Item]:
    """A negation after the report concept: no affirmed mention."""
    del rng
    yield from item(
        "reports",
        "pts where lymphadenopathy was never once noted",
        "patient",
        history(lambda mine: not any(map(says("lymphadenopathy"), mine))),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A study in a year and none from a later date on."""
    del rng
    yield from item(
        "set_logic",
        "pts scanned in 2024 who were never scanned from 2025 on",
        "patient",
        history(
            lambda mine: (
                any(map(in_year(2024), mine)) and not any(map(dated("2025-01-01", AS_OF), mine))
            )
        ),
    )


def _tracked(n_min: int) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and is_nodule(f):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    by_uid = ref.cohort()[1]
    return sorted(
        {by_uid[next(iter(u))]["patient_id"] for u in by_track.values() if len(u) >= n_min}
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A nodule followed over N studies, asked for by "who"."""
    del rng
    yield from item(
        "counts", "a single nodule followed over 4 or more scans, who?", "patient", _tracked(4)
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A measurement that lies in a range (each finding); the long axis named with "length"."""
    del rng
    yield from item(
        "numbers",
        "findings whose attenuation lies between -50 and 30 HU",
        "finding",
        fids(within("mean_hu", -50, 30)),
    )
    yield from item(
        "numbers",
        "masses with a long axis length of at least 40 mm",
        "study",
        sids(kind("mass", ge("long_axis_mm", 40))),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    intervals,
    growth,
    reports,
    set_logic,
    counts,
    numbers,
)
