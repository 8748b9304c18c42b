"""The families parts 32 and 33 (``bank_fresh_32.py``, ``bank_fresh_33.py``) showed missing,
share C: Lung-RADS (the scale's abbreviation joined to its category by a hyphen, a change of
category "from lrX up to lrY", "number of" before a year), rankings (the N studies "done most
recently", the N findings of any kind "with the highest <field>", a sort direction in brackets
and "and give me the top N"), percentages (after a label's colon; "<these> as a share of
<those>, percent") and aggregates (a closing "median" after a bracketed field label; an average
said after its field, "averaged over <findings>"). A maximum is not expressible and stays
named.

Each rule is checked in phrasings written here (not the banks'). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import random
import statistics

import bank_part33c_families
import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, ids, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import TopN


def findings() -> list[Row]:
    return list(ref.cohort()[2])


def _highest(patient_id: str) -> str | None:
    cats = [c for s in ref.own_studies(patient_id) if (c := ref.category(s)) is not None]
    return max(cats, key=ref.ORDER.index) if cats else None


def _previous_category(study: Row) -> str | None:
    mine = ref.own_studies(study["patient_id"])
    before = [s for s in mine[: mine.index(study)] if ref.category(s) is not None]
    return ref.category(before[-1]) if before else None


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole


# --- Lung-RADS ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("pts whose worst lung-rads ever recorded was LR-3", "3"),
        ("patients whose highest category on record is lr-4a", "4A"),
    ],
)
def test_lr_hyphen_category_is_the_patients_highest(
    grounder: Grounder, engine: QueryEngine, question: str, category: str
) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None
    assert query.filter.patient.highest_lung_rads == (category,)
    assert clean_reading(query)
    expected = sorted(p["patient_id"] for p in patients() if _highest(p["patient_id"]) == category)
    assert ids(engine, question, "patient_id") == expected


def test_lr_hyphen_category_on_a_study(grounder: Grounder) -> None:
    query = parse(grounder, "chest cts graded LR-4B")
    assert query.filter.lung_rads == ("4B",)
    assert clean_reading(query)


def test_change_from_lr_x_up_to_lr_y(grounder: Grounder, engine: QueryEngine) -> None:
    question = "screening cts that got bumped from lr2 up to lr4a"
    query = parse(grounder, question)
    change = query.filter.lung_rads_change
    assert change is not None
    assert (change.before, change.after) == (("2",), ("4A",))
    assert clean_reading(query)
    expected = sorted(
        s["study_uid"]
        for s in studies()
        if ref.ldct(s) and ref.category(s) == "4A" and _previous_category(s) == "2"
    )
    assert ids(engine, question, "study_uid") == expected


def test_change_down_to(grounder: Grounder) -> None:
    change = parse(grounder, "patients who went from lung-rads 4a down to 3").filter
    assert change.lung_rads_change is not None
    assert (change.lung_rads_change.before, change.lung_rads_change.after) == (("4A",), ("3",))


@pytest.mark.parametrize(
    "question",
    ["number of 2024 ldcts below lung-rads 3", "the number of 2024 ldcts under lr 3"],
)
def test_number_of_before_a_year_is_a_count(engine: QueryEngine, question: str) -> None:
    got = answer(engine, question)
    expected = sum(
        1
        for s in studies()
        if ref.ldct(s) and s["study_date"].startswith("2024") and ref.category(s) in ("1", "2")
    )
    assert got.unit == "count"
    assert got.count == expected
    assert not got.warnings


# --- rankings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("the 4 chest cts performed most recently", TopN(4, "study_date", True)),
        ("the 2 ldcts acquired least recently", TopN(2, "study_date", False)),
    ],
)
def test_studies_done_most_recently_are_ranked_by_date(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.unit == "study"
    assert query.top == top
    assert clean_reading(query)


def test_the_n_studies_done_most_recently_answer(engine: QueryEngine) -> None:
    chest = sorted(
        (s for s in studies() if s["modality"] == "CT" and s["body_part"] == "CHEST"),
        key=lambda s: s["study_date"],
        reverse=True,
    )
    assume_untied = chest[3]["study_date"] != chest[4]["study_date"]
    got = ids(engine, "the 4 chest cts performed most recently", "study_uid")
    if assume_untied:
        assert got == sorted(s["study_uid"] for s in chest[:4])
    else:
        assert len(got) == 4


@pytest.mark.parametrize(
    ("question", "top", "kind"),
    [
        (
            "the 4 pleural effusions with the lowest confidence",
            TopN(4, "confidence", False),
            "pleural_effusion",
        ),
        (
            "the 3 consolidations with the highest confidence",
            TopN(3, "confidence", True),
            "consolidation",
        ),
    ],
)
def test_n_findings_of_any_kind_with_the_superlative(
    grounder: Grounder, question: str, top: TopN, kind: str
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert [c.kinds for c in query.filter.findings] == [(kind,)]
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "top"),
    [
        (
            "sort masses by diameter (largest first) and give me the top 2",
            TopN(2, "diameter_mm", True),
        ),
        ("nodules by volume (smallest first), and show me the top 5", TopN(5, "volume_mm3", False)),
    ],
)
def test_direction_in_brackets_and_top_n_after(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert clean_reading(query)


# --- percentages -------------------------------------------------------------------------------


def test_percent_after_a_label_colon(engine: QueryEngine) -> None:
    got = answer(engine, "2025 chest cts: what % came back lung-rads 2")
    chest25 = [
        s
        for s in studies()
        if s["modality"] == "CT" and s["body_part"] == "CHEST" and s["study_date"][:4] == "2025"
    ]
    expected = _percent(sum(ref.category(s) == "2" for s in chest25), len(chest25))
    assert got.value == pytest.approx(expected, abs=0.06)
    assert not got.warnings


def test_kind_of_study_after_the_percent_word_is_the_share(engine: QueryEngine) -> None:
    """With no verb after the percent word, the kind of study named there is the share, never
    a condition of the studies counted too (that would be 100 %)."""
    got = answer(engine, "2024 studies - percent head ct")
    in24 = [s for s in studies() if s["study_date"][:4] == "2024"]
    heads = sum(s["modality"] == "CT" and s["body_part"] == "HEAD" for s in in24)
    assert got.value == pytest.approx(_percent(heads, len(in24)), abs=0.06)
    assert got.value != pytest.approx(100.0)
    assert not got.warnings


def test_as_a_share_of_every_study_percent(engine: QueryEngine) -> None:
    got = answer(engine, "head cts as a share of all studies, percent")
    everything = studies()
    heads = sum(s["modality"] == "CT" and s["body_part"] == "HEAD" for s in everything)
    assert got.value == pytest.approx(_percent(heads, len(everything)), abs=0.06)
    assert not got.warnings


def test_a_share_of_people_after_a_label_stays_named(grounder: Grounder) -> None:
    """Of people, a kind of study after the verb would be the population too (100 %)."""
    query = parse(grounder, "women: what percentage had a ct angio")
    assert not clean_reading(query)


# --- aggregates --------------------------------------------------------------------------------


def test_closing_median_after_a_bracketed_field_label(engine: QueryEngine) -> None:
    got = answer(engine, "calcified nodule attenuation (mean hu), median")
    values = [
        f["mean_hu"]
        for f in findings()
        if f["kind"] == "nodule" and f.get("calcified") and f.get("mean_hu") is not None
    ]
    assert got.value == pytest.approx(statistics.median(values), abs=0.01)
    assert not got.warnings


def test_average_said_after_its_field(engine: QueryEngine) -> None:
    got = answer(engine, "diameter in cm, averaged across ground-glass nodules")
    values = [
        f["diameter_mm"] / 10
        for f in findings()
        if f["kind"] == "nodule"
        and f.get("attenuation") == "ground-glass"
        and f.get("diameter_mm") is not None
    ]
    assert got.value == pytest.approx(statistics.mean(values), abs=0.01)
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "kind", "field", "scale"),
    [
        ("max nodule volume in cc", "nodule", "volume_mm3", 1000.0),
        ("mass diameter, maximum", "mass", "diameter_mm", 1.0),
    ],
)
def test_a_maximum_of_a_measurement_is_a_value(
    engine: QueryEngine, question: str, kind: str, field: str, scale: float
) -> None:
    """Since parts 56 to 59 (B) "max <measurement>" is the largest value, not a limit."""
    got = answer(engine, question)
    rows = [f for f in ref.cohort()[2] if f["kind"] == kind]
    assert got.value == pytest.approx(max(f[field] for f in rows) / scale, abs=0.01)
    assert not got.warnings


def test_a_superlative_before_a_measurement_in_another_unit_stays_named(
    engine: QueryEngine,
) -> None:
    assert answer(engine, "highest ggn volume in cc").warnings


# --- the tune questions ------------------------------------------------------------------------


@pytest.mark.parametrize("family", bank_part33c_families.FAMILIES, ids=lambda f: f.__name__)
def test_tune_questions(engine: QueryEngine, family: object) -> None:
    assert callable(family)
    asked = list(family(random.Random(17)))
    assert asked
    for item in asked:
        got = engine.answer(item.question, item.as_of).to_json()
        assert not got["warnings"], item.question
        if item.unit == "value":
            assert got["value"] == pytest.approx(item.expected, abs=0.011), item.question
        elif item.unit == "count":
            assert got["count"] == item.expected, item.question
        else:
            key = {"patient": "patient_id", "study": "study_uid", "finding": "finding_id"}
            assert sorted({r[key[item.unit]] for r in got["rows"]}) == item.expected, item.question
