"""Tune questions for the families of part 40 (``bank_fresh_40.py``) fixed in share K (counts per
study and per track, set logic and Lung-RADS over time, reports, growth, lobes; dates, numbers,
rankings, averages and breakdowns are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: a nodule count that "gets
to" a number, a followed nodule that appears on N studies, "peaking at" a category, "attained
... yet never", screening CTs "each one" of a category, a change said with an arrow, a concept
"not present" in a report, "size-stable" nodules, "a second" nodule in another lobe. The reader
was changed with these in view (:mod:`query.counted_forms`), so they are tune questions; the
family name is the part's, so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    cat_in,
    category,
    denies,
    findings,
    fstudy,
    highest,
    history,
    in_lobe,
    is_nodule,
    ldct,
    nod,
    nods,
    pids,
    sids,
    some_but_never,
    stable,
    study_of,
    went_from,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _on_tracks(n_min: int) -> list[str]:
    """Patients with one nodule track seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and (is_nodule(f) or f["kind"] == "mass"):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    return sorted(
        {
            study_of(f)["patient_id"]
            for f in findings()
            if f.get("track_id") and is_nodule(f) and len(by_track[f["track_id"]]) >= n_min
        }
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A nodule count on a study that gets to a number; a followed nodule on N studies."""
    del rng
    yield from item(
        "counts",
        "studies whose nodule count gets to 4 or more",
        "study",
        sids(lambda s: len(nods(s)) >= 4),
    )
    yield from item(
        "counts",
        "people in whom a followed nodule appears on three-plus scans",
        "patient",
        _on_tracks(3),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """Every one of a patient's studies of a kind in a category."""
    del rng
    yield from item(
        "set_logic",
        "pts with ldcts, each one of them lung-rads 2",
        "patient",
        history(
            lambda mine: any(map(ldct, mine)) and all(category(s) == "2" for s in mine if ldct(s))
        ),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """The highest category ever; A at some point yet never B; a change said with an arrow."""
    del rng
    yield from item(
        "lung_rads",
        "patients peaking at lr 2 as their all-time highest lung-rads",
        "patient",
        history(lambda mine: highest(mine) == "2"),
    )
    yield from item(
        "lung_rads",
        "pts who attained lung-rads 3 at some point yet never 4a",
        "patient",
        history(some_but_never(cat_in("3"), cat_in("4A"))),
    )
    yield from item(
        "lung_rads",
        "patients downgraded lr3 -> lr2 on successive exams",
        "patient",
        pids(went_from("3", ("2",))),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A concept the report says is not present."""
    del rng
    yield from item(
        "reports",
        "studies whose report notes emphysema is not present",
        "study",
        sids(denies("emphysema")),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """Size-stable nodules in a lobe (one where every reading of "stable" agrees)."""
    del rng
    yield from item(
        "growth",
        "size-stable nodules in the rll, which exams",
        "study",
        agreed(
            *[
                sids(fstudy(stable(r, m), in_lobe("RLL")))
                for r in (False, True)
                for m in (False, True)
            ]
        ),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """A nodule in one lobe and a second in another, on one study."""
    del rng
    yield from item(
        "lobes",
        "scans with a nodule in the lul and a second in the rll",
        "study",
        sids(nod(in_lobe("LUL")), nod(in_lobe("RLL"))),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    set_logic,
    lung_rads,
    reports,
    growth,
    lobes,
)
