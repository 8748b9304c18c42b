"""Part 43's silent answers, share m2: an indefinite owner's scans, a finding of its own after
"or a", and three forms warned (:mod:`query.plain_forms`, :mod:`query.clauses`,
:mod:`query.unsettled_forms`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    calcified,
    in_lobe,
    kind,
    ldct,
    lt,
    margin,
    nod,
    own,
    pats,
    sids,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder


def _patients(test: Any) -> list[str]:
    return sorted(p["patient_id"] for p in pats() if any(test(s) for s in own(p["patient_id"])))


# --- "anyone's scan": the studies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("anybody's scans with a nodule smaller than 1 cm", [nod(lt("diameter_mm", 10))]),
        ("someone's ldct showing a calcified nodule", [ldct, nod(calcified)]),
    ],
)
def test_an_indefinite_owners_scans_are_the_studies(
    grounder: Grounder, engine: QueryEngine, question: str, test: list[Any]
) -> None:
    """ "anyone's / somebody's scans with ..." asks for the scans (the patients had been
    listed, silently)."""
    query = parse(grounder, question)
    assert query.unit == "study", query
    assert ids(engine, question, "study_uid") == sids(*test)


# --- "a spiculated nodule or a mass": a finding of its own after "or a" ---------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        (
            "pts with a calcified nodule or a mass",
            lambda s: nod(calcified)(s) or kind("mass")(s),
        ),
        (
            "people with a nodule in the left lower lobe or a mass",
            lambda s: nod(in_lobe("LLL"))(s) or kind("mass")(s),
        ),
        (
            "patients having a mass or a spiculated nodule",
            lambda s: kind("mass")(s) or nod(margin("spiculated"))(s),
        ),
    ],
)
def test_each_finding_with_its_own_article_keeps_its_own_attributes(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """Two findings each with its own article, joined by "or", one described: the description
    is that finding's (the other had been asked to have it too, silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == _patients(test)


def test_kinds_without_articles_share_their_attributes(grounder: Grounder) -> None:
    """ "spiculated nodules or masses" stays one finding of either kind (the Conventions)."""
    query = parse(grounder, "patients with spiculated nodules or masses")
    assert clean_reading(query), query
    assert not query.filter.any_of
    assert query.filter.findings[0].margins == ("spiculated",)


# --- forms warned ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "chest cts with masses, every one of them spiculated",
        "ldcts showing nodules, all of which calcified",
        "how many ldcts at ct02 in 2025 - the studies",
        "scan volume on ct03 during 2024; the exams",
        "findings: calcified ones, list",
        "list of findings with smooth margins",
    ],
)
def test_unsettled_forms_are_warned(engine: QueryEngine, question: str) -> None:
    """Every finding of a kind asked to be so, a count that names a list after it, and findings
    of no named kind described by a nodule's or mass's features: never silent."""
    assert answer(engine, question).to_json()["warnings"], question


def test_a_named_kind_of_finding_is_not_warned(grounder: Grounder) -> None:
    """ "calcified nodule findings" names the kind: no caution."""
    assert clean_reading(parse(grounder, "calcified nodule findings")), "warned"
