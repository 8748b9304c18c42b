"""The families part 17 of the bank showed misread, in phrasings written here (not the bank's).

- a comparator before the Lung-RADS word bounds its category ("under lung-rads 4a"), and
  "or worse" / "and higher" / "or better" after it are bounds too (they had been read as the
  category alone, without a word);
- a superlative after the noun it ranks ("which 2 women are the youngest"): the number is the
  ranking's; "longest / shortest" with an axis or a diameter rank by the long / short axis;
- the cohort's third sex ("gender: other"), and "sex recorded as female";
- "never reported with X": the "with" of a report verb is not a break;
- "X in the report" says where X was read: a finding after a break is a finding;
- a date right after "% of" ("% of 2025 cxrs");
- "solid comp" is the solid component;
- "attenuation" averaged is the HU; a field's own name is never read by meaning as one of its
  values, and "ground glass attenuation" is ground-glass;
- found with the every-word property: "both" right before a unit word is named, and a second
  number after a ranking ("the 4 largest 2 nodules") is read or named, never dropped;
- found testing "both" of these: an attenuation that names its nodule ("ggn", "psns") beside
  another kind of finding is a nodule of its own ("a ggn and a mass"), and "no ggns" is no
  ground-glass nodule; an attribute after a kind word in the same phrase is that kind's ("a
  nodule in the RUL and a mass").

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import cohort_reference as ref
import pytest
from family_reading import Row, answer, chest_ct, ids, parse, patients, studies

from appliance.errors import QueryError
from query import history
from query.engine import QueryEngine
from query.grounding import Grounder, Token
from query.typed_query import DateRange, TopN


def nodules(test: Any = lambda f: True) -> list[Row]:
    return [f for f in ref.cohort()[2] if f["kind"] == "nodule" and test(f)]


def report_affirms(s: Row, word: str) -> bool:
    return ref.sentence_affirms(ref.cohort()[3].get(s["study_uid"], ""), word)


# --- a comparator before the Lung-RADS word; bounds after it in other words ------------------


@pytest.mark.parametrize(
    ("question", "categories"),
    [
        ("ldcts under lung-rads 4a", ("1", "2", "3")),
        ("scans above category 2", ("3", "4A", "4B", "4X")),
        ("studies at least lr 4b", ("4B", "4X")),
        ("chest cts worse than lung-rads 2", ("3", "4A", "4B", "4X")),
        ("exams better than lr 3", ("1", "2")),
        ("cts with >= lr 4a", ("4A", "4B", "4X")),
        ("studies graded lung-rads 3 or worse", ("3", "4A", "4B", "4X")),
        ("lr 4a and higher", ("4A", "4B", "4X")),
        ("screening cts lung-rads 2 or better", ("1", "2")),
    ],
)
def test_a_bound_on_a_category_in_any_order(
    grounder: Grounder, question: str, categories: tuple[str, ...]
) -> None:
    query = parse(grounder, question)
    assert query.filter.lung_rads == categories
    assert query.ignored == ()


def test_a_maximum_before_the_lung_rads_word_is_still_the_highest(grounder: Grounder) -> None:
    query = parse(grounder, "patients whose max lung-rads was 4b")
    assert query.filter.patient is not None
    assert query.filter.patient.highest_lung_rads == ("4B",)


def test_answer_studies_below_a_category(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: chest_ct(s) and ref.category(s) in ("1", "2", "3") and s["study_date"] >= "2025"
    )
    got = answer(engine, "how many chest cts since 2025 below lung-rads 4a")
    assert not got.warnings
    assert got.count == len(expected)


# --- a superlative after the noun it ranks -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("which 2 women are the youngest", TopN(2, "birth_date", True)),
        ("list 3 pts that are the oldest", TopN(3, "birth_date", False)),
        ("which patient is the oldest", TopN(1, "birth_date", False)),
        ("which 4 cxrs were the earliest", TopN(4, "study_date", False)),
        ("what 6 nodules are the tiniest", TopN(6, "diameter_mm", False)),
        ("5 masses w the biggest", TopN(5, "diameter_mm", True)),
        ("which 3 ggns have the highest hu", TopN(3, "mean_hu", True)),
        ("the 2 nodules with the longest diameter", TopN(2, "long_axis_mm", True)),
        ("3 nods w the shortest short axis", TopN(3, "short_axis_mm", False)),
        ("the nodule with the shortest long axis", TopN(1, "long_axis_mm", False)),
    ],
)
def test_a_superlative_after_its_noun_takes_the_number(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert query.ignored == () and query.cautions == ()


@pytest.mark.parametrize("question", ["which patients are the oldest", "pts that are the oldest"])
def test_a_superlative_after_a_plural_without_a_number_is_named(
    engine: QueryEngine, question: str
) -> None:
    """How many are asked for is not said: the word is named (or the question refused), never
    guessed."""
    try:
        warnings = answer(engine, question).warnings
    except QueryError as refused:
        warnings = [refused.message]
    assert any("oldest" in w for w in warnings)


@pytest.mark.parametrize(
    "question", ["the 5 studies with the largest nodules", "pts w the oldest scans"]
)
def test_a_superlative_of_what_follows_is_not_moved(question: str) -> None:
    """ "the 5 studies with the largest nodules" ranks nodules, not studies."""
    assert history.front_rankings(question) == question


def test_answer_the_youngest_men(engine: QueryEngine) -> None:
    men = [p for p in patients() if p["sex"] == "M"]
    youngest = sorted(men, key=lambda p: (p["birth_date"], p["patient_id"]), reverse=True)
    got = answer(engine, "which 4 men are the youngest")
    assert not got.warnings
    assert [r["patient_id"] for r in got.rows] == [p["patient_id"] for p in youngest[:4]]


def test_answer_the_nodules_with_the_longest_long_axis(engine: QueryEngine) -> None:
    ranked = sorted(nodules(), key=lambda f: -f["long_axis_mm"])
    got = answer(engine, "which 3 nodules have the longest long axis")
    assert not got.warnings
    assert {r["finding_id"] for r in got.rows} == {f["finding_id"] for f in ranked[:3]}


# --- the third sex ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sex"),
    [
        ("how many pts have gender: other", "O"),
        ("patients whose sex is listed as other", "O"),
        ("people of other sex with nodules", "O"),
        ("pts with sex recorded as male", "M"),
        ("patients whose gender is f", "F"),
    ],
)
def test_a_sex_named_with_its_field_word(grounder: Grounder, question: str, sex: str) -> None:
    query = parse(grounder, question)
    assert query.filter.sexes == (sex,)
    assert query.ignored == ()


def test_other_alone_is_not_a_sex(grounder: Grounder) -> None:
    query = parse(grounder, "how many other findings")
    assert query.filter.sexes == ()
    assert "other" in query.ignored


def test_answer_patients_of_the_third_sex(engine: QueryEngine) -> None:
    expected = sorted(p["patient_id"] for p in patients() if p["sex"] == "O")
    assert expected  # the cohort has some: the test would pass on nothing otherwise
    got = answer(engine, "list patients with gender other")
    assert not got.warnings
    assert sorted(r["patient_id"] for r in got.rows) == expected


# --- "never reported with" ------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "patients never reported with emphysema",
        "pts never documented with coronary calcification",
        "people never noted to have granuloma",
    ],
)
def test_never_reaches_past_the_with_of_a_report_verb(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None and query.filter.patient.never
    assert query.filter.concepts == ()
    assert query.ignored == ()


def test_answer_never_reported_with_on_a_kind_of_study(engine: QueryEngine) -> None:
    mine: dict[str, list[Row]] = {}
    for s in studies():
        mine.setdefault(s["patient_id"], []).append(s)
    expected = sorted(
        p
        for p, own in mine.items()
        if not any(chest_ct(s) and report_affirms(s, "emphysema") for s in own)
    )
    got = answer(engine, "how many patients were never reported with emphysema on a chest ct")
    assert not got.warnings
    assert got.count == len(expected)


# --- "in the report" says where the words before it were read ----------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "emphysema in the report and a spiculated nodule",
        "studies w granuloma in their report with a mass",
        "lymphadenopathy per report, part solid nodules",
    ],
)
def test_a_finding_after_in_the_report_is_a_finding(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert len(query.filter.concepts) == 1  # only the concept before "in the report"
    assert len(query.filter.findings) == 1


def test_report_mentions_still_reads_what_follows(grounder: Grounder) -> None:
    query = parse(grounder, "report mentions emphysema and a mass")
    assert sorted(c.concept for c in query.filter.concepts) == ["emphysema", "mass"]


def test_answer_a_concept_in_the_report_with_a_finding(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: (
            report_affirms(s, "emphysema")
            and ref.any_finding(s, lambda f: f["kind"] == "nodule" and f["margin"] == "spiculated")
        )
    )
    assert expected
    got = ids(engine, "emphysema in the report and a spiculated nodule", "study_uid")
    assert got == expected


# --- a date right after "% of" --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("% of 2025 cxrs with an effusion", ("2025-01-01", "2025-12-31")),
        ("what proportion of june 2024 ldcts were lr 2", ("2024-06-01", "2024-06-30")),
        ("share of q2 2025 chest cts with emphysema", ("2025-04-01", "2025-06-30")),
    ],
)
def test_a_date_right_after_percent_of(
    grounder: Grounder, question: str, period: tuple[str, str]
) -> None:
    query = parse(grounder, question)
    start, end = map(dt.date.fromisoformat, period)
    assert query.filter.dates == DateRange(start, end)
    assert query.filter.patient is None  # never a count of 2025 studies
    assert query.ignored == () and query.cautions == ()


def test_answer_a_percentage_of_a_years_studies(engine: QueryEngine) -> None:
    of_year = [s for s in studies() if chest_ct(s) and s["study_date"].startswith("2024")]
    hit = [s for s in of_year if ref.category(s) == "2"]
    got = answer(engine, "% of 2024 chest cts that were lung-rads 2")
    assert not got.warnings
    assert got.value == pytest.approx(round(100 * len(hit) / len(of_year), 1), abs=0.051)


# --- "solid comp" and "attenuation" -----------------------------------------------------------


def test_answer_solid_comp(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: ref.any_finding(
            s,
            lambda f: (
                f["kind"] == "nodule"
                and f["attenuation"] == "part-solid"
                and f["solid_component_mm"] is not None
                and f["solid_component_mm"] >= 5
            ),
        )
    )
    got = answer(engine, "part-solid nodules w a solid comp of 5 mm or more")
    assert not got.warnings
    assert sorted({r["study_uid"] for r in got.rows}) == expected


@pytest.mark.parametrize(
    "question",
    ["median attenuation of solid nodules", "mean attenuation value of calcified nods in hu"],
)
def test_attenuation_averaged_is_the_hu(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None and query.aggregate.field == "mean_hu"
    assert query.ignored == () and query.cautions == ()


def test_answer_the_average_attenuation(engine: QueryEngine) -> None:
    values = [f["mean_hu"] for f in nodules(lambda f: f["attenuation"] == "part-solid")]
    got = answer(engine, "average attenuation of part solid nodules")
    assert not got.warnings
    assert got.value == pytest.approx(round(statistics.mean(values), 2), abs=0.011)


@pytest.mark.parametrize(
    "words", [["attenuation"], ["gender"], ["composition"], ["margin", "type"]]
)
def test_a_field_name_is_never_read_as_one_of_its_values(
    grounder: Grounder, words: list[str]
) -> None:
    tokens = [Token(w, 0, len(w)) for w in words]
    assert grounder.fuzzy(tokens, [True] * len(tokens)) == []


@pytest.mark.parametrize(
    ("question", "attenuation"),
    [
        ("nodules of ground glass attenuation", "ground-glass"),
        ("part-solid density nodules", "part-solid"),
        ("nodules with mixed attenuation", "part-solid"),
    ],
)
def test_an_attenuation_with_its_field_word(
    grounder: Grounder, question: str, attenuation: str
) -> None:
    query = parse(grounder, question)
    assert [c.attenuations for c in query.filter.findings] == [(attenuation,)]
    assert query.ignored == () and query.cautions == ()


# --- found with the every-word property once the tune sample changed ----------------------------


@pytest.mark.parametrize(
    "question", ["both studies with emphysema and a mass", "both pts with a ggn and a mass"]
)
def test_both_right_before_a_unit_word_is_named(grounder: Grounder, question: str) -> None:
    """ "both scans" counts two scans; it joins no conditions, so it is named, not dropped."""
    assert "both" in parse(grounder, question).ignored


def test_both_joining_conditions_is_still_read(grounder: Grounder) -> None:
    query = parse(grounder, "pts with both a ground glass nodule and a mass")
    assert query.filter.patient is not None and len(query.filter.patient.has) == 2
    assert "both" not in query.ignored


@pytest.mark.parametrize(
    ("question", "word"),
    [("the 4 largest 2 nodules", "2"), ("the 3 youngest 5 men", "5")],
)
def test_a_second_number_after_a_ranking_is_not_dropped(
    engine: QueryEngine, question: str, word: str
) -> None:
    got = answer(engine, question)
    assert any(word in w for w in got.warnings)


# --- an attenuation that names its nodule ("ggn", "psns") is a finding of its own -------------


def test_a_ggn_beside_another_kind_is_a_nodule_of_its_own(grounder: Grounder) -> None:
    query = parse(grounder, "studies with a psn and a pleural effusion")
    kinds = sorted((c.kinds, c.attenuations) for c in query.filter.findings)
    assert kinds == [(("nodule",), ("part-solid",)), (("pleural_effusion",), ())]


def test_no_ggns_is_no_ground_glass_nodule(grounder: Grounder) -> None:
    query = parse(grounder, "cts without ggns")
    assert [(c.absent, c.attenuations) for c in query.filter.findings] == [
        (True, ("ground-glass",))
    ]


def test_a_ggn_or_another_kind_says_the_attenuation_is_asked_of_both(grounder: Grounder) -> None:
    query = parse(grounder, "psns or masses")
    assert any("joined by 'or'" in c for c in query.cautions)


def test_answer_a_ggn_and_a_mass(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: (
            ref.any_finding(
                s, lambda f: f["kind"] == "nodule" and f["attenuation"] == "ground-glass"
            )
            and ref.any_finding(s, lambda f: f["kind"] == "mass")
        )
    )
    assert expected  # the cohort has such studies: the test would pass on nothing otherwise
    assert ids(engine, "scans with a ggn and a mass", "study_uid") == expected


@pytest.mark.parametrize(
    ("question", "lobes"),
    [
        ("a nodule in the rul and a mass", [(("mass",), ()), (("nodule",), ("RUL",))]),
        ("ggn in the lll and a mass in the rml", [(("mass",), ("RML",)), (("nodule",), ("LLL",))]),
    ],
)
def test_an_attribute_after_its_kind_word_is_that_kinds(
    grounder: Grounder, question: str, lobes: list[Any]
) -> None:
    """ "a nodule in the RUL and a mass": the RUL is the nodule's, not the nearer mass's."""
    query = parse(grounder, question)
    assert sorted((c.kinds, c.lobes) for c in query.filter.findings) == lobes
