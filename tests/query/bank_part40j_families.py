"""Tune questions for the families of part 40 (``bank_fresh_40.py``) fixed in share J (dates
and periods, demographics, numbers and measured fields, word forms; counts, set logic, growth
and reports are share K's, rankings, averages and breakdowns share L's).

Each is a new phrasing of the family, never a sentence of the part: a quarter restated in
brackets before its months, a birth year that predates a year, a run-together relative date, a
decade of age said "-something" and a slip of a "-genarian" word, an attenuation bound read
with "registering", a range "A up to B" in centimetres, a margin said as its edge in a
hyphenated word. The reader was changed with these in view, so they are tune questions; the
family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from blind_reference import (
    age_in,
    any_ct,
    att,
    born,
    dated,
    lt,
    margin,
    nod,
    pids,
    quarter,
    sex_is,
    sids,
    within,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: object) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def dates(rng: random.Random) -> Iterator[Item]:
    """A quarter restated in brackets before its months; a birth year that predates a year; a
    relative date typed as one word."""
    del rng
    yield from item(
        "dates", "ct exams from q2 (apr to jun) of 2025", "study", sids(any_ct, quarter(2025, 2))
    )
    yield from item(
        "dates",
        "people whose year of birth predates 1955",
        "patient",
        born("0001-01-01", "1954-12-31"),
    )
    yield from item(
        "dates", "ct exams thisyear", "study", sids(any_ct, dated("2026-01-01", "2026-11-01"))
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """A decade of age said "-something"; a slip of a "-genarian" word."""
    del rng
    yield from item(
        "demographics",
        "seventy-something men with a solid nodule",
        "patient",
        pids(sex_is("M"), age_in(70, 79), nod(att("solid"))),
    )
    yield from item(
        "demographics",
        "septagenarians with a ground glass nodule",
        "patient",
        pids(age_in(70, 79), nod(att("ground-glass"))),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """An attenuation bound with its verb before it; a range "A up to B" in centimetres."""
    del rng
    yield from item(
        "numbers",
        "nodules registering below -650 mean hu, by exam",
        "study",
        sids(nod(lt("mean_hu", -650))),
    )
    yield from item(
        "numbers",
        "exams with a nodule anywhere 0.5 cm up to 0.8 cm",
        "study",
        sids(nod(within("diameter_mm", 5, 8))),
    )


def characteristics(rng: random.Random) -> Iterator[Item]:
    """A margin said as its edge, in a hyphenated word."""
    del rng
    yield from item(
        "characteristics",
        "smooth-edged solid nodules - which exams",
        "study",
        sids(nod(att("solid"), margin("smooth"))),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    dates,
    demographics,
    numbers,
    characteristics,
)
