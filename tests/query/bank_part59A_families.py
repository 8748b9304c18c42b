"""Tune questions for the families of parts 56 to 59 (``bank_fresh_56.py`` ...
``bank_fresh_59.py``) fixed in share A: intervals between a patient's studies.

Each is a new phrasing of the family, never a sentence of the parts: a study "to next" study of
its kind said before the word for the interval (hyphenated or not, the statistic before, between
or after), one study "separated (divided) from the next", consecutive studies "of a single
patient", consecutive studies "spaced N days or less apart", and the first-to-latest span as a
condition ("N or more days between first and latest", "first-to-last <study> interval over N
days"). The reader was changed with these in view (:mod:`query.intervals`, :mod:`query.rewrites`),
so they are tune questions; the family name is the parts'.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    any_ct,
    chest_ct,
    cxr,
    days_between,
    history,
    ldct,
    mean_of,
    median_of,
    own,
    pats,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def gaps(test: Test) -> list[float]:
    """Days between each patient's consecutive studies that pass ``test``."""
    found: list[float] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        found.extend(
            float(days_between(a["study_date"], b["study_date"]))
            for a, b in itertools.pairwise(mine)
        )
    return found


def spaced(test: Test, within: Callable[[int], bool]) -> list[str]:
    """Patients with two consecutive studies passing ``test`` whose days apart pass ``within``."""

    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if test(s)]
        return any(
            within(days_between(a["study_date"], b["study_date"]))
            for a, b in itertools.pairwise(got)
        )

    return history(check)


def spanning(test: Test, within: Callable[[int], bool]) -> list[str]:
    """Patients whose first and latest studies passing ``test`` are apart by days passing
    ``within`` (two studies or more)."""

    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if test(s)]
        return len(got) > 1 and within(days_between(got[0]["study_date"], got[-1]["study_date"]))

    return history(check)


def intervals(rng: random.Random) -> Iterator[Item]:
    """Consecutive intervals said otherwise; the span from first to latest as a condition."""
    del rng
    f = "intervals"
    yield from item(f, "median ct-to-next-ct gap in days", "value", median_of(gaps(any_ct)))
    yield from item(f, "ldct to ldct spacing, average", "value", mean_of(gaps(ldct)))
    yield from item(
        f,
        "longest number of days dividing one chest ct from the next",
        "value",
        max(gaps(chest_ct)),
    )
    yield from item(
        f, "shortest days between consecutive cxrs of a single patient", "value", min(gaps(cxr))
    )
    yield from item(
        f,
        "which pts had successive ldcts spaced 300 days or less apart",
        "patient",
        spaced(ldct, lambda d: d <= 300),
    )
    yield from item(
        f,
        "pts with 800 or more days between first and last chest ct",
        "patient",
        spanning(chest_ct, lambda d: d >= 800),
    )
    yield from item(
        f,
        "patients whose first-to-latest scan interval is over 1200 days",
        "patient",
        spanning(lambda s: True, lambda d: d > 1200),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (intervals,)
