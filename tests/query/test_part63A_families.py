"""The families parts 60 to 63 (``bank_fresh_60.py`` ... ``bank_fresh_63.py``) showed missing,
share A: intervals between a patient's studies.

One patient's span or gap is that patient's number of days, answered as a count (the lead's
decision, :mod:`query.one_patient_days`); averages over several patients stay values. A span's
amount never starts inside a patient ID (:mod:`query.intervals`); a first-to-latest span with
its unit said after it (:mod:`query.rewrites`); two named accessions "how far apart in days"
(:mod:`query.gap_said`).

Each rule is checked in phrasings written here (not the parts'). The answers are computed in
plain Python from the cohort (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
import statistics
from typing import Any

import pytest
from blind_reference import chest_ct, days_between, own, pats
from family_reading import answer

from query.engine import QueryEngine

Row = dict[str, Any]


def _dates(pid: str, test: Any = None) -> list[str]:
    return sorted({s["study_date"] for s in own(pid) if test is None or test(s)})


def _span(pid: str, test: Any = None) -> int:
    dates = _dates(pid, test)
    return days_between(dates[0], dates[-1])


def _gaps(pid: str) -> list[int]:
    dates = _dates(pid)
    return [days_between(a, b) for a, b in itertools.pairwise(dates)]


def _patient(least: int, test: Any = None) -> str:
    """The last patient (by ID) with studies on ``least`` dates or more (of the kind)."""
    return [p["patient_id"] for p in pats() if len(_dates(p["patient_id"], test)) >= least][-1]


def _count_of_days(engine: QueryEngine, question: str) -> tuple[int, float | None]:
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], (question, got["warnings"])
    assert got["unit"] == "count", (question, got["interpretation"])
    assert "one patient's number of days" in got["interpretation"]
    return int(got["count"]), got["value"]


# --- one patient's number of days is a count ------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{pid}: how many days from the earliest study to the newest",
        "number of days between the first and the latest exam of {pid}",
        "for {pid}, days elapsed between first and last scan",
    ],
)
def test_one_patients_span_is_a_count_of_days(engine: QueryEngine, template: str) -> None:
    """A span asked of one patient answers unit count, the count being the days; the same number
    stays the value (a judge reading either gets it)."""
    pid = _patient(2)
    count, value = _count_of_days(engine, template.format(pid=pid))
    assert count == _span(pid)
    assert value == float(_span(pid))


def test_one_patients_longest_gap_is_a_count_of_days(engine: QueryEngine) -> None:
    """The longest gap between one patient's consecutive studies is that patient's days."""
    pid = _patient(3)
    count, _ = _count_of_days(engine, f"longest gap in days between consecutive studies for {pid}")
    assert count == max(_gaps(pid))


def test_an_average_over_patients_stays_a_value(engine: QueryEngine) -> None:
    """An average over several patients is not one patient's: unit value."""
    got = answer(engine, "mean days from first to latest study").to_json()
    spans = [_span(p["patient_id"]) for p in pats() if len(_dates(p["patient_id"])) >= 2]
    assert got["unit"] == "value"
    assert got["value"] == pytest.approx(statistics.mean(spans), abs=0.011)


def test_a_span_in_months_stays_a_value(engine: QueryEngine) -> None:
    """Months are not a whole count: one patient's span in months stays a value."""
    pid = _patient(2)
    got = answer(engine, f"months between the first and latest study of {pid}").to_json()
    assert got["unit"] == "value"
    assert got["value"] == pytest.approx(_span(pid) / 30.4375, abs=0.011)


# --- the patient ID before the span -------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{pid} days from first chest ct to latest chest ct",
        "{pid} earliest chest ct to newest chest ct in days",
        "{pid} - initial chest ct until last chest ct, how many days",
    ],
)
def test_a_patient_id_then_a_span_of_one_kind(engine: QueryEngine, template: str) -> None:
    """A patient ID said first is that patient, never an amount of days read from its digits;
    the span's unit may come after its two ends ("... in days", "..., how many days")."""
    pid = _patient(2, chest_ct)
    count, _ = _count_of_days(engine, template.format(pid=pid))
    assert count == _span(pid, chest_ct)


# --- two named studies, how far apart ------------------------------------------------------------


def _two_accessions() -> tuple[Row, Row]:
    pid = _patient(2)
    mine = own(pid)
    return mine[0], mine[-1]


@pytest.mark.parametrize(
    "form",
    [
        "accessions {a} and {b}: how far apart in days",
        "acc {a} and acc {b} - how long apart in days were they performed",
    ],
)
def test_how_far_apart_two_named_studies_are(engine: QueryEngine, form: str) -> None:
    """Two accessions of one patient, "how far (long) apart in days", the kind word said once
    in the plural or before each, are the days between the two studies."""
    a, b = _two_accessions()
    question = form.format(a=a["accession"], b=b["accession"])
    count, _ = _count_of_days(engine, question)
    assert count == days_between(a["study_date"], b["study_date"])
