"""Tune questions for the families of parts 60 to 63 (``bank_fresh_60.py`` ...
``bank_fresh_63.py``) fixed in share A (intervals between a patient's studies).

Each is a new phrasing of the family, never a sentence of the parts: one patient's span or
longest gap in days (a count of days, :mod:`query.one_patient_days`), a patient ID said before a
span of one kind of study, the span's unit said after its two ends, and two accessions "how far
apart in days". The reader was changed with these in view (:mod:`query.one_patient_days`,
:mod:`query.intervals`, :mod:`query.rewrites`, :mod:`query.gap_said`), so they are tune
questions; the family name is the parts', so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import chest_ct, days_between, own, pats
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _dates(pid: str, test: Callable[[Row], bool] | None = None) -> list[str]:
    return sorted({s["study_date"] for s in own(pid) if test is None or test(s)})


def _span(pid: str, test: Callable[[Row], bool] | None = None) -> int | None:
    dates = _dates(pid, test)
    return days_between(dates[0], dates[-1]) if len(dates) >= 2 else None


def _gaps(pid: str) -> list[int]:
    dates = _dates(pid)
    return [days_between(a, b) for a, b in itertools.pairwise(dates)]


def _followed(rng: random.Random, least: int, test: Callable[[Row], bool] | None = None) -> str:
    """A patient (drawn) with studies (of the kind) on ``least`` dates or more."""
    pool = [p["patient_id"] for p in pats() if len(_dates(p["patient_id"], test)) >= least]
    return rng.choice(pool)


def intervals(rng: random.Random) -> Iterator[Item]:
    """One patient's days as a count; an ID before the span; the unit after; how far apart."""
    pid = _followed(rng, 2)
    yield from item(
        "intervals",
        f"{pid}: number of days from the earliest exam to the newest",
        "count",
        _span(pid),
    )
    pid = _followed(rng, 2, chest_ct)
    yield from item(
        "intervals",
        f"{pid} earliest chest ct to newest chest ct in days",
        "count",
        _span(pid, chest_ct),
    )
    pid = _followed(rng, 2, chest_ct)
    yield from item(
        "intervals",
        f"{pid} days from initial chest ct to last chest ct",
        "count",
        _span(pid, chest_ct),
    )
    pid = _followed(rng, 3)
    yield from item(
        "intervals",
        f"biggest gap in days between consecutive exams of {pid}",
        "count",
        max(_gaps(pid)),
    )
    pid = _followed(rng, 3)
    yield from item(
        "intervals",
        f"mean gap in days between consecutive studies of {pid}",
        "value",
        round(statistics.mean(_gaps(pid)), 2),
    )
    mine = own(_followed(rng, 2))
    a, b = mine[0], mine[-1]
    yield from item(
        "intervals",
        f"accessions {a['accession']} and {b['accession']}: how long apart in days",
        "count",
        days_between(a["study_date"], b["study_date"]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (intervals,)
