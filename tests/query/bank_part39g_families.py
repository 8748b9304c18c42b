"""Tune questions for the families of part 39 (``bank_fresh_39.py``) fixed in share G (set logic
at patient level, report concepts, growth of "nodule findings", counts and sets said in other
words; rankings, averages and breakdowns, identifiers, numbers, ages, Lung-RADS and slips are
the other fixers').

Each is a new phrasing of the family, never a sentence of the part: a described finding after
"<concept> in the report or", "nodule findings" that grew, a bracket restating a count, "each of
whose <studies> had no", "on one occasion and, on another", no study of a kind in a second
year, a concept "never reported" said first, and "enlarged hilar lymph nodes". The reader was
changed with these in view, so they are tune questions; the family name is the part's, so that
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
    att,
    calcified,
    chest_ct,
    each_on_some,
    findings,
    grew,
    history,
    in_year,
    is_nodule,
    kind,
    ldct,
    margin,
    nod,
    nods,
    pids,
    says,
    sids,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A described finding after "in the report or"; A and, on another occasion, B; a study of
    a kind in one year and none in the next; none of a patient's studies of a kind had it."""
    del rng
    yield from item(
        "set_logic",
        "pts with emphysema in the report or a solid spiculated nodule",
        "patient",
        pids(lambda s: says("emphysema")(s) or nod(att("solid"), margin("spiculated"))(s)),
    )
    yield from item(
        "set_logic",
        "patients with a calcified nodule on one occasion and, on the same or another occasion, "
        "a mass",
        "patient",
        history(each_on_some(nod(calcified), kind("mass"))),
    )
    yield from item(
        "set_logic",
        "patients who had an ldct in 2023 but no ldct at all in 2024",
        "patient",
        history(
            lambda mine: (
                any(ldct(s) and in_year(2023)(s) for s in mine)
                and not any(ldct(s) and in_year(2024)(s) for s in mine)
            )
        ),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A bracket restating a count; "each of whose <studies> had no"."""
    del rng
    yield from item(
        "counts",
        "chest cts with no more than two nodules (0, 1 or 2)",
        "study",
        sids(chest_ct, lambda s: len(nods(s)) <= 2),
    )
    yield from item(
        "counts",
        "patients with a chest ct, all of whose chest cts had no nodule",
        "patient",
        history(
            lambda mine: any(map(chest_ct, mine)) and not any(chest_ct(s) and nods(s) for s in mine)
        ),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A concept "never reported" said first; enlarged lymph nodes with their place."""
    del rng
    yield from item(
        "reports",
        "emphysema never reported - which patients are those",
        "patient",
        history(lambda mine: not any(map(says("emphysema"), mine))),
    )
    yield from item(
        "reports",
        "chest cts with enlarged hilar lymph nodes in 2025",
        "study",
        sids(chest_ct, in_year(2025), says("lymphadenopathy")),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """ "nodule findings" that grew are nodules themselves."""
    del rng
    yield from item(
        "growth",
        "nodule findings that have grown by over 2 mm, list them",
        "finding",
        agreed(
            *[
                sorted(
                    f["finding_id"]
                    for f in findings()
                    if is_nodule(f) and grew(2.0, False, r, m)(f)
                )
                for r in (False, True)
                for m in (False, True)
            ]
        ),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    counts,
    reports,
    growth,
)
