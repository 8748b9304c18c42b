"""The families part 42 (``bank_fresh_42.py``) showed missing, share B: set logic, Lung-RADS,
reports, growth and nodule features said in other words (:mod:`query.negated_forms`,
:mod:`query.category_forms`, :mod:`query.growth_forms`, :mod:`query.grouped_values`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    agreed,
    at_station,
    att,
    calcified,
    cat_in,
    category,
    chest_ct,
    cta,
    cxr,
    each_on_some,
    fids,
    findings,
    fstudy,
    grew_readings,
    history,
    in_lobe,
    in_year,
    is_nodule,
    kind,
    ldct,
    margin,
    new,
    nod,
    pids,
    says,
    sids,
    some_but_never,
    studies,
    went_from,
)
from family_reading import AS_OF, answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _never(test: Any) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _groups(engine: QueryEngine, question: str) -> dict[str, int]:
    rows = answer(engine, question).rows
    return {str(row[next(iter(row))]): int(row["count"]) for row in rows}


# --- set logic: people left out, "none of which", "not one ... in their record" --------------


@pytest.mark.parametrize(
    "question",
    [
        "patients, excluding anybody ever scanned at CT02",
        "all pts leaving out anyone who was ever scanned on CT02",
        "patients exluding the ones ever imaged at CT02",
    ],
)
def test_excluding_anyone_ever_scanned_at_a_station_is_never_scanned_there(
    engine: QueryEngine, question: str
) -> None:
    """ "excluding (leaving out) anyone (the ones) ever scanned (imaged) at <station>" is the
    patients who never had a study there ("exluding" is the word mistyped); "excluding" had
    been left unread and the station kept, warned. (The engine knows the stations.)"""
    query = engine.parse(question, AS_OF)
    assert query.ignored == () and query.cautions == (), query
    assert ids(engine, question, "patient_id") == _never(at_station("CT02"))


@pytest.mark.parametrize(
    ("question", "feature"),
    [
        ("pts with nodules, none of which has ever enlarged", None),
        ("patients who have nodules but none of them ever grew", None),
        ("people harbouring nodules, none of which were ever labelled calcified", calcified),
        (
            "patients with nodules where, across all the scans they had, none of them was ever "
            "described as spiculated",
            margin("spiculated"),
        ),
    ],
)
def test_nodules_none_of_which_is_never_such_a_nodule(
    grounder: Grounder, engine: QueryEngine, question: str, feature: Any
) -> None:
    """ "(patients with) nodules, none of which (ever) grew / was (ever) called X" is a
    patient with a nodule who never had one that grew (that was X), on any study; "none" had
    been left unread and the growth or the feature affirmed, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.patient is not None and query.filter.patient.never
    got = ids(engine, question, "patient_id")
    if feature is None:
        expected = agreed(*[history(some_but_never(nod(), fstudy(r))) for r in grew_readings()])
    else:
        expected = history(some_but_never(nod(), nod(feature)))
    assert got == expected


@pytest.mark.parametrize(
    ("question", "has", "lacks"),
    [
        (
            "patients with a mass yet never a single nodule across their entire history",
            kind("mass"),
            nod(),
        ),
        (
            "folks who had consolidation at some stage though not a single nodule in their record",
            kind("consolidation"),
            nod(),
        ),
    ],
)
def test_not_one_in_their_whole_record_is_never(
    grounder: Grounder, engine: QueryEngine, question: str, has: Any, lacks: Any
) -> None:
    """ "A (at some stage) though not (one) single B in their (whole) record / history" is A on
    some study and B on none ("folks" are people); it had been read on one study, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == history(some_but_never(has, lacks))


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("people without one single ct angiogram anywhere in their history", cta),
        ("people without any chest x-ray throughout their record", cxr),
    ],
)
def test_without_a_study_anywhere_in_their_history_is_never_had_one(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """ "without (w/o) a single <study> anywhere in their history" is never had one; "a single"
    had been read as exactly one study, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == _never(test)


@pytest.mark.parametrize(
    ("question", "a", "b"),
    [
        (
            "who showed a spiculated nodule on one scan and a part-solid nodule on another "
            "(or the same scan)",
            nod(margin("spiculated")),
            nod(att("part-solid")),
        ),
        (
            "patients that had a mass on one occasion and a pneumothorax on another, or on the "
            "same one",
            kind("mass"),
            kind("pneumothorax"),
        ),
    ],
)
def test_one_occasion_and_another_or_the_same_is_each_on_some_study(
    grounder: Grounder, engine: QueryEngine, question: str, a: Any, b: Any
) -> None:
    """ "A on one occasion (scan) and B on another (or the same one)" is each on some study of
    the patient, the same or not; the occasions had been left unread, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == history(each_on_some(a, b))


def test_a_kind_of_study_naming_the_patients_beside_a_never_is_warned(
    grounder: Grounder,
) -> None:
    """ "screening pts who were lung-rads 4A at some point but never 4B": is the 4A on a
    screening study, or is the patient one who had a screening study? The conventions do not
    settle it, so the answer says how it was read (it had been answered silently)."""
    query = parse(grounder, "screening pts who were lung-rads 4A at some point but never 4B")
    assert any("describes the patients" in c for c in query.cautions), query
    plain = parse(grounder, "screening patients who never had a nodule")
    assert clean_reading(plain), plain


# --- reports: a concept in none of the reports, one noted while another is not ---------------


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("patients for whom granuloma doesn't show up in any of their reports", "granuloma"),
        (
            "people in whom lymphadenopathy did not appear in even one of their reports",
            "lymphadenopathy",
        ),
    ],
)
def test_a_concept_in_none_of_their_reports_is_never_mentioned(
    grounder: Grounder, engine: QueryEngine, question: str, concept: str
) -> None:
    """ "for (in) whom X does not come up (show up, appear) in any (a single one) of their
    reports" is patients whose reports never mention X; "not" had been left unread, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == _never(says(concept))


@pytest.mark.parametrize(
    ("question", "said", "unsaid"),
    [
        (
            "studies with granuloma mentioned in the report whereas emphysema isn't",
            "granuloma",
            "emphysema",
        ),
        (
            "studies where emphysema is documented on the report but coronary artery "
            "calcification was not",
            "emphysema",
            "coronary",
        ),
    ],
)
def test_one_concept_noted_while_another_is_not(
    grounder: Grounder, engine: QueryEngine, question: str, said: str, unsaid: str
) -> None:
    """ "A noted (mentioned, documented) in the report while (whereas, but) B is not" is a
    report affirming A and not B; the trailing "is not" had been left unread, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = sids(says(said), lambda s: not says(unsaid)(s))
    assert ids(engine, question, "study_uid") == expected


# --- features: a grand total, a feature a nodule is flagged as, listed values ----------------


@pytest.mark.parametrize(
    ("question", "feature"),
    [
        ("grand total of nodules marked as spiculated", margin("spiculated")),
        ("how many nodules labelled as part-solid", att("part-solid")),
    ],
)
def test_a_total_of_nodules_flagged_as_a_feature_counts_those_nodules(
    grounder: Grounder, engine: QueryEngine, question: str, feature: Any
) -> None:
    """ "the grand total of nodules flagged (marked, labelled) as X" counts the X nodules; it
    had been read as a list of studies, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    got = answer(engine, question)
    assert got.unit == "count"
    assert got.count == len(fids(is_nodule, feature))


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("nodules by margin (smooth, spiculated, lobulated)", "margin"),
        ("number of nodules per lobe (RUL / RML / RLL / LUL / LLL)", "lobe"),
    ],
)
def test_a_bracket_listing_every_value_of_a_breakdown_says_nothing_more(
    grounder: Grounder, engine: QueryEngine, question: str, field: str
) -> None:
    """A bracket after "by / per / each <field>" listing every value of the field is the
    breakdown itself; its values had been read as conditions, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    tally: dict[str, int] = {}
    for f in findings():
        if is_nodule(f):
            tally[str(f[field])] = tally.get(str(f[field]), 0) + 1
    assert _groups(engine, question) == tally


def test_a_bracket_listing_only_some_values_stays_warned(grounder: Grounder) -> None:
    """ "nodules by attenuation (solid, part-solid)": some of the values may restrict the
    breakdown, so the bracket is not dropped and the reading is warned."""
    query = parse(grounder, "nodules by attenuation (solid, part-solid)")
    assert not clean_reading(query)


# --- Lung-RADS: a score, the prior's category, "category A vs B", a screening round -----------


@pytest.mark.parametrize(
    ("question", "kind_of", "cat"),
    [
        ("ldcts rated 3 on lung-rads", ldct, "3"),
        ("chest cts graded 4a according to lung rads", chest_ct, "4A"),
    ],
)
def test_a_category_said_as_a_score_is_the_category(
    grounder: Grounder, engine: QueryEngine, question: str, kind_of: Any, cat: str
) -> None:
    """ "scored / rated / graded N by (on, according to) lung-rads" is the study's category N;
    "by lung-rads" had been read as a breakdown, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "study_uid") == sids(kind_of, cat_in(cat))


@pytest.mark.parametrize(
    ("question", "old", "new"),
    [
        ("studies that were lung-rads 3 where the previous scan had been lung-rads 2", "2", "3"),
        ("studies with a 4B, when their prior exam was lung-rads 4A", "4A", "4B"),
    ],
)
def test_a_category_where_the_prior_exam_had_another_is_a_change(
    grounder: Grounder, engine: QueryEngine, question: str, old: str, new: str
) -> None:
    """ "B where (when) the prior (previous) exam had been A" is a change from A on the
    patient's previous study to B; the two had been read as categories of one study, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "study_uid") == sids(went_from(old, (new,)))


@pytest.mark.parametrize(
    ("question", "a", "b", "year", "kind_of"),
    [
        ("category 2 versus 4B ldcts in 2025", "2", "4B", 2025, ldct),
        ("lung-rads category 1 vs category 2 scans in 2024", "1", "2", 2024, None),
    ],
)
def test_category_a_versus_b_compares_the_two(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    a: str,
    b: str,
    year: int,
    kind_of: Any,
) -> None:
    """ "category A vs (versus) (category) B <studies>" counts the studies in each; the second
    had been left unread after "category", warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    chosen = [
        s
        for s in studies()
        if in_year(year)(s) and (kind_of is None or kind_of(s)) and category(s) in (a, b)
    ]
    expected = {c: sum(category(s) == c for s in chosen) for c in (a, b)}
    assert _groups(engine, question) == {c: n for c, n in expected.items() if n}


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("for our 2024 screening round, count the ldcts in each lung-rads category", 2024),
        ("for the 2023 screening cycle, number of ldcts under each lung-rads category", 2023),
    ],
)
def test_a_years_screening_round_is_that_year(
    grounder: Grounder, engine: QueryEngine, question: str, year: int
) -> None:
    """ "the <year> screening round (cycle)" is that year's studies, and "under each lung-rads
    category" is per category; "round" had been read as a margin, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    tally: dict[str, int] = {}
    for s in studies():
        if ldct(s) and in_year(year)(s):
            c = str(category(s))
            tally[c] = tally.get(c, 0) + 1
    assert _groups(engine, question) == tally


# --- growth: getting bigger, since the last exam, not there before ---------------------------


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("RUL nodules getting larger relative to the prior exam", in_lobe("RUL")),
        ("solid nodules increasing in size compared with the previous ct", att("solid")),
        ("nodules in the RML that grew since the last scan", in_lobe("RML")),
    ],
)
def test_growth_said_otherwise_is_growth_since_the_previous_study(
    grounder: Grounder, engine: QueryEngine, question: str, where: Any
) -> None:
    """ "getting bigger (larger) / increasing in size compared with (relative to) the previous
    scan" and "grew since the last exam" are growth since the previous study of the same nodule
    (not the patient's latest study only); they had been left unread or limited, warned."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = agreed(*[sids(fstudy(r, where)) for r in grew_readings()])
    assert expected is not None
    assert ids(engine, question, "study_uid") == expected


def test_a_nodule_not_there_on_the_earlier_imaging_is_new(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "a X nodule (turned up) that wasn't present (there) on the previous scan (their earlier
    imaging)" is a new X nodule; "not there" had been left unread, warned."""
    question = "pts in whom a solid nodule turned up that wasn't present on the previous scan"
    query = parse(grounder, question)
    assert clean_reading(query), query
    (clause,) = query.filter.findings
    assert clause.new
    assert ids(engine, question, "patient_id") == pids(fstudy(new(False), att("solid"), is_nodule))
