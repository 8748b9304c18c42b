"""Tune questions for the families parts 32 and 33 (``bank_fresh_32.py``, ``bank_fresh_33.py``)
showed the reader missing, share C (Lung-RADS, rankings, percentages and aggregates).

Each is a new phrasing of a family, never a sentence of a part: a patient's highest category
written "LR-4A", a change of category "from lrX up to lrY", "number of" before a year, "the N
<studies> done most recently", "the N <findings of any kind> with the <superlative> <field>", a
sort direction in brackets with "and give me the top N", a percentage after a label's colon, a
share said "as a share of ... , percent", a closing "median" after a bracketed field label and
an average said after its field ("averaged over"). The reader was changed with these in view,
so they are tune questions; the family names are those of parts 32 and 33 ("stats" is part
32's name for percentages, "aggregates" part 33's).

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    any_ct,
    att,
    cat_in,
    chest_ct,
    count,
    findings,
    head_ct,
    highest,
    history,
    in_year,
    ldct,
    mean_of,
    median_of,
    nodule_rows,
    pct,
    sids,
    studies,
    top,
    untied,
    went_from,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (a tie across a ranking's cut: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _share(part: int, whole: int) -> float | None:
    return pct(part, whole) if whole else None


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """'LR-4A' as a patient's highest; 'from lrX up to lrY'; 'number of' before a year."""
    del rng
    yield from item(
        "lung-rads",
        "pts whose highest category on record is LR-4A",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield from item(
        "lung-rads",
        "low dose cts that got bumped from lr3 up to lr4b",
        "study",
        sids(ldct, went_from("3", ("4B",))),
    )
    yield from item(
        "lung-rads",
        "number of 2024 chest cts below lung-rads 2",
        "count",
        count(chest_ct, in_year(2024), cat_in("1")),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """'the N <studies> acquired most recently'; 'the N <findings> with the lowest <field>';
    'sort ... by <field> (smallest first) and give me the top N'."""
    del rng
    heads = [s for s in studies() if head_ct(s)]
    yield from item(
        "rankings",
        "the 2 head cts acquired most recently",
        "study",
        top(heads, lambda s: -dt.date.fromisoformat(s["study_date"]).toordinal(), 2, "study_uid"),
    )
    ptx = [f for f in findings() if f["kind"] == "pneumothorax"]
    n, lowest = untied(ptx, lambda f: f["confidence"], "finding_id", 3)
    yield from item(
        "rankings", f"the {n} pneumothoraces with the lowest confidence", "finding", lowest
    )
    solid = [f for f in nodule_rows(att("solid")) if f["short_axis_mm"] is not None]
    n, smallest = untied(solid, lambda f: f["short_axis_mm"], "finding_id", 3)
    yield from item(
        "rankings",
        f"sort solid nodules by short axis (smallest first) and give me the top {n}",
        "finding",
        smallest,
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """A percentage after a label's colon; 'as a share of ..., percent'."""
    del rng
    yield from item(
        "stats",
        "2025 chest cts: what percent came back lung-rads 2",
        "value",
        _share(count(chest_ct, in_year(2025), cat_in("2")), count(chest_ct, in_year(2025))),
    )
    yield from item(
        "stats",
        "2025 studies - what % were chest cts",
        "value",
        _share(count(chest_ct, in_year(2025)), count(in_year(2025))),
    )
    yield from item(
        "stats",
        "cts as a share of all studies, percent",
        "value",
        _share(count(any_ct), len(studies())),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """A closing 'median' after a bracketed field label; an average said after its field."""
    del rng
    yield from item(
        "aggregates",
        "solid nodule attenuation (mean HU), median",
        "value",
        median_of([f["mean_hu"] for f in nodule_rows(att("solid")) if f["mean_hu"] is not None]),
    )
    yield from item(
        "aggregates",
        "short axis in cm, averaged over part-solid nodules",
        "value",
        mean_of([f["short_axis_mm"] / 10 for f in nodule_rows(att("part-solid"))]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    lung_rads,
    rankings,
    stats,
    aggregates,
)
