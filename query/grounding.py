"""Grounding the words of a question to ScanSide's vocabulary.

Three steps, in order of trust: (1) exact surface forms of :data:`query.vocabulary.TERMS`
("GGO", "right upper lobe"), longest phrase first; (2) spelling similarity for words of five
letters or more ("speculated" -> spiculated, "lobuated" -> lobulated); (3) meaning similarity with
MiniLM: each remaining phrase of one to three words is embedded and compared with every vocabulary
form, and the best term is taken when the cosine similarity reaches :data:`EMBEDDING_THRESHOLD`
("hazy ground glass opacity" -> ground-glass). What none of these places is returned unplaced,
so the answer can name it. Called by :mod:`query.parser`.
"""

from __future__ import annotations

import dataclasses
import difflib

import numpy as np

from query.embedder import Embedder
from query.vocabulary import TERMS, Term, terms_by_form

__all__ = ["EMBEDDING_THRESHOLD", "Grounded", "Grounder", "Token"]

EMBEDDING_THRESHOLD = 0.80
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
        self._embedder = embedder
        self._form_list = sorted(self._forms)
        self._form_vectors = embedder.embed(self._form_list) if embedder is not None else None

    @property
    def uses_model(self) -> bool:
        return self._embedder is not None

    def lookup(self, phrase: str) -> Term | None:
        """The term an exact surface form names, if any."""
        return self._forms.get(phrase)

    def fuzzy(self, tokens: list[Token], free: list[bool]) -> list[Grounded]:
        """Spelling, then meaning similarity, for the tokens still free."""
        found: list[Grounded] = []
        for i, token in enumerate(tokens):
            if free[i] and len(token.text) >= 5 and token.text.isalpha():
                close = difflib.get_close_matches(token.text, self._single_words, n=1,
                                                  cutoff=SPELLING_THRESHOLD)
                if close:
                    found.append(Grounded(self._forms[close[0]], i, i, "spelling", token.text))
                    free[i] = False
        return found + self._by_meaning(tokens, free)

    def _by_meaning(self, tokens: list[Token], free: list[bool]) -> list[Grounded]:
        if self._embedder is None or self._form_vectors is None:
            return []
        spans = [(i, j) for size in range(3, 0, -1) for i in range(len(tokens) - size + 1)
                 for j in [i + size - 1] if all(free[i:j + 1]) and any(t.text.isalpha() and
                                                                        len(t.text) > 2 for t in tokens[i:j + 1])]
        if not spans:
            return []
        phrases = [" ".join(t.text for t in tokens[i:j + 1]) for i, j in spans]
        scores = self._embedder.embed(phrases) @ self._form_vectors.T
        found: list[Grounded] = []
        for k in np.argsort(-scores.max(axis=1)):
            i, j = spans[k]
            best = int(np.argmax(scores[k]))
            if scores[k, best] < EMBEDDING_THRESHOLD or not all(free[i:j + 1]):
                continue
            found.append(Grounded(self._forms[self._form_list[best]], i, j, "meaning", phrases[k]))
            for m in range(i, j + 1):
                free[m] = False
        return found


def vocabulary_size() -> int:
    return sum(len(t.forms) for t in TERMS)
