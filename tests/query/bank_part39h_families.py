"""Tune questions for the families of part 39 (``bank_fresh_39.py``) fixed in share H (rankings,
averages and medians per unit, breakdowns; set logic, reports, growth and counts per study are
share G's, identifiers, numbers, ages, Lung-RADS and typing slips share I's).

Each is a new phrasing of the family, never a sentence of the part: studies ranked by date with
the count after the kind of study, a count said after a superlative after a ranking, patients
ranked by their largest nodule said with "whose", the age on each study, a mean count "every
patient underwent", a breakdown per side and by the patients' sex. The reader was changed with
these in view, so they are tune questions; the family name is the part's, so that tune covers
the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import findings, head_ct, in_year, nods, nodule_rows, own, pats, studies
from blind_reference import untied as ranked
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _groups(rows: list[Row], key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def rankings(rng: random.Random) -> Iterator[Item]:
    """Studies ranked by date, the count said after them; a superlative and count after a
    ranking; patients ranked by their largest nodule, said with "whose"."""
    del rng
    cts = [s for s in studies() if s["modality"] == "CT" and in_year(2023)(s)]
    n, uids = ranked(cts, lambda s: s["study_date"], "study_uid", 3)
    yield from item("rankings", f"among 2023 cts, the {n} dated earliest", "study", uids)
    rows = nodule_rows()
    n, fids = ranked(rows, lambda f: -f["volume_mm3"], "finding_id", 3)
    yield from item("rankings", f"nodules sorted by volume, biggest {n}", "finding", fids)
    scored = []
    for p in pats():
        sizes = [f["diameter_mm"] for s in own(p["patient_id"]) for f in nods(s)]
        if sizes:
            scored.append({"patient_id": p["patient_id"], "k": -max(sizes)})
    n, pids = ranked(scored, lambda r: r["k"], "patient_id", 2)
    question = f"which {n} patients whose largest nodule has the greatest size"
    yield from item("rankings", question, "patient", pids)


def stats(rng: random.Random) -> Iterator[Item]:
    """The age on each study of a kind; a mean count every patient underwent."""
    del rng
    heads = [s for s in studies() if head_ct(s)]
    yield from item(
        "stats",
        "mean age at the time of a head ct",
        "value",
        float(statistics.mean(ref.age(s) for s in heads)),
    )
    counts = [len(own(p["patient_id"])) for p in pats()]
    yield from item(
        "stats",
        "mean count of studies that every patient underwent",
        "value",
        float(statistics.mean(counts)),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A count of findings per side, said "right vs left"."""
    del rng
    effusions = [f for f in findings() if f["kind"] == "pleural_effusion"]
    yield from item(
        "modality", "pleural effusions: right vs left", "groups", _groups(effusions, _side)
    )


def _side(f: Row) -> str | None:
    if f.get("side"):
        return str(f["side"])
    lobe = f.get("lobe")
    return "left" if lobe in ("LUL", "LLL") else "right" if lobe in ("RUL", "RML", "RLL") else None


def people(rng: random.Random) -> Iterator[Item]:
    """A count of studies by the patients' sex."""
    del rng
    cts = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "CHEST"]
    yield from item("people", "chest ct count by patient gender", "groups", _groups(cts, ref.sex))


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    stats,
    modality,
    people,
)
