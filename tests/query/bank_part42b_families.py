"""Tune questions for the families of part 42 (``bank_fresh_42.py``) fixed in share B (set logic,
Lung-RADS, reports, growth, nodule features; identifiers, dates, numbers, counts, lobes,
modality, rankings, averages and intervals are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: people "other than" anyone
ever examined at a station, nodules "none of them ever" enlarged, "not one single" finding
"over their whole history", a concept that "doesn't turn up" in any report, one "reported" in
the report "yet" another "wasn't", a "grand total" of nodules "tagged as" a feature, a
category "categorized" by lung-rads, a category "if the previous ct was" another, "category A
compared with B", a year's "screening campaign", growth "becoming bigger versus" the prior,
"since their last ct", a nodule "that was not visible on the prior studies", and a breakdown's
values listed in brackets. The reader was changed with these in view (:mod:`query.negated_forms`,
:mod:`query.category_forms`, :mod:`query.growth_forms`, :mod:`query.grouped_values`), so they are
tune questions; the family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    at_station,
    att,
    calcified,
    cat_in,
    category,
    chest_ct,
    findings,
    fstudy,
    grew_readings,
    history,
    in_lobe,
    in_year,
    is_nodule,
    kind,
    ldct,
    margin,
    new,
    nod,
    pids,
    says,
    sids,
    some_but_never,
    studies,
    went_from,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def set_logic(rng: random.Random) -> Iterator[Item]:
    """People left out by a study they had; not one finding over a whole history; A on one
    occasion and B on another or the same."""
    del rng
    yield from item(
        "set_logic",
        "all pts other than anybody ever examined at DX01",
        "patient",
        _never(at_station("DX01")),
    )
    yield from item(
        "set_logic",
        "patients who had an effusion at some time, but not one single nodule over their whole "
        "history",
        "patient",
        history(some_but_never(kind("pleural_effusion"), nod())),
    )
    yield from item(
        "set_logic",
        "patients with a smooth nodule on one visit and a ground-glass nodule at another, or at "
        "the same visit",
        "patient",
        history(
            lambda mine: (
                any(map(nod(margin("smooth")), mine)) and any(map(nod(att("ground-glass")), mine))
            )
        ),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A category said as a score; a category after the previous exam's; "category A compared
    with B"; a year's screening campaign per category."""
    del rng
    yield from item(
        "lung_rads",
        "chest cts categorized as 2 under lung-rads",
        "study",
        sids(chest_ct, cat_in("2")),
    )
    yield from item(
        "lung_rads",
        "exams that were lung-rads 4B, if the previous ct was category 3",
        "study",
        sids(went_from("3", ("4B",))),
    )
    chosen = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    yield from item(
        "lung_rads",
        "category 3 compared with 4X ldcts in 2025",
        "groups",
        [(c, n) for c in ("3", "4X") if (n := sum(category(s) == c for s in chosen))],
    )
    tally: dict[str, int] = {}
    for s in studies():
        if ldct(s) and in_year(2024)(s):
            tally[str(category(s))] = tally.get(str(category(s)), 0) + 1
    yield from item(
        "lung_rads",
        "for the 2024 screening campaign, ldct numbers within each lung-rads category",
        "groups",
        sorted(tally.items()),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A concept in none of a patient's reports; one noted while another is not."""
    del rng
    yield from item(
        "reports",
        "pts for whom coronary artery calcification doesn't turn up in any one of their reports",
        "patient",
        _never(says("coronary")),
    )
    yield from item(
        "reports",
        "lymphadenopathy reported in the report yet granuloma wasn't, which scans",
        "study",
        sids(says("lymphadenopathy"), lambda s: not says("granuloma")(s)),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """Growth said as "becoming bigger versus" the prior, "since their last ct"; a nodule not
    visible on the prior studies; nodules none of which ever enlarged."""
    del rng
    yield from item(
        "growth",
        "ground glass nodules becoming bigger versus the preceding exam",
        "study",
        agreed(*[sids(fstudy(r, att("ground-glass"))) for r in grew_readings()]),
    )
    yield from item(
        "growth",
        "RLL nodules that grew since their last ct",
        "study",
        agreed(*[sids(fstudy(r, in_lobe("RLL"))) for r in grew_readings()]),
    )
    yield from item(
        "growth",
        "patients with a part-solid nodule which was not visible on the prior studies",
        "patient",
        pids(fstudy(new(False), att("part-solid"), is_nodule)),
    )
    yield from item(
        "growth",
        "people who have nodules, none of them ever enlarged",
        "patient",
        agreed(*[history(some_but_never(nod(), fstudy(r))) for r in grew_readings()]),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """A grand total of nodules tagged as a feature; a breakdown with its values listed."""
    del rng
    yield from item(
        "features",
        "grand total number of nodules tagged as calcified",
        "count",
        sum(1 for f in findings() if is_nodule(f) and calcified(f)),
    )
    tally: dict[str, int] = {}
    for f in findings():
        if is_nodule(f):
            tally[str(f["attenuation"])] = tally.get(str(f["attenuation"]), 0) + 1
    yield from item(
        "features",
        "nodule count for each attenuation (GGO, part solid, solid)",
        "groups",
        sorted(tally.items()),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    lung_rads,
    reports,
    growth,
    features,
)
