"""Tune questions for the families of part 38 (``bank_fresh_38.py``) fixed in share E: rankings
and Lung-RADS over time (what a list lists, averages, shares, intervals and dates of birth are
share D's; numbers, counts, set logic, growth, slips and lobes share F's).

Each is a new phrasing of the family, never a sentence of the part: patients ranked "by how many
<findings> they had", "dimmest" for the lowest mean HU with a bracket restating it, "<field>
ranking: the N ...", "N <studies> with the latest dates", "the N patients with the largest
<findings>", "lung-rads topped out at <category>", a change "compared to the prior scan" asked
with "who?", and "N or more <category> scans". The reader was changed with these in view, so
they are tune questions; the family names are the part's, so that tune covers the families fixed
here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    att,
    category,
    findings,
    highest,
    history,
    nodule_rows,
    studies,
    study_of,
    untied,
    went_from,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _measured(rows: list[Row], field: str) -> list[Row]:
    return [f for f in rows if f.get(field) is not None]


def rankings(rng: random.Random) -> Iterator[Item]:
    """Rankings said in part 38's new ways."""
    del rng
    fam = "rankings"
    counts: dict[str, int] = {}
    for f in findings():
        if f["kind"] == "nodule":
            pid = study_of(f)["patient_id"]
            counts[pid] = counts.get(pid, 0) + 1
    ranked = [{"patient_id": p, "k": -c} for p, c in counts.items()]
    n, expected = untied(ranked, lambda r: r["k"], "patient_id", 3)
    yield from item(
        fam, f"order pts by how many nodules they had overall, top {n}", "patient", expected
    )
    ggn = _measured(nodule_rows(att("ground-glass")), "mean_hu")
    n, expected = untied(ggn, lambda f: f["mean_hu"], "finding_id", 3)
    yield from item(fam, f"dimmest {n} ggns (lowest mean hu)", "finding", expected)
    solid = _measured(nodule_rows(att("solid")), "volume_mm3")
    n, expected = untied(solid, lambda f: -f["volume_mm3"], "finding_id", 4)
    yield from item(fam, f"volume ranking - the {n} biggest solid nodules", "finding", expected)
    head = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "HEAD"]
    days = sorted({s["study_date"] for s in head}, reverse=True)
    n, expected = untied(head, lambda s: days.index(s["study_date"]), "study_uid", 3)
    yield from item(fam, f"{n} head cts with the latest dates overall", "study", expected)
    best: dict[str, float] = {}
    for f in _measured(nodule_rows(), "diameter_mm"):
        pid = study_of(f)["patient_id"]
        best[pid] = max(best.get(pid, f["diameter_mm"]), f["diameter_mm"])
    people = [{"patient_id": p, "k": -v} for p, v in best.items()]
    n, expected = untied(people, lambda r: r["k"], "patient_id", 2)
    yield from item(fam, f"the {n} patients with the largest nodules", "patient", expected)


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """Lung-RADS over time said in part 38's new ways."""
    del rng
    fam = "lung_rads"
    yield from item(
        fam,
        "patients whose lr topped out at 3",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield from item(
        fam,
        "lr upgrade 3 -> 4a compared to the prior scan - who?",
        "patient",
        history(lambda mine: any(went_from("3", ("4A",))(s) for s in mine)),
    )
    yield from item(
        fam,
        "pts with at least 2 lung-rads 2 scans",
        "patient",
        history(lambda mine: sum(category(s) == "2" for s in mine) >= 2),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (rankings, lung_rads)
