"""Tune questions for the families of part 34 (``bank_fresh_34.py``) fixed in share A (counts
per patient, rankings, aggregates, shares, reports' brackets, Lung-RADS changes and unknown
identifiers are the other fixer's).

Each is a new phrasing of a family, never a sentence of the part: a hurried typist's slips in
the reader's own words (a month, "before", "scanned", "nodule", "bigger", "then" for "than");
"never had A but had B" with no unit named; a patient's highest category "across all exams"
and a category "but never anything higher". The reader was changed with these in view, so they
are tune questions; the family names are those of the part, so that tune covers each family
fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    chest_ct,
    dated,
    ge,
    head_ct,
    highest,
    history,
    kind,
    ldct,
    nod,
    sids,
    some_but_never,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def dates(rng: random.Random) -> Iterator[Item]:
    """A month and "before" misspelt by one edit."""
    del rng
    yield from item(
        "dates",
        "head cts done beofre novmber 2025",
        "study",
        sids(head_ct, dated("1900-01-01", "2025-10-31")),
    )


def characteristics(rng: random.Random) -> Iterator[Item]:
    """ "nodlue", "biger": the finding and the comparison misspelt."""
    del rng
    yield from item(
        "characteristics",
        "chest cts with a nodlue 10 mm or biger",
        "study",
        sids(chest_ct, nod(ge("diameter_mm", 10))),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """ "never had A but had B": the patients."""
    del rng
    yield from item(
        "set_logic",
        "never had a mass but had a head ct",
        "patient",
        history(some_but_never(head_ct, kind("mass"))),
    )
    yield from item(
        "set_logic",
        "never had an ldct but had a chest ct",
        "patient",
        history(some_but_never(chest_ct, ldct)),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A patient's highest category, said over all exams or as "never anything higher"."""
    del rng
    yield from item(
        "lung_rads",
        "pts whose worst lr over all their scans was 4a",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield from item(
        "lung_rads",
        "patients with lung-rads 2 and never anything higher",
        "patient",
        history(lambda mine: highest(mine) == "2"),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    dates,
    characteristics,
    set_logic,
    lung_rads,
)
