"""The families part 38 (``bank_fresh_38.py``) showed missing, share D: what a list of findings
lists, averages and shares said in other words, the span from a first to a latest study said
with "separate", and dates of birth bounded "on or before / on or after" a day.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from blind_reference import (
    att,
    chest_ct,
    days_between,
    findings,
    margin,
    mean_of,
    median_of,
    nods,
    nodule_rows,
    own,
    pats,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _one_study(test: Any) -> Row:
    """The first study (by UID) with at least two nodules that passes ``test``."""
    return next(s for s in sorted(studies(), key=lambda s: s["study_uid"]) if test(s))


def _share(part: int, whole: int) -> float:
    return 100 * part / whole


# --- what a list of findings lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "list the nodules on study uid {uid}",
        "what nodules are on accession {acc}",
        "show me all the nodules on accession {acc}",
        "list nodules for accession number {acc}",
    ],
)
def test_the_nodules_of_one_study_are_its_findings(engine: QueryEngine, template: str) -> None:
    """Where the question pins one study and asks for the nodules on it ("list / show me / what
    ..."), they can only be its findings (the one study had been listed, silently)."""
    study = _one_study(lambda s: len(nods(s)) >= 2)
    question = template.format(uid=study["study_uid"], acc=study["accession"])
    got = answer(engine, question)
    assert got.to_json()["unit"] == "finding"
    assert ids(engine, question, "finding_id") == sorted(f["finding_id"] for f in nods(study))
    assert got.to_json()["warnings"] == []


@pytest.mark.parametrize(
    "template",
    ["accession {acc} with a nodule", "nodules on accession {acc}", "any nodules on {acc}?"],
)
def test_a_finding_not_asked_for_keeps_the_study(grounder: Grounder, template: str) -> None:
    """A finding said as a condition of the study, or with no verb asking for it ("nodules on
    accession X", "any nodules on X?": does it have one), keeps the study as the answer (as
    earlier parts expect)."""
    study = _one_study(lambda s: len(nods(s)) >= 2)
    assert parse(grounder, template.format(acc=study["accession"])).unit == "study"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("spiculated nodules over 12 mm, list them", "nodule"),
        ("list the ggns in the right upper lobe", "nodule"),
        ("calcified nodules - list", "nodule"),
        ("please list masses larger than 3 cm", "mass"),
        ("solid nodules w lobulated margins, enumerate", "nodule"),
    ],
)
def test_a_list_of_findings_answered_with_studies_says_so(
    grounder: Grounder, question: str, kind: str
) -> None:
    """ "list" asking for a kind of finding with no unit word stays studies by the Conventions,
    and the answer names the other reading, so it is never silently the wrong unit."""
    query = parse(grounder, question)
    assert query.unit == "study"
    assert any(f"ask for '{kind} findings'" in c for c in query.cautions)


@pytest.mark.parametrize(
    "question",
    [
        "list ldcts with nodules over 8 mm",
        "list the nodule findings over 8 mm",
        "list patients with a mass",
        "list studies with a calcified nodule",
        "spiculated nodules over 12 mm",
    ],
)
def test_a_list_with_its_unit_named_has_no_such_caution(grounder: Grounder, question: str) -> None:
    """With a unit word or a kind of study heading the list (or no "list" at all) the unit is
    said: no caution about it."""
    query = parse(grounder, question)
    assert not any("findings' for each" in c for c in query.cautions)


# --- dates of birth (and study dates) "on or before / on or after" a day ------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("pts w DOB on or before 1950-03-31", lambda b: b <= "1950-03-31"),
        ("patients with a date of birth on or after 1960-07-01", lambda b: b >= "1960-07-01"),
        ("patients born on or prior to 1948-12-31", lambda b: b <= "1948-12-31"),
        ("pts whose dob is before 1950-03-31", lambda b: b < "1950-03-31"),
    ],
)
def test_a_birth_date_bound_by_a_day(engine: QueryEngine, question: str, test: Any) -> None:
    """ "DOB / date of birth / born" then "on or before / on or after / before <day>" bounds the
    birth date, the day itself included where it says "on or" ("on or before" had been a study
    date ending the day before, warned)."""
    got = answer(engine, question)
    assert got.to_json()["warnings"] == []
    expected = sorted(p["patient_id"] for p in pats() if test(p["birth_date"]))
    assert ids(engine, question, "patient_id") == expected


def test_on_or_before_a_day_includes_it(grounder: Grounder) -> None:
    """ "scans on or before 2025-06-30" end on that day (they had ended the day before,
    silently)."""
    query = parse(grounder, "scans on or before 2025-06-30")
    assert query.filter.dates is not None
    assert query.filter.dates.end == dt.date(2025, 6, 30)
    assert clean_reading(query)


# --- the span from a first to a latest study, said with "separate" -------------------------------


def _patient_with_chest_cts() -> str:
    """The first patient (by ID) with chest CTs on two dates or more."""
    return next(
        str(p["patient_id"])
        for p in pats()
        if len({s["study_date"] for s in own(p["patient_id"]) if chest_ct(s)}) >= 2
    )


@pytest.mark.parametrize(
    "template",
    [
        "{pid} - how many days separate their first chest ct from their latest chest ct",
        "days separating the first chest ct and the latest one, {pid}",
        "for {pid}, how many days separate the first chest ct from the last one",
    ],
)
def test_days_that_separate_a_first_and_a_latest_study(engine: QueryEngine, template: str) -> None:
    """ "how many days separate their first <study> from their latest" is the span from the
    patient's first to latest such study (it had been a count of the first studies, warned)."""
    pid = _patient_with_chest_cts()
    dates = sorted(s["study_date"] for s in own(pid) if chest_ct(s))
    got = answer(engine, template.format(pid=pid)).to_json()
    days = days_between(dates[0], dates[-1])
    assert got["unit"] == "count"  # one patient's days are a count (session 28, A)
    assert got["count"] == days
    assert got["value"] == pytest.approx(days, abs=0.011)


# --- averages said in other words ----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how old, on average, are the women with a mass",
        "on average, how old are the women with a mass",
        "how old are women with a mass, on average",
    ],
)
def test_how_old_on_average_is_the_average_age(grounder: Grounder, question: str) -> None:
    """ "how old, on average, are <people>" is their average age, read as "average age of"
    (the people had been listed, warned)."""
    said = parse(grounder, question)
    plain = parse(grounder, "average age of women with a mass")
    assert said.aggregate == plain.aggregate and said.filter == plain.filter
    assert said.aggregate is not None
    assert clean_reading(said)


def test_a_measurement_as_a_median(engine: QueryEngine) -> None:
    """ "typical <measurement> as a mean / median" is that statistic of it."""
    got = answer(engine, "typical solid nodule volume as a median (mm3)").to_json()
    rows = nodule_rows(att("solid"))
    assert got["value"] == pytest.approx(median_of([f["volume_mm3"] for f in rows]), abs=0.011)
    assert got["warnings"] == []


def test_findings_named_then_a_field_averaged(engine: QueryEngine) -> None:
    """ "<findings> only: <field> averaged, in <unit>" is the mean of that field over them, in
    that unit."""
    got = answer(engine, "masses only: short axis averaged, in cm").to_json()
    masses = [f for f in findings() if f["kind"] == "mass"]
    assert got["value"] == pytest.approx(
        round(mean_of([f["short_axis_mm"] / 10 for f in masses]), 2), abs=0.011
    )
    assert got["warnings"] == []


def test_a_number_of_findings_on_a_study(engine: QueryEngine) -> None:
    """ "average # of nodules on a chest ct" is per chest CT (a CT without one counts 0)."""
    got = answer(engine, "average # of nodules on a chest ct").to_json()
    cts = [s for s in studies() if chest_ct(s)]
    assert got["value"] == pytest.approx(mean_of([len(nods(s)) for s in cts]), abs=0.011)
    assert got["warnings"] == []


# --- shares said in other words ------------------------------------------------------------------


def test_a_share_of_findings_with_something(engine: QueryEngine) -> None:
    """ "share of A with B (%)": of the A findings, those with B ("with" splits them as "that
    are" does; the bracketed "(%)" restates the share)."""
    got = answer(engine, "share of part-solid nodules with spiculated margins (%)").to_json()
    whole = nodule_rows(att("part-solid"))
    part = nodule_rows(att("part-solid"), margin("spiculated"))
    assert got["value"] == pytest.approx(_share(len(part), len(whole)), abs=0.06)
    assert got["warnings"] == []


def test_of_all_a_what_share_measure(engine: QueryEngine) -> None:
    """ "of all A, what share measure <bound> (%)": of the A findings, those in the bound."""
    got = answer(engine, "of all solid nodules, what share measure at least 8mm (%)").to_json()
    whole = nodule_rows(att("solid"))
    part = [f for f in whole if f["diameter_mm"] >= 8]
    assert got["value"] == pytest.approx(_share(len(part), len(whole)), abs=0.06)
    assert got["warnings"] == []
