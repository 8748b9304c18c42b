"""Tune questions for the families part 14 (``bank_fresh_14.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-14 sentence: a kind of study in a count of
studies per patient ("fewer than 2 chest cts": only chest CTs counted), "or" between a finding,
a Lung-RADS category or a report concept (either), "#" / "# of" / "avg #" for "number of",
"vol" / "sz" / "yr" / "f/u" shorthand, days written with slashes, "both" with an attribute of
another field on each side, rankings by number of findings ("has the most masses"), "followed
> N yrs" (a follow-up duration, not an age), an age range after a word for people ("men 60 to
70"), "latest N <studies>", and a station glued to its number ("ct01 ..."). The reader was
changed with these in view, so they are tune questions; the family names are part 14's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from question_bank import (
    Item,
    Row,
    Test,
    findings,
    has_nodule,
    patient_ids,
    patients_by_history,
    patients_with_both,
    studies,
    study_ids,
    study_of,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def kind(name: str) -> Test:
    return lambda s: any(f["kind"] == name for f in ref.findings_of(s["study_uid"]))


def both(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def counts(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "counts",
        "number of people w fewer than 2 chest cts",
        "count",
        len(patients_by_history(lambda own: sum(map(chest_ct, own)) < 2)),
    )
    yield item(
        "counts",
        "women with at least 2 head cts",
        "patient",
        patients_by_history(
            lambda own: ref.sex(own[0]) == "F" and sum(s["body_part"] == "HEAD" for s in own) >= 2
        ),
    )
    male = lambda f: ref.sex(study_of(f)) == "M"  # noqa: E731
    yield item(
        "counts",
        "# of masses in males",
        "count",
        sum(1 for f in findings() if f["kind"] == "mass" and male(f)),
    )
    female = lambda s: ref.sex(s) == "F"  # noqa: E731
    yield item(
        "counts",
        "# women w a pneumothorax",
        "count",
        len(patient_ids(both(kind("pneumothorax"), female))),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "set_logic",
        "studies with a pneumothorax or lung-rads 4b",
        "study",
        study_ids(lambda s: kind("pneumothorax")(s) or ref.category(s) == "4B"),
    )
    yield item(
        "set_logic",
        "patients w lr 3 or a mass",
        "patient",
        patient_ids(lambda s: ref.category(s) == "3" or kind("mass")(s)),
    )
    yield item(
        "set_logic",
        "people with both part-solid and calcified nodules",
        "patient",
        patients_with_both(
            has_nodule(lambda f: f["attenuation"] == "part-solid"),
            has_nodule(lambda f: bool(f["calcified"])),
        ),
    )


def found_testing(rng: random.Random) -> Iterator[Item]:
    """Families found misread while testing other phrasings of part 14's (not in part 14)."""
    del rng
    yield item(
        "set_logic",
        "women w lr4a or lr4b",
        "patient",
        patient_ids(lambda s: ref.sex(s) == "F" and ref.category(s) in ("4A", "4B")),
    )

    def same_scan(s: Row) -> bool:
        seen = {f["attenuation"] for f in ref.findings_of(s["study_uid"]) if f["kind"] == "nodule"}
        return {"solid", "ground-glass"} <= seen

    yield item(
        "set_logic",
        "patients with both solid and ground glass nodules on the same ct",
        "patient",
        patient_ids(same_scan),
    )
    yield item(
        "counts",
        "people with at least 2 cts since 2025",
        "patient",
        patients_by_history(
            lambda own: (
                sum(s["modality"] == "CT" and s["study_date"] >= "2025-01-01" for s in own) >= 2
            )
        ),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "dates",
        "chest cts after 9/30/2025",
        "study",
        study_ids(both(chest_ct, lambda s: s["study_date"] > "2025-09-30")),
    )
    yield item(
        "dates",
        "head cts last yr",
        "study",
        study_ids(lambda s: s["body_part"] == "HEAD" and s["study_date"][:4] == "2025"),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    del rng
    rows = [f for f in findings() if f["kind"] == "mass"]
    yield item(
        "aggregates",
        "median vol of masses",
        "value",
        round(statistics.median(f["volume_mm3"] for f in rows), 2),
    )
    nods = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "part-solid"]
    yield item(
        "aggregates",
        "mean sz of part-solid nods",
        "value",
        round(statistics.mean(f["diameter_mm"] for f in nods), 2),
    )
    people = len(ref.cohort()[0])
    masses = sum(1 for f in findings() if f["kind"] == "mass")
    yield item("aggregates", "avg # of masses per patient", "value", round(masses / people, 2))


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    per_patient: dict[str, int] = {}
    for f in findings():
        if f["kind"] == "mass":
            pid = study_of(f)["patient_id"]
            per_patient[pid] = per_patient.get(pid, 0) + 1
    ranked = [{"patient_id": p, "n": n} for p, n in per_patient.items()]
    best = top_rows(ranked, lambda r: (-r["n"], r["patient_id"]), 1, "patient_id")
    yield item("rankings", "which pt has the most masses", "patient", best)
    heads = [s for s in studies() if s["body_part"] == "HEAD"]
    latest = top_rows(heads, lambda s: tuple(-ord(c) for c in s["study_date"]), 3, "study_uid")
    if latest is not None:
        yield item("rankings", "latest 3 head cts", "study", latest)


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng
    own: dict[str, list[str]] = {}
    for s in studies():
        own.setdefault(s["patient_id"], []).append(s["study_date"])

    def apart(days: list[str], months: int) -> bool:
        first, last = dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))
        year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
        edge = dt.date(year, month + 1, min(first.day, calendar.monthrange(year, month + 1)[1]))
        return last > edge

    yield item(
        "intervals",
        "people tracked more than 30 months",
        "patient",
        sorted(p for p, days in own.items() if apart(days, 30)),
    )
    yield item(
        "intervals",
        "patients w f/u of more than 2 yrs",
        "patient",
        sorted(p for p, days in own.items() if apart(days, 24)),
    )


def ages(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "ages",
        "men 60 to 70 w calcified nodules",
        "patient",
        patient_ids(
            both(
                lambda s: ref.sex(s) == "M" and 60 <= ref.age(s) <= 70,
                has_nodule(lambda f: bool(f["calcified"])),
            )
        ),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "modality",
        "ct01 chest cts with a mass",
        "study",
        study_ids(both(chest_ct, kind("mass"), lambda s: s["station"] == "CT01")),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    counts,
    set_logic,
    dates,
    numbers,
    rankings,
    intervals,
    ages,
    modality,
    found_testing,
)
