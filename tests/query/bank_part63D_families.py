"""Tune questions for the families of parts 60 to 63 (``bank_fresh_60.py`` ...
``bank_fresh_63.py``) fixed in share D (identifiers, dates, demographics and a sender's noise;
the other families are the other fixers').

Each is a new phrasing of the family, never a sentence of a part: a question wrapped in a
sender's noise (a greeting, a request, a thanks typed with no full stop, a purpose said at the
end, an e-mail subject) and a birth year said after its year or with "somewhere in" before a
decade. The reader was changed with these in view (:mod:`query.layouts`, :mod:`query.reading`),
so they are tune questions; the family name is the part's, so that tune covers the family fixed
here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import born, chest_ct, ldct, own, pids, sex_is, sids
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _of(*patients: str) -> Callable[[dict[str, Any]], bool]:
    return lambda s: s["patient_id"] in patients


def identifiers(rng: random.Random) -> Iterator[Item]:
    """A patient's studies asked in a note with a greeting, a request and a purpose."""
    del rng
    yield from item(
        "identifiers",
        "quick q, can u pull the chest cts of P00020 and P00445 for our mdt thx",
        "study",
        sids(chest_ct, _of("P00020", "P00445")),
    )
    yield from item(
        "identifiers",
        "sorry to bother - every study of P00193 for the tumor board. Cheers, Sam",
        "study",
        sorted(s["study_uid"] for s in own("P00193")),
    )
    yield from item(
        "identifiers",
        "re audit list: ldcts of P00382 ta",
        "study",
        sids(ldct, _of("P00382")),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A birth year said after its year, or a decade with "sometime / somewhere in"."""
    del rng
    yield from item(
        "dates", "patients having a 1955 birth year", "patient", born("1955-01-01", "1955-12-31")
    )
    yield from item(
        "dates",
        "people whose birth year is sometime in the 1970s",
        "patient",
        born("1970-01-01", "1979-12-31"),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """A sex with a birth year after its year."""
    del rng
    yield from item(
        "demographics",
        "ladies with a 1952 year of birth",
        "patient",
        sorted(set(born("1952-01-01", "1952-12-31")) & set(pids(sex_is("F")))),
    )
    yield from item(
        "demographics",
        "on call, men with a birth year somewhere in the forties",
        "patient",
        sorted(set(born("1940-01-01", "1949-12-31")) & set(pids(sex_is("M")))),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    dates,
    demographics,
)
