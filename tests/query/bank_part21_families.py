"""Tune questions for the families part 21 (``bank_fresh_21.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: a percentage whose share is
said after "that were / are / done in" ("what percentage of scans were chest radiographs");
"total" opening or closing a count; "thru" in a range of numbers; "both" of two Lung-RADS
categories with the Lung-RADS word said once, and a kind of study after the last category
shared by both; "never found / diagnosed with"; a superlative before the number of a ranking
("smallest 3 solid nodules by volume"); "follow up" in two words; "repeated / redone within N
months". The reader was changed with these in view, so they are tune questions; the family
names are those of part 21, so that tune covers each of its families.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from cohort_reference import ldct, months_later
from question_bank import (
    Item,
    Row,
    findings,
    grown,
    never_of,
    patients_by_history,
    report_affirms,
    studies,
    study_ids,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def share(part: int, whole: int) -> float:
    """A percentage as the engine answers it, to 0.1."""
    return round(100 * part / whole, 1)


def has(kind: str, test: Callable[[Row], bool] = lambda f: True) -> Callable[[Row], bool]:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] == kind and test(f))


def averages(rng: random.Random) -> Iterator[Item]:
    """A percentage whose share is said after the verb that follows what is counted."""
    del rng
    every = studies()
    radiographs = sum(s["modality"] == "DX" and s["body_part"] == "CHEST" for s in every)
    yield item(
        "averages",
        "what percentage of scans were chest radiographs",
        "value",
        share(radiographs, len(every)),
    )
    people = list(ref.cohort()[0].values())
    men = sum(p["sex"] == "M" for p in people)
    yield item("averages", "% of patients who are men", "value", share(men, len(people)))
    in_2025 = sum(s["study_date"].startswith("2025") for s in every)
    yield item(
        "averages",
        "what fraction of studies were done in 2025",
        "value",
        share(in_2025, len(every)),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """ "total" opening or closing a count."""
    del rng
    yield item(
        "counts",
        "total ldcts in 2025",
        "count",
        len(study_ids(lambda s: ldct(s) and s["study_date"].startswith("2025"))),
    )
    yield item(
        "counts",
        "masses in the rul, total",
        "count",
        len([f for f in findings() if f["kind"] == "mass" and f["lobe"] == "RUL"]),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """ "thru" in a range of numbers (both ends included)."""
    del rng
    yield item(
        "numbers",
        "nodules with hu -100 thru 50",
        "study",
        study_ids(has("nodule", lambda f: -100 <= f["mean_hu"] <= 50)),
    )
    yield item(
        "numbers",
        "solid nodules 6 thru 8 mm",
        "study",
        study_ids(
            has("nodule", lambda f: f["attenuation"] == "solid" and 6 <= f["diameter_mm"] <= 8)
        ),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """ "both" of two categories with the Lung-RADS word once; "never found / diagnosed with"."""
    del rng

    def both_on_ldcts(own: list[Row]) -> bool:
        return any(ldct(s) and ref.category(s) == "3" for s in own) and any(
            ldct(s) and ref.category(s) == "4A" for s in own
        )

    yield item(
        "set logic",
        "pts with both lung-rads 3 and 4a ldcts",
        "patient",
        patients_by_history(both_on_ldcts),
    )
    yield item("set logic", "patients never found to have a mass", "patient", never_of(has("mass")))
    yield item(
        "set logic",
        "pts never diagnosed with emphysema",
        "patient",
        never_of(report_affirms("emphysema")),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """A superlative before the number of a ranking by a measurement."""
    del rng
    solid = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "solid"]
    smallest = top_rows(solid, lambda f: f["volume_mm3"], 3, "finding_id")
    assert smallest is not None
    yield item("rankings", "smallest 3 solid nodules by volume", "finding", smallest)
    glass = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "ground-glass"]
    longest = top_rows(glass, lambda f: -f["long_axis_mm"], 2, "finding_id")
    assert longest is not None
    yield item("rankings", "largest 2 ggns by long axis", "finding", longest)


def intervals(rng: random.Random) -> Iterator[Item]:
    """ "repeated / redone within N months": a later study of the same kind within them."""
    del rng

    def repeated(kind: Callable[[Row], bool], months: int) -> list[str]:
        def test(s: Row) -> bool:
            end = months_later(s["study_date"], months)
            return kind(s) and any(
                kind(x)
                and x["patient_id"] == s["patient_id"]
                and s["study_date"] < x["study_date"] <= end
                for x in studies()
            )

        return study_ids(test)

    yield item("intervals", "screening cts redone within a year", "study", repeated(ldct, 12))
    yield item(
        "intervals",
        "cts that were repeated within 12 months",
        "study",
        repeated(lambda s: s["modality"] == "CT", 12),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """ "follow up" in two words (on follow up, of follow up)."""
    del rng
    yield item("growth", "studies showing nodule growth on follow up", "study", grown(1.5))
    yield item(
        "intervals",
        "pts with more than 2 years of follow up",
        "patient",
        patients_by_history(
            lambda own: (
                max(s["study_date"] for s in own)
                > months_later(min(s["study_date"] for s in own), 24)
            )
        ),
    )


def lobes_and_attributes(rng: random.Random) -> Iterator[Item]:
    """No miss of part 21 here; so that tune covers the family under part 21's name."""
    del rng
    yield item(
        "lobes and attributes",
        "noncalcified spiculated nodules in the lll",
        "study",
        study_ids(
            has(
                "nodule",
                lambda f: not f["calcified"] and f["margin"] == "spiculated" and f["lobe"] == "LLL",
            )
        ),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    averages,
    counts,
    numbers,
    set_logic,
    rankings,
    intervals,
    growth,
    lobes_and_attributes,
)
