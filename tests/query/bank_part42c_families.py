"""Tune questions for the families of part 42 (``bank_fresh_42.py``) fixed in share C
(rankings, averages and percentages, intervals; identifiers, dates, numbers, counts, lobes and
modality are share A's, set logic, Lung-RADS, reports, growth and features share B's).

Each is a new phrasing of the family, never a sentence of the part: "the most elderly" and
"least elderly" people, the N studies "with the most recent dates", the findings the model "was
least certain about", N findings "sorted by <field>, largest first", groups "ranked by the
number of exams they performed", the N "whose volume measures the least", "how sure was the
detector" about its calls, the "solid part" averaged, an average "across every chest ct,
including those with none", "out of all the masses, what fraction lie in" a lobe, and the
intervals from "one chest ct to the patient's next", between "two scans of the same patient",
of "consecutive chest cts, how many days apart", and from the "first and latest chest cts". The
reader was changed with these in view (:mod:`query.ranked_forms`, :mod:`query.intervals`), so
they are tune questions; the family names are the part's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from blind_reference import (
    att,
    chest_ct,
    cta,
    cxr,
    days_between,
    findings,
    history,
    in_lobe,
    is_nodule,
    ldct,
    mean_of,
    median_of,
    nods,
    own,
    pats,
    pct,
    studies,
    top,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def untied_from(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]] | None:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def ranked(
    family: str,
    template: str,
    rows: Sequence[Row],
    key: Callable[[Row], Any],
    ident: str,
    unit: str,
    start: int,
) -> Iterator[Item]:
    got = untied_from(rows, key, ident, start)
    if got is not None:
        yield Item(family, PART, template.format(n=got[0]), unit, got[1])


def kind_rows(name: str) -> list[Row]:
    return [f for f in findings() if f["kind"] == name]


def nodule_rows(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def with_field(rows: Sequence[Row], name: str) -> list[Row]:
    return [r for r in rows if r.get(name) is not None]


def by_day(s: Row) -> int:
    return int(s["study_date"].replace("-", ""))


def gaps(test: Test) -> list[int]:
    """Days between each patient's consecutive studies that pass ``test``."""
    found: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        found.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return found


def first_latest_over(days: int, test: Test) -> list[str]:
    """Patients whose first and latest studies passing ``test`` are more than ``days`` apart."""

    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if test(s)]
        return len(got) >= 2 and days_between(got[0]["study_date"], got[-1]["study_date"]) > days

    return history(check)


def share_in_lobe(rows: Sequence[Row], lobes: Sequence[str]) -> tuple[str, float] | None:
    """The first lobe whose share of ``rows`` the bank can score (within 0.005 of a tenth)."""
    for lobe in lobes:
        part = sum(1 for r in rows if in_lobe(lobe)(r))
        if 0 < part < len(rows):
            value = pct(part, len(rows))
            if value is not None:
                return lobe, value
    return None


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    f = "rankings"
    people = pats()
    yield from ranked(
        f,
        "name our {n} most elderly patients",
        people,
        lambda r: r["birth_date"],
        "patient_id",
        "patient",
        3,
    )
    yield from ranked(
        f,
        "the {n} least elderly patients judging by their birth dates",
        people,
        lambda r: tuple(-int(x) for x in r["birth_date"].split("-")),
        "patient_id",
        "patient",
        5,
    )
    yield from ranked(
        f,
        "of all the chest x-rays on file, show me the {n} with the most recent study dates",
        [s for s in studies() if cxr(s)],
        lambda s: -by_day(s),
        "study_uid",
        "study",
        4,
    )
    yield from ranked(
        f,
        "from all the ct angios, the {n} with the earliest dates",
        [s for s in studies() if cta(s)],
        by_day,
        "study_uid",
        "study",
        3,
    )
    yield from ranked(
        f,
        "nodules the model was least certain about, top {n}",
        with_field(nodule_rows(), "confidence"),
        lambda r: r["confidence"],
        "finding_id",
        "finding",
        4,
    )
    yield from ranked(
        f,
        "mass findings the ai was most sure of, top {n}",
        kind_rows("mass"),
        lambda r: -r["confidence"],
        "finding_id",
        "finding",
        2,
    )
    yield from ranked(
        f,
        "{n} nodule findings sorted by volume, largest first",
        with_field(nodule_rows(), "volume_mm3"),
        lambda r: -r["volume_mm3"],
        "finding_id",
        "finding",
        5,
    )
    yield from ranked(
        f,
        "{n} ggn findings ordered by long axis length, shortest first",
        with_field(nodule_rows(att("ground-glass")), "long_axis_mm"),
        lambda r: r["long_axis_mm"],
        "finding_id",
        "finding",
        6,
    )
    counts = sorted(Counter(s["station"] for s in studies()).items(), key=lambda kv: str(kv[0]))
    yield from item(f, "scanners ranked by the number of exams they performed", "groups", counts)
    modalities = sorted(
        Counter(s["modality"] for s in studies()).items(), key=lambda kv: str(kv[0])
    )
    yield from item(f, "modalities sorted by how many studies each has", "groups", modalities)
    yield from ranked(
        f,
        "among psns, the {n} whose solid component is the largest",
        with_field(nodule_rows(att("part-solid")), "solid_component_mm"),
        lambda r: -r["solid_component_mm"],
        "finding_id",
        "finding",
        4,
    )
    yield from ranked(
        f,
        "of the ggns, the {n} whose volume measures the least",
        with_field(nodule_rows(att("ground-glass")), "volume_mm3"),
        lambda r: r["volume_mm3"],
        "finding_id",
        "finding",
        3,
    )


def stats(rng: random.Random) -> Iterator[Item]:
    del rng
    f = "stats"
    yield from item(
        f,
        "how sure was the detector on average about its nodule calls",
        "value",
        mean_of([r["confidence"] for r in nodule_rows()]),
    )
    yield from item(
        f,
        "on average, how certain is the algorithm about its mass detections",
        "value",
        mean_of([r["confidence"] for r in kind_rows("mass")]),
    )
    psn = with_field(nodule_rows(att("part-solid")), "solid_component_mm")
    yield from item(
        f,
        "median size of the solid part of psns",
        "value",
        median_of([r["solid_component_mm"] for r in psn]),
    )
    yield from item(
        f,
        "mean solid portion in part-solid nodules, mm",
        "value",
        mean_of([r["solid_component_mm"] for r in psn]),
    )
    chest = [s for s in studies() if chest_ct(s)]
    yield from item(
        f,
        "averaging across every chest ct, including those with none, how many ggns does each "
        "one have",
        "value",
        mean_of([float(len(nods(s, att("ground-glass")))) for s in chest]),
    )
    lobes = ("RUL", "RML", "RLL", "LUL", "LLL")
    got = share_in_lobe(kind_rows("mass"), lobes)
    if got is not None:
        yield from item(
            f,
            f"out of all the masses on record, what fraction lie in the {got[0]}",
            "value",
            got[1],
        )
    got = share_in_lobe(nodule_rows(att("ground-glass")), lobes[::-1])
    if got is not None:
        yield from item(
            f, f"of every ggn we have, what percentage sit in the {got[0]}", "value", got[1]
        )


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng
    f = "intervals"
    yield from item(
        f,
        "average number of days from one chest ct to the patient's next",
        "value",
        mean_of([float(g) for g in gaps(chest_ct)]),
    )
    yield from item(
        f,
        "longest time anyone waited between one ldct and their next one",
        "value",
        float(max(gaps(ldct))),
    )
    yield from item(
        f,
        "the smallest number of days between two scans of the same patient",
        "value",
        float(min(gaps(lambda s: True))),
    )
    yield from item(
        f,
        "when patients have consecutive chest cts, how many days apart are they on average",
        "value",
        mean_of([float(g) for g in gaps(chest_ct)]),
    )
    yield from item(
        f,
        "patients whose first and latest chest cts were more than 900 days apart",
        "patient",
        first_latest_over(900, chest_ct),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (rankings, stats, intervals)
