"""Tune questions for the families of part 31 (``bank_fresh_31.py``) fixed in half A (the other
half, rankings, aggregates, "number?" closings, possessives and "total", is another fixer's).

Each is a new phrasing of a family, never a sentence of the part: a nodule that "has been
tracked" over N studies (the words of tense between the finding and the verb); growth "of a
nodule by" an amount; a measurement named with "average" after it and then a bound; a study in
one year and a return in a later one, a kind of study in one year "but not in" another, two
Lung-RADS categories joined by "as well as"; the days from a patient's baseline study of a kind
to the latest one. The reader was changed with these in view, so they are tune questions; the
family names are those of part 31, so that tune covers each family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    agreed,
    cat_in,
    chest_ct,
    days_between,
    each_on_some,
    findings,
    fstudy,
    ge,
    grew_readings,
    history,
    in_year,
    is_nodule,
    ldct,
    nod,
    own,
    pids,
    sids,
    some_but_never,
)
from question_bank import AS_OF, Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _tracked(n_min: int) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and is_nodule(f):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    by_uid = ref.cohort()[1]
    return sorted(
        {by_uid[next(iter(u))]["patient_id"] for u in by_track.values() if len(u) >= n_min}
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A nodule that "has been tracked" over N studies; growth "of a nodule by" an amount."""
    del rng
    yield from item(
        "counts",
        "patients in whom the same nodule has been tracked over 3 or more studies",
        "patient",
        _tracked(3),
    )
    yield from item(
        "counts",
        "studies showing growth of a nodule by at least 2 mm",
        "study",
        agreed(*[sids(fstudy(t)) for t in grew_readings(2, True)]),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A measurement named with "average" after it, then a bound: a condition on each finding."""
    del rng
    yield from item(
        "numbers",
        "nodule diameter average of at least 10 mm - patients",
        "patient",
        pids(nod(ge("diameter_mm", 10))),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A study in one year and a return in a later one: a study in each."""
    del rng
    yield from item(
        "dates",
        "pts scanned in 2024 who returned for a scan in 2026",
        "patient",
        history(each_on_some(in_year(2024), in_year(2026))),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A kind of study in one year "but not in" another; categories joined by "as well as"."""
    del rng
    yield from item(
        "set logic",
        "patients with a chest ct in 2023 but not in 2024",
        "patient",
        history(
            some_but_never(
                lambda s: chest_ct(s) and in_year(2023)(s),
                lambda s: chest_ct(s) and in_year(2024)(s),
            )
        ),
    )
    yield from item(
        "set logic",
        "patients with a lung-rads 3 exam as well as a lung-rads 4B exam",
        "patient",
        history(each_on_some(cat_in("3"), cat_in("4B"))),
    )


def _two_ldct_dates() -> str | None:
    """The first patient (by ID) whose low-dose screening CTs fall on two dates or more."""
    for pid in sorted(ref.cohort()[0]):
        if len({s["study_date"] for s in own(pid) if ldct(s)}) >= 2:
            return pid
    return None


def intervals(rng: random.Random) -> Iterator[Item]:
    """The days from a patient's baseline study of a kind to the latest one."""
    del rng
    pid = _two_ldct_dates()
    if pid is None:
        return
    mine = sorted(str(s["study_date"]) for s in own(pid) if ldct(s) and s["study_date"] <= AS_OF)
    yield from item(
        "intervals",
        f"{pid}: days from the baseline ldct to the latest ldct",
        "value",
        float(days_between(mine[0], mine[-1])),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    numbers,
    dates,
    set_logic,
    intervals,
)
