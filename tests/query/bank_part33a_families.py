"""Tune questions for the families of parts 32 and 33 (``bank_fresh_32.py``, ``bank_fresh_33.py``)
fixed in half A (intervals, follow-up spans, ages, ranges, lobes, breakdowns, Lung-RADS, rankings,
percentages and aggregates are other fixers').

Each is a new phrasing of a family, never a sentence of a part: a kind of study "with no
findings"; a report that "says there are no" X; an amount "of <finding> growth"; "never been
shown to have" and a concept "per the report" against "no <finding> on any scan"; "each
<finding> ever seen" in a patient and findings "with a lung-rads score". The reader was changed
with these in view, so they are tune questions; the family names are those of the parts, so
that tune covers each family fixed here.

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
    denies,
    fids,
    fo,
    fstudy,
    grew_readings,
    head_ct,
    history,
    in_year,
    is_nodule,
    kind,
    ldct,
    nods,
    own,
    says,
    sids,
    some_but_never,
)
from question_bank import Item, Row

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def counts(rng: random.Random) -> Iterator[Item]:
    """A kind of study "with no findings": the studies without any finding."""
    del rng
    yield from item(
        "counts",
        "low-dose screening cts without any findings",
        "study",
        sids(ldct, lambda s: not fo(s)),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A report that "says there are no" X: a negated mention, none affirmed."""
    del rng
    yield from item(
        "reports",
        "scans from 2025 whose report states there is no lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy"), in_year(2025)),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """An amount "of <finding> growth": the growth threshold, never the size."""
    del rng
    yield from item(
        "growth/new",
        "exams with at least 4 mm of nodule enlargement",
        "study",
        agreed(*[sids(fstudy(t)) for t in grew_readings(4, True)]),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """ "never been shown to have"; a concept "per the report" against "no X on any scan"."""
    del rng
    yield from item(
        "set logic",
        "patients who have never been shown to have a mass but had a head ct",
        "patient",
        history(some_but_never(head_ct, kind("mass"))),
    )
    yield from item(
        "set logic",
        "coronary calcification per the report but no nodule on any scan - which patients",
        "patient",
        history(some_but_never(says("coronary"), lambda s: bool(nods(s)))),
    )


def _with_category(f: Row) -> bool:
    return bool(f["lung_rads"])


def identifiers(rng: random.Random) -> Iterator[Item]:
    """ "each <finding> ever seen" in a patient; findings "with a lung-rads score"."""
    del rng
    pids = sorted(ref.cohort()[0])
    first = next((p for p in pids if any(nods(s) for s in own(p))), None)
    if first is not None:
        yield from item(
            "identifiers",
            f"each nodule ever seen in patient {first}",
            "finding",
            fids(is_nodule, where=lambda s: s["patient_id"] == first),
        )
    rated = next(
        (p for p in reversed(pids) if any(_with_category(f) for s in own(p) for f in fo(s))), None
    )
    if rated is not None:
        yield from item(
            "identifiers",
            f"findings that have a lung-rads score, patient {rated}",
            "finding",
            fids(_with_category, where=lambda s: s["patient_id"] == rated),
        )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    reports,
    growth,
    set_logic,
    identifiers,
)
