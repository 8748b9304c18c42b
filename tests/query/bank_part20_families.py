"""Tune questions for the families parts 19 and 20 (``bank_fresh_19.py``, ``bank_fresh_20.py``)
showed the reader missing, and for the neighbours found testing them.

Each is a new phrasing of a family, never a sentence of either part: a count that closes the
question ("female pt count", "solid nodules - total how many") or starts with an age ("how
many 75 yo or older ..."); "no findings" alone; a counted kind of study named by "ctas" /
"ct angiograms"; "1st" and "first / last ever"; "never scanned with"; "tally of"; "s/p" and
"non contrast"; a signed "+N" HU; an axis named after the size ("15 mm short axis"); "N
<studies> with the latest study dates"; a bare Lung-RADS category after "but never". The
reader was changed with these in view, so they are tune questions; the family names are
those of parts 19 and 20, so that tune covers each of their families.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from question_bank import (
    Item,
    Row,
    findings,
    grown,
    latest_first,
    never_of,
    own_studies,
    patient_ids,
    patients_by_history,
    patients_with_but_never,
    studies,
    study_ids,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def of_kind(kind: str, test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in findings() if f["kind"] == kind and test(f)]


def has(kind: str, test: Callable[[Row], bool] = lambda f: True) -> Callable[[Row], bool]:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] == kind and test(f))


def chest_ct(s: Row) -> bool:
    return s["modality"] == "CT" and s["body_part"] == "CHEST"


def counts(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item("counts", "female pt count", "count", len(patient_ids(lambda s: ref.sex(s) == "F")))
    yield item(
        "counts",
        "how many studies had no findings",
        "count",
        len(study_ids(lambda s: not ref.findings_of(s["study_uid"]))),
    )
    angio = [
        p
        for p in patient_ids(lambda s: True)
        if sum(s["modality"] == "CT" and "ANGIO" in s["description"] for s in own_studies(p)) >= 2
    ]
    yield item("counts", "patients with at least 2 ctas", "patient", angio)


def ages(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "ages",
        "how many 75 yo or older had a chest ct",
        "count",
        len(patient_ids(lambda s: chest_ct(s) and ref.age(s) >= 75)),
    )


def identifiers(rng: random.Random) -> Iterator[Item]:
    del rng
    followed = [p for p in patient_ids(chest_ct) if sum(map(chest_ct, own_studies(p))) >= 2]
    first = next(s for s in own_studies(followed[0]) if chest_ct(s))
    yield item("identifiers", f"{followed[0]}'s 1st chest ct", "study", [first["study_uid"]])
    last = own_studies(followed[1])[-1]
    yield item("identifiers", f"last ever scan of {followed[1]}", "study", [last["study_uid"]])


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "set logic",
        "patients never scanned with a head ct",
        "patient",
        never_of(lambda s: s["modality"] == "CT" and s["body_part"] == "HEAD"),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "lung-rads",
        "pts with lung-rads 3 but never 4a or 4b",
        "patient",
        patients_with_but_never(
            lambda s: ref.category(s) == "3", lambda s: ref.category(s) in ("4A", "4B")
        ),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    screening = [s for s in studies() if "SCREENING" in s["description"]]
    for k in (2, 3, 4, 5):
        top = top_rows(screening, latest_first, k, "study_uid")
        if top is not None:
            yield item("rankings", f"{k} ldcts with the latest study dates", "study", top)
            break


def modality(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "modality/body part",
        "patients s/p a non-enhanced ct",
        "patient",
        patient_ids(lambda s: s["modality"] == "CT" and "W/O CONTRAST" in s["description"]),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "lobes/sides",
        "tally of nodules in the rll",
        "count",
        len(of_kind("nodule", lambda f: f["lobe"] == "RLL")),
    )


def characters(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "attenuation/margin/calcification",
        "spiculated nodules - how many in total",
        "count",
        len(of_kind("nodule", lambda f: f["margin"] == "spiculated")),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "numbers",
        "nodules with hu between -200 and +50",
        "study",
        study_ids(has("nodule", lambda f: f["mean_hu"] is not None and -200 <= f["mean_hu"] <= 50)),
    )
    yield item(
        "numbers",
        "nodules ≥ 15 mm short axis",
        "study",
        study_ids(
            has("nodule", lambda f: f["short_axis_mm"] is not None and f["short_axis_mm"] >= 15)
        ),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """No miss in either part; here so that tune covers the families of parts 19 and 20."""
    del rng
    yield item("growth/new/stable", "scans with a nodule that grew over 4 mm", "study", grown(4.0))
    yield item(
        "follow-up",
        "pts whose nodule grew more than 4 mm",
        "patient",
        patients_by_history(lambda own: any(s["study_uid"] in grown(4.0) for s in own)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    ages,
    identifiers,
    set_logic,
    lung_rads,
    rankings,
    modality,
    lobes,
    characters,
    numbers,
    growth,
)
