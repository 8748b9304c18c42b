"""Words a hurried typist ran together, split back into the two words the reader knows.

Part 35: "CT01 studies in2024", "left lowerlobe ggns", "calcified nodules rightupper lobe". Each
run-together token was one unknown word, left unread (warned): the year, the lobe and its side
were lost. The corrector (:mod:`query.typos`) cannot see them, since a missing space is no
misspelling of any one word.

A token is split only when it is not itself a word the reader knows and exactly one split
fits:

- two words of the reader's own (the vocabulary's forms and the corrector's lexicon), each of
  four letters or more ("lowerlobe": "lower lobe", "rightupper": "right upper"), so that short
  pieces ("an", "or", "no") cannot cut an ordinary word in two;
- the short words of a bound (:data:`GLUED_BOUNDS`: "atleast", "nomore than") are that bound;
- a word that takes a date or number before it (:data:`LEADS`: "in", "since", "before" ...)
  followed by digits ("in2024": "in 2024"); station names, identifiers and units
  ("ct01", "p00003", "mm3", "lr3") start with no such word and stay as typed.

Each split is said in the answer's notes. The word lists are built once: nothing is compiled
per question.
"""

from __future__ import annotations

import functools
import re

from query import typos

__all__ = ["GLUED_BOUNDS", "LEADS", "SHORT_PIECES", "split_run_together", "splitting"]

LEADS = frozenset(
    [
        "in",
        "since",
        "before",
        "after",
        "from",
        "until",
        "till",
        "during",
        "between",
        "through",
        "thru",
        "to",
        "by",
        "of",
        "on",
        "at",
        "than",
    ]
)
"""Words that are typed right before a year, a date or a number."""
# The short words of a bound, typed together (part 37, C: "subsolid nodules atleast 6mm"): too
# short for the split into two words of four letters, each read as the bound it spells.
GLUED_BOUNDS = {
    phrase.replace(" ", ""): phrase
    for phrase in (
        "at least",
        "at most",
        "more than",
        "less than",
        "fewer than",
        "greater than",
        "no more than",
        "no less than",
        "or more",
        "or less",
        "up to",
    )
}
_MIN_PART = 4
# Part 38 (F): "list thenodules that grew", "headct at ct01": a short word typed onto a word of
# the reader's. Only these short words may be a piece (with a known word of four letters or
# more on the other side): an article or quantifier before the word, a kind of study's short
# name after (or before) it. Any other short piece could cut an ordinary word in two.
# Part 40 (J): "volume for lastyear", "scans thisyear": the word of a relative date typed onto
# the period it counts back from.
SHORT_PIECES = frozenset(
    [
        "the",
        "all",
        "any",
        "ct",
        "cts",
        "mri",
        "cxr",
        "ldct",
        "ldcts",
        "last",
        "this",
        "past",
        "next",
    ]
)
_TOKEN = re.compile(r"(?<![\w/.'<>=-])[a-z]+\d*(?![\w/'-])")
_LEAD_NUMBER = re.compile(r"([a-z]+)(\d+)")


@functools.cache
def _parts() -> frozenset[str]:
    """The words a run-together token may be split into (built once)."""
    return frozenset(
        w for w in typos.form_words() | typos.LEXICON if len(w) >= _MIN_PART and w.isalpha()
    )


def _known(word: str) -> bool:
    return word in typos.LEXICON or word in typos.KNOWN or word in typos.form_words()


def splitting(token: str) -> str | None:
    """The two words ``token`` runs together ("lower lobe", "in 2024"), when exactly one split
    fits and ``token`` is no known word itself; else None."""
    if token in GLUED_BOUNDS:
        return GLUED_BOUNDS[token]
    m = _LEAD_NUMBER.fullmatch(token)
    if m is not None:
        return f"{m.group(1)} {m.group(2)}" if m.group(1) in LEADS else None
    if not token.isalpha() or _known(token):
        return None
    parts = _parts()
    splits = [
        (token[:i], token[i:]) for i in range(1, len(token)) if _fits(token[:i], token[i:], parts)
    ]
    return " ".join(splits[0]) if len(splits) == 1 else None


def _fits(left: str, right: str, parts: frozenset[str]) -> bool:
    """Two words of four letters or more, or one such word and a short piece of
    :data:`SHORT_PIECES` ("the nodules", "head ct")."""
    if left in parts and right in parts:
        return True
    return (left in SHORT_PIECES and right in parts) or (left in parts and right in SHORT_PIECES)


def split_run_together(text: str, notes: list[str] | None = None) -> str:
    """``text`` (lower case) with each run-together token split; each split is added to
    ``notes`` ("'lowerlobe' read as lower lobe (words run together)")."""

    return typos.rewrite_words(_TOKEN, text, splitting, notes, "words run together")
