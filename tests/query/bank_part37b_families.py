"""Tune questions for the families of part 37 (``bank_fresh_37.py``) fixed in share B
(intervals, medians and shares, Lung-RADS over time; rankings, spelling slips, number words and
features are the other fixers').

Each is a new phrasing of a family, never a sentence of the part: the span from "the very
first" to "the very last" study, the days between two named studies, the longest interval
between consecutive studies, a count per patient "each, median", a share "among X, what
fraction ...", and a highest Lung-RADS category said as "stayed at" or "but never higher". The
reader was changed with these in view, so they are tune questions; the family names are those
of the part, so that tune covers each family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    cat_in,
    chest_ct,
    count,
    days_between,
    highest,
    history,
    median_of,
    own,
    pats,
    pct,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _dates(pid: str) -> list[str]:
    return sorted({s["study_date"][:10] for s in own(pid)})


def _with_dates(n: int, skip: int) -> str:
    return str([p["patient_id"] for p in pats() if len(_dates(p["patient_id"])) >= n][skip])


def intervals(rng: random.Random) -> Iterator[Item]:
    """A span first to last, two named studies, the longest consecutive interval."""
    del rng
    p = _with_dates(3, 7)
    dates = _dates(p)
    yield from item(
        "intervals",
        f"for {p}, days from the very first study to the very last one",
        "value",
        float(days_between(dates[0], dates[-1])),
    )
    a, b = own(p)[0], own(p)[-1]
    yield from item(
        "intervals",
        f"how many days between accession {a['accession']} and accession {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    q = _with_dates(4, 9)
    yield from item(
        "intervals",
        f"biggest gap between successive scans of {q}, in days",
        "value",
        max(float(days_between(u, v)) for u, v in itertools.pairwise(_dates(q))),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """A median count per patient said last; a share after its population."""
    del rng
    yield from item(
        "stats",
        "men have how many studies each - median",
        "value",
        median_of([len(own(p["patient_id"])) for p in pats() if p["sex"] == "M"]),
    )
    yield from item(
        "stats",
        "of all chest cts, what fraction came out lung-rads 3",
        "value",
        pct(count(chest_ct, cat_in("3")), count(chest_ct)),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A patient's highest category said as "remained at" or "but never higher"."""
    del rng
    yield from item(
        "lung_rads",
        "patients whose peak lung-rads on record remained at 4a",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield from item(
        "lung_rads",
        "people with lung-rads 2 but never a higher category",
        "patient",
        history(lambda mine: highest(mine) == "2"),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    intervals,
    stats,
    lung_rads,
)
