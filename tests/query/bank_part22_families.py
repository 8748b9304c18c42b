"""Tune questions for the families part 22 (``bank_fresh_22.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: a patient's highest Lung-RADS
category said as "worst / peak ... on any of their studies / on file"; a ranking by birth date
said with "born" ("born most recently"); a ranking by a hyphenated field with "value" after it;
a ranking by number of findings whose number opens the question; a study in one period "and
another" in a second; "at or above / at or below" a number (inclusive); a count of studies of a
kind said "diagnostic / non-screening"; an average number per patient of one sex ("per male
pt"); the days from a patient's first study of a kind to "the latest one". The reader was changed
with these in view, so they are tune questions; the family names are those of part 22, so that
tune covers each of its families (three had no miss and one question each).

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from cohort_reference import ldct
from question_bank import (
    Item,
    Row,
    findings,
    grown,
    highest_patients,
    own_studies,
    patients_by_history,
    study_ids,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def in_year(year: int) -> Callable[[Row], bool]:
    return lambda s: str(s["study_date"]).startswith(str(year))


def nodule_rows(test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in findings() if f["kind"] == "nodule" and test(f)]


def has(kind: str, test: Callable[[Row], bool] = lambda f: True) -> Callable[[Row], bool]:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] == kind and test(f))


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A patient's highest category, with where it is looked for said after the word."""
    del rng
    yield item(
        "lung_rads",
        "pts whose worst lung-rads on any of their studies was 4a",
        "patient",
        highest_patients("4A"),
    )
    yield item(
        "lung_rads",
        "patients whose peak lr category on file is 1",
        "patient",
        highest_patients("1"),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """ "born most recently"; a hyphenated field and "value"; a number opening a ranking by
    number of findings."""
    del rng
    people = list(ref.cohort()[0].values())
    youngest = top_rows(
        people, lambda p: -dt.date.fromisoformat(str(p["birth_date"])).toordinal(), 3, "patient_id"
    )
    assert youngest is not None
    yield item("rankings", "which 3 patients were born most recently", "patient", youngest)
    short = top_rows(
        [f for f in nodule_rows() if f.get("short_axis_mm") is not None],
        lambda f: -f["short_axis_mm"],
        2,
        "finding_id",
    )
    assert short is not None
    yield item("rankings", "2 nodules with the largest short-axis value", "finding", short)
    per_patient: dict[str, int] = {}
    for f in nodule_rows(lambda f: f["attenuation"] == "ground-glass"):
        patient = ref.cohort()[1][f["study_uid"]]["patient_id"]
        per_patient[patient] = per_patient.get(patient, 0) + 1
    counted = [{"patient_id": p, "n": n} for p, n in per_patient.items()]
    for n in (3, 4, 5, 2):
        most = top_rows(counted, lambda r: -r["n"], n, "patient_id")
        if most is not None:
            yield item("rankings", f"{n} patients with the most ggns", "patient", most)
            break


def dates(rng: random.Random) -> Iterator[Item]:
    """A study in one period "and another" in a second: one in each."""
    del rng
    yield item(
        "dates",
        "pts with an ldct in 2024 and another in 2025",
        "patient",
        patients_by_history(
            lambda own: (
                any(ldct(s) and in_year(2024)(s) for s in own)
                and any(ldct(s) and in_year(2025)(s) for s in own)
            )
        ),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """ "at or above / at or below": the bound itself too."""
    del rng
    yield item(
        "numbers",
        "solid nodules with a density at or above 0 hu",
        "study",
        study_ids(
            has(
                "nodule",
                lambda f: (
                    f["attenuation"] == "solid" and f["mean_hu"] is not None and f["mean_hu"] >= 0
                ),
            )
        ),
    )
    yield item(
        "numbers",
        "nodules at or below 5 mm in the lul",
        "study",
        study_ids(has("nodule", lambda f: f["diameter_mm"] <= 5 and f["lobe"] == "LUL")),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """Studies per patient of a kind said "diagnostic" (every study but the screening CTs)."""
    del rng
    yield item(
        "counts",
        "patients with 2 or more diagnostic studies",
        "patient",
        patients_by_history(lambda own: sum(not ldct(s) for s in own) >= 2),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """An average number per patient of one sex (a man with none counts as 0)."""
    del rng
    men = {p for p, row in ref.cohort()[0].items() if row["sex"] == "M"}
    masses = sum(
        ref.cohort()[1][f["study_uid"]]["patient_id"] in men
        for f in findings()
        if f["kind"] == "mass"
    )
    yield item("stats", "mean number of masses per male pt", "value", masses / len(men))


def intervals(rng: random.Random) -> Iterator[Item]:
    """The days from a patient's first study of a kind to "the latest one"."""
    del rng
    for patient in sorted(ref.cohort()[0]):
        days = sorted({s["study_date"] for s in own_studies(patient) if chest_ct(s)})
        if len(days) >= 3:
            first, last = (dt.date.fromisoformat(str(d)) for d in (days[0], days[-1]))
            yield item(
                "intervals",
                f"days from the first chest ct of {patient} to the latest one",
                "value",
                float((last - first).days),
            )
            return


def no_misses(rng: random.Random) -> Iterator[Item]:
    """No miss of part 22 in these families; so that tune covers them under its names."""
    del rng
    yield item(
        "attenuation_margin_calcification",
        "noncalcified lobulated ggns",
        "study",
        study_ids(
            has(
                "nodule",
                lambda f: (
                    not f["calcified"]
                    and f["margin"] == "lobulated"
                    and f["attenuation"] == "ground-glass"
                ),
            )
        ),
    )
    yield item(
        "modality_station",
        "ct angio chest pe studies from ct01",
        "study",
        study_ids(lambda s: s["description"] == "CT ANGIO CHEST PE" and s["station"] == "CT01"),
    )
    yield item(
        "growth_new_stable",
        "pts with a nodule that grew by more than 4 mm",
        "patient",
        sorted({ref.cohort()[1][u]["patient_id"] for u in grown(4.0)}),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    lung_rads,
    rankings,
    dates,
    numbers,
    counts,
    stats,
    intervals,
    no_misses,
)
