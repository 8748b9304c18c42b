"""Tune questions for the families of part 39 (``bank_fresh_39.py``) fixed in share I:
identifiers the catalogue lacks, ranges in brackets and "strictly between", ages between spelt
numbers, Lung-RADS lists after "at least", and typing slips of the reader's own words (set
logic, rankings and statistics, growth and counts per study are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: a well-formed patient ID
nobody holds, a half-open interval of sizes, attenuation strictly between two values, "between
the ages of fifty and sixty", a count of studies before a Lung-RADS list said with the scale
twice, and "nevr" / "categroy" slips in other questions. The reader was changed with these in
view, so they are tune questions; the family names are the part's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    age_in,
    att,
    cat_in,
    category,
    chest_ct,
    cxr,
    head_ct,
    history,
    in_year,
    ldct,
    nod,
    pats,
    pids,
    sids,
    some_but_never,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def identifiers(rng: random.Random) -> Iterator[Item]:
    """A patient ID shaped like the catalogue's that nobody holds: an empty answer."""
    del rng
    held = {p["patient_id"] for p in pats()}
    unknown = next(f"P{n:05d}" for n in range(900, 99999) if f"P{n:05d}" not in held)
    yield from item("identifiers", f"every exam of {unknown}", "study", [])


def numbers(rng: random.Random) -> Iterator[Item]:
    """A half-open interval of sizes, and attenuation strictly between two values."""
    del rng
    yield from item(
        "numbers",
        "solid nodules sized [4, 6) mm",
        "study",
        sids(nod(att("solid"), lambda f: 4 <= f["diameter_mm"] < 6)),
    )
    yield from item(
        "numbers",
        "ground glass nodules with mean hu strictly between -700 and -500",
        "study",
        sids(nod(att("ground-glass"), lambda f: -700 < f["mean_hu"] < -500)),
    )


def people(rng: random.Random) -> Iterator[Item]:
    """An age range said in spelt numbers after "between the ages of"."""
    del rng
    yield from item(
        "people",
        "patients between the ages of fifty and sixty who had a chest xray",
        "patient",
        pids(age_in(50, 60), cxr),
    )


def _ldcts_of(names: tuple[str, ...], least: int) -> Callable[[list[Row]], bool]:
    return lambda mine: len([s for s in mine if ldct(s) and category(s) in names]) >= least


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A count of studies before a Lung-RADS list said with the scale twice, and a slip of
    "category"."""
    del rng
    yield from item(
        "lung_rads",
        "patients with two or more lr 3 or lr 4a ldcts",
        "patient",
        history(_ldcts_of(("3", "4A"), 2)),
    )
    yield from item(
        "lung_rads",
        "categroy 3 ldcts in 2024",
        "study",
        sids(ldct, cat_in("3"), in_year(2024)),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A dropped vowel in "never"."""
    del rng
    yield from item(
        "set_logic",
        "patients with a chest ct but nevr a head ct",
        "patient",
        history(some_but_never(chest_ct, head_ct)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    numbers,
    people,
    lung_rads,
    set_logic,
)
