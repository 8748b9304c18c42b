"""Splitting a radiology report into sections and sentences.

Report text is short and formulaic ("FINDINGS: ... IMPRESSION: ..."), so a small rule-based
splitter is enough and keeps decimal numbers ("1.5 cm") and abbreviations ("e.g.") intact.
Called by :mod:`reports.store` before concept extraction and embedding.
"""

from __future__ import annotations

import dataclasses
import re

__all__ = ["Sentence", "split_report"]

_HEADING = re.compile(r"^\s*([A-Z][A-Z /]{2,40}):\s*")
_BOUNDARY = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(])")
_ABBREVIATIONS = ("e.g.", "i.e.", "approx.", "vs.", "cf.", "no.", "dr.")


@dataclasses.dataclass(frozen=True)
class Sentence:
    """One sentence of a report and the section heading it falls under (if any)."""

    number: int
    section: str | None
    text: str


def _pieces(line: str) -> list[str]:
    parts = _BOUNDARY.split(line)
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].lower().endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [p.strip() for p in merged if p.strip()]


def split_report(text: str) -> list[Sentence]:
    """Return the report's sentences in order, each with its section heading.

    A heading starts a line or a sentence: "INDICATION: Cough. FINDINGS: No effusion." has two
    sections, which matters because a finding named under INDICATION is not a finding.
    """
    sentences: list[Sentence] = []
    section: str | None = None
    for line in text.replace("\r", "\n").split("\n"):
        for piece in _pieces(line):
            heading = _HEADING.match(piece)
            if heading:
                section = heading.group(1).strip()
                piece = piece[heading.end() :].strip()  # noqa: PLW2901
            if piece:
                sentences.append(Sentence(len(sentences), section, piece))
    return sentences
