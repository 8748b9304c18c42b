"""Tune questions for the families of parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``)
fixed in share E (rankings, averages, shares and totals said in other words; the other families
are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: a total said after the
findings or before them ("- total number", "the total of"), a year said as a calendar year, a
field averaged said after the findings ("the <field> on average", "<field> of ... averaged"),
findings per study on average, the studies of "the average patient", a unit said first, a group
then its share ("among ..., what proportion"), birth order after the place or the people's
conditions, studies named then "the N most recent ones" or "which N have the earliest dates",
and findings ranked in other words ("detected with the greatest confidence", "the most negative
HU"). The reader was changed with these in view (:mod:`query.said_statistics`,
:mod:`query.rank_said`, :mod:`query.plain_forms`, :mod:`query.dates`, :mod:`query.rewrites`), so
they are tune questions; the family name is the parts', so that tune covers the family fixed
here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from statistics import mean
from typing import Any

import cohort_reference as ref
from blind_reference import (
    at_station,
    cxr,
    dated,
    findings,
    head_ct,
    ldct,
    pats,
    sids,
    studies,
    study_of,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _nodules(**values: Any) -> list[Row]:
    return [
        f for f in findings() if f["kind"] == "nodule" and all(f[k] == v for k, v in values.items())
    ]


def _first(keyed: dict[str, str], n: int, *, latest: bool) -> list[str] | None:
    """The ``n`` keys with the earliest (latest) values, or None where a tie straddles the cut."""
    ranked = sorted(keyed, key=lambda k: keyed[k], reverse=latest)
    if len(ranked) > n and keyed[ranked[n - 1]] == keyed[ranked[n]]:
        return None
    return sorted(ranked[:n])


def counts(rng: random.Random) -> Iterator[Item]:
    """A total said after the findings or before them, and a year said as a calendar year."""
    del rng
    yield from item(
        "features",
        "part-solid nodules - total number",
        "count",
        len(_nodules(attenuation="part-solid")),
    )
    yield from item(
        "features",
        "the total of ground glass nodules",
        "count",
        len(_nodules(attenuation="ground-glass")),
    )
    yield from item(
        "modality",
        "CT01 head ct total for calendar year 2023",
        "count",
        len(sids(head_ct, at_station("CT01"), dated("2023-01-01", "2023-12-31"))),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """Averages said in other words."""
    del rng
    solid = _nodules(attenuation="solid")
    yield from item(
        "aggregates",
        "solid nodules, the long axis on average",
        "value",
        mean(f["long_axis_mm"] for f in solid),
    )
    lll = _nodules(lobe="LLL")
    yield from item(
        "aggregates",
        "volume of the lll nodules averaged",
        "value",
        mean(f["volume_mm3"] for f in lll),
    )
    spic = _nodules(margin="spiculated")
    yield from item(
        "stats",
        "in mm, what's the mean diameter of spiculated nodules",
        "value",
        mean(f["diameter_mm"] for f in spic),
    )
    on_ldct = [f for f in findings() if f["kind"] == "nodule" and ldct(study_of(f))]
    yield from item(
        "stats", "nodules per a single ldct, on average", "value", len(on_ldct) / len(sids(ldct))
    )
    yield from item(
        "stats",
        "how many scans does a typical patient undergo",
        "value",
        len(studies()) / len(pats()),
    )


def shares(rng: random.Random) -> Iterator[Item]:
    """A group named first, then the share of it asked."""
    del rng
    rll = _nodules(lobe="RLL")
    yield from item(
        "aggregates",
        "of nodules sitting in the rll, what proportion is solid",
        "value",
        round(100 * sum(f["attenuation"] == "solid" for f in rll) / len(rll), 1),
    )
    who = {study_of(f)["patient_id"] for f in findings() if f["kind"] == "mass"}
    born = ref.cohort()[0]
    yield from item(
        "aggregates",
        "amongst patients who had a mass, what fraction are female (percent)",
        "value",
        round(100 * sum(born[p]["sex"] == "F" for p in who) / len(who), 1),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """Birth order and study order said in other words, findings ranked in other words."""
    del rng
    births = {p["patient_id"]: p["birth_date"] for p in pats()}
    yield from item(
        "rankings",
        "the 5 patients born most recently in the cohort",
        "patient",
        _first(births, 5, latest=True),
    )
    yield from item(
        "rankings",
        "which 2 people have the earliest birth dates",
        "patient",
        _first(births, 2, latest=False),
    )
    men_cxr = {p: births[p] for p in {s["patient_id"] for s in studies() if cxr(s)}}
    yield from item(
        "rankings",
        "which 3 pts with a chest x-ray were born earliest",
        "patient",
        _first(men_cxr, 3, latest=False),
    )
    dates = {s["study_uid"]: s["study_date"] for s in studies() if head_ct(s)}
    yield from item(
        "rankings", "head cts - the 2 latest ones", "study", _first(dates, 2, latest=True)
    )
    on_ct2 = {
        s["study_uid"]: s["study_date"] for s in studies() if ldct(s) and at_station("CT02")(s)
    }
    yield from item(
        "rankings",
        "ct02 ldcts: which 4 have the earliest dates",
        "study",
        _first(on_ct2, 4, latest=False),
    )
    hu = {f["finding_id"]: f["mean_hu"] for f in _nodules(attenuation="solid")}
    lowest = sorted(hu, key=lambda k: hu[k])
    if hu[lowest[2]] != hu[lowest[3]]:
        yield from item(
            "rankings",
            "show 3 solid nodules having the most negative hu",
            "finding",
            sorted(lowest[:3]),
        )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    stats,
    shares,
    rankings,
)
