"""Tune questions for the families part 23 (``bank_fresh_23.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: the unit asked for named
last, after a break ("accession A1 and accession A2 - which pts", "accession A1 - whose is it")
or after "belonging to"; a count whose noun is the head named before it ("calcified solid
nodules under 5 mm - how many of them", "spiculated nodules, how many in 2024", "ldcts in 2025
- how many had a mass"); a confidence given before the confidence word with its bound after ("90
percent confidence or higher"); a misspelt "exactly" ("exacly 2 nodules"); "never documented w"
(the shorthand "w" of a report verb); the span from first to latest study joined by "&", or with
the follow-up named before its unit ("median follow-up in months from first to last ldct"). The
reader was changed with these in view, so they are tune questions; the family names are those of
part 23, so that tune covers each of its families ("character" had none in tune before).

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
from question_bank import Item, Row, findings, patients_by_history, report_affirms, study_ids

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def ldct(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST LOW DOSE LUNG SCREENING")


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def in_year(year: int) -> Callable[[Row], bool]:
    return lambda s: str(s["study_date"]).startswith(str(year))


def nodule_rows(test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in findings() if f["kind"] == "nodule" and test(f)]


def study_of(f: Row) -> Row:
    return ref.cohort()[1][f["study_uid"]]


def has(kind: str, test: Callable[[Row], bool] = lambda f: True) -> Callable[[Row], bool]:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] == kind and test(f))


def nodule_count(s: Row) -> int:
    return sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))


def spans(test: Callable[[Row], bool]) -> list[int]:
    """Days from each patient's first to latest study passing ``test`` (two dates or more)."""
    days: dict[str, set[dt.date]] = {}
    for s in ref.cohort()[1].values():
        if test(s):
            days.setdefault(s["patient_id"], set()).add(dt.date.fromisoformat(str(s["study_date"])))
    return [(max(d) - min(d)).days for d in days.values() if len(d) >= 2]


def identifiers(rng: random.Random) -> Iterator[Item]:
    """The unit asked for named last: after a dash, or after "belonging to"."""
    del rng
    ordered = sorted(ref.cohort()[1].values(), key=lambda s: str(s["study_uid"]))
    one, two = ordered[10], ordered[-10]
    assert one["patient_id"] != two["patient_id"]
    yield item(
        "identifiers",
        f"accession {one['accession']} and accession {two['accession']} - which pts",
        "patient",
        sorted({one["patient_id"], two["patient_id"]}),
    )
    yield item(
        "identifiers", f"accession {two['accession']} - whose is it", "patient", [two["patient_id"]]
    )
    yield item(
        "identifiers",
        f"the study {one['study_uid']}, belonging to which patient",
        "patient",
        [one["patient_id"]],
    )


def character(rng: random.Random) -> Iterator[Item]:
    """A count whose words point back to the head noun named before it."""
    del rng
    small = nodule_rows(
        lambda f: f["calcified"] and f["attenuation"] == "solid" and f["diameter_mm"] < 5
    )
    yield item(
        "character", "calcified solid nodules under 5 mm - how many of them", "count", len(small)
    )
    lobulated = nodule_rows(lambda f: f["margin"] == "lobulated" and f["lobe"] == "RLL")
    yield item("character", "lobulated nodules in the rll, count them", "count", len(lobulated))


def counts(rng: random.Random) -> Iterator[Item]:
    """A count pointing back, past a period or a verb; a misspelt "exactly"."""
    del rng
    spiculated = nodule_rows(lambda f: f["margin"] == "spiculated" and in_year(2024)(study_of(f)))
    yield item("counts", "spiculated nodules, how many in 2024", "count", len(spiculated))
    with_mass = study_ids(lambda s: ldct(s) and in_year(2025)(s) and has("mass")(s))
    yield item("counts", "ldcts in 2025 - how many had a mass", "count", len(with_mass))
    yield item(
        "counts",
        "chest cts w exacly 2 nodules",
        "study",
        study_ids(lambda s: chest_ct(s) and nodule_count(s) == 2),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A confidence before the confidence word, its bound after it."""
    del rng
    yield item(
        "numbers",
        "masses with 90 percent confidence or higher",
        "study",
        study_ids(has("mass", lambda f: f["confidence"] >= 0.9)),
    )
    yield item(
        "numbers",
        "nodules w 0.7 confidence or less",
        "study",
        study_ids(has("nodule", lambda f: f["confidence"] <= 0.7)),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """ "never documented w": the shorthand "w" of a report verb keeps the negation's scope."""
    del rng
    emphysema = report_affirms("emphysema")
    yield item(
        "set logic",
        "patients with a mass but never documented w emphysema",
        "patient",
        patients_by_history(
            lambda own: any(has("mass")(s) for s in own) and not any(emphysema(s) for s in own)
        ),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """The span from first to latest study: "&", and the follow-up named before its unit."""
    del rng
    yield item(
        "intervals",
        "median follow-up in months from first to last ldct",
        "value",
        statistics.median(spans(ldct)) / 30.4375,
    )
    yield item(
        "intervals",
        "mean days between first & latest chest ct",
        "value",
        statistics.mean(spans(chest_ct)),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    character,
    counts,
    numbers,
    set_logic,
    intervals,
)
