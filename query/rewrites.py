"""The question rewritten into the words the readers know, before any word is placed.

People type the same condition many ways ("scored 4b by lung-rads", "never underwent a single
head ct", "the 6 with the latest dates"). :func:`clean` normalises the text (Unicode, layout,
fillers, case) and then applies :data:`REWRITES` in order: each step rewrites one family of
phrasings into the plain form :mod:`query.reading` places, or leaves the text as it is. What
no step rewrites is read as typed, and an unread word stays warned. The steps are a declared
list, so the order is visible in one place, and :func:`trace` shows which steps changed a
question (for whoever mends a misreading).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable

from appliance.errors import QueryError
from query import (
    bound_words,
    column_names,
    comparisons,
    count_words,
    dates,
    history,
    numbers,
    run_together,
    spoken_numbers,
    typos,
    written_days,
)
from query.averages_said import averages_said
from query.category_forms import category_forms
from query.counted_forms import counted_forms
from query.gap_said import gap_said
from query.group_rankings import rank_and_average_words
from query.grouped_values import grouped_values
from query.growth_forms import growth_forms
from query.layouts import drop_fillers, plain_layout
from query.leaderboards import leaderboards
from query.lobe_age_forms import lobe_age_forms
from query.negated_forms import negated_forms
from query.per_unit import per_unit
from query.plain_forms import plain_forms
from query.rank_said import rank_said
from query.ranked_forms import ranked_forms
from query.ranked_groups import ranked_groups
from query.ranked_labels import ranked_labels
from query.said_statistics import read_said_statistics
from query.span_forms import span_forms

__all__ = ["MAX_QUESTION_CHARS", "REWRITES", "Rewrite", "clean", "trace"]

MAX_QUESTION_CHARS = 500


# "highest lung-rads across all exams was 3", "worst lr over all their scans is 4a": the
# patient's highest category, with the studies it is taken over and a verb between (part 34:
# left unread, warned)
# Part 35: "peak lung-rads category across their history is 4b", "maximum lung-rads reached
# 4x": "peak / maximum / max / top / worst" read as "highest", "lung-rads category" as one
# word, the patient's "history / record" as the studies, and "reached / hit / got to" as the
# verb (the question had been refused)
_LR_VERB = (
    r"(?:(?:was|is|were|=|of|at)\s+|(?:has\s+|had\s+|have\s+)?(?:ever\s+)?"
    r"(?:reached|reaches|hit|hits|got\s+to|came\s+to|comes\s+to|went\s+to|rose\s+to)"
    # "top lung rads on record stays at 2", "remained at 3" (part 37: refused)
    r"(?:\s+(?:a|an))?\s+|(?:stays?|stayed|remains?|remained|sits|sat|stands|stood|is|was)\s+at\s+)"
)
_HIGHEST_OVER_STUDIES = re.compile(
    r"\b(?P<top>highest|worst|max(?:imum)?|peak|top)\s+"
    r"(?P<lr>lung-rads|lung\s+rads|lr|category)\s+(?:(?:category|score|grade)\s+)?"
    r"(?:(?:across|over|on|of|in|among|throughout)\s+(?:(?:all|any|every)\s+)?"
    r"(?:(?:of\s+)?(?:their|his|her|the)\s+)?(?:(?:whole|entire|full)\s+)?"
    r"(?:exams?|studies|study|scans?|cts?|ldcts?|history|record|follow-up|patients?|person)"
    # session 26: "maximum lung-rads over all their exams 4x" says no verb after the studies
    r"(?P<over>\s+)|ever\s+)?"
    rf"(?(over){_LR_VERB}?|{_LR_VERB})"
    r"(?=(?:lung-rads\s+|lr\s*|category\s+|cat\s+)?[1-4][abx]?\b)"
)
# Session 26: "in the whole history the worst lung-rads of the patient is 3": the whole history
# said before a patient's highest (worst, maximum) category is that category's span, every
# study, which "highest" already says (the words had been left unread and the question refused)
_WHOLE_HISTORY = re.compile(
    r"\b(?:in|across|over|throughout|during)\s+(?:the|their|his|her)\s+(?:whole|entire|full)\s+"
    r"(?:history|record|follow-up)\s*,?\s*"
    r"(?=(?:the\s+|their\s+|his\s+|her\s+)?(?:highest|worst|max(?:imum)?|peak|top)\s+"
    r"(?:lung-rads|lung\s+rads|lr|category)\b)"
)
# Part 38 (E): "lung-rads peaked at 4a", "lr topped out at 3", "category maxed out at 4b": a verb
# of a peak is the patient's highest category ever, as "highest lung-rads" (it had been refused)
_PEAKED = re.compile(
    r"\b(?P<lr>lung-rads|lung\s+rads|lr|category|cat)\s+(?:category\s+|score\s+)?"
    r"(?:(?:has|had|have|ever|only|never\s+went\s+beyond\s+but)\s+)*"
    r"(?:peaked|peaks|peaking|topped\s+out|tops\s+out|topping\s+out|maxed(?:\s+out)?|"
    r"maxes\s+out|maxing\s+out|capped\s+out|plateaued|culminated)\s+(?:at|on|with)\s+"
    r"(?=(?:lung-rads\s+|lr\s*|category\s+|cat\s+)?[1-4][abx]?\b)"
)
# Part 35: "patients whose latest study is more than 2 years old": "N years old" said of a study
# (scan, exam, CT) is how long ago it was done, as of the question's date, never the patient's
# age (it had been read as an age over 2, silently). A comparator is needed: "more than / over /
# older than / at least" is longer ago than the bound ("more than N years ago"), "less than /
# under / newer than / younger than" within it ("in the last N years"); with no comparator it is
# "N years ago", which the reader does not place (warned, never an age said silently).
_STUDY_YEARS_OLD = re.compile(
    r"\b(?P<noun>(?:studies|study|scans?|exams?|examinations?|imaging|cts?|ldcts?|x-?rays?|"
    r"cxrs?|angios?|ctpas?))\s+(?P<verb>(?:is|was|are|were|being)\s+)?"
    r"(?P<cmp>more\s+than|over|older\s+than|at\s+least|less\s+than|under|newer\s+than|"
    r"younger\s+than)?\s*(?<![\w.])(?P<n>\d+)\s+(?P<unit>years?|months?|weeks?|days?)"
    r"(?P<old>\s+old)?\b"
)
_LONGER_AGO = {
    "more than": "more than",
    "over": "more than",
    "older than": "more than",
    "at least": "at least",
}
_OLDEST_STUDY_YEARS = 20


def _study_years_ago(m: re.Match[str]) -> str:
    """ "study is more than 2 years old": "study was more than 2 years ago"; "older than N
    years" is read so with or without "old" after it, the other comparators only with it."""
    cmp = re.sub(r"\s+", " ", m.group("cmp") or "")
    if m.group("old") is None and cmp not in ("older than", "newer than"):
        return m.group(0)
    if m.group("unit").startswith("year") and int(m.group("n")) > _OLDEST_STUDY_YEARS:
        return m.group(0)
    said = f"{m.group('n')} {m.group('unit')}"
    if not cmp:  # "latest study is 2 years old": no bound the reader has, "ago" is warned
        return f"{m.group('noun')} was {said} ago"
    if cmp in _LONGER_AGO:
        return f"{m.group('noun')} was {_LONGER_AGO[cmp]} {said} ago"
    return f"{m.group('noun')} in the last {said}"


# "short axis<4mm", "hu>-500": a comparison sign typed against the word before it is a word of
# its own (part 35: "axis<4mm" had left "short" unread and the bound fell on the diameter)
_GLUED_SIGN = re.compile(r"(?<=[a-z])(?=(?:<=|>=|=<|=>|<|>|≤|≥)\s*[-+]?\.?\d)")
# "the 6 largest nodules (by diameter)", "top 3 masses (by volume, in mm3)": what a ranking is by,
# in brackets, is read as typed without them (part 35: the brackets were left unread and the
# ranking read twice, its count lost, warned). Only "by ..." inside: another aside in brackets
# stays unread and warned ("nodules (not calcified) in women" is answered with patients by the
# Conventions where its author had meant studies).
_BY_IN_BRACKETS = re.compile(r"\(\s*(?P<by>by\s+[a-z][a-z0-9 ,-]*?)\s*\)")
# "between 1 apr and 30 jun 2024 inclusive": dates are inclusive (see Conventions), so
# "inclusive" after a date says so again and is read (part 35: left unread, warned)
_DATES_INCLUSIVE = re.compile(
    r"(?P<date>\b(?:(?:19|20)\d\d|\d{4}-\d\d-\d\d))\s*,?\s+(?:both\s+)?"
    r"(?:inclusive|inclusively|incl\.?)(?![\w-])"
)


# "an lr 3 but never anything higher": a category and never a higher one is the patient's
# highest category (part 34: "higher" was left unread, warned)
# Part 37: any one or two words between "never" and "higher" ("never anythign higher", "never a
# higher one"), and "no / nothing / not higher" after the category ("came to 4a, no higher",
# "lr 3 and nothing higher") say the same; a highest word already said before it is not said
# twice ("worst lung-rads 4a, no higher": the highest is 4A).
_NEVER_HIGHER = re.compile(
    r"\b(?:(?:highest|worst|max(?:imum)?|peak|top)\s+)?(?:lung-rads|lung\s+rads|lr|category|cat)"
    r"\s*(?P<n>[1-4][abx]?)\s*[,;(-]?\s*(?:(?:(?:but|and)\s+)?(?:never|at\s+no\s+point)\s+"
    r"(?:[a-z]+\s+){0,2}?|(?:(?:but|and)\s+)?(?:no|nothing|not|none|never\s+anything)\s+)"
    # in brackets too: "peaked at 4a (never higher)" (part 38)
    r"(?:higher|worse|above(?:\s+that)?)(?:\s+(?:one|category|than\s+that))?\b(?:\s*\))?"
)


def clean(question: str, notes: list[str] | None = None) -> str:
    """The question's text as the readers expect it: normalised, then each of
    :data:`REWRITES` in turn. What a step rewrote that the user should know of (the spoken
    numbers: "'twenty twenty four' read as 2024", :mod:`query.spoken_numbers`; the typist's
    slips) is added to ``notes``."""
    text = _normalised(question)
    for step in REWRITES:
        text = step.apply(text, notes)
    return text


def trace(question: str) -> list[tuple[str, str]]:
    """``(step, text after it)`` for each step of :func:`clean` that changed the question,
    starting with ``("normalised", ...)``: which rewrite made a reading, in order."""
    text = _normalised(question)
    changed = [("normalised", text)]
    for step in REWRITES:
        after = step.apply(text, None)
        if after != text:
            changed.append((step.name, after))
        text = after
    return changed


def _normalised(question: str) -> str:
    """The question in one line of lower-case words: its length checked, Unicode and layout
    (lists, forms, fillers) made plain, possessives dropped."""
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(
            f"the question is {len(question)} characters long; ask in at most "
            f"{MAX_QUESTION_CHARS} characters (one question at a time)"
        )
    text = unicodedata.normalize("NFKC", question)
    text = drop_fillers(plain_layout(text))  # lists, forms, "um" (query/layouts.py, part 29)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    # "men's / mens / women's chest cts": the possessive of a word for people is its adjective
    # (the studies are asked for, see parser._unit), before the possessive is dropped
    text = _PEOPLE_POSSESSIVE.sub(lambda m: "female" if m.group(1) else "male", text)
    text = re.sub(r"(?<=\w)'s\b", "", text)  # "P00003's studies": the possessive adds nothing
    text = re.sub(r"\bno\.(?=\s*of\b)", "number", text, flags=re.I)  # "no. of": not "no"
    text = re.sub(r"\s+", " ", text).strip().lower()
    if not text:
        raise QueryError("the question is empty")
    return text


def _counts_label_when_grouped(text: str) -> str:
    """A "counts" label is dropped where the question asks for groups ("counts by lobe")."""
    return _COUNTS_LABEL.sub("", text) if _GROUPED.search(text) else text


# "a 'CT CHEST W CONTRAST'", "the \"chest ct\" studies": quotation marks around a phrase only
# mark it as named (they had been left unread, warned); an apostrophe inside a word stays
_QUOTED = re.compile(r"(?<![\w'\"])(?P<q>['\"])(?P<inside>[^'\"]*\w[^'\"]*)(?P=q)(?![\w'\"])")

# "emphysema was never once reported", "emphysema not mentioned", "emphysema absent from that
# report": a negation after what the report names, with a report verb or "absent from the
# report", is the report not mentioning it (said first, as the readers of reports read it:
# "report never mentioned emphysema", "report does not mention emphysema"). Part 30: the
# negation had been left unread, warned. Only the two words before the verb are moved, after a
# word that opens a condition ("where", "with", "and", a comma) or at the start of the question
# ("emphysema never reported for them - give me those patients", part 39: "never" had been
# left unread, warned).
# Parts 52 to 55 (A): "in (for) whom" opens such a condition too ("patients in whom emphysema
# was never documented by the radiologist": whose report never mentioned it), "has never come up
# in any report", "never appearing in any of their reports" are the same negation, and "by the
# radiologist" only says who wrote the report ("never" had been left unread, warned)
_REPORT_VERB = (
    r"(?:reported|mentioned|documented|noted|described|named|recorded|come\s+up|came\s+up|"
    r"appeared|appearing|showed\s+up|shown\s+up)"
)
_THE_REPORT = (
    r"(?:the|that|this|its|their|any|his|her|a)(?:\s+(?:single\s+)?of\s+(?:the|their|his|her|its))?"
    r"\s+(?:radiology\s+)?reports?"
)
_REPORTED_AFTER = re.compile(
    r"(?P<lead>^|\b(?:where|whose|with|in\s+which|(?:in|for)\s+whom|and|but|while)\s+|[,:;]\s*|"
    r"\s-\s)"
    r"(?P<what>(?:(?!(?:where|whose|with|which|that|and|but|or|was|were|is|are|has|have|had|"
    r"never|not|no)\b)[a-z][a-z-]*\s+){0,2}(?!(?:where|whose|with|which|that|and|but|or|was|were|"
    r"is|are|has|have|had|never|not|no)\b)[a-z][a-z-]*)\s+"
    r"(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been|has|have|had)\s+)?"
    rf"(?:(?P<never>never(?:\s+once)?|not\s+once|not\s+ever)\s+(?:been\s+)?{_REPORT_VERB}|"
    rf"(?P<not>not\s+(?:been\s+)?{_REPORT_VERB}|(?:absent|missing|not)(?=\s+(?:from|in)\s+"
    rf"{_THE_REPORT})))(?:\s+(?:from|in|on)\s+{_THE_REPORT})?"
    r"(?:\s+by\s+(?:the|a|their|any)\s+radiologists?)?(?![\w-])"
    r"(?P<with>\s+(?:with|w/?)(?![\w-]))?"
)


# At the start of a question, what comes before "never reported" may be the people themselves
# ("patients never reported with emphysema", "how many pts were never documented with ..."):
# those are left as they are, as is the people's passive "never reported with / w"; a study's
# "never reported with" is its report's (:func:`_report_negation_first`)
_PEOPLE_FIRST = re.compile(
    r"\b(?:patients?|pts?|people|persons?|subjects?|individuals|men|women|who|many|anyone)\b"
)


def _report_negation_first(m: re.Match[str]) -> str:
    people = _PEOPLE_FIRST.search(m.group("what"))
    if m.group("with"):
        # "(patients with) an ldct never reported with emphysema": the study's report never
        # mentioned it (part 50: "report never mentioned an ldct with emphysema" had asked for
        # emphysema and patients with no LDCT, silently); people "never reported with" stay
        if people:
            return m.group(0)
        negation = "never mentioned" if m.group("never") else "does not mention"
        return f"{m.group('lead')}{m.group('what')} whose report {negation}"
    if not m.group("lead") and people:
        return m.group(0)
    lead = "whose " if "whom" in m.group("lead") else m.group("lead")
    if m.group("never"):
        return f"{lead}report never mentioned {m.group('what')}"
    return f"{lead}report does not mention {m.group('what')}"


# "excluding anyone with a pneumothorax", "except patients who have had a mass", "but not
# anybody with emphysema": leaving out people who had something is the patient never having
# had it, on any study ("excluding" had been left unread with the condition kept, warned).
# Only a word for people: "excluding those with a mass" may mean studies, and stays named.
_EXCLUDING_PEOPLE = re.compile(
    r"\b(?:excluding|exclude|except(?:\s+for)?|but\s+not|not\s+counting|leaving\s+out|"
    r"leave\s+out|other\s+than|omitting|minus)\s+"
    r"(?:anyone|anybody|everyone|everybody|any\s+(?:patients?|pts?|persons?|people|subjects?|one)|"
    r"all\s+(?:patients|pts|persons|people|subjects)|(?:the\s+)?(?:patients|pts|persons|people|"
    r"subjects|individuals))\s+"
    r"(?:with|w|having|(?:who|that)(?:\s+(?:has|have|had))?(?:\s+ever)?\s+(?:had|has|have|got)"
    r"|(?:who|that)\s+(?:(?:has|have|had)\s+)?(?:ever\s+)?(?:been|was|were|is|are)\s+diagnosed\s+with)\b"
)

# "everyone except those who ever had a nodule", "patients other than the ones with a mass": the
# people named, then leaving out "those" among them who had something, is the same patients who
# never had it (part 43, E: "everyone" and "except" had been left unread, the condition kept,
# warned). "those" is people only right after a word for people, as here.
_ALL_BUT_THOSE = re.compile(
    r"\b(?:everyone|everybody|all\s+(?:the\s+)?(?:patients|pts|persons|people|subjects)|"
    r"(?:the\s+)?(?:patients|pts|persons|people|subjects|individuals))\s*,?\s+"
    r"(?:except(?:\s+for)?|excluding|other\s+than|apart\s+from|but\s+not|save\s+for)\s+"
    r"(?:those|the\s+ones)\s+"
    r"(?:with|w|having|(?:who|that)(?:\s+(?:has|have|had))?(?:\s+ever)?\s+(?:had|has|have|got))\b"
)

# "accessions A0000813 + A0000561": a '+' between two identifiers (letters then digits) joins
# them as "and" does ('+' had been left unread, warned); a '+' after a number is "or more"
_PLUS_JOINED_IDS = re.compile(r"\b([a-z]{1,3}\d{3,})\s*\+\s*(?=[a-z]{1,3}\d{3,}\b)")


# "left-lung nodules", "the left-lower lobe", "a highest-ever lung-rads": a side joined to
# "lung" or to a lobe's level, and a superlative joined to "ever", by a hyphen are the two words
# (the joined form had been left unread)
_HYPHEN_JOINED = re.compile(
    r"\b(left|right|both|highest|worst|max|maximum|peak|lowest|best|min|minimum)-"
    r"(lungs?|ever|upper|middle|lower)(?![\w-])"
)
# "30+ months of f/u", "10+ mm", "3+ cm masses": a number with "+" before its unit is at least
# that amount of the unit ("30+" had been read as a diameter, its unit left unread)
_PLUS_UNIT = re.compile(
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s*\+\s*(?=(?:mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|"
    r"days?|weeks?|wks?|months?|mos?|years?|yrs?|y/?o|year-olds?|hu)(?![\w/]))"
)
# "smooth-margined", "spiculated-margin", "lobulated marginated": the margin's adjective says it
_MARGINED = re.compile(r"(?<=[a-z])(?:-margin(?:ed|ated|s)?|\s+margin(?:ed|ated))(?![\w-])")
# "half a cm", "a half centimetre": 0.5 of the unit, so that ranges read it ("between half a cm
# and 1 cm", "half a cm to 1 cm") as they read digits
_HALF_UNIT = re.compile(
    r"\b(?:half\s+an?|a\s+half)\s+(?P<unit>centimet(?:er|re)s?|cm|millimet(?:er|re)s?|mm)\b"
)
# "F pts", "m patients": a sex written as its letter, right before a word for people
_SEX_LETTER = re.compile(
    r"(?<![\w/.'-])[fm](?=\s+(?:pts?|patients?|people|persons|subjects|individuals|ppl)\b)"
)


# "sex recorded as other", "gender: female", "whose sex is m", "female sex": the patient's sex
# named with its field's word; the field's word and the verb between add nothing.
_SEX_RECORDED = re.compile(
    r"\b(?:sex|gender)\s*(?:(?:field|entry|column|value|is|was|=|:|of|recorded|listed|documented|"
    r"coded|entered|given|marked|registered|noted|reported|stated|says|said|reads|shows|set\s+to|"
    r"equals)\s*)*(?:as\s+)?(?P<v>female|male|other|f|m|o)\b"
    r"(?![\w/'-])|\b(?P<v2>female|male|other)\s+(?:sex|gender)\b"
)
# "DOB pre-1950", "scans post 2020": "pre-" / "post-" before a year is before / after that year
# (part 30: "pre" had been left unread and the year read as the study year, warned)
_PRE_POST_YEAR = re.compile(r"\b(pre|post)[\s-]?(?=(?:19|20)\d\d\b(?![-/]\d))")
# "the median interval, in days, between ...": the unit set off by commas is the unit asked for
_UNIT_IN_COMMAS = re.compile(r"\s*,\s*in\s+(?P<unit>days|weeks|months|years)\s*,\s*")
# "M/F/O split", "m/f breakdown": the patients' sexes, each counted ("sex split"); "M/F ratio"
# is left (a ratio is not a count per group)
_SEX_LETTERS_SPLIT = re.compile(
    r"(?<![\w/])(?:m\s*/\s*f|f\s*/\s*m)(?:\s*/\s*o)?\s+(?=(?:split|breakdown|distribution|counts?)\b)"
)
# "how are nodules distributed over the lobes": the count of each per lobe (part 30: it had
# been read as a list of the studies with nodules, warned)
_DISTRIBUTED = re.compile(
    r"\bhow\s+(?:are|is|were|was)\s+(?:the\s+|all\s+)?(?P<noun>[a-z-]+)\s+(?:distributed|spread|split|"
    r"broken\s+down)\s+(?:over|across|among|amongst|by|between|per|in)\s+(?:the\s+|each\s+)?"
    r"(?P<group>[a-z]+)"
)
# "- counts", "(counts)" after a question that already counts per group ("nodules per lobe -
# counts", "M/F/O split of the patient list (counts)"): the label repeats what is asked
_GROUPED = re.compile(r"\b(?:per|split|breakdown|distribution)\b")
_COUNTS_LABEL = re.compile(r"\s*(?:[-,:]\s*|\(\s*)(?:counts?|totals?|tallies|numbers)\s*\)?\s*$")
# "of the low dose cts done in 2023, what percent were lung-rads 2": the percentage of the
# studies named first ("what percent of the ... were"; part 30, 'percent' had been left unread)
_PERCENT_AFTER = re.compile(
    r"^of\s+(?P<what>[^,?]+?)\s*,\s*(?P<q>what|which)\s+(?P<p>percent(?:age)?|%|proportion|"
    r"share|fraction)\s+(?P<rest>.+)$"
)
# "chest radiographs as a share of every study, percent", "lung-rads 3 as a percentage of all
# ldcts": the share of the studies named after "of" that are the ones named first; written "% of
# <those> that were <these>" so that the kind named first is the share, never the population
# (part 33: it had been 'as' and 'percent' left unread, warned; read alone, the population)
_AS_A_SHARE = re.compile(
    r"^(?P<a>[^,:;?]+?)\s+as\s+(?:an?\s+)?(?:share|percentage|percent|proportion|fraction)\s+"
    r"of\s+(?P<b>[^,:;?]+?)(?:\s*[,:-]?\s*(?:in\s+)?(?:percent|percentage|%|pct))?\s*[?.!]*$"
)
# Parts 56 to 59 (B): the share's own kind of finding said on both sides ("lll nodules as a
# percent of all nodules", "spiculated nodule findings as a share of every nodule finding")
# is said once, on the population: "% of all nodules that were lll" (the kind said twice had
# been read as two findings of the same study, a share of the wrong findings, silently);
# "every / each" before the population is "all".
_SHARE_KIND = re.compile(
    r"^(?P<attr>.+?)\s+(?P<kind>(?:nodules?|masses|mass|ggns?|ggos?|lesions?|findings?)"
    r"(?:\s+findings?)?)$"
)


def _kind_stem(kind: str) -> str:
    return " ".join(re.sub(r"(?:(?<=ss)es|s)$", "", word) for word in kind.split())


def _as_a_share(m: re.Match[str]) -> str:
    a, b = m.group("a"), m.group("b")
    every = re.match(r"(?:every|each)\s+(?P<rest>.+\b(?:nodule|finding|ggn|ggo|lesion))$", b)
    if every is not None:  # "every nodule finding": "all nodule findings"
        b = f"all {every.group('rest')}s"
    own = _SHARE_KIND.match(a)
    if own is not None and _kind_stem(b).endswith(_kind_stem(own.group("kind"))):
        a = own.group("attr")
    return f"% of {b} that were {a}"


# "2023 ldcts: what % came back lung-rads 2", "2026 ldcts - percent lung-rads 1": the studies
# named before a colon or dash are those the percentage is of (part 32: '%' had been left
# unread, warned); not "percent by / per" (a breakdown) nor "percent of" (its own population).
# Studies and findings only: of people ("women: what % had a ct angio"), a kind of study after
# the verb would stay the population (every such share 100 %), so it stays warned
_PERCENT_AFTER_LABEL = re.compile(
    r"^(?!(?:[^,:;?]*\s)?(?:patients?|pts?|people|persons|women|woman|men|man|females?|males?|"
    r"subjects|individuals|ppl)\b)(?P<what>[^,:;?]+?)\s*(?::|\s-)\s+(?:(?:what|which)\s+)?(?P<p>percent(?:age)?|%|pct|"
    r"proportion|share|fraction)\s+(?!of\b|by\b|per\b)(?P<rest>.+)$"
)
# the words that join what a share is to what it is of; without one, "that were" is said, so that
# a kind of study after the percent word is the share ("2025 studies - percent chest ct": the
# chest CTs among the 2025 studies, never the 2025 chest CTs among themselves, 100 %)
_SHARE_JOINED = re.compile(
    r"(?:were|was|are|is|came|come|comes|had|have|has|showed|show|shows|with|w|w/|having|that|"
    r"which|whose|done|performed|acquired|in|at|on|from)\b"
)


def _percent_after_label(m: re.Match[str]) -> str:
    rest = m.group("rest")
    joined = rest if _SHARE_JOINED.match(rest) else f"that were {rest}"
    return f"{m.group('p')} of {m.group('what')} {joined}"


# "long axis in cm, averaged over spiculated solid nodules", "volume, mean across masses": the
# statistic of a field said after it, over the findings named last (part 33: 'averaged' and
# 'over' had been left unread and the findings listed, warned)
_AVERAGED_OVER = re.compile(
    r"^(?P<field>(?:[a-z-]+\s+){0,3}?(?:axis|diameter|size|volume|hu|attenuation|density|"
    r"component|confidence)(?:\s+in\s+(?:mm|cm|cc|ml|mm3|hu))?)\s*,?\s+(?P<stat>averaged|"
    r"average|avg|mean|median)\s+(?:over|across|among|for|of)\s+(?:(?:all|the|every)\s+)?"
    # words, never a bound: "volume avg over 250 mm3", "size mean of no more than 4 mm" are a
    # condition on each finding (part 31's), not a statistic over findings
    r"(?!(?:no|not|at|more|less|fewer|greater|under|over|above|below|than|between|up|least|"
    r"most|exactly|about|around|approximately|roughly)\b)"
    # a condition after the findings ("over solid nodules larger than 10mm") is theirs (parts
    # 56 to 59, B); the findings themselves start with a word
    r"(?P<noun>(?![\d-])[^,:;?]+?)\s*[?.!]*$"
)


def _averaged_over(m: re.Match[str]) -> str:
    stat = "median" if m.group("stat") == "median" else "average"
    field = m.group("field")
    # "cc volume", "cm diameter": the unit said before the field is the answer's ("in cc")
    unit = re.match(r"(?P<unit>cc|ml|cm|mm3?)\s+(?P<rest>.+)$", field)
    if unit is not None and " in " not in field:
        field = f"{unit.group('rest')} in {unit.group('unit')}"
    return f"{stat} {field} of {m.group('noun')}"


# "ggn attenuation (mean hu), median", "solid nodule volume - mean": a closing statistic word
# after a comma or dash is the statistic asked of what comes before it (part 33: 'median' had
# been left unread and the mean answered, warned)
_CLOSING_STATISTIC = re.compile(
    r"^(?P<body>[^,:;?]+?)\s*(?:,|:|\s-)\s*(?P<stat>median|mean|average|avg)\s*[?.!]*$"
)
# "attenuation (mean hu)", "size (diameter)": a field followed by its own label in brackets is
# that label (part 33: the brackets and the first word had been left unread, warned)
_FIELD_LABELLED = re.compile(
    r"\b(?:attenuation|density|size|length|dimension)\s*\(\s*(?P<label>mean\s+hu|hu|mean\s+"
    r"attenuation|(?:mean\s+)?diameter|long\s+axis|short\s+axis|volume)\s*\)"
)
# "came back lung-rads 2", "came back as positive": a result that "came back" is what it was;
# only before a result ("patients who came back within 14 months" is a return visit, kept)
# Part 37: "came out (as / at)" is said so too ("what share came out lung-rads 2")
_CAME_BACK = re.compile(
    r"\b(?:came|come|comes|coming)\s+(?:back|out)\s+(?:as\s+|at\s+)?(?=(?:lung[\s-]?rads|lr|category|cat|"
    r"positive|negative|normal|abnormal|clear|clean)\b)"
)
# "female headcount", "headcount: patients having ...": a head count is a count of patients
_HEADCOUNT = re.compile(r"\bhead[\s-]?counts?\b")
# "the MRN behind study instance 1.2.826...", "patient id for study uid ...": the patient of a
# study named by its UID ("behind", "instance" had been left unread, part 30, warned)
_PATIENT_OF_STUDY = re.compile(
    r"\b(?:mrns?|patient\s+ids?|patients?|pts?|pids?)\s+(?:behind|for|of|on|from|belonging\s+to|"
    r"linked\s+to|attached\s+to)\s+(?:the\s+|that\s+)?(?:study\s+)?(?:instance\s+)?(?:uid\s+)?"
    r"(?=\d+(?:\.\d+){3,}(?![\w.]*\d))"
)
# "study uid 1.2.826...777: can you tell me which patient it was done on", "uid 1.2.3.4, what
# patient was it for": the patient of the study named before (part 42, A: the study had been
# listed, and the question's words left unread, warned)
_WHICH_PATIENT = re.compile(
    r"[\s,;:.-]*\b(?:which|what)\s+(?:patient|pt|person|mrn|patient\s+id)\s+(?:(?:it|this|that)"
    r"\s+(?:was|is)|(?:was|is)\s+(?:it|this|that))(?:\s+(?:done|performed|acquired|taken|"
    r"scanned|carried\s+out))?(?:\s+(?:on|for|from|of|in))?(?=\s*[?.!]?\s*$)"
)
# "which study was the very first one done?", "which scan is the most recent one": the first
# (latest) study, as "the first study" reads (part 42, A: "first" and "one" had been left
# unread, every study listed, warned)
_WHICH_WAS_FIRST = re.compile(
    r"\b(?:which|what)\s+(?P<noun>study|scan|exam|ct|ldct)\s+(?:was|is)\s+(?:the\s+)?(?:very\s+)?"
    r"(?P<rank>first|earliest|latest|last|most\s+recent|newest|oldest)(?:\s+one)?"
    r"(?:\s+(?:done|performed|acquired|taken|carried\s+out))?(?=\s*[?.!]?\s*$)"
)
_UID_KEYWORD_BEFORE = re.compile(
    r"\b(?:study\s+)?(?:instance\s+)?(?:uid|study)\s*(?P<gap>(?:(?:here|below|above)\s*)?[(:#]?\s*)$"
)
_STUDY_UID_NAMED = re.compile(r"(?<![\w.])(?=\d+(?:\.\d+){3,}(?![\w.]*\d))")


def _patient_asked_after(text: str) -> str:
    """``text`` with a question for the patient of a study UID said before it ("which patient
    it was done on") put as "patient of study uid <uid>", when one UID is named."""
    asked = _WHICH_PATIENT.search(text)
    uids = list(_STUDY_UID_NAMED.finditer(text, 0, asked.start() if asked else 0))
    if asked is None or len(uids) != 1:
        return text
    at = uids[0].start()
    # the study's own keyword before the UID ("study uid here (", "study:") is said again
    head = _UID_KEYWORD_BEFORE.sub(r"\g<gap>", text[:at])
    return head + "patient of study uid " + text[at : asked.start()] + text[asked.end() :]


# "solid comp", "solid-comp", "solid cmpt": the solid component, in every reader (conditions,
# averages, rankings); "comp" alone is left as written.
_SOLID_COMP = re.compile(r"\bsolid[\s-]+(?:comp|comps|cmpt|compt|compnt|cmpnt)(?![\w/-])")
# "a part-solid nodule carrying a solid core of 6 mm or more", "psns whose solid portion is over
# 5 mm": the solid component said in other words, with the verb that gives it (part 42, A: the
# core had been read as a solid attenuation and the size as the nodule's, warned)
_SOLID_CORE = re.compile(
    r"\b(?:(?:carrying|bearing|featuring|having|containing|with|w)\s+)?(?:an?\s+)?"
    # part 45 (D): "psn where the solid bit measures bigger than 6 mm" (read as the nodule's size)
    # plural too: "biggest solid cores among part-solid nodules" (parts 52 to 55, E)
    r"solid[\s-]+(?:core|portion|element|centre|center|bit|part|piece|area|region)s?(?![\w/-])"
    r"(?!\s*-?\s*solid)"
)


def _solid_core(m: re.Match[str]) -> str:
    """ "carrying a solid core": "with a solid component"; "whose solid portion": "whose solid
    component"."""
    head = m.group(0).split()[0]
    said = head in ("carrying", "bearing", "featuring", "having", "containing", "with", "w")
    return "with a solid component" if said else "solid component"


# "ground-glass attenuation", "solid density": an attenuation with its field's word, which adds
# nothing (as "spiculated-margin"); "mixed attenuation" is a form of its own (part-solid).
_ATTENUATION_NAMED = re.compile(
    r"\b(?P<value>ground[- ]?glass|(?:part|sub|non|semi)[- ]?solid|solid)[\s-]+"
    r"(?:attenuation|density|composition|consistency)\b(?![\w-])"
)
# "ground glass opacities (nodules)", "spiculated lesions (nods)" (part 45, D): the kind named
# again in brackets after a noun of a finding says only that they are nodules; the brackets had
# been left unread (warned). Only the nodule's own words, and only after such a noun.
_KIND_IN_BRACKETS = re.compile(
    r"\b(?P<noun>opacities|opacity|ggos|ggo|ggns|ggn|psns|psn|nods|"
    r"nod|nodules|nodule)\s*\(\s*(?:nodules?|nods?|lung\s+nodules?|pulmonary\s+nodules?)\s*\)"
)
_SEX_VALUES = {"female": "female", "f": "female", "male": "male", "m": "male"}


def _sex_value(m: re.Match[str]) -> str:
    return _SEX_VALUES.get(m.group("v") or m.group("v2"), "sex other")


# "w/ and w/o contrast", "with or without calcification": the word after "without" is shared,
# so each side gets it ("with contrast and without contrast")
_WITH_AND_WITHOUT = re.compile(
    r"(?<![\w/])(?:with|w/|w)\s+(?P<join>and|or|&)\s+(?:without|w/o|wo)\s+(?P<what>[a-z][\w-]*)"
)


_PEOPLE_POSSESSIVE = re.compile(r"(?<![\w'])(wo)?men(?:'s|s)(?![\w'])", re.IGNORECASE)


# Clinicians' shorthand for words the readers know: "vol", "sz", "yr(s)", "whats", "f/u",
# "btw" / "b/w" (between), "w/in" (within), "thru" (through: a range of numbers or of dates).
_SHORTHAND_WORDS = {
    "vol": "volume",
    "sz": "size",
    "yr": "year",
    "yrs": "years",
    "whats": "what",
    "f/u": "follow-up",
    "btw": "between",
    "b/w": "between",
    "w/in": "within",
    "thru": "through",
    # part 45 (D): "nodules ovr 10 mm" had lost its bound; a comparison typed without vowels
    "ovr": "over",
    "undr": "under",
    "abv": "above",
    "btwn": "between",
}
# "on follow up", "follow up longer than 3 years": the noun in two words is "follow-up" ("follow"
# had been respelt "followed" and "up" left unread)
_FOLLOW_UP_WORDS = re.compile(r"(?<![\w-])follow\s+up(?![\w-])")
# "median mean-HU value", "hu values": "value" after a measurement adds nothing, and a hyphen
# joins "mean-hu" as a space does (part 30: both left unread, warned)
# "... - who?", "..., who": "who" alone after a break asks for the patients, as "which
# patients" does (part 30: "who" had been read as a break and studies listed, warned)
_WHO_ASKED = re.compile(r"(?:\s+-\s*|\s*[,;:]\s*)who\s*\??\s*$")
# "ggns on the grow - which exams had one", "spiculated nodules, which pts have them": the
# pronoun after the break is the finding already named, so the tail asks only for the unit, as
# "- which exams" does (part 60: "one" had been read as a second nodule, on its own, so a study
# with a ggn and another nodule that grew was answered, silently)
_WHICH_HAD_ONE = re.compile(
    r"(?P<ask>(?:\s+-\s*|\s*[,;:]\s*)(?:which|what)\s+(?:exams|scans|studies|cts|ldcts|"
    r"patients|pts|people))\s+(?:had|have|has|showed|show|shows|contained|contain|contains)\s+"
    r"(?:one|them|it|any|these|those|such\s+an?\s+one)\s*(?P<end>\??)\s*$"
)
# "one nodule tracked across three exams": "one" before a finding followed over studies is the
# single nodule of the track ("a"), not a count of nodules in a study (part 30: read as
# exactly one nodule per study, warned)
_ONE_TRACKED = re.compile(
    r"(?<![\w-])(?:one|1|a\s+single|single)\s+(?=(?:[a-z-]+\s+)?(?:nodules?|ggns?|masses|mass|"
    r"lesions?|findings?)\s+(?:tracked|followed|monitored|seen|visible|present|identified|imaged)\s+"
    r"(?:on|across|over|in)\s)"
)
# "one nodule has been followed across 3+ exams", "a single nodule that was tracked over four
# scans", "the same nodule being imaged on 2 studies": the words of tense between the finding
# and the verb of following say nothing more; dropped, the track's reading above applies (part
# 31: "one nodule has been followed" had been read as exactly one nodule per study, silently)
_TRACKED_TENSE = re.compile(
    r"(?<![\w-])(?P<noun>nodules?|ggns?|masses|mass|lesions?|findings?)"
    r"(?:\s+(?:that|which))?\s+(?:has\s+been|have\s+been|had\s+been|was|were|is|are|being|been)"
    r"(?=\s+(?:tracked|followed|monitored|seen|visible|present|identified|imaged)\s+"
    r"(?:on|across|over|in)\s)"
)
_MEAN_HU = re.compile(r"(?<![\w-])mean-hu\b")
_MEASURE_VALUE = re.compile(
    r"(?<![\w-])(?P<what>hu|attenuation|density|diameter|size|volume|axis)\s+values?\b"
)
# "whose mean attenuation sits from -100 to +40 HU", "size lies between 6 and 8 mm": the verb of
# where a measurement lies is "is", a condition on each finding, never an average (part 30:
# "sits" left unread and the question read as an average, warned)
_MEASURE_SITS = re.compile(
    r"(?<![\w-])(?P<what>hu|attenuation|density|diameter|size|volume|axis)\s+(?:sits|sit|sitting|"
    r"lies|lie|lying|falls|fall|falling)\s+(?=(?:from|between|in|within|inside)\b)"
)
# "interval nodule enlargement", "interval ggn growth": "interval" before the finding and a noun
# of growth only says since the previous study, as "interval growth" does (part 30: left
# unread, warned); "interval" elsewhere ("median interval between ...") is kept
_INTERVAL_GROWTH = re.compile(
    r"(?<![\w-])interval\s+(?=(?:[a-z-]+\s+){1,2}(?:growth|enlargement|increase|enlarging|"
    r"growing)\b)"
)
# "nodule volume average over 100", "nodule diameter mean > 8 mm": a measurement named with
# "average / mean" after it and then a bound is a condition on that measurement of each finding,
# never an average (part 31, found outside it: the bound had been read as an age, or the
# question as an average, silently); only before a number ("volume average of women over 60"
# stays an average)
_MEASURE_MEAN_BOUND = re.compile(
    r"(?<![\w-])(?P<what>volume|diameter|size|hu|attenuation|density|axis)\s+(?:average|mean|avg)"
    rf"\s+(?=(?:(?:of\s+)?(?:{numbers.GE}|{numbers.LE}|{numbers.GT}|{numbers.LT})|of|=)"
    r"\s*[-−+]?\.?\d)"
)
# "anyone imaged in 2023 who came back for imaging in 2026", "pts scanned in 2024 who returned
# in 2025": coming back in a second period, after a first, is a study in each period, as "and
# again in" says (part 31: "came back" had been left unread and the periods joined, warned)
_CAME_BACK_IN = re.compile(
    r"\s+(?:(?:who|that|and)\s+)?(?:(?:came|come|comes|coming)\s+back|returned|returning|"
    r"(?:was|were)\s+back)(?:\s+for\s+(?:(?:more|another|a|an|further|repeat|follow-up)\s+)?"
    r"(?:imaging|scanning|scans?|stud(?:y|ies)|exams?|cts?|ldcts?|follow-up))?\s+"
    r"(?=(?:in|during)\s)"
)
_PERIOD_BEFORE = re.compile(r"\b(?:in|during)\s+(?:[a-z]+\s+)?\d{4}\b")


def _came_back_in(text: str) -> str:
    def again(m: re.Match[str]) -> str:
        first = _PERIOD_BEFORE.search(text, 0, m.start())
        return " and again " if first is not None else m.group(0)

    return _CAME_BACK_IN.sub(again, text)


# "an ldct in 2024 but not in 2025", "scanned in 2023 but never in 2026": the second period (a
# year, maybe after a month) with "not / never" and no kind of its own is the same kind of
# study never in that period, as "but never had an ldct in 2025" says (part 31: "not" had been
# left unread and the periods joined, warned)
_BUT_NOT_IN = re.compile(
    r"(?P<kind>\b(?:(?:an?|any|one)\s+(?:[a-z0-9-]+\s+){0,2}?[a-z0-9-]+|scanned|imaged|"
    r"examined|seen|studied)\s+)(?P<first>(?:in|during)\s+(?:[a-z]+\s+){0,2}\d{4})\s+"
    r"(?:but|and)\s+(?:not|never)\s+(?=(?:in|during)\s+(?:[a-z]+\s+){0,2}\d{4}\b)"
)


def _but_not_in(m: re.Match[str]) -> str:
    kind = m.group("kind")
    verb = "" if kind.startswith(("scanned", "imaged", "examined", "seen", "studied")) else "had "
    return f"{kind}{m.group('first')} but never {verb}{kind}"


# "a lung-rads 2 exam as well as a lung-rads 4A exam": "as well as" joins as "and" does (part 31:
# the two categories had been read as one study's, warned)
_AS_WELL_AS = re.compile(r"(?<![\w-])as\s+well\s+as(?![\w-])")
# "interval in days baseline screening ct -> latest screening ct", "days from the first ldct to
# the latest ldct": the kind of study named on both sides of a first-to-latest span is said once,
# as "days between first and latest screening ct" does (part 31: the arrow and the second side
# had been left unread and only the first study listed, warned); the arrow is already a space
# (layouts.plain_layout). Only after a word asking for the span ("interval", "time", "days
# from"): "nodules on the first scan and the latest scan" is left as it was
_FIRST_KIND_TO_LATEST = re.compile(
    r"(?:\b(?P<noun>interval|time|gap|span|duration)(?:\s+in\s+(?P<unit>days|weeks|months|years))?"
    r"\s+(?:(?:between|from)\s+)?|\b(?P<per>days|weeks|months|years)\s+(?:between|from)\s+)"
    r"(?:(?:the|their|his|her)\s+)?"
    r"\b(?:first|baseline|initial|earliest)\s+(?P<kind>(?:[a-z-]+\s+){0,3}?[a-z-]+)\s*"
    r"(?:-+>|→|\bto\b|\band\b|\buntil\b|\bthrough\b|\bthru\b)?\s*(?:(?:the|their|his|her)\s+)?"
    r"\b(?:latest|last|final|newest|most\s+recent)\s+(?P=kind)(?![\w-])"
)


def _first_kind_to_latest(m: re.Match[str]) -> str:
    head = m.group("unit") or m.group("per") or m.group("noun")
    return f"{head} between first and latest {m.group('kind')}"


# "P00136 first ldct to latest ldct in days", "baseline ldct to most recent ldct, how many days":
# the same span with the unit said after it (parts 60 and 62, A: only the first study had been
# listed, warned); only with "to" (-> , until) between the two ends and the unit right after, so
# "nodules on the first ct and the latest ct" is left as it was
_FIRST_KIND_TO_LATEST_IN = re.compile(
    r"(?:\bfrom\s+)?(?:(?:the|their|his|her)\s+)?"
    r"\b(?:first|baseline|initial|earliest)\s+(?P<kind>(?:[a-z-]+\s+){0,3}?[a-z-]+)\s*"
    r"(?:-+>|→|\bto\b|\buntil\b|\bthrough\b|\bthru\b)\s*(?:(?:the|their|his|her)\s+)?"
    r"\b(?:latest|last|final|newest|most\s+recent)\s+(?P=kind)\s*[,:-]?\s*"
    r"(?:in|how\s+many)\s+(?P<unit>days|weeks|months|years)(?![\w-])"
)


def _first_kind_to_latest_in(m: re.Match[str]) -> str:
    return f"{m.group('unit')} between first and latest {m.group('kind')}"


# "enlargement of a nodule by over 3 mm", "increase in nodule diameter of 3 mm or more": the
# amount after the words naming what grew is still the growth; it is moved next to its growth
# word ("enlargement by over 3 mm of a nodule") and the words between are read as written (part
# 31: the amount had been read as the nodule's size, the growth left at 1.5 mm, silently). A
# joining or relative word, "to / into", "than", "at" end the words between ("grew to a
# diameter of 8 mm", "growth and a diameter of 5 mm": a size).
_GROWTH_AMOUNT_LATER = re.compile(
    r"(?P<growth>(?<![\w-])(?:grew|grown|growing|grow|grows|growth|increased|increase|enlarged|"
    r"enlarging|enlargement|progressed)(?:\s+in\s+size)?)"
    r"(?P<between>(?:\s+(?!(?:and|or|but|with|without|who|that|which|where|whose|to|into|than|"
    r"at|while|when|after|before|from|per|each|by)\b)[a-z-]+){1,5}?)"
    rf"\s+(?:by|of)\s+(?P<amount>{numbers.CMP}?\s*{numbers.NUM}\s*(?:mm|cm|millimet(?:er|re)s?|"
    rf"centimet(?:er|re)s?)\b(?:\s*{numbers.POST})?)"
)
# "5+ mm of nodule growth", "3 mm of solid nodule enlargement", "2mm or more of interval ggn
# growth": an amount, "of", the words naming what grew, then the growth noun; the amount is the
# growth threshold ("nodule growth of 5+ mm"), never the nodule's size (part 33: the size had
# been 5 mm or more and the growth left at 1.5 mm, silently). The words between name findings:
# no joining word, number or unit among them.
_AMOUNT_OF_NAMED_GROWTH = re.compile(
    rf"(?<![\w.])(?P<amount>{numbers.CMP}?\s*{numbers.NUM}\s*-?\s*(?:mm|cm|millimet(?:er|re)s?|"
    rf"centimet(?:er|re)s?)\b(?:\s*{numbers.POST})?)\s+of\s+"
    r"(?P<what>(?:(?!(?:and|or|but|with|without|who|that|which|where|"
    r"whose|to|into|than|at|in|on|of|per|each|by|a|an|the|mm|cm|growth|increase|enlargement|"
    r"progression)\b)[a-z][a-z-]*\s+){1,4}?)"
    r"(?P<growth>growth|increase|enlargement|progression)\b"
)
_GROWN_DIAMETER = re.compile(r"\s+in\s+(?:(?:mean|average)\s+)?(?:diameter|size)")


def _growth_amount_first(m: re.Match[str]) -> str:
    """The amount next to its growth word; "in (mean) diameter / size" alone says what growth
    is measured in already, and is dropped."""
    between = m.group("between")
    between = "" if _GROWN_DIAMETER.fullmatch(between) else between
    return f"{m.group('growth')} by {m.group('amount')}{between}"


_SHORTHAND = re.compile(
    r"(?<![\w/.-])(?:vol|sz|yrs?|whats|f/u|btw|b/w|w/in|thru|ovr|undr|abv|btwn)(?![\w/-])"
)
# "1st ldct", "the first ever study", "P00010's last ever scan": "1st" before a word is "first"
# and "ever" after first / last / latest / earliest adds nothing (both had been left unread);
# a date's "1st" ("jan 1st", "1st of march", "1st march 2024") is kept for the date reader
_FIRST_ORDINAL = re.compile(
    r"(?<![\w/.-])(?P<word>1st|first|last|latest|earliest)(?P<ever>\s+ever)?(?=\s+(?P<next>[a-z]+))"
)
# "lr 4a but never 4b or 4x": a bare category after a negation that follows a Lung-RADS category
# is one too (it had been left unread), also past a few words on when ("lung-rads 4b at some
# point but never 4x": part 26's answer had been right by chance, with the '4x' named)
_BARE_CATEGORY = re.compile(
    r"(?P<head>\b(?:lr|lung-?rads)\s+[0-4][abxs]?(?:\s*(?:,|or|and)\s*[0-4][abxs]?)*\s+"
    r"(?:(?!(?:and|or|but|with|w|no|not|never|without)\b)[a-z]+\s+){0,3}"
    r"(?:but never|and never|never|but not|and not|but no|without)\s+)(?P<cat>[0-4][abxs]?)\b"
)
# "4B screening cts", "had a 4B in 2025", "categorised 4A", "lr4b": a category written with its
# letter (4A, 4B, 4X) names a Lung-RADS category, where no Lung-RADS word comes before it in the
# question (after one, "lung-rads 2 or 4a" stays a list of that word's categories) nor right
# after it ("a 4b lung-rads" is read as part 24's category before its word) and nothing
# else claims it (no identifier's "#", "/", "-" or "." beside it); "lr4b" is "lr 4b" (they had
# been left unread, part 28)
_LETTER_CATEGORY = re.compile(r"(?<![\w#/.-])(?P<lr>lr)?(?P<cat>4[abx])(?![\w/-]|\.\d)")
_LUNG_RADS_NEXT = re.compile(r"\s*(?:lr|lung[- ]?rads|lungrads|categor(?:y|ies)|cat)\b")
_LUNG_RADS_WORD = re.compile(r"\b(?:lr|lung[- ]?rads|lungrads|rads|categor(?:y|ies)|cat)\b")


# "LR-4B", "lr-3": the scale's abbreviation joined to its category by a hyphen is the two words
# (the joined form had been left unread, and "worst category ever recorded is LR-4B" refused,
# part 32)
_LR_HYPHEN = re.compile(r"(?<![\w-])lr-(?=[0-4][abx]?(?![\w-]))")


def _letter_categories(text: str) -> str:
    text = _LR_HYPHEN.sub("lr ", text)

    def category(m: re.Match[str]) -> str:
        if m.group("lr") is None and (
            _LUNG_RADS_WORD.search(text, 0, m.start()) or _LUNG_RADS_NEXT.match(text, m.end())
        ):
            return m.group(0)  # "a 4b lung-rads": the category before its word is read so
        return f"lung-rads {m.group('cat')}"

    return _ON_LUNG_RADS.sub(r"\g<cat>", _LETTER_CATEGORY.sub(category, text))


# "graded 4B or worse on lung-rads", "peaked at category 3 on lung-rads": the scale named after
# a category already read as one is no word of its own (it had been left unread, part 28)
_ON_LUNG_RADS = re.compile(
    r"(?P<cat>\b(?:lr|lung-?rads|categor(?:y|ies)|cat)\s+[0-4][abx]?"
    r"(?:\s+(?:or|and)\s+(?:worse|higher|above|better|lower|below|up))?)\s+(?:on|in|per)\s+"
    r"(?:the\s+)?(?:lung-?rads|lr)(?:\s+scale)?\b"
)


# "both lung-rads 2 and 4a scans": the two categories of "both" are two conditions, the
# Lung-RADS word said again before the second ("lung-rads 2 and 4a" alone stays either)
_BOTH_CATEGORIES = re.compile(
    r"\bboth\s+(?P<a>(?:an?\s+)?(?P<word>lung-?rads|lr|category)\s+[0-4][abx]?\s+and\s+"
    r"(?:an?\s+)?)(?P<b>[0-4][abx]?)\b"
)
# "total cts in 2023", "the total ldcts this year", "ldcts in 2024, total": "total" opening the
# question before what it counts, or closing it, is "total number of" / "total count" (it had
# been left unread); "total volume", "total number of" and "a total of" are left as they are
_TOTAL_OPENING = re.compile(
    # part 31: also at the start of a clause after a label ("CT01 scanner: total head ct exams")
    r"(?:^|(?<=[:;]\s)|(?<=\s-\s))(?P<lead>(?:(?:what\s+is|what's|what|give|show|get|the)\s+)*)total\s+(?!(?:number|count|"
    r"no|num|#|how|of|volume|size|diameter|amount|sum)\b)(?=[a-z])"
    # "the total of lobulated nodules" (parts 52 to 55, E): "the total of" is their number ("a
    # total of 5" stays, a bound)
    r"|(?:^|(?<=[:;]\s)|(?<=\s-\s))(?P<the>(?:(?:what\s+is|what's|what|give|show|get)\s+)*the)"
    r"\s+total\s+of\s+(?=[a-z])"
)
# "sex is neither M nor F", "gender other than male or female": a recorded sex is M, F or O
# (the vocabulary's three), so the one left is "other" (it had been refused, part 28)
_MALE = r"(?:m|male|man|men)"
_FEMALE = r"(?:f|female|woman|women)"
_NEITHER_SEX = re.compile(
    rf"\b(?:neither|other\s+than|not)\s+(?:an?\s+)?(?:{_MALE}\s+(?:nor|or)\s+(?:an?\s+)?{_FEMALE}|"
    rf"{_FEMALE}\s+(?:nor|or)\s+(?:an?\s+)?{_MALE})\b"
)
# "a LUL/LLL nodule", "RUL / RML / RLL": lobes joined by a slash are one lobe or another, as
# "LUL or LLL" (part 32: the pair had been one word, left unread, warned)
_LOBE_NAME = r"(?:rul|rml|rll|lul|lll|lingula)"
_LOBES_SLASH = re.compile(rf"(?<![\w/])(?P<lobe>{_LOBE_NAME})\s*/\s*(?={_LOBE_NAME}(?!\w))")
# "break the exams down by station", "break down the ldcts by year", "break down by sex": the
# verb of a breakdown, as "<noun> broken down by" (part 32: it had been refused)
_BREAK_DOWN = re.compile(
    r"\bbreak\s+(?:(?P<obj>(?:(?!by\b|down\b)[\w'-]+\s+){1,4}?)down|down(?:\s+(?P<obj2>"
    r"(?:(?!by\b)[\w'-]+\s+){1,4}?))?)\s*(?=by\b)"
)
# Part 40 (L): a breakdown said with other verbs ("exam counts grouped on the study
# description", "how are nodule findings distributed across the five lobes", "studies split on
# station", "nodules spread over the 5 lobes"): each is a count per the field; "how are
# ... distributed" is the question's verb, and the number of values ("the five lobes") adds
# nothing (they had been left unread, or refused)
_SPREAD_ACROSS = re.compile(
    r"\b(?:how\s+(?:are|were|is|was|did|do|does)\s+(?P<what>(?:[\w'-]+\s+){1,4}?))?(?:distributed|"
    # session 26: "how did the 2024 screens distribute over the lung-rads grades"
    r"distribute|spread|"
    r"split(?:\s+up)?|divided|grouped|broken\s+up|bucketed|tallied)\s+(?:across|over|among|"
    r"amongst|between|by|on|into|per)\s+(?:the\s+|all\s+(?:the\s+)?|each\s+)?(?:(?:two|three|"
    r"four|five|six|[2-6]|different|various)\s+)?(?=(?:lobes?|stations?|scanners?|modalit(?:y|ies)|"
    r"sex|gender|years?|categor(?:y|ies)|lung[- ]?rads|lr|attenuations?|margins?|sides?|"
    r"laterality|(?:study\s+|exam\s+)?descriptions?|body\s+parts?)\b)"
)
# Session 26: "per lung-rads grades (scores)": the categories, as "per lung-rads" ("grades" had
# been left unread, warned)
_PER_LR_GRADES = re.compile(r"\bper\s+(?:the\s+)?(?:lung-rads|lr)\s+(?:grades?|scores?)\b")
_SEX_WORD_BEFORE = re.compile(r"\b(?:sex|gender)\b(?:\s+[a-z]+){0,2}\s*$")
# "patients who carry the sex code O", "gender value F", "sex coded as M": the recorded sex
# named as a code is that sex; "carry / bear / hold" the field is "have" it (part 37: refused)
_SEX_CODE = re.compile(
    r"\b(?:(?P<verb>carry|carries|carrying|carried|bear|bears|bearing|hold|holds|holding)\s+)?"
    r"(?:(?:the|a)\s+)?(?P<field>sex|gender)\s+(?:code|value|marker|flag|field|entry|recorded\s+as|"
    r"coded\s+as|listed\s+as)\s*(?:of\s+|=\s*|:\s*)?(?P<v>[mfo])\b"
)


# nothing but a verb of listing or counting before the category: no unit is named
_NO_HEAD_BEFORE = re.compile(
    r"\s*(?:(?:list|show|give|get|find|pull)\s+(?:me\s+)?(?:the\s+|all\s+)?|how\s+many\s+)?"
)


def _never_higher(m: re.Match[str]) -> str:
    """ "lr 3 but never higher" is the patient's highest category; said first, with no unit
    before it ("lung-rads 3 at some point but never anything higher"), it is a history only a
    patient has, so the patients are asked for (part 55: the studies of those patients had been
    listed, silently)."""
    said = f"highest lung-rads {m.group('n')}"
    if _NO_HEAD_BEFORE.fullmatch(m.string, 0, m.start()):
        return f"patients with {said}"
    return said


def _sex_code(m: re.Match[str]) -> str:
    return f"{'have ' if m.group('verb') else ''}sex {m.group('v')}"


def _other_sex(m: re.Match[str]) -> str:
    """ "other" after the field's word ("sex is neither M nor F"); "sex other" where no such
    word comes before ("how many pts are neither M nor F", part 33: it had been refused, as
    "other" alone is never a sex)."""
    return "other" if _SEX_WORD_BEFORE.search(m.string, 0, m.start()) else "sex other"


# "ranking: 3 biggest ...": a label before the question (it had been left unread, part 28)
_LABEL_RANKING = re.compile(r"^\s*(?:ranking|rankings|ranked)\s*[:-]\s*")
# "CT01 vs CT02 vs DX01 exam counts": counts per station, of the stations named (the "vs" and
# "counts" had been left unread, part 28)
_STATION_NAME = r"[a-z]{2}\d{2}"
_STATIONS_VS = re.compile(
    rf"\b(?P<first>{_STATION_NAME})(?P<rest>(?:\s*,?\s+(?:vs\.?|versus|v\.?)\s+{_STATION_NAME})+)"
    r"\s+(?:(?P<noun>[a-z]+)\s+)?(?:counts?|totals?|volumes?)\b"
)


def _stations_per(m: re.Match[str]) -> str:
    names = [m.group("first"), *re.findall(_STATION_NAME, m.group("rest"))]
    noun = m.group("noun") or "study"
    return f"{noun} count per station at {' or '.join(names)}"


# "CT vs DX exam counts": counts per modality, of the modalities named, as part 28's stations
# (part 30: "vs" and "counts" had been left unread, warned)
_MODALITY_NAME = r"(?:ct|dx|cr|mr|mri|us|xr|pet|nm)"
_MODALITIES_VS = re.compile(
    rf"\b(?P<first>{_MODALITY_NAME})(?P<rest>(?:\s*,?\s+(?:vs\.?|versus|v\.?)\s+{_MODALITY_NAME})+)"
    r"\s+(?:(?P<noun>exams?|studies|study|scans?|imaging)\s+)?(?:counts?|totals?|volumes?|numbers?)\b"
)


def _modalities_per(m: re.Match[str]) -> str:
    names = [m.group("first"), *re.findall(rf"\b{_MODALITY_NAME}\b", m.group("rest"))]
    return f"study count per modality of {' or '.join(names)}"


# "the 4 patients with the earliest birth dates": the 4 oldest patients ("latest birth dates"
# the youngest); it had been refused (part 30)
_EARLIEST_BIRTHS = re.compile(
    r"\b(?P<n>\d+)\s+(?:patients|pts|people|persons)\s+(?:with|having|who\s+have)\s+(?:the\s+)?"
    r"(?:earliest|oldest)\s+(?:birth\s*dates?|dates?\s+of\s+birth|dobs?|birthdays?)"
    r"(?:\s+overall|\s+in\s+the\s+(?:cohort|archive|list|database))?"
)
# "give me 5 nodules, biggest volume first": the 5 ranked by it ("first" had been left unread and
# the 5 read as a count per study, part 30)
_BIGGEST_FIRST = re.compile(
    r"\b(?P<n>\d+)\s+(?P<noun>[a-z-]+),?\s+(?P<sup>biggest|largest|smallest|highest|lowest|"
    r"most\s+confident|least\s+confident)\s+(?P<what>[a-z-]+(?:\s+(?!first\b)[a-z-]+)?)\s+first\b"
)


# "which 4 ct head exams carry the earliest study dates in the archive": the 4 earliest of them
# (it had been read as 4 studies per patient, part 30, warned)
# "head cts: which 5 have the earliest study dates" (parts 52 to 55, E): the studies named first
_WHICH_EARLIEST = re.compile(
    r"(?:^(?P<first>[a-z][a-z0-9 -]{0,40}?)\s*(?::|,|\s-)\s+(?:which|what)\s+(?P<n2>\d+)|"
    r"\b(?:which|what)\s+(?P<n>\d+)\s+(?P<noun>[a-z][a-z -]{0,40}?))\s+(?:carry|have|has|bear|"
    r"show|with)\s+(?:the\s+)?(?P<sup>earliest|latest|most\s+recent)\s+(?:study\s+|exam\s+|"
    r"scan\s+)?dates?(?:\s+(?:in\s+the\s+(?:archive|cohort|database|catalogue)|overall|on\s+record|"
    # "on the pacs", "in the ris" (parts 52 to 55, E): where the studies are kept
    r"(?:on|in)\s+(?:the\s+|our\s+)?(?:pacs|ris|system)))?"
)


def _ranked_first(m: re.Match[str]) -> str:
    return f"the {m.group('n')} {m.group('noun')} with the {m.group('sup')} {m.group('what')}"


# "3 biggest solid components among part-solid nodules": the findings ranked by their solid
# component (the diameter had been ranked, 'components' left unread, part 28)
_SOLID_COMPONENTS = re.compile(
    r"(?:\b(?:the\s+)?(?:top\s+)?(?P<n>\d+)\s+)?\b(?P<sup>biggest|largest|smallest)\s+solid\s+"
    r"components?\s+(?:among|of|in|across)\s+(?:the\s+|all\s+)?(?P<noun>(?:[a-z-]+\s+)?"
    r"(?:nodules|ggns|psns|lesions|findings))\b"
)


def _by_solid_component(m: re.Match[str]) -> str:
    n = f"{m.group('n')} " if m.group("n") else ""
    return f"the {n}{m.group('noun')} with the {m.group('sup')} solid component"


# Part 31's rankings (B). "masses: give me the 3 with the least volume", "ground glass nods -
# the 3 with the highest volume": the noun said before a colon or dash is what "the N" ranks,
# written "the 3 least volume masses" (the number had been left unread and the one smallest
# answered, warned). Only a superlative after "with / having the": "masses: the 3 in the rul"
# is no ranking. A superlative of no field ("the 3 with the latest study dates") keeps its
# words after the noun: "the 3 ldcts with the latest study dates".
_RANK_SUP = (
    r"(?:least|most|highest|lowest|greatest|largest|smallest|biggest|longest|shortest|densest|"
    r"oldest|youngest|earliest|latest|most\s+recent)"
)
_RANK_FIELD = (
    r"(?:solid\s+components?|volumes?|diameters?|sizes?|long\s+ax[ie]s|short\s+ax[ie]s|"
    r"(?:mean\s+)?hu|confidences?)(?:\s+(?:values?|measurements?|readings?))?"
)
_RANK_N = r"(?:\d+|" + "|".join(sorted(numbers.WORD_NUMBERS, key=len, reverse=True)) + ")"
# "ggns: which 3 have the highest volume", "men: which 2 are the oldest": "which N" and its verb
_NOUN_THEN_THE_N = re.compile(
    rf"^(?P<noun>[a-z][^:;,]{{0,50}}?)\s*(?::|\s-)\s+(?:(?:give|show|get|list|find|pull|send)\s+"
    rf"(?:me\s+|us\s+)?)?(?:(?:just|only)\s+)?(?P<lead>the|which|what)\s+(?P<n>{_RANK_N})\s+"
    r"(?P<verb>with|w|having|that\s+have|which\s+have|have|has|had|are|were|is|was)\s+the\s+"
    rf"(?P<sup>{_RANK_SUP})\b(?:\s+(?P<field>{_RANK_FIELD})\b)?"
)
# "psns with the 3 largest solid components", "nodules w the 5 highest hu values": the number
# inside the superlative phrase ranks the findings named before it ("the 3 largest solid
# component psns"); the solid component had been read as the attenuation and the diameter
# ranked (warned). The field may be plural ("volumes", "solid components").
_FINDING_NOUN = r"(?:nodules|nods|findings|masses|lesions|ggns|ggos|psns)"
_WITH_THE_N = re.compile(
    rf"(?P<lead>^|[:;,]\s*|\s-\s|\b(?:show|list|find|get|pull|name|all|me|us)\s+)"
    rf"(?P<noun>(?:(?!(?:with|w|having|the|of|in)\b)[a-z-]+\s+){{0,2}}?{_FINDING_NOUN})\s+"
    rf"(?:with|w|having|that\s+have|which\s+have)\s+the\s+(?P<n>{_RANK_N})\s+"
    r"(?P<sup>largest|biggest|greatest|highest|smallest|lowest|least|longest|shortest)\s+"
    rf"(?P<field>{_RANK_FIELD})\b"
)


def _field_said_once(field: str) -> str:
    """ "solid components", "hu values", "long axes": the field, singular, without its noun."""
    field = re.sub(r"\s+(?:values?|measurements?|readings?)$", "", field)
    return re.sub(r"(?<=[a-z])(?<!axi)s$", "", field.replace("axes", "axis"))


# "head ct, the 4 most recent ones", "ldcts - the 3 earliest": the studies (people) named
# first, then "the N <order>" closing the question, is the N first (last) of them ("4" and the
# ranking had been left unread, warned; parts 52 to 55, E)
_NOUN_THEN_THE_N_CLOSING = re.compile(
    rf"^(?P<noun>[a-z][^:;,]{{0,50}}?)\s*(?:,|:|\s-)\s+(?:(?:give|show|get|list|find|pull|send)\s+"
    rf"(?:me\s+|us\s+)?)?(?:(?:just|only)\s+)?the\s+(?P<n>{_RANK_N})\s+(?P<sup>most\s+recent|"
    r"latest|newest|earliest|oldest|youngest)(?:\s+ones?)?\s*[?.!]*$"
)


def _noun_then_the_n(m: re.Match[str]) -> str:
    noun, n, sup = m.group("noun"), m.group("n"), m.group("sup")
    if m.group("field") is None:
        return f"{m.group('lead')} {n} {noun} {m.group('verb')} the {sup}"
    return f"the {n} {sup} {_field_said_once(m.group('field'))} {noun}"


def _n_before_noun(m: re.Match[str]) -> str:
    field = _field_said_once(m.group("field"))
    return f"{m.group('lead')}the {m.group('n')} {m.group('sup')} {field} {m.group('noun')}"


# "the 3 with the highest volume in mm3", "top 3 by volume (cc)": the unit after a ranked field
# only names how it is measured (the ranking is the same in any unit); it had been left
# unread, warned
_RANKED_UNIT = re.compile(
    rf"(?P<field>\b(?:{_RANK_SUP}|by)\s+(?:volume|solid\s+component|diameter|size|long\s+axis|"
    r"short\s+axis))\s+(?:in\s+)?(?:\(\s*)?(?:mm3|mm³|cc|ml|cm3|mm|cm)\b(?:\s*\))?"
)
# "the 3 psns with the largest solid components", "the highest volumes": a ranked field said in
# the plural is the field (the plural "components" had been left unread and "solid" read as
# the attenuation, warned)
_SUP_FIELD = re.compile(rf"(?P<sup>\b{_RANK_SUP}\s+)(?P<field>{_RANK_FIELD})\b")
# Part 34's families (B). "the 4 most voluminous nodules": the largest volume ("least
# voluminous" the smallest); "voluminous" had been left unread and the 4 read as a count per
# study (warned)
_VOLUMINOUS = re.compile(r"\b(?P<sup>most|least)\s+voluminous\b")
# "the 3 nodules measuring the longest along the long axis": a ranked field said "measuring the
# <superlative> along / on / in" it is the ranking by that field (the 3 had been read as a count
# per study, warned)
_MEASURING_THE = re.compile(
    rf"\b(?P<noun>{_FINDING_NOUN})\s+(?:measuring|that\s+measure|which\s+measure)\s+the\s+"
    r"(?P<sup>longest|largest|biggest|greatest|shortest|smallest)\s+(?:along|on|in|by|across)\s+"
    r"(?:the\s+|their\s+|its\s+)?(?P<field>long\s+axis|short\s+axis|diameter|volume|"
    r"solid\s+component)\b"
)
# "among part-solid nodules, the 3 whose solid component is largest" (or "the 3 with the
# largest solid component"): the N of the named findings ranked by the field, "the N X with
# the <superlative> <field>"; the number had been left unread (warned)
_AMONG_THE_N_WHOSE = re.compile(
    r"\bamong\s+(?:the\s+|all\s+)?(?P<noun>[a-z][a-z -]{0,40}?)\s*,?\s+(?:give\s+me\s+|show\s+"
    rf"(?:me\s+)?|list\s+)?(?:the\s+)?(?P<n>{_RANK_N})\s+(?:(?:whose|with\s+(?:a|the|their)|"
    rf"where\s+the)\s+(?P<field>{_RANK_FIELD})\s+(?:is|are|was|were)\s+(?:the\s+)?"
    r"(?P<sup>largest|biggest|greatest|highest|smallest|lowest|longest|shortest)|(?:with|having)\s+"
    r"the\s+(?P<sup2>largest|biggest|greatest|highest|smallest|lowest|longest|shortest)\s+"
    rf"(?P<field2>{_RANK_FIELD}))\b"
)


def _among_the_n(m: re.Match[str]) -> str:
    field = _field_said_once(m.group("field") or m.group("field2"))
    sup = m.group("sup") or m.group("sup2")
    return f"the {m.group('n')} {m.group('noun')} with the {sup} {field}"


# "on average how many nodules does an ldct carry": the average number per study of that kind
# ("carry / have / show / contain"); "average" and the verb had been left unread and the
# findings counted (warned)
_ON_AVERAGE_HOW_MANY = re.compile(
    r"\bon\s+average\s*,?\s+how\s+many\s+(?P<what>[a-z][a-z -]{0,30}?)\s+(?:does|do|did|would|will)"
    r"\s+(?:an?|each|every|the\s+average|one|a\s+single)\s+(?P<kind>[a-z][a-z -]{0,30}?)\s+"
    r"(?:carry|have|show|contain|hold|include|get|display|harbou?r)\b"
)
# "on average how many nodules turn up on one screening ct" (part 40, L): the findings said to
# turn up / show up / appear / be found / be seen on one study of a kind, "on average" before
# or after, are the average number per study of that kind, as "does an ldct carry" ("average",
# "turn" and "up" had been left unread and the findings counted, warned). Without "on average"
# the question is a count and is left as it was.
_HOW_MANY_TURN_UP = re.compile(
    r"\b(?P<a1>(?:on\s+)?(?:average|avg)\s*,?\s+)?how\s+many\s+(?P<what>[a-z][a-z -]{0,30}?)\s+"
    r"(?P<a2>on\s+(?:average|avg)\s*,?\s+)?(?:turn(?:s|ed)?\s+up|show(?:s|ed)?\s+up|"
    r"crop(?:s|ped)?\s+up|appear(?:s|ed)?|(?:are|were|is|get|got)\s+(?:found|seen|detected|"
    r"reported|identified|present))\s+(?:on|in|per)\s+(?:a\s+single|one|a|an|each|every|"
    r"any\s+one|a\s+given|the\s+average|a\s+typical)\s+(?P<kind>(?:[a-z-]+\s+){0,2}?(?:ct|"
    r"ldct|scan|study|exam|cxr|x-?ray|radiograph))\b(?P<a3>\s*,?\s*on\s+(?:average|avg)\b)?"
)


def _how_many_turn_up(m: re.Match[str]) -> str:
    if not (m.group("a1") or m.group("a2") or m.group("a3")):
        return m.group(0)
    return f"average number of {m.group('what')} per {m.group('kind')}"


# "typical (median) exam count a patient racks up": a statistic in brackets after "typical"
# names it; the number of studies "a patient racks up / has / gets / accumulates" is the number
# per patient (it had been refused)
_TYPICAL_NAMED = re.compile(r"\btypical\s*\(\s*(?P<stat>median|mean|average)\s*\)")
_COUNT_A_PATIENT_HAS = re.compile(
    r"\b(?P<stat>median|mean|average)\s+(?P<noun>exam|study|scan|visit|imaging)\s+(?:count|number|"
    r"tally)\s+(?:a|per|each|every|one)\s+(?:patient|pt|person|subject)\s+(?:racks\s+up|has|had|"
    r"gets|accumulates|collects|builds\s+up|ends\s+up\s+with)\b"
)
# "what share (%) of chest cts": a share, proportion or fraction marked "(%)" is the
# percentage ("share" and the brackets had been left unread and the studies listed, warned)
_SHARE_PERCENT = re.compile(
    r"\b(?:share|proportion|fraction|rate|portion)\s*\(\s*(?:%|percent|pct)\s*\)"
)
# "ldcts w/o lymphadenopathy (report states none)": a bracketed statement that the report
# states none makes the absence a negated mention, as "the report says there is no ..."
# (without it, "without" is only "not affirmed"); the bracket had been left unread (warned)
_STATES_NONE = re.compile(
    r"\b(?:without|w/o|w/out|no)\s+(?P<what>[a-z][a-z -]{0,40}?)\s*\(\s*(?:the\s+)?(?:report|"
    r"radiologist|read)\s+(?:states|says|reads|notes|records|documents)\s+(?:none|no|absent|"
    r"negative|not\s+present)\s*\)"
)
# "scanner ct02 workload for march 2026": a station's workload is its number of studies ("for"
# the period); "workload" had been left unread and the studies listed (warned)
_WORKLOAD = re.compile(r"\b(?:workload|work\s+load|throughput)(?:\s+(?:for|in|during|over))?\b")
# "DX01 radiograph volume for 2025", "ct02 volume in march", "monthly ldct volume" (part 40, L):
# the volume of studies (after a word for studies or a station) is their number, in a
# manager's words, as "workload"; a finding's volume is the measurement, and "volume" after a
# word for findings is never read here ("volume" had been left unread and the studies listed,
# warned)
_STUDY_VOLUME = re.compile(
    r"\b(?P<noun>(?:exam|study|studie|scan|ct|ldct|cxr|x-?ray|xray|radiograph|film|mri|"
    r"imaging|(?:imaging\s+)?study)s?|[a-z]{2}\d{2})\s+volumes?(?P<in>\s+(?:for|in|during|over))?"
    r"\b(?!\s*(?:of|>|<|=|over|under|above|below|at\s+least|at\s+most|more|less|greater|"
    r"\d))"
)


def _study_volume(m: re.Match[str]) -> str:
    noun = m.group("noun")
    count = f"{noun} study count" if re.fullmatch(r"[a-z]{2}\d{2}", noun) else f"{noun} count"
    return count + (" in" if m.group("in") else "")


# "lung-rads went up from one study to the next": a category change is already between
# consecutive studies; "from one study to the next" adds nothing (its "one study" had been read
# as exactly 1 study per patient, warned)
_ONE_TO_THE_NEXT = re.compile(
    r"\b(?P<verb>up|down|rose|fell|increased|decreased|changed|worsened|improved)\s+"
    r"(?:from\s+)?one\s+(?:study|exam|scan|ct|visit|ldct)\s+to\s+(?:the\s+)?(?:next|following)"
    r"(?:\s+(?:one|study|exam|scan|ct|visit|ldct))?\b"
)


def _superlatives_averages_and_fillers(text: str) -> str:
    """Rankings said with a superlative ("most voluminous"), averages and shares in other words,
    a stated absence and fillers (part 34's families, B)."""
    text = _VOLUMINOUS.sub(
        lambda m: "largest volume" if m.group("sup") == "most" else "smallest volume", text
    )
    text = _MEASURING_THE.sub(r"\g<noun> with the \g<sup> \g<field>", text)
    text = _AMONG_THE_N_WHOSE.sub(_among_the_n, text)
    text = _ON_AVERAGE_HOW_MANY.sub(r"average number of \g<what> per \g<kind>", text)
    text = _HOW_MANY_TURN_UP.sub(_how_many_turn_up, text)
    text = _TYPICAL_NAMED.sub(r"\g<stat>", text)
    text = _COUNT_A_PATIENT_HAS.sub(
        lambda m: (
            f"{m.group('stat')} number of "
            f"{'studies' if m.group('noun') in ('study', 'imaging') else m.group('noun') + 's'}"
            " per patient"
        ),
        text,
    )
    text = _SHARE_PERCENT.sub("percentage", text)
    text = _STATES_NONE.sub(r"where the report says there is no \g<what>", text)
    text = _WORKLOAD.sub("study count in", text)
    text = _STUDY_VOLUME.sub(_study_volume, text)
    return _ONE_TO_THE_NEXT.sub(r"\g<verb>", text)


# "mean nodule count on a single screening ct", "average number of masses in one scan": the
# mean number of findings of each study (as "per screening ct"); the mean had been left unread
# and the findings counted, warned (part 31)
_MEAN_COUNT_PER_STUDY = re.compile(
    r"\b(?P<avg>mean|average|avg)\s+(?:(?P<what>(?:[a-z-]+\s+)?(?:nodule|nod|finding|mass|lesion|"
    r"ggn|ggo|psn))(?:s|es)?\s+(?:count|number|tally)|number\s+of\s+(?P<what2>(?:[a-z-]+\s+)?"
    r"(?:nodules|nods|findings|masses|lesions|ggns|ggos|psns)))\s+(?:on|in|per)\s+"
    r"(?:a\s+single|one|a|an|each|every|any\s+one|a\s+given|an\s+individual|the\s+average)\s+"
    r"(?=(?:[a-z-]+\s+){0,2}?(?:ct|ldct|scan|study|exam|cxr|x-?ray|radiograph)\b)"
)


def _mean_per_study(m: re.Match[str]) -> str:
    what = m.group("what2")
    if what is None:
        what = m.group("what") + ("es" if m.group("what").endswith("mass") else "s")
    return f"{m.group('avg')} number of {what} per "


# "2025 low-dose cts in men: number?", "ldcts at CT02 - count?", "nodules in the rul: how
# many?": a closing count word after a colon or dash asks the count (it had been left unread
# and the studies listed, warned, part 31)
# "DX01 radiograph volume for 2025, a number", "ldcts at ct02 - just the count" (part 40, L):
# after a comma too, with "a / as a / just the" before the word
_CLOSING_COUNT = re.compile(
    r"\s*(?::|\s-|,)\s*(?:(?:as\s+)?(?:just\s+|only\s+)?(?:the|a)\s+)?"
    # "grown nodules - total number", "ldcts, the total count" (parts 52 to 55, E): the count
    # word after "total" ("total" and "number" had been left unread, the findings listed)
    r"(?:(?:total\s+)?(?:number|count)|total|how\s+many|tally|n)\s*[?.!]*$"
)
# "male patients' chest x-rays", "female pts' nodules": the plural possessive of a word for
# people names whose studies or findings are asked for (the sex before it stays, as "male
# chest x-rays"); any other plural possessive's apostrophe ("the nodules' volumes") is only
# punctuation (it had been left unread, warned, part 31)
_PEOPLE_PLURAL_POSSESSIVE = re.compile(
    r"(?<![\w'])(?:patients|pts|persons|subjects|individuals|people)'(?:s\b)?\s*(?=[a-z0-9])"
)
_PLURAL_POSSESSIVE = re.compile(r"(?<=[a-z]s)'(?=\s)")
# "which patients' nodules are calcified", "what pts' lung-rads peaked at 4b": after "which /
# what" the people are asked for, and what is theirs is a condition on them ("which patients
# whose ..."); the possessive alone had been dropped and the studies answered, silently
# (session 21's review)
_WHICH_PEOPLE_POSSESSIVE = re.compile(
    r"(?<![\w-])(?P<q>which|what)\s+(?P<who>(?:(?:female|male)\s+)?(?:patients|pts|people|"
    r"subjects|individuals|persons))'(?:s\b)?\s*(?=[a-z])"
)


# "in one and the same study": "the same" said twice over (it had been left unread, part 28)
_ONE_AND_THE_SAME = re.compile(r"\b(?:one\s+and\s+the|the\s+very)\s+same\b")
# "exactly one imaging exam on file", "studies on record": where the studies are kept says
# nothing of which (it had been left unread, part 28)
_ON_FILE = re.compile(
    r"(?<=[a-z])\s+on\s+(?:file|record)(?=\s*(?:$|[,.?!;:)-]|\s(?:for|in|with|from|since)\b))"
)
# "exam total", "chest ct number for women", "nodule tally": "total" or "number" right after a
# plural or singular noun of studies, findings or people (not "of", not an identifier after it:
# "pt number P00012") is that noun's count (it had been left unread, part 28)
_NOUN_TOTAL = re.compile(
    r"(?P<noun>\b(?:exam|study|studie|scan|ct|ldct|cxr|x-?ray|mri|imaging study|nodule|nod|"
    # "chest radiograph total" (parts 52 to 55, E)
    r"finding|lesion|mass|masse|ggn|ggo|psn|patient|pt|case|radiograph|film)s?)\s+"
    r"(?:total|number)\b"
    r"(?!\s+(?:of|count|is|was)\b)(?!\s*[:#]?\s*[a-z]*\d)"
)
_TOTAL_CLOSING = re.compile(
    r"(?<=[a-z0-9])(?<!\bin)(?<!\bmany)(?<!\ball)(?<!\bthe)\s*(?:,|-)?\s+total\s*[?.!]*$"
)
_PLUS_SIGN = re.compile(r"(?<![\w.+)])\+(?=\d)")
_MONTH_START = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$")


def _which_earliest(m: re.Match[str]) -> str:
    if m.group("first") is not None:
        return f"the {m.group('n2')} {m.group('sup')} {m.group('first')}"
    return f"the {m.group('n')} {m.group('sup')} {m.group('noun')}"


def _total_opening(m: re.Match[str]) -> str:
    the = m.group("the")
    return f"{m.group('lead')}total number of " if the is None else f"{the} total number of "


def _first_word(m: re.Match[str]) -> str:
    word, after = m.group("word"), m.group("next")
    if word == "1st" and (
        after == "of"
        or _MONTH_START.match(after)
        or _MONTH_START.search(m.string[: m.start()].rstrip().rsplit(" ", 1)[-1] or "-")
    ):
        return m.group(0)  # a date's day
    return "first" if word == "1st" else word


# "#" for "number of" ("# pts w ...", "# of nodules", "avg # nodules"), not an identifier's "#"
# ("patient # P00003", "acc #123") nor "#" glued to a word or number.
_COUNT_SIGN = re.compile(
    r"(?<![\w#])(?<!patient )(?<!pt )(?<!mrn )(?<!accession )(?<!acc )(?<!uid )(?<!id )"
    # "# 2025 ldcts showing a growing nodule": a number and a word may follow (part 25)
    r"#(?:\s*of\b)?\s+(?=[a-z]|\d[\d.]*\s+[a-z])"
)


# "P00116's nodules - total #", "nodules in the rul, #": a "#" closing the question (alone
# or after "total") is a count closing it (it had been left unread, part 25)
_COUNT_SIGN_CLOSING = re.compile(r"(?<![\w#])(?:\s*[,:-])?\s*(?:total\s*)?#\s*[?.!]*$")


# "number of 2023 ldcts ...", "the number of 3+ nodule scans": "number of" opening a question
# before a number is "how many", as "#" is, so that the number keeps its own reading (the "of"
# had gone with the year and "number" was left unread, part 33); after an average word it stays
_NUMBER_OF_NUMBER = re.compile(
    r"(?<!average )(?<!mean )(?<!avg )(?<!median )(?<!total )(?:(?<=^)|(?<=[\s:,-]))"
    r"(?:the\s+)?number\s+of\s+(?=\d)"
)


def _count_sign(text: str) -> str:
    def count(m: re.Match[str]) -> str:  # "# 2025 ldcts": the date keeps its own "of"
        return "how many " if text[m.end()].isdigit() else "number of "

    text = _COUNT_SIGN_CLOSING.sub(" total count", text)
    text = _NUMBER_OF_NUMBER.sub("how many ", text)
    return _COUNT_SIGN.sub(count, text)


# "ggn avg volume (cc)", "median f/u (months)": a unit in parentheses is the unit asked, as
# "in cc" (the parenthesised unit had been left unread, part 25)
_UNIT_IN_PARENTHESES = re.compile(
    r"(?<=[a-z])\s*\(\s*(?:in\s+)?(?P<unit>cc|ml|cm3|mm3|cm|mm|hu|days|weeks|months|years|yrs|mos)\s*\)"
)
# "what was found on study X (all findings)", "P00012 (the studies)": a unit in parentheses is
# the unit asked, as after a comma (part 33: the parentheses had been left unread, warned)
_UNIT_ASKED_IN_PARENTHESES = re.compile(
    r"\s*\(\s*(?:(?:all|all\s+the|the|all\s+of\s+the)\s+)?(?P<unit>findings|studies|scans|"
    r"exams|patients|pts)\s*\)"
)
# "findings with a lung-rads category", "nodules that have any lung-rads score": a category,
# whichever, is one of the six (part 33: the words had been left unread, warned). Only after
# "with / having / that have": a negated one ("without a category") stays named.
_ANY_CATEGORY = re.compile(
    r"(?P<with>\b(?:with|w|having|that\s+have|that\s+has|which\s+have|which\s+has))\s+"
    r"(?:a|any|an\s+assigned|some)\s+(?:lung-?rads|lr)\s+(?:category|score|grade|class)\b"
    r"(?!\s*(?:of\s+)?[0-4])"
)
# "emphysema (per report)", "emphysema per the report", "as per the report", "(according to the
# report)": the place a concept was read, said as "on the report" is (part 32: "per" and the
# parentheses had been left unread, warned, and the question read per study). A bare "per
# report" ("findings per report") may ask for a count per study and stays named.
_PER_REPORT = re.compile(
    r"\s*\(\s*(?:per|as\s+per|according\s+to|on|in|from)\s+(?:the\s+)?(?:radiology\s+)?"
    r"reports?\s*\)|\s+(?:as\s+per\s+(?:the\s+)?|per\s+the\s+)(?:radiology\s+)?reports?\b|"
    r"\s+according\s+to\s+(?:the\s+)?(?:radiology\s+)?reports?\b"
)
# "how many ldcts had zero nodules", "scans w 0 findings": "zero" or "0" before a finding noun
# is "no" (it had been left unread, or "0" read as 0 or more, warned, part 25); a zero that
# bounds a number ("hu above zero") stays. "not a single / not one / not even one" before a
# finding noun is "no" too (part 35: "a single" had been read as exactly 1, silently wrong)
_ZERO_FINDINGS = re.compile(
    r"(?:\bzero|(?<![\w.,-])0|\bnot\s+(?:even\s+)?(?:a\s+single|one(?:\s+single)?)(?!\s+(?:of|one)\b))\s+(?=(?:[a-z-]+\s+){0,2}?(?:nodules?|nods?|findings?|masses|mass|lesions?|ggns?|"
    r"ggos?|psns?|effusions?|pneumothora(?:x|ces)|consolidations?|abnormalities)\b)"
)
# "dob < 1950", "born >= 1960": a comparator sign between a word for the birth date and a
# year is its word ("born before 1950"; the sign had been left unread and the year read as a
# study date, warned); before a day or a month the date reader reads the sign itself
_BIRTH_SIGN = re.compile(
    r"\b(?P<word>dob|born|birth\s*date|date\s+of\s+birth|birth\s+year|year\s+of\s+birth)\s*"
    r"(?P<sign><=|=<|>=|=>|<|>|≤|≥)\s*(?=(?:19|20)\d\d\b(?![-/]))"
)
_SIGN_WORDS = {
    "<": "before",
    "<=": "until",
    "=<": "until",
    "≤": "until",
    ">": "after",
    ">=": "since",
    "=>": "since",
    "≥": "since",
}
# "mean days first-to-latest scan": the span's words joined by hyphens are the words
_FIRST_TO_LATEST = re.compile(
    r"\b(?P<a>first|baseline|initial|earliest)-(?P<to>to|through|thru|until)-"
    r"(?P<b>latest|last|final|newest|most-recent)\b"
)
# "mean ldct-to-next-ldct interval", "scan-to-scan gap": a study and the next one joined by
# hyphens before the word for the interval are the words (part 59: the whole had been refused)
_KIND_TO_NEXT = re.compile(
    r"\b[a-z]+-to-(?:(?:next|following|subsequent)-)?[a-z]+"
    r"(?=\s+(?:(?:day|days|month|months)\s+)?(?:intervals?|gaps?|spacings?|times?)\b)"
)
# "median # of nods a pt has", "avg number of findings each scan has": the count per patient
# (or per study) said with "has", as "per pt" (the average or median had been left out, warned)
_A_PATIENT_HAS = re.compile(
    r"(?<=[a-z])\s+(?:that\s+|which\s+)?(?:an?|each|every|one|the\s+(?:average|typical)|"
    r"a\s+typical)\s+(?P<who>pt|patient|person|subject|woman|man|scan|study|ct|ldct|exam)\s+"
    r"(?:has|had|have|gets?|got)\b"
    # "... each patient has on file": where the studies are kept adds nothing (part 36)
    r"(?:\s+(?:on\s+(?:file|record)|in\s+the\s+(?:archive|system|database)))?"
    r"(?=\s*(?:[?.!,;]|on\s+average|$))"
)

# "patients with an ldct, how many had 2 or more of them": a number of "them" after "had / with"
# counts the kind of study named before it, per patient (part 36: "2 or more" had been read as a
# diameter in mm, warned); written with the study noun ("had 2 or more ldcts")
_OF_THEM_STUDIES = re.compile(
    r"\b(?:an?|one|any|some)\s+(?P<noun>(?:(?:head|chest|screening|low[- ]dose)\s+)?(?:ldct|ct|cta|"
    r"ctpa|scan|exam|study|cxr|radiograph|x-ray|xray))\b(?P<between>[^;]*?\b(?:had|have|has|with|"
    r"got|underwent)\s+(?:(?:at\s+least|more\s+than|fewer\s+than|less\s+than|at\s+most|over|under|"
    r"exactly)\s+)?\d+(?:\s+or\s+(?:more|fewer|less))?)\s+of\s+(?:them|those|these)\b"
)


def _of_them_studies(m: re.Match[str]) -> str:
    noun = m.group("noun")
    plural = noun[:-1] + "ies" if noun.endswith("study") else noun + "s"
    return m.group(0)[: m.start("between") - m.start()] + m.group("between") + " " + plural


Replacement = str | Callable[[re.Match[str]], str]


@dataclasses.dataclass(frozen=True)
class Rewrite:
    """One step of :func:`clean`: ``apply(text, notes)`` returns the text rewritten (or as it
    was) and may add a sentence for the user to ``notes``; ``name`` says which step it is."""

    name: str
    apply: Callable[[str, list[str] | None], str]


def _sub(pattern: re.Pattern[str], replacement: Replacement) -> Rewrite:
    """Every match of one of this module's patterns replaced; named after the pattern."""
    name = next(key for key, value in globals().items() if value is pattern)
    return Rewrite(name, lambda text, _notes: pattern.sub(replacement, text))


def _plain(function: Callable[[str], str]) -> Rewrite:
    """A rewrite that has nothing to tell the user."""
    return Rewrite(function.__name__, lambda text, _notes: function(text))


def _noted(function: Callable[[str, list[str] | None], str]) -> Rewrite:
    """A rewrite that tells the user what it changed (spoken numbers, typing slips)."""
    return Rewrite(function.__name__, function)


REWRITES: tuple[Rewrite, ...] = (
    _sub(_MARGINED, ""),
    _sub(_QUOTED, r"\g<inside>"),
    _plain(column_names.read_column_names),  # "long_axis_mm > 22", "nodule rows" (56-59, B, D)
    _sub(_WHICH_PEOPLE_POSSESSIVE, r"\g<q> \g<who> whose "),
    _sub(_PEOPLE_PLURAL_POSSESSIVE, ""),
    _sub(_PLURAL_POSSESSIVE, ""),
    _plain(written_days.read_written_days),  # "15.04.2024", "until now" (parts 52-55, C)
    _noted(spoken_numbers.read_spoken),  # "one point five cm": "1.5 cm"
    _noted(typos.split_compounds),  # "mean-diameter", "brain/head" (part 40, J)
    _noted(typos.respell),  # "beofre", "nodlue", "more then": the reader's own words
    _noted(run_together.split_run_together),  # "in2024", "lowerlobe" (part 35)
    _plain(bound_words.read_bound_words),  # "exceeds 1 cc", "sits below -700" (part 37)
    _plain(count_words.read_count_words),  # "needed", "one single exam shows" (part 37)
    _sub(_STUDY_YEARS_OLD, _study_years_ago),
    _plain(dates.year_named),  # "the year 2025", "year-2025 ldcts", "calendar 2025" (s26)
    _plain(dates.year_said_once),
    _plain(dates.quarter_said_twice),  # "jul-sep 2024 (q3)": one period (part 40, J)
    _sub(_DATES_INCLUSIVE, r"\g<date>"),
    _sub(_GLUED_SIGN, " "),
    _sub(_BY_IN_BRACKETS, r"\g<by>"),
    _plain(plain_forms),  # "never underwent a single", "earliest-born" (part 35)
    _plain(gap_said),  # "two scans in a row", "what came through the scanners" (45, B)
    _plain(span_forms),  # "follow-up in weeks (first scan to most recent)" (52-55, C)
    _plain(counted_forms),  # "the nodule tally reaches 5", "lr2 -> lr3" (part 40, K)
    _plain(negated_forms),  # "excluding anyone ever scanned", "none of which" (part 42, B)
    _plain(lobe_age_forms),  # "apart from the middle lobe", "the 55-65 age band" (43, D)
    _plain(category_forms),  # "scored 4b by lung-rads", "where the prior was 3" (part 42)
    _plain(growth_forms),  # "getting bigger", "not there on the prior scan" (part 42, B)
    _plain(grouped_values),  # "each attenuation type (solid, part-solid, ggn)" (part 42)
    _plain(ranked_groups),  # "which lobe has the most nodules", "which lobes have ggns" (s26)
    _plain(ranked_labels),  # "ptx findings: the 6 with ...", "by volume, the 3" (56-59, B)
    _plain(rank_said),  # "born first", "the weakest model confidence" (part 45, B)
    _plain(ranked_forms),  # "the 6 with the latest dates", "the model was surest" (42, C)
    _plain(leaderboards),  # "..., give me 5", "the bulkiest", "exams per person, mean" (43)
    _plain(averages_said),  # "what hu do they average out at", "per <study>, the average"
    _plain(per_unit),  # "average of the number of nodules on each ldct" (part 39, H)
    _plain(rank_and_average_words),  # "the 6 newest ones", "avg count on ldcts" (part 36)
    _sub(_PEAKED, "highest lung-rads "),
    _sub(_WHOLE_HISTORY, ""),
    _sub(_HIGHEST_OVER_STUDIES, r"\g<top> \g<lr> "),
    _sub(_SEX_CODE, _sex_code),
    _sub(_NEVER_HIGHER, _never_higher),
    _sub(_REPORTED_AFTER, _report_negation_first),
    _sub(_ALL_BUT_THOSE, "patients who never had"),
    _sub(_EXCLUDING_PEOPLE, "who never had"),
    _sub(_HYPHEN_JOINED, r"\g<1> \g<2>"),
    _sub(_PLUS_UNIT, r"at least \g<n> "),
    _sub(_HALF_UNIT, r"0.5 \g<unit>"),
    _sub(_SEX_LETTER, lambda m: "female" if m.group(0) == "f" else "male"),
    _sub(_WITH_AND_WITHOUT, r"with \g<what> \g<join> without \g<what>"),
    _sub(_SEX_RECORDED, _sex_value),
    _sub(_PRE_POST_YEAR, lambda m: "before " if m.group(1) == "pre" else "after "),
    _sub(_HEADCOUNT, "patient count"),
    _sub(_UNIT_IN_COMMAS, r" in \g<unit> "),
    _sub(_SEX_LETTERS_SPLIT, "sex "),
    _sub(_SPREAD_ACROSS, lambda m: f"{m.group('what') or ''}per "),
    _sub(_PER_LR_GRADES, "per lung-rads"),
    _sub(_DISTRIBUTED, r"\g<noun> count per \g<group>"),
    _plain(_counts_label_when_grouped),
    _plain(read_said_statistics),  # "how old, on average, are ...", "(%)" (part 38)
    _sub(_AS_A_SHARE, _as_a_share),
    _sub(_PERCENT_AFTER, r"\g<q> \g<p> of \g<what> \g<rest>"),
    _sub(_PERCENT_AFTER_LABEL, _percent_after_label),
    _sub(_AVERAGED_OVER, _averaged_over),
    _sub(_CLOSING_STATISTIC, r"\g<stat> \g<body>"),
    _sub(_CAME_BACK, "were "),
    _sub(_FIRST_KIND_TO_LATEST, _first_kind_to_latest),
    _sub(_FIRST_KIND_TO_LATEST_IN, _first_kind_to_latest_in),
    _sub(_GROWTH_AMOUNT_LATER, _growth_amount_first),
    _sub(_AMOUNT_OF_NAMED_GROWTH, r"\g<what> \g<growth> of \g<amount>"),
    _sub(_AS_WELL_AS, "and"),
    _plain(_came_back_in),
    _sub(_BUT_NOT_IN, _but_not_in),
    _plain(_patient_asked_after),
    _sub(_WHICH_WAS_FIRST, r"the \g<rank> \g<noun>"),
    _sub(_PATIENT_OF_STUDY, "patient of study uid "),
    _sub(_SOLID_COMP, "solid component"),
    _sub(_SOLID_CORE, _solid_core),
    _sub(_ATTENUATION_NAMED, r"\g<value>"),
    _sub(_KIND_IN_BRACKETS, r"\g<noun>"),
    _sub(_FIELD_LABELLED, r"\g<label>"),
    _sub(_UNIT_IN_PARENTHESES, r" in \g<unit>"),
    _sub(_PER_REPORT, " on the report"),
    _sub(_UNIT_ASKED_IN_PARENTHESES, r", the \g<unit>"),
    _sub(_ANY_CATEGORY, r"\g<with> lung-rads 1, 2, 3, 4a, 4b or 4x"),
    _sub(_ZERO_FINDINGS, "no "),
    _sub(_FIRST_TO_LATEST, lambda m: m.group(0).replace("-", " ")),
    _sub(_KIND_TO_NEXT, lambda m: m.group(0).replace("-", " ")),
    _sub(_BIRTH_SIGN, lambda m: f"{m.group('word')} {_SIGN_WORDS[m.group('sign')]} "),
    _plain(_count_sign),
    _sub(_SHORTHAND, lambda m: _SHORTHAND_WORDS[m.group(0)]),
    _sub(_A_PATIENT_HAS, r" per \g<who>"),
    _sub(_OF_THEM_STUDIES, _of_them_studies),
    _sub(_FOLLOW_UP_WORDS, "follow-up"),
    _sub(_INTERVAL_GROWTH, ""),
    _sub(_WHO_ASKED, " - which patients"),
    _sub(_WHICH_HAD_ONE, r"\g<ask>\g<end>"),
    _sub(_TRACKED_TENSE, r"\g<noun>"),
    _sub(_ONE_TRACKED, "a "),
    _sub(_MEAN_HU, "mean hu"),
    _sub(_MEASURE_VALUE, r"\g<what>"),
    _sub(_MEASURE_SITS, r"\g<what> is "),
    _sub(_MEASURE_MEAN_BOUND, r"\g<what> "),
    _sub(_FIRST_ORDINAL, _first_word),
    _sub(_PLUS_JOINED_IDS, r"\1 and "),
    _sub(_PLUS_SIGN, ""),  # "between -100 and +100 hu": "+100" is 100
    _plain(_letter_categories),
    _sub(_BARE_CATEGORY, r"\g<head>lung-rads \g<cat>"),
    _sub(_LABEL_RANKING, ""),
    _sub(_STATIONS_VS, _stations_per),
    _sub(_MODALITIES_VS, _modalities_per),
    # "head cts: ct01 vs ct02", "men vs women": a count per the field, of the groups named
    _plain(comparisons.read_comparisons),
    _plain(comparisons.read_breakdowns),
    _sub(_EARLIEST_BIRTHS, r"\g<n> oldest patients"),
    _sub(_BIGGEST_FIRST, _ranked_first),
    _sub(_WHICH_EARLIEST, _which_earliest),
    _sub(_SOLID_COMPONENTS, _by_solid_component),
    _sub(_SUP_FIELD, lambda m: m.group("sup") + _field_said_once(m.group("field"))),
    _sub(_RANKED_UNIT, r"\g<field>"),
    _sub(_NOUN_THEN_THE_N, _noun_then_the_n),
    _sub(_NOUN_THEN_THE_N_CLOSING, r"the \g<n> \g<sup> \g<noun>"),
    _sub(_WITH_THE_N, _n_before_noun),
    _sub(_MEAN_COUNT_PER_STUDY, _mean_per_study),
    # a comma keeps the closing count apart from the noun before it: "patients who had a head ct
    # - how many" counts the patients (as "head ct total count" it had been read as a "<unit>
    # count", the head cts counted, silently; part 37, C)
    _sub(_CLOSING_COUNT, ", total count"),
    _sub(_NEITHER_SEX, _other_sex),
    _sub(_LOBES_SLASH, r"\g<lobe> or "),
    _sub(_BREAK_DOWN, lambda m: f"{m.group('obj') or m.group('obj2') or ''}broken down "),
    _sub(_ONE_AND_THE_SAME, "the same"),
    _sub(_ON_FILE, ""),
    _sub(_NOUN_TOTAL, r"\g<noun> count"),
    _sub(_TOTAL_OPENING, _total_opening),
    _sub(_TOTAL_CLOSING, " total count"),
    _sub(_BOTH_CATEGORIES, r"both \g<a>\g<word> \g<b>"),
    _plain(_superlatives_averages_and_fillers),
    _plain(history.count_words_first),
    _plain(history.front_rankings),
)
"""The steps of :func:`clean`, in order, on the normalised lower-cased text. Order matters: a
step sees what the steps before it wrote (typing slips are corrected before any phrase is
matched; the general rewrites of counts, rankings and statistics come after the specific ones
of a family)."""
