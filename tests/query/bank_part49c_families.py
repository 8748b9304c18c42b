"""Tune questions for the families of parts 48 and 49 (``bank_fresh_48.py``, ``bank_fresh_49.py``)
fixed in share C (aggregates, intervals, breakdowns, growth and kinds of study; the other
families are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: a statistic of the nodules
per study said after its unit ("nod count per screening ct, median") or with a long unit after
"each", the days "apart" of consecutive studies or of two named accessions, a span statistic
said "per patient", a breakdown said "A / B split", "<field>s of X, breakdown" or "how many of
each <field>", a feature typed with a letter dropped before a finding's noun ("sold"), a finding
"that wasnt there" before, a CT for "pulmonary embolism" and a study "run on" a station. The
reader was changed with these in view (:mod:`query.per_unit`, :mod:`query.gap_said`,
:mod:`query.comparisons`, :mod:`query.typos`, :mod:`query.growth_forms`,
:mod:`query.plain_forms`, :mod:`query.vocabulary`), so they are tune questions; the family names
are the parts', so that tune covers the families fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    any_ct,
    at_station,
    att,
    chest_ct,
    cta,
    days_between,
    fstudy,
    grew_readings,
    in_lobe,
    in_year,
    ldct,
    mean_of,
    median_of,
    new,
    nod,
    nods,
    own,
    pats,
    sids,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _dates(pid: str, test: Test) -> list[str]:
    return sorted({s["study_date"] for s in own(pid) if test(s)})


def _gaps(test: Test) -> list[float]:
    """The days between each patient's consecutive study dates of the kind."""
    return [
        float(days_between(a, b))
        for p in pats()
        for a, b in itertools.pairwise(_dates(p["patient_id"], test))
    ]


def _spans(test: Test) -> list[float]:
    """The days from each patient's first to latest study date of the kind (two dates or more)."""
    out = []
    for p in pats():
        days = _dates(p["patient_id"], test)
        if len(days) >= 2:
            out.append(float(days_between(days[0], days[-1])))
    return out


def _per_study(test: Test) -> list[float]:
    return [float(len(nods(s))) for s in studies() if test(s)]


def _pair(rng: random.Random) -> tuple[Row, Row] | None:
    """Two studies of one patient on different dates, drawn with ``rng``."""
    many = [p["patient_id"] for p in pats() if len(_dates(p["patient_id"], lambda s: True)) >= 2]
    mine = own(rng.choice(many))
    a, b = mine[0], mine[-1]
    return (a, b) if a["study_date"] < b["study_date"] else None


def aggregates(rng: random.Random) -> Iterator[Item]:
    """A statistic of the nodules per study, said after its unit or with a long unit."""
    del rng
    yield from item(
        "aggregates", "nod count per screening ct, median", "value", median_of(_per_study(ldct))
    )
    yield from item(
        "aggregates",
        "average count of nodules on each chest ct",
        "value",
        mean_of(_per_study(chest_ct)),
    )
    yield from item(
        "aggregates",
        "mean number of nodules found on every low dose lung cancer screening ct",
        "value",
        mean_of(_per_study(ldct)),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """Days apart of consecutive or named studies; a span statistic said per patient."""
    yield from item(
        "intervals",
        "consecutive chest cts of a single patient - mean days apart",
        "value",
        mean_of(_gaps(chest_ct)),
    )
    yield from item(
        "intervals",
        "median weeks apart for successive scans",
        "value",
        median_of(_gaps(lambda s: True)) / 7,
    )
    yield from item(
        "intervals",
        "median days from first to latest ct per patient",
        "value",
        median_of(_spans(any_ct)),
    )
    pair = _pair(rng)
    if pair is not None:
        a, b = pair
        yield from item(
            "intervals",
            f"how many days apart are accession {a['accession']} and accession {b['accession']}",
            "value",
            float(days_between(a["study_date"], b["study_date"])),
        )


def breakdowns(rng: random.Random) -> Iterator[Item]:
    """A breakdown said "A / B split", "<field>s of X, breakdown" or "how many of each"."""
    del rng
    lul = [f for s in studies() for f in nods(s) if f["lobe"] == "LUL"]
    yield from item(
        "attenuation/margin/calcification",
        "solid / ground glass split of lul nodules",
        "groups",
        sorted(Counter(f["attenuation"] for f in lul if f["attenuation"] != "part-solid").items()),
    )
    psn = [f for s in studies() for f in nods(s) if f["attenuation"] == "part-solid"]
    yield from item(
        "attenuation/margin/calcification",
        "margins of psns, distribution",
        "groups",
        sorted(Counter(f["margin"] for f in psn).items()),
    )
    yield from item(
        "modality",
        "how many of each body part",
        "groups",
        sorted(Counter(s["body_part"] for s in studies()).items()),
    )
    chosen = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    yield from item(
        "modality",
        "how many 2025 ldcts for each station",
        "groups",
        sorted(Counter(s["station"] for s in chosen).items()),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """A feature slipped before a finding's noun; a finding not there before."""
    del rng
    yield from item(
        "growth",
        "enlarging sold nods",
        "study",
        agreed(*[sids(fstudy(g, att("solid"))) for g in grew_readings()]),
    )
    yield from item(
        "growth",
        "chest cts with a psn that wasnt present on the prior study",
        "study",
        agreed(
            sids(chest_ct, fstudy(new(False), att("part-solid"))),
            sids(chest_ct, fstudy(new(True), att("part-solid"))),
        ),
    )
    yield from item(
        "growth",
        "sold nodules in the rml",
        "study",
        sids(nod(att("solid"), in_lobe("RML"))),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A CT for pulmonary embolism; a study run on a station."""
    del rng
    yield from item(
        "modality",
        "pulmonary embolism studies from 2024",
        "study",
        sids(cta, in_year(2024)),
    )
    yield from item(
        "modality",
        "ldcts that were run on ct02",
        "study",
        sids(ldct, at_station("CT02")),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    aggregates,
    intervals,
    breakdowns,
    growth,
    modality,
)
