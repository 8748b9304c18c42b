"""The families parts 44 and 45 (``bank_fresh_44.py``, ``bank_fresh_45.py``) showed missing,
share D: a comparison word typed with a slip or without its vowels, a bound said after its
number, the solid component said as its "bit", the margin said as its "edge", groups compared
with their field's noun, nodules all in one lung, a statistic said in other words (the model's
confidence, "arithmetic mean", "midpoint (median)", "expressed in cc"), a mean count per study
with the unit said first, "zero" before a unit, "<n> plus" a count, the age on each study
"across" some studies, and a Lung-RADS category said of the studies counted findings are on.

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import (
    att,
    category,
    chest_ct,
    ge,
    gt,
    in_year,
    ldct,
    le,
    margin,
    mean_of,
    median_of,
    nod,
    nods,
    sids,
    studies,
    within,
)
from family_reading import answer, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _value(engine: QueryEngine, question: str) -> float:
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], (question, got["warnings"])
    assert got["unit"] == "value", question
    return float(got["value"])


def _groups(engine: QueryEngine, question: str, quiet: bool = True) -> dict[str, int]:
    got = answer(engine, question)
    assert not quiet or got.to_json()["warnings"] == [], question
    return {str(row[next(iter(row))]): int(row["count"]) for row in got.rows}


# --- numbers: comparison words, bounds said after the number, the solid component ------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("part-solid nodules 6 mm or mroe", nod(att("part-solid"), ge("diameter_mm", 6))),
        ("solid nodules ovr 8 mm", nod(att("solid"), gt("diameter_mm", 8))),
        ("ggns 8 mm at minimum", nod(att("ground-glass"), ge("diameter_mm", 8))),
        ("nodules with volume 400 mm3 max", nod(le("volume_mm3", 400))),
        (
            "part-solid nodules whose solid piece measures over 4 mm",
            nod(gt("solid_component_mm", 4)),
        ),
        ("nodules from minus two hundred up to zero hu", nod(within("mean_hu", -200, 0))),
    ],
)
def test_a_bound_said_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """A comparison word with a slip ("mroe") or typed without vowels ("ovr"), a bound after
    the number ("at minimum", "max"), the solid component as its "piece" with "measures", and
    "zero" before a unit are read (each had been left unread and the bound lost or read as an
    equality, warned)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    assert ids(engine, question, "study_uid") == sids(test)


# --- features: the margin's edge, the kind in brackets ----------------------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("spiculated-edge nodules", nod(margin("spiculated"))),
        (
            "ground glass opacities (nodules) with a smooth edge",
            nod(att("ground-glass"), margin("smooth")),
        ),
    ],
)
def test_the_margin_said_as_its_edge(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """ "<margin>-edge" is the margin; "(nodules)" after a noun of nodules restates them (both
    had been left unread, warned)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    assert ids(engine, question, "study_uid") == sids(test)


def test_lesions_named_nodules_in_brackets_stay_warned(grounder: Grounder) -> None:
    """ "lesions (nodules)" narrows lesions (nodules or masses) to nodules: not dropped, named."""
    query = parse(grounder, "spiculated lesions (nodules)")
    assert query.ignored != ()


# --- lobes: groups compared with their noun; all in one lung ----------------------------------


def test_lobes_compared_with_the_before_each(engine: QueryEngine) -> None:
    """ "in the RLL versus the LLL" is a count per lobe of the two lobes ("versus" had been left
    unread and the lobes read as one condition, warned)."""
    got = _groups(engine, "nodule count in the rll versus the lll")
    counted = Counter(f["lobe"] for s in studies() for f in nods(s))
    assert got == {lobe: counted[lobe] for lobe in ("RLL", "LLL")}


def test_margins_compared_with_their_noun(engine: QueryEngine) -> None:
    """ "lobulated edges vs smooth edges" is a count per margin of the two margins."""
    got = _groups(engine, "ggns: lobulated edges vs smooth edges, counts")
    counted = Counter(f["margin"] for s in studies() for f in nods(s, att("ground-glass")))
    assert got == {m: counted[m] for m in ("lobulated", "smooth")}


def test_nodules_all_in_one_lung_of_a_study(grounder: Grounder, engine: QueryEngine) -> None:
    """A study whose nodules are all (only) in one lung has one there and none in the other
    ("all" had been left unread and studies with nodules on both sides kept, warned)."""
    question = "scans whose nodules were all in the left lung"
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query

    def left_only(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] in ("LUL", "LLL") for f in ns)

    assert ids(engine, question, "study_uid") == sids(left_only)


def test_nodules_all_in_one_lung_of_a_patient_stay_warned(grounder: Grounder) -> None:
    """Of patients it may be one study or every study (Conventions): still warned."""
    query = parse(grounder, "patients whose nodules are only in the left lung")
    assert query.ignored != () or query.cautions != ()


# --- stats: statistics said in other words ----------------------------------------------------


def _nodule_values(name: str, *tests: Any) -> list[float]:
    return [f[name] for s in studies() for f in nods(s, *tests) if f.get(name) is not None]


def test_how_confident_the_model_is_on_average(engine: QueryEngine) -> None:
    """ "on average, how certain is the model about X" is the mean confidence over X."""
    got = _value(engine, "on average, how certain is the model about spiculated nodules")
    assert got == pytest.approx(
        mean_of(_nodule_values("confidence", margin("spiculated"))), abs=0.01
    )


def test_an_arithmetic_mean(engine: QueryEngine) -> None:
    """ "arithmetic mean" is the mean ("arithmetic" and "mean" had been left unread)."""
    got = _value(engine, "arithmetic mean volume of ggns")
    want = mean_of(_nodule_values("volume_mm3", att("ground-glass")))
    assert got == pytest.approx(want, abs=0.01)


def test_a_median_restated_in_brackets_and_a_unit_given(engine: QueryEngine) -> None:
    """ "median (midpoint) <field>, given in cm" is the median in that unit."""
    got = _value(engine, "median (midpoint) diameter of solid nodules, given in cm")
    want = median_of(_nodule_values("diameter_mm", att("solid"))) / 10
    assert got == pytest.approx(want, abs=0.01)


def test_a_mean_count_per_study_with_the_unit_first(engine: QueryEngine) -> None:
    """ "for every chest ct, mean # of ggns" is the mean of each chest CT's count (none is 0)."""
    got = _value(engine, "for every chest ct, mean # of ggns")
    counts = [len(nods(s, att("ground-glass"))) for s in studies() if chest_ct(s)]
    assert got == pytest.approx(mean_of(counts), abs=0.01)


def test_age_at_the_time_of_scan_across_studies(engine: QueryEngine) -> None:
    """ "average age at time of exam across 2024 ldcts" is the age on each such study,
    averaged over the studies (each patient had been counted once, 'across' unread)."""
    got = _value(engine, "average age at time of exam across 2024 ldcts")
    ages = [ref.age(s) for s in studies() if ldct(s) and in_year(2024)(s)]
    assert got == pytest.approx(mean_of(ages), abs=0.01)


# --- counts: "<n> plus" -----------------------------------------------------------------------


def test_n_plus_findings_on_one_study(grounder: Grounder, engine: QueryEngine) -> None:
    """ "three plus solid nodules on one scan" is three or more ("three" had been unread)."""
    question = "three plus solid nodules on one scan"
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    want = sids(lambda s: len(nods(s, att("solid"))) >= 3)
    assert ids(engine, question, "study_uid") == want


# --- features: a category said of the studies counted findings are on -------------------------


def test_a_category_of_the_studies_findings_are_on(engine: QueryEngine) -> None:
    """ "margin tally for nodules on lung-rads 4a studies" counts every nodule on the 4A
    studies, per margin (the findings' own 4A had been counted, warned); the caution that
    counts per margin are of findings stays."""
    got = _groups(engine, "margin tally for nodules on lung-rads 4a studies", quiet=False)
    counted = Counter(f["margin"] for s in studies() if category(s) == "4A" for f in nods(s))
    assert got == dict(counted)


def test_a_category_of_the_findings_stays_theirs(grounder: Grounder) -> None:
    """ "lung-rads 4a nodules" names the findings' own category."""
    query = parse(grounder, "how many lung-rads 4a nodules")
    assert query.filter.lung_rads == ()
    assert any(c.lung_rads == ("4A",) for c in query.filter.findings)


# --- counts: one study in all -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sex"),
    [("how many single-visit patients", None), ("one-time women over 60 - count", "F")],
)
def test_one_and_done_people_have_one_study(
    engine: QueryEngine, question: str, sex: str | None
) -> None:
    """ "one-and-done / one-time / single-visit patients" have exactly one study in all; an age
    said right after them stays theirs ("one" had been read as a diameter, warned)."""
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], question
    people, by_id, _, _ = ref.cohort()
    count = Counter(s["patient_id"] for s in by_id.values())
    want = [
        p
        for p, n in count.items()
        if n == 1
        and (sex is None or people[p]["sex"] == sex)
        and (sex is None or ref.age(next(s for s in by_id.values() if s["patient_id"] == p)) > 60)
    ]
    assert got["count"] == len(want)
