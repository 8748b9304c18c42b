"""Forms the typed query cannot say or the Conventions do not settle, warned (part 43, m2).

Part 43 (``tests/query/bank_fresh_43.py``, issue 17) answered three such forms silently:

- "nodules, all of them solid", "masses, each of which spiculated": every finding of the kind
  is to be so, where the typed query asks for a study with at least one such finding ("all of
  them" had been dropped, silently; "whose nodules are all solid" leaves 'all' unread, warned);
- a count that goes on to name what it counts as a list ("ct01 screening throughput in q3
  2024, the scans"): the count is answered, the list was perhaps meant;
- findings with no kind named, described only by a nodule's or a mass's features ("finding
  list: spiculated, not calcified"): by the Conventions every kind is listed, masses too; the
  writer may have meant nodules.

Each rule adds a caution to the reading (:func:`unsettled_cautions`, called by
:func:`query.parser.parse_question` once the query is built); the answer itself is unchanged.
"""

from __future__ import annotations

import re

from query.typed_query import StudyFilter

__all__ = ["unsettled_cautions"]

_KINDS = r"(?:nodules?|masses|mass|lesions?|ggns?|ggos?|psns?|findings?|ones)"
_EVERY_ONE = (
    r"(?:all|each|every(?:\s+single)?\s+one|every)\s+of\s+(?:them|which|those|these)|"
    r"(?:every|each)\s+(?:single\s+)?one"
)
_ALL_OF_THEM = re.compile(rf"\b{_KINDS},?\s+(?P<q>{_EVERY_ONE})\b")
_LIST_AFTER_COUNT = re.compile(
    r"[,;:-]\s*(?:(?:list|show|give\s+me)\s+)?(?P<what>the\s+(?:scans|studies|exams|cts|ldcts|"
    r"patients|pts|people|nodules|findings))\s*[?.!]*\s*$"
)
_NAMED_KIND = re.compile(r"\b(?:nodul|mass|lesion|ggn|ggo|psn|effusion|opacit|consolidat)")


def unsettled_cautions(text: str, unit: str, study: StudyFilter) -> list[str]:
    """The cautions of the question ``text`` (cleaned) read with ``unit`` and ``study``."""
    cautions: list[str] = []
    every = _ALL_OF_THEM.search(text)
    if every is not None:
        cautions.append(
            f"'{every.group('q')}' asks every such finding to be so, which the reader cannot "
            "ask: the answer has at least one such finding"
        )
    listed = _LIST_AFTER_COUNT.search(text)
    if unit == "count" and listed is not None:
        cautions.append(
            f"a count was asked and '{listed.group('what')}' named after it: the count is "
            f"answered; ask 'list {listed.group('what')}' for the list"
        )
    featured = [
        f
        for f in study.findings
        if not f.absent and not f.kinds and (f.margins or f.calcified is not None)
    ]
    if unit == "finding" and featured and not _NAMED_KIND.search(text):
        cautions.append(
            "no kind of finding was named: findings of every kind are listed, masses too (the "
            "Conventions); ask for nodules to list nodules only"
        )
    return cautions
