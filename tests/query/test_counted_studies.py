"""A patient's number of studies, when the count names what each study shows.

"patients with 2 or more studies with a growing nodule" asks for at least two studies that each
show a growing nodule; it had been answered, silently, as a growing nodule on some study and 2
or more studies in all. A comma or an "and" keeps the count over all studies. Expected answers
come from the cohort in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable

import blind_reference as b
import cohort_reference as ref
import pytest
from family_reading import Row, answer

from query.engine import QueryEngine


def _patients_with(at_least: int, exactly: bool, shows: Callable[[Row], bool]) -> list[str]:
    def enough(mine: list[Row]) -> bool:
        n = sum(1 for s in mine if shows(s))
        return n == at_least if exactly else n >= at_least

    return b.history(enough)


def _ids(engine: QueryEngine, question: str) -> list[str]:
    reply = answer(engine, question)
    assert not reply.warnings, reply.warnings
    return sorted({row["patient_id"] for row in reply.rows})


@pytest.mark.parametrize(
    ("question", "at_least", "exactly", "shows"),
    [
        ("patients with 2 or more studies with a growing nodule", 2, False, ref.grew),
        ("pts with at least 2 scans showing a solid nodule", 2, False, b.nod(b.att("solid"))),
        ("patients with exactly 2 studies with a calcified nodule", 2, True, b.nod(b.calcified)),
        ("how many pts had 2+ cts with a nodule > 8 mm", 2, False, b.nod(b.gt("diameter_mm", 8))),
    ],
)
def test_the_studies_counted_each_show_the_finding(
    engine: QueryEngine,
    question: str,
    at_least: int,
    exactly: bool,
    shows: Callable[[Row], bool],
) -> None:
    expected = _patients_with(at_least, exactly, shows)
    assert expected  # the cohort has such patients ...
    wider = b.history(lambda mine: len(mine) >= at_least and any(map(shows, mine)))
    assert expected != wider  # ... and the old reading gave another answer
    assert _ids(engine, question) == expected


def test_the_reading_says_what_the_studies_show(engine: QueryEngine) -> None:
    reply = answer(engine, "patients with 2 or more studies with a growing nodule")
    assert "the patient has >= 2 studies with a nodule: grew" in reply.interpretation


def test_a_report_concept_is_counted_on_the_studies_too(engine: QueryEngine) -> None:
    """In this cohort a report's emphysema is on every study of its patient, so the answer is
    the same either way; the reading says which studies were counted."""
    question = "patients with 3 or more scans with emphysema"
    reply = answer(engine, question)
    assert ">= 3 studies where report mentions emphysema" in reply.interpretation
    assert _ids(engine, question) == _patients_with(3, False, b.says("emphysema"))


@pytest.mark.parametrize(
    "question",
    [
        "patients with 2 or more studies and a calcified nodule",
        "patients with 2 or more studies, with a calcified nodule",
    ],
)
def test_an_and_or_a_comma_keeps_the_count_over_all_studies(
    engine: QueryEngine, question: str
) -> None:
    expected = b.history(lambda mine: len(mine) >= 2 and any(map(b.nod(b.calcified), mine)))
    assert _ids(engine, question) == expected
