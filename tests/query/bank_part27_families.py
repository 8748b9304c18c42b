"""Tune questions for the families part 27 (``bank_fresh_27.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: a report verb before a
concept and a "never" clause of its own after it ("whose reports document lymphadenopathy but
who never had a mass": the mass is a finding); who the patient is after "with / whose" following
a percentage's counted noun ("% of pts with a gender of male"); an amount before the noun of
growth ("nodules with at least 3 mm of growth"); a study's age after the noun's relative verb
("scans that were more than 2 years old as of today"); "does a male patient have" (a rate per
patient of one sex); the days "separating" consecutive studies. The reader was changed with
these in view, so they are tune questions; the family names are those of part 27, so that tune
covers each of its families that was fixed.

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
    chest_ct,
    dated,
    days_between,
    fids,
    grew_readings,
    history,
    kind,
    median_of,
    months_on,
    nods,
    own,
    pats,
    pct,
    says,
    shift,
    sids,
    some_but_never,
    studies,
)
from question_bank import AS_OF, Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (a share not at a tenth is left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A "never" clause of its own after a report verb: its finding is a finding."""
    del rng
    yield from item(
        "set_logic",
        "patients whose reports document lymphadenopathy but who never had a mass",
        "patient",
        history(some_but_never(says("lymphadenopathy"), kind("mass"))),
    )
    yield from item(
        "set_logic",
        "pts whose reports mention emphysema but never had a mass",
        "patient",
        history(some_but_never(says("emphysema"), kind("mass"))),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """Who the patient is after "with / whose" is the share; a rate per patient of one sex."""
    del rng
    scanned = {s["patient_id"] for s in studies()}
    people = [p for p in pats() if p["patient_id"] in scanned]
    for question, code in (
        ("what % of pts with a gender of male", "M"),
        ("percentage of patients whose sex is recorded as female", "F"),
        ("what percentage of patients with sex coded as other", "O"),
    ):
        yield from item(
            "stats", question, "value", pct(sum(p["sex"] == code for p in people), len(people))
        )
    scanned = {s["patient_id"] for s in studies() if chest_ct(s)}
    women = sum(p["sex"] == "F" for p in pats() if p["patient_id"] in scanned)
    yield from item(
        "stats", "% of pts with a chest ct whose sex is female", "value", pct(women, len(scanned))
    )
    men = [p["patient_id"] for p in people if p["sex"] == "M"]
    total = sum(len(nods(s)) for pid in men for s in own(pid))
    yield from item(
        "stats",
        "how many nodules does a male patient have on average",
        "value",
        total / len(men),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """An amount before the noun of growth is the growth threshold."""
    del rng
    yield from item(
        "growth",
        "count the nodules with at least 3 mm of growth",
        "count",
        agreed(*(len(fids(g)) for g in grew_readings(3.0, inclusive=True))),
    )
    yield from item(
        "growth",
        "number of nodules showing a 2-mm increase in size",
        "count",
        agreed(*(len(fids(g)) for g in grew_readings(2.0, inclusive=True))),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A study's age after the noun's own relative verb, and "as of today"."""
    del rng
    cut = months_on(AS_OF, -48)
    yield from item(
        "dates",
        "scans that were more than 4 years old as of today",
        "study",
        agreed(
            sids(dated("0000-01-01", shift(cut, -1))),
            sids(dated("0000-01-01", cut)),
        ),
    )
    yield from item(
        "dates",
        "chest cts which are older than 3 years",
        "study",
        agreed(
            sids(chest_ct, dated("0000-01-01", shift(months_on(AS_OF, -36), -1))),
            sids(chest_ct, dated("0000-01-01", months_on(AS_OF, -36))),
        ),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """The days "separating" consecutive studies, as "between"."""
    del rng
    gaps: list[float] = []
    for p in pats():
        days = sorted({s["study_date"] for s in own(p["patient_id"]) if chest_ct(s)})
        gaps += [float(days_between(a, b)) for a, b in itertools.pairwise(days)]
    yield from item(
        "intervals",
        "median days separating successive chest cts",
        "value",
        median_of(gaps),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    stats,
    growth,
    dates,
    intervals,
)
