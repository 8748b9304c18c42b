"""Tune questions for the families part 35 (``bank_fresh_35.py``) showed the reader missing,
share B (none said as "not a single", set logic said in other words, a patient's peak
Lung-RADS, rankings, averages and intervals said in other words, a report on a study with no
finding, growth "between consecutive exams").

Each is a new phrasing of a family, never a sentence of the part: "not one" finding, "never
undergone a single" study, "no nodule on any of those" after a count of studies, "top
lung-rads across their record reached", a category that "rose ... relative to the previous
one", "the N earliest born", "the largest number of" findings, "in a typical chest ct how many
... on average", "as an average in days, between one ldct and the next", "were nodule-free",
"reports mentioning X on a study with no Y" and "measured ... growth across successive scans".
The reader was changed with these in view, so they are tune questions; the family names are
those of the part, so that tune covers each family that was fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    any_ct,
    chest_ct,
    count,
    days_between,
    fstudy,
    grew_readings,
    highest,
    history,
    in_year,
    ldct,
    mean_of,
    neg,
    nod,
    nods,
    own,
    pats,
    pct,
    pids,
    says,
    sids,
    studies,
    top,
    went,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (no tie at a ranking's boundary, the
    conventions' readings agree)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def counts(rng: random.Random) -> Iterator[Item]:
    """'not one' finding is none."""
    del rng
    yield from item("counts", "ldcts with not one nodule", "study", sids(ldct, neg(nod())))


def set_logic(rng: random.Random) -> Iterator[Item]:
    """'never undergone a single' study; 'no nodule on any of those' after a count of studies."""
    del rng
    yield from item(
        "set_logic",
        "patients who have never undergone a single chest ct",
        "patient",
        history(lambda m: not any(map(chest_ct, m))),
    )
    yield from item(
        "set_logic",
        "patients with 3 or more chest cts and no nodule on any of those",
        "patient",
        history(
            lambda m: sum(map(chest_ct, m)) >= 3 and not any(nods(s) for s in m if chest_ct(s))
        ),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A patient's 'top ... reached' category; a category that 'rose ... relative to the
    previous one'."""
    del rng
    yield from item(
        "lung_rads",
        "patients whose top lung-rads across their record reached 3",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield from item(
        "lung_rads",
        "studies that rose in lung-rads relative to the previous one",
        "study",
        sids(went(1)),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """'the N earliest born'; 'the largest number of' findings."""
    del rng
    yield from item(
        "rankings",
        "the 3 earliest born people",
        "patient",
        top(pats(), lambda p: p["birth_date"], 3, "patient_id"),
    )
    for n in range(3, 9):
        ranked = top(
            pats(), lambda p: -sum(len(nods(s)) for s in own(p["patient_id"])), n, "patient_id"
        )
        if ranked is not None:
            question = f"which {n} patients have the largest number of nodules"
            yield from item("rankings", question, "patient", ranked)
            break


def aggregates(rng: random.Random) -> Iterator[Item]:
    """'in a typical <study> how many ... on average'; 'were nodule-free'."""
    del rng
    chest = [s for s in studies() if chest_ct(s)]
    yield from item(
        "aggregates",
        "in a typical chest ct how many nodules do you see on average",
        "value",
        mean_of([len(nods(s)) for s in chest]),
    )
    yield from item(
        "aggregates",
        "share (%) of 2023 cts that were nodule-free",
        "value",
        pct(count(any_ct, in_year(2023), neg(nod())), count(any_ct, in_year(2023))),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """'as an average in days, between one <study> and the next'."""
    del rng
    gaps: list[float] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if ldct(s)]
        gaps += [
            float(days_between(a["study_date"], b["study_date"]))
            for a, b in itertools.pairwise(mine)
        ]
    yield from item(
        "intervals",
        "typical gap, as an average in days, between one ldct and the next",
        "value",
        mean_of(gaps),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """'reports mentioning X on a study with no Y': Y is the study's findings."""
    del rng
    yield from item(
        "reports",
        "reports mentioning lymphadenopathy on a study with no nodules",
        "study",
        sids(says("lymphadenopathy"), neg(nod())),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """'measured ... growth across successive scans' is growth since the previous study."""
    del rng
    yield from item(
        "growth",
        "patients with measured nodule growth across successive scans",
        "patient",
        agreed(*[pids(fstudy(t)) for t in grew_readings()]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    set_logic,
    lung_rads,
    rankings,
    aggregates,
    intervals,
    reports,
    growth,
)
