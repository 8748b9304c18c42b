"""Tune questions for the families of parts 56 to 59 (``bank_fresh_56.py`` ...
``bank_fresh_59.py``) fixed in share C (counts, set logic, Lung-RADS, growth; the other families
are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: "single / individual"
studies with a count of nodules, a finding never seen "on imaging" with the patients asked after
a dash, a Lung-RADS category on two or more of the patient's studies, an amount of growth said
before "growth", and the patient's highest category asked by a screening office, of
"participants", with "nothing higher" or "across all their exams" said again. The reader was
changed with these in view (:mod:`query.count_words`, :mod:`query.parser`,
:mod:`query.category_forms`, :mod:`query.growth_forms`, :mod:`query.layouts`,
:mod:`query.plain_forms`), so they are tune questions; the family name is the parts', so that
tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    cat_in,
    chest_ct,
    grew_readings,
    highest,
    history,
    kind,
    ldct,
    lesion,
    nod,
    nods,
    pids,
    says,
    sex_is,
    sids,
    went_from,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def counts(rng: random.Random) -> Iterator[Item]:
    """Single (individual) studies with a count of nodules."""
    del rng
    yield from item(
        "counts",
        "individual screening cts with 3 or more nodules",
        "study",
        sids(ldct, lambda s: len(nods(s)) >= 3),
    )
    yield from item(
        "counts",
        "single chest ct studies showing more than four nodules",
        "study",
        sids(chest_ct, lambda s: len(nods(s)) > 4),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A finding never seen on imaging, the patients asked after a dash."""
    del rng
    yield from item(
        "set logic",
        "coronary calcification in a report, never any nodule on imaging - list of patients",
        "patient",
        history(lambda mine: any(map(says("coronary"), mine)) and not any(map(nod(), mine))),
    )
    yield from item(
        "set logic",
        "men with three or more exams, none of which had a mass",
        "patient",
        history(
            lambda mine: (
                sex_is("M")(mine[0]) and len(mine) >= 3 and not any(map(kind("mass"), mine))
            )
        ),
    )
    yield from item(
        "set logic",
        "male patients with zero masses across their entire record",
        "patient",
        history(lambda mine: sex_is("M")(mine[0]) and not any(map(kind("mass"), mine))),
    )
    yield from item(
        "set logic",
        "Inclusion: 3 or more chest CTs; Exclusion: any mass on any scan",
        "patient",
        history(lambda mine: sum(map(chest_ct, mine)) >= 3 and not any(map(kind("mass"), mine))),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A category on several studies; the patient's highest category said other ways."""
    del rng
    yield from item(
        "lung-rads",
        "pts with lung-rads 4a on at least two exams",
        "patient",
        history(lambda mine: sum(map(cat_in("4A"), mine)) >= 2),
    )
    yield from item(
        "lung-rads",
        "patients with 2 or more studies that were lr 2",
        "patient",
        history(lambda mine: sum(map(cat_in("2"), mine)) >= 2),
    )
    yield from item(
        "lung-rads",
        "pts whose lr went from 3 directly to 4a on the following exam",
        "patient",
        pids(went_from("3", ("4A",))),
    )
    yield from item(
        "lung-rads",
        "number of studies with lung_rads = 4a",
        "count",
        len(sids(cat_in("4A"))),
    )
    yield from item(
        "lung-rads",
        "lung screening coordinator here: participants whose highest lung-rads ever was 4b",
        "patient",
        history(lambda mine: highest(mine) == "4B"),
    )
    yield from item(
        "lung-rads",
        "pts whose worst lr was 4a, and nothing higher",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield from item(
        "lung-rads",
        "how many enrollees have a top lung-rads of 3 across all of their scans",
        "count",
        len(history(lambda mine: highest(mine) == "3")),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """An amount of growth said before the word "growth"."""
    del rng
    yield from item(
        "growth",
        "men with >3 mm nodule growth",
        "patient",
        agreed(*[pids(sex_is("M"), lesion(t)) for t in grew_readings(3.0, False)]),
    )
    yield from item(
        "growth",
        "women showing at least 2 mm of nodule growth",
        "patient",
        agreed(*[pids(sex_is("F"), lesion(t)) for t in grew_readings(2.0, True)]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    set_logic,
    lung_rads,
    growth,
)
