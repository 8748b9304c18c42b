"""Tune questions for the families of part 36 (``bank_fresh_36.py``) fixed in share C
(comparisons "A vs B" and breakdowns said in other words; the unit of a breakdown, shares,
rankings and averages are the other fixers').

Each is a new phrasing of a family, never a sentence of the part: stations, sexes, lobes and
Lung-RADS categories compared with "vs / versus / against / compared with" or "side by side",
a field said first and a count said last ("margins among ...: counts", "how many of each") and
"scanner" misspelt. The reader was changed with these in view, so they are tune questions; the
family names are those of the part, so that tune covers each family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine. A comparison counts the groups named, in the
order named; a breakdown every group with a member.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any

from blind_reference import (
    at_station,
    att,
    category,
    chest_ct,
    findings,
    head_ct,
    in_year,
    is_nodule,
    ldct,
    nods,
    sex_is,
    studies,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def named(keys: Sequence[Hashable], groups: Sequence[Hashable]) -> Any:
    """Counts of the groups named in a comparison; None when one has no member."""
    tally = Counter(keys)
    if any(tally[g] == 0 for g in groups):
        return None
    return [(g, tally[g]) for g in groups]


def every(keys: Sequence[Hashable | None]) -> list[tuple[Hashable, int]]:
    """Counts of every group with a member (a missing value is no group)."""
    return sorted(Counter(k for k in keys if k is not None).items(), key=lambda kv: str(kv[0]))


def modality(rng: random.Random) -> Iterator[Item]:
    """Stations compared, with a kind of study and a year as conditions; "scanner" misspelt."""
    del rng
    rows = [s for s in studies() if chest_ct(s) and in_year(2025)(s)]
    yield from item(
        "modality",
        "chest cts done in 2025 - ct02 against ct01",
        "groups",
        named([s["station"] for s in rows], ("CT02", "CT01")),
    )
    rows = [s for s in studies() if head_ct(s)]
    yield from item(
        "modality",
        "head ct totals per scaner",
        "groups",
        every([s["station"] for s in rows]),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """Lobes compared: the nodules in each lobe named."""
    del rng
    rows = [f for s in studies() if sex_is("F")(s) for f in nods(s, att("solid"))]
    yield from item(
        "lobes",
        "solid nodules in women: lul compared with rul",
        "groups",
        named([f["lobe"] for f in rows], ("LUL", "RUL")),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """Sexes and categories compared; categories said first, a count said last."""
    del rng
    rows = [s for s in studies() if ldct(s) and category(s) == "4B"]
    keys = [next((c for c in "MFO" if sex_is(c)(s)), None) for s in rows]
    yield from item(
        "lung_rads",
        "women versus men among lr 4b ldcts",
        "groups",
        None if "O" in keys else named(keys, ("F", "M")),
    )
    rows = [s for s in studies() if ldct(s) and at_station("CT01")(s) and in_year(2024)(s)]
    yield from item(
        "lung_rads",
        "lung-rads categories on 2024 ct01 ldcts: how many of each",
        "groups",
        every([category(s) for s in rows]),
    )


def characteristics(rng: random.Random) -> Iterator[Item]:
    """A field said first and a count said last: the nodules per that field."""
    del rng
    rows = [f for f in findings() if is_nodule(f) and f["lobe"] == "RLL"]
    yield from item(
        "characteristics",
        "attenuations among rll nodules, counts",
        "groups",
        every([f["attenuation"] for f in rows]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    modality,
    lobes,
    lung_rads,
    characteristics,
)
