"""The families part 31 (``bank_fresh_31.py``) showed missing, half B: rankings with the number
after "the" and the noun before a colon or dash, a superlative after the noun with a filler for
the whole cohort, a ranking by the solid component said "the N largest solid components", the
mean number of findings on a single study, a closing count word after a colon, the plural
possessive of a word for people, and "total" opening a clause after a label.

Each rule is checked in phrasings written here (not the bank's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import statistics

import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import TopN


def findings() -> list[Row]:
    return list(ref.cohort()[2])


def _ranked(rows: list[Row], field: str, largest: bool) -> list[Row]:
    """``rows`` with a value of ``field``, ranked (ties by finding ID, as the engine breaks
    them)."""
    kept = [f for f in rows if f[field] is not None]
    return sorted(kept, key=lambda f: (-f[field] if largest else f[field], f["finding_id"]))


# --- "<noun>: the N with the <superlative> <field>" -------------------------------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("masses: show me the 4 with the largest volume", TopN(4, "volume_mm3", True)),
        ("solid nodules - the 2 with the lowest hu", TopN(2, "mean_hu", False)),
        ("ggns: just the 5 with the smallest diameter", TopN(5, "diameter_mm", False)),
        (
            "nodules in the rll: list the 3 having the highest confidence",
            TopN(3, "confidence", True),
        ),
    ],
)
def test_the_noun_before_a_colon_is_what_the_n_ranks(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("ggns: which 3 have the highest volume", TopN(3, "volume_mm3", True)),
        ("men: which 2 are the oldest", TopN(2, "birth_date", False)),
        ("ldcts - which 4 were the most recent", TopN(4, "study_date", True)),
        ("solid nodules: the five with the lowest hu", TopN(5, "mean_hu", False)),
    ],
)
def test_which_n_or_a_word_number_after_the_label(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("the 3 psns with the largest solid components", TopN(3, "solid_component_mm", True)),
        ("the 2 masses with the biggest volumes", TopN(2, "volume_mm3", True)),
        ("masses - top 3 by volume (cc)", TopN(3, "volume_mm3", True)),
    ],
)
def test_a_ranked_field_in_the_plural_or_with_its_unit(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert clean_reading(query)


def test_the_n_after_a_dash_ranks_the_noun_before_it(engine: QueryEngine) -> None:
    masses = _ranked([f for f in findings() if f["kind"] == "mass"], "volume_mm3", False)
    got = answer(engine, "masses - the 2 with the least volume")
    assert [r["finding_id"] for r in got.rows] == [f["finding_id"] for f in masses[:2]]
    assert not got.warnings


def test_a_unit_after_the_ranked_field_only_names_its_measure(engine: QueryEngine) -> None:
    nodules = _ranked([f for f in findings() if f["kind"] == "nodule"], "volume_mm3", True)
    for unit in ("in mm3", "in cc", "(ml)"):
        got = answer(engine, f"nodules: the 3 with the highest volume {unit}")
        assert [r["finding_id"] for r in got.rows] == [f["finding_id"] for f in nodules[:3]]
        assert not got.warnings


def test_no_superlative_after_the_n_is_no_ranking(grounder: Grounder) -> None:
    query = parse(grounder, "masses: the 3 in the rul")
    assert query.top is None
    assert not clean_reading(query)  # the "3" is left unread, warned: never a silent ranking


# --- "which N <people> in the registry are the oldest" ---------------------------------------


@pytest.mark.parametrize(
    ("question", "sex", "youngest"),
    [
        ("which 3 men in the database are the youngest", "M", True),
        ("what 2 women on file are the oldest", "F", False),
        ("which 4 female patients in the system are the oldest", "F", False),
    ],
)
def test_a_filler_for_the_cohort_between_the_noun_and_its_superlative(
    engine: QueryEngine, question: str, sex: str, youngest: bool
) -> None:
    n = int(question.split()[1])
    ranked = sorted(
        (p for p in patients() if p["sex"] == sex),
        key=lambda p: p["birth_date"],
        reverse=youngest,
    )
    got = answer(engine, question)
    assert sorted(r["birth_date"] for r in got.rows) == sorted(p["birth_date"] for p in ranked[:n])
    assert not got.warnings


def test_the_registry_is_the_whole_cohort(grounder: Grounder) -> None:
    assert clean_reading(parse(grounder, "women in the registry"))


# --- "<findings> with the N <superlative> <field>" --------------------------------------------


def test_psns_with_the_n_largest_solid_components(engine: QueryEngine) -> None:
    psns = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "part-solid"]
    ranked = _ranked(psns, "solid_component_mm", True)
    got = answer(engine, "part-solid nodules with the 2 biggest solid components")
    assert [r["finding_id"] for r in got.rows] == [f["finding_id"] for f in ranked[:2]]
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("show nodules w the 4 lowest hu values", TopN(4, "mean_hu", False)),
        ("masses with the 2 largest volumes", TopN(2, "volume_mm3", True)),
        ("ggns having the 3 longest long axes", TopN(3, "long_axis_mm", True)),
    ],
)
def test_the_n_inside_the_superlative_ranks_the_findings_before_it(
    grounder: Grounder, question: str, top: TopN
) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert clean_reading(query)


# --- the mean number of findings on a single study ---------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "average nodule count on one ldct",
        "mean number of nodules in a single low-dose ct",
        "avg nodule tally per screening ct",
    ],
)
def test_the_mean_count_on_a_single_study(engine: QueryEngine, question: str) -> None:
    screening = [s for s in studies() if ref.ldct(s)]
    per = {s["study_uid"]: 0 for s in screening}
    for f in findings():
        if f["kind"] == "nodule" and f["study_uid"] in per:
            per[f["study_uid"]] += 1
    got = answer(engine, question)
    assert got.value == pytest.approx(statistics.mean(per.values()), abs=0.01)
    assert not got.warnings


# --- closings and possessives ------------------------------------------------------------------


@pytest.mark.parametrize("closing", [": number?", " - count?", ": how many?", ": total"])
def test_a_closing_count_word_after_a_colon_asks_the_count(
    engine: QueryEngine, closing: str
) -> None:
    got = answer(engine, f"chest x-rays of women in 2024{closing}")
    expected = [
        s
        for s in studies()
        if s["modality"] == "DX"
        and s["body_part"] == "CHEST"
        and ref.sex(s) == "F"
        and s["study_date"].startswith("2024")
    ]
    assert got.unit == "count"
    assert got.count == len(expected)
    assert not got.warnings


def test_people_s_plural_possessive_asks_for_what_they_own(engine: QueryEngine) -> None:
    got = answer(engine, "female pts' head cts")
    expected = [
        s["study_uid"]
        for s in studies()
        if ref.sex(s) == "F" and s["modality"] == "CT" and s["body_part"] == "HEAD"
    ]
    assert got.unit == "study"
    assert sorted(r["study_uid"] for r in got.rows) == sorted(expected)
    assert not got.warnings


def test_quoted_plural_keeps_its_quotes_read_as_quotes(grounder: Grounder) -> None:
    assert clean_reading(parse(grounder, "'head cts' of women"))


def test_total_after_a_label_is_a_count(engine: QueryEngine) -> None:
    got = answer(engine, "DX01: total chest x-rays in 2025")
    expected = [
        s
        for s in studies()
        if s["station"] == "DX01"
        and s["modality"] == "DX"
        and s["body_part"] == "CHEST"
        and s["study_date"].startswith("2025")
    ]
    assert got.unit == "count"
    assert got.count == len(expected)
    assert not got.warnings
