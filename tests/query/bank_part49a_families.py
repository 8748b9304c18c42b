"""Tune questions for the families of parts 48 and 49 (``bank_fresh_48.py``,
``bank_fresh_49.py``) fixed in share A (set logic, demographics, lobes, counts, attenuation,
intervals and e-mail noise; the other families are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: one period said for both
sides of "both A and B", "no X ever" and "and not a single X" said of people, a split by sex
of the patients with something, "ggn / psn" before a count word, a study "within N days of"
the patient's previous one, a kind of study had N times, a study where nothing was found, both
lobes of a level, a lobe holding every nodule ("all rll", "nowhere else"), age groups ("under
40s"), a slip at the end of a decade word, "everybody", and a purpose said before the request
in an e-mail. The reader was changed with these in view (:mod:`query.negated_forms`,
:mod:`query.lobe_age_forms`, :mod:`query.counted_forms`, :mod:`query.gap_said`,
:mod:`query.layouts`, :mod:`query.numbers`, :mod:`query.parser`), so they are tune questions;
the family name is the parts', so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    chest_ct,
    count,
    each_on_some,
    fo,
    head_ct,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    margin,
    nod,
    nods,
    pids,
    sex_is,
    sids,
    some_but_never,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _both(a: Test, b: Test) -> Test:
    return lambda s: a(s) and b(s)


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    counted = Counter(s["patient_id"] for s in studies() if test(s))
    return sorted(p for p, n in counted.items() if compare(n))


def _only_in(lobe: str) -> Test:
    """A study with nodules, every one of them in ``lobe``."""

    def test(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] == lobe for f in ns)

    return test


def _close_after_previous(test: Test, days: int) -> list[str]:
    """Studies of the kind ``test`` at most ``days`` after the patient's previous one of it."""
    mine: dict[str, list[Row]] = {}
    for s in sorted(studies(), key=lambda s: (s["study_date"], s["study_uid"])):
        if test(s):
            mine.setdefault(s["patient_id"], []).append(s)
    out = []
    for kept in mine.values():
        for before, after in itertools.pairwise(kept):
            gap = dt.date.fromisoformat(after["study_date"]) - dt.date.fromisoformat(
                before["study_date"]
            )
            if gap.days <= days:
                out.append(after["study_uid"])
    return sorted(out)


def _lr4(s: Row) -> bool:
    return ref.category(s) in ("4A", "4B", "4X")


def set_logic(rng: random.Random) -> Iterator[Item]:
    """One period for both sides; "no X ever"; "and not a single X" of people."""
    del rng
    lob, smooth = nod(margin("lobulated")), nod(margin("smooth"))
    yield from item(
        "set logic",
        "in 2025, who had both a smooth and a lobulated nodule",
        "patient",
        history(each_on_some(_both(smooth, in_year(2025)), _both(lob, in_year(2025)))),
    )
    yield from item(
        "set logic",
        "men with no lung-rads 4 study ever",
        "patient",
        history(some_but_never(sex_is("M"), _lr4)),
    )
    yield from item(
        "set logic",
        "patients having no chest ct at any point",
        "patient",
        history(some_but_never(lambda s: True, chest_ct)),
    )
    yield from item(
        "set logic",
        "pts with a mass but not a single head ct",
        "patient",
        history(some_but_never(kind("mass"), head_ct)),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """A split by sex of the patients with something; age groups; decade words; everybody."""
    del rng
    sex_of = {s["patient_id"]: ref.sex(s) for s in studies() if ldct(s)}
    yield from item(
        "demographics",
        "m/f/o breakdown of people with an ldct",
        "groups",
        sorted(Counter(sex_of.values()).items(), key=lambda kv: str(kv[0])),
    )
    yield from item(
        "demographics",
        "under 50s with a head ct",
        "patient",
        pids(lambda s: ref.age(s) < 50, head_ct),
    )
    yield from item(
        "demographics",
        "septuagenarains with a spiculated nodule",
        "patient",
        pids(lambda s: 70 <= ref.age(s) <= 79, nod(margin("spiculated"))),
    )
    yield from item(
        "demographics",
        "show everybody who had a ct angio",
        "patient",
        pids(lambda s: s["modality"] == "CT" and "ANGIO" in s["description"]),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A kind of study had N times; a study where nothing was found; "ggn" before a count."""
    del rng
    yield from item(
        "counts",
        "women imaged with a chest ct two-plus times",
        "patient",
        _per_patient(_both(chest_ct, sex_is("F")), lambda n: n >= 2),
    )
    yield from item(
        "counts",
        "number of ldcts where nothing was detected",
        "count",
        count(ldct, lambda s: not fo(s)),
    )
    yield from item(
        "attenuation/margin/calcification",
        "ggo tally for the whole database",
        "count",
        sum(len(nods(s, att("ground-glass"))) for s in studies()),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """Both lobes of a level; every nodule in one lobe."""
    del rng
    yield from item(
        "lobes",
        "patients with nodules in both lower lobes",
        "patient",
        history(each_on_some(nod(in_lobe("RLL")), nod(in_lobe("LLL")))),
    )
    yield from item(
        "lobes",
        "chest cts whose nodules are all lll",
        "study",
        sids(chest_ct, _only_in("LLL")),
    )
    yield from item(
        "lobes",
        "studies with nodules in the right middle lobe and nowhere else",
        "study",
        sids(_only_in("RML")),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """A study within N days of the patient's previous one of its kind."""
    del rng
    yield from item(
        "intervals",
        "chest cts within 380 days of the patient's prior chest ct",
        "study",
        _close_after_previous(chest_ct, 380),
    )


def emails(rng: random.Random) -> Iterator[Item]:
    """A purpose said before the request."""
    del rng
    yield from item(
        "set logic",
        "Good morning, for the audit we need men with a mass. Thanks, K",
        "patient",
        pids(sex_is("M"), kind("mass")),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    set_logic,
    demographics,
    counts,
    lobes,
    intervals,
    emails,
)
