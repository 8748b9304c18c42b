"""Tune questions for the families part 36 (``bank_fresh_36.py``) showed the reader missing,
share D (what a breakdown or a count counts, shares "of A that are B" of findings, a count noun
after a break, "N or more of them").

Each is a new phrasing of a family, never a sentence of the part: a sex breakdown with no noun
("born before 1950: gender breakdown"), a kind of study counted by the patient's sex ("head ct
count by sex of the patient"), "<study> patients ... - count them", "what fraction of part-solid
nodules are in the rul", "% of nodules 15 mm or larger that are solid", "part-solid nodules
that have lobulated margins - number of nodules" and "patients with a chest ct - how many had 3
or more of them". The reader was changed with these in view, so they are tune questions; the
family names are those of the part.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    born,
    chest_ct,
    ge,
    head_ct,
    in_lobe,
    margin,
    nodule_rows,
    own,
    pats,
    pct,
    studies,
)
from question_bank import Item

PART = "tune"
SEXES = ("F", "M", "O")


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def per_sex(keys: Sequence[str]) -> list[tuple[str, int]] | None:
    """Counts per sex, or None when a sex has none (an empty group's row is not settled)."""
    tally = Counter(keys)
    if any(tally[s] == 0 for s in SEXES):
        return None
    return [(s, tally[s]) for s in SEXES]


def demographics(rng: random.Random) -> Iterator[Item]:
    """A sex breakdown with no noun counts people; "<study> patients ... - count them" too."""
    del rng
    early = born("0001-01-01", "1949-12-31")
    yield from item(
        "demographics",
        "born before 1950: gender breakdown",
        "groups",
        per_sex([ref.cohort()[0][p]["sex"] for p in early]),
    )
    old = {s["patient_id"] for s in studies() if chest_ct(s) and ref.age(s) > 80}
    yield from item(
        "demographics",
        "chest ct patients older than 80 at the scan - count them",
        "count",
        len(old),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A kind of study counted by the patient's sex counts the studies."""
    del rng
    yield from item(
        "modality",
        "head ct count by sex of the patient",
        "groups",
        per_sex([ref.sex(s) for s in studies() if head_ct(s)]),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A share of findings "of A that are B" is of A."""
    del rng
    psn = nodule_rows(att("part-solid"))
    yield from item(
        "numbers",
        "what fraction of part-solid nodules are in the rul",
        "value",
        pct(len([f for f in psn if in_lobe("RUL")(f)]), len(psn)),
    )
    large = nodule_rows(ge("diameter_mm", 15))
    yield from item(
        "numbers",
        "% of nodules 15 mm or larger that are solid",
        "value",
        pct(len([f for f in large if att("solid")(f)]), len(large)),
    )


def characteristics(rng: random.Random) -> Iterator[Item]:
    """A count noun after a break is the unit counted, not a finding of its own."""
    del rng
    yield from item(
        "characteristics",
        "part-solid nodules that have lobulated margins - number of nodules",
        "count",
        len(nodule_rows(att("part-solid"), margin("lobulated"))),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """ "N or more of them" after a kind of study counts those studies per patient."""
    del rng
    many = [p for p in pats() if sum(1 for s in own(p["patient_id"]) if chest_ct(s)) >= 3]
    yield from item(
        "counts", "patients with a chest ct - how many had 3 or more of them", "count", len(many)
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    demographics,
    modality,
    numbers,
    characteristics,
    counts,
)
