"""The families part 35 (``bank_fresh_35.py``) showed missing, share B: none said as "not a
single / not one", set logic said in other words ("never underwent a single", "no nodule on
any of them" after a count of studies, "whose same single scan showed A as well as B"), a
patient's peak Lung-RADS ("peak / maximum / top ... reached"), a category change "vs the
prior", rankings ("carry the highest total count of", "earliest-born"), averages and intervals
("on a typical <study> how many ... on average", "between one <study> and the next",
"nodule-free"), a report "on a study with no" finding and growth "between consecutive exams".

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
import statistics

import pytest
from blind_reference import (
    att,
    chest_ct,
    count,
    days_between,
    highest,
    history,
    ldct,
    neg,
    nod,
    nods,
    own,
    pats,
    pids,
    says,
    sids,
    studies,
    top,
    went,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder
from query.rewrites import clean

# --- none said as "not a single / not one" ------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "chest cts on which not a single nodule was seen",
        "chest cts with not one nodule",
        "chest cts where not even one nodule was found",
    ],
)
def test_not_a_single_finding_is_none(engine: QueryEngine, question: str) -> None:
    """'not a single / not one / not even one' nodule is no nodule (it had been read as
    exactly one, silently wrong)."""
    assert ids(engine, question, "study_uid") == sids(chest_ct, neg(nod()))


def test_a_single_study_without_not_stays_one() -> None:
    """'a single' with no negation before it keeps its meaning of exactly one, and 'not one
    of' is not read as none."""
    assert "a single" in clean("patients who had a single ldct")
    assert "no nodule" not in clean("patients with a single nodule")
    # "not one of the nodules ..." is about each nodule, not none of them: left as it was
    assert clean("studies where not one of the nodules was calcified").startswith(
        "studies where not one of"
    )


# --- set logic said in other words --------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "patients who never underwent a single chest ct",
        "people who have never undergone a chest ct",
        "patients who never received a single chest ct",
    ],
)
def test_never_underwent_a_single_study_is_never_had(engine: QueryEngine, question: str) -> None:
    """'never underwent / undergone / received (a single)' a study is never having had one."""
    expected = history(lambda m: not any(map(chest_ct, m)))
    assert ids(engine, question, "patient_id") == expected


def test_no_finding_on_any_of_them_is_none_of_those_studies(
    engine: QueryEngine, grounder: Grounder
) -> None:
    """'N or more <studies> and no nodule on any of them' is a patient none of whose studies of
    that kind had one (it had been read per study, warned)."""
    question = "patients with 3 or more chest cts and no nodule on any of them"
    expected = history(
        lambda m: sum(map(chest_ct, m)) >= 3 and not any(nods(s) for s in m if chest_ct(s))
    )
    assert ids(engine, question, "patient_id") == expected
    assert clean_reading(parse(grounder, question))


def test_whose_same_scan_showed_both_is_both_on_one_study(engine: QueryEngine) -> None:
    """'whose (very / one and the) same scan showed A as well as B': both kinds of nodule on one
    study."""
    question = "patients whose very same scan showed ground glass as well as solid nodules"
    assert ids(engine, question, "patient_id") == pids(nod(att("ground-glass")), nod(att("solid")))


def test_whose_single_scan_without_same_is_the_only_study(grounder: Grounder) -> None:
    """Without "same", 'whose single scan showed a nodule' keeps its reading: a patient with one
    study in all."""
    query = parse(grounder, "patients whose single scan showed a nodule")
    patient = query.filter.patient
    assert patient is not None and patient.studies is not None
    assert patient.studies.low == patient.studies.high == 1


# --- a patient's peak category, a change against the prior --------------------------------------


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("patients whose peak lung-rads across their history was 3", "3"),
        ("patients whose maximum lung-rads category reached 4a", "4A"),
        ("patients whose top lr over all their scans hit 2", "2"),
        ("patients whose worst lung-rads ever reached 4b", "4B"),
    ],
)
def test_peak_maximum_top_worst_is_the_highest_category(
    engine: QueryEngine, question: str, category: str
) -> None:
    """'peak / maximum / top / worst' lung-rads, 'across their history' or 'over all their
    scans', 'was / reached / hit' N is the patient's highest category over all studies."""
    expected = history(lambda m: highest(m) == category)
    assert ids(engine, question, "patient_id") == expected


def test_a_category_up_against_the_prior_is_a_change(
    engine: QueryEngine, grounder: Grounder
) -> None:
    """'studies that went up in lung-rads vs the prior' is a higher category than on the
    patient's previous study (it had been read as nodule growth, warned)."""
    question = "studies that increased in lung-rads compared to the prior scan"
    assert ids(engine, question, "study_uid") == sids(went(1))
    assert clean_reading(parse(grounder, question))


# --- rankings, averages and intervals -----------------------------------------------------------


def test_highest_total_count_of_findings_ranks_patients(engine: QueryEngine) -> None:
    """'which N people carry the highest total count of nodules' ranks patients by their
    number of nodule findings."""
    for n in range(3, 9):
        want = top(
            pats(), lambda p: -sum(len(nods(s)) for s in own(p["patient_id"])), n, "patient_id"
        )
        if want is not None:
            break
    assert want is not None
    question = f"which {n} patients hold the greatest number of nodules"
    assert ids(engine, question, "patient_id") == want


def test_earliest_born_is_oldest(engine: QueryEngine) -> None:
    """'the N earliest-born patients' are the oldest by birth date."""
    want = top(pats(), lambda p: p["birth_date"], 4, "patient_id")
    assert want is not None
    assert ids(engine, "the 4 earliest-born people", "patient_id") == want


def test_typical_study_how_many_on_average_is_mean_per_study(engine: QueryEngine) -> None:
    """'on a typical <study> how many nodules do we see, on average': the mean number of
    nodules per study of that kind, a study with none counting 0."""
    got = answer(engine, "on a typical chest ct how many nodules do we see, on average")
    chest = [s for s in studies() if chest_ct(s)]
    assert got.value == pytest.approx(statistics.mean(len(nods(s)) for s in chest), abs=0.011)


def test_between_one_study_and_the_next_is_consecutive(engine: QueryEngine) -> None:
    """'as a mean in days, between one <study> and the next' is the mean interval between a
    patient's consecutive studies of that kind."""
    gaps = [
        days_between(a["study_date"], b["study_date"])
        for p in pats()
        for a, b in itertools.pairwise([s for s in own(p["patient_id"]) if ldct(s)])
    ]
    got = answer(engine, "usual interval, as a mean in days, between one ldct and the next")
    assert got.value == pytest.approx(statistics.mean(gaps), abs=0.011)


def test_nodule_free_after_a_verb_is_no_nodule(engine: QueryEngine) -> None:
    """'what % of <studies> were nodule-free' is the share with no nodule finding."""
    got = answer(engine, "what % of ldcts were nodule-free")
    want = 100 * count(ldct, neg(nod())) / count(ldct)
    assert got.value == pytest.approx(want, abs=0.06)


# --- a report on a study with no finding; growth between consecutive exams ----------------------


def test_report_on_a_study_with_no_finding(engine: QueryEngine) -> None:
    """'reports mentioning X on a study with no Y': the report affirms X and the study has no
    Y finding (not the report failing to affirm Y)."""
    question = "reports calling lymphadenopathy on a study with no nodules at all"
    assert ids(engine, question, "study_uid") == sids(says("lymphadenopathy"), neg(nod()))


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "patients with documented nodule growth between consecutive exams",
            "patients with nodule growth",
        ),
        ("studies with measured enlargement across successive scans", "studies with enlargement"),
    ],
)
def test_growth_between_consecutive_exams_is_growth(question: str, plain: str) -> None:
    """Growth is always against the patient's previous study, so 'between consecutive exams'
    and 'documented / measured' before it add nothing."""
    assert clean(question) == plain


def test_questions_are_read_with_every_word(grounder: Grounder) -> None:
    """The rewritten forms leave nothing unread."""
    for question in (
        "people who never underwent a single ldct",
        "studies that went up in lung-rads vs the prior",
        "the 2 earliest-born patients",
        "reports calling emphysema on a study with no nodules at all",
    ):
        assert clean_reading(parse(grounder, question)), question
