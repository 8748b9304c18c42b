"""Tune questions for the families part 12 (``bank_fresh_12.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-12 sentence: date ranges written "X to Y" or
"from X through Y" (months across a year end, ISO days), decades of birth ("born in the 50s"),
rolling day windows with "gg", "findings" with a size or a confidence (every kind of finding:
``docs/query.md``), confidence written "conf" or as a range ("0.85-0.95") or a bare fraction
beside "low/high confidence", ages next to a word for people ("male pts under 60 w ..."), age
words ("septuagenarians"), counts of GGNs in words ("exactly three GGOs"), "both A and B" of
kinds of study or of one attribute, "never had lung-rads N", "highest LR ever was N", rankings
without "the" ("4 nodules w lowest HU", "3 smallest masses by volume"), "in both 2024 and 2026"
and "median conf". The reader was changed with these in view, so they are tune questions.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from question_bank import (
    AS_OF,
    Item,
    Row,
    Test,
    findings,
    has_nodule,
    highest_patients,
    nodules,
    patient_ids,
    patients_by_history,
    patients_with_both,
    study_ids,
    top_rows,
)

PART = "tune"
FindingTest = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def dated(start: str, end: str) -> Test:
    return lambda s: start <= s["study_date"] <= end


def born(start: str, end: str) -> Test:
    return lambda s: start <= str(ref.cohort()[0][s["patient_id"]]["birth_date"]) <= end


def aged(test: Callable[[int], bool]) -> Test:
    return lambda s: test(ref.age(s))


def sex_is(code: str) -> Test:
    return lambda s: ref.sex(s) == code


def all_of(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def kind_with(name: str, test: FindingTest = lambda f: True) -> Test:
    return lambda s: any(f["kind"] == name and test(f) for f in ref.findings_of(s["study_uid"]))


def known(field: str, test: Callable[[float], bool]) -> FindingTest:
    """A finding of any kind whose ``field`` is recorded and passes ``test``."""
    return lambda f: f[field] is not None and test(float(f[field]))


def finding_ids(test: FindingTest) -> list[str]:
    return sorted(str(f["finding_id"]) for f in findings() if test(f))


def studies_of(test: FindingTest) -> list[str]:
    return sorted({str(f["study_uid"]) for f in findings() if test(f)})


def attenuation(value: str) -> FindingTest:
    return lambda f: f["attenuation"] == value


def category(s: Row) -> str | None:
    return ref.category(s)


def dates(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "dates",
        "patients scanned from dec 2023 through feb 2024",
        "patient",
        patient_ids(dated("2023-12-01", "2024-02-29")),
    )
    yield item(
        "dates",
        "studies 2025-02-10 to 2025-03-20",
        "study",
        study_ids(dated("2025-02-10", "2025-03-20")),
    )
    yield item(
        "dates",
        "chest cts oct 2025 until jan 2026",
        "study",
        study_ids(all_of(chest_ct, dated("2025-10-01", "2026-01-31"))),
    )
    yield item(
        "dates", "pts born in the 50s", "patient", patient_ids(born("1950-01-01", "1959-12-31"))
    )
    yield item(
        "dates",
        "women born in the forties with nodules",
        "patient",
        patient_ids(all_of(sex_is("F"), born("1940-01-01", "1949-12-31"), has_nodule())),
    )
    start = (dt.date.fromisoformat(AS_OF) - dt.timedelta(days=120)).isoformat()
    yield item(
        "dates",
        "spiculated gg nodules in the last 120 days",
        "study",
        study_ids(
            all_of(
                dated(start, AS_OF),
                has_nodule(
                    lambda f: f["attenuation"] == "ground-glass" and f["margin"] == "spiculated"
                ),
            )
        ),
    )


def sizes(rng: random.Random) -> Iterator[Item]:
    del rng  # "findings": every kind of finding, unless a kind is named
    yield item(
        "sizes",
        "findings over 30 mm",
        "finding",
        finding_ids(known("diameter_mm", lambda d: d > 30)),
    )
    yield item(
        "sizes",
        "how many findings have a long axis of at least 20 mm",
        "count",
        len(finding_ids(known("long_axis_mm", lambda d: d >= 20))),
    )
    yield item(
        "sizes",
        "studies with findings larger than 28 mm",
        "study",
        studies_of(known("diameter_mm", lambda d: d > 28)),
    )


def confidence(rng: random.Random) -> Iterator[Item]:
    del rng

    def nodule_conf(test: Callable[[float], bool]) -> FindingTest:
        return lambda f: f["kind"] == "nodule" and known("confidence", test)(f)

    yield item(
        "confidence",
        "findings with confidence below 0.5",
        "finding",
        finding_ids(known("confidence", lambda c: c < 0.5)),
    )
    yield item(
        "confidence",
        "nodules conf 0.85-0.95",
        "study",
        studies_of(nodule_conf(lambda c: 0.85 <= c <= 0.95)),
    )
    yield item(
        "confidence",
        "nodules with conf between 0.6 and 0.7",
        "study",
        studies_of(nodule_conf(lambda c: 0.6 <= c <= 0.7)),
    )
    yield item(
        "confidence",
        "high confidence nodules > .95",
        "study",
        studies_of(nodule_conf(lambda c: c > 0.95)),
    )
    yield item(
        "confidence",
        "low confidence masses < 0.7",
        "study",
        studies_of(lambda f: f["kind"] == "mass" and known("confidence", lambda c: c < 0.7)(f)),
    )
    masses = [
        float(f["confidence"])
        for f in findings()
        if f["kind"] == "mass" and f["confidence"] is not None
    ]
    yield item("medians", "median conf of masses", "value", statistics.median(masses))


def demographics(rng: random.Random) -> Iterator[Item]:
    del rng

    def spiculated(f: Row) -> bool:
        return bool(f["margin"] == "spiculated")

    yield item(
        "demographics",
        "male pts under 60 w spiculated nodules",
        "patient",
        patient_ids(all_of(sex_is("M"), aged(lambda a: a < 60), has_nodule(spiculated))),
    )
    yield item(
        "demographics",
        "septuagenarians with calcified nodules",
        "patient",
        patient_ids(
            all_of(aged(lambda a: 70 <= a <= 79), has_nodule(lambda f: bool(f["calcified"])))
        ),
    )
    yield item(
        "demographics",
        "how many sexagenarian women",
        "count",
        len(patient_ids(all_of(sex_is("F"), aged(lambda a: 60 <= a <= 69)))),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    del rng
    gg = attenuation("ground-glass")
    yield item(
        "counts",
        "studies with exactly three GGOs",
        "study",
        study_ids(lambda s: len(nodules(s, gg)) == 3),
    )
    yield item(
        "counts", "scans w exactly one GGN", "study", study_ids(lambda s: len(nodules(s, gg)) == 1)
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "set_logic",
        "patients with both spiculated and lobulated nodules",
        "patient",
        patients_with_both(
            has_nodule(lambda f: f["margin"] == "spiculated"),
            has_nodule(lambda f: f["margin"] == "lobulated"),
        ),
    )
    yield item(
        "set_logic",
        "pts with both RLL and LUL nodules",
        "patient",
        patients_with_both(
            has_nodule(lambda f: f["lobe"] == "RLL"), has_nodule(lambda f: f["lobe"] == "LUL")
        ),
    )
    yield item(
        "set_logic",
        "patinets with both solid and ground glass nodules",
        "patient",
        patients_with_both(
            has_nodule(attenuation("solid")), has_nodule(attenuation("ground-glass"))
        ),
    )
    yield item(
        "set_logic",
        "patients with both a CT angio and a contrast chest CT",
        "patient",
        patients_with_both(
            lambda s: "ANGIO" in s["description"],
            lambda s: s["description"] == "CT CHEST W CONTRAST",
        ),
    )
    at_least_3 = ("3", "4A", "4B", "4X")
    yield item(
        "set_logic",
        "patients who never had lung-rads 3 or higher",
        "patient",
        patients_by_history(lambda own: not any(category(s) in at_least_3 for s in own)),
    )
    yield item(
        "set_logic",
        "men with nodules but never lung rads 4",
        "patient",
        patients_by_history(
            lambda own: (
                any(sex_is("M")(s) and has_nodule()(s) for s in own)
                and not any(category(s) in ("4A", "4B", "4X") for s in own)
            )
        ),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "lung_rads", "pts whose highest lung-rads ever was 4B", "patient", highest_patients("4B")
    )
    yield item("lung_rads", "patients whose worst LR ever was 2", "patient", highest_patients("2"))


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    nods = [f for f in findings() if f["kind"] == "nodule"]
    masses = [f for f in findings() if f["kind"] == "mass"]
    asked = [
        ("4 nodules w lowest HU", nods, lambda f: f["mean_hu"], 4),
        ("3 smallest masses by volume", masses, lambda f: f["volume_mm3"], 3),
        ("list 2 nodules with the highest confidence", nods, lambda f: -f["confidence"], 2),
    ]
    for question, rows, key, n in asked:
        expected = top_rows(rows, key, n, "finding_id")
        if expected is not None:  # a tie at the boundary would make the answer ambiguous
            yield item("rankings", question, "finding", expected)


def compare_studies(rng: random.Random) -> Iterator[Item]:
    del rng
    masses = kind_with("mass")
    yield item(
        "compare_studies",
        "pts with masses in both 2024 and 2026",
        "patient",
        patients_with_both(
            all_of(masses, dated("2024-01-01", "2024-12-31")),
            all_of(masses, dated("2026-01-01", "2026-12-31")),
        ),
    )
    yield item(
        "compare_studies",
        "patients scanned in both 2023 and 2026",
        "patient",
        patients_with_both(dated("2023-01-01", "2023-12-31"), dated("2026-01-01", "2026-12-31")),
    )


FAMILIES = (
    dates,
    sizes,
    confidence,
    demographics,
    counts,
    set_logic,
    lung_rads,
    rankings,
    compare_studies,
)
