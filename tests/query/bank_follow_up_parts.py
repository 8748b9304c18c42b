"""Held-out parts 8 to 11 of the follow-up families, each written after the one before was
measured (see each function), and the averages per patient asked without "number of".

Split out of :mod:`bank_follow_up`; :data:`ALL_FAMILIES` is every follow-up family in the order
that fixes the random parameters. The answers are computed in plain Python, never through the
engine.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import bank_follow_up
import bank_over_time
import cohort_reference as ref
from bank_follow_up import (
    MEDIAN,
    FindingTest,
    add_months,
    age_of_patients,
    anything,
    ct,
    median_of,
    nodules_per,
    of_patient,
    rescanned_patients,
    rescanned_within,
    span_days,
    studies_per_patient,
    study_day,
    value,
)
from bank_issue17 import chest_ct, female, male, screening
from bank_over_time import latest_against_first, patient_ids_of, resolved, study_uids
from question_bank import Item, Test, findings, has_nodule, report_affirms


def eighth_held_out(rng: random.Random) -> Iterator[Item]:
    """Written after the reader's parts for these families were built and measured on parts 6
    and 7, in harsher shorthand (abbreviations, words for numbers, other sentence shapes), and
    measured once with nothing changed before."""
    part = "held_out_8"
    solid: FindingTest = lambda f: f["attenuation"] == "solid"  # noqa: E731
    spiculated = has_nodule(lambda f: f["margin"] == "spiculated")
    yield value("medians", part, "median diam of solid nodules", median_of("diameter_mm", solid))
    yield value(
        "medians",
        part,
        "median nodule volume in 2024",
        median_of("volume_mm3", study=lambda s: s["study_date"].startswith("2024")),
    )
    yield value(
        "medians",
        part,
        "what's the median HU of part solid nodules",
        median_of("mean_hu", lambda f: f["attenuation"] == "part-solid"),
    )
    yield value(
        "average_age",
        part,
        "avg age of women with emphysema",
        age_of_patients(lambda s: female(s) and report_affirms("emphysema")(s)),
    )
    yield value(
        "average_age",
        part,
        "median age of pts with lung-rads 4A",
        age_of_patients(lambda s: ref.category(s) == "4A", MEDIAN),
    )
    yield value(
        "per_unit_averages",
        part,
        "average number of nodules per screening CT",
        nodules_per("study", population=lambda s: screening(s) and ct(s)),
    )
    yield value("per_unit_averages", part, "avg # of nodules per patient", nodules_per("patient"))
    yield value(
        "per_unit_averages",
        part,
        "mean number of scans per patient among men",
        studies_per_patient(male),
    )
    yield Item(
        "intervals",
        part,
        "patients rescanned within six months",
        "patient",
        rescanned_within(anything, months=6),
    )
    yield Item(
        "intervals",
        part,
        "how many pts had a follow-up CT within 13 months",
        "count",
        len(rescanned_within(ct, months=13, kind=lambda a, b: ct(b))),
    )
    yield Item(
        "intervals",
        part,
        "patients with spiculated nodules who came back within 14 months",
        "patient",
        rescanned_within(spiculated, months=14),
    )
    yield value(
        "intervals", part, "mean interval between the first and last scan", span_days(anything)
    )
    pid = rng.choice(rescanned_patients())
    yield value(
        "intervals",
        part,
        f"how long between {pid}'s first and latest scan",
        span_days(of_patient(pid)),
    )
    larger = latest_against_first(lambda a, b: a > b)
    yield Item(
        "over_time",
        part,
        "nodules bigger on the most recent CT than at baseline",
        "study",
        study_uids(larger),
    )
    yield Item(
        "over_time",
        part,
        "patients whose nodule was larger at the last scan than the first scan",
        "patient",
        patient_ids_of(larger),
    )
    yield Item("over_time", part, "how many pts have shrinking nodules", "count", 0)
    yield Item("over_time", part, "resolved GGNs", "study", study_uids(resolved()))


def ninth_held_out(rng: random.Random) -> Iterator[Item]:
    """Written after part 8's one miss ("median diam", warned) was seen and before it was fixed,
    and measured once after that fix with nothing changed after."""
    part = "held_out_9"
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield value(
        "medians",
        part,
        "median long-axis of nodules in the RUL",
        median_of("long_axis_mm", lambda f: f["lobe"] == "RUL"),
    )
    yield value(
        "average_age",
        part,
        "mean age of pts w/ calcified nodules",
        age_of_patients(has_nodule(lambda f: bool(f["calcified"]))),
    )
    yield value(
        "per_unit_averages",
        part,
        "average number of masses per patient",
        round(len(masses) / len(ref.cohort()[0]), 2),
    )
    yield Item(
        "intervals",
        part,
        "pts scanned again in less than 11 months",
        "patient",
        rescanned_within(
            anything, months=11, kind=lambda a, b: study_day(b) < add_months(study_day(a), 11)
        ),
    )
    pid = rng.choice(rescanned_patients())
    yield value(
        "intervals",
        part,
        f"time between first and most recent CT for {pid}",
        span_days(of_patient(pid, ct)),
    )
    yield Item("over_time", part, "no. of patients with regressing nodules", "count", 0)


def tenth_held_out(rng: random.Random) -> Iterator[Item]:
    """Written after part 9's misses were seen ("in less than 11 months" read as inclusive,
    silently; "no. of" not read as "number of") and before either was fixed; measured once
    after those fixes."""
    part = "held_out_10"
    in_2025: Test = lambda s: s["study_date"].startswith("2025")  # noqa: E731
    yield value(
        "medians",
        part,
        "median short axis of calcified nodules",
        median_of("short_axis_mm", lambda f: bool(f["calcified"])),
    )
    yield value(
        "average_age",
        part,
        "median age of men with emphysema",
        age_of_patients(lambda s: male(s) and report_affirms("emphysema")(s), MEDIAN),
    )
    yield value(
        "per_unit_averages",
        part,
        "avg number of nodules per CT in 2025",
        nodules_per("study", population=lambda s: ct(s) and in_2025(s)),
    )
    yield Item(
        "intervals",
        part,
        "patients with a chest CT and another one within 12 months",
        "patient",
        rescanned_within(chest_ct, months=12, kind=lambda a, b: chest_ct(b)),
    )
    yield Item(
        "over_time",
        part,
        "pts with nodules smaller on the last CT than the first CT",
        "patient",
        patient_ids_of(latest_against_first(lambda a, b: a < b)),
    )
    del rng


def rates_in_other_words(rng: random.Random) -> Iterator[Item]:
    """Averages per patient or per scan asked without "number of" ("how many nodules does a
    patient have on average"): tune questions, and held-out part 11 written before the reader
    read any of these forms."""
    calcified: FindingTest = lambda f: bool(f["calcified"])  # noqa: E731
    family = "per_unit_averages"
    yield value(
        family, "tune", "how many nodules does a patient have on average", nodules_per("patient")
    )
    yield value(family, "tune", "average nodules per patient", nodules_per("patient"))
    part = "held_out_11"
    yield value(
        family, part, "on average how many scans does each patient have", studies_per_patient()
    )
    yield value(family, part, "avg calcified nodules per pt", nodules_per("patient", calcified))
    yield value(
        family, part, "how many nodules per CT on average", nodules_per("study", population=ct)
    )
    yield value(
        family,
        part,
        "mean nodules per scan in 2024",
        nodules_per("study", population=lambda s: s["study_date"].startswith("2024")),
    )
    del rng


ALL_FAMILIES = (
    *bank_follow_up.FAMILIES,
    *bank_over_time.FAMILIES,
    eighth_held_out,
    ninth_held_out,
    tenth_held_out,
    rates_in_other_words,
)
