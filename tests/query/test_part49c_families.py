"""The families parts 48 and 49 (``bank_fresh_48.py``, ``bank_fresh_49.py``) showed missing, share
C: a mean count of findings per study said around its unit, intervals said with "apart" or "per
patient", breakdowns said as "A / B split", "X, breakdown" or "how many of each X", and the words
of growth, new nodules and kinds of study ("sold", "wasnt there", "pulmonary embolism cts",
"run on").

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    at_station,
    att,
    cta,
    days_between,
    fstudy,
    head_ct,
    in_lobe,
    in_year,
    ldct,
    mean_of,
    median_of,
    new,
    nod,
    nods,
    own,
    pats,
    sids,
    studies,
)
from family_reading import answer, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typos import respell

Row = dict[str, Any]
Test = Callable[[Row], bool]


def _value(engine: QueryEngine, question: str) -> float:
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], (question, got["warnings"])
    assert got["unit"] == "value", (question, got["interpretation"])
    return float(got["value"])


def _groups(engine: QueryEngine, question: str) -> dict[str, int]:
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], (question, got["warnings"])
    assert got["unit"] == "count", (question, got["interpretation"])
    return {str(row[next(iter(row))]): int(row["count"]) for row in got["rows"]}


def _dates(pid: str, test: Test) -> list[str]:
    return sorted({s["study_date"] for s in own(pid) if test(s)})


def _consecutive_gaps(test: Test) -> list[float]:
    return [
        float(days_between(a, b))
        for p in pats()
        for a, b in itertools.pairwise(_dates(p["patient_id"], test))
    ]


def _spans(test: Test) -> list[float]:
    spans = []
    for p in pats():
        days = _dates(p["patient_id"], test)
        if len(days) >= 2:
            spans.append(float(days_between(days[0], days[-1])))
    return spans


# --- aggregates: a mean count of findings per study -----------------------------------------


@pytest.mark.parametrize(
    ("question", "median"),
    [
        ("nodule count per ldct, mean", False),
        ("nod burden on each screening ct - average", False),
        ("median count of nodules on each low dose lung screening ct", True),
        ("mean number of nods found on every low dose screening exam", False),
    ],
)
def test_a_statistic_of_the_nodules_per_study(
    grounder: Grounder, engine: QueryEngine, question: str, median: bool
) -> None:
    """The mean (median) of each study's number of nodules, a study with none counting as 0,
    whether the statistic closes the question ("nodule count per ldct, mean") or opens it with a
    unit of several words ("on each low dose lung screening ct"); "burden" of nodules is their
    number (the statistic and "per / each" had been left unread and the findings counted,
    warned)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    counts = [float(len(nods(s))) for s in studies() if ldct(s)]
    want = median_of(counts) if median else mean_of(counts)
    assert abs(_value(engine, question) - want) < 0.011


# --- intervals: "apart", "per patient" and two named studies -----------------------------------


@pytest.mark.parametrize(
    ("question", "test", "median"),
    [
        ("successive ldcts of one patient: mean days apart", ldct, False),
        ("consecutive scans for the same person, median days apart", lambda s: True, True),
        ("average days apart for back to back ldcts", ldct, False),
    ],
)
def test_days_apart_of_consecutive_studies(
    grounder: Grounder, engine: QueryEngine, question: str, test: Test, median: bool
) -> None:
    """Consecutive ("successive", "back to back") studies of a patient and a statistic of the
    days "apart" said after them (or before them) is that statistic of the days between each
    patient's consecutive studies of the kind (the question had been refused)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    gaps = _consecutive_gaps(test)
    want = median_of(gaps) if median else mean_of(gaps)
    assert abs(_value(engine, question) - want) < 0.011


@pytest.mark.parametrize(
    ("question", "median"),
    [
        ("mean days between first and latest ldct per patient", False),
        ("median days from earliest to last ldct, for each patient", True),
    ],
)
def test_a_span_statistic_said_per_patient(
    grounder: Grounder, engine: QueryEngine, question: str, median: bool
) -> None:
    """A span from the first to the latest study is each patient's already: "per patient" after
    it says so again, and the statistic is over the patients with two such dates or more
    ("per" had been left unplaced and the question refused)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    spans = _spans(ldct)
    want = median_of(spans) if median else mean_of(spans)
    assert abs(_value(engine, question) - want) < 0.011


def _two_of_one_patient() -> tuple[Row, Row]:
    for p in pats():
        mine = own(p["patient_id"])
        if len(mine) >= 3 and mine[0]["study_date"] < mine[2]["study_date"]:
            return mine[0], mine[2]
    raise AssertionError("no patient with three studies")


@pytest.mark.parametrize(
    "form",
    [
        "accession {a} and accession {b}, how many days apart",
        "how many days apart are accession {a} and accession {b}",
        "from acc {a} to acc {b}: how many days apart?",
    ],
)
def test_days_apart_of_two_named_studies(engine: QueryEngine, form: str) -> None:
    """Two studies named by accession and "how many days apart" is the days between them, as
    "how many days between accession A and accession B" reads (the studies had been listed,
    warned)."""
    a, b = _two_of_one_patient()
    question = form.format(a=a["accession"], b=b["accession"])
    got = answer(engine, question).to_json()
    days = days_between(a["study_date"], b["study_date"])
    assert got["warnings"] == [], (question, got["warnings"])
    # one patient's days: unit count, count = the days, value kept (session 28, A)
    assert (got["unit"], got["count"], got["value"]) == ("count", days, float(days)), question


# --- breakdowns ---------------------------------------------------------------------------------


def test_values_joined_by_slashes_before_split_are_the_groups(engine: QueryEngine) -> None:
    """ "A / B split of X" counts X per the field of A and B, of the groups named, as "A vs B"
    does (the slashes had been read as "or" and "split" left unread, warned)."""
    question = "spiculated / smooth split of rul nodules"
    rul = [f for s in studies() for f in nods(s) if f["lobe"] == "RUL"]
    want = Counter(f["margin"] for f in rul if f["margin"] in ("spiculated", "smooth"))
    assert _groups(engine, question) == dict(want)
    cts = [s for s in studies() if head_ct(s) and s["station"] in ("CT01", "CT02")]
    assert _groups(engine, "ct01/ct02 breakdown of head cts") == dict(
        Counter(s["station"] for s in cts)
    )


@pytest.mark.parametrize("closing", ["breakdown", "split", "distribution"])
def test_a_field_then_its_breakdown_word(engine: QueryEngine, closing: str) -> None:
    """ "attenuations of lll nodules, breakdown" counts those nodules per attenuation, as "...,
    counts" did ("breakdown" had been left unread and the nodules' studies listed, warned)."""
    question = f"attenuations of lll nodules, {closing}"
    lll = [f for s in studies() for f in nods(s) if f["lobe"] == "LLL"]
    assert _groups(engine, question) == dict(Counter(f["attenuation"] for f in lll))


@pytest.mark.parametrize(
    ("question", "field", "of"),
    [
        ("how many of each station", "station", "studies"),
        ("how many ldcts for each scanner", "station", "ldcts"),
        ("how many nodules of each margin", "margin", "nodules"),
        ("how many of each study description are there", "description", "studies"),
    ],
)
def test_how_many_of_each_field(engine: QueryEngine, question: str, field: str, of: str) -> None:
    """ "how many (X) of / for each <field>" counts X per that field, X being the field's own
    unit when not said (a station's studies, a margin's nodules); it had been refused."""
    if of == "nodules":
        rows = [f for s in studies() for f in nods(s)]
    else:
        rows = [s for s in studies() if of == "studies" or ldct(s)]
    assert _groups(engine, question) == dict(Counter(str(r[field]) for r in rows))


def test_how_many_of_each_after_what_is_counted(engine: QueryEngine) -> None:
    """Where what is counted was said before ("nodules over 8 mm: how many of each
    attenuation"), "how many of each <field>" counts those, with their conditions, per the
    field (the field's own unit would have counted every nodule of the studies, silently)."""
    question = "nodules over 8 mm: how many of each attenuation"
    big = [f for s in studies() for f in nods(s) if f["diameter_mm"] > 8]
    assert _groups(engine, question) == dict(Counter(f["attenuation"] for f in big))


# --- growth, new nodules and kinds of study -------------------------------------------------


def test_a_feature_slip_before_a_finding_noun(grounder: Grounder, engine: QueryEngine) -> None:
    """ "sold" right before a finding's noun is "solid" (one letter dropped makes an English
    word the corrector keeps elsewhere), said in a note (it had been left unread, warned)."""
    question = "sold nods in the lul"
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    assert any("'sold' read as solid" in note for note in query.notes)
    assert ids(engine, question, "study_uid") == sids(nod(att("solid"), in_lobe("LUL")))
    assert respell("patients who sold their car") == "patients who sold their car"


@pytest.mark.parametrize(
    "question",
    [
        "scans with a ggn that wasnt there on the prior scan",
        "studies showing a ggo which was not present on the previous study",
    ],
)
def test_not_there_before_is_new_for_any_finding_noun(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """A finding "that wasnt (was not) there / present on the previous scan" is a new one, for
    "ggn", "ggo", "nod" as for "nodule" (the words had been left unread, warned)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    got = ids(engine, question, "study_uid")
    assert got in (
        sids(fstudy(new(False), att("ground-glass"))),
        sids(fstudy(new(True), att("ground-glass"))),
    )


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("pulmonary embolism scans from 2025", lambda s: cta(s) and in_year(2025)(s)),
        ("pulmonary embolism cts run at ct02", lambda s: cta(s) and at_station("CT02")(s)),
        ("head cts ran on ct01", lambda s: head_ct(s) and at_station("CT01")(s)),
    ],
)
def test_pulmonary_embolism_studies_and_run_on(
    grounder: Grounder, engine: QueryEngine, question: str, test: Test
) -> None:
    """A CT for "pulmonary embolism", the words said out, is the cohort's CT angiogram, as "pe
    ct" is; a study "run / ran on (at)" a station is one done there (both had been left unread
    and every CT read, warned). The stations are the catalogue's, so the engine reads them."""
    del grounder
    assert answer(engine, question).to_json()["warnings"] == [], question
    assert ids(engine, question, "study_uid") == sids(test)


def test_features_spelt_right_are_not_respelt(grounder: Grounder) -> None:
    """The rule reads only a word that is no word of the reader's and one edit from exactly one
    feature: features spelt right, and other words before a finding's noun, keep their
    reading, with no note."""
    for question in ("solid nodules in the rul", "spiculated nods", "smooth ggns"):
        query = parse(grounder, question)
        assert query.notes == () and query.ignored == (), query
    # a slip of five letters or more is the grounder's, whose guess stays a caution (warned)
    assert parse(grounder, "calcifed nodules").cautions != ()
