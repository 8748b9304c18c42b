"""The report reader agrees with the labelled corpus: the part it was tuned on and the held-out one.

The corpus (``report_corpus/tune.txt`` and ``heldout.txt``) is report text written for ScanSide in
the phrasings of issue 23. These floors keep the figures of ``bench/report_concepts.py`` from
sliding back; they are not the issue's target, which is measured on real reports elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from query.concept_scoring import CorpusFormatError, Label, load_corpus, read_labels, score

CORPUS = Path(__file__).parent / "report_corpus"


@pytest.mark.parametrize("part", ["tune", "heldout", "fresh"])
def test_every_concept_with_five_positives_reaches_f1_090(part: str) -> None:
    scores = score(load_corpus(CORPUS / f"{part}.txt"))
    concepts = {c for c in scores.true_pos | scores.false_neg if scores.positives(c) >= 5}
    assert len(concepts) >= 6
    below = {c: round(scores.f1(c)[2], 2) for c in concepts if scores.f1(c)[2] < 0.90}
    assert below == {}


@pytest.mark.parametrize("part", ["tune", "heldout", "fresh"])
def test_no_change_in_a_finding_is_never_read_as_absent(part: str) -> None:
    assert score(load_corpus(CORPUS / f"{part}.txt")).stable_read_absent == 0


@pytest.mark.parametrize("part", ["tune", "heldout", "fresh"])
def test_status_and_change_agree_with_the_labels(part: str) -> None:
    scores = score(load_corpus(CORPUS / f"{part}.txt"))
    assert scores.status_total > 100
    assert scores.status_right / scores.status_total >= 0.95
    assert scores.change_right / scores.change_total >= 0.90


def test_the_corpus_is_several_hundred_labelled_reports() -> None:
    sizes = {part: len(load_corpus(CORPUS / f"{part}.txt")) for part in ("tune", "heldout")}
    assert sizes["tune"] >= 300
    assert sizes["heldout"] >= 150


def test_a_report_is_read_as_a_default_query_counts_it() -> None:
    assert read_labels("HISTORY: Emphysema.\nFINDINGS: No change in the 5 mm nodule.") == {
        "emphysema": Label("historical"),
        "nodule": Label("present", "stable"),
    }


def test_a_malformed_corpus_line_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.txt"
    corpus.write_text("Small effusion. || eff=maybe\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"bad\.txt:1"):
        load_corpus(corpus)
