"""Tune questions for the families of part 43 (``bank_fresh_43.py``) fixed in share D (lobes,
demographics, modality, dates; set logic, reports, Lung-RADS, growth, rankings, averages and
intervals are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: a lobe left out with "aside
from" or "other than", the only lobe holding nodules said as a sentence of its own, an age
range said as a bracket or group, a body-part breakdown said after the field, and a slip inside
a hyphenated word. The reader was changed with these in view (:mod:`query.lobe_age_forms`,
:mod:`query.history`, :mod:`query.typos`), so they are tune questions; the family name is the
part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    aged,
    agreed,
    att,
    cxr,
    dated,
    in_lobe,
    margin,
    nod,
    nods,
    sex_is,
    sids,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _only_in(lobe: str) -> Callable[[Row], bool]:
    """A study with nodules, every one of them in ``lobe``."""

    def test(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] == lobe for f in ns)

    return test


def lobes(rng: random.Random) -> Iterator[Item]:
    """A lobe left out in other words; the only lobe with nodules said as a sentence."""
    del rng
    yield from item(
        "lobes",
        "left lung nodules other than the lower lobe",
        "study",
        sids(nod(in_lobe("LUL"))),
    )
    yield from item(
        "lobes",
        "exams with nodules aside from the upper lobes",
        "study",
        sids(nod(in_lobe("RML", "RLL", "LLL"))),
    )
    yield from item(
        "lobes",
        "scans in which the lll was the sole lobe containing nodules",
        "study",
        sids(_only_in("LLL")),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """An age range said as a bracket or group."""
    del rng
    yield from item(
        "demographics",
        "women within the 60 to 70 age bracket with a ggn",
        "patient",
        agreed(
            *aged(
                lambda s: sex_is("F")(s) and 60 <= ref.age(s) <= 70,
                nod(att("ground-glass")),
            )
        ),
    )
    yield from item(
        "demographics",
        "women of the 65-74 age group who had a spiculated nodule",
        "patient",
        agreed(
            *aged(
                lambda s: sex_is("F")(s) and 65 <= ref.age(s) <= 74,
                nod(margin("spiculated")),
            )
        ),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A breakdown by body part said after the field."""
    del rng
    chosen = [s for s in studies() if s["study_date"].startswith("2025")]
    yield from item(
        "modality",
        "body part distribution of 2025 studies",
        "groups",
        sorted(Counter(s["body_part"] for s in chosen).items()),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A kind of study and a period, the kind typed with a slip inside its hyphenated word."""
    del rng
    yield from item(
        "dates",
        "x-rasy of the chest after 2024",
        "study",
        sids(cxr, dated("2025-01-01", "2100-12-31")),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    lobes,
    demographics,
    modality,
    dates,
)
