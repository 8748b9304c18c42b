"""Tune questions for the families part 24 (``bank_fresh_24.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: a ranking by number of
findings said "by <finding> count" ("top 3 ldcts by nodule count"); a closing "<unit> count"
that counts the unit it names ("calcified nodules - patient count", "women with an ldct, pt
count"); a ranking's number after it
("ranked by volume, top 4") or with "shortest / longest" before its noun ("3 shortest nodules by
short axis"); the keyword before a dotted UID ("study instance uid"), '+' between identifiers
and the unit named last ("- their patients", "show me the patient"); a study's age after a kind
of CT named by its own noun ("ctpas older than 2 years"); a Lung-RADS category before the
Lung-RADS word ("men with a 4b lung-rads: mean age"). The reader was changed with these in
view, so they are tune questions; the family names are those of part 24, so that tune covers
each of its families.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and :mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    calcified,
    cat_in,
    cta,
    is_nodule,
    kind,
    ldct,
    nod,
    nodule_rows,
    pats,
    pids,
    sex_is,
    sids,
    studies,
    untied,
)
from question_bank import Item, Row, Test

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def nodule_count(s: Row) -> int:
    return sum(is_nodule(f) for f in ref.findings_of(s["study_uid"]))


def rankings(rng: random.Random) -> Iterator[Item]:
    """A ranking by number of findings said 'by nodule count'; a ranking's number after it."""
    del rng
    screened = [s for s in studies() if ldct(s) and nodule_count(s) > 0]
    n, ranked = untied(screened, lambda s: -nodule_count(s), "study_uid")
    yield item("rankings", f"top {n} ldcts by nodule count", "study", ranked)
    hard = nodule_rows(calcified)
    n, ranked = untied(hard, lambda f: -f["volume_mm3"], "finding_id")
    yield item("rankings", f"calcified nodules ranked by volume, top {n}", "finding", ranked)
    every = nodule_rows()
    n, ranked = untied(every, lambda f: f["short_axis_mm"], "finding_id")
    yield item("rankings", f"{n} shortest nodules by short axis", "finding", ranked)


def features(rng: random.Random) -> Iterator[Item]:
    """A closing '<unit> count' counts the unit it names."""
    del rng
    yield item("features", "calcified nodules - patient count", "count", len(pids(nod(calcified))))
    yield item("features", "ldcts with a mass, pt count", "count", len(pids(ldct, kind("mass"))))


def people(rng: random.Random) -> Iterator[Item]:
    """A closing '<unit> count' after words for people (part 24's "people" had no tune item)."""
    del rng
    yield item("people", "women with an ldct, pt count", "count", len(pids(ldct, sex_is("F"))))


def identifiers(rng: random.Random) -> Iterator[Item]:
    """'+' between accessions, the unit named last; the keyword before a dotted UID."""
    del rng
    ordered = sorted(studies(), key=lambda s: str(s["study_uid"]))
    one = ordered[7]
    two = next(s for s in reversed(ordered) if s["patient_id"] != one["patient_id"])
    yield item(
        "identifiers",
        f"accession {one['accession']} + {two['accession']} - their patients",
        "patient",
        sorted({one["patient_id"], two["patient_id"]}),
    )
    yield item(
        "identifiers",
        f"for study instance uid {two['study_uid']}, show me the patient",
        "patient",
        [two["patient_id"]],
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A study's age after a kind of CT named by its own noun."""
    del rng
    yield item(
        "dates",
        "ctpas older than 2 years",
        "study",
        sids(cta, lambda s: s["study_date"] < "2024-11-01"),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """A Lung-RADS category before the Lung-RADS word."""
    del rng
    test: Test = lambda s: sex_is("M")(s) and cat_in("4B")(s)  # noqa: E731
    ages = []
    for p in pats():
        mine = [s for s in studies() if s["patient_id"] == p["patient_id"] and test(s)]
        if mine:
            ages.append(ref.age(max(mine, key=lambda s: str(s["study_date"]))))
    yield item("stats", "men with a 4b lung-rads: mean age?", "value", statistics.mean(ages))


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    features,
    people,
    identifiers,
    dates,
    stats,
)
