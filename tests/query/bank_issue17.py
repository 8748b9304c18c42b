"""The question families issue 17 added last: averages and percentages, "every scan" of a
patient, a patient's studies compared across periods, and "without" read per study or per
patient.

Like the rest of :mod:`question_bank`, the answers are computed here in plain Python from the
cohort's JSON Lines files, never from ScanSide's parser, compiler or SQL. ``tune`` questions
were written with the reader's new parts; ``held_out_4`` questions were written before those
parts were first run on them, in other words and with other parameters, and were measured once
with nothing changed after (docs/query.md).
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterator

import cohort_reference as ref
from question_bank import (
    Item,
    Row,
    Test,
    findings,
    has_nodule,
    in_dates,
    items,
    never_of,
    patient_ids,
    patients_by_history,
    report_affirms,
    study_ids,
    study_of,
)

FindingTest = Callable[[Row], bool]


def _nodules_where(test: FindingTest, study: Test = lambda s: True) -> list[Row]:
    return [f for f in findings() if f["kind"] == "nodule" and test(f) and study(study_of(f))]


def mean_of(field: str, test: FindingTest = lambda f: True, study: Test = lambda s: True) -> float:
    """The mean of ``field`` over the nodules passing both tests, to 0.01."""
    values = [f[field] for f in _nodules_where(test, study) if f[field] is not None]
    return round(statistics.fmean(values), 2)


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1)


def share_of_patients(test: Test, population: Test = lambda s: True) -> float:
    """Patients with a study passing ``test`` (and ``population``) among those with a study
    passing ``population``."""
    among = patient_ids(population)
    return percent(len(patient_ids(lambda s: population(s) and test(s))), len(among))


def share_of_studies(test: Test, population: Test = lambda s: True) -> float:
    among = study_ids(population)
    return percent(len(study_ids(lambda s: population(s) and test(s))), len(among))


def share_of_nodules(test: FindingTest) -> float:
    return percent(len(_nodules_where(test)), len(_nodules_where(lambda f: True)))


def kind_in(kind: str) -> Test:
    return lambda s: any(f["kind"] == kind for f in ref.findings_of(s["study_uid"]))


def female(s: Row) -> bool:
    return ref.sex(s) == "F"


def male(s: Row) -> bool:
    return ref.sex(s) == "M"


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def screening(s: Row) -> bool:
    return "SCREENING" in s["description"]


def year(y: int) -> Test:
    return in_dates(f"{y}-01-01", f"{y}-12-31")


def on_every(test: Test, scope: Test = lambda s: True) -> list[str]:
    """Patients with at least one study in ``scope``, each of which passes ``test``."""

    def every(own: list[Row]) -> bool:
        scoped = [s for s in own if scope(s)]
        return bool(scoped) and all(map(test, scoped))

    return patients_by_history(every)


def again(test: Test, *years: int) -> list[str]:
    """Patients with, in each of ``years``, a study passing ``test``."""
    return patients_by_history(
        lambda own: all(any(year(y)(s) and test(s) for s in own) for y in years)
    )


def without_per_study(test: Test) -> list[str]:
    """Patients with at least one study that does not pass ``test``."""
    return patient_ids(lambda s: not test(s))


def value(family: str, part: str, question: str, expected: float) -> Item:
    return Item(family, part, question, "value", expected)


def aggregates(rng: random.Random) -> Iterator[Item]:
    solid: FindingTest = lambda f: f["attenuation"] == "solid"  # noqa: E731
    spiculated: FindingTest = lambda f: f["margin"] == "spiculated"  # noqa: E731
    calcified: FindingTest = lambda f: bool(f["calcified"])  # noqa: E731
    y = rng.choice([2024, 2025])
    yield value("aggregates", "tune", "average nodule size", mean_of("diameter_mm"))
    yield value(
        "aggregates",
        "tune",
        "what is the mean diameter of spiculated nodules",
        mean_of("diameter_mm", spiculated),
    )
    yield value(
        "aggregates", "tune", "average volume of solid nodules", mean_of("volume_mm3", solid)
    )
    yield value("aggregates", "tune", "mean HU of calcified nodules", mean_of("mean_hu", calcified))
    yield value(
        "aggregates",
        "tune",
        f"average size of solid nodules in {y}",
        mean_of("diameter_mm", solid, year(y)),
    )
    yield value(
        "aggregates",
        "tune",
        "what percentage of patients have calcified nodules",
        share_of_patients(has_nodule(calcified)),
    )
    yield value(
        "aggregates",
        "tune",
        "what proportion of nodules are spiculated",
        share_of_nodules(spiculated),
    )
    yield value(
        "aggregates",
        "tune",
        "what percentage of women have emphysema",
        share_of_patients(report_affirms("emphysema"), female),
    )
    yield value(
        "aggregates",
        "tune",
        f"what percentage of studies in {y} show nodules",
        share_of_studies(has_nodule(), year(y)),
    )
    # held out: written before the reader's average and percentage parts were run on them
    part_solid: FindingTest = lambda f: f["attenuation"] == "part-solid"  # noqa: E731
    x = rng.choice([6, 8, 10])
    other = 2025 if y == 2024 else 2024
    yield value(
        "aggregates",
        "held_out_4",
        "avg long axis of part-solid nodules",
        mean_of("long_axis_mm", part_solid),
    )
    yield value(
        "aggregates",
        "held_out_4",
        "mean nodule diameter in men",
        mean_of("diameter_mm", study=male),
    )
    yield value(
        "aggregates",
        "held_out_4",
        "what fraction of patients had a mass",
        share_of_patients(kind_in("mass")),
    )
    yield value(
        "aggregates",
        "held_out_4",
        "percent of chest CTs with a pleural effusion",
        share_of_studies(kind_in("pleural_effusion"), chest_ct),
    )
    yield value(
        "aggregates",
        "held_out_4",
        f"the average volume of nodules larger than {x} mm",
        mean_of("volume_mm3", lambda f: f["diameter_mm"] > x),
    )
    yield value(
        "aggregates",
        "held_out_4",
        f"what share of screening CTs in {other} had ground-glass nodules",
        share_of_studies(
            has_nodule(lambda f: f["attenuation"] == "ground-glass"),
            lambda s: screening(s) and year(other)(s),
        ),
    )
    yield value(
        "aggregates",
        "held_out_4",
        "mean confidence of nodules in the RUL",
        mean_of("confidence", lambda f: f["lobe"] == "RUL"),
    )
    yield value(
        "aggregates",
        "held_out_4",
        "% of men with spiculated nodules",
        share_of_patients(has_nodule(lambda f: f["margin"] == "spiculated"), male),
    )


def every_scan(rng: random.Random) -> Iterator[Item]:
    pid = rng.choice(sorted(ref.cohort()[0]))
    own = sorted(s["study_uid"] for s in ref.cohort()[1].values() if s["patient_id"] == pid)
    calcified = has_nodule(lambda f: bool(f["calcified"]))
    yield from items(
        "every_scan",
        "tune",
        ("patients with nodules on every scan", "patient", on_every(has_nodule())),
        ("patients with emphysema on every scan", "patient", on_every(report_affirms("emphysema"))),
        ("patients with nodules on every chest CT", "patient", on_every(has_nodule(), chest_ct)),
        ("patients whose every scan showed calcified nodules", "patient", on_every(calcified)),
        (f"every scan of {pid}", "study", own),
    )
    other = rng.choice(sorted(ref.cohort()[0]))
    other_own = sorted(s["study_uid"] for s in ref.cohort()[1].values() if s["patient_id"] == other)
    spiculated = has_nodule(lambda f: f["margin"] == "spiculated")
    yield from items(
        "every_scan",
        "held_out_4",
        ("patients with a nodule on each of their scans", "patient", on_every(has_nodule())),
        (
            "how many patients had emphysema on all their CTs",
            "count",
            len(on_every(report_affirms("emphysema"), lambda s: s["modality"] == "CT")),
        ),
        ("pts with spiculated nodules on every study", "patient", on_every(spiculated)),
        (f"all exams of patient {other.lower()}", "study", other_own),
        (
            "women with ground glass nodules on every scan",
            "patient",
            sorted(
                set(on_every(has_nodule(lambda f: f["attenuation"] == "ground-glass")))
                & set(patient_ids(female))
            ),
        ),
    )


def compare_studies(rng: random.Random) -> Iterator[Item]:
    scanned: Test = lambda s: True  # noqa: E731
    yield from items(
        "compare_studies",
        "tune",
        ("patients scanned in 2024 and again in 2025", "patient", again(scanned, 2024, 2025)),
        (
            "patients with nodules in 2023 and again in 2025",
            "patient",
            again(has_nodule(), 2023, 2025),
        ),
        ("patients scanned both in 2024 and in 2025", "patient", again(scanned, 2024, 2025)),
    )
    yield from items(
        "compare_studies",
        "held_out_4",
        ("patients imaged in 2023 and then again in 2024", "patient", again(scanned, 2023, 2024)),
        (
            "how many patients had a CT in 2024 and again in 2026",
            "count",
            len(again(lambda s: s["modality"] == "CT", 2024, 2026)),
        ),
        (
            "patients with emphysema in 2024 and again in 2025",
            "patient",
            again(report_affirms("emphysema"), 2024, 2025),
        ),
        (
            "patients with a mass in 2025 and once again in 2026",
            "patient",
            again(kind_in("mass"), 2025, 2026),
        ),
    )


def without_scope(rng: random.Random) -> Iterator[Item]:
    yield from items(
        "without_scope",
        "tune",
        ("patients without nodules", "patient", without_per_study(has_nodule())),
        ("patients who never had nodules", "patient", never_of(has_nodule())),
        ("patients without a mass", "patient", without_per_study(kind_in("mass"))),
        ("patients who never had a mass", "patient", never_of(kind_in("mass"))),
    )
    calcified = has_nodule(lambda f: bool(f["calcified"]))
    yield from items(
        "without_scope",
        "held_out_4",
        ("pts with no nodules", "patient", without_per_study(has_nodule())),
        (
            "how many patients never had emphysema",
            "count",
            len(never_of(report_affirms("emphysema"))),
        ),
        ("people without calcified nodules", "patient", without_per_study(calcified)),
        (
            "patients who have never had a pneumothorax",
            "patient",
            never_of(kind_in("pneumothorax")),
        ),
    )


def fifth_held_out(rng: random.Random) -> Iterator[Item]:
    """Written after the reader was frozen for issue 17 (commit 2740654), in a clinician's
    shorthand, and measured once; nothing was changed after it."""
    part = "held_out_5"
    calcified: FindingTest = lambda f: bool(f["calcified"])  # noqa: E731
    spiculated = has_nodule(lambda f: f["margin"] == "spiculated")
    yield value(
        "aggregates",
        part,
        "avg diameter of calcified nodules in women",
        mean_of("diameter_mm", calcified, female),
    )
    yield value(
        "aggregates",
        part,
        "what % of pts had a pneumothorax",
        share_of_patients(kind_in("pneumothorax")),
    )
    yield value(
        "aggregates",
        part,
        "proportion of CT scans in 2025 with a mass",
        share_of_studies(kind_in("mass"), lambda s: s["modality"] == "CT" and year(2025)(s)),
    )
    yield value(
        "aggregates",
        part,
        "mean volume of lobulated nodules",
        mean_of("volume_mm3", lambda f: f["margin"] == "lobulated"),
    )
    yield value(
        "aggregates",
        part,
        "average HU of part-solid nodules in the LUL",
        mean_of("mean_hu", lambda f: f["attenuation"] == "part-solid" and f["lobe"] == "LUL"),
    )
    yield value(
        "aggregates",
        part,
        "what fraction of nodules are ground glass",
        share_of_nodules(lambda f: f["attenuation"] == "ground-glass"),
    )
    yield value(
        "aggregates",
        part,
        "mean confidence of spiculated nodules",
        mean_of("confidence", lambda f: f["margin"] == "spiculated"),
    )
    yield value(
        "aggregates",
        part,
        "percentage of men with emphysema",
        share_of_patients(report_affirms("emphysema"), male),
    )
    yield value(
        "aggregates",
        part,
        "avg size of nodules > 10 mm",
        mean_of("diameter_mm", lambda f: f["diameter_mm"] > 10),
    )
    yield from items(
        "every_scan",
        part,
        (
            "pts with emphysema on all of their scans",
            "patient",
            on_every(report_affirms("emphysema")),
        ),
        (
            "how many women had nodules on every chest CT",
            "count",
            len(set(on_every(has_nodule(), chest_ct)) & set(patient_ids(female))),
        ),
        ("how many patients had a mass on every scan", "count", len(on_every(kind_in("mass")))),
    )
    yield from items(
        "compare_studies",
        part,
        (
            "patients with spiculated nodules in 2024 and again in 2026",
            "patient",
            again(spiculated, 2024, 2026),
        ),
        (
            "patients scanned in 2023 and again in 2026",
            "patient",
            again(lambda s: True, 2023, 2026),
        ),
    )
    yield from items(
        "without_scope",
        part,
        (
            "people who never had a pleural effusion",
            "patient",
            never_of(kind_in("pleural_effusion")),
        ),
        ("patients without emphysema", "patient", without_per_study(report_affirms("emphysema"))),
    )


FAMILIES = (aggregates, every_scan, compare_studies, without_scope, fifth_held_out)
