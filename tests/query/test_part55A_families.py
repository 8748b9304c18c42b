"""The families parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``) showed answered
silently wrong, share A: who a question asks for when "whom" or "the list of women ... who had a
study" says it, a category "but never higher" said with no unit, a unit word after "with" (a
condition, never the unit), a field tallied before what it counts, both sexes counted, a share
whose population opens with "among", a modality said once after compared body parts, a clause
about the scan after a report's words, and a kind of study listed apart beside people (warned).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from blind_reference import (
    any_ct,
    att,
    fo,
    head_ct,
    highest,
    history,
    in_year,
    ldct,
    margin,
    nod,
    nods,
    pats,
    pids,
    says,
    sex_is,
    sids,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]

# --- who is asked for ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["for whom was accession {acc} done", "to whom does accession {acc} belong"],
)
def test_whom_asks_for_the_patient(engine: QueryEngine, question: str) -> None:
    """ "to whom / for whom" asks for the person, as "who" does (the study had been listed)."""
    study = studies()[3]
    got = answer(engine, question.format(acc=study["accession"]))
    assert got.unit == "patient"
    assert sorted({r["patient_id"] for r in got.rows}) == [study["patient_id"]]


def test_the_list_of_people_who_had_a_study(grounder: Grounder, engine: QueryEngine) -> None:
    """ "the list of men who had a head ct study in 2024" lists the men: the study is what they
    had, not what is asked (the studies had been listed, silently)."""
    question = "the list of men who had a head ct study in 2024"
    assert clean_reading(parse(grounder, question))
    assert ids(engine, question, "patient_id") == pids(sex_is("M"), head_ct, in_year(2024))


@pytest.mark.parametrize(
    "question", ["lung rads 2, never higher", "lr 2 but never anything higher"]
)
def test_a_category_never_exceeded_said_alone_asks_for_patients(
    engine: QueryEngine, question: str
) -> None:
    """A category and never a higher one is the patient's highest; with no unit said before
    it, only a patient has that history, so the patients are listed (their studies had been)."""
    got = answer(engine, question)
    assert got.unit == "patient"
    assert ids(engine, question, "patient_id") == history(lambda mine: highest(mine) == "2")


def test_a_unit_named_before_never_higher_is_kept(engine: QueryEngine) -> None:
    got = answer(engine, "studies with lr 2 but never higher")
    assert got.unit == "study"


# --- a unit word after "with" is a condition ------------------------------------------------------


def test_findings_after_with_are_a_condition_on_the_studies(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "cts having findings in 2023" are the CTs that have any finding: "findings" after
    "with / having" says what each study has (the findings themselves had been listed)."""
    question = "cts having findings in 2023"
    assert clean_reading(parse(grounder, question))
    assert ids(engine, question, "study_uid") == sids(any_ct, in_year(2023), lambda s: bool(fo(s)))


def test_a_closing_count_of_studies_with_findings_counts_studies(engine: QueryEngine) -> None:
    got = answer(engine, "exams with findings in 2024 - how many")
    assert got.count == len(sids(in_year(2024), lambda s: bool(fo(s))))


# --- tallies -------------------------------------------------------------------------------------


def test_a_field_tallied_before_what_it_counts(grounder: Grounder, engine: QueryEngine) -> None:
    """ "attenuation breakdown of nodules in men" is the men's nodules counted per attenuation
    (one count of nodules had been given); the people after "in" are a condition, no unit."""
    question = "attenuation breakdown of nodules in men"
    assert clean_reading(parse(grounder, question))
    got = answer(engine, question)
    counted = {str(row["attenuation"]): int(row["count"]) for row in got.rows}
    expected = Counter(str(f["attenuation"]) for s in studies() if sex_is("M")(s) for f in nods(s))
    assert counted == dict(expected)


def test_both_sexes_after_a_count_word_are_counted_each(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "how many men and women had an ldct in 2024" counts the patients of each sex (the two
    had been one condition, counted once)."""
    question = "how many men and women had an ldct in 2024"
    assert clean_reading(parse(grounder, question))
    got = answer(engine, question)
    counted = {str(row["sex"]): int(row["count"]) for row in got.rows}
    people = {s["patient_id"] for s in studies() if ldct(s) and in_year(2024)(s)}
    sexes = {p["patient_id"]: p["sex"] for p in pats()}
    assert counted == dict(Counter(sexes[p] for p in people if sexes[p] in ("M", "F")))


def test_a_modality_said_once_after_compared_body_parts(engine: QueryEngine) -> None:
    """ "head versus chest cts per body part in 2024" counts CTs only (the chest x-rays had
    been counted with the chest CTs)."""
    got = answer(engine, "head versus chest cts per body part in 2024")
    counted = {str(row["body_part"]): int(row["count"]) for row in got.rows}
    chosen = [s for s in studies() if any_ct(s) and in_year(2024)(s)]
    expected = Counter(s["body_part"] for s in chosen if s["body_part"] in ("HEAD", "CHEST"))
    assert counted == dict(expected)


# --- a share whose population comes first --------------------------------------------------------


def test_a_share_among_findings_said_first_is_of_findings(engine: QueryEngine) -> None:
    """ "among ggns, what share are in the upper lobes" shares the ground-glass nodules (the
    studies with such nodules had been shared)."""
    got = answer(engine, "among ggns, what share are in the upper lobes")
    ggns = [f for s in studies() for f in nods(s, att("ground-glass"))]
    upper = [f for f in ggns if f["lobe"] in ("RUL", "LUL")]
    assert got.value is not None
    assert abs(got.value - 100 * len(upper) / len(ggns)) < 0.1


# --- the report's words and the scan's -----------------------------------------------------------


def test_a_clause_about_the_scan_ends_the_reports_words(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "reports mentioning emphysema, and the ct shows a spiculated nodule": the nodule is a
    finding of the scan, not a second report mention."""
    question = "reports mentioning emphysema, and the ct shows a spiculated nodule"
    query = parse(grounder, question)
    assert [c.concept for c in query.filter.concepts] == ["emphysema"]
    assert ids(engine, question, "study_uid") == sids(
        any_ct, says("emphysema"), nod(margin("spiculated"))
    )


def test_a_kind_of_study_listed_beside_people_is_cautioned(grounder: Grounder) -> None:
    """ "coronary calcification mentioned, women, head cts in 2024": no unit word and a sex, so
    the Conventions answer patients, but the list may ask for the studies: a caution says so."""
    query = parse(grounder, "granuloma in the report, women, chest cts in 2024")
    assert query.unit == "patient"
    assert any("listed apart" in c for c in query.cautions)


def test_people_with_a_kind_of_study_stay_clean(grounder: Grounder) -> None:
    assert clean_reading(parse(grounder, "women with chest cts in 2024"))


# --- a report that never mentioned it, said of the people ---------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "people in whom lymphadenopathy has never been mentioned in a report",
        "patients for whom lymphadenopathy never came up in any of their reports",
        "patients in whom lymphadenopathy was never documented by the radiologist",
    ],
)
def test_a_concept_never_in_the_reports_of_people(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "in (for) whom <concept> has never come up / been documented (by the radiologist) in any
    report" is the patients none of whose reports mention it ("never" had been left unread and
    the mentions answered, warned)."""
    assert clean_reading(parse(grounder, question))
    mentioned = set(pids(says("lymphadenopathy")))
    expected = sorted(p["patient_id"] for p in pats() if p["patient_id"] not in mentioned)
    assert ids(engine, question, "patient_id") == expected
