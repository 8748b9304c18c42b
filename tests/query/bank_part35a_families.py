"""Tune questions for the families of part 35 (``bank_fresh_35.py``) fixed in share A (set
logic, Lung-RADS over a patient's history, rankings of patients, averages per study, intervals
between studies, reports and growth are the other fixer's).

Each is a new phrasing of a family, never a sentence of the part: a study "over N years old"
(how long ago it was done, never the patient's age); words run together ("rightlower",
"in2023") and slips the corrector now reads ("averge", "volumne"); a day-month range with its
year said once, at the end; a comparison sign typed against its word ("long axis>12mm"); what a
ranking is by, in brackets. The reader was changed with these in view, so they are tune
questions; the family names are those of the part, so that tune covers each family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    chest_ct,
    cxr,
    dated,
    findings,
    gt,
    history,
    in_lobe,
    in_year,
    mean_of,
    months_on,
    nod,
    nodule_rows,
    sids,
    untied,
)
from question_bank import AS_OF, Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def intervals(rng: random.Random) -> Iterator[Item]:
    """A latest study "over N years old": done more than N years before the as-of date."""
    del rng
    yield from item(
        "intervals",
        "pts whose most recent scan is over 3 years old",
        "patient",
        history(lambda mine: mine[-1]["study_date"] < months_on(AS_OF, -36)),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """A side and a lobe's level run together."""
    del rng
    yield from item("lobes", "nodules in the rightlower lobe", "study", sids(nod(in_lobe("RLL"))))


def modality(rng: random.Random) -> Iterator[Item]:
    """ "in2023": the year run into its preposition."""
    del rng
    yield from item("modality", "cxrs in2023", "study", sids(cxr, in_year(2023)))


def dates(rng: random.Random) -> Iterator[Item]:
    """Two days of one range, the year said once at the end."""
    del rng
    yield from item(
        "dates",
        "chest cts from 5 feb to 20 mar 2025",
        "study",
        sids(chest_ct, dated("2025-02-05", "2025-03-20")),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A comparison sign typed against the measure it bounds."""
    del rng
    yield from item(
        "numbers", "nodules with long axis>12mm", "study", sids(nod(gt("long_axis_mm", 12)))
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """ "averge", "volumne": two slips the corrector reads."""
    del rng
    yield from item(
        "aggregates",
        "averge nodule volumne",
        "value",
        mean_of([f["volume_mm3"] for f in nodule_rows()]),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """What a ranking is by, in brackets."""
    del rng
    masses = [f for f in findings() if f["kind"] == "mass" and f["volume_mm3"] is not None]
    n, ans = untied(masses, lambda f: -f["volume_mm3"], "finding_id", 3)
    yield from item("rankings", f"the {n} largest masses (by volume)", "finding", ans)


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    intervals,
    lobes,
    modality,
    dates,
    numbers,
    aggregates,
    rankings,
)
