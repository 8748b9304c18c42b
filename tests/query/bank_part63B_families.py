"""Tune questions for the families of parts 60 to 63 (``bank_fresh_60.py`` ... ``63``) fixed in
share B: aggregates, statistics and rankings (the other families are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: a ranking's count said
after it ("..., 3 of them") or bare before the noun ("4 solid nodules with the longest ...",
also after a label), "the largest single nodule" (each finding on its own), the N findings "the
ai was least sure about", the N studies "done most recently", "the most <findings> across all
their studies" (the patient's total), a measurement with its statistic said last ("<field> for
<findings>, median value"), "mean size of the long axis", the age "at the time of their <kind of
study>" (each such study), "<studies> per patient, averaged over all patients" and a share "ran
on" a station. The reader was changed with these in view (:mod:`query.leaderboards`,
:mod:`query.ranked_forms`, :mod:`query.averages_said`, :mod:`query.aggregates`,
:mod:`query.plain_forms`), so they are tune questions; the family names are the parts'.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    findings,
    head_ct,
    is_nodule,
    ldct,
    margin,
    pats,
    studies,
    study_of,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def nodule_rows(*tests: Callable[[Row], bool]) -> list[Row]:
    """The nodule findings passing every test."""
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def top(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str, *, high: bool) -> Any:
    """The ``ident`` of the ``n`` first rows by ``key`` (sorted), or None on a tie at the cut."""
    ranked = sorted(rows, key=key, reverse=high)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        return None
    return sorted(r[ident] for r in ranked[:n])


def _per_patient(values: dict[str, float], n: int, *, high: bool) -> Any:
    """The ``n`` first patients by their value, or None on a tie at the cut."""
    rows = [{"patient_id": p, "value": v} for p, v in values.items()]
    return top(rows, lambda r: r["value"], n, "patient_id", high=high)


def rankings(rng: random.Random) -> Iterator[Item]:
    """A ranking's count said after it or bare before the noun, a single finding, the model's
    certainty, the most recent studies and a patient's total across their studies."""
    del rng
    ggn = nodule_rows(att("ground-glass"))
    yield from item(
        "rankings",
        "ggns with the largest volume, 3 of them",
        "finding",
        top(ggn, lambda f: f["volume_mm3"], 3, "finding_id", high=True),
    )
    yield from item(
        "rankings",
        "4 solid nodules with the longest short axis",
        "finding",
        top(nodule_rows(att("solid")), lambda f: f["short_axis_mm"], 4, "finding_id", high=True),
    )
    yield from item(
        "rankings",
        "lobulated ones: 2 nodules having the highest mean hu",
        "finding",
        top(nodule_rows(margin("lobulated")), lambda f: f["mean_hu"], 2, "finding_id", high=True),
    )
    men = {p["patient_id"] for p in pats() if p["sex"] == "M"}
    largest: dict[str, float] = {}
    for f in nodule_rows():
        who = study_of(f)["patient_id"]
        if who in men:
            largest[who] = max(largest.get(who, 0.0), f["diameter_mm"])
    yield from item(
        "rankings",
        "the 2 men with the biggest single nodule",
        "patient",
        _per_patient(largest, 2, high=True),
    )
    ptx = [f for f in findings() if f["kind"] == "pneumothorax"]
    yield from item(
        "rankings",
        "the 2 ptx detections the ai was least sure about",
        "finding",
        top(ptx, lambda f: f["confidence"], 2, "finding_id", high=False),
    )
    yield from item(
        "rankings",
        "the 3 head cts that were done most recently",
        "study",
        top(
            [s for s in studies() if head_ct(s)],
            lambda s: s["study_date"],
            3,
            "study_uid",
            high=True,
        ),
    )
    ggns: dict[str, float] = {}
    for f in ggn:
        who = study_of(f)["patient_id"]
        ggns[who] = ggns.get(who, 0.0) + 1
    yield from item(
        "rankings",
        "leaderboard: 3 patients with the most ggns across all their studies",
        "patient",
        _per_patient(ggns, 3, high=True),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """A statistic said last, the size of a measurement, the age at each study of a kind, the
    studies per patient averaged over everyone, a share run on a station."""
    del rng
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from item(
        "aggregates",
        "model confidence for mass findings, median value",
        "value",
        statistics.median(f["confidence"] for f in masses),
    )
    yield from item(
        "aggregates",
        "solid nodules - mean size of the long axis",
        "value",
        statistics.mean(f["long_axis_mm"] for f in nodule_rows(att("solid"))),
    )
    yield from item(
        "aggregates",
        "mean age of men at the time of their ldct",
        "value",
        statistics.mean(float(ref.age(s)) for s in studies() if ldct(s) and ref.sex(s) == "M"),
    )
    per = {p["patient_id"]: 0 for p in pats()}
    for s in studies():
        per[s["patient_id"]] += 1
    yield from item(
        "aggregates",
        "exams per patient, averaged over all patients",
        "value",
        statistics.mean(float(n) for n in per.values()),
    )
    chest = [
        s
        for s in studies()
        if s["modality"] == "CT" and s["body_part"] == "CHEST" and s["study_date"][:4] == "2024"
    ]
    on = sum(1 for s in chest if s["station"] == "CT02")
    yield from item(
        "aggregates",
        "of all 2024 chest cts, what share ran on station ct02",
        "value",
        round(100.0 * on / len(chest), 1),  # answered to 0.1
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (rankings, aggregates)
