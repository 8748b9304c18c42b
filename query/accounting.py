"""Accounting for every word of a question: the warnings that go with an answer.

A question may hold words the reader could not place. Most are harmless ("kindly"), but some could
change the answer: a number, a date, an identifier, a negation, "both", "never", "exactly",
"most". ScanSide never answers such a question silently: every unplaced word, and every reading
that was a guess (a number without a unit, a word matched by meaning, a bare count), becomes a
plain sentence in ``warnings``. The list is empty exactly when every word was used as read.
Called by :mod:`query.engine`; the CLI, the API and the TUI show the sentences with the answer.
"""

from __future__ import annotations

import re

from query.typed_query import TypedQuery

__all__ = ["RISKY_WORDS", "could_change_answer", "warnings_for"]


def _words(text: str) -> list[str]:
    return text.split()


RISKY_WORDS = frozenset(
    _words(
        "no not none never nor neither without except excluding exclude but only exactly just "
        "both either ever all every each per most least fewest highest lowest max min maximum "
        "minimum first last latest earliest oldest youngest newest recent current previous "
        "prior baseline before after since until between from to over under above below more "
        "less fewer greater smaller larger than within during ago times once twice again same "
        "different other another top bottom rank ranked order sorted average mean median sum "
        "total percent quarter half born birth dob year years month months week weeks day days "
        "today yesterday tomorrow increase decrease grew shrank stable resolved unchanged "
        "negative positive minus plus category lung-rads lungrads cm mm hu cc ml patient "
        "accession uid mrn id percentage percent proportion fraction rate ratio share "
        "another h1 h2"
    )
)
_MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december"
)
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred dozen single double"
)


def could_change_answer(word: str) -> bool:
    """A number, a date, an identifier or a logical word: leaving it out may change the answer."""
    if " " in word.strip():  # a phrase ("but never") is risky when any of its words is
        return any(could_change_answer(part) for part in word.split())
    lower = word.lower()
    return (
        any(c.isdigit() for c in lower)
        or lower in RISKY_WORDS
        or lower in _MONTHS
        or lower in _NUMBER_WORDS
        or bool(re.fullmatch(r"[<>=≤≥%+-]+|q[1-4]", lower))
    )


def warnings_for(query: TypedQuery) -> list[str]:
    """Plain sentences: each unplaced word, then each guess the reading made."""
    sentences = []
    risky = [w for w in query.ignored if could_change_answer(w)]
    plain = [w for w in query.ignored if not could_change_answer(w)]
    for word in dict.fromkeys(risky):
        sentences.append(
            f"'{word}' was not understood and could change the answer, which does not take it "
            "into account; rephrase that part (for example with a unit, a full date or "
            "'patients who never had ...') and check the reading"
        )
    if plain:
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(plain))
        sentences.append(f"not understood and left out of the answer: {words}")
    sentences.extend(
        f"{caution[0].upper()}{caution[1:]}; check the reading" for caution in query.cautions
    )
    return sentences
