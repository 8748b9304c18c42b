"""Tune questions for the families of parts 60 to 63 (``bank_fresh_60.py`` ...
``bank_fresh_63.py``) fixed in share C (Lung-RADS over time, patient-level set logic, counts,
growth; the other shares are the other fixers').

Each is a new phrasing of the family, never a sentence of a part: a study's one nodule said to
have a property ("only one nodule, and it is ..."), a diagnostic study the patient never had,
and a pronoun after a trailing "which exams" ("... had one"). The reader was changed with these
in view (:mod:`query.counted_forms`, :mod:`query.parser`, :mod:`query.rewrites`), so they are
tune questions; the family names are the parts'.

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
    both_,
    calcified,
    chest_ct,
    fstudy,
    grew_readings,
    history,
    ldct,
    margin,
    neg,
    nod,
    nods,
    sids,
    some_but_never,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _one_nodule(s: Row) -> bool:
    return len(nods(s)) == 1


def counts(rng: random.Random) -> Iterator[Item]:
    """The study's one nodule said to have a property."""
    del rng
    yield from item(
        "counts",
        "exams with just one nodule and it is calcified",
        "study",
        sids(_one_nodule, nod(calcified)),
    )
    yield from item(
        "counts",
        "which cts had a single nodule, which was spiculated",
        "study",
        sids(_one_nodule, nod(margin("spiculated"))),
    )
    yield from item(
        "counts",
        "studies where there is only one nodule and it's ground-glass",
        "study",
        sids(_one_nodule, nod(att("ground-glass"))),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A diagnostic study the patient never had."""
    del rng
    diagnostic = both_(chest_ct, neg(ldct))
    yield from item(
        "set logic",
        "patients screened with low-dose ct who never had a diagnostic chest ct",
        "patient",
        history(some_but_never(ldct, diagnostic)),
    )
    yield from item(
        "set logic",
        "pts with an ldct and never a non-screening chest ct",
        "patient",
        history(some_but_never(ldct, diagnostic)),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """A pronoun after a trailing "which exams" is the finding already named."""
    del rng
    yield from item(
        "growth",
        "part-solid nodules getting bigger - which scans had one",
        "study",
        agreed(*(sids(fstudy(g, att("part-solid"))) for g in grew_readings())),
    )
    yield from item(
        "growth",
        "growing solid nodules, which exams showed them?",
        "study",
        agreed(*(sids(fstudy(g, att("solid"))) for g in grew_readings())),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    set_logic,
    growth,
)
