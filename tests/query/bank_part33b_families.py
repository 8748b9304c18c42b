"""Tune questions for the families parts 32 and 33 (``bank_fresh_32.py``, ``bank_fresh_33.py``)
showed the reader missing, share B (ages at a study, gaps between consecutive studies, numbers,
lobes and breakdowns).

Each is a new phrasing of a family, never a sentence of a part: the patient's age at a study
("who were under 60 at a chest ct"), an age range after "aged" before a noun of studies, two
successive studies "more than a year apart", the average "spacing" of consecutive studies, a
size range "from A up to B inclusive", lobes joined by a slash, and "break ... down by"
a station. The reader was changed with these in view, so they are tune questions; the family
names are those of the parts, so that tune covers each family that was fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    chest_ct,
    cxr,
    head_ct,
    in_lobe,
    ldct,
    mean_of,
    nod,
    own,
    pats,
    pids,
    sex_is,
    sids,
    studies,
    within,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _pairs(pid: str, kind: Callable[[dict[str, Any]], bool]) -> list[tuple[str, str]]:
    """A patient's consecutive study dates of one kind (two studies on one day: one date)."""
    days = sorted({s["study_date"] for s in own(pid) if kind(s)})
    return list(itertools.pairwise(days))


def combined(rng: random.Random) -> Iterator[Item]:
    """'who were under N at a <study>': the patient's age at that study."""
    del rng
    yield from item(
        "combined",
        "men who were under 60 at a chest ct",
        "patient",
        pids(sex_is("M"), lambda s: ref.age(s) < 60, chest_ct),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """An age range after 'aged' right before a noun of studies."""
    del rng
    yield from item(
        "demographics",
        "women aged 55-62 head ct",
        "patient",
        pids(sex_is("F"), lambda s: 55 <= ref.age(s) <= 62, head_ct),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """Successive studies 'more than a year apart'; the average 'spacing' of consecutive ones."""
    del rng
    yield from item(
        "intervals",
        "pts whose successive chest x-rays were more than a year apart",
        "patient",
        sorted(
            p["patient_id"]
            for p in pats()
            if any(b > ref.months_later(a, 12) for a, b in _pairs(p["patient_id"], cxr))
        ),
    )
    gaps = [
        (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days
        for p in pats()
        for a, b in _pairs(p["patient_id"], chest_ct)
    ]
    yield from item(
        "intervals", "mean spacing in days of consecutive chest cts", "value", mean_of(gaps)
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A size range 'from A up to B inclusive'."""
    del rng
    yield from item(
        "numbers",
        "ldcts with a nodule from 5 mm up to 9 mm inclusive",
        "study",
        sids(ldct, nod(within("diameter_mm", 5, 9))),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """Lobes joined by a slash: one or the other."""
    del rng
    yield from item(
        "lobes", "studies with a RUL/RLL nodule", "study", sids(nod(in_lobe("RUL", "RLL")))
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """'break ... down by' the acquiring station."""
    del rng
    tally = Counter(s["station"] for s in studies() if ldct(s))
    yield from item(
        "modality/station",
        "break the ldcts down by acquisition station",
        "groups",
        sorted(tally.items(), key=lambda kv: str(kv[0])),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    combined,
    demographics,
    intervals,
    numbers,
    lobes,
    modality,
)
