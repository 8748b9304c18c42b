"""What the question-shape head (query/shapes.py) adds: the bank and the unexpressible questions
answered with it and without it, and what it costs in time.

    PYTHONPATH=. python bench/query_shapes.py [--catalogue FILE]

For each part of the question bank: exact answers, answers wrong without a warning, and false
alarms (an exact answer that the head's warning nonetheless questions). For the hand-written
unexpressible questions (tests/query/unexpressible_questions.py): how many are answered without
any warning (silently wrong), with and without the head. For the averages, percentages and
"every scan" asked in other words (tests/query/shape_paraphrases.py): exact answers, silent
wrong ones, and how many the first other reading offered would have answered exactly. Then
the time per question with and without it (median and p95 of ``Answer.elapsed_ms`` over the
whole bank).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

# bench/query.py is a module here: keep this folder off the path so ``import query`` finds the
# package; the bank and its independent answers live beside the query tests.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.append(str(HERE.parent / "tests" / "query"))

import cohort_reference as ref  # noqa: E402
from question_bank import PARTS, bank, score  # noqa: E402
from shape_paraphrases import paraphrases  # noqa: E402
from unexpressible_questions import UNEXPRESSIBLE  # noqa: E402

from appliance.catalogue.database import open_database  # noqa: E402
from appliance.errors import QueryError  # noqa: E402
from query.engine import QueryEngine  # noqa: E402
from reports.cohort_import import import_cohort  # noqa: E402

AS_OF = "2026-11-01"
MARK = "question-shape model"


def ask(engine: QueryEngine, question: str, as_of: str) -> dict[str, Any]:
    try:
        return engine.answer(question, as_of).to_json()
    except QueryError as exc:
        return {"error": exc.message}


def measure(engine: QueryEngine) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    times: list[float] = []
    for part in PARTS:
        items = [i for i in bank() if i.part == part]
        exact = silent = alarms = 0
        for item in items:
            answer = ask(engine, item.question, item.as_of)
            times.append(float(answer.get("elapsed_ms", 0.0)))
            outcome = score(lambda q, a, answer=answer: answer, item)
            exact += outcome.exact
            silent += not outcome.exact and not outcome.warned
            alarms += outcome.exact and any(MARK in w for w in answer.get("warnings", []))
        figures[part] = (len(items), exact, silent, alarms)
    unanswered = [ask(engine, q, AS_OF) for q in UNEXPRESSIBLE]
    figures["unexpressible_silent"] = [
        q
        for q, a in zip(UNEXPRESSIBLE, unanswered, strict=True)
        if "error" not in a and not a["warnings"]
    ]
    figures["unexpressible_flagged_by_head"] = sum(
        any(MARK in w for w in a.get("warnings", [])) for a in unanswered
    )
    exact = silent = offered = 0
    for item in paraphrases():
        answer = ask(engine, item.question, item.as_of)
        outcome = score(lambda q, a, answer=answer: answer, item)
        exact += outcome.exact
        silent += not outcome.exact and not outcome.warned
        others = answer.get("alternatives") or []
        if not outcome.exact and others:
            second = ask(engine, others[0], item.as_of)
            offered += score(lambda q, a, second=second: second, item).exact
    figures["paraphrases"] = (len(paraphrases()), exact, silent, offered)
    times.sort()
    figures["p50_ms"] = statistics.median(times)
    figures["p95_ms"] = times[int(0.95 * (len(times) - 1))]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path)
    args = parser.parse_args()
    catalogue = args.catalogue
    if catalogue is None:
        catalogue = Path(tempfile.mkdtemp()) / "catalogue.duckdb"
        with open_database(catalogue) as db:
            import_cohort(db, ref.COHORT)
    for label, shapes in (("rules only", False), ("rules + shape head", True)):
        with QueryEngine(catalogue, use_shapes=shapes) as engine:
            ask(engine, "nodules", AS_OF)  # load and warm up
            f = measure(engine)
        print(f"== {label}")
        for part in PARTS:
            n, exact, silent, alarms = f[part]
            print(
                f"  {part:11s} {n:4d} questions  exact {exact / n:6.1%}  wrong without warning "
                f"{silent} ({silent / n:.1%})  exact answers the head questioned {alarms}"
            )
        silent_q = f["unexpressible_silent"]
        print(
            f"  unexpressible {len(UNEXPRESSIBLE)}: answered without a warning "
            f"{len(silent_q)}; flagged by the head {f['unexpressible_flagged_by_head']}"
        )
        for q in silent_q:
            print(f"     silent: {q}")
        n, exact, silent, offered = f["paraphrases"]
        print(
            f"  shape paraphrases {n}: exact {exact}, wrong without warning {silent}, "
            f"right on the first other reading offered {offered}"
        )
        print(f"  elapsed per question: p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
