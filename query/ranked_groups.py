"""Groups asked for by a field's name: "which lobes have nodules", "which lobe has the most
nodules", "nodules per lobe, most first" (issue 17, session 26).

A breakdown ("nodules per lobe") gives one count per value of a field. Asked as a question about
the field itself, the readers had read the field's name as nothing and answered the rest:
"which lobes have nodules" listed the studies with a nodule, and "which lobe has the most
nodules" the one study with the most nodules, both without a warning; "which station has the
most studies" and "the most common lung-rads category" were refused. The answer such questions
ask for is the breakdown, and, where a superlative is said, its values ranked by their count.

Two parts:

- :func:`ranked_groups` (a step of :func:`query.rewrites.clean`) says these questions as a
  breakdown: "which lobe has the most nodules" is "nodules per lobe ranked by count, most first,
  top 1"; "which lobes have spiculated nodules" is "spiculated nodules per lobe"; "the most
  common margin among ggns" is "ggns per margin ranked by count, most first, top 1".
- :func:`find_group_order` reads an order said after a breakdown ("per station, highest first",
  "by lobe in descending order", "per category, top 2", "ranked by count, fewest first") into
  a :class:`~query.typed_query.GroupOrder`: the groups with the most (fewest) come first, and
  with a count only that many of them (ties kept: two lobes with the same count are both the
  lobe with the most).

A field said in a way these forms do not hold stays as the readers leave it (placed or
warned); nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import re

from query import history
from query.numbers import WORD_NUMBERS, number
from query.typed_query import GroupOrder

__all__ = ["GroupOrderPhrase", "find_group_order", "ranked_groups"]

_N = r"(?:\d{1,2}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"

# The fields a breakdown groups by, as a question names them, and the words the readers group
# by ("per <word>", :func:`query.history.find_groups`)
_FIELDS: tuple[tuple[str, str], ...] = (
    (
        r"(?:lung[- ]?rads|lr)\s+(?:categor(?:y|ies)|scores?|grades?)|lung[- ]?rads|"
        r"categor(?:y|ies)",
        "lung-rads category",
    ),
    (r"lobes?", "lobe"),
    (r"(?:(?:acquiring|acquisition)\s+)?(?:stations?|scanners?|machines?)", "station"),
    (r"modalit(?:y|ies)", "modality"),
    (r"attenuations?|densit(?:y|ies)|nodule\s+types?", "attenuation"),
    (r"margins?|borders?", "margin"),
    (r"(?:study\s+|exam\s+)?descriptions?", "description"),
    (r"years?", "year"),
    (r"sex(?:es)?|genders?", "sex"),
    (r"sides?|lungs?", "side"),
    (r"body\s+parts?", "body part"),
)
_FIELD_FORMS = "|".join(f"(?:{form})" for form, _ in _FIELDS)
_FIELD = f"(?P<field>{_FIELD_FORMS})"

_MOST = (
    r"(?P<dir>most|fewest|least|(?:highest|greatest|largest|biggest|max(?:imum)?|lowest|smallest|"
    r"min(?:imum)?)\s+(?:number|count|amount|total)\s+of|more|less|fewer)"
)
_HAVE = (
    r"(?:has|have|had|shows?|showed|gets?|got|contains?|contained|sees?|saw|holds?|held|"
    r"produced|produces?|yields?|yielded|records?|recorded|accounts?\s+for|accounted\s+for|"
    r"harbou?rs?|harbou?red|is\s+home\s+to|did|does)"
)
_END = r"\s*[?.!]*$"
_ASK = r"(?:(?:show|give|list|tell|find|get)\s+(?:me\s+|us\s+)?)?"

# "which lobe has the most nodules", "what 2 stations did the most ldcts", "which scanner
# recorded the fewest studies in 2024"
_WHICH_HAS_MOST = re.compile(
    rf"^(?:which|what)\s+(?:(?P<n>{_N})\s+)?{_FIELD}\s+{_HAVE}\s+(?:the\s+)?{_MOST}\s+"
    rf"(?P<rest>.+?){_END}"
)
# "the lobe with the most nodules", "list the 3 stations with the fewest ldcts"
_WITH_MOST = re.compile(
    rf"^{_ASK}(?:the\s+)?(?:(?P<n>{_N})\s+)?{_FIELD}\s+(?:with|having|that\s+{_HAVE}|"
    rf"which\s+{_HAVE})\s+(?:the\s+)?{_MOST}\s+(?P<rest>.+?){_END}"
)
_COMMON = r"(?:common|frequent|prevalent|usual|typical|often\s+(?:seen|involved|affected|used))"
_AMONG = r"(?:for|of|among|amongst|in|with|across|on|within|from)"
# "most common lobe for ggns", "what's the least frequent margin among solid nodules",
# "commonest lung-rads category of 2024 ldcts"
_MOST_COMMON = re.compile(
    rf"^(?:(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)?\s+)?{_ASK}(?:the\s+)?"
    rf"(?:(?P<n>{_N})\s+)?(?:(?P<common>most|least)\s+{_COMMON}|(?P<commonest>commonest))\s+"
    rf"{_FIELD}\s+{_AMONG}\s+(?P<rest>.+?){_END}"
)
# "which lobe is the most common for ggns", "what margin is least frequent among solid
# nodules", "which lobe is most often involved by nodules"
_WHICH_IS_COMMON = re.compile(
    rf"^(?:which|what)\s+{_FIELD}\s+(?:is|was|are|were)\s+(?:the\s+)?(?P<common>most|least)\s+"
    rf"{_COMMON}\s+(?:by\s+|{_AMONG}\s+)(?P<rest>.+?){_END}"
)
# "which lobe do most nodules occur in", "what station did most ldcts come from"
_WHICH_DO_MOST = re.compile(
    rf"^(?:in\s+)?(?:which|what)\s+{_FIELD}\s+(?:do|does|did)\s+(?:the\s+)?(?P<dir>most|fewest)\s+"
    rf"(?:of\s+the\s+)?(?P<rest>.+?)\s+(?:occur|sit|lie|appear|show\s+up|arise|fall|turn\s+up|"
    rf"come\s+from|come\s+through|happen|get\s+done|go\s+through|belong\s+to)(?:\s+(?:in|on|at))?"
    rf"{_END}"
)
# "which modality is most common", "what's the commonest lobe?": with nothing named to count,
# the findings of a finding's field (nodules) and the studies of a study's
_BARE_COMMON = re.compile(
    rf"^(?:(?:which|what)\s+{_FIELD}\s+(?:is|was|are|were)\s+(?:the\s+)?(?:(?P<common>most|least)\s+"
    rf"{_COMMON}|(?:affected|involved)\s+(?:the\s+)?most(?:\s+often)?)|"
    rf"(?:(?:what|which)(?:'s|\s+is|\s+was)?\s+)?(?:the\s+)?(?:(?P<common2>most|least)\s+{_COMMON}|"
    rf"commonest)\s+(?P<field2>{_FIELD_FORMS})){_END}"
)
_FINDING_FIELDS = ("lobe", "attenuation", "margin", "side")
# "top 3 stations by number of ldcts", "bottom 2 lobes for ggns"
_TOP_N_FIELDS = re.compile(
    rf"^{_ASK}(?:the\s+)?(?P<top>top|bottom)\s+(?P<n>{_N})\s+{_FIELD}\s+(?:by|for|in|on)\s+"
    rf"(?:(?:the\s+)?(?:number|count|counts|total|tally)\s+of\s+)?(?P<rest>.+?){_END}"
)
# A superlative in the rest asks for one finding or study ("which lobe has the largest nodule"):
# not a breakdown, left to the rankings
_SUPERLATIVE = (
    r"(?:most|fewest|least|top|only|max(?:imum)?|min(?:imum)?|[a-z]+est|newest|latest|oldest|"
    r"first|last)"
)
# "which lobes have nodules", "what stations had studies in 2024": the breakdown itself
_WHICH_HAVE = re.compile(
    rf"^(?:which|what)\s+{_FIELD}\s+(?:have|has|had|show|shows|showed|contain|contains|"
    rf"contained|hold|holds|held|harbou?rs?|harbou?red)\s+(?!.*\b{_SUPERLATIVE}\b)"
    rf"(?P<rest>.+?){_END}"
)
# "in which lobes are the spiculated nodules", "which lobes are the new nodules in", "which
# lobes do the growing nodules sit in", "what margins do the ggns of P00003 have"
_WHICH_ARE_IN = re.compile(
    rf"^(?!.*\b{_SUPERLATIVE}\b)(?:in\s+(?:which|what)\s+{_FIELD}\s+(?:are|is|were|was|do|does|did)\s+(?P<rest>.+?)"
    rf"(?:\s+(?:found|located|seen|situated|sit|lie|occur|appear))?|(?:which|what)\s+"
    rf"(?P<field2>{_FIELD_FORMS})\s+(?:are|is|were|was|do|does|did)\s+(?P<rest2>.+?)\s+"
    rf"(?:(?:found|located|seen|situated|sit|sitting|lie|lying|occur|appear)\s+)?(?:in|on|have)){_END}"
)

# Session 26: a breakdown asked in other words. "how many nodules does each of the five lobes
# hold", "how many ldcts did each scanner do": the count of each of a field's values
_EACH_HOLDS = re.compile(
    rf"^how\s+many\s+(?P<rest>[a-z0-9-]+(?:\s+[a-z0-9-]+){{0,3}}?)\s+(?:do|does|did)\s+"
    rf"(?:each|every)\s+(?:one\s+)?(?:of\s+(?:the|our)\s+(?:{_N}\s+)?)?{_FIELD}\s+{_HAVE}"
    rf"(?:\s+(?:each|apiece))?{_END}"
)
# "tally every nodule according to the lobe it sits in", "ldcts according to station", "count
# each ggn by lobe": a count of what is named, per the field ("every", "according to" had been
# left unread, warned); a plain "count the nodules by lobe" is left to the readers
_ACCORDING_TO = re.compile(
    rf"^(?:(?:tally|count|total)\s+(?:up\s+)?)?(?:(?P<every>every|each|all(?:\s+the)?)\s+|the\s+)?"
    rf"(?P<rest>[a-z0-9-]+(?:\s+[a-z0-9-]+){{0,3}}?)\s*,?\s+(?:(?P<according>according\s+to)|by|"
    rf"per)\s+"
    rf"(?:the\s+|their\s+|its\s+)?{_FIELD}(?:\s+(?:it|they|each|one)\s+(?:sits?|lies?|is|are|"
    rf"was|were|falls?|belongs?|came|comes?)\s+(?:in|on|at|from|to))?{_END}"
)
# "per-lobe nodule numbers (rul, rml, rll, lul, lll)", "per-station exam counts": the field
# said first, hyphenated onto its noun, and the values in brackets as its own list
_PER_FIELD_FIRST = re.compile(
    rf"^per-{_FIELD}\s+(?P<rest>[a-z0-9-]+(?:\s+[a-z0-9-]+){{0,3}}?)"
    rf"(?:\s*\((?P<values>[a-z0-9, -]+)\))?{_END}"
)

_FEWEST = ("fewest", "least", "lowest", "smallest", "min", "minimum", "less", "fewer")


def _field(said: str) -> str:
    for form, word in _FIELDS:
        if re.fullmatch(form, said):
            return word
    raise ValueError(said)  # pragma: no cover - _FIELD only matches these forms


def _count(said: str | None) -> int:
    """How many groups a ranking keeps: the number said ("2", "two"), else 1."""
    return int(number(said)) if said else 1


def _ranked(rest: str, field: str, fewest: bool, n: int) -> str:
    return f"{rest} per {field} ranked by count, {'fewest' if fewest else 'most'} first, top {n}"


def _fewest(said: str | None) -> bool:
    return said is not None and said.split()[0] in _FEWEST


def ranked_groups(text: str) -> str:
    """The question said as a breakdown, ranked where a superlative asks for it (see the
    module's docstring); any other question unchanged."""
    for pattern in (_WHICH_DO_MOST, _WHICH_HAS_MOST, _WITH_MOST):
        m = pattern.match(text)
        if m:
            n = _count(m.groupdict().get("n"))
            return _ranked(m.group("rest"), _field(m.group("field")), _fewest(m.group("dir")), n)
    for pattern in (_MOST_COMMON, _WHICH_IS_COMMON):
        m = pattern.match(text)
        if m:
            n = _count(m.groupdict().get("n"))
            fewest = m.group("common") == "least"
            return _ranked(m.group("rest"), _field(m.group("field")), fewest, n)
    m = _BARE_COMMON.match(text)
    if m:
        field = _field(m.group("field") or m.group("field2"))
        fewest = (m.group("common") or m.group("common2")) == "least"
        counted = "nodules" if field in _FINDING_FIELDS else "studies"
        return _ranked(counted, field, fewest, 1)
    m = _TOP_N_FIELDS.match(text)
    if m:
        fewest = m.group("top") == "bottom"
        return _ranked(m.group("rest"), _field(m.group("field")), fewest, _count(m.group("n")))
    m = _WHICH_HAVE.match(text) or _EACH_HOLDS.match(text)
    if m:
        return f"{m.group('rest')} per {_field(m.group('field'))}"
    m = _ACCORDING_TO.match(text)
    if m and (m.group("every") or m.group("according")):
        return f"{m.group('rest')} count per {_field(m.group('field'))}"
    m = _PER_FIELD_FIRST.match(text)
    if m:
        said = [v.strip() for v in (m.group("values") or "").split(",") if v.strip()]
        values = f" in {', '.join(said[:-1])} or {said[-1]}" if len(said) > 1 else ""
        return f"{m.group('rest')} per {_field(m.group('field'))}{values}"
    m = _WHICH_ARE_IN.match(text)
    if m:
        field = m.group("field") or m.group("field2")
        return f"{m.group('rest') or m.group('rest2')} per {_field(field)}"
    return text


@dataclasses.dataclass(frozen=True)
class GroupOrderPhrase:
    """An order said after a breakdown, and where it is."""

    start: int
    end: int
    order: GroupOrder


_DIRECTION = (
    r"(?P<dir>most|highest|largest|biggest|greatest|commonest|most\s+common|fewest|lowest|"
    r"least|smallest|least\s+common|rarest)"
)
_ORDER = re.compile(
    r"\s*(?:,|;|:|\s-)?\s*(?:"
    # "ranked by count, most first", "sorted by frequency: highest first", "most first"
    r"(?:(?:sorted|ordered|ranked|listed)\s+(?:by|on)\s+(?:the\s+)?(?:counts?|numbers?|frequency|"
    r"totals?|size)\s*(?:,|;|:|\s-)?\s*)?" + _DIRECTION + r"\s+(?:ones?\s+)?first|"
    # "in descending order", "sorted by count descending", "ranked by count"
    r"(?:(?:sorted|ordered|ranked|listed)\s+(?:by|on)\s+(?:the\s+)?(?:counts?|numbers?|frequency|"
    r"totals?)\s*,?\s*)?(?:in\s+)?(?P<updown>desc(?:ending)?|asc(?:ending)?)(?:\s+order)?|"
    r"(?P<ranked>ranked(?:\s+by\s+(?:the\s+)?(?:counts?|numbers?|frequency|totals?))?(?!\s+(?:by|on)\b)|"
    r"(?:sorted|ordered|listed)\s+by\s+(?:the\s+)?(?:counts?|numbers?|frequency|totals?))"
    r")"
    # "..., top 2", "most first, top 3", "the top 2"
    rf"(?:\s*(?:,|;|:|\s-)?\s*(?:(?:show|give|keep|list)\s+(?:me\s+)?)?(?:(?:just|only)\s+)?"
    rf"(?:the\s+)?(?P<top>top|first|bottom)\s+(?P<n>{_N}))?"
    r"|\s*(?:,|;|:|\s-)?\s*(?:(?:show|give|keep|list)\s+(?:me\s+)?)?(?:(?:just|only)\s+)?"
    rf"(?:the\s+)?(?P<top2>top|bottom)\s+(?P<n2>{_N})(?!\s*(?:mm|cm|%|percent))\b"
)


def find_group_order(text: str) -> GroupOrderPhrase | None:
    """The order said right after a breakdown ("per lobe, most first, top 1"), or None."""
    for group in history.find_groups(text):
        m = _ORDER.match(text, group.end)
        if not m or m.end() == group.end:
            continue
        top = m.group("top") or m.group("top2")
        said = (m.group("dir") or m.group("updown") or "most").split()[0]
        fewest = said in (*_FEWEST, "rarest", "asc", "ascending") or top == "bottom"
        n = m.group("n") or m.group("n2")
        order = GroupOrder(n=_count(n) if n else None, largest=not fewest)
        return GroupOrderPhrase(group.end, m.end(), order)
    return None
