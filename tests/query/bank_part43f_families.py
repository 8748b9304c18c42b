"""Tune questions for the families of part 43 (``bank_fresh_43.py``) fixed in share F
(rankings, averages and percentages, intervals; identifiers, dates, counts, set logic, reports
and growth are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: a count said after the
ranking ("..., show me 4", "...: top 3"), a leaderboard, people "holding" the most of a kind,
"beefiest" and "hugest" for the largest, a volume said by its unit ("in cubic mm"), "reaching
farthest along the short axis", studies per patient with the statistic said last, "what portion
of ... lie in the <lobe>, in percent" and consecutive studies' spacing with its statistic said
last. The reader was changed with these in view (:mod:`query.leaderboards`), so they are tune
questions; the family name is the part's, so that tune covers the family fixed here.

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
    days_between,
    findings,
    in_lobe,
    is_nodule,
    ldct,
    mean_of,
    median_of,
    own,
    pats,
    pct,
    study_of,
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


def ranked(
    family: str,
    template: str,
    rows: Sequence[Row],
    key: Callable[[Row], Any],
    ident: str,
    unit: str,
    start: int,
) -> Iterator[Item]:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            yield Item(family, PART, template.format(n=n), unit, got)
            return


def nodule_rows(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def with_field(rows: Sequence[Row], name: str) -> list[Row]:
    return [r for r in rows if r.get(name) is not None]


def per_patient(counted: Counter[str]) -> list[Row]:
    """One row per patient with at least one counted finding, ``k`` their number."""
    return [{"patient_id": p, "k": k} for p, k in counted.items() if k > 0]


def gaps(test: Test) -> list[int]:
    """Days between each patient's consecutive studies that pass ``test``."""
    found: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        found.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return found


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    f = "rankings"
    nodules = nodule_rows()
    yield from ranked(
        f,
        "nodules with the highest hu, show me {n}",
        nodules,
        lambda r: -r["mean_hu"],
        "finding_id",
        "finding",
        4,
    )
    yield from ranked(
        f,
        "most dense nodules by hu, give me {n}",
        nodules,
        lambda r: -r["mean_hu"],
        "finding_id",
        "finding",
        3,
    )
    ggn = Counter(study_of(r)["patient_id"] for r in nodule_rows(att("ground-glass")))
    yield from ranked(
        f,
        "leaderboard of {n} patients holding the most ggns",
        per_patient(ggn),
        lambda r: -r["k"],
        "patient_id",
        "patient",
        4,
    )
    all_nodules = Counter(study_of(r)["patient_id"] for r in nodules)
    yield from ranked(
        f,
        "whose chests carry the most nodules? top {n}",
        per_patient(all_nodules),
        lambda r: -r["k"],
        "patient_id",
        "patient",
        3,
    )
    yield from ranked(
        f,
        "the {n} beefiest nodules in cubic mm",
        nodules,
        lambda r: -r["volume_mm3"],
        "finding_id",
        "finding",
        5,
    )
    psn = with_field(nodule_rows(att("part-solid")), "solid_component_mm")
    yield from ranked(
        f,
        "part-solid ones with the hugest solid component: top {n}",
        psn,
        lambda r: -r["solid_component_mm"],
        "finding_id",
        "finding",
        4,
    )
    yield from ranked(
        f,
        "the {n} nodules reaching farthest along the short axis",
        nodules,
        lambda r: -r["short_axis_mm"],
        "finding_id",
        "finding",
        3,
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    del rng
    f = "aggregates"
    yield from item(
        f,
        "scans per patient in the cohort - median",
        "value",
        median_of([float(len(own(p["patient_id"]))) for p in pats()]),
    )
    yield from item(
        f,
        "studies per pt across the whole cohort, avg",
        "value",
        mean_of([float(len(own(p["patient_id"]))) for p in pats()]),
    )
    nodules = nodule_rows()
    for lobe in ("RUL", "RLL", "LUL", "RML", "LLL"):
        part = sum(1 for r in nodules if in_lobe(lobe)(r))
        share = pct(part, len(nodules))
        if 0 < part < len(nodules) and share is not None:
            yield from item(
                f,
                f"what portion of the nodules lie in the {lobe.lower()}, in percent",
                "value",
                share,
            )
            return


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng
    f = "intervals"
    yield from item(
        f,
        "successive ldct gaps per patient - median in days",
        "value",
        median_of([float(g) for g in gaps(ldct)]),
    )
    yield from item(
        f,
        "consecutive chest ct intervals, average",
        "value",
        mean_of([float(g) for g in gaps(chest_ct)]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (rankings, aggregates, intervals)
