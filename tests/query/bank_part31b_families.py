"""Tune questions for the families part 31 (``bank_fresh_31.py``) showed the reader missing,
half B (rankings, the mean count per study, closings and possessives).

Each is a new phrasing of a family, never a sentence of the part: the noun before a colon and
"the N with the <superlative> <field>" after it, a filler for the whole cohort between a noun
and its superlative ("which N men in the database are the youngest"), "<findings> with the N
largest <field>s", the mean number of findings "on one" study, a closing "count?" after a
colon, the plural possessive of a word for people, and "total" after a label. The reader was
changed with these in view, so they are tune questions; the family names are those of part
31, so that tune covers each of its families that was fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    at_station,
    cxr,
    findings,
    head_ct,
    is_nodule,
    ldct,
    mean_of,
    nods,
    pats,
    sex_is,
    studies,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _top(rows: list[dict[str, Any]], key: str, n: int, largest: bool) -> list[str] | None:
    """The IDs of the ``n`` rows ranked by ``key``, or None where a tie crosses the cut."""
    ranked = sorted((r for r in rows if r[key] is not None), key=lambda r: r[key], reverse=largest)
    if len(ranked) > n and ranked[n - 1][key] == ranked[n][key]:
        return None
    return sorted(r.get("finding_id") or r["patient_id"] for r in ranked[:n])


def rankings(rng: random.Random) -> Iterator[Item]:
    """'<noun>: the N with the <superlative> <field>'; 'which N <people> in the database are the
    <superlative>'; '<findings> with the N largest <field>s'."""
    del rng
    solid = [f for f in findings() if is_nodule(f) and f["attenuation"] == "solid"]
    yield from item(
        "rankings",
        "solid nodules: show me the 3 with the largest diameter",
        "finding",
        _top(solid, "diameter_mm", 3, largest=True),
    )
    men = [p for p in pats() if p["sex"] == "M"]
    yield from item(
        "rankings",
        "which 3 men in the database are the youngest",
        "patient",
        _top(men, "birth_date", 3, largest=True),
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from item(
        "rankings", "masses w the 3 biggest volumes", "finding", _top(masses, "volume_mm3", 3, True)
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """The mean number of findings on one study."""
    del rng
    yield from item(
        "aggregates",
        "average number of nodules on one low-dose ct",
        "value",
        mean_of([len(nods(s)) for s in studies() if ldct(s)]),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """A closing 'count?' after a colon; the plural possessive of a word for people."""
    del rng
    yield from item(
        "demographics",
        "chest x-rays in women: count?",
        "count",
        sum(cxr(s) and sex_is("F")(s) for s in studies()),
    )
    yield from item(
        "demographics",
        "female pts' head cts",
        "study",
        sorted(s["study_uid"] for s in studies() if head_ct(s) and sex_is("F")(s)),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """'total' opening a clause after a label."""
    del rng
    yield from item(
        "modality/station",
        "DX01: total chest x-rays",
        "count",
        sum(cxr(s) and at_station("DX01")(s) for s in studies()),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    aggregates,
    demographics,
    modality,
)
