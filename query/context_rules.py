"""The ConText trigger phrases: which words change what a report sentence says about a finding.

Radiologists hedge ("may reflect", "question of"), compare ("no change in", "unchanged",
"decreased"), report resolution ("has cleared") and recall history ("status post", "history of").
Following ConText (Harkema et al., 2009) and its medspaCy rule format, each :class:`ContextRule`
names phrases, the direction of the scope they open (``forward`` over the words after the phrase,
``backward`` over the words before it, ``both``) and what they do to a finding in that scope:
its certainty (negated or possible), its temporality (historical) and its change since the prior
study. Pseudo-triggers ("no change in", "prior CT", "probably benign") contain a trigger word but
are not that trigger: the longest phrase at a position wins, so they consume it. Terminators
("but", "however") end a scope. Read by :mod:`query.concepts`; the rules were developed on the
tune part of ``tests/query/report_corpus`` and scored on its held-out part.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

__all__ = ["RULES", "Change", "ContextRule", "Direction", "Trigger", "find_triggers"]

Direction = Literal["forward", "backward", "both", "none"]
Change = Literal["new", "stable", "increased", "decreased", "resolved"]


@dataclasses.dataclass(frozen=True)
class ContextRule:
    """Phrases (regular-expression fragments, matched whole-word, any case) and their effect."""

    phrases: tuple[str, ...]
    direction: Direction
    negated: bool = False
    possible: bool = False
    historical: bool = False
    change: Change | None = None
    terminates: bool = False
    pattern: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        alternatives = sorted(self.phrases, key=len, reverse=True)
        body = "|".join(f"(?:{p})" for p in alternatives)
        object.__setattr__(
            self, "pattern", re.compile(rf"(?<![\w/-])(?:{body})(?![\w/-])", re.IGNORECASE)
        )


def _top_level(phrases: str) -> tuple[str, ...]:
    """Split ``a|b (?:c|d)|e`` at the bars outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in phrases:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return tuple(p.strip() for p in [*parts, current] if p.strip())


def _rule(phrases: str, direction: Direction, **effect: object) -> ContextRule:
    return ContextRule(_top_level(phrases), direction, **effect)  # type: ignore[arg-type]


_BE = r"(?:is|are|was|were|has been|have been)"
_ADVERB = r"(?:entirely |completely |definitely |confidently |totally )?"
_SEEN = r"(?:seen|visuali[sz]ed|identified|appreciated|demonstrated|evident|apparent|present)"
_IMAGING = r"(?:ct|cts|study|studies|exam|examination|examinations|imaging|radiograph|film|scan)"

RULES: tuple[ContextRule, ...] = (
    # --- pseudo-triggers: they hold a trigger word but say nothing about the finding ---
    _rule(
        rf"prior {_IMAGING}|previous {_IMAGING}|prior (?:chest )?ct|compared (?:to|with) (?:the )?"
        rf"(?:prior|previous)|since (?:the )?(?:prior|previous)|(?:than|to|from|on) (?:the )?"
        rf"(?:prior|previous)|previously (?:seen|noted|described|demonstrated|identified|"
        r"visuali[sz]ed|mentioned|reported)|(?:probably|likely|most likely) (?:benign|"
        r"postinflammatory|post-inflammatory|inflammatory|infectious|reactive)|not only|"
        r"gram negative|not necessarily|no further change|without difficulty|"
        r"(?:stigmata|sequelae|evidence|changes) of (?:prior|previous|old|remote)|"
        r"to suggest|to indicate",
        "none",
    ),
    # --- change since the prior study ---
    _rule(
        r"(?:there (?:is|has been) )?no (?:significant |appreciable |definite |substantial |"
        r"interval |significant interval |"
        r"appreciable interval )*(?:change|increase|growth|progression)(?: in| of)?(?: size)?"
        r"(?: of| in)?|without (?:significant |appreciable |interval )*(?:change|increase|growth)|"
        r"has not changed|have not changed|not (?:significantly )?changed|unchanged|stable|"
        r"grossly stable|grossly unchanged|similar|similar in size|persistent|persists|persist|"
        r"again seen|again noted|again demonstrated|redemonstrated|re-demonstrated|"
        r"redemonstration of|remains|remain",
        "both",
        change="stable",
    ),
    _rule(
        r"new|newly|newly seen|interval development of|interval appearance of|developing",
        "both",
        change="new",
    ),
    _rule(
        r"increased|increasing|increase in|interval increase in|enlarging|enlarged in size|"
        r"has enlarged|have enlarged|interval enlargement of|larger|worsening|worsened|worse|"
        r"progression of|progressive|progressed|grown|interval growth of|growing",
        "both",
        change="increased",
    ),
    _rule(
        r"decreased|decreasing|decrease in|interval decrease in|smaller|improving|improved|"
        r"diminished|diminishing|reduced|regressed|regressing|less extensive|less prominent|"
        r"interval improvement|resolving|partially resolved|partial resolution of|"
        r"(?:near|nearly|almost) (?:complete |completely )?(?:resolution of|resolved)",
        "both",
        change="decreased",
    ),
    _rule(
        rf"resolved|has resolved|have resolved|(?:complete |interval )?resolution of|"
        rf"has cleared|have cleared|cleared|interval clearing of|no longer {_SEEN}|"
        rf"{_BE} no longer {_SEEN}|no longer",
        "both",
        negated=True,
        change="resolved",
    ),
    # --- negation ---
    _rule(
        r"no|not|without|negative for|absence of|absent|free of|no evidence of|no sign of|"
        r"no signs of|no suspicious|there is no|there are no|rules out|ruled out|clear of|"
        r"neither|nor|denies|unremarkable for|no definite|no convincing|no radiographic evidence "
        r"of|no ct evidence of|no findings of|no appreciable|no significant",
        "forward",
        negated=True,
    ),
    _rule(
        rf"{_BE} absent|{_BE} not {_ADVERB}{_SEEN}|not (?:well |clearly |definitely )?{_SEEN}|"
        rf"{_BE} excluded|{_BE} ruled out|{_BE} not (?:well |clearly )?{_SEEN}",
        "backward",
        negated=True,
    ),
    # --- hedging ---
    _rule(
        r"possible|possibly|probable|probably|questionable|suspicious for|"
        r"suspicion for|suspicion of|raises? (?:the )?suspicion (?:for|of)|concerning for|"
        r"concern for|suggestive of|suggests?|suggesting|suggested|may|might|could|"
        r"may represent|might represent|could represent|may be|could be|might be|may reflect|"
        r"could reflect|might reflect|may indicate|"
        r"cannot exclude|can not exclude|cannot rule out|can not rule out|can't exclude|"
        r"can't rule out|equivocal|differential (?:diagnosis )?(?:includes?|would include)|"
        r"differential considerations include|question of|questioned|likely|most likely|"
        r"likely represents?|presumed|presumably|consider|considered|evaluate for|assess for|"
        r"rule out|r/o|to exclude|borderline",
        "forward",
        possible=True,
    ),
    _rule(
        rf"cannot be {_ADVERB}(?:excluded|ruled out)|can not be {_ADVERB}(?:excluded|ruled out)|"
        rf"{_BE} not {_ADVERB}(?:excluded|ruled out)|not {_ADVERB}excluded|{_BE} possible|"
        rf"{_BE} questioned|{_BE} likely|{_BE} uncertain|{_BE} suspected|"
        r"may be present|could be present|might be present",
        "backward",
        possible=True,
    ),
    _rule(r"suspected|versus|vs\.?", "both", possible=True),
    # --- history ---
    _rule(
        r"history of|prior history of|remote history of|past history of|hx of|h/o|"
        r"status post|s/p|post|previous|prior|previously treated|previously resected|"
        r"treated|resected|in the past",
        "forward",
        historical=True,
    ),
    # --- terminators ---
    _rule(
        r"but|however|although|though|except|apart from|aside from|whereas|otherwise|yet|"
        r"consistent with|there is|there are|while",
        "none",
        terminates=True,
    ),
)


@dataclasses.dataclass(frozen=True)
class Trigger:
    """One rule phrase found in a sentence."""

    rule: ContextRule
    start: int
    end: int


_ANY_TRIGGER = re.compile(
    r"(?<![\w/-])(?:"
    + "|".join(f"(?:{p})" for rule in RULES for p in sorted(rule.phrases, key=len, reverse=True))
    + r")(?![\w/-])",
    re.IGNORECASE,
)


def _longest_at(sentence: str, start: int) -> Trigger | None:
    """The longest rule phrase starting at ``start``."""
    best: Trigger | None = None
    for rule in RULES:
        hit = rule.pattern.match(sentence, start)
        if hit is not None and (best is None or hit.end() > best.end):
            best = Trigger(rule, start, hit.end())
    return best


def find_triggers(sentence: str) -> list[Trigger]:
    """Every trigger phrase in ``sentence``, left to right, the longest winning where two
    overlap ("no change in" over "no"). One scan finds where a phrase starts; only there are
    the rules tried one by one."""
    found: list[Trigger] = []
    position = 0
    while (hit := _ANY_TRIGGER.search(sentence, position)) is not None:
        trigger = _longest_at(sentence, hit.start())
        if trigger is None:  # cannot happen: _ANY_TRIGGER is the union of the rule patterns
            position = hit.end()
            continue
        found.append(trigger)
        position = trigger.end
    return found
