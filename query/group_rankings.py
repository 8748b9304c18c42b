"""Rankings and averages of groups said in words the readers did not know (part 36's families,
share E), rewritten into the words they read.

Rankings: a number N with "top / first / the N <superlative>" whose noun or field is said
elsewhere in the question ("male screening exams: the 6 newest ones", "among everyone with a
spiculated nodule, who are the 5 eldest", "ldcts sorted by study date ascending - show the top
3", "patients whose calcified-nodule count is highest", "rank psns by the size of their solid
part and show the first 5"). Averages: a mean count of findings said over studies in the plural
("avg nodule count on ldcts neg for emphysema", "across all screening scans, mean ggn count for
each one") is the mean number of each study's findings, studies with none counted as 0, as "per
ldct" already reads.

Each rewrite keeps every other word for the readers; what it cannot place stays unread and is
warned, never dropped.
"""

from __future__ import annotations

import re

from query import history, numbers

__all__ = ["rank_and_average_words"]

_N = r"(?:\d+|" + "|".join(sorted(numbers.WORD_NUMBERS, key=len, reverse=True)) + ")"

# "eldest" is "oldest" (of people: the earliest birth dates)
_ELDEST = re.compile(r"\beldest\b")

# "among everyone with a spiculated nodule, who are the 5 oldest": the N oldest (youngest)
# patients with it; "everyone" had been left unread with the ranking (warned)
_AMONG_EVERYONE = re.compile(
    r"^(?:among|of|from)\s+(?:everyone|everybody|all\s+(?:patients|pts|people)|(?:the\s+)?patients|"
    r"pts|people|those|anyone)\s+(?P<rest>(?:with|w|who|having|that)\b[^,;:]*?)\s*(?:,|;|:|\s-)\s+"
    r"(?:who|which)\s+(?:are|were|is)\s+(?:the\s+)?(?P<n>" + _N + r")\s+(?P<sup>oldest|youngest)"
    r"(?:\s+(?:ones?|of\s+them))?\s*[?.!]*$"
)

# "male screening exams: the 6 newest ones", "2024 ldcts - the 3 earliest": the noun said before
# a colon or dash is what "the N <superlative>" ranks by study date ("the 6 newest male screening
# exams"); the ranking had been left unread (warned)
_STUDIES_THEN_THE_N = re.compile(
    r"^(?P<noun>[a-z0-9][^:;,]{0,50}?(?:studies|scans|exams|cts|ldcts|x-?rays|cxrs|radiographs))"
    r"\s*(?::|;|,|\s-)\s+(?:(?:give|show|get|list)\s+(?:me\s+)?)?(?:(?:just|only)\s+)?(?:the\s+)?"
    r"(?P<n>" + _N + r")\s+(?P<sup>newest|latest|most\s+recent|oldest|earliest|least\s+recent)"
    r"(?:\s+(?:ones?|of\s+them))?\s*[?.!]*$"
)

# "ct02 screening cts sorted by study date ascending - show the top 3", "ldcts ordered oldest
# first, top 5": studies sorted by their date and the first N of them are the N earliest
# ("descending", "newest / latest / most recent first": the N most recent)
# The direction and the count are said in the words every ranking takes (part 37: "desc",
# "in ascending order", "first 4 rows", "keep top 3"; :mod:`query.history`).
_DATE_FIRST = r"(?:oldest|earliest|newest|latest|most\s+recent)\s+first"
_SORTED_BY_DATE = re.compile(
    r"^(?P<noun>[a-z0-9][a-z0-9 -]{0,50}?(?:studies|scans|exams|cts|ldcts|x-?rays|cxrs|"
    r"radiographs))\s*,?\s+(?:(?:sorted|ordered|ranked|listed)\s+)(?:(?:by|on)\s+(?:the\s+)?"
    rf"(?:study\s+|exam\s+|scan\s+)?date\s*,?\s*(?P<dir>{history.DIRECTION}|{_DATE_FIRST})?|"
    rf"(?P<dir2>{_DATE_FIRST}))\s*(?:,|;|:|\s-)?\s*(?:(?:and|then)\s+)?{history.COUNT_SAID}"
    r"(?P<n>" + _N + r")" + history.ROWS + r"\s*[?.!]*$"
)


def _sorted_by_date(m: re.Match[str]) -> str:
    said = m.group("dir") or m.group("dir2") or "ascending"
    earliest = said.split()[0] in ("oldest", "earliest") or not history.descends(said)
    return f"the {m.group('n')} {'earliest' if earliest else 'most recent'} {m.group('noun')}"


# "name the 2 patients whose calcified-nodule count is highest", "pts whose ggn tally is the
# lowest": patients ranked by their number of findings of that kind ("the 2 patients with the
# most calcified nodules"); it had been refused
_WHOSE_COUNT_IS = re.compile(
    r"\b(?P<who>patients|pts|people|persons|subjects|men|women)\s+whose\s+(?P<what>(?:[a-z]+[\s-]+)?"
    r"(?:nodule|nod|finding|mass|lesion|ggn|ggo|psn))(?:s|es)?\s+(?:count|number|tally|total)\s+"
    r"(?:is|was|are|were)\s+(?:the\s+)?(?P<sup>highest|largest|greatest|biggest|lowest|smallest|"
    r"fewest)\b"
)


def _whose_count_is(m: re.Match[str]) -> str:
    what = re.sub(r"-(?=(?:nodule|nod|finding|mass|lesion)$)", " ", m.group("what"))
    what += "es" if what.endswith("mass") else "s"
    most = m.group("sup") in ("highest", "largest", "greatest", "biggest")
    return f"{m.group('who')} with the {'most' if most else 'fewest'} {what}"


# "name the 3 patients ...": "name" asks for the list, as "show"
_NAME_THE = re.compile(r"^(?:please\s+)?name\s+(?=(?:the\s+)?" + _N + r"\b)")

# "rank psns by the size of their solid part": the solid component ("solid part" had been read
# as the attenuation and the diameter ranked, warned)
_SOLID_PART = re.compile(
    r"\bby\s+(?:the\s+)?(?:size\s+of\s+)?(?:their|its|the)\s+solid\s+(?:parts?|portions?|"
    r"components?)(?:'?s?\s+size)?\b"
)
# "... and show the first 5", "..., list the first 5": the top N of the ranking "by" a field said
# before ("rank ... by", "sorted by")
_RANKED_BY = re.compile(r"\b(?:rank|sort|order|ranked|sorted|ordered)\b.*\bby\b")
_SHOW_THE_FIRST = re.compile(
    r"\s*(?:,|;|\s-)?\s+(?:and\s+|then\s+)?(?:show|list|give|return|get)\s+(?:me\s+)?(?:only\s+)?"
    r"the\s+first\s+(?P<n>" + _N + r")\s*[?.!]*$"
)


# "avg nodule count on ldcts neg for emphysema", "mean ggn tally across 2024 chest cts": a mean
# count of findings said over studies in the plural is the mean number of each study's
# findings, studies with none counted as 0 (as "per ldct"); the mean had been left unread and
# the findings counted (warned)
_MEAN_COUNT_ON_STUDIES = re.compile(
    r"\b(?P<avg>mean|average|avg)\s+(?P<what>(?:[a-z-]+\s+)?(?:nodule|nod|finding|mass|lesion|"
    r"ggn|ggo|psn))(?:s|es)?\s+(?:count|number|tally)\s+(?:on|in|across|over|for|among)\s+"
    r"(?:(?:all|every|the)\s+)?"
    r"(?=(?:[a-z0-9-]+\s+){0,3}?(?:cts|ldcts|scans|studies|exams|cxrs|x-?rays|radiographs)\b)"
)
# "across all screening scans, mean ggn count for each one": the same mean said with the
# studies first and "for each (one)" after the count
_ACROSS_STUDIES_MEAN_COUNT = re.compile(
    r"\b(?:across|over|among)\s+(?:(?:all|every|the)\s+)?(?P<studies>(?:[a-z0-9-]+\s+){0,3}?"
    r"(?:cts|ldcts|scans|studies|exams)),?\s+(?:the\s+)?(?P<avg>mean|average|avg)\s+"
    r"(?P<what>(?:[a-z-]+\s+)?(?:nodule|nod|finding|mass|lesion|ggn|ggo|psn))(?:s|es)?\s+"
    r"(?:count|number|tally)\s+(?:for|per|on|in)\s+(?:each|every)(?:\s+one|\s+of\s+them)?\b"
)


# "how old were people on average at their baseline ct": the mean age of those people (the
# question had been read as a list of patients, warned)
_HOW_OLD_ON_AVERAGE = re.compile(
    r"^(?:on\s+average\s*,?\s+)?how\s+old\s+(?:were|are|was|is)\s+(?:the\s+)?(?P<who>people|"
    r"patients|pts|subjects|men|women|they|persons)\s+(?:on\s+average|in\s+the\s+mean|on\s+mean)\b"
)
# "solid nodule volume averaged", "nodule diameter, median": a measurement followed by its
# statistic is that statistic of it ("average solid nodule volume")
_FIELD_THEN_STATISTIC = re.compile(
    r"^(?P<what>[a-z][a-z -]{0,40}?\b(?:volume|size|diameter|long\s+axis|short\s+axis|"
    r"solid\s+component|hu|density|attenuation|confidence))\s*,?\s+(?P<stat>averaged|mean|"
    r"average|median)\b"
    # not before a bound: "nodule diameter mean > 8 mm" is a condition on the mean diameter
    r"(?!\s*(?:of\s+)?(?:[<>=\d]|at\s+(?:least|most)|no\s+(?:more|less)|more|less|under|over|"
    r"above|below|greater|smaller|bigger|larger|exceed|up\s+to|between|from))"
)
# "reported in cc", "expressed in cm", "given in mm": the unit the number is asked in ("reported"
# is no report here; it had been read as a report word and the unit left, warned)
_REPORTED_IN_UNIT = re.compile(
    r"\b(?:reported|expressed|given|shown|stated|returned)\s+(?=in\s+(?:cc|ml|cm3|mm3|cm|mm)\b)"
)
# "middle value (median)", "the middle value": the median (not the right middle lobe)
_MIDDLE_VALUE = re.compile(r"\bmiddle\s+values?(?:\s*\(\s*(?:the\s+)?median\s*\))?")
# "masses only: ...": the kind the question is about, said with "only" ("only" had been left
# unread, warned)
_KIND_ONLY = re.compile(
    r"^(?P<noun>(?:[a-z-]+\s+)?(?:nodules|nods|masses|ggns|ggos|psns|findings|lesions))\s+only\s*"
    r"(?=:|\s-|,)"
)


# "typical workload per person - mean count of exams each patient has": a label that says the
# average the rest of the question asks for again ("typical", "per person" had been left
# unread and the question refused)
_TYPICAL_LABEL = re.compile(
    r"^(?:the\s+)?typical\s+(?:[a-z]+\s+){1,2}?(?:per|for\s+(?:a|each|every)|a)\s+(?:person|patient|"
    r"pt|subject|study|scan|exam)\s*(?::|;|,|\s-|\s\u2014)\s+(?=(?:the\s+)?(?:mean|average|avg|median)\b)"
)


def _plural_kind(what: str) -> str:
    return what + ("es" if what.endswith("mass") else "s")


def rank_and_average_words(text: str) -> str:
    """The question (lower case, cleaned) with part 36's rankings and averages of groups said
    in the readers' words."""
    text = _ELDEST.sub("oldest", text)
    text = _TYPICAL_LABEL.sub("", text)
    text = _HOW_OLD_ON_AVERAGE.sub(r"average age of \g<who>", text)
    text = _FIELD_THEN_STATISTIC.sub(
        lambda m: (
            f"{'average' if m.group('stat') == 'averaged' else m.group('stat')} {m.group('what')}"
        ),
        text,
    )
    text = _REPORTED_IN_UNIT.sub("", text)
    text = _MIDDLE_VALUE.sub("median", text)
    text = _KIND_ONLY.sub(r"\g<noun>", text)
    text = _AMONG_EVERYONE.sub(r"the \g<n> \g<sup> patients \g<rest>", text)
    text = _STUDIES_THEN_THE_N.sub(r"the \g<n> \g<sup> \g<noun>", text)
    text = _SORTED_BY_DATE.sub(_sorted_by_date, text)
    text = _WHOSE_COUNT_IS.sub(_whose_count_is, text)
    text = _NAME_THE.sub("", text)
    text = _SOLID_PART.sub("by solid component", text)
    if _RANKED_BY.search(text):
        text = _SHOW_THE_FIRST.sub(r", top \g<n>", text)
    text = _MEAN_COUNT_ON_STUDIES.sub(
        lambda m: f"{m.group('avg')} number of {_plural_kind(m.group('what'))} per study on ",
        text,
    )
    return _ACROSS_STUDIES_MEAN_COUNT.sub(
        lambda m: (
            f"{m.group('avg')} number of {_plural_kind(m.group('what'))} per study on "
            f"{m.group('studies')}"
        ),
        text,
    )
