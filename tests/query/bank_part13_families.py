"""Tune questions for the families part 13 (``bank_fresh_13.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-13 sentence: a kind of study inside a negated
phrase ("never had lymphadenopathy on a ct": no CT with it; "no mass on any chest ct" in a
question about patients: the whole history; "never had a screening ct": no such study at all),
"negative for" / "reports that say no" of a report concept (a negated mention, none affirmed),
quarters joined to their year ("q3/2025", "2024-q4"), signed HU ranges without "between"
("-50 to 50 hu"), an age after a misspelt word for people ("patiens under 55"), "exactly" after
the counted noun, a number before a one-word ranking ("the 6 least confident nodules"), "A and
B both", and a mean or median asked "in cm" or "in ml". The reader was changed with these in
view, so they are tune questions; the family names are part 13's.

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
    patient_ids,
    patients_by_history,
    patients_with_both,
    study_ids,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def kind(name: str) -> Test:
    return lambda s: any(f["kind"] == name for f in ref.findings_of(s["study_uid"]))


def report(s: Row) -> str:
    return ref.cohort()[3][s["study_uid"]]


def affirms(*words: str) -> Test:
    return lambda s: any(ref.sentence_affirms(report(s), w) for w in words)


def stated_absent(*words: str) -> Test:
    """The report names one of ``words`` and affirms none of them: it says they are absent."""
    affirmed = affirms(*words)
    return lambda s: any(w in report(s).lower() for w in words) and not affirmed(s)


LYMPH = ("lymphadenopathy", "lymph nodes")


def never(test: Test) -> list[str]:
    """Patients none of whose studies passes ``test``."""
    return patients_by_history(lambda own: not any(map(test, own)))


def both(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def quarter(year: int, q: int) -> Test:
    last = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[q]
    start = f"{year}-{3 * q - 2:02d}-01"
    return lambda s: start <= s["study_date"] <= f"{year}-{last}"


def study_kinds(rng: random.Random) -> Iterator[Item]:
    del rng
    screening = lambda s: bool(s["modality"] == "CT" and "SCREENING" in s["description"])  # noqa: E731
    female = lambda s: ref.sex(s) == "F"  # noqa: E731
    yield item(
        "study_kinds",
        "females who never had a low dose ct",
        "patient",
        patients_by_history(lambda own: any(map(female, own)) and not any(map(screening, own))),
    )
    yield item(
        "study_kinds",
        "pts without any head cts",
        "patient",
        never(lambda s: s["body_part"] == "HEAD"),
    )
    yield item(
        "study_kinds",
        "scans w/ no emphysema on chest ct",
        "study",
        study_ids(both(chest_ct, lambda s: not affirms("emphysema")(s))),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "set_logic",
        "patients with no mass on any chest ct",
        "patient",
        never(both(chest_ct, kind("mass"))),
    )
    yield item(
        "set_logic",
        "how many pts never had a pneumothorax on a ct",
        "count",
        len(never(both(lambda s: s["modality"] == "CT", kind("pneumothorax")))),
    )
    lobe = lambda name: has_nodule(lambda f: f["lobe"] == name)  # noqa: E731
    yield item(
        "set_logic",
        "people with lul and rll nodules both",
        "patient",
        patients_with_both(lobe("LUL"), lobe("RLL")),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item("reports", "exams neg for adenopathy", "study", study_ids(stated_absent(*LYMPH)))
    yield item(
        "reports",
        "how many chest cts are negative for emphysema",
        "count",
        len(study_ids(both(chest_ct, stated_absent("emphysema")))),
    )
    yield item(
        "reports",
        "pts who never had lymphadenopathy on a ct",
        "patient",
        never(both(lambda s: s["modality"] == "CT", affirms(*LYMPH))),
    )


def follow_up(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "follow_up",
        "pts w new nodules but no emphysema on any of their cts",
        "patient",
        patients_by_history(
            lambda own: (
                any(map(ref.new_nodule, own))
                and not any(s["modality"] == "CT" and affirms("emphysema")(s) for s in own)
            )
        ),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "dates",
        "ggos q3/2025",
        "study",
        study_ids(both(quarter(2025, 3), has_nodule(lambda f: f["attenuation"] == "ground-glass"))),
    )
    yield item(
        "dates",
        "how many chest cts 2024-q4",
        "count",
        len(study_ids(both(chest_ct, quarter(2024, 4)))),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "numbers",
        "solid nodules -20 to 60 hu",
        "study",
        study_ids(has_nodule(lambda f: f["attenuation"] == "solid" and -20 <= f["mean_hu"] <= 60)),
    )
    yield item(
        "numbers",
        "spiculated nodules in patiens under 55",
        "patient",
        patient_ids(
            both(has_nodule(lambda f: f["margin"] == "spiculated"), lambda s: ref.age(s) < 55)
        ),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    del rng
    n_nodules = lambda s: sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))  # noqa: E731
    yield item(
        "counts", "exams with four nodules exactly", "study", study_ids(lambda s: n_nodules(s) == 4)
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield item(
        "rankings",
        "the 5 least confident masses",
        "finding",
        top_rows(masses, lambda f: f["confidence"], 5, "finding_id"),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    del rng
    solid = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "solid"]
    calcified = [f for f in findings() if f["kind"] == "nodule" and f["calcified"]]
    yield item(
        "aggregates",
        "median long axis of solid nodules in cm",
        "value",
        round(statistics.median(f["long_axis_mm"] for f in solid) / 10, 2),
    )
    yield item(
        "aggregates",
        "avg volume in ml of calcified nodules",
        "value",
        round(statistics.mean(f["volume_mm3"] for f in calcified) / 1000, 2),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    study_kinds,
    set_logic,
    reports,
    follow_up,
    dates,
    numbers,
    counts,
    rankings,
    aggregates,
)
