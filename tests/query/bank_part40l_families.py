"""Tune questions for the families of part 40 (``bank_fresh_40.py``) fixed in share L (shares
whose period bounds the population, rankings, averages and medians, breakdowns, intervals;
dates, demographics, numbers and slips are share J's, counts, set logic, Lung-RADS over time,
growth, reports and lobes share K's).

Each is a new phrasing of the family, never a sentence of the part: a station's share of one
year's studies with the period said last, "how many %" of a kind of study, patients ranked by
their nodule tally, a ranking by the model's confidence, a mean over every finding, a mean
count said with "show up", the median gap said with its unit, a breakdown said "spread over",
and the volume of a station's studies. The reader was changed with these in view, so they are
tune questions; the family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    at_station,
    cat_in,
    count,
    cxr,
    days_between,
    findings,
    in_year,
    ldct,
    nods,
    nodule_rows,
    own,
    pats,
    pct,
    sids,
    studies,
)
from blind_reference import untied as ranked
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _share(part: list[str], whole: list[str]) -> float | None:
    """A percentage the engine's rounding to a tenth cannot move (:func:`blind_reference.pct`)."""
    return pct(len(part), len(whole)) if whole else None


def aggregates(rng: random.Random) -> Iterator[Item]:
    """A station's share with the period said last; "how many %"; a mean over every finding;
    a mean count said with "show up on"."""
    del rng
    yield from item(
        "aggregates",
        "percentage of ldcts acquired on ct02 during 2024",
        "value",
        _share(sids(ldct, at_station("CT02"), in_year(2024)), sids(ldct, in_year(2024))),
    )
    yield from item(
        "aggregates",
        "among 2023 ldcts, how many % were lung-rads 2",
        "value",
        _share(sids(ldct, in_year(2023), cat_in("2")), sids(ldct, in_year(2023))),
    )
    yield from item(
        "aggregates",
        "over all the nodule findings, the median long axis",
        "value",
        float(statistics.median(f["long_axis_mm"] for f in nodule_rows())),
    )
    yield from item(
        "aggregates",
        "how many nodules on average show up on a screening ct",
        "value",
        float(statistics.mean(len(nods(s)) for s in studies() if ldct(s))),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """Patients ranked by their nodule tally; findings ranked by the model's confidence."""
    del rng
    totals = [
        {"patient_id": p["patient_id"], "n": sum(len(nods(s)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    n, pids = ranked(totals, lambda r: -r["n"], "patient_id", 3)
    question = f"which {n} people hold the largest nodule tallies"
    yield from item("rankings", question, "patient", pids)
    effusions = [f for f in findings() if f["kind"] == "pleural_effusion"]
    n, fids = ranked(effusions, lambda f: -f["confidence"], "finding_id", 2)
    question = f"pleural effusion findings sorted by model confidence, top {n}"
    yield from item("rankings", question, "finding", fids)


def intervals(rng: random.Random) -> Iterator[Item]:
    """The median gap between consecutive studies, its unit said before "gap"."""
    del rng
    gaps = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if ldct(s)]
        pairs = itertools.pairwise(mine)
        gaps += [days_between(a["study_date"], b["study_date"]) for a, b in pairs]
    yield from item(
        "intervals",
        "median day-gap between consecutive ldcts",
        "value",
        float(statistics.median(gaps)),
    )


def _groups(rows: list[Row], key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def lobes(rng: random.Random) -> Iterator[Item]:
    """A breakdown by lobe said "spread over the five lobes"."""
    del rng
    rows = [f for f in nodule_rows() if f["lobe"] is not None]
    question = "nodule findings spread over the five lobes"
    yield from item("lobes", question, "groups", _groups(rows, lambda f: f["lobe"]))


def modality(rng: random.Random) -> Iterator[Item]:
    """The volume of a station's radiographs, a count."""
    del rng
    yield from item(
        "modality",
        "dx01 x-ray volume in 2024",
        "count",
        count(cxr, at_station("DX01"), in_year(2024)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    aggregates,
    rankings,
    intervals,
    lobes,
    modality,
)
