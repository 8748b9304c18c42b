"""The families part 15 of the bank showed misread, in phrasings written here (not the bank's).

- a negation stops at a comma, unless a list goes on to "or" ("neg for X, lr 4a");
- "denies / denying / ruled out" say the report states the absence, like "negative for";
- a sex written as a letter before a word for people ("F pts"), and the possessive of one
  ("men's / mens chest cts": the studies are asked for);
- "diagnostic / non-screening" studies: every study but the low-dose screening ones;
- "smooth-margined", "-margin" after a margin's adjective; a two-word form with a word misspelt
  ("ground glas"); "pure" before an attenuation;
- a first / latest study of a kind of study ("baseline LDCT"): the first of that kind;
- two size bounds joined by "and" ("at least 5 mm and under 1 cm"), "half a cm", ranges with a
  unit on each number ("0.5 cm to 1 cm");
- a number before a ranking by attenuation ("5 nods w lowest density", "highest-hu");
- a rate per LDCT; a unit of the answer after a comma ("median follow-up, years");
- "changed lung-rads category" (any change).

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
import re
import statistics
from typing import Any

import cohort_reference as ref
import pytest
from family_reading import AS_OF, Row, chest_ct, clean_reading, ids, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.rewrites import clean
from query.typed_query import (
    Aggregate,
    LungRadsChange,
    Measure,
    NumberRange,
    StudyFilter,
    TopN,
)


def screening(s: Row) -> bool:
    return "SCREENING" in str(s["description"])


def kinds_on(s: Row) -> set[str]:
    return {f["kind"] for f in ref.findings_of(s["study_uid"])}


# --- negation scope and stated absence ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "categories"),
    [
        ("negative for lymphadenopathy, lung-rads 3", ("3",)),
        ("no emphysema, lr 4b", ("4B",)),
        ("neg for emphysema; lr 2", ("2",)),
        ("studies denying lymphadenopathy - lr 4a", ("4A",)),
    ],
)
def test_a_negation_stops_at_a_comma(
    grounder: Grounder, question: str, categories: tuple[str, ...]
) -> None:
    query = parse(grounder, question)
    assert query.filter.lung_rads == categories
    assert query.filter.excluded == ()
    assert [c.present for c in query.filter.concepts] == [False]
    assert query.ignored == ()  # a dash between words is punctuation, as a comma


def test_a_dash_before_a_number_may_be_a_minus_and_is_named(grounder: Grounder) -> None:
    query = parse(grounder, "nodules below - 600 hu")
    assert query.ignored != ()


def test_a_negation_after_a_comma_of_a_finding_stays_with_its_concept(grounder: Grounder) -> None:
    query = parse(grounder, "without emphysema, calcified nodules")
    assert [c.absent for c in query.filter.findings] == [False]
    assert query.filter.findings[0].calcified is True


def test_a_negated_list_that_goes_on_to_or_is_negated_whole(grounder: Grounder) -> None:
    query = parse(grounder, "studies with no effusion, consolidation or pneumothorax")
    assert all(c.absent for c in query.filter.findings)
    kinds = {k for c in query.filter.findings for k in c.kinds}
    assert kinds == {"pleural_effusion", "consolidation", "pneumothorax"}


@pytest.mark.parametrize(
    "question",
    [
        "reports that deny lymphadenopathy",
        "ct reports denying emphysema",
        "studies where the report ruled out emphysema",
    ],
)
def test_denying_is_a_stated_absence(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    (concept,) = query.filter.concepts
    assert concept.present is False and concept.denied is True
    assert clean_reading(query)


def test_answer_negative_for_a_concept_then_a_category(engine: QueryEngine) -> None:
    texts = ref.cohort()[3]

    def denied(s: Row) -> bool:
        text = texts[s["study_uid"]]
        if ref.sentence_affirms(text, "lymph"):
            return False
        return any(
            "lymph" in part.lower() and re.search(r"\b(?:no|negative for|without)\b", part.lower())
            for part in re.split(r"(?<=\.)\s+|\n", text)
        )

    expected = sorted(s["study_uid"] for s in studies() if ref.category(s) == "3" and denied(s))
    got = ids(engine, "neg for lymphadenopathy, lung-rads 3", "study_uid")
    assert got == expected and expected


# --- sex as a letter or a possessive ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "cleaned"),
    [
        ("F pts w a mass", "female pts w a mass"),
        ("m patients over 70", "male patients over 70"),
        ("Women's CTs", "female cts"),
        ("mens ldcts", "male ldcts"),
        ("nodules half a cm or more", "nodules 0.5 cm or more"),
        ("smooth-margined nodules", "smooth nodules"),
    ],
)
def test_clean_rewrites(question: str, cleaned: str) -> None:
    assert clean(question) == cleaned


def test_a_letter_that_is_not_before_people_is_kept() -> None:
    assert clean("lr 4a f/u in 3 m") == "lr 4a follow-up in 3 m"


@pytest.mark.parametrize(
    ("question", "sex"), [("M pts with a mass", "M"), ("how many f patients had ldcts", "F")]
)
def test_a_sex_letter_before_a_word_for_people(grounder: Grounder, question: str, sex: str) -> None:
    query = parse(grounder, question)
    assert query.filter.sexes == (sex,)
    assert clean_reading(query)


@pytest.mark.parametrize("question", ["womens head cts", "men's ldcts w nodules"])
def test_the_possessive_of_a_word_for_people_asks_for_studies(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    assert query.unit == "study" and len(query.filter.sexes) == 1
    assert clean_reading(query)


def test_how_many_female_chest_cts_counts_studies(grounder: Grounder) -> None:
    query = parse(grounder, "how many female chest cts")
    assert query.unit == "count" and query.count_of == "study"


def test_women_with_a_kind_of_study_are_still_patients(grounder: Grounder) -> None:
    assert parse(grounder, "women with head cts").unit == "patient"
    assert parse(grounder, "how many men had ldcts").count_of == "patient"


def test_answer_womens_head_cts(engine: QueryEngine) -> None:
    expected = sorted(
        s["study_uid"] for s in studies() if s["body_part"] == "HEAD" and ref.sex(s) == "F"
    )
    assert ids(engine, "women's head cts", "study_uid") == expected


# --- diagnostic studies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["diagnostic cts with a mass", "non-screening cts with a mass", "full-dose cts w mass"],
)
def test_diagnostic_studies_leave_out_screening(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert StudyFilter(descriptions=("SCREENING",)) in query.filter.excluded
    assert query.filter.modalities == ("CT",) and query.filter.descriptions == ()
    assert clean_reading(query)


def test_answer_diagnostic_chest_cts_in_a_year(engine: QueryEngine) -> None:
    expected = sum(
        1
        for s in studies()
        if chest_ct(s) and not screening(s) and s["study_date"].startswith("2024")
    )
    answer = engine.answer("how many diagnostic chest cts in 2024", AS_OF.isoformat())
    assert answer.count == expected and answer.warnings == ()


# --- margins, misspelt two-word forms, "pure" --------------------------------------------------


@pytest.mark.parametrize(
    ("question", "margin"),
    [
        ("lobulated-margined nodules", "lobulated"),
        ("spiculated-margin ggns", "spiculated"),
        ("smooth marginated masses", "smooth"),
    ],
)
def test_a_margined_adjective(grounder: Grounder, question: str, margin: str) -> None:
    query = parse(grounder, question)
    assert query.filter.findings[0].margins == (margin,)
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "attenuation"),
    [
        ("grund glass nodules", "ground-glass"),
        ("part solidd nods", "part-solid"),
        ("purely ground glas nodules", "ground-glass"),
    ],
)
def test_a_two_word_form_with_a_word_misspelt(
    grounder: Grounder, question: str, attenuation: str
) -> None:
    query = parse(grounder, question)
    assert query.filter.findings[0].attenuations == (attenuation,)
    assert query.ignored == ()
    assert any("(spelling)" in c for c in query.cautions)  # a guess, said so


def test_two_words_far_from_any_form_are_not_read_as_one(grounder: Grounder) -> None:
    query = parse(grounder, "grand glass nodules")  # "grand" is not "ground" misspelt
    assert "grand" in query.ignored


def test_pure_before_an_attenuation_adds_nothing(grounder: Grounder) -> None:
    query = parse(grounder, "pure gg nodules")
    assert query.filter.findings[0].attenuations == ("ground-glass",)
    assert clean_reading(query)


# --- the first or latest study of a kind ----------------------------------------------------------


def _own(test: Any) -> dict[str, list[Row]]:
    own: dict[str, list[Row]] = {}
    for s in sorted(studies(), key=lambda s: (s["study_date"], s["study_uid"])):
        if test(s):
            own.setdefault(s["patient_id"], []).append(s)
    return own


def test_answer_the_first_ct_angiogram_of_each_patient(engine: QueryEngine) -> None:
    firsts = {p: ss[0] for p, ss in _own(lambda s: "ANGIO" in s["description"]).items()}
    # patients whose first study of all is not a CT angiogram: the first of all would miss them
    assert any(_own(lambda s: True)[p][0] is not s for p, s in firsts.items())
    expected = sorted(s["study_uid"] for s in firsts.values())
    assert ids(engine, "the first ct angiograms", "study_uid") == expected


def test_answer_the_latest_radiograph_of_a_patient(engine: QueryEngine) -> None:
    own = _own(lambda s: s["modality"] == "DX")
    patient = next(p for p, ss in sorted(own.items()) if len(ss) >= 2)
    expected = [own[patient][-1]["study_uid"]]
    assert ids(engine, f"latest cxr of {patient}", "study_uid") == expected


def test_a_pick_names_its_kind(grounder: Grounder) -> None:
    query = parse(grounder, "the baseline ldcts")
    assert query.filter.pick == "first" and query.filter.descriptions == ("SCREENING",)
    assert clean_reading(query)


# --- size bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        (
            "nodules over 4 mm and under 6 mm",
            (
                Measure("diameter_mm", NumberRange(low=4, low_inclusive=False)),
                Measure("diameter_mm", NumberRange(high=6, high_inclusive=False)),
            ),
        ),
        (
            "masses at least half a centimetre and under 5 cm",
            (
                Measure("diameter_mm", NumberRange(low=5)),
                Measure("diameter_mm", NumberRange(high=50, high_inclusive=False)),
            ),
        ),
        ("ggns 0.5 cm to 1 cm", (Measure("diameter_mm", NumberRange(5, 10)),)),
        ("nodules 3mm-5mm", (Measure("diameter_mm", NumberRange(3, 5)),)),
        ("nodules between half a cm and 8 mm", (Measure("diameter_mm", NumberRange(5, 8)),)),
    ],
)
def test_two_size_bounds(grounder: Grounder, question: str, measures: tuple[Measure, ...]) -> None:
    query = parse(grounder, question)
    assert query.filter.findings[0].measures == measures
    assert clean_reading(query)


def test_a_bound_and_under_alone_is_still_one_bound(grounder: Grounder) -> None:
    query = parse(grounder, "nodules 6 mm and under")
    assert query.filter.findings[0].measures == (
        Measure("diameter_mm", NumberRange(high=6, high_inclusive=True)),
    )


def test_answer_two_size_bounds(engine: QueryEngine) -> None:
    expected = sorted(
        {
            f["study_uid"]
            for f in ref.cohort()[2]
            if f["kind"] == "nodule" and 4 < f["diameter_mm"] < 6
        }
    )
    assert ids(engine, "nodules over 4 mm and under 6 mm", "study_uid") == expected


# --- rankings by attenuation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("3 nods w lowest hu", TopN(3, "mean_hu", False)),
        ("list 4 ggns with the highest density", TopN(4, "mean_hu", True)),
        ("the 6 highest-attenuation nodules", TopN(6, "mean_hu", True)),
        ("2 lowest-hu masses", TopN(2, "mean_hu", False)),
    ],
)
def test_a_number_before_a_ranking_by_attenuation(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert all(c.min_count == 1 for c in query.filter.findings)
    assert clean_reading(query)


def test_answer_lowest_hu_ranking(engine: QueryEngine) -> None:
    rows = sorted(
        (f for f in ref.cohort()[2] if f["kind"] == "nodule" and f["mean_hu"] is not None),
        key=lambda f: f["mean_hu"],
    )
    assert rows[2]["mean_hu"] != rows[3]["mean_hu"]  # no tie at the edge
    expected = sorted(f["finding_id"] for f in rows[:3])
    assert ids(engine, "3 nods w lowest hu", "finding_id") == expected


# --- rates and units of the answer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "description"),
    [("avg number of masses per ldct", "SCREENING"), ("mean nodules per cta", "ANGIO")],
)
def test_a_rate_per_kind_of_study(grounder: Grounder, question: str, description: str) -> None:
    query = parse(grounder, question)
    assert query.aggregate == Aggregate("per", per="study")
    assert query.filter.descriptions == (description,)
    assert clean_reading(query)


def test_answer_median_nodules_per_low_dose_ct(engine: QueryEngine) -> None:
    counts = [
        sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))
        for s in studies()
        if screening(s)
    ]
    answer = engine.answer("median number of nodules per low dose ct", AS_OF.isoformat())
    assert answer.value == pytest.approx(statistics.median(counts))


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("average time from first to latest ct, months", "month"),
        ("median follow-up duration, in years, for men", "year"),
    ],
)
def test_a_time_unit_after_a_comma(grounder: Grounder, question: str, unit: str) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None and query.aggregate.time_unit == unit
    assert clean_reading(query)


def test_a_length_unit_after_a_comma(grounder: Grounder) -> None:
    query = parse(grounder, "mean size of masses, cm")
    assert query.aggregate is not None and query.aggregate.measure_unit == "cm"


# --- any change of Lung-RADS category -----------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["studies that changed lung-rads category", "pts w a change in their lr category"]
)
def test_changed_category(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.lung_rads_change == LungRadsChange("any")
    assert clean_reading(query)


def test_answer_how_many_patients_changed_category(engine: QueryEngine) -> None:
    changed: set[str] = set()
    for ss in _own(lambda s: ref.category(s) is not None).values():
        for before, after in itertools.pairwise(ss):
            if ref.category(before) != ref.category(after):
                changed.add(after["patient_id"])
    answer = engine.answer("how many pts changed lung-rads category", AS_OF.isoformat())
    assert answer.count == len(changed) and changed
