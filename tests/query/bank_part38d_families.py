"""Tune questions for the families of part 38 (``bank_fresh_38.py``) fixed in share D (what a list
of findings lists, averages and shares said in other words, intervals, dates of birth; rankings
and Lung-RADS, numbers, counts, set logic, growth, slips and lobes are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: the nodules of one study
pinned by its accession, a birth date "on or after" a day, the days that "separate" a first and a
latest study, "on average, how old are", "<measurement> as a median", a number of findings "on
a chest ct", and a share "of A with B (%)". The reader was changed with these in view, so they
are tune questions; the family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    chest_ct,
    cta,
    days_between,
    findings,
    ldct,
    mean_of,
    median_of,
    nods,
    nodule_rows,
    own,
    pats,
    pct,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def identifiers(rng: random.Random) -> Iterator[Item]:
    """The nodules of one study pinned by its accession are its findings."""
    del rng
    study = next(s for s in sorted(studies(), key=lambda s: s["accession"]) if len(nods(s)) >= 3)
    yield from item(
        "identifiers",
        f"show the nodules of accession {study['accession']}",
        "finding",
        sorted(f["finding_id"] for f in nods(study)),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A birth date bounded "on or after" a day (the day included)."""
    del rng
    yield from item(
        "dates",
        "patients whose date of birth is on or after 1955-01-01",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["birth_date"] >= "1955-01-01"),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """The days that separate a patient's first and latest study of a kind."""
    del rng
    pid = next(
        p["patient_id"]
        for p in pats()
        if len({s["study_date"] for s in own(p["patient_id"]) if ldct(s)}) >= 3
    )
    days = sorted(s["study_date"] for s in own(pid) if ldct(s))
    yield from item(
        "intervals",
        f"for {pid}, how many days separate the first screening ct from the latest one",
        "value",
        float(days_between(days[0], days[-1])),
    )


def _mean_age_latest(test: Callable[[Row], bool], sex: str) -> float | None:
    ages = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        if mine and p["sex"] == sex:
            ages.append(ref.age(mine[-1]))
    return round(mean_of(ages), 2) if ages else None


def aggregates(rng: random.Random) -> Iterator[Item]:
    """Averages said in other words."""
    del rng
    yield from item(
        "aggregates",
        "on average, how old are the men who had a ct angio",
        "value",
        _mean_age_latest(cta, "M"),
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from item(
        "aggregates",
        "typical mass volume as a median (mm3)",
        "value",
        median_of([f["volume_mm3"] for f in masses]),
    )
    cts = [s for s in studies() if chest_ct(s)]
    yield from item(
        "aggregates",
        "mean # of nodules on a chest ct",
        "value",
        round(mean_of([len(nods(s)) for s in cts]), 2),
    )


def characteristics(rng: random.Random) -> Iterator[Item]:
    """A share of findings "of A with B" and "of all A, what proportion measure B", marked
    "(%)"."""
    del rng
    solid = nodule_rows(att("solid"))
    yield from item(
        "characteristics",
        "share of solid nodules with a diameter of at least 10 mm (%)",
        "value",
        pct(len([f for f in solid if f["diameter_mm"] >= 10]), len(solid)),
    )
    part_solid = nodule_rows(att("part-solid"))
    yield from item(
        "characteristics",
        "of all part-solid nodules, what proportion measure 6 mm or more (%)",
        "value",
        pct(len([f for f in part_solid if f["diameter_mm"] >= 6]), len(part_solid)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    dates,
    intervals,
    aggregates,
    characteristics,
)
