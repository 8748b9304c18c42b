"""The families part 36 of the bank showed missing, share C, in phrasings written here (not the
bank's).

- a comparison "A vs B" ("versus", "against", "compared with / to", "A or B, side by side") of
  two values of one field the typed query groups by (station, sex, lobe, year, modality, body
  part, Lung-RADS category, attenuation, margin) is a count per that field, of the groups named,
  with the rest of the question as its conditions; sides of different fields, a field with no
  grouping (a quarter) and a statistic per group (an average) stay warned;
- a breakdown said in other words: a question that opens with a field in the plural and closes
  with a count ("margins among X - counts", "lung-rads categories for X, how many each") is a
  count of X per that field; "breakdown" and "scanner" misspelt by one edit are those words.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import blind_reference as br
import pytest
from family_reading import answer, parse

from query import comparisons, typos
from query.engine import QueryEngine
from query.grounding import Grounder


def groups(engine: QueryEngine, question: str, field: str) -> dict[str, int]:
    """The answer's counts per group, and that it came without a warning."""
    got = answer(engine, question)
    assert not got.warnings, got.warnings
    rows: list[dict[str, Any]] = got.to_json()["rows"]
    return {str(r[field]): int(r["count"]) for r in rows}


def tally(keys: Iterable[Any], named: Iterable[str] | None = None) -> dict[str, int]:
    """Counts per key (of the named keys only, when given), groups with none left out."""
    counted = Counter(str(k) for k in keys if k is not None)
    wanted = set(named) if named is not None else set(counted)
    return {k: n for k, n in counted.items() if k in wanted}


def nodules_where(test: Callable[[dict[str, Any]], bool], *ftests: br.FTest) -> list[Any]:
    return [f for s in br.studies() if test(s) for f in br.nods(s, *ftests)]


# --- comparisons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("chest cts in 2025: ct01 vs ct02", "station"),
        ("ct02 against ct01, ldcts with a spiculated nodule", "station"),
        ("ldcts in women 70 or older vs. men", None),  # sides of different fields: left as is
        ("lung-rads 4b ldcts, men versus women", "sex"),
        ("solid compared with part-solid nodules over 6 mm", "attenuation"),
        ("lul vs lll ggns", "lobe"),
        ("head cts 2024 vs 2025", "year"),
        ("lr 2 vs lr 3 ldcts at ct01", "lung_rads"),
        ("spiculated vs lobulated nodules in the rul", "margin"),
        ("ct vs dx exams of women", "modality"),
        ("chest vs head cts done at ct02", "body_part"),
        ("ldcts in 2024: men or women, side by side", "sex"),
    ],
)
def test_a_comparison_of_one_field_is_a_count_per_that_field(
    grounder: Grounder, question: str, field: str | None
) -> None:
    query = parse(grounder, question)
    if field is None:
        assert query.group_by is None
        return
    assert query.group_by == field
    assert query.unit == "count"
    # station names are known from the catalogue (the engine's); parsed alone they stay unread
    assert not set(query.ignored) - {"ct01", "ct02"}


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("head cts: ct01 vs ct02", "head cts: ct01 or ct02 per station"),
        ("rll vs lll nodule counts in men", "rll or lll nodule count per lobe in men"),
        ("m vs f patients with an ldct", "male or female patients with an ldct per sex"),
        ("lr 3 vs 4a ldcts", "lung-rads 3 or 4a ldcts per lung-rads"),
        ("ct01 v ct02 v dx01 in 2025", "ct01, ct02 or dx01 in 2025 per station"),
        ("ct angio: ct01 compared to ct02", "ct angio: ct01 or ct02 per station"),
        # a measured volume and an opening "total" are no count words: the grouping goes last
        ("ggns over 500 mm3 volume: rul vs lul", "ggns over 500 mm3 volume: rul or lul per lobe"),
        ("total ldcts, ct01 vs ct02", "total ldcts, ct01 or ct02 per station"),
    ],
)
def test_the_sides_become_the_condition_and_the_field_the_grouping(typed: str, plain: str) -> None:
    assert comparisons.read_comparisons(typed) == plain


@pytest.mark.parametrize(
    "question",
    [
        "ct01 vs 2024 ldcts",  # a station against a year: no one field
        "ldcts q3 vs q4 2024",  # quarters: the typed query has no quarter grouping
        "average nodule size ct01 vs ct02",  # an average per group: no typed query
        "% of ldcts that are lr 4x, men vs women",
        "ct01 vs ct01 head cts",  # one group twice is no comparison
        "patients born 1950 vs 1960",  # years of birth: the grouping is by study year
    ],
)
def test_what_no_grouping_expresses_is_left_as_it_was(question: str) -> None:
    assert comparisons.read_comparisons(question) == question


def test_a_comparison_left_unread_is_still_warned(engine: QueryEngine) -> None:
    assert answer(engine, "average nodule size ct01 vs ct02").warnings
    assert answer(engine, "ct01 vs 2024 ldcts").warnings


def test_stations_compared_count_each_station_named(engine: QueryEngine) -> None:
    rows = [s for s in br.studies() if br.head_ct(s) and br.in_year(2024)(s)]
    want = tally((s["station"] for s in rows), ("CT01", "CT02"))
    assert groups(engine, "2024 head cts: ct01 versus ct02", "station") == want


def test_sexes_compared_count_each_sex_named(engine: QueryEngine) -> None:
    rows = [s for s in br.studies() if br.ldct(s) and br.cat_in("4A")(s)]
    want = tally((next(c for c in "MFO" if br.sex_is(c)(s)) for s in rows), "MF")
    assert groups(engine, "lr 4a ldcts: men vs women", "sex") == want


def test_lobes_compared_count_the_nodules_in_each_lobe_named(engine: QueryEngine) -> None:
    rows = nodules_where(br.sex_is("F"), br.att("solid"))
    want = tally((f["lobe"] for f in rows), ("RUL", "RLL"))
    assert groups(engine, "rul vs rll solid nodule counts in women", "lobe") == want


def test_categories_compared_count_each_category_named(engine: QueryEngine) -> None:
    rows = [s for s in br.studies() if br.ldct(s) and br.at_station("CT02")(s)]
    want = tally((br.category(s) for s in rows), ("2", "3"))
    assert groups(engine, "lr 2 vs lr 3 ldcts at ct02", "lung_rads") == want


def test_attenuations_compared_count_the_nodules_of_each(engine: QueryEngine) -> None:
    rows = nodules_where(br.ldct, br.gt("diameter_mm", 6))
    want = tally((f["attenuation"] for f in rows), ("solid", "part-solid"))
    got = groups(engine, "solid compared with part-solid nodules over 6 mm on ldcts", "attenuation")
    assert got == want


# --- breakdowns in other words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("margins among psns - counts", "psns count per margin"),
        (
            "lung-rads categories for ldcts in men, how many each",
            "ldcts in men count per lung-rads",
        ),
        ("stations for 2025 chest cts: tally", "2025 chest cts count per station"),
        (
            "attenuations of nodules in the rml, how many of each",
            "nodules in the rml count per attenuation",
        ),
        ("lobes among spiculated nodules, counts", "spiculated nodules count per lobe"),
    ],
)
def test_a_field_said_first_and_a_count_said_last_is_a_breakdown(typed: str, plain: str) -> None:
    assert comparisons.read_breakdowns(typed) == plain


def test_a_field_said_first_without_a_count_is_left_alone() -> None:
    question = "margins among psns over 6 mm"
    assert comparisons.read_breakdowns(question) == question


@pytest.mark.parametrize(("typed", "right"), [("breakdwon", "breakdown"), ("scaner", "scanner")])
def test_a_slip_in_a_breakdown_word_is_that_word(typed: str, right: str) -> None:
    assert typos.correction(typed) == right


def test_margins_among_a_kind_count_its_nodules_per_margin(engine: QueryEngine) -> None:
    want = tally(f["margin"] for f in br.findings() if br.is_nodule(f) and br.att("part-solid")(f))
    assert groups(engine, "margins among psns - counts", "margin") == want


def test_categories_for_studies_count_them_per_category(engine: QueryEngine) -> None:
    rows = [s for s in br.studies() if br.ldct(s) and br.sex_is("F")(s)]
    want = tally(br.category(s) for s in rows)
    question = "lung-rads categories for ldcts in women, how many each"
    assert groups(engine, question, "lung_rads") == want


def test_a_misspelt_scanner_groups_by_station(engine: QueryEngine) -> None:
    got = answer(engine, "chest cts per scaner in 2025")
    assert not got.warnings
    rows = got.to_json()["rows"]
    want = tally(s["station"] for s in br.studies() if br.chest_ct(s) and br.in_year(2025)(s))
    assert {r["station"]: r["count"] for r in rows} == want


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("head ct totals per station", "head ct count per station"),
        ("ldct numbers by year", "ldct count by year"),
        ("ggn counts, by lobe", "ggn count by lobe"),
    ],
)
def test_a_plural_count_word_before_a_grouping_is_the_count(typed: str, plain: str) -> None:
    assert comparisons.read_breakdowns(typed) == plain


def test_a_plural_count_word_before_no_grouping_is_left_alone() -> None:
    assert comparisons.read_breakdowns("nodule counts by patient") == "nodule counts by patient"
