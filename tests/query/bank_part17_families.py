"""Tune questions for the families part 17 (``bank_fresh_17.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-17 sentence: a comparator written before the
Lung-RADS word ("above lung-rads 2") and "or worse / and higher" after it, a superlative
written after the noun it ranks ("which 2 pts are the youngest"), "longest / shortest" with an
axis or a diameter, the cohort's third sex named with its field's word ("gender other"),
"never reported / documented with", a concept "in the report" followed by a finding, a date
right after "% of" / "what fraction of", "solid comp", an attenuation averaged and an
attenuation with its field's word ("ground glass attenuation"), and "a psn and an effusion"
(found testing other phrasings: the attenuation had gone to the effusion). The reader was
changed with these in view, so they are tune questions; the family names are part 17's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

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
    never_of,
    patient_ids,
    report_affirms,
    studies,
    study_ids,
    top_rows,
)

PART = "tune"
ABOVE_2 = ("3", "4A", "4B", "4X")


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def screening(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST LOW DOSE LUNG SCREENING")


def dated(year: str) -> Test:
    return lambda s: str(s["study_date"]).startswith(year)


def of_kind(kind: str, test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in findings() if f["kind"] == kind and test(f)]


def ranked(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str]:
    """The ``n`` first rows by ``key``; a tie at the boundary is an error of this bank."""
    top = top_rows(rows, key, n, ident)
    assert top is not None, f"a tie at rank {n}: choose another n"
    return top


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def lung_rads(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "lung_rads",
        "ldcts in 2025 above lung-rads 2",
        "study",
        study_ids(lambda s: screening(s) and dated("2025")(s) and ref.category(s) in ABOVE_2),
    )
    yield item(
        "lung_rads",
        "how many chest cts were under category 4a",
        "count",
        len(study_ids(lambda s: chest_ct(s) and ref.category(s) in ("1", "2", "3"))),
    )
    yield item(
        "lung_rads",
        "patients with lr 4a and higher",
        "patient",
        patient_ids(lambda s: ref.category(s) in ("4A", "4B", "4X")),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    people = list(ref.cohort()[0].values())
    youngest = sorted(people, key=lambda p: p["birth_date"], reverse=True)
    assert youngest[1]["birth_date"] != youngest[2]["birth_date"]
    yield item(
        "rankings",
        "which 2 pts are the youngest",
        "patient",
        sorted(p["patient_id"] for p in youngest[:2]),
    )
    yield item(
        "rankings",
        "6 nods w the shortest short axis",
        "finding",
        ranked(of_kind("nodule"), lambda f: f["short_axis_mm"], 6, "finding_id"),
    )
    yield item(
        "rankings",
        "the 2 masses with the longest diameter",
        "finding",
        ranked(of_kind("mass"), lambda f: -f["long_axis_mm"], 2, "finding_id"),
    )
    yield item(
        "rankings",
        "which 3 nodules are the biggest",
        "finding",
        ranked(of_kind("nodule"), lambda f: -f["diameter_mm"], 3, "finding_id"),
    )


def sex(rng: random.Random) -> Iterator[Item]:
    del rng
    other = [p["patient_id"] for p in ref.cohort()[0].values() if p["sex"] == "O"]
    yield item("sex", "how many patients have gender other", "count", len(other))
    yield item(
        "sex",
        "pts whose sex is listed as other with a nodule",
        "patient",
        patient_ids(lambda s: ref.sex(s) == "O" and has_nodule()(s)),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "set_logic",
        "patients never reported with emphysema",
        "patient",
        never_of(report_affirms("emphysema")),
    )
    granuloma = report_affirms("granuloma")
    yield item(
        "set_logic",
        "how many pts were never documented with granuloma on a chest ct",
        "count",
        len(never_of(lambda s: chest_ct(s) and granuloma(s))),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    del rng
    solid_over_6 = has_nodule(lambda f: f["attenuation"] == "solid" and f["diameter_mm"] > 6)
    emphysema = report_affirms("emphysema")
    yield item(
        "reports",
        "scans with emphysema in the report and a solid nodule > 6 mm",
        "study",
        study_ids(lambda s: emphysema(s) and solid_over_6(s)),
    )
    ground_glass = has_nodule(lambda f: f["attenuation"] == "ground-glass")
    granuloma = report_affirms("granuloma")
    yield item(
        "reports",
        "patients with granuloma in their report with a ground glass nodule",
        "patient",
        patient_ids(lambda s: granuloma(s) and ground_glass(s)),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    del rng
    xrays = [s for s in studies() if s["modality"] == "DX" and dated("2025")(s)]
    collapsed = [s for s in xrays if ref.any_finding(s, lambda f: f["kind"] == "pneumothorax")]
    yield item(
        "aggregates",
        "% of 2025 chest xrays with a pneumothorax",
        "value",
        percent(len(collapsed), len(xrays)),
    )
    ldcts = [s for s in studies() if screening(s) and dated("2024")(s)]
    yield item(
        "aggregates",
        "what fraction of 2024 ldcts were lung-rads 3",
        "value",
        percent(sum(ref.category(s) == "3" for s in ldcts), len(ldcts)),
    )
    part_solid = of_kind("nodule", lambda f: f["attenuation"] == "part-solid")
    yield item(
        "aggregates",
        "median attenuation of part solid nodules",
        "value",
        round(statistics.median(f["mean_hu"] for f in part_solid), 2),
    )
    calcified = of_kind("nodule", lambda f: f["calcified"] is True)
    yield item(
        "aggregates",
        "mean attenuation in hu of calcified nods",
        "value",
        round(statistics.mean(f["mean_hu"] for f in calcified), 2),
    )


def characteristics(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "characteristics",
        "part solid nodules with solid comp under 4 mm",
        "study",
        study_ids(
            has_nodule(
                lambda f: (
                    f["attenuation"] == "part-solid"
                    and f["solid_component_mm"] is not None
                    and f["solid_component_mm"] < 4
                )
            )
        ),
    )
    yield item(
        "characteristics",
        "nodules of ground glass attenuation over 10 mm",
        "study",
        study_ids(
            has_nodule(lambda f: f["attenuation"] == "ground-glass" and f["diameter_mm"] > 10)
        ),
    )


def kinds_apart(rng: random.Random) -> Iterator[Item]:
    """Found testing other phrasings: "a psn and an effusion" is a part-solid nodule and an
    effusion (it had been a part-solid effusion, silently)."""
    del rng
    part_solid = has_nodule(lambda f: f["attenuation"] == "part-solid")
    yield item(
        "characteristics",
        "pts with a psn and a pleural effusion",
        "patient",
        patient_ids(
            lambda s: (
                part_solid(s) and ref.any_finding(s, lambda f: f["kind"] == "pleural_effusion")
            )
        ),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    lung_rads,
    rankings,
    sex,
    set_logic,
    reports,
    aggregates,
    characteristics,
    kinds_apart,
)
