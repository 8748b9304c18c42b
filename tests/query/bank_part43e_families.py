"""Tune questions for the families of part 43 (``bank_fresh_43.py``) fixed in share E (set
logic, Lung-RADS, growth and features; identifiers, dates, counts, rankings, averages and
intervals are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: masses set aside in a phrase
of their own ("masses excepted", "(not counting masses)", an afterthought after a comma), "fresh"
and "first detected" nodules, nodules "holding steady", "no ... at any time", the people named
and then "those who" had something set aside, a breakdown "by their" category. The reader was
changed with these in view (:mod:`query.new_masses`, :mod:`query.reading`,
:mod:`query.clauses`, :mod:`query.history`), so they are tune questions; the family name is
the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    at_station,
    att,
    category,
    fstudy,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    margin,
    new,
    nod,
    pids,
    sids,
    some_but_never,
    stable,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _never(test: Callable[[Row], bool]) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def set_logic(rng: random.Random) -> Iterator[Item]:
    """The people named, then those who had something set aside; "no ... at any time"."""
    del rng
    yield from item(
        "set logic",
        "all patients apart from those who ever had a mass",
        "patient",
        _never(kind("mass")),
    )
    yield from item(
        "set logic",
        "everybody other than the ones with a part solid nodule",
        "patient",
        _never(nod(att("part-solid"))),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A breakdown "by their" category."""
    del rng
    ld25 = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    yield from item(
        "lung-rads",
        "count the 2025 ldcts grouped by their lung-rads category",
        "groups",
        sorted(Counter(category(s) for s in ld25).items(), key=lambda kv: str(kv[0])),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """Masses set aside in a phrase of their own; "fresh" nodules; nodules holding steady."""
    del rng
    yield from item(
        "growth",
        "studies with a fresh nodule in 2024, masses excepted",
        "study",
        sids(fstudy(new(False)), in_year(2024)),
    )
    yield from item(
        "growth",
        "how many patients had a new nodule first detected at ct02 (not counting masses)",
        "count",
        len(pids(at_station("CT02"), fstudy(new(False)))),
    )
    yield from item(
        "growth",
        "patients with a newly seen nodule in 2025, excluding masses",
        "patient",
        pids(fstudy(new(False)), in_year(2025)),
    )
    yield from item(
        "growth",
        "exams with part solid nodules that held steady",
        "study",
        agreed(
            *[
                sids(fstudy(stable(r, m), att("part-solid")))
                for r in (False, True)
                for m in (False, True)
            ]
        ),
    )
    yield from item(
        "growth",
        "rul nodules holding steady",
        "study",
        agreed(
            *[
                sids(fstudy(stable(r, m), in_lobe("RUL")))
                for r in (False, True)
                for m in (False, True)
            ]
        ),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """A feature had, and another "not at any time" / "at no time"."""
    del rng
    yield from item(
        "features",
        "patients with a solid nodule but no lobulated nodule at any time",
        "patient",
        history(some_but_never(nod(att("solid")), nod(margin("lobulated")))),
    )
    yield from item(
        "features",
        "pts with a calcified nodule and no spiculated nodule at any point",
        "patient",
        history(some_but_never(nod(lambda f: f["calcified"] is True), nod(margin("spiculated")))),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    lung_rads,
    growth,
    features,
)
