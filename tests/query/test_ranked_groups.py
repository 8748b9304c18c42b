"""A question about a field itself is a breakdown, ranked where a superlative asks for it.

"which lobe has the most nodules" had been answered with the one study with the most nodules,
and "which lobes have nodules" with every study with a nodule, both without a warning; "which
station has the most studies" was refused. Expected answers come from the cohort in plain
Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import blind_reference as b
import pytest
from family_reading import Row, answer

from query.engine import QueryEngine
from query.ranked_groups import find_group_order, ranked_groups
from query.typed_query import GroupOrder


def _nodules_per_lobe(*tests: Callable[[Row], bool]) -> Counter[str]:
    return Counter(
        f["lobe"] for f in b.findings() if b.is_nodule(f) and f["lobe"] and all(t(f) for t in tests)
    )


def _studies_per(field: str, test: Callable[[Row], bool] = lambda s: True) -> Counter[str]:
    return Counter(str(s[field]).upper() for s in b.studies() if test(s) and s[field])


def _ranked(counts: Counter[str], n: int, most: bool = True) -> dict[str, int]:
    """The groups whose count ranks in the first ``n``, ties kept (SQL's rank())."""
    values = sorted(counts.values(), reverse=most)
    cut = values[min(n, len(values)) - 1]
    return {k: v for k, v in counts.items() if (v >= cut if most else v <= cut)}


def _groups(rows: Iterable[Row], key: str) -> dict[str, int]:
    return {str(r[key]): int(r["count"]) for r in rows}


@pytest.mark.parametrize(
    ("question", "n", "most", "tests"),
    [
        ("which lobe has the most nodules", 1, True, ()),
        ("which lobe has the fewest nodules?", 1, False, ()),
        ("which 2 lobes have the most solid nodules", 2, True, (b.att("solid"),)),
        ("most common lobe for ggns", 1, True, (b.att("ground-glass"),)),
        ("the lobe with the most spiculated nodules", 1, True, (b.margin("spiculated"),)),
        ("which lobe do most nodules occur in", 1, True, ()),
    ],
)
def test_which_lobe_has_the_most_is_the_lobes_ranked_by_their_count(
    engine: QueryEngine,
    question: str,
    n: int,
    most: bool,
    tests: tuple[Callable[[Row], bool], ...],
) -> None:
    reply = answer(engine, question)
    assert not reply.warnings, reply.warnings
    assert _groups(reply.rows, "lobe") == _ranked(_nodules_per_lobe(*tests), n, most)
    assert "the" in reply.interpretation and "with the" in reply.interpretation


def test_a_station_ranking_counts_studies(engine: QueryEngine) -> None:
    reply = answer(engine, "which station has the most studies")
    assert _groups(reply.rows, "station") == _ranked(_studies_per("station"), 1)
    reply = answer(engine, "top 2 stations by number of ldcts")
    assert _groups(reply.rows, "station") == _ranked(_studies_per("station", b.ldct), 2)


@pytest.mark.parametrize(
    ("question", "tests"),
    [
        ("which lobes have nodules", ()),
        ("which lobes have spiculated nodules?", (b.margin("spiculated"),)),
        ("in which lobes are the calcified nodules", (b.calcified,)),
        ("which lobes do the part-solid nodules sit in", (b.att("part-solid"),)),
    ],
)
def test_which_lobes_is_the_breakdown_by_lobe(
    engine: QueryEngine, question: str, tests: tuple[Callable[[Row], bool], ...]
) -> None:
    reply = answer(engine, question)
    assert not reply.warnings, reply.warnings
    expected = _nodules_per_lobe(*tests)
    assert _groups(reply.rows, "lobe") == dict(expected)
    assert [r["lobe"] for r in reply.rows] == sorted(expected)  # listed by value


def test_an_order_said_after_a_breakdown_orders_it(engine: QueryEngine) -> None:
    counts = _nodules_per_lobe()
    reply = answer(engine, "nodules per lobe, highest first")
    assert not reply.warnings, reply.warnings
    assert [int(r["count"]) for r in reply.rows] == sorted(counts.values(), reverse=True)
    reply = answer(engine, "nodule count by lobe in ascending order")
    assert [int(r["count"]) for r in reply.rows] == sorted(counts.values())
    reply = answer(engine, "studies per station, top 2")
    assert _groups(reply.rows, "station") == _ranked(_studies_per("station"), 2)


def test_a_superlative_of_one_finding_is_no_breakdown() -> None:
    # "the largest nodule" is one finding, ranked by its size; its lobe is not a grouping
    assert ranked_groups("which lobe has the largest nodule") == "which lobe has the largest nodule"
    assert ranked_groups("which lobe is the largest nodule in").startswith("which lobe is")
    assert ranked_groups("which patients have the most nodules").startswith("which patients")


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("nodules per lobe, most first", GroupOrder(None, True)),
        ("nodules per lobe ranked by count, fewest first, top 2", GroupOrder(2, False)),
        ("studies by station in descending order", GroupOrder(None, True)),
        ("ggns by lobe, bottom 1", GroupOrder(1, False)),
        ("studies per station, top three", GroupOrder(3, True)),
    ],
)
def test_the_orders_a_breakdown_takes(text: str, order: GroupOrder) -> None:
    found = find_group_order(text)
    assert found is not None and found.order == order
    assert found.end == len(text)


def test_a_number_said_in_words_is_a_whole_word(engine: QueryEngine) -> None:
    # "often" had been read as "of ten": a diameter of exactly 10 mm, with only a caution
    reply = answer(engine, "which lobes are affected most often")
    assert "10" not in reply.interpretation
    assert _groups(reply.rows, "lobe") == _ranked(_nodules_per_lobe(), 1)
