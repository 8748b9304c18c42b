"""Tune questions for the families part 36 (``bank_fresh_36.py``) showed the reader missing,
share E (rankings and averages of groups).

Each is a new phrasing of a family, never a sentence of the part: patients with the most
findings "in a single study" (their largest count on one study), "among all patients with X,
who are the N youngest", "<studies> - the N latest ones", "<studies> ordered by study date
descending, give me the top N", a mean count "across <studies>", "how old were <people> on
average at their first <study>", a measurement "averaged, expressed in cm", "middle value" for
the median and a mean count on studies whose report names a finding. The reader was changed with
these in view, so they are tune questions; the family names are those of the part.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    chest_ct,
    fo,
    head_ct,
    in_year,
    mean_of,
    median_of,
    nods,
    nodule_rows,
    own,
    pats,
    says,
    studies,
    untied,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _newest_first(s: dict[str, Any]) -> tuple[int, ...]:
    return tuple(-int(x) for x in s["study_date"].split("-"))


def rankings(rng: random.Random) -> Iterator[Item]:
    """The most findings on one study; "among all X, who are the N youngest"; "<studies> -
    the N latest ones"; "<studies> ordered by study date descending, give me the top N"."""
    del rng
    most = [
        {
            "patient_id": p["patient_id"],
            "k": -max((len(nods(s, att("solid"))) for s in own(p["patient_id"])), default=0),
        }
        for p in pats()
    ]
    n, who = untied(most, lambda r: r["k"], "patient_id", 4)
    yield from item(
        "rankings", f"the {n} pts with the most solid nodules in a single study", "patient", who
    )
    masses = sorted({s["patient_id"] for s in studies() if any(f["kind"] == "mass" for f in fo(s))})
    young = [
        {"patient_id": p, "k": tuple(-int(x) for x in ref.cohort()[0][p]["birth_date"].split("-"))}
        for p in masses
    ]
    n, youngest = untied(young, lambda r: r["k"], "patient_id", 3)
    yield from item(
        "rankings",
        f"among all patients with a mass, who are the {n} youngest",
        "patient",
        youngest,
    )
    chest = [s for s in studies() if chest_ct(s) and in_year(2025)(s)]
    n, latest = untied(chest, _newest_first, "study_uid", 4)
    yield from item("rankings", f"2025 chest cts - the {n} latest ones", "study", latest)
    heads = [s for s in studies() if head_ct(s)]
    n, recent = untied(heads, _newest_first, "study_uid", 3)
    yield from item(
        "rankings",
        f"head cts ordered by study date descending, give me the top {n}",
        "study",
        recent,
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """'how old were <people> on average at their first <study>', '<field> averaged, expressed
    in cm'."""
    del rng
    firsts = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if chest_ct(s)]
        if mine and p["sex"] == "M":
            firsts.append(ref.age(min(mine, key=lambda s: s["study_date"])))
    yield from item(
        "aggregates",
        "how old were men on average at their first chest ct",
        "value",
        mean_of(firsts) if firsts else None,
    )
    ggn = nodule_rows(att("ground-glass"))
    yield from item(
        "aggregates",
        "ggn diameter averaged, expressed in cm",
        "value",
        mean_of([f["diameter_mm"] / 10.0 for f in ggn]),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A mean count of findings 'across <studies>': per study, studies with none as 0."""
    del rng
    chest = [s for s in studies() if chest_ct(s)]
    yield from item(
        "counts",
        "average mass count across chest cts",
        "value",
        mean_of([sum(1 for f in fo(s) if f["kind"] == "mass") for s in chest]),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """'middle value' is the median."""
    del rng
    yield from item(
        "numbers",
        "solid nodules only: middle value of their long axis",
        "value",
        median_of([f["long_axis_mm"] for f in nodule_rows(att("solid"))]),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A mean count on studies whose report names a finding: over those studies."""
    del rng
    test: Callable[[dict[str, Any]], bool] = says("emphysema")
    rows = [s for s in studies() if chest_ct(s) and test(s)]
    yield from item(
        "reports",
        "mean nodule tally on chest cts with emphysema in the report",
        "value",
        mean_of([len(nods(s)) for s in rows]) if rows else None,
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    aggregates,
    counts,
    numbers,
    reports,
)
