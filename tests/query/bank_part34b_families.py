"""Tune questions for the families part 34 (``bank_fresh_34.py``) showed the reader missing,
share B (rankings said in words, averages and shares said in other ways, a stated absence in
brackets, a station's "workload" and a category change "from one study to the next").

Each is a new phrasing of a family, never a sentence of the part: "the N least voluminous",
"measuring the largest along" a field, "among X, the N whose <field> is <superlative>", "on
average how many ... does a <study> show", "typical (mean) ... count a patient has", a
"proportion (%)", "(report says none)", a "workload in" a year and a category that "went down
from one exam to the next". The reader was changed with these in view, so they are tune
questions; the family names are those of the part, so that tune covers each family that was
fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    at_station,
    att,
    chest_ct,
    count,
    denies,
    head_ct,
    in_year,
    mean_of,
    nods,
    nodule_rows,
    own,
    pats,
    pct,
    pids,
    sids,
    studies,
    top,
    went,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (no tie at a ranking's boundary)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def rankings(rng: random.Random) -> Iterator[Item]:
    """'least voluminous', 'measuring the largest along', 'among X, the N whose F is S'."""
    del rng
    rows = nodule_rows()
    yield from item(
        "rankings",
        "the 6 least voluminous nodules",
        "finding",
        top(rows, lambda f: f["volume_mm3"], 6, "finding_id"),
    )
    yield from item(
        "rankings",
        "the 4 nodules measuring the largest along the short axis",
        "finding",
        top(rows, lambda f: -f["short_axis_mm"], 4, "finding_id"),
    )
    solid = nodule_rows(att("solid"))
    yield from item(
        "rankings",
        "among solid nodules, the 2 whose volume is largest",
        "finding",
        top(solid, lambda f: -f["volume_mm3"], 2, "finding_id"),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """'on average how many ... does a <study> show', 'typical (mean) ... count a patient has',
    'what proportion (%) of'."""
    del rng
    chest = [s for s in studies() if chest_ct(s)]
    yield from item(
        "aggregates",
        "on average how many nodules does a chest ct show",
        "value",
        mean_of([len(nods(s)) for s in chest]),
    )
    yield from item(
        "aggregates",
        "typical (mean) study count a patient has",
        "value",
        mean_of([len(own(p["patient_id"])) for p in pats()]),
    )
    yield from item(
        "aggregates",
        "what proportion (%) of head cts were done at ct01",
        "value",
        pct(count(head_ct, at_station("CT01")), count(head_ct)),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A bracketed statement that the report states none: a negated mention."""
    del rng
    yield from item(
        "reports",
        "chest cts without emphysema (report says none)",
        "study",
        sids(chest_ct, denies("emphysema")),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A station's 'workload in' a period: its number of studies."""
    del rng
    yield from item(
        "modality", "ct01 workload in 2025", "count", count(at_station("CT01"), in_year(2025))
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A category change 'from one exam to the next' is the change between consecutive ones."""
    del rng
    yield from item(
        "lung_rads",
        "patients whose lung-rads went up from one exam to the next",
        "patient",
        pids(went(1)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    aggregates,
    reports,
    modality,
    lung_rads,
)
