"""ScanSide answers its own bank of several hundred questions exactly, and never silently wrong.

The bank (:mod:`question_bank`) has a part the reader was developed against and eleven held-out
parts (the fourth and fifth, :mod:`bank_issue17`, for averages, percentages, every scan,
periods compared and "without"; the sixth to eleventh, :mod:`bank_follow_up`, for medians,
ages, per-patient averages, intervals between scans and a nodule over time), and parts 13 to
27 (:mod:`bank_fresh_13` to :mod:`bank_fresh_27`: each written blind and measured once
ungated, now tuned); the answers are
computed apart from the engine. Each part must be answered exactly on at least 95 % of its
questions, and at most 1 % may be wrong without a warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bank_follow_up import LATER_FAMILIES
from bank_later_families import FAMILY_NAMES
from question_bank import PARTS, Item, Outcome, bank, figures, score

from appliance.errors import QueryError
from query.engine import QueryEngine

# One worker asks the whole bank once: split across workers, each had built and asked it again
# (about four minutes each on the CI's two cores).
pytestmark = pytest.mark.xdist_group("question_bank")


@pytest.fixture(scope="module")
def outcomes(engine: QueryEngine) -> list[Outcome]:
    def answer_json(question: str, as_of: str) -> dict[str, Any]:
        try:
            return engine.answer(question, as_of).to_json()
        except QueryError as exc:
            return {"error": exc.message}

    return [score(answer_json, item) for item in bank()]


def test_the_bank_is_large_and_covers_every_family(cohort_dir: Path) -> None:
    items: list[Item] = bank()
    families = {item.family for item in items}
    assert len(items) >= 300
    assert {"identifiers", "dates", "attenuation", "counts", "set_logic", "lung_rads"} <= families
    assert {"aggregates", "every_scan", "compare_studies", "without_scope"} <= families
    assert {"medians", "average_age", "per_unit_averages", "intervals"} <= families
    assert set(FAMILY_NAMES) <= families  # tune only (bank_later_families)
    # parts 13 to 28 name some families their own way ("numbers", "reports", "ages", ...)
    fresh_parts = (
        "held_out_13",
        "held_out_14",
        "held_out_15",
        "held_out_16",
        "held_out_17",
        "held_out_18",
        "held_out_19",
        "held_out_20",
        "held_out_21",
        "held_out_21_unsettled",
        "held_out_22",
        "held_out_23",
        "held_out_24",
        "held_out_25",
        "held_out_26",
        "held_out_27",
        "held_out_28",
        "held_out_29",
        "held_out_30",
        "held_out_31",
        "held_out_32",
        "held_out_33",
        "held_out_34",
        "held_out_35",
        "held_out_36",
        "held_out_37",
        "held_out_38",
        "held_out_39",
        "held_out_40",
        "held_out_41",
        "held_out_42",
        "held_out_44",
        "held_out_48",
        "held_out_49",
    )
    part_13 = {i.family for i in items if i.part in fresh_parts}
    others = {i.family for i in items if i.part not in ("tune", *fresh_parts)}
    assert part_13 - others
    for part in ("held_out", "held_out_2", "held_out_3"):  # the first twelve families
        assert {i.family for i in items if i.part == part} == (
            families - set(LATER) - set(FOLLOW) - set(FAMILY_NAMES) - (part_13 - others)
        )
    for part in ("held_out_4", "held_out_5"):  # the families added later
        assert {i.family for i in items if i.part == part} == set(LATER)
    assert {i.family for i in items if i.part == "held_out_6"} == set(FOLLOW) - {"over_time"}
    assert {i.family for i in items if i.part == "held_out_7"} == {"over_time"}
    assert {i.family for i in items if i.part == "held_out_8"} == set(FOLLOW)
    assert {i.family for i in items if i.part == "held_out_9"} == set(FOLLOW)
    assert {i.family for i in items if i.part == "held_out_10"} == set(FOLLOW)
    assert {i.family for i in items if i.part == "held_out_11"} == {"per_unit_averages"}
    assert {i.family for i in items if i.part == "tune"} == families


LATER = ("aggregates", "every_scan", "compare_studies", "without_scope")
FOLLOW = LATER_FAMILIES  # medians, ages, per-patient averages, intervals (bank_follow_up)


@pytest.mark.parametrize("part", PARTS)
def test_each_part_is_answered_exactly_and_never_silently_wrong(
    outcomes: list[Outcome], part: str
) -> None:
    mine = [o for o in outcomes if o.item.part == part]
    exact, silent = figures(mine)
    print(f"\n{part}: {len(mine)} questions, exact {exact:.1%}, wrong without warning {silent:.1%}")
    misses = [f"{o.item.question!r}: {o.reading}" for o in mine if not o.exact]
    silent_misses = [f"{o.item.question!r}: {o.reading}" for o in mine if not (o.exact or o.warned)]
    assert exact >= 0.95, misses
    assert silent <= 0.01, silent_misses
