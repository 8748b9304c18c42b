"""Tune questions for the families of part 41 (``bank_fresh_41.py``) fixed in share M (dates:
"last years" before a noun, and a birth-date word governing a list of years).

Each is a new phrasing of the family, never a sentence of the part: "last yrs" and
"lastyears" before a study noun, a birth year said as an "or" list and as a comma list. The
reader was changed with these in view (:mod:`query.dates`, :mod:`query.reading`), so they are
tune questions; the family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import born, cxr, head_ct, in_year, pids, sids
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def dates(rng: random.Random) -> Iterator[Item]:
    """ "last years <noun>" is last calendar year; a birth word governs a list of years."""
    del rng
    yield from item("dates", "last yrs head cts", "study", sids(head_ct, in_year(2025)))
    yield from item(
        "dates", "patients with a lastyears chest xray", "patient", pids(cxr, in_year(2025))
    )
    yield from item(
        "dates", "pts with a dob in 1955 or 1956", "patient", born("1955-01-01", "1956-12-31")
    )
    yield from item(
        "dates",
        "pts whose birth year is 1949, 1950 or 1951",
        "patient",
        born("1949-01-01", "1951-12-31"),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (dates,)
