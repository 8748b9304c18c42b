"""Questions that ask for one number: an average, a median, a percentage or a rate.

"average nodule size", "mean volume of solid nodules", "the average HU of calcified nodules"
ask for the mean of a finding measurement ("median ..." for its median); "average age of women
with ..." for the mean of the patients' ages; "what percentage of patients have calcified
nodules", "what proportion of screening CTs show nodules", "% of nodules that are spiculated"
ask for a share; "average number of nodules per patient", "mean no. of CTs per pt" for a count
divided by the patients (or studies: "per scan", "per chest CT"), "median number of nodules
per patient" for the median of each patient's count; "median VDT" for the median volume
doubling time. These are read by the
regular expressions below (no model) and become a :class:`~query.typed_query.Aggregate`; the
words they place are only the aggregate word and the measurement word (or "average number of"
and "per"), so the kind words between them ("nodule") are still read as usual.
"mean diameter > 8 mm" is a condition, not an average: :mod:`query.numbers` places it first.
Called by :mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import re

from query.typed_query import (
    MEASURE_UNITS,
    AggregateField,
    AggregateKind,
    MeasureUnit,
    PerUnit,
)

__all__ = ["AggregatePhrase", "find_aggregates"]


@dataclasses.dataclass(frozen=True)
class AggregatePhrase:
    """``kind`` is mean, median, percent or per; ``spans`` are the characters the phrase
    places; ``per`` is what a rate is per (patient or study)."""

    kind: AggregateKind
    field: AggregateField | None
    spans: tuple[tuple[int, int], ...]
    per: PerUnit | None = None
    statistic: str = "mean"
    """For a rate: "mean" (all counted over all divided) or "median" (of each one's count)."""
    count_at: int | None = None
    """Where the phrase counts from, like "how many" (default: its first span; -1, before the
    first word, for "on average" at the end: "nodules per patient on average")."""
    measure_unit: MeasureUnit | None = None
    """ "average size ... in cm": the unit the mean (median) is answered in."""


_FIELDS: tuple[tuple[str, AggregateField], ...] = (
    (r"ages?", "age"),
    (r"(?:(?:volume|volumetric)\s+)?doubling\s+times?|vdts?", "vdt_days"),
    (r"long(?:est)?[\s-]+(?:axis|diameter)|long\s+axis\s+diameter", "long_axis_mm"),
    (r"short(?:est)?[\s-]+(?:axis|diameter)", "short_axis_mm"),
    (r"solid[\s-]+components?(?:\s+size)?", "solid_component_mm"),
    (r"(?:mean\s+)?(?:diameter|diam|size|dimension|sz)s?", "diameter_mm"),
    (r"volumes?", "volume_mm3"),
    (
        r"(?:mean\s+)?(?:hu|hounsfield(?:\s+units?)?|density|densities|attenuation(?:\s+values?)?|"
        r"ct\s+numbers?)",
        "mean_hu",
    ),
    (r"(?:model\s+)?(?:confidence|conf\b\.?|score|probability)", "confidence"),
)
_FIELD = re.compile(
    r"\b(?:" + "|".join(f"(?P<f{i}>{pattern})" for i, (pattern, _) in enumerate(_FIELDS)) + r")\b"
)
_MEAN = re.compile(r"\b(?:average|avg|mean|median)\b")
# "average number of nodules per patient": the head, then "per" and what it is per (a word
# for people or a plain "scan" is placed with "per"; a kind of study is left to be read: "per
# chest CT" counts over chest CTs).
# "avg # nods per scan": after "#" the "of" may be left out (part 29).
_PER_HEAD = re.compile(
    r"\b(?P<stat>average|avg|mean|median)\s+(?:(?:number|no\.?|num|#|count|amount)\s+of\b|"
    r"#(?=\s+[a-z]))"
)
# A sex between "per" and the word for people ("per female pt"), or a word for people of one
# sex ("per woman"), is left to be read as the patients' sex: the rate is over those patients
# ("avg # of nodules per female pt" had left 'avg' and 'per' unread, warned).
_SEX_WORD = r"(?:female|male|women|woman|men|man|females|males)"
_PER_TAIL = re.compile(
    rf"\bper\s+(?:(?P<sex>{_SEX_WORD}\s+)?"
    r"(?P<patient>patients?|pts?|persons?|people|subjects?|individuals?|head)\b|"
    rf"(?P<person>(?={_SEX_WORD}\b))|"
    r"(?P<plain>scans?|stud(?:y|ies)|exams?|examinations?|imaging\s+stud(?:y|ies))\b|"
    # "per low dose lung screening ct": "lung (cancer)" of a screening too (part 49, C)
    r"(?=(?:(?:chest|head|screening|low[- ]?dose|diagnostic|lung|cancer)\s+)*"
    r"(?:ct|cts|ldcts?|cxrs?|radiographs?|x-?rays?|ctas?|ctpas?|angiograms?)\b)|"
    # "per screening scan": a kind of study before a plain noun is read as usual (part 29)
    r"(?=(?:(?:chest|head|screening|low[- ]?dose|diagnostic|lung|cancer)\s+)+"
    r"(?:scans?|stud(?:y|ies)|exams?)\b))"
)
# Up to four words between "average" and its measurement ("average solid nodule size"), or
# the measurement right before it ("nodule size on average").
_GAP = re.compile(r"^(?:\s+(?:of\s+)?(?:the\s+)?[a-z-]+){0,4}?\s+$|^\s+$")
# Part 37: the unit said between the word and "of" ("what proportion, in %, of our patients"),
# and "what share" with no "of", its population said with "among / of / out of" before it
# ("among screening ldcts, what share came out lung-rads 2"); part 40: "how many percent / %"
# is a share too ("of the 2026 ldcts, how many percent were lr 3"), never a count.
_SHARE_WORD = r"(?:percentage|percent|proportion|fraction|share|pct)"
_PERCENT = re.compile(
    rf"(?:\b(?:what|which)\s+)?(?:\bthe\s+)?(?:\b{_SHARE_WORD}\b|%)\s*"
    r"(?:,?\s*(?:in|as(?:\s+an?)?)\s+(?:%|percent(?:age)?s?|pct)\s*,?\s*)?of\b"
    r"(?:\s+(?:the|all|our)\b)?"
)
_AMONG_SHARE = re.compile(
    r"\b(?:among|amongst|of|out\s+of|within)\s+(?:the\s+|all\s+|our\s+)?[a-z0-9 -]{1,40}?,\s*"
    rf"(?P<share>(?:what|which|how\s+many|how\s+much)\s+(?:{_SHARE_WORD}\b|%)|(?:the\s+)?"
    rf"{_SHARE_WORD}\s+(?=that|which|were|was|came|had|have|are|is)\b)"
)


def _field_after(text: str, end: int) -> tuple[AggregateField, tuple[int, int]] | None:
    for m in _FIELD.finditer(text, end):
        if not _GAP.match(text[end : m.start()] or " "):
            return None
        for i, (_, field) in enumerate(_FIELDS):
            if m.group(f"f{i}") is not None:
                return field, m.span()
    return None


_ON_AVERAGE = re.compile(r"\bon\s+(?:average|avg)\b")
_MEAN_WORD = re.compile(r"\b(?:average|avg|mean|median)\b")
# "does a patient have", "do patients have": what the rate is per, without "per"; a word for
# studies is left to be read ("does a CT show": CTs), only the verbs are placed.
# "does a female patient have", "does a woman have": a rate per patient of one sex; the sex
# word is left to be read as the sex ('average' had been left unread, warned)
_DOES_HAVE = re.compile(
    r"\b(?:does|do|did)\s+(?:a|an|each|every|the\s+average|the\s+typical|one)?\s*"
    r"(?:(?P<sex>(?:female|male|women|men|woman|man)\s+)?"
    r"(?P<patient>patients?|pts?|persons?|people|subjects?)\s+|"
    r"(?P<person>women|woman|men|man|females?|males?)\s+|(?P<noun>(?:(?:chest|head|"
    # "does each low dose ct show": a kind of study in two words too (part 28)
    r"screening|low[- ]?dose|diagnostic)\s+){0,2}(?:ct|cts|ldcts?|scans?|stud(?:y|ies)|exams?|"
    r"cxrs?)\s+))"
    r"(?:have|has|get|show|contain|undergo)\b"
)
# A closing "each" after the counted noun is "per" the unit named before it (part 28)
_CLOSING_EACH = re.compile(r"\beach\s*[?.!]*$")
# "patients have how many studies each, median", "nodules each on average": the statistic said
# after the closing "each" (part 37: refused on 'median' and 'each')
_HOW_MANY = re.compile(r"\bhow\s+many\b")
_EACH_THEN_STAT = re.compile(
    r"\beach\s*[,;:-]?\s*(?:(?:the|a|as\s+a|as\s+the)\s+)?(?P<stat>median|average|avg|mean|"
    r"on\s+average|on\s+avg)\s*[?.!]*$"
    # the statistic moved before the question by the cleaner ("median patients have how many
    # studies each": see reading.rank_and_average_words)
    r"|^(?P<first>median|average|avg|mean)\s+(?:[a-z-]+\s+){0,4}?how\s+many\s+(?:[a-z-]+\s+){1,3}?"
    r"(?P<each>each)\s*[?.!]*$"
)
_PEOPLE = re.compile(
    r"\b(?:patients?|pts?|persons?|people|subjects?|women|woman|men|man|females?|males?)\b"
)
_FEW_WORDS = re.compile(r"^(?:\s+[a-z-]+){1,3}\s+$")


def _tail(text: str, start: int) -> tuple[PerUnit, tuple[tuple[int, int], ...]] | None:
    """The first "per patient" / "per scan" (or "does a patient have") after ``start``."""
    tail = _PER_TAIL.search(text, start)
    does = _DOES_HAVE.search(text, start)
    if does is not None and (tail is None or does.start() < tail.start()):
        if does.group("sex"):  # "does a female patient have": all but the sex word
            return "patient", ((does.start(), does.start("sex")), (does.end("sex"), does.end()))
        if does.group("person"):  # "does a woman have": all but the word read as the sex
            return "patient", (
                (does.start(), does.start("person")),
                (does.end("person"), does.end()),
            )
        if does.group("patient"):
            return "patient", (does.span(),)
        return "study", ((does.start(), does.start("noun")), (does.end("noun"), does.end()))
    if tail is None:
        each = _CLOSING_EACH.search(text, start)
        if each is None:
            return None
        # "for female pts, mean # of nodules each": per the people (else studies) named before
        return ("patient" if _PEOPLE.search(text, 0, each.start()) else "study"), (each.span(),)
    if tail.group("sex"):  # "per female pt": "per" and the noun; the sex is read as usual
        return "patient", ((tail.start(), tail.start() + 3), tail.span("patient"))
    if tail.group("person") is not None:  # "per woman": "per"; "woman" is read as the sex
        return "patient", ((tail.start(), tail.start() + 3),)
    if tail.group("patient"):
        return "patient", (tail.span(),)
    if tail.group("plain"):
        return "study", (tail.span(),)
    return "study", ((tail.start(), tail.start() + 3),)


def _rates(text: str) -> list[AggregatePhrase]:
    """ "average number of nodules per patient", "avg nodules per pt", "how many nodules does a
    patient have on average": a count divided by the patients (or studies)."""
    found: list[AggregatePhrase] = []
    for head in _PER_HEAD.finditer(text):
        tail = _tail(text, head.end())
        if tail is not None:
            found.append(
                AggregatePhrase("per", None, (head.span(), *tail[1]), tail[0], _stat(head))
            )
    for on in _ON_AVERAGE.finditer(text):  # anywhere: "on average how many ...", "... on avg"
        tail = _tail(text, 0)
        if tail is not None and not _placed(found, tail[1]):
            found.append(AggregatePhrase("per", None, (*tail[1], on.span()), tail[0], count_at=-1))
    for each in _EACH_THEN_STAT.finditer(text):
        before = each.start("each") if each.group("first") else each.start()
        unit: PerUnit = "patient" if _PEOPLE.search(text, 0, before) else "study"
        said = (each.span("first"), each.span("each")) if each.group("first") else (each.span(),)
        if not _placed(found, said):
            statistic = (
                "median" if "median" in (each.group("stat"), each.group("first")) else "mean"
            )
            # counted from "how many" ("women have how many studies each": studies)
            many = _HOW_MANY.search(text, 0, before)
            at = many.start() if many is not None else -1
            found.append(AggregatePhrase("per", None, said, unit, statistic, count_at=at))
    for word in _MEAN_WORD.finditer(text):  # "avg calcified nodules per pt"
        tail = _tail(text, word.end())
        if tail is None or _placed(found, (word.span(), *tail[1])):
            continue
        between = text[word.end() : tail[1][0][0]]
        if _FEW_WORDS.match(between) and not _FIELD.search(between):
            found.append(
                AggregatePhrase("per", None, (word.span(), *tail[1]), tail[0], _stat(word))
            )
    return found


def _stat(m: re.Match[str]) -> str:
    return "median" if m.group(0).startswith("median") else "mean"


def _placed(found: list[AggregatePhrase], spans: tuple[tuple[int, int], ...]) -> bool:
    return any(s < e2 and s2 < e for phrase in found for s, e in phrase.spans for s2, e2 in spans)


# "average size of part-solid nodules in cm", "mean volume in cc": the unit of the answer (a
# unit after "in" with no number before it; "nodules over 1 cm" is a condition, read first).
_IN_UNIT = re.compile(
    # "converted to cc", "expressed in cm" (parts 56 to 59, B)
    r"(?:\b(?:in|as|(?:converted|expressed|given|reported|shown)\s+(?:to|in|into|as))\s+|,\s*)"
    r"(?:(?P<cm>cm|cms|centimet(?:er|re)s?)|(?P<cc>cc|ccs|ml|cm3|cubic\s+"
    r"centimet(?:er|re)s?|millilit(?:er|re)s?)|(?P<hu>hu|hounsfield\s+units?)|"
    # "avg diameter (mm)", "median volume in mm3": the answer's own unit, placed (part 25)
    r"(?P<mm3>mm3|cubic\s+millimet(?:er|re)s?)|(?P<mm>mm|millimet(?:er|re)s?))(?![\w^])"
)


def _answer_unit(
    text: str, start: int, field: AggregateField
) -> tuple[MeasureUnit | None, tuple[int, int]] | None:
    """The unit asked for after a measurement ("... in cm"), when it fits that measurement; a
    unit that does not fit is left unplaced (named). "in HU" of an attenuation is placed and
    changes nothing (None: the answer's own unit)."""
    for m in _IN_UNIT.finditer(text, start):
        if m.group("hu"):
            if field == "mean_hu":
                return None, m.span()  # "average attenuation in HU": HU is its only unit
            continue
        own = "cm" if m.group("mm") else "cc" if m.group("mm3") else None
        if own is not None:  # "in mm" of a length, "in mm3" of a volume: the answer's unit
            if field in MEASURE_UNITS[own][1]:
                return None, m.span()
            continue
        unit: MeasureUnit = "cm" if m.group("cm") else "cc"
        if field in MEASURE_UNITS[unit][1]:
            return unit, m.span()
    return None


# Between a measurement and an aggregate word after it ("nodule sz avg", "psn diameter - what
# is the average", "masses long axis mean", "ggn diameter, average"): nothing, a dash, colon
# or comma, "what is the".
_POSTFIX_GAP = re.compile(r"^\s*(?:[-\u2013:,]\s*)?(?:(?:what|what's|whats|is|was|the)\s+)*$")


def _field_before(text: str, start: int) -> tuple[AggregateField, tuple[int, int]] | None:
    """The measurement right before an aggregate word that has none after it (part 29: "ptx
    findings conf avg", "nodule size average"): the last one, with only a dash or "what is the"
    between."""
    last = None
    for m in _FIELD.finditer(text[:start]):
        last = m
    if last is None or not _POSTFIX_GAP.match(text[last.end() : start]):
        return None
    for i, (_, field) in enumerate(_FIELDS):
        if last.group(f"f{i}") is not None:
            return field, last.span()
    return None


# "average patient age at the time of a head ct (over all head cts)", "mean age of women at
# the time of each ldct" (part 39, H): the age on every such study, averaged over the studies
# (it had been each patient once, on their latest, with "time" and "(over all ...)" unread,
# warned). Only "a / an / each / every / any" study; "at the time of the first ldct" is each
# patient's one (the words are placed, the pick read as usual). The people between ("of women")
# are read as usual.
_STUDY_WORD = (
    r"(?:(?:[a-z-]+\s+){0,3}?(?:ct|cts|ldcts?|scans?|stud(?:y|ies)|exams?|cxrs?|x-?rays?|"
    r"radiographs?|ctas?|ctpas?|angiograms?|imaging))\b"
)
_ON_EACH_STUDY = re.compile(
    r"(?:\s+(?:of|for|among)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}?[a-z-]+)?"
    r"\s+(?P<on>(?:at\s+(?:the\s+)?(?:time|date)\s+of|when\s+(?:they|he|she)\s+(?:had|got|underwent)|"
    # "average age at ldct", "mean age at screening ct" (parts 56 to 59, B): "at" alone before
    # a kind of study is "at the time of" it (it had been each patient once, silently); a pick
    # ("at first ct", "at their latest scan") is each patient's one, read as usual
    r"at(?!\s+(?:first|1st|latest|last|initial|baseline|earliest|most|newest|index)\b)"
    r"(?=\s+(?:a|an|each|every|any)?\s*(?:ldcts?|cts?|ctas?|ctpas?|cxrs?|[a-z-]+\s+(?:ct|cts|"
    r"ldcts?|scans?|exams?|stud(?:y|ies)|x-?rays?|radiographs?|angiograms?))\b))"
    r"\s+(?:(?P<each>a|an|each|every|any|the|their|his|her)\s+)?)(?=" + _STUDY_WORD + r")"
)
# "mean age at the time of scan across 2025 ldcts" (part 45, D): the studies said after the
# bare noun with "across / over / among" (not "all": read above), read as the question's
# conditions; "across" had been left unread and each patient counted once (warned)
_ACROSS_STUDIES = re.compile(
    r"\s+(?P<across>across|over|among)\s+(?!all\b|every\b|each\b)(?=(?:the\s+)?"
    + _STUDY_WORD.replace("[a-z-]", "[\\w-]")
    + r")"
)
_PICK = re.compile(
    r"(?:[a-z-]+\s+){0,2}?(?:first|1st|second|2nd|third|3rd|latest|last|initial|baseline|earliest|"
    r"most\s+recent|newest|index|final|only|prior|previous|next)\b"
)
_OVER_ALL_STUDIES = re.compile(
    r"\s*(?P<open>[(,;]?\s*(?:over|among)\s+(?:all|every|each)\s+(?:the\s+)?)"
    + _STUDY_WORD
    + r"(?P<close>\s*\))?"
)


def _age_on_each_study(text: str, end: int) -> tuple[bool, tuple[tuple[int, int], ...]] | None:
    """The words after "age" that say on which studies (None: none said), and whether it is
    each such study (else each patient's one: "at the time of the first ldct")."""
    on = _ON_EACH_STUDY.match(text, end)
    if on is None:
        return None
    # "at the time of their head ct" (parts 60 to 63, B): a possessive with no pick is each such
    # study, as "a head ct" (it had been each patient's latest one, silently); "their first
    # ldct" stays each patient's one
    picked = _PICK.match(text, on.end()) is not None
    if on.group("each") == "the" or (on.group("each") in ("their", "his", "her") and picked):
        return False, ((on.start("on"), on.start("each")),)
    spans: tuple[tuple[int, int], ...] = (on.span("on"),)
    noun = re.compile(_STUDY_WORD).match(text, on.end())
    over = _OVER_ALL_STUDIES.match(text, noun.end()) if noun is not None else None
    # "(over all head cts)", ", among every ldct": restates the studies, which are read again
    # ("across all <studies>" is taken by an earlier reader, and stays its)
    if over is not None:
        spans += (over.span("open"),) + ((over.span("close"),) if over.group("close") else ())
    across = _ACROSS_STUDIES.match(text, noun.end()) if noun is not None else None
    if over is None and across is not None:
        spans += (across.span("across"),)
    return True, spans


# Part 40 (L): the findings a measurement's mean is taken over, with their quantifier
# ("across every nodule finding, the average mean diameter", "the median volume over all
# ggns", "mean hu of each solid nodule"): every such finding is what a mean is over already, so
# the quantifier and its preposition belong to the mean ("across" and "every" had been left
# unread, warned). The kind of finding is left to be read.
# Parts 56 to 59 (B): "across / over / among" alone before the findings too ("avg solid
# component over part-solid nodules", "hu averaged over solid nodules"); no number between
# ("over 10 mm nodules" is a size).
_OVER_EVERY = re.compile(
    r"\b(?:(?:across|over|among|amongst|for|of|from)\s+(?:every|each|all(?:\s+(?:of\s+)?the)?)|"
    r"(?:across|over|among|amongst)(?=\s+(?:the\s+)?[a-z]))\s+"
    r"(?=(?:[a-z-]+\s+){0,2}?(?:nodules?|findings?|lesions?|masses|mass|ggns?|ggos?|psns?|"
    r"effusions?|consolidations?|opacit(?:y|ies))\b)"
)
_MEASURED = frozenset(
    {"diameter_mm", "volume_mm3", "long_axis_mm", "short_axis_mm", "solid_component_mm"}
)


def _over_every(text: str, field: AggregateField) -> tuple[tuple[int, int], ...]:
    """The span of "across every", "over all the" before the findings a finding measurement's
    mean or median is over (:data:`_OVER_EVERY`); none for any other field."""
    if field not in _MEASURED and field not in ("mean_hu", "confidence"):
        return ()
    return tuple(m.span() for m in _OVER_EVERY.finditer(text))


# Parts 56 to 59 (B): "max long axis among lobulated nodules", "min diameter of a solid
# nodule", "spiculated nodules: maximum volume", "what is the minimum hu of calcified nodules"
# ask for one value, the largest (smallest) measurement, not for the finding that has it (read
# as the one largest finding, silently). Only "max / maximum / min / minimum" said where a
# question or a clause begins (after "what is the", a colon, a comma or a dash), with the
# measurement within four words after it or right before it: "patients whose max nodule size
# ..." and "with the max volume" stay what they were. An interval ("max gap") is read
# elsewhere; the highest Lung-RADS is no measurement here.
_EXTREME = re.compile(
    r"(?:^|[:,;\u2013]\s*|\s-\s*|\b(?:what|what's|whats)\s+(?:is|was|are|were)?\s*)"
    r"(?:(?:the|give|show|get|find|report)\s+)*(?P<word>max(?:imum)?|min(?:imum)?)\b(?!\s*[<>=\d])"
)


_BOUND = re.compile(
    r"\s*(?:[<>=\u2264\u2265]|\d|(?:over|under|above|below|greater|less|more|smaller|larger|"
    r"at\s+(?:least|most)|exceed\w*|of\s+\d|is|was|are|were|>)\b)"
)


def _extremes(text: str, found: list[AggregatePhrase]) -> list[AggregatePhrase]:
    """The largest or smallest value of a finding measurement (:data:`_EXTREME`)."""
    out: list[AggregatePhrase] = []
    placed = [span for phrase in found for span in phrase.spans]
    for m in _EXTREME.finditer(text):
        word = m.span("word")
        if any(start <= word[0] < end for start, end in placed):
            continue
        kind: AggregateKind = "max" if m.group("word").startswith("max") else "min"
        after = _field_after(text, word[1])
        before = None if after is not None else _field_before(text, word[0])
        got = after or before
        if got is None or got[0] not in _MEASURED | {"mean_hu", "confidence"}:
            continue
        field, span = got
        if _BOUND.match(text, max(span[1], word[1])):
            continue  # "max diameter over 10 mm": a condition, read elsewhere
        unit = _answer_unit(text, max(span[1], word[1]), field)
        spans = (word, span) + ((unit[1],) if unit is not None else ())
        spans += _over_every(text, field)
        out.append(AggregatePhrase(kind, field, spans, measure_unit=unit[0] if unit else None))
    return out


def find_aggregates(text: str) -> list[AggregatePhrase]:
    """Every average, median, rate and percentage phrase of ``text`` (lower case), in order."""
    found = _rates(text)
    in_rates = [span for phrase in found for span in phrase.spans]
    for m in _MEAN.finditer(text):
        if any(start <= m.start() < end for start, end in in_rates):
            continue
        after = _field_after(text, m.end())
        if after is not None:
            field, span = after
            # "mean diameter" alone names the measurement ("by mean diameter"); with "the" or
            # "what is" before it, it asks for the average diameter
            named = m.group(0) == "mean" and span[0] == m.end() + 1 and field == "diameter_mm"
            if named and not re.search(
                r"(?:^|\b(?:the|what|what's|whats|is))\s*$", text[: m.start()]
            ):
                continue
            kind: AggregateKind = "median" if m.group(0) == "median" else "mean"
            on_studies = _age_on_each_study(text, span[1]) if field == "age" else None
            if on_studies is not None:
                field = "study_age" if on_studies[0] else field
                found.append(AggregatePhrase(kind, field, (m.span(), span, *on_studies[1])))
                continue
            unit = _answer_unit(text, span[1], field)
            spans = (m.span(), span) + ((unit[1],) if unit is not None else ())
            spans += _over_every(text, field)
            measure_unit = unit[0] if unit is not None else None
            found.append(AggregatePhrase(kind, field, spans, measure_unit=measure_unit))
            continue
        before = _field_before(text, m.start())
        if before is not None:  # the aggregate word after its measurement ("size avg")
            field, span = before
            kind = "median" if m.group(0) == "median" else "mean"
            unit = _answer_unit(text, m.end(), field)
            spans = (span, m.span()) + ((unit[1],) if unit is not None else ())
            spans += _over_every(text, field)
            measure_unit = unit[0] if unit is not None else None
            found.append(AggregatePhrase(kind, field, spans, measure_unit=measure_unit))
    found.extend(_extremes(text, found))
    for m in _PERCENT.finditer(text):
        found.append(AggregatePhrase("percent", None, (m.span(),)))
    for m in _AMONG_SHARE.finditer(text):
        if not _placed(found, (m.span("share"),)):
            found.append(AggregatePhrase("percent", None, (m.span("share"),)))
    return found
