"""Finding concept mentions in report sentences, with certainty, temporality and change (ConText).

"No emphysema." names emphysema but does not report it; "No change in the 5 mm nodule." reports
a nodule that is there and stable; "May reflect a small effusion." hedges; "History of
pneumothorax." and a finding named under INDICATION are not findings of this study. Following
NegEx (Chapman et al., 2001) and ConText (Harkema et al., 2009), the trigger phrases of
:mod:`query.context_rules` open scopes over the words before or after them, and every concept
mention gets the effect of the nearest trigger whose scope covers it:

- a ``forward`` scope runs to the next terminator ("but", "however"), semicolon or sentence end,
  over commas (so "No consolidation, effusion, or pneumothorax" negates all three) but not past a
  comma that opens a comparison ("No effusion, stable emphysema");
- a ``backward`` scope runs back to the previous comma or terminator;
- a ``both`` scope covers the trigger's own comma-clause, and the clause before it when its own
  clause names no concept ("Mediastinal adenopathy, unchanged.").

Called by :mod:`reports.store` for every sentence it stores, with the sentence's section heading
(a mention under HISTORY or INDICATION is historical).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Literal

from query.context_rules import Change, Trigger, find_triggers
from query.vocabulary import REPORT_CONCEPTS

__all__ = ["Certainty", "Mention", "Temporality", "counts_by_default", "find_mentions"]

Certainty = Literal["affirmed", "negated", "possible"]
Temporality = Literal["current", "historical"]

_HISTORY_SECTION = re.compile(
    r"HISTORY|INDICATION|REASON|COMPARISON|CLINICAL (?:INFORMATION|DATA|DETAILS|NOTES?)",
    re.IGNORECASE,
)
_SOFT_BREAK = re.compile(r"[,;:]")
_HARD_BREAK = re.compile(r"[;:]")
_Span = tuple[int, int]


@dataclasses.dataclass(frozen=True)
class Mention:
    """One concept named in one sentence, with its ConText properties."""

    concept: str
    code: str | None
    matched: str
    start: int
    certainty: Certainty = "affirmed"
    temporality: Temporality = "current"
    change: Change | None = None

    @property
    def negated(self) -> bool:
        """Said to be absent: "No emphysema.", "The effusion has resolved."."""
        return self.certainty == "negated"

    @property
    def uncertain(self) -> bool:
        """Hedged: "possible", "may reflect", "cannot be excluded"."""
        return self.certainty == "possible"

    @property
    def historical(self) -> bool:
        """History, not this study: "history of", "status post", or the INDICATION section."""
        return self.temporality == "historical"


def counts_by_default(mention: Mention) -> bool:
    """A mention a default query ("reports with X") counts: affirmed and current."""
    return mention.certainty == "affirmed" and mention.temporality == "current"


@dataclasses.dataclass(frozen=True)
class _Sentence:
    """A sentence with its triggers and the boundaries their scopes stop at."""

    text: str
    triggers: list[Trigger]
    soft: list[int]  # commas, semicolons, colons and terminators: clause edges
    hard: list[int]  # semicolons, colons, terminators and commas before a comparison


def _prepare(text: str) -> _Sentence:
    triggers = find_triggers(text)
    terminators = [t.start for t in triggers if t.rule.terminates]
    soft = sorted([m.start() for m in _SOFT_BREAK.finditer(text)] + terminators)
    # "No effusion, stable emphysema": a comma followed by a comparison ends a negation.
    comparison_commas = [
        comma
        for t in triggers
        if t.rule.change not in (None, "new")
        and (comma := text.rfind(",", 0, t.start)) >= 0
        and not text[comma + 1 : t.start].strip()
    ]
    hard = sorted([m.start() for m in _HARD_BREAK.finditer(text)] + terminators + comparison_commas)
    return _Sentence(text, triggers, soft, hard)


def _after(edges: list[int], position: int, default: int) -> int:
    return next((e for e in edges if e >= position), default)


def _before(edges: list[int], position: int) -> int:
    return max((e + 1 for e in edges if e < position), default=0)


def _scope(sentence: _Sentence, trigger: Trigger, hits: list[_Span]) -> _Span:
    """The span of the sentence a trigger's effect covers."""
    end_of_text = len(sentence.text)
    direction = trigger.rule.direction
    if direction == "forward":
        return trigger.end, _after(sentence.hard, trigger.end, end_of_text)
    if direction == "backward":
        return _before(sentence.soft, trigger.start), trigger.start
    if direction == "none":
        return trigger.start, trigger.start
    start = _before(sentence.soft, trigger.start)
    end = _after(sentence.soft, trigger.end, end_of_text)
    if any(trigger.end <= s < end for s, _ in hits):
        start = trigger.start  # "stable mass with new adenopathy": "new" is the adenopathy's
    elif not any(start <= s < end for s, _ in hits) and start > 0:
        start = _before(sentence.soft, start - 1)  # "X, unchanged": the clause before
    return start, end


def _nearest(covering: list[Trigger], position: int) -> Trigger | None:
    def distance(t: Trigger) -> int:
        return position - t.end if t.end <= position else t.start - position

    return min(covering, key=distance, default=None)


def _properties(
    sentence: _Sentence, hit: _Span, hits: list[_Span], historical_section: bool
) -> tuple[Certainty, Temporality, Change | None]:
    position = hit[0]
    covering = [
        t
        for t in sentence.triggers
        if (scope := _scope(sentence, t, hits))[0] <= position < scope[1]
        and not (t.start < hit[1] and hit[0] < t.end)
    ]
    # "Lymph nodes are not enlarged": a negation inside the words that name the concept.
    covering += [
        t for t in sentence.triggers if t.rule.negated and hit[0] < t.start and t.end <= hit[1]
    ]
    certain = _nearest([t for t in covering if t.rule.negated or t.rule.possible], position)
    change = _nearest([t for t in covering if t.rule.change], position)
    certainty: Certainty = "affirmed"
    if certain is not None:
        certainty = "negated" if certain.rule.negated else "possible"
    historical = historical_section or any(t.rule.historical for t in covering)
    temporality: Temporality = "historical" if historical else "current"
    return certainty, temporality, change.rule.change if change else None


def _concept_hits(text: str) -> list[tuple[int, re.Match[str]]]:
    """(concept index, match) for every concept named; a span names one concept unless two
    patterns match exactly the same words ("hydropneumothorax" is air and fluid)."""
    found: list[tuple[int, re.Match[str]]] = []
    for index, concept in enumerate(REPORT_CONCEPTS):
        for hit in concept.finditer(text):
            overlapping = [m for _, m in found if m.start() < hit.end() and hit.start() < m.end()]
            if all(m.span() == hit.span() for m in overlapping):
                found.append((index, hit))
    return found


def find_mentions(sentence: str, section: str | None = None) -> list[Mention]:
    """Every report concept named in ``sentence``, each with its certainty, temporality and
    change; ``section`` is the heading the sentence stands under (HISTORY, FINDINGS, ...)."""
    historical_section = section is not None and bool(_HISTORY_SECTION.search(section))
    return list(_read(sentence, historical_section))


# Report text is formulaic ("No pneumothorax."): most sentences of an import were read before.
@functools.lru_cache(maxsize=16_384)
def _read(sentence: str, historical_section: bool) -> tuple[Mention, ...]:
    hits = _concept_hits(sentence)
    if not hits:
        return ()
    prepared = _prepare(sentence)
    spans = [m.span() for _, m in hits]
    mentions = []
    for index, hit in hits:
        concept = REPORT_CONCEPTS[index]
        certainty, temporality, change = _properties(
            prepared, hit.span(), spans, historical_section
        )
        mentions.append(
            Mention(
                concept.concept,
                concept.code,
                hit.group(0),
                hit.start(),
                certainty,
                temporality,
                change,
            )
        )
    return tuple(sorted(mentions, key=lambda m: m.start))
