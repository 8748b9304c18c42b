"""The readings ``docs/query.md`` listed under "Known limits" as silently wrong, in phrasings
written here (none is a bank sentence), each checked against the cohort read in plain Python
(:mod:`cohort_reference`), never through ScanSide.

Universal quantification over a patient's studies ("whose ldcts were all lung-rads 2", "all of
whose chest cts ...", "every one of their ldcts ...", "only ever lung-rads 1", "none of their
scans ...") had been read as *any* study of that kind, silently. It is read now as each study of
the kind the noun names (and at least one), or as none of them; a quantifier over a patient's
findings ("whose nodules were all solid"), which the typed query cannot express, is named.
"""

from __future__ import annotations

from collections.abc import Callable

import cohort_reference as ref
import pytest
from family_reading import Row, answer, chest_ct, clean_reading, ids, parse, patients

from query.engine import QueryEngine
from query.grounding import Grounder

StudyTest = Callable[[Row], bool]


def _every(kind: StudyTest, test: StudyTest) -> list[str]:
    """Patients with at least one study of ``kind``, every one of which passes ``test``."""
    found = []
    for p in patients():
        own = [s for s in ref.own_studies(p["patient_id"]) if kind(s)]
        if own and all(test(s) for s in own):
            found.append(p["patient_id"])
    return sorted(found)


def _none(kind: StudyTest, test: StudyTest) -> list[str]:
    """Patients none of whose studies of ``kind`` passes ``test``."""
    return sorted(
        p["patient_id"]
        for p in patients()
        if ref.own_studies(p["patient_id"])
        and not any(kind(s) and test(s) for s in ref.own_studies(p["patient_id"]))
    )


def _any_study(_: Row) -> bool:
    return True


def _category(*wanted: str) -> StudyTest:
    return lambda s: ref.category(s) in wanted


def _has(kind: str) -> StudyTest:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] == kind)


def _woman(s: Row) -> bool:
    return ref.sex(s) == "F"


# --- every study of a kind ---------------------------------------------------------------------

EVERY = [
    ("pts whose ldcts were all lung-rads 1", ref.ldct, _category("1")),
    ("patients all of whose chest cts were lung-rads 1", chest_ct, _category("1")),
    ("pts where every one of their ldcts was lung-rads 2", ref.ldct, _category("2")),
    ("patients whose every chest ct showed a nodule", chest_ct, _has("nodule")),
    ("patients each of whose ldcts showed nodules", ref.ldct, _has("nodule")),
    ("pts whose ldcts were each lr 2 or 3", ref.ldct, _category("2", "3")),
    ("patients who were only ever lung-rads 1", chest_ct, _category("1")),
    ("pts with an ldct whose ldcts were all lung-rads 2", ref.ldct, _category("2")),
    ("patients with lung-rads 1 on every ldct", ref.ldct, _category("1")),
    ("patients with a nodule on all of their ldcts", ref.ldct, _has("nodule")),
]


@pytest.mark.parametrize(("question", "kind", "test"), EVERY)
def test_every_study_of_the_kind_named(
    engine: QueryEngine, grounder: Grounder, question: str, kind: StudyTest, test: StudyTest
) -> None:
    expected = _every(kind, test)
    assert expected, "the phrasing should select someone in the cohort"
    assert ids(engine, question, "patient_id") == expected
    query = parse(grounder, question)
    assert query.filter.patient is not None and query.filter.patient.every is not None
    assert clean_reading(query)


def test_every_study_with_another_condition_on_the_patient(engine: QueryEngine) -> None:
    """ "women whose chest cts were all lung-rads 1": the sex is the patient's, the category
    each chest CT's."""
    every = set(_every(chest_ct, _category("1")))
    women = {p["patient_id"] for p in patients() if p["sex"] == "F"}
    got = answer(engine, "women whose chest cts were all lung-rads 1")
    assert sorted({r["patient_id"] for r in got.rows}) == sorted(every & women)
    assert not got.warnings


def test_a_count_of_patients_with_a_condition_on_each_study(engine: QueryEngine) -> None:
    got = answer(engine, "how many patients had a nodule on each of their chest cts")
    assert got.count == len(_every(chest_ct, _has("nodule")))
    assert not got.warnings


# --- none of them ------------------------------------------------------------------------------

NONE = [
    ("patients none of whose ldcts had a nodule", ref.ldct, _has("nodule")),
    ("pts where not one of their chest cts showed a mass", chest_ct, _has("mass")),
    ("patients none of whose ldcts were lung-rads 4", ref.ldct, _category("4A", "4B", "4X")),
    ("patients where none of their scans showed a nodule", _any_study, _has("nodule")),
]


@pytest.mark.parametrize(("question", "kind", "test"), NONE)
def test_none_of_the_studies_of_the_kind_named(
    engine: QueryEngine, question: str, kind: StudyTest, test: StudyTest
) -> None:
    got = answer(engine, question)
    assert sorted({r["patient_id"] for r in got.rows}) == _none(kind, test)
    assert not got.warnings


# --- every finding, two stations on every study: not expressible, named ----------------------


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("patients whose nodules were all solid", "all"),
        ("pts all of whose nodules are calcified", "all"),
        ("which patients had every one of their nodules in the rul", "every one"),
        ("patients only ever having nodules under 6mm", "only ever"),
        # a station on every study is asked of each since part 38 (F): two stations are not
        ("pts who had all their ldcts at ct01 and ct02", "all"),
    ],
)
def test_what_every_study_cannot_be_asked_is_named(
    engine: QueryEngine, question: str, word: str
) -> None:
    got = answer(engine, question)
    assert any(f"'{word}'" in w for w in got.warnings)


# --- a share whose population is itself a finding -----------------------------------------------


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def _patients_where(test: StudyTest) -> set[str]:
    return {s["patient_id"] for s in ref.cohort()[1].values() if test(s)}


@pytest.mark.parametrize(
    ("question", "population", "share"),
    [
        ("what percentage of patients with nodules are women", _has("nodule"), _woman),
        ("% of pts with a mass that were female", _has("mass"), _woman),
        ("what fraction of patients with a pneumothorax were women", _has("pneumothorax"), _woman),
    ],
)
def test_a_share_of_the_patients_with_a_finding(
    engine: QueryEngine, question: str, population: StudyTest, share: StudyTest
) -> None:
    """The finding before the verb says who is counted; what follows the verb is the share
    (a patient's sex is the same on every study)."""
    among = _patients_where(population)
    matching = among & _patients_where(share)
    got = answer(engine, question)
    assert got.value == _percent(len(matching), len(among))
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "first", "then"),
    [
        ("what % of patients with nodules had a mass", _has("nodule"), _has("mass")),
        ("what share of patients with a mass had a nodule", _has("mass"), _has("nodule")),
    ],
)
def test_a_share_of_patients_with_one_finding_who_had_another(
    engine: QueryEngine, question: str, first: StudyTest, then: StudyTest
) -> None:
    """ "had" after the counted noun splits the findings: the second among those with the
    first (on any study, as "patients with A and B" are)."""
    among = _patients_where(first)
    got = answer(engine, question)
    assert got.value == _percent(len(among & _patients_where(then)), len(among))


def test_a_share_of_studies_with_a_finding_by_category(engine: QueryEngine) -> None:
    among = [s for s in ref.cohort()[1].values() if ref.ldct(s) and _has("nodule")(s)]
    matching = [s for s in among if ref.category(s) in ("4A", "4B", "4X")]
    got = answer(engine, "what share of ldcts with nodules were lung-rads 4")
    assert got.value == _percent(len(matching), len(among))


def test_a_share_of_a_demographic_group_is_unchanged(engine: QueryEngine) -> None:
    """Conditions written before the share that are not findings were the population already
    ("what percentage of women have emphysema")."""
    women = {p["patient_id"] for p in patients() if p["sex"] == "F"}
    got = answer(engine, "what percentage of women have a nodule")
    assert got.value == _percent(len(women & _patients_where(_has("nodule"))), len(women))


# --- what a count after a people question counts; a count for each study --------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("studies with a mass, who has them - how many", "mass"),
        ("ldcts with a pneumothorax, who had them? count", "pneumothorax"),
        ("nodules, who had them, how many", "nodule"),
    ],
)
def test_a_count_after_who_has_them_counts_the_people(
    engine: QueryEngine, question: str, kind: str
) -> None:
    """The unit asked last before a closing count is what it counts (by the Conventions, a
    question names the unit of its answer: "who" asks for people)."""
    ldct_only = "ldct" in question
    expected = _patients_where(lambda s: _has(kind)(s) and (ref.ldct(s) or not ldct_only))
    got = answer(engine, question)
    assert got.count == len(expected)
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("nodule count per study", "per study"),
        ("number of masses per scan", "per scan"),
        ("how many nodules per ldct", "per"),
    ],
)
def test_a_count_for_each_study_is_warned(engine: QueryEngine, question: str, words: str) -> None:
    """A number for each study is no one count; the count of all of them is answered and
    the words are named."""
    got = answer(engine, question)
    assert any(f"'{words}'" in w for w in got.warnings)


def test_the_average_per_study_is_the_other_reading(engine: QueryEngine) -> None:
    per_study = [
        sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))
        for s in ref.cohort()[1].values()
    ]
    got = answer(engine, "average nodule count per study")
    assert got.value == round(sum(per_study) / len(per_study), 2)
    assert "average nodule count per study" in answer(engine, "nodule count per study").alternatives


# --- 'both' last, a ranking of two-word study kinds, the unit asked after "list the" ------------


def _stations_of(patient_id: str) -> set[str]:
    return {str(s["station"]).upper() for s in ref.own_studies(patient_id)}


@pytest.mark.parametrize(
    "question",
    ["pts scanned at ct01 and ct02 both", "patients imaged at both ct01 and ct02"],
)
def test_both_stations(engine: QueryEngine, question: str) -> None:
    expected = sorted(
        p["patient_id"] for p in patients() if {"CT01", "CT02"} <= _stations_of(p["patient_id"])
    )
    assert ids(engine, question, "patient_id") == expected
    assert not answer(engine, question).warnings


def _nodules(s: Row) -> int:
    return sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("top {n} chest cts by nodule count", chest_ct),
        ("top {n} low-dose cts by number of nodules", ref.ldct),
    ],
)
def test_a_ranking_of_a_two_word_study_kind(
    engine: QueryEngine, question: str, kind: StudyTest
) -> None:
    ranked = sorted((s for s in ref.cohort()[1].values() if kind(s)), key=lambda s: -_nodules(s))
    counts = [_nodules(s) for s in ranked]
    n = next(k for k in range(2, 20) if counts[k - 1] != counts[k])  # no tie at the boundary
    got = answer(engine, question.format(n=n))
    assert sorted(r["study_uid"] for r in got.rows) == sorted(s["study_uid"] for s in ranked[:n])
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("women, list the ldcts", lambda s: ref.ldct(s) and _woman(s)),
        ("pts over 80 - give me the chest cts", lambda s: chest_ct(s) and ref.age(s) > 80),
        (
            "give me the nodules of women over 70",
            lambda s: _has("nodule")(s) and _woman(s) and ref.age(s) > 70,
        ),
        ("men, show me the masses", lambda s: _has("mass")(s) and ref.sex(s) == "M"),
    ],
)
def test_the_kind_asked_after_list_the_is_the_unit(
    engine: QueryEngine, question: str, test: StudyTest
) -> None:
    """A kind of study or finding asked for after "list / give me / show me the" is answered
    with studies (the unit of a kind of finding by the Conventions), not the people named."""
    got = answer(engine, question)
    assert got.unit == "study"
    assert sorted(r["study_uid"] for r in got.rows) == ref.studies_where(test)
    assert not got.warnings


def test_all_of_a_patients_studies_listed_is_no_quantifier(engine: QueryEngine) -> None:
    """ "all of his studies" with nothing each must have only says "his studies"."""
    patient = patients()[2]["patient_id"]
    got = answer(engine, f"list all of his studies, {patient}")
    assert sorted(r["study_uid"] for r in got.rows) == ref.studies_where(
        lambda s: s["patient_id"] == patient
    )
    assert not got.warnings


def test_two_stations_joined_by_and_are_each_on_some_study(engine: QueryEngine) -> None:
    """A study has one station, as it has one protocol: in a question about patients, "at
    ct01 and ct02" without "both" is a study at each (it had been either, silently)."""
    expected = sorted(
        p["patient_id"] for p in patients() if {"CT01", "CT02"} <= _stations_of(p["patient_id"])
    )
    assert ids(engine, "patients scanned at ct01 and ct02", "patient_id") == expected


def test_two_stations_of_one_study_are_either_and_said_so(engine: QueryEngine) -> None:
    got = answer(engine, "studies at ct01 and ct02")
    assert sorted(r["study_uid"] for r in got.rows) == ref.studies_where(
        lambda s: str(s["station"]).upper() in ("CT01", "CT02")
    )
    assert any("one station" in w for w in got.warnings)
