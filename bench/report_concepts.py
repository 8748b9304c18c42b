"""Benchmark: how well, and how fast, report text is read for concepts (issue 23).

    PYTHONPATH=. python bench/report_concepts.py [--errors] [--speed-reports 50000]

1. Agreement with the labelled corpus in ``tests/query/report_corpus/`` (tune part, on which the
   rules were developed; held-out part, written with it and never tuned on; fresh part, written
   after the rules were frozen, scored once, then used to fix what it showed, so no longer held
   out: see docs/query.md for the first-score figures): per concept precision, recall and F1
   of "present" as a default query counts it, the share of labelled concepts given the right
   status (present / absent / possible / historical) and change (new / stable / increased /
   decreased / resolved), and how many "no change in X"-style statements were read as X absent.
2. Speed: the reading :func:`reports.store.add_reports` does (split into sentences, find
   mentions), without embedding, over the shared cohort's reports repeated to ``--speed-reports``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# This folder holds a query.py: keep it off the path so ``import query`` finds the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from query.concept_scoring import CONCEPT_CODES, Scores, load_corpus, score  # noqa: E402
from query.concepts import find_mentions  # noqa: E402
from query.sentences import split_report  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "query" / "report_corpus"
COHORT_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "cohort" / "reports.jsonl"


def table(name: str, scores: Scores) -> str:
    lines = [
        f"## {name}",
        "| concept | positives | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    for concept in sorted(CONCEPT_CODES.values()):
        if not scores.positives(concept) and not scores.false_pos[concept]:
            continue
        p, r, f = scores.f1(concept)
        lines.append(f"| {concept} | {scores.positives(concept)} | {p:.2f} | {r:.2f} | {f:.2f} |")
    lines.append(
        f"\nstatus right {scores.status_right}/{scores.status_total}, "
        f"change right {scores.change_right}/{scores.change_total}, "
        f"stable statements read as absent: {scores.stable_read_absent}"
    )
    return "\n".join(lines)


def reports_per_second(count: int) -> float:
    texts = [json.loads(line)["text"] for line in COHORT_REPORTS.read_text().splitlines()]
    texts = (texts * (count // len(texts) + 1))[:count]
    started = time.perf_counter()
    for text in texts:
        for sentence in split_report(text):
            find_mentions(sentence.text)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--heldout-errors", action="store_true", help="also for the held-out part")
    parser.add_argument("--speed-reports", type=int, default=0)
    args = parser.parse_args()
    for part in ("tune", "heldout", "fresh"):
        scores = score(load_corpus(CORPUS / f"{part}.txt"))
        print(table(part, scores), "\n")
        if (args.errors and part == "tune") or args.heldout_errors:
            print("\n".join(scores.errors), "\n")
    if args.speed_reports:
        print(f"reading speed: {reports_per_second(args.speed_reports):,.0f} reports/s")


if __name__ == "__main__":
    main()
