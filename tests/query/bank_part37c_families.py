"""Tune questions for the families of part 37 (``bank_fresh_37.py``) fixed in share C
(typists' slips, comparator verbs and adverbs, lead-ins before a colon, counts and features
said in other words; rankings, intervals, shares and Lung-RADS over time are the other
fixers').

Each is a new phrasing of a family, never a sentence of the part: short words misspelt
("haed", "yeaar", "womem"), bounds typed together ("atleast"), a comparator said as a verb
("tops", "falls below", "strictly between"), "fyi:" opening the question, "required more than
one <qualified> ct over time", "one single scan shows A alongside B" and "total exams" closing
the question. The reader was changed with these in view, so they are tune questions; the
family names are those of the part, so that tune covers each family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    att,
    calcified,
    count,
    fids,
    ge,
    gt,
    head_ct,
    history,
    in_year,
    is_nodule,
    lt,
    nod,
    non_contrast_chest,
    pids,
    sex_is,
    sids,
    subsolid,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    yield Item(family, PART, question, unit, expected)


def people(rng: random.Random) -> Iterator[Item]:
    """Short words misspelt: a swap and a keyboard neighbour."""
    del rng
    yield from item(
        "people", "how many womem had a haed ct", "count", len(pids(sex_is("F"), head_ct))
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A doubled letter in a date's word."""
    del rng
    yield from item(
        "dates", "number of head cts so far this yeaar", "count", count(head_ct, in_year(2026))
    )
    yield from item("counts", "head ct 2024 total exams", "count", count(head_ct, in_year(2024)))


def numbers(rng: random.Random) -> Iterator[Item]:
    """Comparator verbs and adverbs; a lead-in before a colon; a bound typed together."""
    del rng
    yield from item(
        "numbers",
        "fyi: studies with a nodule whose diameter tops 15 mm",
        "study",
        sids(nod(gt("diameter_mm", 15))),
    )
    yield from item(
        "numbers",
        "nodules whose mean attenuation falls below -650 hu",
        "study",
        sids(nod(lt("mean_hu", -650))),
    )
    yield from item(
        "numbers",
        "confidence strictly between 0.75 and 0.85 on nodule findings",
        "finding",
        fids(is_nodule, gt("confidence", 0.75), lt("confidence", 0.85)),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """A bound typed together; both findings on one study."""
    del rng
    yield from item(
        "features",
        "subsolid nods atleast 9mm",
        "study",
        sids(nod(subsolid, ge("diameter_mm", 9))),
    )
    yield from item(
        "features",
        "pts where one single scan shows a part-solid nodule alongside a calcified nodule",
        "patient",
        pids(nod(att("part-solid")), nod(calcified)),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A study needed more than once, over time."""
    del rng
    yield from item(
        "counts",
        "anybody who required more than one non-contrast chest ct over time",
        "patient",
        history(lambda mine: sum(map(non_contrast_chest, mine)) >= 2),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    people,
    dates,
    numbers,
    features,
    counts,
)
