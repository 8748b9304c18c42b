"""A hurried typist's slips in the reader's own words, written right before the rules run.

The grounder corrects misspelt vocabulary forms (``query.grounding``), and the reader corrects a
few unit and structural words (``reading._spelt_like``) by a similarity ratio; neither sees a
transposition in a short word ("beofre", "nodlue", "scaned") or the words the date and
comparison rules look for ("octobre", "biger"). Left as typed, those words went unread and the
rule they carried was lost (part 34: "effusions beofre april 2023" lost its bound).

One place corrects them: a word of five or more letters that is not itself a known word is
respelt to the word of :data:`LEXICON` it is one edit (a letter added, dropped, changed, or two
neighbours swapped) away from, when exactly one lexicon word is that close and it starts with the
same letter. Known words (the lexicon, the vocabulary's forms and the words :data:`KNOWN` lists)
are never changed, so a correction cannot turn one meaningful word into another ("scanner" is
not "scanned"). "then" after a comparative ("more then one") is "than". Each correction is said
in the answer's notes. The check is a loop over a fixed list, built once: nothing is compiled
per question.
"""

from __future__ import annotations

import functools
import re

from query.vocabulary import terms_by_form

__all__ = ["KNOWN", "LEXICON", "correction", "one_edit", "respell"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEXICON = _words(
    # months, as the date rules read them
    "january february march april june july august september october november december "
    # order and comparison
    "before after between since until during within older younger bigger larger smaller "
    "greater fewer higher lower longer shorter earlier later latest earliest previous "
    "never again twice times least exactly without "
    # the reader's nouns and verbs
    "nodule nodules finding findings studies patients people scanned screened imaged "
    "increased decreased "
    # the words of a breakdown ("lr breakdwon", "exams per scaner"; part 36, C)
    "breakdown scanner "
)
# Words that are one edit from a lexicon word but mean something else; never respelt.
KNOWN = _words(
    "scanner scanners screener scans screen screens image images imager lesser letter "
    "lover lowers hither tines timed timer tomes least lease beast after afters other "
    "others since singe nodular studied studier studios finder finders findings later "
    "layer latter water biggie larder marches marcher augusta julys junes never fever "
    "lever seven newer order orders olden elder match marsh lager laser latex latent loser "
    "lowed tiles tides twine trice increases decreases shorted longed patient person study "
    # "follow-up spanned three years" is no "scanned", "altered" no "after"
    "spanned alter altered funding"
)
_COMPARATIVE_THEN = re.compile(
    r"\b(more|less|fewer|older|younger|bigger|larger|smaller|greater|higher|lower|longer|"
    r"shorter|other|rather|earlier|later)\s+then\b"
)
_WORD = re.compile(r"(?<![\w/.'-])[a-z]{5,}(?![\w/'-])")
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _w in sorted(LEXICON):
    _BY_FIRST[_w[0]] = (*_BY_FIRST.get(_w[0], ()), _w)


@functools.cache
def _form_words() -> frozenset[str]:
    """Every word of the vocabulary's forms (built once, on first use)."""
    return frozenset(w for form in terms_by_form() for w in re.findall(r"[a-z]+", form))


def one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one edit apart (a letter added, dropped or changed, or two
    neighbouring letters swapped)?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def correction(word: str) -> str | None:
    """The lexicon word ``word`` is a slip of, when there is exactly one, else None."""
    if word in LEXICON or word in KNOWN or word in _form_words():
        return None
    if any(w.startswith(word) for w in _BY_FIRST.get(word[0], ())):
        return None  # "patient", "increase": another form of a lexicon word, not a slip
    close = [w for w in _BY_FIRST.get(word[0], ()) if one_edit(word, w)]
    return close[0] if len(close) == 1 else None


def respell(text: str, notes: list[str] | None = None) -> str:
    """``text`` (lower case) with the reader's own words written right; each correction is
    added to ``notes`` ("'beofre' read as before (spelling)")."""

    def fix(m: re.Match[str]) -> str:
        right = correction(m.group(0))
        if right is None:
            return m.group(0)
        if notes is not None:
            notes.append(f"'{m.group(0)}' read as {right} (spelling)")
        return right

    text = _WORD.sub(fix, text)
    return _COMPARATIVE_THEN.sub(r"\1 than", text)
