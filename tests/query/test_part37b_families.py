"""The families part 37 (``bank_fresh_37.py``) showed missing, share B: intervals, medians and
shares, Lung-RADS over time.

- intervals: the span from "the very first" to "the very last" study is the first-to-latest
  span; the days (months) "between acc A and acc B" are the span over those two studies; "the
  longest / shortest / biggest gap between consecutive <studies>" is the largest (smallest) of
  the intervals between consecutive study dates; "a patient's / each patient's consecutive
  <studies>" and "... of the same patient" say whose they are; two patients named ("days
  between P00001 and P00002") stay as they were;
- medians and shares: "<people> have how many <studies> each, median" is the median per
  patient; "what proportion, in %, of", "among <X>, what share <verb> <Y>" and "came out" are a
  share; "carry the sex code O" is the recorded sex O;
- Lung-RADS over time: a highest category that "stays / remains at" N, "N but never <any words>
  higher" and "N, nothing / no higher" is the patient's highest category; "an lr 2 scan and
  later an lr 4x scan" asks an order the typed query cannot express, named with a caution.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    at_station,
    cat_in,
    category,
    chest_ct,
    count,
    highest,
    history,
    in_year,
    ldct,
    own,
    pats,
    sex_is,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def days(a: str, b: str) -> float:
    return float((dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days)


def gaps(test: Callable[[Row], bool], patient: str | None = None) -> list[float]:
    """The days between consecutive study dates (two studies on one day being one date) of
    each patient (or of ``patient``), over the studies passing ``test``."""
    chosen = [p["patient_id"] for p in pats()] if patient is None else [patient]
    out: list[float] = []
    for pid in chosen:
        dates = sorted({s["study_date"][:10] for s in own(pid) if test(s)})
        out += [days(a, b) for a, b in itertools.pairwise(dates)]
    return out


def value(engine: QueryEngine, question: str) -> float | None:
    """The number answered, and that it came without a warning."""
    got = answer(engine, question)
    assert not got.warnings, got.warnings
    return None if got.value is None else float(got.value)


def every(s: Row) -> bool:
    return True


def patient_with(n: int, skip: int = 0) -> str:
    """A patient with at least ``n`` studies on distinct dates (the ``skip``-th such one)."""
    found = [
        p["patient_id"]
        for p in pats()
        if len({s["study_date"][:10] for s in own(p["patient_id"])}) >= n
    ]
    return str(found[skip])


# --- intervals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{p}: time in days from the very first to the very last scan",
        "{p} - how many days between the very first and the very last study",
    ],
)
def test_the_very_first_to_the_very_last_study_is_the_span(
    engine: QueryEngine, template: str
) -> None:
    """ "very" before "first" and "last" adds nothing (it had been left unread, and only the
    latest study listed)."""
    p = patient_with(2, 3)
    mine = own(p)
    assert value(engine, template.format(p=p)) == days(
        mine[0]["study_date"], mine[-1]["study_date"]
    )


def test_the_days_between_two_named_studies_are_the_span_over_them(engine: QueryEngine) -> None:
    p = patient_with(3, 5)
    a, b = own(p)[0], own(p)[2]
    expected = days(a["study_date"], b["study_date"])
    assert value(engine, f"days between acc {a['accession']} and acc {b['accession']}") == (
        expected
    )
    assert value(
        engine, f"how many days between accession {a['accession']} and {b['accession']}"
    ) == (expected)
    months = value(engine, f"how long from acc {a['accession']} to acc {b['accession']}, in months")
    assert months == round(expected / 30.4375, 2)


def test_the_days_between_two_study_uids_are_the_span_over_them(engine: QueryEngine) -> None:
    p = patient_with(2, 11)
    a, b = own(p)[0], own(p)[1]
    question = f"days between uid {a['study_uid']} and {b['study_uid']}"
    assert value(engine, question) == days(a["study_date"], b["study_date"])


def test_an_order_number_is_no_named_study(engine: QueryEngine) -> None:
    """ "between study 2 and study 3" names studies by their order, not by an identifier: no
    span over named studies is read (the words stay unread, warned)."""
    p = patient_with(3)
    got = answer(engine, f"how many days between study 2 and study 3 of {p}")
    assert got.value is None
    assert {"between", "2", "3"} <= set(got.ignored)


def test_days_between_two_patients_are_left_as_they_were(engine: QueryEngine) -> None:
    """Two patients are no two studies: no span is answered, and the words stay named."""
    first, second = (p["patient_id"] for p in pats()[:2])
    got = answer(engine, f"days between {first} and {second}")
    assert got.value is None
    assert "between" in got.ignored


def test_the_longest_and_shortest_gap_are_the_extremes_of_consecutive_intervals(
    engine: QueryEngine,
) -> None:
    q = patient_with(4, 2)
    mine = gaps(every, q)
    assert value(engine, f"longest gap in days between two consecutive studies of {q}") == max(mine)
    assert value(engine, f"the shortest interval between successive scans of {q}") == min(mine)
    assert value(engine, "the biggest gap between consecutive chest cts") == max(gaps(chest_ct))


def test_whose_consecutive_studies_they_are_is_placed(
    engine: QueryEngine, grounder: Grounder
) -> None:
    """ "a patient's consecutive ldcts", "of the same patient": consecutive studies are always
    one patient's (the possessive had kept 'consecutive' unread; 'same' had been refused)."""
    question = "median gap in days separating each patient's successive ldcts"
    assert clean_reading(parse(grounder, question))
    assert value(engine, question) == round(statistics.median(gaps(ldct)), 2)
    question = "average number of days between consecutive chest cts of the same patient"
    assert clean_reading(parse(grounder, question))
    assert value(engine, question) == round(statistics.mean(gaps(chest_ct)), 2)


# --- medians and shares ------------------------------------------------------------------------


def test_how_many_each_then_median_is_the_median_per_patient(engine: QueryEngine) -> None:
    women = [p["patient_id"] for p in pats() if p["sex"] == "F"]
    expected = statistics.median(len(own(p)) for p in women)
    assert value(engine, "women have how many studies each, median") == expected
    everyone = statistics.median(len(own(p["patient_id"])) for p in pats())
    assert value(engine, "patients have how many scans each - median") == everyone


def share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1)


def test_a_share_said_in_other_words(engine: QueryEngine) -> None:
    in_2025 = in_year(2025)
    assert value(engine, "among ldcts in 2025, what share were lung-rads 3") == share(
        count(ldct, in_2025, cat_in("3")), count(ldct, in_2025)
    )
    assert value(engine, "of all chest cts, what fraction came out lung-rads 1") == share(
        count(chest_ct, cat_in("1")), count(chest_ct)
    )
    assert value(engine, "what fraction, as a percentage, of chest cts were done at ct02") == (
        share(count(chest_ct, at_station("CT02")), count(chest_ct))
    )


def test_a_sex_said_as_a_code_is_that_sex(engine: QueryEngine) -> None:
    everyone = pats()
    others = len([p for p in everyone if p["sex"] == "O"])
    assert value(engine, "what proportion, in %, of patients carry the sex code O") == share(
        others, len(everyone)
    )
    women = ids(engine, "patients who carry the gender code F", "patient_id")
    assert women == sorted(p["patient_id"] for p in everyone if p["sex"] == "F")
    assert not [s for s in studies() if sex_is("F")(s) and s["patient_id"] not in women]


# --- Lung-RADS over time -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("pts whose highest lung-rads stayed at 3", "3"),
        ("patients whose top lung rads on record remains at 2", "2"),
        ("patients with an lr 4a but never a higher one", "4A"),
        ("people w lung-rads 3 but never something higher", "3"),
        ("patients whose worst lung-rads was 2, nothing higher", "2"),
        ("pts whose peak lung-rads came to 4a, no higher", "4A"),
    ],
)
def test_a_category_and_never_higher_is_the_patients_highest(
    engine: QueryEngine, grounder: Grounder, question: str, top: str
) -> None:
    assert clean_reading(parse(grounder, question))
    expected = history(lambda mine: highest(mine) == top)
    assert ids(engine, question, "patient_id") == expected


def test_an_order_between_two_categories_is_named(engine: QueryEngine) -> None:
    """ "an lr 3 scan and subsequently an lr 4b scan": the order of two studies cannot be asked;
    each category on some study of the patient is answered, with a caution that says so."""
    got = answer(engine, "patients with an lr 3 scan and subsequently an lr 4b scan")
    assert any("order of two studies" in w for w in got.warnings)
    expected = history(
        lambda mine: (
            any(category(s) == "3" for s in mine) and any(category(s) == "4B" for s in mine)
        )
    )
    assert sorted({r["patient_id"] for r in got.rows}) == expected
