"""The families part 34 (``bank_fresh_34.py``) showed missing, share B: counts per patient
("imaged at least N times", "more than one <study>", "N or more nodules" per study), rankings
said in words ("the N most voluminous", "measuring the longest along" a field, "among X, the N
whose <field> is <superlative>"), averages and shares said in other ways ("on average how many
... does a <study> carry", "typical (median) ... count a patient racks up", "share (%)"), a
bracketed "(report states none)", a station's "workload" and a category change "from one study
to the next".

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`, :mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    at_station,
    att,
    chest_ct,
    count,
    dated,
    denies,
    head_ct,
    ldct,
    nods,
    nodule_rows,
    own,
    pats,
    pct,
    pids,
    sids,
    studies,
    top,
    went,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def per_patient(kind: Callable[[Row], bool], enough: Callable[[int], bool]) -> list[str]:
    """Patients whose number of studies of a kind passes ``enough``."""
    return sorted(
        p["patient_id"] for p in pats() if enough(sum(1 for s in own(p["patient_id"]) if kind(s)))
    )


# --- counts per patient and per study -----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "patients imaged at least four times",
            lambda: per_patient(lambda s: True, lambda k: k >= 4),
        ),
        ("patients seen 2 or more times", lambda: per_patient(lambda s: True, lambda k: k >= 2)),
        ("patients who had more than one chest ct", lambda: per_patient(chest_ct, lambda k: k > 1)),
    ],
)
def test_a_number_of_studies_per_patient(
    engine: QueryEngine, question: str, expected: Callable[[], list[str]]
) -> None:
    """'scanned / imaged / seen ... N times' and 'more than one <study>' count each patient's
    studies (more than one is two or more)."""
    assert ids(engine, question, "patient_id") == expected()


def test_n_or_more_nodules_after_w_is_per_study(engine: QueryEngine) -> None:
    """'w 3 or more nodules' is the number of nodules on one study, not a size."""
    expected = sids(chest_ct, lambda s: len(nods(s)) >= 3)
    assert ids(engine, "chest cts w 3 or more nodules", "study_uid") == expected


# --- rankings said in words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "show me the 3 most voluminous nodules in the cohort",
            lambda: top(nodule_rows(), lambda f: -f["volume_mm3"], 3, "finding_id"),
        ),
        (
            "the 6 least voluminous nodules",
            lambda: top(nodule_rows(), lambda f: f["volume_mm3"], 6, "finding_id"),
        ),
        (
            "the 3 nodules measuring the largest along the short axis",
            lambda: top(nodule_rows(), lambda f: -f["short_axis_mm"], 3, "finding_id"),
        ),
        (
            "among solid nodules the 3 having the highest volume",
            lambda: top(nodule_rows(att("solid")), lambda f: -f["volume_mm3"], 3, "finding_id"),
        ),
        (
            "among ground-glass nodules, the 4 whose long axis is longest",
            lambda: top(
                nodule_rows(att("ground-glass")), lambda f: -f["long_axis_mm"], 4, "finding_id"
            ),
        ),
    ],
)
def test_rankings_said_in_words(
    engine: QueryEngine, question: str, expected: Callable[[], list[str] | None]
) -> None:
    """'most / least voluminous' is the largest / smallest volume; 'measuring the <sup> along'
    a field and 'among X, the N whose <field> is <sup>' rank the findings by that field."""
    want = expected()
    assert want is not None, "a tie at the boundary: choose another N"
    assert ids(engine, question, "finding_id") == want


def test_a_ranking_in_words_reads_every_word(grounder: Grounder) -> None:
    query = parse(grounder, "among solid nodules, the 3 whose volume is largest")
    assert clean_reading(query)
    assert query.top is not None


# --- averages and shares ------------------------------------------------------------------------


def test_on_average_how_many_a_study_carries(engine: QueryEngine) -> None:
    """'on average how many nodules does a head ct / an ldct carry': the mean number per study,
    a study without any counting 0."""
    ld = [s for s in studies() if ldct(s)]
    got = answer(engine, "on average how many nodules does an ldct contain")
    assert got.unit == "value" and got.value is not None
    assert got.value == pytest.approx(statistics.mean(len(nods(s)) for s in ld), abs=0.011)


@pytest.mark.parametrize(
    ("question", "statistic"),
    [
        ("typical (median) study count a patient has", statistics.median),
        ("typical (average) scan count a patient accumulates", statistics.mean),
    ],
)
def test_a_typical_count_per_patient(
    engine: QueryEngine, question: str, statistic: Callable[[list[int]], float]
) -> None:
    """The statistic in brackets after 'typical' names it; the count 'a patient has / racks up'
    is the number of studies per patient."""
    per = [len(own(p["patient_id"])) for p in pats()]
    got = answer(engine, question)
    assert got.unit == "value" and got.value is not None
    assert got.value == pytest.approx(statistic(per), abs=0.011)


def test_a_share_marked_percent(engine: QueryEngine) -> None:
    """'what share (%) of': the percentage."""
    got = answer(engine, "what share (%) of head cts were acquired at ct01")
    assert got.unit == "value" and got.value is not None
    want = pct(count(head_ct, at_station("CT01")), count(head_ct))
    assert want is not None
    assert got.value == pytest.approx(want, abs=0.011)


# --- a stated absence, a workload, a change between consecutive studies -------------------------


def test_report_states_none_is_a_negated_mention(engine: QueryEngine) -> None:
    """'without X (report states none)': the report says there is no X, not only 'X not
    affirmed' (the plain 'without' reading)."""
    expected = sids(chest_ct, denies("emphysema"))
    got = ids(engine, "chest cts w/o emphysema (report states none)", "study_uid")
    assert got == expected
    plain = ids(engine, "chest cts without emphysema", "study_uid")
    assert plain != expected  # the bracket changes the reading


def test_a_station_workload_is_its_number_of_studies(engine: QueryEngine) -> None:
    got = answer(engine, "ct01 workload for june 2025")
    assert got.unit == "count"
    assert got.count == count(at_station("CT01"), dated("2025-06-01", "2025-06-30"))


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("patients whose lung-rads went up from one exam to the next", 1),
        ("pts whose lung-rads went down from one scan to the next one", -1),
    ],
)
def test_from_one_study_to_the_next_adds_nothing(
    engine: QueryEngine, question: str, direction: int
) -> None:
    """A category change is between consecutive studies already: 'from one study to the next'
    is no count of studies per patient."""
    assert ids(engine, question, "patient_id") == pids(went(direction))


def test_one_study_elsewhere_is_still_a_count(engine: QueryEngine) -> None:
    """Without a change verb before it, 'one study' keeps its reading: exactly one per patient."""
    got = ids(engine, "patients with exactly one study", "patient_id")
    assert got == per_patient(lambda s: True, lambda k: k == 1)
