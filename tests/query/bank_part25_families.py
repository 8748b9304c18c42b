"""Tune questions for the families part 25 (``bank_fresh_25.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: the findings counted in each
study after a kind of study ("chest cts w under 3 findings") and people named last after "in"
("ldcts with more than 2 nods on one scan in women"); "zero <findings>"; two-digit and DICOM
years and a comparator sign before a day ("cts Q1 '25", "chest cts 20240101-20240630", "pts w
DOB >= 1/1/1960"); "whose scan is this" and a closing "total #"; a Lung-RADS breakdown said
"lr", "lr better than 3", one study of each of two categories ("a lung-rads 1 and a lung-rads
4a scan"); a ranking by number of findings with "top N" after it and "the N <findings> w largest
<field>"; a unit in parentheses and "<number> a pt has"; "bilat"; a span "first to last"
without "between". The reader was changed with these in view, so they are tune questions; the
family names are those of part 25, so that tune covers each of its families.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and :mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    any_ct,
    att,
    calcified,
    cat_in,
    category,
    chest_ct,
    count,
    cxr,
    dated,
    each_on_some,
    fo,
    history,
    is_nodule,
    kind,
    ldct,
    nods,
    nodule_rows,
    own,
    pats,
    pids,
    quarter,
    says,
    sex_is,
    sids,
    studies,
    untied,
)
from question_bank import Item, Row

PART = "tune"
YEAR_DAYS = 365.25


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def per_study(
    compare: Callable[[int], bool], *tests: Callable[[Row], bool]
) -> Callable[[Row], bool]:
    """A study with a number of nodules (findings, when a test on a finding is given) that
    ``compare`` accepts."""
    test = tests[0] if tests else is_nodule
    return lambda s: compare(sum(1 for f in fo(s) if test(f)))


def counts(rng: random.Random) -> Iterator[Item]:
    """The findings counted in each study are not the unit; people named last after 'in'."""
    del rng
    yield item(
        "counts",
        "chest cts w under 3 findings",
        "study",
        sids(chest_ct, per_study(lambda k: k < 3, lambda f: True)),
    )
    yield item(
        "counts",
        "ldcts with more than 2 nods on one scan in women",
        "study",
        sids(ldct, sex_is("F"), per_study(lambda k: k > 2)),
    )
    yield item(
        "counts",
        "how many cts had zero masses",
        "count",
        count(any_ct, lambda s: not kind("mass")(s)),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """Two-digit and DICOM years; a comparator sign before a day of birth."""
    del rng
    yield item("dates", "cts Q1 '25", "study", sids(any_ct, quarter(2025, 1)))
    yield item(
        "dates",
        "chest cts 20240101-20240630",
        "study",
        sids(chest_ct, dated("2024-01-01", "2024-06-30")),
    )
    yield item(
        "dates",
        "pts w DOB >= 1/1/1960",
        "patient",
        sorted(str(p["patient_id"]) for p in pats() if p["birth_date"] >= "1960-01-01"),
    )


def identifiers(rng: random.Random) -> Iterator[Item]:
    """'whose scan is this' after an accession; a closing 'total #' after a patient ID."""
    del rng
    ordered = sorted(studies(), key=lambda s: str(s["accession"]))
    one = ordered[40]
    yield item(
        "identifiers", f"{one['accession']} whose scan is this", "patient", [one["patient_id"]]
    )
    who = next(p["patient_id"] for p in pats() if sum(map(ldct, own(p["patient_id"]))) >= 2)
    yield item("identifiers", f"{who}'s ldcts - total #", "count", sum(map(ldct, own(who))))


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """'lr breakdown', 'lr better than 3', one study of each of two categories."""
    del rng
    tally = Counter(category(s) for s in studies() if chest_ct(s) and s["study_date"][:4] == "2025")
    groups = sorted(tally.items(), key=lambda kv: -1 if kv[0] is None else "1234".find(kv[0][0]))
    yield item("lung-rads", "lr breakdown of 2025 chest cts", "groups", _ordered(groups))
    yield item(
        "lung-rads", "women w lr better than 3", "patient", pids(sex_is("F"), cat_in("1", "2"))
    )
    yield item(
        "lung-rads",
        "pts w a lung-rads 1 and a lung-rads 4a scan",
        "patient",
        history(each_on_some(cat_in("1"), cat_in("4A"))),
    )


def _ordered(groups: list[tuple[str | None, int]]) -> list[tuple[str | None, int]]:
    order = [None, "1", "2", "3", "4A", "4B", "4X"]
    return sorted(groups, key=lambda kv: order.index(kv[0]))


def rankings(rng: random.Random) -> Iterator[Item]:
    """A ranking by number of findings with 'top N' after it; 'the N <findings> w largest'."""
    del rng
    rows = [
        {
            "patient_id": p["patient_id"],
            "k": -sum(len(nods(s, calcified)) for s in own(p["patient_id"])),
        }
        for p in pats()
    ]
    n, ranked = untied(rows, lambda r: r["k"], "patient_id", start=2)
    yield item("rankings", f"pts ranked by calcified nod count, top {n}", "patient", ranked)
    ggn = [f for f in nodule_rows(att("ground-glass")) if f.get("volume_mm3") is not None]
    n, ranked = untied(ggn, lambda f: -f["volume_mm3"], "finding_id", start=2)
    yield item("rankings", f"the {n} ggns w largest volume", "finding", ranked)


def aggregates(rng: random.Random) -> Iterator[Item]:
    """A unit in parentheses; '<number> a pt has' as per patient."""
    del rng
    psn = [f["long_axis_mm"] / 10 for f in nodule_rows(att("part-solid"))]
    yield item(
        "aggregates and percentages", "psn avg long axis (cm)", "value", statistics.mean(psn)
    )
    per = [sum(len(nods(s, att("ground-glass"))) for s in own(p["patient_id"])) for p in pats()]
    yield item(
        "aggregates and percentages", "median # of ggns a pt has", "value", statistics.median(per)
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """'bilat' is bilateral: a nodule of the kind on each side of one study."""
    del rng
    ggn = att("ground-glass")

    def bilateral(s: Row) -> bool:
        sides = {str(f["lobe"])[0] for f in nods(s, ggn) if f.get("lobe")}
        return {"R", "L"} <= sides

    yield item("lobes", "bilat ggns", "study", sids(bilateral))


def intervals(rng: random.Random) -> Iterator[Item]:
    """A span 'first to last' without 'between'."""
    del rng
    spans = []
    for p in pats():
        days = sorted({s["study_date"] for s in own(p["patient_id"])})
        if len(days) >= 2:
            first, last = (dt.date.fromisoformat(d) for d in (days[0], days[-1]))
            spans.append((last - first).days / YEAR_DAYS)
    yield item("intervals", "median yrs first to last scan", "value", statistics.median(spans))


def growth(rng: random.Random) -> Iterator[Item]:
    """A '#' before a year counts (it had been left unread before a number)."""
    del rng
    yield item(
        "growth / new / stable",
        "# 2024 chest cts showing nodule growth",
        "count",
        count(chest_ct, lambda s: s["study_date"][:4] == "2024", ref.grew),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """A closing '#' after a kind of nodule named by its shorthand."""
    del rng
    yield item(
        "attenuation / margin / calcification",
        "psns, total #",
        "count",
        len(nodule_rows(att("part-solid"))),
    )


def studies_of(rng: random.Random) -> Iterator[Item]:
    """A kind of study in a quarter written with a two-digit year."""
    del rng
    yield item(
        "modality / description / station", "cxrs Q4 '25", "study", sids(cxr, quarter(2025, 4))
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A report concept on a kind of study, the people named last after 'in'."""
    del rng
    yield item(
        "report concepts",
        "ldcts w emphysema in men",
        "study",
        sids(ldct, says("emphysema"), sex_is("M")),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    dates,
    identifiers,
    lung_rads,
    rankings,
    aggregates,
    lobes,
    intervals,
    growth,
    features,
    studies_of,
    reports,
)
