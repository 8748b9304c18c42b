"""Two findings each said "on any study" are each on some study of the patient, not both on one.

"patients with a mass on any study and a pneumothorax on any study" had read "on any study" as
nothing and asked for one study with both (1 patient where 2 have each), without a warning.
Expected answers come from the cohort in plain Python (:mod:`blind_reference`).
"""

from __future__ import annotations

from collections.abc import Callable

import blind_reference as b
import pytest
from family_reading import Row, answer

from query.engine import QueryEngine

Test = Callable[[Row], bool]


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "patients with a mass on any study and a pneumothorax on any study",
            b.kind("mass"),
            b.kind("pneumothorax"),
        ),
        (
            "pts having a mass on some scan and a spiculated nodule on some scan",
            b.kind("mass"),
            b.nod(b.margin("spiculated")),
        ),
    ],
)
def test_each_finding_is_on_some_study_of_the_patient(
    engine: QueryEngine, question: str, first: Test, second: Test
) -> None:
    expected = b.history(b.each_on_some(first, second))
    same_study = b.pids(b.both_(first, second))
    assert expected != same_study  # the old reading gave another answer
    reply = answer(engine, question)
    assert not reply.warnings, reply.warnings
    assert sorted({r["patient_id"] for r in reply.rows}) == expected


def test_another_study_is_left_warned(engine: QueryEngine) -> None:
    # two different studies: the typed query cannot ask it, so the word stays unread and warned
    reply = answer(engine, "pts having a ggn on some scan and a solid nodule on another scan")
    assert any("another" in w for w in reply.warnings)
