"""Question families that ask for a summary of a cohort over time or per person: medians, the
average (or median) age of patients, averages per patient or per scan ("average number of
nodules per patient"), and intervals between a patient's scans ("scanned again within 6 months",
"days between the first and latest CT").

The conventions (written out in docs/query.md, "Medians, ages, per-patient averages and
intervals") are those of the cohort README where it has one, and these where it has none:

- a median is over the same findings an average is over, to 0.01, the mean of the two middle
  values for an even count;
- a patient's age in an average of ages is the age on the patient's latest study that meets the
  question's conditions, each patient counted once;
- "average number of nodules per patient" divides the nodules that meet the question by the
  patients with a study meeting its conditions on the study and the patient (all patients when
  there are none): patients without a nodule count as 0; "per scan" divides by such studies;
- "scanned again within N months" holds for a study that meets the question when the patient
  has a later study (a later date) on or before the date N calendar months after it that meets
  the question's conditions on the kind of study (modality, body part, description, station):
  "a chest CT followed by another within 11 months"; "a year" is 12 months, "a week" 7 days;
- "the time between the first and latest CT" is the number of days between a patient's first
  and latest study of the kind the question names (modality, body part, description, station,
  dates, identifiers); its other conditions ("for patients with a mass") say which patients, on
  any of their studies; over several patients, the average (or median) over the patients with
  such studies on at least two dates.

The answers are computed here in plain Python from the cohort's JSON Lines files, never from
ScanSide's parser, compiler or SQL. ``tune`` questions were written together with the reader's
new parts. ``held_out_6`` questions were written before any of those parts existed, in the ways
clinicians type (abbreviations, typos, numbers in words), and are measured once. A nodule over
time (part 7) is in :mod:`bank_over_time`, later held-out parts in :mod:`bank_follow_up_parts`.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Callable, Iterator

import cohort_reference as ref
from bank_issue17 import chest_ct, female, kind_in, male, screening
from question_bank import (
    Item,
    Row,
    Test,
    findings,
    has_nodule,
    studies,
    study_of,
)

FindingTest = Callable[[Row], bool]
Statistic = Callable[[list[float]], float]
MEDIAN: Statistic = statistics.median
MEAN: Statistic = statistics.fmean


def value(family: str, part: str, question: str, expected: float) -> Item:
    return Item(family, part, question, "value", expected)


def anything(_: Row) -> bool:
    return True


# --- medians --------------------------------------------------------------------------------


def nodule_values(field: str, test: FindingTest = anything, study: Test = anything) -> list[float]:
    return [
        float(f[field])
        for f in findings()
        if f["kind"] == "nodule" and test(f) and study(study_of(f)) and f[field] is not None
    ]


def median_of(field: str, test: FindingTest = anything, study: Test = anything) -> float:
    return round(statistics.median(nodule_values(field, test, study)), 2)


# --- ages -----------------------------------------------------------------------------------


def age_of_patients(test: Test, statistic: Statistic = MEAN) -> float:
    """Each patient with a study passing ``test``, at the age on the latest such study."""
    latest: dict[str, Row] = {}
    for s in studies():
        if test(s):
            kept = latest.get(s["patient_id"])
            if kept is None or s["study_date"] > kept["study_date"]:
                latest[s["patient_id"]] = s
    return round(statistic([float(ref.age(s)) for s in latest.values()]), 2)


# --- per patient, per scan ------------------------------------------------------------------


def nodules_per(per: str, test: FindingTest = anything, population: Test = anything) -> float:
    """Nodules passing ``test`` in studies passing ``population``, divided by the patients
    (``per="patient"``) or studies (``per="study"``) passing ``population``."""
    counted = len(
        [f for f in findings() if f["kind"] == "nodule" and test(f) and population(study_of(f))]
    )
    return round(counted / _population_size(per, population), 2)


def studies_per_patient(test: Test = anything) -> float:
    matching = [s for s in studies() if test(s)]
    return round(len(matching) / len({s["patient_id"] for s in matching}), 2)


def _population_size(per: str, population: Test) -> int:
    chosen = [s for s in studies() if population(s)]
    if per == "patient":
        return len({s["patient_id"] for s in chosen})
    return len(chosen)


# --- intervals ------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day if it has fewer)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def study_day(s: Row) -> dt.date:
    return dt.date.fromisoformat(s["study_date"])


def rescanned_patients() -> list[str]:
    """Patients with studies on two dates or more (so an interval exists)."""
    dates: dict[str, set[str]] = {}
    for s in studies():
        dates.setdefault(s["patient_id"], set()).add(s["study_date"])
    return sorted(p for p, d in dates.items() if len(d) > 1)


def ct_twice(patient_id: str) -> bool:
    return len({s["study_date"] for s in studies() if s["patient_id"] == patient_id and ct(s)}) > 1


def rescanned_within(
    test: Test,
    *,
    months: int = 0,
    days: int = 0,
    kind: Callable[[Row, Row], bool] = lambda a, b: True,
) -> list[str]:
    """Patients with a study passing ``test`` followed by a later study (a later date) for
    which ``kind(earlier, later)`` holds, on or before ``months`` months and ``days`` days
    after it."""
    own: dict[str, list[Row]] = {}
    for s in studies():
        own.setdefault(s["patient_id"], []).append(s)
    found = set()
    for s in studies():
        if not test(s):
            continue
        limit = add_months(study_day(s), months) + dt.timedelta(days=days)
        if any(
            study_day(s) < study_day(later) <= limit and kind(s, later)
            for later in own[s["patient_id"]]
        ):
            found.add(s["patient_id"])
    return sorted(found)


def span_days(test: Test, statistic: Statistic = MEAN, who: Test | None = None) -> float:
    """Days from each patient's first to latest study passing ``test`` (patients with such
    studies on two dates or more and, with ``who``, a study passing ``who``), summarised by
    ``statistic``."""
    chosen = None if who is None else {s["patient_id"] for s in studies() if who(s)}
    dates: dict[str, list[dt.date]] = {}
    for s in studies():
        if test(s) and (chosen is None or s["patient_id"] in chosen):
            dates.setdefault(s["patient_id"], []).append(study_day(s))
    spans = [(max(d) - min(d)).days for d in dates.values() if max(d) > min(d)]
    return round(statistic([float(x) for x in spans]), 2)


def of_patient(patient_id: str, test: Test = anything) -> Test:
    return lambda s: s["patient_id"] == patient_id and test(s)


def ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


# --- the families ---------------------------------------------------------------------------


def medians(rng: random.Random) -> Iterator[Item]:
    solid: FindingTest = lambda f: f["attenuation"] == "solid"  # noqa: E731
    yield value("medians", "tune", "median nodule size", median_of("diameter_mm"))
    yield value(
        "medians",
        "tune",
        "what is the median volume of solid nodules",
        median_of("volume_mm3", solid),
    )
    yield value(
        "medians",
        "tune",
        "median HU of calcified nodules",
        median_of("mean_hu", lambda f: bool(f["calcified"])),
    )
    # held out: written before the reader's medians existed
    yield value(
        "medians",
        "held_out_6",
        "median diameter of spiculated nodules",
        median_of("diameter_mm", lambda f: f["margin"] == "spiculated"),
    )
    yield value(
        "medians",
        "held_out_6",
        "whats the median long axis of part-solid nodules",
        median_of("long_axis_mm", lambda f: f["attenuation"] == "part-solid"),
    )
    yield value(
        "medians",
        "held_out_6",
        "median nodule volume in women",
        median_of("volume_mm3", study=female),
    )
    yield value(
        "medians",
        "held_out_6",
        "median size of ground glass nodules in 2025",
        median_of(
            "diameter_mm",
            lambda f: f["attenuation"] == "ground-glass",
            lambda s: s["study_date"].startswith("2025"),
        ),
    )
    yield value(
        "medians",
        "held_out_6",
        "median confidence of nodules in the LLL",
        median_of("confidence", lambda f: f["lobe"] == "LLL"),
    )
    del rng


def average_age(rng: random.Random) -> Iterator[Item]:
    spiculated = has_nodule(lambda f: f["margin"] == "spiculated")
    calcified = has_nodule(lambda f: bool(f["calcified"]))
    yield value(
        "average_age",
        "tune",
        "average age of patients with a mass",
        age_of_patients(kind_in("mass")),
    )
    yield value(
        "average_age",
        "tune",
        "mean age of women with spiculated nodules",
        age_of_patients(lambda s: female(s) and spiculated(s)),
    )
    yield value(
        "average_age",
        "tune",
        "median age of patients with calcified nodules",
        age_of_patients(calcified, MEDIAN),
    )
    yield value(
        "average_age",
        "held_out_6",
        "avg age of pts with spiculated nodules",
        age_of_patients(spiculated),
    )
    yield value(
        "average_age",
        "held_out_6",
        "mean age of men with a pneumothorax",
        age_of_patients(lambda s: male(s) and kind_in("pneumothorax")(s)),
    )
    yield value(
        "average_age",
        "held_out_6",
        "what is the average age of patients with ground-glass nodules",
        age_of_patients(has_nodule(lambda f: f["attenuation"] == "ground-glass")),
    )
    yield value(
        "average_age",
        "held_out_6",
        "median age of women with nodules",
        age_of_patients(lambda s: female(s) and has_nodule()(s), MEDIAN),
    )
    yield value(
        "average_age",
        "held_out_6",
        "average age of patients with a screening CT in 2024",
        age_of_patients(lambda s: screening(s) and s["study_date"].startswith("2024")),
    )
    del rng


def per_unit_averages(rng: random.Random) -> Iterator[Item]:
    yield value(
        "per_unit_averages",
        "tune",
        "average number of nodules per patient",
        nodules_per("patient"),
    )
    yield value(
        "per_unit_averages",
        "tune",
        "average number of nodules per scan",
        nodules_per("study"),
    )
    yield value(
        "per_unit_averages",
        "tune",
        "average number of studies per patient",
        studies_per_patient(),
    )
    yield value(
        "per_unit_averages",
        "held_out_6",
        "avg number of calcified nodules per patient",
        nodules_per("patient", lambda f: bool(f["calcified"])),
    )
    yield value(
        "per_unit_averages",
        "held_out_6",
        "mean number of nodules per chest CT",
        nodules_per("study", population=chest_ct),
    )
    yield value(
        "per_unit_averages",
        "held_out_6",
        "average no. of CTs per patient",
        studies_per_patient(ct),
    )
    yield value(
        "per_unit_averages",
        "held_out_6",
        "average number of solid nodules per pt",
        nodules_per("patient", lambda f: f["attenuation"] == "solid"),
    )
    yield value(
        "per_unit_averages",
        "held_out_6",
        "average number of nodules per patient in women",
        nodules_per("patient", population=female),
    )
    del rng


def intervals(rng: random.Random) -> Iterator[Item]:
    pid = rng.choice(rescanned_patients())
    scanned: Test = anything
    yield from (
        Item("intervals", "tune", q, "patient", expected)
        for q, expected in (
            ("patients scanned again within 12 months", rescanned_within(scanned, months=12)),
            (
                "patients with a chest CT followed by another chest CT within 11 months",
                rescanned_within(chest_ct, months=11, kind=lambda a, b: chest_ct(b)),
            ),
        )
    )
    yield value(
        "intervals",
        "tune",
        "average time between first and latest CT",
        span_days(ct),
    )
    yield value(
        "intervals",
        "tune",
        f"days between the first and latest scan of {pid}",
        span_days(of_patient(pid)),
    )
    yield value(
        "intervals",
        "tune",
        "time between first and latest CT for patients with a mass",
        span_days(ct, who=kind_in("mass")),
    )
    # held out: written before the reader's intervals existed
    other = rng.choice([p for p in rescanned_patients() if p != pid and ct_twice(p)])
    yield Item(
        "intervals",
        "held_out_6",
        "pts rescanned within 11 months",
        "patient",
        rescanned_within(scanned, months=11),
    )
    yield Item(
        "intervals",
        "held_out_6",
        "how many patients had a repeat scan within a year",
        "count",
        len(rescanned_within(scanned, months=12)),
    )
    yield Item(
        "intervals",
        "held_out_6",
        "patients with spiculated nodules scanned again within 13 months",
        "patient",
        rescanned_within(has_nodule(lambda f: f["margin"] == "spiculated"), months=13),
    )
    yield Item(
        "intervals",
        "held_out_6",
        "patients scanned again within 330 days",
        "patient",
        rescanned_within(scanned, days=330),
    )
    yield value(
        "intervals",
        "held_out_6",
        "median time between first and latest chest CT",
        span_days(chest_ct, MEDIAN),
    )
    yield value(
        "intervals",
        "held_out_6",
        f"how many days between {other.lower()}'s first and last CT",
        span_days(of_patient(other, ct)),
    )
    del rng


FAMILIES = (medians, average_age, per_unit_averages, intervals)
LATER_FAMILIES = ("medians", "average_age", "per_unit_averages", "intervals", "over_time")
