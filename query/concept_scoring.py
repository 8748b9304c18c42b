"""Scoring report-concept extraction against hand-labelled report text.

Issue 23 asks that the concepts read from report text agree with what a radiologist meant, and
that this be measured per concept. This module reads the labelled corpus kept in
``tests/query/report_corpus/`` (one mini report per line, its expected concepts after ``||``),
runs the same reading :func:`reports.store.add_report` does (:func:`query.sentences.split_report`
then :func:`query.concepts.find_mentions`), and counts, per concept, how often a default query
("reports with X") would be right. Used by ``bench/report_concepts.py`` (the figures) and by
``tests/query/test_report_corpus.py`` (the floor the figures must not fall under).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from query.concepts import Mention, find_mentions
from query.sentences import split_report

__all__ = [
    "CONCEPT_CODES",
    "CorpusFormatError",
    "Label",
    "LabelledReport",
    "Scores",
    "load_corpus",
    "read_labels",
    "score",
]

CONCEPT_CODES = {
    "emph": "emphysema",
    "lad": "lymphadenopathy",
    "ptx": "pneumothorax",
    "eff": "pleural_effusion",
    "cons": "consolidation",
    "nod": "nodule",
    "mass": "mass",
    "gran": "granuloma",
    "cac": "coronary_calcification",
    "ich": "intracranial_hemorrhage",
}
STATUSES = ("present", "absent", "possible", "historical")
CHANGES = ("new", "stable", "increased", "decreased", "resolved")


class CorpusFormatError(ValueError):
    """A corpus line that does not follow ``TEXT || code=status[/change]; ...``."""


@dataclasses.dataclass(frozen=True)
class Label:
    """What a report says about one concept: its status and, when stated, its change."""

    status: str
    change: str | None = None


@dataclasses.dataclass(frozen=True)
class LabelledReport:
    """One corpus line: report text and the label of every concept it mentions."""

    line: int
    text: str
    labels: dict[str, Label]


def _label(entry: str, where: str) -> tuple[str, Label]:
    code, _, value = entry.partition("=")
    status, _, change = value.strip().partition("/")
    concept = CONCEPT_CODES.get(code.strip())
    if concept is None or status not in STATUSES or (change and change not in CHANGES):
        raise CorpusFormatError(f"{where}: cannot read the label {entry!r}")
    return concept, Label(status, change or None)


def load_corpus(path: Path) -> list[LabelledReport]:
    """The labelled reports of one corpus file (``#`` lines are comments; ``\\n`` is a newline)."""
    reports = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        text, sep, labels = raw.partition("||")
        if not sep or not text.strip():
            raise CorpusFormatError(f"{path.name}:{number}: no 'TEXT || labels' in {raw!r}")
        entries = [e for e in labels.split(";") if e.strip()]
        parsed = dict(_label(e, f"{path.name}:{number}") for e in entries)
        reports.append(LabelledReport(number, text.strip().replace("\\n", "\n"), parsed))
    return reports


def _mentions(text: str) -> list[Mention]:
    takes_section = "section" in inspect.signature(find_mentions).parameters
    found: list[Mention] = []
    for sentence in split_report(text):
        if takes_section:
            found += find_mentions(sentence.text, section=sentence.section)
        else:  # the reader before issue 23 had no notion of sections
            found += find_mentions(sentence.text)
    return found


def _status(mentions: Sequence[Mention]) -> str:
    """The status a reader gives a concept from all its mentions in one report."""
    if any(_counts(m) for m in mentions):
        return "present"
    if any(m.uncertain and not m.negated and not m.historical for m in mentions):
        return "possible"
    if any(m.negated and not m.historical for m in mentions):
        return "absent"  # "HISTORY: Pneumothorax. FINDINGS: No pneumothorax."
    if any(m.historical and not m.negated for m in mentions):
        return "historical"
    return "absent"


def _counts(mention: Mention) -> bool:
    """Would a default query ("reports with X") count this mention as X present?"""
    # Before issue 23 queries ignored the history flag; afterwards they leave history out.
    ignores_history = not hasattr(mention, "temporality")
    return (
        not mention.negated
        and not mention.uncertain
        and (ignores_history or not mention.historical)
    )


def read_labels(text: str) -> dict[str, Label]:
    """The label the extractor gives each concept it finds in ``text``."""
    by_concept: dict[str, list[Mention]] = {}
    for mention in _mentions(text):
        by_concept.setdefault(mention.concept, []).append(mention)
    labels = {}
    for concept, mentions in by_concept.items():
        changes = [c for m in mentions if (c := getattr(m, "change", None))]
        labels[concept] = Label(_status(mentions), changes[0] if changes else None)
    return labels


@dataclasses.dataclass
class Scores:
    """Counts over a corpus: per-concept detection of "present", status and change agreement."""

    true_pos: Counter[str] = dataclasses.field(default_factory=Counter)
    false_pos: Counter[str] = dataclasses.field(default_factory=Counter)
    false_neg: Counter[str] = dataclasses.field(default_factory=Counter)
    status_right: int = 0
    status_total: int = 0
    change_right: int = 0
    change_total: int = 0
    stable_read_absent: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)

    def f1(self, concept: str) -> tuple[float, float, float]:
        """Precision, recall and F1 of "present" for one concept (1.0 where nothing to find)."""
        tp, fp, fn = self.true_pos[concept], self.false_pos[concept], self.false_neg[concept]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def positives(self, concept: str) -> int:
        return self.true_pos[concept] + self.false_neg[concept]


def _score_one(scores: Scores, report: LabelledReport, found: dict[str, Label]) -> None:
    for concept in set(report.labels) | set(found):
        gold = report.labels.get(concept)
        got = found.get(concept)
        gold_present = gold is not None and gold.status == "present"
        got_present = got is not None and got.status == "present"
        scores.true_pos[concept] += gold_present and got_present
        scores.false_pos[concept] += got_present and not gold_present
        scores.false_neg[concept] += gold_present and not got_present
        if gold is not None:
            scores.status_total += 1
            scores.status_right += got is not None and got.status == gold.status
        if gold is not None and gold.change is not None:
            scores.change_total += 1
            scores.change_right += got is not None and got.change == gold.change
        if gold is not None and gold.change == "stable" and got is not None:
            scores.stable_read_absent += got.status == "absent"
        if (gold, got) != (None, None) and (gold is None or got != gold):
            scores.errors.append(f"line {report.line}: {concept} expected {gold} got {got}")


def score(
    reports: Iterable[LabelledReport], read: Callable[[str], dict[str, Label]] = read_labels
) -> Scores:
    """Compare a reader's reading of every report (by default ScanSide's) with its labels."""
    scores = Scores()
    for report in reports:
        _score_one(scores, report, read(report.text))
    return scores
