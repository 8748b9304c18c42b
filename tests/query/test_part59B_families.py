"""The families parts 56 to 59 (``bank_fresh_56.py`` ... ``59``) showed missing, share B:
aggregates, statistics and rankings.

The largest or smallest value of a measurement (:mod:`query.aggregates`), the catalogue's
column names and "rows" of findings (:mod:`query.column_names`), a ranking said around a label
(:mod:`query.ranked_labels`), the age at a kind of study, a share whose kind is said on both
sides, and averages said conversationally (:mod:`query.averages_said`). Each rule is checked in
phrasings written here (not the parts'). The parser tests check that every word was read; the
engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import att, calcified, findings, fo, is_nodule, ldct, margin, pats, studies
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _nodules(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def _first(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str, high: bool) -> list[str]:
    ranked = sorted(rows, key=key, reverse=high)
    assert len(ranked) <= n or key(ranked[n - 1]) != key(ranked[n]), "a tie at the cut"
    return sorted(r[ident] for r in ranked[:n])


# --- the largest or smallest value of a measurement ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "pick", "field", "test"),
    [
        ("maximum diameter among calcified nodules", max, "diameter_mm", calcified),
        ("min volume of a part-solid nodule", min, "volume_mm3", att("part-solid")),
        (
            "what is the max short axis of spiculated nodules",
            max,
            "short_axis_mm",
            margin("spiculated"),
        ),
        ("ground glass nodules: minimum confidence", min, "confidence", att("ground-glass")),
    ],
)
def test_the_largest_or_smallest_value_of_a_measurement(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    pick: Callable[[list[float]], float],
    field: str,
    test: Callable[[Row], bool],
) -> None:
    """ "max / maximum / min / minimum <measurement>" where a question or a clause begins is one
    value, the largest (smallest) of that measurement over the findings asked for (it had been
    the one finding that has it, silently)."""
    assert clean_reading(parse(grounder, question))
    got = answer(engine, question)
    assert got.value == pytest.approx(pick([f[field] for f in _nodules(test)]), abs=0.01)


def test_a_maximum_compared_with_a_number_stays_a_condition(grounder: Grounder) -> None:
    """ "max diameter over 10 mm" bounds each finding; it asks for no value."""
    assert parse(grounder, "max diameter over 10 mm, solid nodules").aggregate is None


# --- column names and rows of findings ----------------------------------------------------------


def test_a_column_name_is_its_measurement(grounder: Grounder, engine: QueryEngine) -> None:
    """ "short_axis_mm", "volume_mm3", "mean_hu" are the measurements they store; "nodule rows"
    are nodule findings; "over all rows" adds nothing."""
    question = "median short_axis_mm over all rows, lobulated nodule rows"
    assert clean_reading(parse(grounder, question))
    values = [f["short_axis_mm"] for f in _nodules(margin("lobulated"))]
    assert answer(engine, question).value == pytest.approx(statistics.median(values), abs=0.01)


def test_a_bare_number_compared_with_a_column_is_in_its_unit(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "volume_mm3 < 100" is a volume under 100 mm3 (no caution that the unit was guessed)."""
    question = "ggn rows where volume_mm3 < 100, avg mean_hu"
    assert clean_reading(parse(grounder, question))
    values = [f["mean_hu"] for f in _nodules(att("ground-glass"), lambda f: f["volume_mm3"] < 100)]
    assert answer(engine, question).value == pytest.approx(statistics.mean(values), abs=0.01)


# --- rankings said around a label ---------------------------------------------------------------


def test_the_findings_named_as_a_label_are_the_ones_ranked(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "<findings>: the N with the <superlative> <field>" is the N such findings (the number
    had been left unread and one finding answered)."""
    question = "lobulated nodules - the 3 with the highest confidence"
    assert clean_reading(parse(grounder, question))
    rows = _nodules(margin("lobulated"))
    assert ids(engine, question, "finding_id") == _first(
        rows, lambda f: f["confidence"], 3, "finding_id", True
    )


def test_among_people_which_n_is_a_ranking_of_them(grounder: Grounder, engine: QueryEngine) -> None:
    """ "among the <people>, which N were born first" ranks those people."""
    question = "among the men, which 4 were born first"
    assert clean_reading(parse(grounder, question))
    men = [p for p in pats() if p["sex"] == "M"]
    assert ids(engine, question, "patient_id") == _first(
        men, lambda p: p["birth_date"], 4, "patient_id", False
    )


def test_what_a_ranking_is_by_said_first(grounder: Grounder, engine: QueryEngine) -> None:
    """ "by <field>, the N <superlative> <findings>" is one ranking by that field."""
    question = "by confidence, the 2 lowest ground glass nodules"
    assert clean_reading(parse(grounder, question))
    rows = _nodules(att("ground-glass"))
    assert ids(engine, question, "finding_id") == _first(
        rows, lambda f: f["confidence"], 2, "finding_id", False
    )


@pytest.mark.parametrize(
    "question",
    ["the 4 ggns reading the most negative hu", "4 ggns with the lowest hu, most negative first"],
)
def test_most_negative_hu_is_the_lowest(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """HU said as "most negative" is the lowest; "reading" joins the findings to it; the
    direction said again after the ranking adds nothing when it agrees."""
    assert clean_reading(parse(grounder, question))
    rows = _nodules(att("ground-glass"))
    assert ids(engine, question, "finding_id") == _first(
        rows, lambda f: f["mean_hu"], 4, "finding_id", False
    )


def test_a_direction_said_again_that_disagrees_stays_named(grounder: Grounder) -> None:
    assert not clean_reading(parse(grounder, "3 ggns with the lowest hu, highest first"))


def test_a_table_sort_by_date_with_a_count(grounder: Grounder, engine: QueryEngine) -> None:
    """ "order <studies> by study_date asc, take N" is the N earliest such studies."""
    question = "order head cts by study_date asc, take 4"
    assert clean_reading(parse(grounder, question))
    heads = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "HEAD"]
    assert ids(engine, question, "study_uid") == _first(
        heads, lambda s: s["study_date"], 4, "study_uid", False
    )


def test_a_sort_by_a_field_with_take_n(grounder: Grounder, engine: QueryEngine) -> None:
    """ "sorted by <field> asc, take N" is the N first by that field ("take" is "top")."""
    question = "lobulated nodules sorted by long_axis_mm desc, take 4"
    assert clean_reading(parse(grounder, question))
    rows = _nodules(margin("lobulated"))
    assert ids(engine, question, "finding_id") == _first(
        rows, lambda f: f["long_axis_mm"], 4, "finding_id", True
    )


# --- ages, shares and averages said other ways --------------------------------------------------


def test_the_age_at_a_kind_of_study_is_over_those_studies(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "average age at <kind of study>" is the age on each such study (as "at the time of")."""
    question = "mean age at ldct in 2024"
    assert clean_reading(parse(grounder, question))
    ages = [float(ref.age(s)) for s in studies() if ldct(s) and s["study_date"].startswith("2024")]
    assert answer(engine, question).value == pytest.approx(statistics.mean(ages), abs=0.01)


def test_a_share_whose_kind_is_said_on_both_sides(grounder: Grounder, engine: QueryEngine) -> None:
    """ "spiculated nodules as a percentage of all nodules" is the share of nodules that are
    spiculated (the kind said twice had been read as two findings of one study, silently)."""
    question = "spiculated nodules as a percentage of all nodules"
    assert clean_reading(parse(grounder, question))
    share = 100.0 * len(_nodules(margin("spiculated"))) / len(_nodules())
    assert answer(engine, question).value == pytest.approx(share, abs=0.06)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "for part-solid nodules only, what volume do they average out at",
            lambda: statistics.mean(f["volume_mm3"] for f in _nodules(att("part-solid"))),
        ),
        (
            "per ldct, the average mass count works out to what",
            lambda: statistics.mean(
                float(sum(f["kind"] == "mass" for f in fo(s))) for s in studies() if ldct(s)
            ),
        ),
        (
            "nodules per ldct, averaged across every ldct",
            lambda: statistics.mean(
                float(sum(is_nodule(f) for f in fo(s))) for s in studies() if ldct(s)
            ),
        ),
        (
            "for the quality audit: median diameter of ggns",
            lambda: statistics.median(f["diameter_mm"] for f in _nodules(att("ground-glass"))),
        ),
        (
            "spiculated nodules - their volume on average (mm3)",
            lambda: statistics.mean(f["volume_mm3"] for f in _nodules(margin("spiculated"))),
        ),
        (
            "volume in cc averaged over ggns larger than 8mm",
            lambda: statistics.mean(
                f["volume_mm3"] / 1000
                for f in _nodules(att("ground-glass"), lambda f: f["diameter_mm"] > 8)
            ),
        ),
    ],
)
def test_an_average_said_conversationally(
    grounder: Grounder, engine: QueryEngine, question: str, expected: Callable[[], float]
) -> None:
    """The statistic as a verb, a rate with its unit first or its studies said again, the
    stored unit after "on average", a label saying whom it is for, a condition after the
    findings an average is over."""
    assert clean_reading(parse(grounder, question)), parse(grounder, question)
    assert answer(engine, question).value == pytest.approx(expected(), abs=0.01)
