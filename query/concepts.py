"""Finding concept mentions in report sentences, with negation and uncertainty (NegEx / ConText).

"No emphysema." names emphysema but does not report it. Following NegEx (Chapman et al., 2001)
and ConText (Harkema et al., 2009), a trigger phrase opens a scope that runs forward (pre-triggers
such as "no", "negative for", "possible") or backward (post-triggers such as "is excluded",
"cannot be excluded") to the end of the sentence or to a termination word ("but", "however").
A concept inside a negation scope is negated, inside an uncertainty scope uncertain, inside a
history scope historical. Called by :mod:`query.reports` for every sentence it stores.
"""

from __future__ import annotations

import dataclasses
import re

from query.vocabulary import REPORT_CONCEPTS

__all__ = ["Mention", "find_mentions"]


def _alternation(phrases: str) -> re.Pattern[str]:
    words = sorted((p.strip() for p in phrases.split("|")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


_PRE_NEGATION = _alternation(
    "no|not|without|negative for|absence of|absent|free of|no evidence of|no sign of|no signs of|"
    "no suspicious|there is no|there are no|rules out|ruled out|resolution of|resolved|clear of|"
    "neither|nor|denies|unremarkable for"
)
_POST_NEGATION = _alternation(
    "is absent|are absent|is not seen|are not seen|not identified|is excluded|are excluded|"
    "has resolved|have resolved|not present|is not present|not demonstrated|is ruled out"
)
_PRE_UNCERTAIN = _alternation(
    "possible|possibly|probable|probably|questionable|suspected|suspicious for|concerning for|"
    "suggestive of|may represent|might represent|could represent|cannot exclude|can not exclude|"
    "cannot rule out|can't exclude|not excluded|equivocal|indeterminate|differential includes|"
    "likely|presumed|consider|versus|vs"
)
_POST_UNCERTAIN = _alternation(
    "cannot be excluded|can not be excluded|not excluded|is not excluded|cannot be ruled out|"
    "is suspected|is possible|is questioned|is likely|is not ruled out|is uncertain"
)
_PRE_HISTORY = _alternation("history of|prior|previous|previously|known|status post|s/p|old")
_TERMINATION = _alternation(
    "but|however|although|though|except|apart from|aside from|which|whereas|otherwise|yet|"
    "consistent with|there is|there are"
)

_CLAUSE_BREAK = re.compile(r"[,;:]")


@dataclasses.dataclass(frozen=True)
class Mention:
    """One concept named in one sentence, with its ConText modifiers."""

    concept: str
    code: str | None
    matched: str
    start: int
    negated: bool
    uncertain: bool
    historical: bool


def _forward_scopes(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans from each trigger's end to the next termination word (or the sentence end)."""
    scopes = []
    for hit in trigger.finditer(text):
        stop = _TERMINATION.search(text, hit.end())
        scopes.append((hit.end(), stop.start() if stop else len(text)))
    return scopes


def _backward_scopes(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans from the last termination word before each trigger to the trigger."""
    scopes = []
    for hit in trigger.finditer(text):
        starts = [m.end() for m in _TERMINATION.finditer(text, 0, hit.start())]
        starts += [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, hit.start())]
        starts.sort()
        scopes.append((starts[-1] if starts else 0, hit.start()))
    return scopes


def _inside(position: int, scopes: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in scopes)


def find_mentions(sentence: str) -> list[Mention]:
    """Every report concept named in ``sentence``, each flagged negated / uncertain / historical."""
    negation = _forward_scopes(_PRE_NEGATION, sentence) + _backward_scopes(_POST_NEGATION, sentence)
    uncertainty = _forward_scopes(_PRE_UNCERTAIN, sentence) + _backward_scopes(
        _POST_UNCERTAIN, sentence
    )
    history = _forward_scopes(_PRE_HISTORY, sentence)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for concept in REPORT_CONCEPTS:
        for hit in concept.pattern.finditer(sentence):
            if any(s < hit.end() and hit.start() < e for s, e in taken):
                continue  # "calcified coronary" is coronary calcification, not a calcified nodule
            taken.append(hit.span())
            mentions.append(
                Mention(
                    concept.concept,
                    concept.code,
                    hit.group(0),
                    hit.start(),
                    negated=_inside(hit.start(), negation),
                    uncertain=_inside(hit.start(), uncertainty),
                    historical=_inside(hit.start(), history),
                )
            )
    return sorted(mentions, key=lambda m: m.start)
