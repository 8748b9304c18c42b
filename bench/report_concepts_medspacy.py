"""Benchmark: what medspaCy's ConText would add to ScanSide's report reading (issue 23).

    python -m venv /tmp/msvenv && /tmp/msvenv/bin/pip install medspacy
    PYTHONPATH=. /tmp/msvenv/bin/python bench/report_concepts_medspacy.py

medspaCy is not a ScanSide dependency (it brings spaCy, about 100 MB, to an edge appliance);
this script lives apart to answer the issue's question "use a maintained clinical NLP library
where one fits, and measure what it adds". The concepts are found by ScanSide's own patterns
(:data:`query.vocabulary.REPORT_CONCEPTS`, look-alikes included) and the sections by
:func:`query.sentences.split_report`, so the comparison is of the ConText rules alone: medspaCy
1.3's default rules (negation, possible, hypothetical, historical, family) against
:mod:`query.context_rules`. medspaCy has no rules for change since the prior study.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

# This folder holds a query.py: keep it off the path so ``import query`` finds the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import medspacy  # noqa: E402
from spacy.tokens import Span  # noqa: E402

from query.concept_scoring import Label, load_corpus, read_labels, score  # noqa: E402
from query.concepts import _concept_hits  # noqa: E402
from query.sentences import split_report  # noqa: E402
from query.vocabulary import REPORT_CONCEPTS  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "query" / "report_corpus"
_HISTORY_SECTION = re.compile(
    r"HISTORY|INDICATION|REASON|COMPARISON|CLINICAL (?:INFORMATION|DATA|DETAILS|NOTES?)",
    re.IGNORECASE,
)

NLP = medspacy.load(enable=["medspacy_pyrush", "medspacy_context"])
CONTEXT = NLP.get_pipe("medspacy_context")


def _status(ent: Any, history_section: bool) -> str:
    if ent._.is_negated:
        return "absent"
    if ent._.is_uncertain or ent._.is_hypothetical:
        return "possible"
    if ent._.is_historical or history_section:
        return "historical"
    return "present"


_RANK = {"present": 0, "possible": 1, "absent": 2, "historical": 3}


def read_with_medspacy(text: str) -> dict[str, Label]:
    statuses: dict[str, list[str]] = {}
    for sentence in split_report(text):
        doc = NLP.make_doc(sentence.text)
        for token in doc:  # split_report already made the sentence
            token.is_sent_start = token.i == 0
        ents = []
        for index, hit in _concept_hits(sentence.text):
            span = doc.char_span(hit.start(), hit.end(), label=index, alignment_mode="expand")
            if span is not None and not any(
                span.start < e.end and e.start < span.end for e in ents
            ):
                ents.append(Span(doc, span.start, span.end, label=str(index)))
        doc.ents = ents
        doc = CONTEXT(doc)
        history = sentence.section is not None and bool(_HISTORY_SECTION.search(sentence.section))
        for ent in doc.ents:
            concept = REPORT_CONCEPTS[int(ent.label_)].concept
            statuses.setdefault(concept, []).append(_status(ent, history))
    return {c: Label(min(s, key=_RANK.__getitem__)) for c, s in statuses.items()}


def main() -> None:
    for part in ("tune", "heldout", "fresh"):
        reports = load_corpus(CORPUS / f"{part}.txt")
        for name, reader in (("scanside", read_labels), ("medspacy", read_with_medspacy)):
            started = time.perf_counter()
            scores = score(reports, reader)
            seconds = time.perf_counter() - started
            f1 = {
                c: round(scores.f1(c)[2], 2)
                for c in sorted(scores.true_pos | scores.false_neg)
                if scores.positives(c) >= 5
            }
            print(
                f"{part} {name}: status {scores.status_right}/{scores.status_total}, "
                f"stable read as absent {scores.stable_read_absent}, "
                f"{len(reports) / seconds:,.0f} reports/s\n  F1 {f1}"
            )


if __name__ == "__main__":
    main()
