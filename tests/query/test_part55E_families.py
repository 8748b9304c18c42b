"""The families parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``) showed missing,
share E: rankings said in other words (birth order after the place or the people's conditions,
"have the earliest dates of birth", "<studies>, the N most recent ones", "<studies>: which N have
the earliest dates", "detected with the greatest confidence", "the most negative HU", "give N
nodules having the ..."), averages said in other words ("<findings>, the <field> on average",
"<field> of <findings> averaged", "<findings> per one <study> in average", "their age,
averaged", "how many <studies> does the average patient have", a unit said first), shares
("among <group>, what proportion are ...", "how big part") and totals ("- total number", "the
total of", "<radiograph> total", "calendar 2025").

Each rule is checked in phrasings written here (not the parts'). The parser tests check that
every word was read; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from statistics import mean
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import (
    at_station,
    cxr,
    dated,
    findings,
    head_ct,
    ldct,
    pats,
    sids,
    studies,
    study_of,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _nodules(**values: Any) -> list[Row]:
    return [
        f for f in findings() if f["kind"] == "nodule" and all(f[k] == v for k, v in values.items())
    ]


def _by_birth(people: list[str], n: int, *, oldest: bool) -> list[str]:
    born = ref.cohort()[0]
    ranked = sorted(people, key=lambda p: born[p]["birth_date"], reverse=not oldest)
    return sorted(ranked[:n])


# --- totals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("spiculated nodules - total number", len(_nodules(margin="spiculated"))),
        ("calcified nodules, the total count", len(_nodules(calcified=True))),
        ("the total of smooth nodules", len(_nodules(margin="smooth"))),
    ],
)
def test_a_total_said_after_or_before_the_findings_is_their_count(
    engine: QueryEngine, question: str, expected: int
) -> None:
    """ "- total number", ", the total count" closing the question and "the total of" opening it
    ask for the count of what is named ("total" and "number" had been left unread and the
    findings listed, warned)."""
    got = answer(engine, question)
    assert (got.unit, got.count, got.warnings) == ("count", expected, ()), got.interpretation


def test_a_radiograph_total_in_a_calendar_year_is_their_count(engine: QueryEngine) -> None:
    """ "<radiographs> total" is their count and "calendar year 2024" the year 2024."""
    got = answer(engine, "chest radiograph total for calendar year 2024")
    expected = len(
        sids(cxr, lambda s: s["body_part"] == "CHEST", dated("2024-01-01", "2024-12-31"))
    )
    assert (got.unit, got.count, got.warnings) == ("count", expected, ()), got.interpretation


# --- averages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "chosen"),
    [
        ("solid nodules, the volume on average", "volume_mm3", _nodules(attenuation="solid")),
        ("short axis of the rul nodules averaged", "short_axis_mm", _nodules(lobe="RUL")),
        (
            "lobulated nodules - their diameter, in average",
            "diameter_mm",
            _nodules(margin="lobulated"),
        ),
    ],
)
def test_a_field_averaged_said_after_the_findings(
    engine: QueryEngine, question: str, field: str, chosen: list[Row]
) -> None:
    """The findings named, then "the <field> on average / averaged / in average" (or the field
    of the findings, then "averaged") is the average of that field over them (the statistic had
    been left unread and the findings listed, warned)."""
    got = answer(engine, question)
    assert got.unit == "value" and not got.warnings, got.interpretation
    assert got.value == pytest.approx(mean(f[field] for f in chosen), abs=0.011)


def test_a_unit_said_first_is_the_unit_asked(engine: QueryEngine) -> None:
    """ "in cm, what's the average ..." asks the average in centimetres ("cm" had been unread)."""
    got = answer(engine, "in cm, what's the average long axis of calcified nodules")
    chosen = _nodules(calcified=True)
    assert got.unit == "value" and not got.warnings, got.interpretation
    assert got.value == pytest.approx(mean(f["long_axis_mm"] for f in chosen) / 10, abs=0.011)


@pytest.mark.parametrize(
    "question",
    [
        "masses per one ldct on average",
        "on an average ldct, how many masses are found",
        "on a typical low dose screening ct, how many masses do you see on avg",
    ],
)
def test_findings_per_study_on_average(engine: QueryEngine, question: str) -> None:
    """The findings on each study of a kind, averaged over those studies (a study with none
    counts as 0): "per one <study> in average", "on a typical <study>, how many ... on average"
    ("per", "typical" and "average" had been left unread, warned)."""
    chosen = sids(ldct)
    masses = [f for f in findings() if f["kind"] == "mass" and ldct(study_of(f))]
    got = answer(engine, question)
    assert got.unit == "value" and not got.warnings, got.interpretation
    assert got.value == pytest.approx(len(masses) / len(chosen), abs=0.011)


def test_studies_of_the_average_patient(engine: QueryEngine) -> None:
    """ "how many exams does the average patient have" is the studies per patient, averaged (it
    had been refused)."""
    got = answer(engine, "how many exams does the average patient have")
    assert got.unit == "value" and not got.warnings, got.interpretation
    assert got.value == pytest.approx(len(studies()) / len(pats()), abs=0.011)


@pytest.mark.parametrize(
    "question",
    ["women with a head ct: their age, averaged", "patients with a nodule, their age on average"],
)
def test_their_age_averaged_is_the_average_age(grounder: Grounder, question: str) -> None:
    """ "<people> - their age, averaged" is the average age of those people."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.aggregate is not None


# --- shares -----------------------------------------------------------------------------------


def test_a_group_then_its_share_is_a_percentage(engine: QueryEngine) -> None:
    """ "of <findings>, how big a part is <kind>" is the percentage of them that are (the share
    word had been left unread and the findings listed, warned)."""
    rul = _nodules(lobe="RUL")
    got = answer(engine, "of nodules in the rul, how big a part is calcified (in percent)")
    assert got.unit == "value" and not got.warnings, got.interpretation
    expected = 100 * sum(f["calcified"] for f in rul) / len(rul)
    assert got.value == pytest.approx(expected, abs=0.11)


def test_among_people_what_fraction_are(engine: QueryEngine) -> None:
    """ "among <people>, what fraction are men" is the percentage of them who are."""
    who = {f"{study_of(f)['patient_id']}" for f in findings() if f["kind"] == "mass"}
    born = ref.cohort()[0]
    got = answer(engine, "among patients who had a mass, what fraction are men?")
    assert got.unit == "value" and not got.warnings, got.interpretation
    expected = 100 * sum(born[p]["sex"] == "M" for p in who) / len(who)
    assert got.value == pytest.approx(expected, abs=0.11)


# --- rankings ---------------------------------------------------------------------------------


def test_born_earliest_in_the_cohort(engine: QueryEngine) -> None:
    """ "the N patients born earliest in the cohort": the N oldest (it had been refused)."""
    everyone = [p["patient_id"] for p in pats()]
    got = ids(engine, "the 3 people born earliest in the database", "patient_id")
    assert got == _by_birth(everyone, 3, oldest=True)


def test_which_people_have_the_latest_dates_of_birth(engine: QueryEngine) -> None:
    """ "which N patients have the latest dates of birth": the N youngest."""
    everyone = [p["patient_id"] for p in pats()]
    got = ids(engine, "which 2 patients have the latest dates of birth", "patient_id")
    assert got == _by_birth(everyone, 2, oldest=False)


def test_people_with_a_condition_born_first(engine: QueryEngine) -> None:
    """ "which N patients with a head ct were born first": the N oldest of them ("3" and the
    ranking had been left unread, warned)."""
    chosen = sorted({s["patient_id"] for s in studies() if head_ct(s)})
    got = ids(engine, "which 3 patients with a head ct were born first", "patient_id")
    assert got == _by_birth(chosen, 3, oldest=True)


def _by_date(chosen: list[str], n: int, *, latest: bool) -> list[str]:
    dates = {s["study_uid"]: s["study_date"] for s in studies()}
    ranked = sorted(chosen, key=lambda u: dates[u], reverse=latest)
    return sorted(ranked[:n])


@pytest.mark.parametrize(
    ("question", "latest"),
    [
        ("ct02 ldcts, the 4 most recent ones", True),
        ("ct02 ldcts: which 3 have the earliest study dates on the pacs", False),
    ],
)
def test_studies_named_then_the_n_first_or_last(
    engine: QueryEngine, question: str, latest: bool
) -> None:
    """The studies named first, then "the N most recent ones" or "which N have the earliest
    study dates", are the N latest (earliest) of them (the number had been read as a count of
    studies per patient, or left unread, warned)."""
    chosen = sids(ldct, at_station("CT02"))
    n = 4 if latest else 3  # no tie straddles the cut (four CT02 ldcts share the latest day)
    assert ids(engine, question, "study_uid") == _by_date(chosen, n, latest=latest)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("the 3 masses flagged with the greatest confidence", "the 3 highest findings by model"),
        ("list 4 solid nodules having the most negative mean hu", "the 4 lowest findings by mean"),
        ("show me 2 nodules with the least negative attenuation", "the 2 highest findings by mean"),
        ("the 3 largest solid cores among part-solid nodules", "the 3 largest findings by solid"),
    ],
)
def test_a_ranking_of_findings_said_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str, said: str
) -> None:
    """The finding's verb before the confidence ("flagged with"), "the most negative" HU (the
    lowest), a number after the verb that asks ("list 4 ... having the ...") and plural "solid
    cores" rank the findings (the number had been read as a count in one study, warned)."""
    assert clean_reading(parse(grounder, question))
    got = answer(engine, question)
    assert got.interpretation.startswith(said) and not got.warnings, got.interpretation
