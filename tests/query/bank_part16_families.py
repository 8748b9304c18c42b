"""Tune questions for the families part 16 (``bank_fresh_16.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-16 sentence: "who / whose" opening a question
about a study (the patient is asked for), a month written "june of 2025", "exactly / only one"
of a kind of study in the singular, "A and B on one scan" without "both", two protocols that
no one study has ("with and without contrast", "a cta or a ldct"), a gap written before its
word ("a more than 14-month gap"), a misspelt "followed", a kind of study "in / of" people
(the studies are asked for), and a side in shorthand ("rt sided", "l-sided"). The reader was
changed with these in view, so they are tune questions; the family names are part 16's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from cohort_reference import months_later
from question_bank import (
    Item,
    Row,
    Test,
    patient_ids,
    patients_by_history,
    studies,
    study_ids,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def described(text: str) -> Test:
    return lambda s: s["description"] == text


SCREENING = described("CT CHEST LOW DOSE LUNG SCREENING")
ANGIO = described("CT ANGIO CHEST PE")
WITH_CONTRAST = described("CT CHEST W CONTRAST")
WITHOUT_CONTRAST = described("CT CHEST W/O CONTRAST")


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def radiograph(s: Row) -> bool:
    return bool(s["modality"] == "DX")


def finding_on(s: Row, test: Callable[[Row], bool]) -> bool:
    return any(test(f) for f in ref.findings_of(s["study_uid"]))


def nodule(test: Callable[[Row], bool]) -> Callable[[Row], bool]:
    return lambda f: f["kind"] == "nodule" and test(f)


def own(test: Test = lambda s: True) -> Callable[[list[Row]], list[Row]]:
    """A patient's studies passing ``test``, first to latest (by date, then UID)."""
    return lambda mine: sorted(
        (s for s in mine if test(s)), key=lambda s: (s["study_date"], s["study_uid"])
    )


def identifiers(rng: random.Random) -> Iterator[Item]:
    picked = rng.sample(sorted(studies(), key=lambda s: s["study_uid"]), 2)
    first, second = picked
    yield item(
        "identifiers", f"who had study {first['study_uid']}", "patient", [first["patient_id"]]
    )
    yield item(
        "identifiers", f"whose scan is {second['study_uid']}", "patient", [second["patient_id"]]
    )


def dates(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "dates",
        "chest cts done in june of 2025",
        "study",
        study_ids(lambda s: chest_ct(s) and "2025-06-01" <= s["study_date"] <= "2025-06-30"),
    )
    yield item(
        "dates",
        "screening cts, october of 2024",
        "study",
        study_ids(lambda s: SCREENING(s) and "2024-10-01" <= s["study_date"] <= "2024-10-31"),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "counts",
        "patients with exactly one cta",
        "patient",
        patients_by_history(lambda mine: sum(map(ANGIO, mine)) == 1),
    )
    yield item(
        "counts",
        "pts who had only 1 cxr",
        "patient",
        patients_by_history(lambda mine: sum(map(radiograph, mine)) == 1),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    spiculated = nodule(lambda f: f["margin"] == "spiculated")
    calcified = nodule(lambda f: f["calcified"] is True)
    yield item(
        "set_logic",
        "patients with spiculated and calcified nodules on one scan",
        "patient",
        patient_ids(lambda s: finding_on(s, spiculated) and finding_on(s, calcified)),
    )
    yield item(  # part 16 names its families of attenuation and margin "characters"
        "characters",
        "studies w smooth and spiculated nodules on one scan",
        "study",
        study_ids(
            lambda s: (
                finding_on(s, nodule(lambda f: f["margin"] == "smooth"))
                and finding_on(s, nodule(lambda f: f["margin"] == "spiculated"))
            )
        ),
    )
    yield item(
        "set_logic",
        "studies with rul and lll nodules on the same ct",
        "study",
        study_ids(
            lambda s: (
                finding_on(s, nodule(lambda f: f["lobe"] == "RUL"))
                and finding_on(s, nodule(lambda f: f["lobe"] == "LLL"))
            )
        ),
    )
    yield item(
        "set_logic",
        "patients who had chest cts with and without contrast",
        "patient",
        patients_by_history(
            lambda mine: any(map(WITH_CONTRAST, mine)) and any(map(WITHOUT_CONTRAST, mine))
        ),
    )
    yield item(
        "set_logic",
        "ldcts or ctas in 2025",
        "study",
        study_ids(lambda s: (SCREENING(s) or ANGIO(s)) and s["study_date"].startswith("2025")),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng

    def gap_over(months: int, test: Test) -> Callable[[list[Row]], bool]:
        def check(mine: list[Row]) -> bool:
            days = [s["study_date"] for s in own(test)(mine)]
            return any(b > months_later(a, months) for a, b in itertools.pairwise(days))

        return check

    yield item(
        "intervals",
        "pts with a more than 14-month gap between screening cts",
        "patient",
        patients_by_history(gap_over(14, SCREENING)),
    )

    def followed_over(months: int) -> Callable[[list[Row]], bool]:
        def check(mine: list[Row]) -> bool:
            days = [s["study_date"] for s in own()(mine)]
            return bool(days) and days[-1] > months_later(days[0], months)

        return check

    yield item(
        "intervals",
        "patients folowed up for over 2 years",
        "patient",
        patients_by_history(followed_over(24)),
    )


def ages(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "ages",
        "chest cts of women over 70",
        "study",
        study_ids(lambda s: chest_ct(s) and ref.sex(s) == "F" and ref.age(s) > 70),
    )
    yield item(
        "ages",
        "cxrs in pts 75+",
        "study",
        study_ids(lambda s: radiograph(s) and ref.age(s) >= 75),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    del rng

    def sided(kind: str, side: str) -> list[str]:
        return study_ids(lambda s: finding_on(s, lambda f: f["kind"] == kind and f["side"] == side))

    yield item("lobes", "rt sided pleural effusions", "study", sided("pleural_effusion", "right"))
    yield item("lobes", "l-sided pneumothorax", "study", sided("pneumothorax", "left"))


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    dates,
    counts,
    set_logic,
    intervals,
    ages,
    lobes,
)
