"""Tune questions for the families of part 37 (``bank_fresh_37.py``) fixed in share A (rankings
and top-N said in other words; intervals, medians, shares and Lung-RADS over time, spelling,
numbers and features are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: a direction said after the
field ("asc", "low to high", "in descending order"), "ordered on", a count said after the
ranking ("first N results", "keep top N", "limit to N"), "<superlative> <field> first",
"which N ... detections were the most confident", people ranked by birth date said with "born"
or "date of birth", and patients ranked by a measurement of their largest nodule. The reader
was changed with these in view, so they are tune questions; the family name is the part's, so
that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    att,
    chest_ct,
    findings,
    nodule_rows,
    pats,
    studies,
    study_of,
    top,
    untied,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (a tie at the boundary: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _measured(rows: list[Row], field: str) -> list[Row]:
    return [f for f in rows if f.get(field) is not None]


def _date_key(day: str, latest: bool) -> tuple[int, ...]:
    parts = tuple(int(x) for x in day.split("-"))
    return tuple(-x for x in parts) if latest else parts


def rankings(rng: random.Random) -> Iterator[Item]:
    """Rankings with their direction, count and field said in other words."""
    del rng
    fam = "rankings"
    solid = _measured(nodule_rows(att("solid")), "long_axis_mm")
    n, expected = untied(solid, lambda f: f["long_axis_mm"], "finding_id", 3)
    yield from item(
        fam,
        f"solid nodules ordered on long axis low to high, first {n} results",
        "finding",
        expected,
    )
    ggn = _measured(nodule_rows(att("ground-glass")), "volume_mm3")
    n, expected = untied(ggn, lambda f: -f["volume_mm3"], "finding_id", 4)
    yield from item(
        fam, f"ground glass nodules, biggest volume first - keep top {n}", "finding", expected
    )
    nods = _measured(nodule_rows(), "short_axis_mm")
    n, expected = untied(nods, lambda f: f["short_axis_mm"], "finding_id", 3)
    yield from item(
        fam, f"nodules sorted by short axis asc, limit to {n} rows", "finding", expected
    )
    conf = _measured([f for f in findings() if f["kind"] == "consolidation"], "confidence")
    n, expected = untied(conf, lambda f: -f["confidence"], "finding_id", 2)
    yield from item(
        fam, f"which {n} consolidation detections were the most confident", "finding", expected
    )
    men = [p for p in pats() if p["sex"] == "M" and p.get("birth_date")]
    women = {p["patient_id"] for p in pats() if p["sex"] == "F"}
    key: Callable[[Row], Any] = lambda p: _date_key(p["birth_date"], False)  # noqa: E731
    yield from item(
        fam, "the 4 earliest born men (oldest first)", "patient", top(men, key, 4, "patient_id")
    )
    chest = [s for s in studies() if chest_ct(s)]
    n, expected = untied(chest, lambda s: _date_key(s["study_date"], True), "study_uid", 3)
    yield from item(
        fam, f"chest cts sorted by date in descending order, show the first {n}", "study", expected
    )

    best: dict[str, float] = {}
    for f in _measured(nodule_rows(where=lambda s: s["patient_id"] in women), "diameter_mm"):
        pid = study_of(f)["patient_id"]
        best[pid] = max(best.get(pid, f["diameter_mm"]), f["diameter_mm"])
    ranked = [{"patient_id": p, "k": -v} for p, v in best.items()]
    n, expected = untied(ranked, lambda r: r["k"], "patient_id", 3)
    yield from item(
        fam,
        f"women ordered by the diameter of their largest nodule - keep top {n}",
        "patient",
        expected,
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (rankings,)
