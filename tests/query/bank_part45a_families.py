"""Tune questions for the families of part 45 (``bank_fresh_45.py``) fixed in share A (set logic,
numbers, growth: answers that had been given silently wrong; the other families are the other
fixers').

Each is a new phrasing of the family, never a sentence of the part: "either A or B" asked of
patients and of studies, a question that opens on "had" (its subject left out), a place verb
after "mean <field>" ("whose mean attenuation sits under ..."), and an amount set off by a comma
after growing findings ("enlarging nodules, at least 3 mm"). The reader was changed with these
in view (:mod:`query.plain_forms`, :mod:`query.bound_words`, :mod:`query.growth_forms`), so they
are tune questions; the family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    att,
    calcified,
    cat_in,
    fstudy,
    grew_readings,
    gt,
    history,
    kind,
    lt,
    margin,
    nod,
    pids,
    sex_is,
    sids,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _ever(test: Test) -> Callable[[list[Row]], bool]:
    return lambda mine: any(map(test, mine))


def _or(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def set_logic(rng: random.Random) -> Iterator[Item]:
    """ "either A or B" (an "or"), and a question opening on "had" (patients)."""
    del rng
    fam = "set_logic"
    yield from item(
        fam,
        "list patients having either a calcified nodule or a mass",
        "patient",
        pids(_or(nod(calcified), kind("mass"))),
    )
    yield from item(
        fam,
        "scans with either a lobulated nodule or a mass",
        "study",
        sids(_or(nod(margin("lobulated")), kind("mass"))),
    )
    yield from item(
        fam,
        "had a ground-glass nodule at one time but never lung-rads 3",
        "patient",
        history(lambda m: _ever(nod(att("ground-glass")))(m) and not _ever(cat_in("3"))(m)),
    )
    yield from item(
        fam,
        "ever had a spiculated nodule, but never a mass",
        "patient",
        history(lambda m: _ever(nod(margin("spiculated")))(m) and not _ever(kind("mass"))(m)),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A place verb after "mean <field>" bounds each nodule's field, never an average."""
    del rng
    fam = "numbers"
    yield from item(
        fam,
        "which exams have a nodule whose mean attenuation sits under -650 hu",
        "study",
        sids(nod(lt("mean_hu", -650))),
    )
    yield from item(
        fam,
        "patients with a nodule whose mean diameter registers above 15 mm",
        "patient",
        pids(nod(gt("diameter_mm", 15))),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """An amount set off by a comma after growing findings is the growth."""
    del rng
    fam = "growth"
    yield from item(
        fam,
        "enlarging nodules, at least three millimetres",
        "study",
        agreed(*[sids(fstudy(r)) for r in grew_readings(3.0, True)]),
    )
    yield from item(
        fam,
        "growing solid nods, over 2 mm, in men",
        "patient",
        agreed(*[pids(fstudy(r, att("solid")), sex_is("M")) for r in grew_readings(2.0)]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    numbers,
    growth,
)
