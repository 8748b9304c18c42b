"""Tune questions for the spoken numbers part 29 (``bank_fresh_29.py``) showed the reader missing.

Each is a new phrasing of the family, never a sentence of the part: numbers spelt out as a
dictation writes them (:mod:`query.spoken_numbers`): a year said as two pairs ("twenty twenty
three", "nineteen fifty"), a decimal ("two point five centimetres", "point seven"), a signed
number ("minus eight hundred"), a cardinal of several words ("one thousand cubic millimetres",
"seventy and older"), a Lung-RADS category after its word ("lung rads four a") and a station said
letter by letter ("see tee zero one"). The reader was changed with these in view, so they are
tune questions; the family names are those of part 29.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    age_in,
    aged,
    agreed,
    at_station,
    att,
    born,
    both_,
    cat_in,
    chest_ct,
    count,
    fids,
    ge,
    gt,
    in_year,
    lt,
    nod,
    sex_is,
    sids,
    within,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (readings that disagree leave it out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def dates(rng: random.Random) -> Iterator[Item]:
    """A year said as two pairs: a study date, a birth year."""
    del rng
    yield from item(
        "dates",
        "how many chest cts in twenty twenty three",
        "count",
        count(chest_ct, in_year(2023)),
    )
    yield from item(
        "dates",
        "patients born after nineteen fifty",
        "patient",
        born("1951-01-01", "9999-12-31"),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A decimal, a signed number, a cardinal of several words, each with its unit."""
    del rng
    yield from item(
        "numbers",
        "nodules larger than two point five centimetres",
        "study",
        sids(nod(gt("diameter_mm", 25.0))),
    )
    yield from item(
        "numbers",
        "findings with confidence below point seven",
        "finding",
        fids(lt("confidence", 0.7)),
    )
    yield from item(
        "numbers",
        "nodules with hu under minus eight hundred",
        "study",
        sids(nod(lt("mean_hu", -800.0))),
    )
    yield from item(
        "numbers",
        "solid nodules mean attenuation hu from minus thirty thru plus thirty",
        "study",
        sids(nod(att("solid"), within("mean_hu", -30, 30))),
    )
    yield from item(
        "numbers",
        "how many studies with nodule volume of at least one thousand cubic mm",
        "count",
        len(sids(nod(ge("volume_mm3", 1000.0)))),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """An age of two words, then "and older"."""
    del rng
    yield from item(
        "demographics",
        "male patients seventy two and older with a chest ct",
        "patient",
        agreed(*aged(both_(sex_is("M"), age_in(72, 200)), chest_ct)),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A category after its word, said with its letter."""
    del rng
    yield from item("lung-rads", "number of studies lung rads four a", "count", count(cat_in("4A")))


def stations(rng: random.Random) -> Iterator[Item]:
    """A station said letter by letter and digit by digit."""
    del rng
    yield from item(
        "modality/description/station",
        "scans at see tee zero one in twenty twenty four",
        "study",
        sids(at_station("CT01"), in_year(2024)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    dates,
    numbers,
    demographics,
    lung_rads,
    stations,
)
