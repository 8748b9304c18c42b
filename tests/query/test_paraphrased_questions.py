"""Questions phrased differently from the dev set get the answers an independent reading gives.

The expected answers are computed by :mod:`cohort_reference` in plain Python from the JSON Lines
files, never from ScanSide's output, so these check that the parser generalises beyond the
thirty dev sentences: synonyms, misspellings, abbreviations, other comparators, other dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import cohort_reference as ref
import pytest

from query.engine import QueryEngine

AS_OF = "2026-11-01"
Study = dict[str, Any]


def nodule(
    test: Callable[[Study], bool], kinds: tuple[str, ...] = ("nodule",)
) -> Callable[[Study], bool]:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] in kinds and test(f))


def in_dates(start: str, end: str) -> Callable[[Study], bool]:
    return lambda s: start <= s["study_date"] <= end


def both(*tests: Callable[[Study], bool]) -> Callable[[Study], bool]:
    return lambda s: all(t(s) for t in tests)


def nodule_count(s: Study) -> int:
    return sum(1 for f in ref.findings_of(s["study_uid"]) if f["kind"] == "nodule")


def top_nodules(n: int) -> list[str]:
    nodules = [f for f in ref.cohort()[2] if f["kind"] == "nodule"]
    return sorted(
        f["finding_id"]
        for f in sorted(nodules, key=lambda f: (-f["diameter_mm"], f["finding_id"]))[:n]
    )


STUDY_CASES: list[tuple[str, Callable[[Study], bool]]] = [
    (
        "Show me studies with spiculated nodules bigger than 1 cm",
        nodule(lambda f: f["margin"] == "spiculated" and f["diameter_mm"] > 10),
    ),
    (
        "subsolid nodules in the RUL",
        nodule(lambda f: f["attenuation"] in ("part-solid", "ground-glass") and f["lobe"] == "RUL"),
    ),
    (
        "speculated nodules over 8mm",
        nodule(lambda f: f["margin"] == "spiculated" and f["diameter_mm"] > 8),
    ),
    ("Lung-RADS 4B or 4X", lambda s: ref.category(s) in ("4B", "4X")),
    (
        "exams with lesions between 10 and 20 mm",
        nodule(lambda f: 10 <= f["diameter_mm"] <= 20, ("nodule", "mass")),
    ),
    (
        "ground glass opacities under 6 mm in the past 2 years",
        both(
            nodule(lambda f: f["attenuation"] == "ground-glass" and f["diameter_mm"] < 6),
            in_dates("2024-11-01", AS_OF),
        ),
    ),
    (
        "studies without emphysema",
        lambda s: not ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], "emphysema"),
    ),
    (
        "reports mentioning lymphadenopathy",
        lambda s: (
            ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], "lymphadenopathy")
            or ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], "lymph nodes")
        ),
    ),
    ("new nodules on follow-up", ref.new_nodule),
    (
        "right-sided pneumothorax",
        lambda s: ref.any_finding(
            s, lambda f: f["kind"] == "pneumothorax" and f["side"] == "right"
        ),
    ),
    (
        "calcified nodules in the left lung",
        nodule(lambda f: f["calcified"] and f["lobe"] in ("LUL", "LLL")),
    ),
    ("nodules with a long axis over 20 mm", nodule(lambda f: f["long_axis_mm"] > 20)),
    (
        "head CTs with intracranial bleed",
        lambda s: (
            s["body_part"] == "HEAD"
            and s["modality"] == "CT"
            and ref.any_finding(s, lambda f: f["kind"] == "intracranial_hemorrhage")
        ),
    ),
    (
        "chest x-rays showing a pneumothorax",
        lambda s: (
            s["modality"] == "DX" and ref.any_finding(s, lambda f: f["kind"] == "pneumothorax")
        ),
    ),
    (
        "nodules with a solid component of at least 6 mm",
        nodule(
            lambda f: (f["solid_component_mm"] or 0) >= 6 and f["solid_component_mm"] is not None
        ),
    ),
    (
        "studies this year with Lung-RADS 3",
        both(in_dates("2026-01-01", AS_OF), lambda s: ref.category(s) == "3"),
    ),
    (
        "non-calcified nodules 6-8 mm",
        nodule(lambda f: not f["calcified"] and 6 <= f["diameter_mm"] <= 8),
    ),
    (
        "CTs from scanner CT02 with masses",
        lambda s: (
            s["station"] == "CT02"
            and s["modality"] == "CT"
            and ref.any_finding(s, lambda f: f["kind"] == "mass")
        ),
    ),
    ("interval growth of a nodule", ref.grew),
    (
        "smooth nodules 5 mm or smaller in the left upper lobe",
        nodule(lambda f: f["margin"] == "smooth" and f["diameter_mm"] <= 5 and f["lobe"] == "LUL"),
    ),
    (
        "Lung-RADS category 3 or higher in the last 6 months",
        both(lambda s: ref.category(s) in ("3", "4A", "4B", "4X"), in_dates("2026-05-01", AS_OF)),
    ),
]

PATIENT_CASES: list[tuple[str, Callable[[Study], bool]]] = [
    (
        "female patients aged 65 or older with part solid nodules",
        both(
            lambda s: ref.sex(s) == "F" and ref.age(s) >= 65,
            nodule(lambda f: f["attenuation"] == "part-solid"),
        ),
    ),
    ("patients with 3 or more nodules on a single scan", lambda s: nodule_count(s) >= 3),
    (
        "men younger than 50 with solid nodules",
        both(
            lambda s: ref.sex(s) == "M" and ref.age(s) < 50,
            nodule(lambda f: f["attenuation"] == "solid"),
        ),
    ),
    (
        "pts with emphysema and coronary artery calcification",
        lambda s: (
            ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], "emphysema")
            and (
                ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], "coronary")
                or ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], "calcified coronary")
            )
        ),
    ),
    (
        "patients in their 70s with lobulated nodules",
        both(lambda s: 70 <= ref.age(s) <= 79, nodule(lambda f: f["margin"] == "lobulated")),
    ),
]


@pytest.mark.parametrize(("question", "test"), STUDY_CASES, ids=[q for q, _ in STUDY_CASES])
def test_study_questions(engine: QueryEngine, question: str, test: Callable[[Study], bool]) -> None:
    answer = engine.answer(question, AS_OF)
    assert answer.unit == "study", answer.interpretation
    assert sorted(r["study_uid"] for r in answer.rows) == ref.studies_where(test), (
        answer.interpretation
    )


@pytest.mark.parametrize(("question", "test"), PATIENT_CASES, ids=[q for q, _ in PATIENT_CASES])
def test_patient_questions(
    engine: QueryEngine, question: str, test: Callable[[Study], bool]
) -> None:
    answer = engine.answer(question, AS_OF)
    assert answer.unit == "patient", answer.interpretation
    assert sorted(r["patient_id"] for r in answer.rows) == ref.patients_of(
        ref.studies_where(test)
    ), answer.interpretation


def test_counting_women_with_ground_glass_nodules(engine: QueryEngine) -> None:
    answer = engine.answer("how many women have GGOs", AS_OF)
    expected = ref.patients_of(
        ref.studies_where(
            both(lambda s: ref.sex(s) == "F", nodule(lambda f: f["attenuation"] == "ground-glass"))
        )
    )
    assert (answer.unit, answer.count) == ("count", len(expected)), answer.interpretation


def test_counting_patients_with_a_pneumothorax(engine: QueryEngine) -> None:
    answer = engine.answer("number of patients with a pneumothorax", AS_OF)
    expected = ref.patients_of(
        ref.studies_where(lambda s: ref.any_finding(s, lambda f: f["kind"] == "pneumothorax"))
    )
    assert (answer.unit, answer.count) == ("count", len(expected)), answer.interpretation


def test_counting_nodules_counts_findings(engine: QueryEngine) -> None:
    answer = engine.answer("how many nodules are larger than 2 cm", AS_OF)
    expected = [f for f in ref.cohort()[2] if f["kind"] == "nodule" and f["diameter_mm"] > 20]
    assert (answer.unit, answer.count) == ("count", len(expected)), answer.interpretation


def test_top_n_lists_findings(engine: QueryEngine) -> None:
    answer = engine.answer("the three biggest nodules", AS_OF)
    assert answer.unit == "finding"
    assert sorted(r["finding_id"] for r in answer.rows) == top_nodules(3)


def test_the_as_of_date_moves_relative_periods(engine: QueryEngine) -> None:
    early = engine.answer("pneumothorax in the last 12 months", dt.date(2025, 6, 30))
    expected = ref.studies_where(
        both(
            in_dates("2024-06-30", "2025-06-30"),
            lambda s: ref.any_finding(s, lambda f: f["kind"] == "pneumothorax"),
        )
    )
    assert sorted(r["study_uid"] for r in early.rows) == expected
