"""Grounding the words of a question to ScanSide's vocabulary.

Three steps, in order of trust: (1) exact surface forms of :data:`query.vocabulary.TERMS`
("GGO", "right upper lobe"), longest phrase first; (2) spelling similarity for words of five
letters or more ("speculated" -> spiculated, "lobuated" -> lobulated); (3) meaning similarity with
MiniLM: each remaining phrase of one to three words is embedded and compared with every vocabulary
form, and the best term is taken when the cosine similarity reaches :data:`EMBEDDING_THRESHOLD`
("hazy ground glass opacity" -> ground-glass) and no other value of the same field comes
within :data:`RIVAL_MARGIN` (a similarity match never turns a word into its opposite: "sided"
is as near "left sided" as "right sided"). What none of these places is returned unplaced, so
the answer can name it. Called by :mod:`query.parser`.
"""

from __future__ import annotations

import dataclasses
import difflib

import numpy as np

from query.embedder import Embedder
from query.vocabulary import Term, terms_by_form

__all__ = ["EMBEDDING_THRESHOLD", "Grounded", "Grounder", "Token"]

EMBEDDING_THRESHOLD = 0.80
# A meaning match must beat every other value of the same field by this much: embeddings put
# a word close to its opposites ("sided" is as near "left sided" as "right sided"), so a
# phrase about as near two values names neither, and is left unplaced (and named).
RIVAL_MARGIN = 0.05
SPELLING_THRESHOLD = 0.84
MAX_PHRASE = 4


@dataclasses.dataclass(frozen=True)
class Token:
    """A word of the question and where it is."""

    text: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Grounded:
    """A vocabulary term found for tokens ``first..last`` and how it was found."""

    term: Term
    first: int
    last: int
    how: str  # exact | spelling | meaning
    words: str


class Grounder:
    """Holds the vocabulary and (optionally) its MiniLM embeddings; stateless per question."""

    def __init__(self, embedder: Embedder | None) -> None:
        self._forms = terms_by_form()
        self._single_words = sorted(f for f in self._forms if " " not in f and len(f) >= 5)
        self._phrases = [tuple(f.split(" ")) for f in sorted(self._forms) if " " in f]
        self._embedder = embedder
        self._form_list = sorted(self._forms)
        self._form_vectors = embedder.embed(self._form_list) if embedder is not None else None

    @property
    def uses_model(self) -> bool:
        return self._embedder is not None

    def lookup(self, phrase: str) -> Term | None:
        """The term an exact surface form names, if any."""
        return self._forms.get(phrase)

    def fuzzy(
        self, tokens: list[Token], free: list[bool], soft: list[bool] | None = None
    ) -> list[Grounded]:
        """Spelling, then meaning similarity, for the tokens still free.

        ``soft`` marks tokens placed only as filler words ("lungs", "of"): a meaning phrase may
        include them ("collapsed lungs") but must contain a free word and may not begin or end
        on a function word ("the", "of").
        """
        found: list[Grounded] = []
        for i, token in enumerate(tokens):
            if free[i] and len(token.text) >= 5 and token.text.isalpha():
                close = [
                    c
                    for c in difflib.get_close_matches(
                        token.text, self._single_words, n=3, cutoff=SPELLING_THRESHOLD
                    )
                    if c[0] == token.text[0]
                ]  # misspellings rarely change the first letter
                if close:
                    found.append(Grounded(self._forms[close[0]], i, i, "spelling", token.text))
                    free[i] = False
        return found + self._by_meaning(tokens, free, soft or [False] * len(tokens))

    def misspelt_phrases(self, tokens: list[Token], free: list[bool], size: int) -> list[Grounded]:
        """Forms of ``size`` words with a word misspelt ("ground glas", "part solidd", "right
        uper lobe"): each word is the form's or a misspelling of it by the single-word rule
        (4+ letters, the same first letter, similarity >= the spelling threshold). Read with
        the exact forms of the same length, before shorter ones claim a word ("right")."""
        found: list[Grounded] = []
        for i in range(len(tokens) - size + 1):
            window = [t.text for t in tokens[i : i + size]]
            if not all(free[i : i + size]) or not all(w.isalpha() for w in window):
                continue
            form = next((f for f in self._phrases if len(f) == size and _spelt_as(window, f)), None)
            if form is not None:
                term = self._forms[" ".join(form)]
                found.append(Grounded(term, i, i + size - 1, "spelling", " ".join(window)))
                free[i : i + size] = [False] * size
        return found

    def _spans(
        self, tokens: list[Token], free: list[bool], soft: list[bool]
    ) -> list[tuple[int, int]]:
        spans = []
        for size in range(3, 0, -1):
            for i in range(len(tokens) - size + 1):
                j = i + size - 1
                inside = range(i, j + 1)
                if (
                    not _names_a_field(tokens, free, inside)
                    and _edge(tokens[i], free[i], soft[i])
                    and _edge(tokens[j], free[j], soft[j])
                    and all(free[k] or soft[k] for k in inside)
                    and any(
                        free[k] and tokens[k].text.isalpha() and len(tokens[k].text) > 2
                        for k in inside
                    )
                ):
                    spans.append((i, j))
        return spans

    def _by_meaning(
        self, tokens: list[Token], free: list[bool], soft: list[bool]
    ) -> list[Grounded]:
        if self._embedder is None or self._form_vectors is None:
            return []
        spans = self._spans(tokens, free, soft)
        if not spans:
            return []
        phrases = [" ".join(t.text for t in tokens[i : j + 1]) for i, j in spans]
        scores = self._embedder.embed(phrases) @ self._form_vectors.T
        found: list[Grounded] = []
        for k in np.argsort(-scores.max(axis=1)):
            i, j = spans[k]
            best = int(np.argmax(scores[k]))
            if scores[k, best] < EMBEDDING_THRESHOLD or not all(
                free[m] or soft[m] for m in range(i, j + 1)
            ):
                continue
            if not all(free[m] for m in range(i, j + 1) if not soft[m]):
                continue
            if self._rival_close(scores[k], best):
                continue  # never a choice between opposites ("sided": left or right)
            found.append(Grounded(self._forms[self._form_list[best]], i, j, "meaning", phrases[k]))
            for m in range(i, j + 1):
                free[m] = False
                soft[m] = False
        return found

    def _rival_close(self, row: np.ndarray, best: int) -> bool:
        """Is another value of the best form's field within :data:`RIVAL_MARGIN` of it?"""
        term = self._forms[self._form_list[best]]
        return any(
            row[k] > row[best] - RIVAL_MARGIN
            for k, form in enumerate(self._form_list)
            if self._forms[form].field == term.field and self._forms[form].value != term.value
        )


# Words that name a field rather than a value of it: embeddings put "attenuation" near "mixed
# attenuation" (part-solid), "gender" near "female", so a phrase of nothing but these is never
# read by meaning (it is named): the word asks about the field, not for one of its values.
FIELD_NAMES = frozenset(
    {
        "attenuation",
        "composition",
        "consistency",
        "density",
        "margin",
        "margins",
        "morphology",
        "lobe",
        "location",
        "side",
        "laterality",
        "sex",
        "gender",
        "modality",
        "category",
        "kind",
        "type",
    }
)


def _names_a_field(tokens: list[Token], free: list[bool], inside: range) -> bool:
    """Are the free words of ``inside`` all names of fields (:data:`FIELD_NAMES`)?"""
    words = [tokens[k].text for k in inside if free[k]]
    return bool(words) and all(w in FIELD_NAMES for w in words)


def _spelt_as(words: list[str], form: tuple[str, ...]) -> bool:
    """Is ``words`` the form ``form`` with at least one word misspelt, none other changed?"""
    misspelt = 0
    for word, want in zip(words, form, strict=True):
        if word == want:
            continue
        if (
            len(word) < 4
            or word[0] != want[0]
            or difflib.SequenceMatcher(None, word, want).ratio() < SPELLING_THRESHOLD
        ):
            return False
        misspelt += 1
    return misspelt > 0


_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "to",
        "and",
        "or",
        "with",
        "is",
        "are",
        "was",
        "were",
    ]
)


def _edge(token: Token, free: bool, soft: bool) -> bool:
    return free or (soft and token.text not in _FUNCTION_WORDS)
