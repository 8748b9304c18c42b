"""Tune questions for the families part 28 (``bank_fresh_28.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: the noun right before "count",
"tally", "total" or "number" is what is counted ("2024 chest ct tally for women"); a condition
only a patient has with no noun asks for patients ("over 3 years of follow-up"); a Lung-RADS
category written with its letter and no Lung-RADS word before it ("4A ldcts"); a patient's
highest category said by "peaked at" or "(highest ever)"; "bumped" as an upgrade; a range of
counts before its noun ("between 3 and 5 scans", "from 1 to 2 nodules inclusive"); "neither male
nor female"; a birth date that "falls in" years. The reader was changed with these in view, so
they are tune questions; the family names are those of part 28, so that tune covers each of its
families that was fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    born,
    cat_in,
    chest_ct,
    count,
    highest,
    history,
    in_year,
    ldct,
    months_on,
    nods,
    pats,
    pids,
    sex_is,
    sids,
    went_from,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    yield Item(family, PART, question, unit, expected)


def demographics(rng: random.Random) -> Iterator[Item]:
    """The noun before the count word is counted; "neither male nor female" is sex O."""
    del rng
    yield from item(
        "demographics",
        "2024 chest ct tally for women",
        "count",
        count(chest_ct, in_year(2024), sex_is("F")),
    )
    yield from item(
        "demographics", "exam total in 2025 for men", "count", count(in_year(2025), sex_is("M"))
    )
    yield from item(
        "demographics",
        "patients whose gender is neither male nor female",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """A follow-up span alone asks for patients."""
    del rng
    yield from item(
        "intervals",
        "more than 36 months of follow-up",
        "patient",
        history(lambda m: len(m) > 0 and m[-1]["study_date"] > months_on(m[0]["study_date"], 36)),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A category with its letter, a patient's peak, "bumped"."""
    del rng
    yield from item(
        "lung-rads", "4A ldcts from 2025", "study", sids(ldct, in_year(2025), cat_in("4A"))
    )
    yield from item(
        "lung-rads",
        "which patients peaked at lung-rads 2",
        "patient",
        history(lambda m: highest(m) == "2"),
    )
    yield from item(
        "lung-rads",
        "patients bumped from category 3 to category 4b",
        "patient",
        pids(went_from("3", ("4B",))),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A range of counts before its noun, per patient and per study."""
    del rng
    yield from item(
        "counts",
        "pts with between 3 and 5 scans",
        "patient",
        history(lambda m: 3 <= len(m) <= 5),
    )
    yield from item(
        "counts",
        "how many chest cts had from 1 to 2 nodules inclusive",
        "count",
        count(chest_ct, lambda s: 1 <= len(nods(s)) <= 2),
    )
    yield from item(
        "counts",
        "patients having only one imaging exam on file",
        "patient",
        history(lambda m: len(m) == 1),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A birth date that "falls in" years."""
    del rng
    yield from item(
        "dates",
        "patients whose date of birth falls in 1955 through 1959",
        "patient",
        born("1955-01-01", "1959-12-31"),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    demographics,
    intervals,
    lung_rads,
    counts,
    dates,
)
