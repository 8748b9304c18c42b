"""Tune questions for the families of parts 44 and 45 (``bank_fresh_44.py``,
``bank_fresh_45.py``) fixed in share C (set logic, report negation, Lung-RADS over time, growth;
the other families are the other fixers').

Each is a new phrasing of the family, never a sentence of a part: a purpose label before a
colon, coming for a study, "both" typed with a slip, "those who" with "no X in their record",
two findings each "on another visit or the same", a study with contrast and another without, a
report negation said "not once", a highest category that "stopped at" one, a move from one
category straight to another, a step of the scale up since the prior, a category held on every
screening CT with a count in brackets, a nodule seen for the first time and one that has not
changed. The reader was changed with these in view (:mod:`query.negated_forms`,
:mod:`query.plain_forms`, :mod:`query.layouts`, :mod:`query.typos`, :mod:`query.category_forms`,
:mod:`query.growth_forms`), so they are tune questions; the family name is the part's, so that
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
    category,
    chest_ct,
    each_on_some,
    fstudy,
    highest,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    new,
    non_contrast_chest,
    pids,
    says,
    sids,
    stable,
    went,
    went_from,
    with_contrast,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _never(test: Callable[[Row], bool]) -> Callable[[list[Row]], bool]:
    return lambda mine: not any(test(s) for s in mine)


def set_logic(rng: random.Random) -> Iterator[Item]:
    """Two periods or findings each on some study; nothing of a kind in the record."""
    del rng
    yield from item(
        "set_logic",
        "registry request: who came in for imaging in bothe 2024 and 2026",
        "patient",
        history(each_on_some(in_year(2024), in_year(2026))),
    )
    yield from item(
        "set_logic",
        "find those who have had no chest ct at all across their whole record",
        "patient",
        history(_never(chest_ct)),
    )
    yield from item(
        "set_logic",
        "patients with an effusion and, at another visit or the same one, a mass",
        "patient",
        history(each_on_some(kind("pleural_effusion"), kind("mass"))),
    )
    yield from item(
        "set_logic",
        "people who had a chest ct w/o contrast and a second one with contrast",
        "patient",
        history(each_on_some(with_contrast, non_contrast_chest)),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A report negation said "not once"."""
    del rng
    yield from item(
        "reports",
        "patients whose reports have not once mentioned emphysema",
        "patient",
        history(_never(says("emphysema"))),
    )


def _steady(cat: str, least: int) -> Callable[[list[Row]], bool]:
    def test(mine: list[Row]) -> bool:
        screens = [s for s in mine if ldct(s)]
        return len(screens) >= least and all(category(s) == cat for s in screens)

    return test


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A highest category, a move, a step up and a category held, in other words."""
    del rng
    yield from item(
        "lung_rads",
        "people whose top lung-rads ever stopped at 4a",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    yield from item(
        "lung_rads",
        "which patients moved from lr 1 directly to lr 2 on their following scan",
        "patient",
        pids(went_from("1", ("2",))),
    )
    yield from item(
        "lung_rads",
        "screening cts which went up by one category versus the previous screen",
        "study",
        sids(ldct, went(1)),
    )
    yield from item(
        "lung_rads",
        "patients who stayed at lung-rads 1 on every single one of their screening cts (3 or more)",
        "patient",
        history(_steady("1", 3)),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """A nodule seen for the first time (new) and one that has not changed (stable)."""
    del rng
    yield from item(
        "growth",
        "2025 studies where a part-solid nodule was seen for the first time",
        "study",
        agreed(*[sids(in_year(2025), fstudy(new(m), att("part-solid"))) for m in (False, True)]),
    )
    yield from item(
        "growth",
        "rml nodules that haven't changed since their previous ct",
        "study",
        agreed(
            *[
                sids(fstudy(stable(r, m), in_lobe("RML")))
                for r in (False, True)
                for m in (False, True)
            ]
        ),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    reports,
    lung_rads,
    growth,
)
