"""Tune questions for the families of parts 52 to 55 (``bank_fresh_52.py`` ... ``_55.py``) fixed
in share C: days written day first (dotted, or said to be day first, or settled by another day
of the question), days said in words, "until now" and "so far this calendar year", and a
patient's follow-up span or a gap between consecutive studies said in other orders.

Each is a new phrasing of the family, never a sentence of the parts. The reader was changed
with these in view (:mod:`query.written_days`, :mod:`query.spoken_numbers`, :mod:`query.dates`,
:mod:`query.span_forms`), so they are tune questions; the family name is the parts'.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import birth, born, chest_ct, cxr, dated, head_ct, ldct, own, pats, sids
from question_bank import Item

PART = "tune"
AS_OF = "2026-11-01"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None and expected != []:
        yield Item(family, PART, question, unit, expected)


def _days(pid: str, test: Test = lambda s: True) -> list[dt.date]:
    """The patient's distinct study dates (of the kind ``test`` keeps), first to latest."""
    return sorted({dt.date.fromisoformat(s["study_date"]) for s in own(pid) if test(s)})


def _spans(test: Test) -> list[int]:
    """Each patient's days from first to latest study of the kind, over patients with such
    studies on two dates or more."""
    out = []
    for p in pats():
        days = _days(p["patient_id"], test)
        if len(days) >= 2:
            out.append((days[-1] - days[0]).days)
    return out


def _gaps(test: Test) -> list[int]:
    """The days between each patient's consecutive study dates of the kind."""
    out: list[int] = []
    for p in pats():
        days = _days(p["patient_id"], test)
        out.extend((b - a).days for a, b in itertools.pairwise(days))
    return out


def _followed() -> str:
    """A patient with studies on three dates or more (the first such, by ID)."""
    return next(p["patient_id"] for p in pats() if len(_days(p["patient_id"])) >= 3)


def dates(rng: random.Random) -> Iterator[Item]:
    """Days written day first, days in words, "until now", "so far this calendar year"."""
    del rng
    yield from item(
        "dates",
        "head cts between 4.3.2025 and 30.6.2025",
        "study",
        sids(head_ct, dated("2025-03-04", "2025-06-30")),
    )
    yield from item(
        "dates",
        "ldcts from 1/2/2024 to 1/4/2024 (day/month/year)",
        "study",
        sids(ldct, dated("2024-02-01", "2024-04-01")),
    )
    yield from item(
        "dates",
        "chest x-rays between 7/5/2024 and 25/8/2024",
        "study",
        sids(cxr, dated("2024-05-07", "2024-08-25")),
    )
    yield from item(
        "dates",
        "chest cts from the first of february 2025 to the tenth of april 2025",
        "study",
        sids(chest_ct, dated("2025-02-01", "2025-04-10")),
    )
    yield from item(
        "dates",
        "ldcts done since march 2026 till now",
        "study",
        sids(ldct, dated("2026-03-01", AS_OF)),
    )
    yield from item(
        "dates",
        "head ct count so far this calendar year",
        "count",
        len(sids(head_ct, dated("2026-01-01", AS_OF))),
    )
    day = dt.date.fromisoformat(birth(pats()[0]["patient_id"]))
    yield from item(
        "dates",
        f"patients born {day.day:02d}.{day.month:02d}.{day.year}",
        "patient",
        born(day.isoformat(), day.isoformat()),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """A follow-up span named before its ends; a gap statistic said after the studies."""
    del rng
    pid = _followed()
    days = _days(pid)
    yield from item(
        "intervals",
        f"{pid} scan history span in weeks (earliest study to most recent)",
        "value",
        (days[-1] - days[0]).days / 7,
    )
    yield from item(
        "intervals",
        "median follow-up length in years, first chest ct to latest chest ct",
        "value",
        statistics.median(_spans(chest_ct)) / 365.25,
    )
    yield from item(
        "intervals",
        "between back-to-back ldcts, the mean interval in days",
        "value",
        statistics.mean(_gaps(ldct)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (dates, intervals)
