"""The families part 37 (``bank_fresh_37.py``) showed missing, share A: rankings and top-N said
in other words. One grammar reads a ranking however it is said: its direction after its field
in any of the usual words ("desc", "high to low", "in ascending order", "smallest first"), "sorted
/ ordered / ranked on" as "by" (also after "when"), its count after it ("top / first N", "keep /
take / show top N", "limit to N", "N rows / results"), "<superlative> <field> first" without
"by", "which N <findings> were the most confident" with "detections" for findings, and birth-date
rankings of people said with "born" before them, "with the latest date of birth", and a bracket
that restates the ranking.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`, :mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import att, findings, nodule_rows, pats, study_of, untied
from family_reading import chest_ct, clean_reading, ids, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def ranked(rows: list[Row], field: str, largest: bool) -> Callable[[Row], float]:
    """The key that ranks findings by ``field``, the largest (or the smallest) first."""
    return lambda f: -f[field] if largest else f[field]


def measured(rows: list[Row], field: str) -> list[Row]:
    return [f for f in rows if f.get(field) is not None]


# --- the direction of a ranking, in any of its words ---------------------------------------------


@pytest.mark.parametrize(
    ("said", "largest"),
    [
        ("desc", True),
        ("descending", True),
        ("in descending order", True),
        ("high to low", True),
        ("largest to smallest", True),
        ("asc", False),
        ("in ascending order", False),
        ("low to high", False),
        ("smallest to largest", False),
        ("(smallest first)", False),
    ],
)
def test_a_direction_after_the_field_ranked(grounder: Grounder, said: str, largest: bool) -> None:
    """ "ggns sorted by volume <direction>, top 4": one ranking of 4, in that direction (the
    direction had been left unread and "top 4" read as a second ranking, warned)."""
    query = parse(grounder, f"ggns sorted by volume {said}, top 4")
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (4, "volume_mm3", largest)
    assert clean_reading(query)


@pytest.mark.parametrize("verb", ["sorted on", "ordered on", "when sorted by", "once ranked on"])
def test_sorted_on_names_the_field_ranked(grounder: Grounder, verb: str) -> None:
    """ "the 4 largest nodules when sorted on hu": the field ranked is the one after "sorted on"
    (it had been the diameter, with "sorted on hu" left unread, warned)."""
    query = parse(grounder, f"largest 4 nodules {verb} hu")
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (4, "mean_hu", True)
    assert clean_reading(query)


# --- the count of a ranking, said after it -------------------------------------------------------


@pytest.mark.parametrize(
    "count",
    [
        "top 5 rows",
        "first 5 results",
        "keep top 5",
        "take the top 5",
        "show only the first 5",
        "limit 5",
        "limited to 5 records",
    ],
)
def test_the_count_after_a_ranking(grounder: Grounder, count: str) -> None:
    """ "nodules ranked by long axis descending, <count>": the 5 longest (the count had been a
    second ranking or left unread, and one answered, warned)."""
    query = parse(grounder, f"nodules ranked by long axis descending, {count}")
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (5, "long_axis_mm", True)
    assert clean_reading(query)


def test_a_year_after_limited_to_is_no_count(grounder: Grounder) -> None:
    """ "limited to 2024" limits the dates, never the rows: it is no count of a ranking."""
    query = parse(grounder, "nodules ranked by volume, limited to 2024")
    assert query.top is None or query.top.n != 2024


def test_studies_sorted_by_date_with_rows(engine: QueryEngine) -> None:
    """ "chest cts sorted on study date desc, first N rows": the N most recent chest cts."""
    rows = [s for s in studies() if chest_ct(s)]
    n, expected = untied(
        rows, lambda s: tuple(-int(x) for x in s["study_date"].split("-")), "study_uid", 3
    )
    question = f"chest cts sorted on study date desc, first {n} rows"
    assert ids(engine, question, "study_uid") == expected


# --- "<superlative> <field> first" ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "largest"),
    [
        ("solid nodules, highest hu first, take top {n}", "mean_hu", True),
        ("ggns - smallest volume first - show top {n}", "volume_mm3", False),
        ("solid nodules, longest long axis first, top {n}", "long_axis_mm", True),
    ],
)
def test_superlative_field_first_is_the_direction_of_one_ranking(
    engine: QueryEngine, question: str, field: str, largest: bool
) -> None:
    """ "<findings>, <superlative> <field> first, top N": one ranking of N by that field (it had
    been read as two rankings, the count dropped, warned)."""
    kind = "solid" if question.startswith("solid") else "ground-glass"
    rows = measured(nodule_rows(att(kind)), field)
    n, expected = untied(rows, ranked(rows, field, largest), "finding_id", 3)
    assert ids(engine, question.format(n=n), "finding_id") == expected


def test_most_confident_first(grounder: Grounder) -> None:
    query = parse(grounder, "effusions, most confident first, keep top 3")
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (3, "confidence", True)
    assert clean_reading(query)


# --- "which N <findings> were the most <adjective>", "detections" --------------------------------


def test_which_n_detections_were_the_least_confident(engine: QueryEngine) -> None:
    """ "which N pleural effusion detections were the least confident": the model's detections
    are its findings, ranked by confidence (the number had been left unread, warned)."""
    rows = measured([f for f in findings() if f["kind"] == "pleural_effusion"], "confidence")
    n, expected = untied(rows, ranked(rows, "confidence", False), "finding_id", 2)
    question = f"which {n} pleural effusion detections were the least confident"
    assert ids(engine, question, "finding_id") == expected


# --- rankings of people by birth date ------------------------------------------------------------


def _birth_ranked(sex: str, youngest: bool) -> tuple[int, list[str]]:
    rows = [p for p in pats() if p["sex"] == sex and p.get("birth_date")]

    def key(p: Row) -> tuple[int, ...]:
        parts = tuple(int(x) for x in p["birth_date"].split("-"))
        return tuple(-x for x in parts) if youngest else parts

    return untied(rows, key, "patient_id", 2)


@pytest.mark.parametrize(
    ("question", "sex", "youngest"),
    [
        ("{n} last-born men", "M", True),
        ("the {n} most recently born men", "M", True),
        ("{n} earliest born women", "F", False),
        ("the {n} men with the latest dob", "M", True),
        ("{n} women having the earliest birth dates", "F", False),
        ("the {n} youngest men (most recent date of birth)", "M", True),
        ("{n} oldest women (by dob, earliest first)", "F", False),
    ],
)
def test_birth_date_rankings_of_people(
    engine: QueryEngine, question: str, sex: str, youngest: bool
) -> None:
    """Born last (latest, most recently) is the youngest, born first (earliest) the oldest, said
    before the people or as their latest (earliest) date of birth; a bracket that restates the
    ranking adds nothing."""
    n, expected = _birth_ranked(sex, youngest)
    assert ids(engine, question.format(n=n), "patient_id") == expected


def test_a_bracket_that_says_another_ranking_stays_unread(grounder: Grounder) -> None:
    """ "the 3 youngest women (earliest date of birth)" says two directions: the bracket is left
    unread and the reading warned, never silently one of them."""
    query = parse(grounder, "the 3 youngest women (earliest date of birth)")
    assert not clean_reading(query)


# --- patients ranked by a measurement of their largest finding ----------------------------------


def _largest_of_each(field: str, *tests: Callable[[Row], bool]) -> list[Row]:
    """Each patient with a measured nodule (passing ``tests``) and the largest ``field`` of
    them."""
    best: dict[str, float] = {}
    for f in measured(nodule_rows(*tests), field):
        pid = study_of(f)["patient_id"]
        best[pid] = max(best.get(pid, f[field]), f[field])
    return [{"patient_id": p, "k": -v} for p, v in best.items()]


@pytest.mark.parametrize(
    ("question", "field", "kind"),
    [
        ("top {n} pts ranked by the volume of their biggest nodule", "volume_mm3", None),
        ("patients sorted by the long axis of their largest ggn, top {n}", "long_axis_mm", "gg"),
    ],
)
def test_patients_ranked_by_a_measurement_of_their_largest_finding(
    engine: QueryEngine, question: str, field: str, kind: str | None
) -> None:
    """ "top N pts ranked by the volume of their biggest nodule": each patient by the largest
    volume among their nodules (the nodules had been ranked, warned)."""
    tests = (att("ground-glass"),) if kind else ()
    rows = _largest_of_each(field, *tests)
    n, expected = untied(rows, lambda r: r["k"], "patient_id", 2)
    assert ids(engine, question.format(n=n), "patient_id") == expected


def test_a_ranking_of_patients_by_their_largest_finding_reads_clean(grounder: Grounder) -> None:
    query = parse(grounder, "the 3 women ranked by the diameter of their largest nodule")
    assert query.top is not None and query.top.of_patients
    assert (query.unit, query.top.n, query.top.field) == ("patient", 3, "diameter_mm")
    assert clean_reading(query)


@pytest.mark.parametrize(
    "question",
    [
        "ggns sorted by volume desc",
        "nodules ordered by hu, low to high",
        "solid nodules when sorted on volume",
        "psns, largest solid comp first",
        "patients ranked by the volume of their biggest nodule",
    ],
)
def test_a_ranking_without_a_count_stays_warned(grounder: Grounder, question: str) -> None:
    """Sorted with no count asks for every one in order, which no typed query holds: the new
    words stay unread (warned), never one answered as if it were asked for."""
    assert not clean_reading(parse(grounder, question))
