"""The first pass of reading a question: which words each deterministic reader places.

:func:`read_question` runs the readers in a fixed order, each claiming the characters it
places so no later reader reads them again: identifiers (:mod:`query.identifiers`: a UID's tail
is never a year), Lung-RADS categories, patient history and rankings (:mod:`query.history`),
dates (:mod:`query.dates`), measurements, counts and ages (:mod:`query.numbers`), numbers
without a unit; then the remaining words are matched to the vocabulary or to structure
words (:data:`ROLE_WORDS`: "patients", "how many", "without", "never", "both", "on one CT")
and the rest are grounded by :class:`query.grounding.Grounder` (spelling, MiniLM meaning). What was
found is a :class:`Parts`; :mod:`query.clauses` and :mod:`query.parser` assemble it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import unicodedata

from appliance.errors import QueryError
from query import (
    bound_words,
    category_change,
    comparisons,
    count_words,
    dates,
    history,
    intervals,
    numbers,
    over_time,
    run_together,
    spoken_numbers,
    typos,
)
from query.aggregates import AggregatePhrase, find_aggregates
from query.category_forms import category_forms
from query.counted_forms import counted_forms
from query.grounding import Grounded, Grounder, Token
from query.group_rankings import rank_and_average_words
from query.grouped_values import grouped_values
from query.growth_forms import growth_forms
from query.identifiers import IdentifierPhrase, Identify, find_identifiers, named_by_keyword
from query.layouts import drop_fillers, plain_layout
from query.leaderboards import leaderboards
from query.lobe_age_forms import lobe_age_forms
from query.negated_forms import negated_forms
from query.per_unit import per_unit
from query.plain_forms import plain_forms
from query.ranked_forms import ranked_forms
from query.said_statistics import read_said_statistics
from query.typed_query import (
    DateRange,
    FollowUp,
    GroupField,
    LungRadsChange,
    Measure,
    NumberRange,
    Overdue,
    ScanGap,
    StudyFilter,
    StudyPick,
    TopN,
)

__all__ = [
    "MAX_QUESTION_CHARS",
    "ROLE_WORDS",
    "STATED_ABSENT",
    "WITH_BEFORE",
    "Parts",
    "clean",
    "read_question",
]

MAX_QUESTION_CHARS = 500


def _roles(spec: str) -> dict[str, str]:
    """The role of each phrase of ``spec``; a phrase ending in "with" may end in "w" too
    ("never reported w lymphadenopathy", "diagnosed w": the shorthand had ended the phrase
    early, and "never" had governed nothing)."""
    table = {}
    for entry in spec.split(";"):
        role, _, words = entry.partition(":")
        for word in words.split("|"):
            table[word.strip()] = role.strip()
            if word.strip().endswith(" with"):
                table.setdefault(word.strip().removesuffix("with") + "w", role.strip())
    return table


# The "neg" words by which a report states an absence rather than leaves a thing unmentioned:
# "negative for", each form of a report verb before "no" ("reports that document no
# adenopathy"), "denies", "ruled out" (:data:`STATED_ABSENT`).
_STATED_ABSENT_WORDS = (
    "negative for|neg for|says no|say no|saying no|states no|stating no|stated no|state no|"
    "documents no|documenting no|documented no|document no|reports no|reporting no|reported no|"
    "report no|note no|notes no|noting no|noted no|describe no|describes no|describing no|"
    "described no|mention no|mentions no|mentioning no|mentioned no|"
    "denies|deny|denying|denied|rules out|ruled out|ruling out|rule out"
)
# The same verbs with "(that) there is / there are / there's" before the "no" ("the report says
# there is no emphysema", "reports stating that there are no effusions", "says there's no":
# "there's" is "there" once read): the same stated absence (part 33: the report had only been
# read as not affirming it, silently).
_STATED_ABSENT_WORDS += "".join(
    f"|{verb} {that}there{be} no"
    for verb in (
        w.removesuffix(" no") for w in _STATED_ABSENT_WORDS.split("|") if w.endswith(" no")
    )
    for that in ("", "that ")
    for be in (" is", " are", "")
)

ROLE_WORDS = _roles(
    "patient: patients|patient|people|persons|subjects|individuals|anyone|anybody|pts|pt|ppl|"
    "cohort members;"
    "study: studies|study|scans|scan|exams|exam|examinations|examination|imaging studies|imaging|"
    "cases|"
    "series|accessions|every scan|every study|every exam|each scan|each study|every ct|"
    "every imaging study;"
    "finding: findings|finding|each nodule|individual nodules|nodule list;"
    "count: how many|number of|count of|count|total number of|how much|what number of|"
    "tally of|tally|total how many|how many in total|how many total|total count of|total count;"
    "neg: without|no|not|none|free of|lacking|absent|excluding|excl|except|but no|w/o|"
    + _STATED_ABSENT_WORDS
    + ";"
    "never: never|never had|never has|never have|has never|have never|had never|at no point|"
    "not ever|never any|but never|and never|without ever|never showed|never developed|"
    # "without ever having a growing nodule", "not once had a new nodule" (issue 17)
    "without ever having|without ever being found to have|not once|not once had|never once|"
    "never once had|at no time|at no time had|"
    "never imaged with|never scanned with|never examined with|never studied with|"
    # "have never been imaged with a chest CT": the passive of the same (part 28)
    "never been imaged with|never been scanned with|never been examined with|"
    "never been imaged by|never been scanned by|never been imaged on|never been scanned on|"
    # "never found to have lr 3 or higher": the finding verb of "never" is "never had"
    "never found to have|never found with|never shown to have|never seen with|"
    "never diagnosed with|never been found to have|never been diagnosed with|never showed any|"
    # "never been shown to have a mass", "never been seen with": the passive of the same (part 33)
    "never been shown to have|never been seen with|never been found with|never been shown with|"
    "never shown with|never been detected with|never detected with|never been diagnosed w|"
    # "none of their ldcts had a nodule": no study of that kind had it (issue 17)
    "none of their|none of whose|none of his|none of her|not one of their|not one of whose|"
    "not a single one of their|none of the patient's;"
    "both: both|either|ever|at some point|at any point|at any time|ever had|has ever|have ever;"
    "or: or|and/or;"
    # "a study in 2023 and another in 2026": another study, in the second period
    "again: again|once again|and again|then again|and also again|both in|and another|another|"
    "and another one;"
    "grew: grew|grow|grows|grown|growing|growth|enlarging|enlarged|increased|increasing|"
    "increase in size|"
    "increased in size|larger than before|bigger than before|larger than prior|progressed|"
    "progressing|progression|interval growth|interval increase|got bigger|got larger|size increase|"
    # "interval nodule enlargement", "size went up by 3 mm" (part 30: left unread, warned)
    "enlargement|interval enlargement|enlarges|went up|gone up|goes up|go up|went up in size|"
    "gone up in size|increasing in size|size went up|size has gone up;"
    "shrank: shrank|shrunk|shrink|shrinks|shrinking|shrinkage|shrunken|regressed|regressing|"
    "regression|decreased in size|decreasing in size|reduced in size|got smaller|became smaller|"
    "smaller than before|smaller than prior|interval decrease|decrease in size|size decrease;"
    "resolved: resolved|resolving|resolution|disappeared|disappearing|gone|went away|"
    "no longer seen|no longer visible|no longer present|vanished;"
    "new: new|newly|new-onset|appeared|newly appeared|incident|developed|emerging|de novo|"
    # "nodules first appearing on 2026 scans" (part 30: "first appearing" left unread, warned)
    "first appearing|first appeared|newly appearing|appearing|appears|appear|newly seen|"
    "newly detected|"
    # "a brand-new nodule" (part 38, F: "brand-new" left unread, warned): new, said stronger
    "brand-new|brand new|completely new|entirely new|totally new|truly new|genuinely new|"
    # "fresh nodules first seen in 2025" (part 43, E: "fresh", "first seen" left unread, warned)
    "fresh|first seen|first detected|first noted;"
    "diagnostic: diagnostic|non-screening|nonscreening|non screening|not screening|"
    "non-ldct|non-low-dose|non low dose|standard-dose|standard dose|full-dose|full dose;"
    "history: history of|a history of|known history of|prior history of|past history of|h/o;"
    "stable: stable|unchanged|persistent|remained stable|remains stable|stayed stable|"
    "stable in size|unchanged in size|no change in size|no interval change|without change|"
    # "solid nodules holding steady" (part 43, E: "holding steady" left unread, warned)
    "holding steady|holds steady|held steady|steady|remaining steady|remained steady;"
    "report: report|reports|reported|mention|mentions|mentioned|mentioning|describes|described|"
    "says|say|documented|document|documents|documenting|noted|dictated|text|impression|"
    "report text|radiology report|"
    # "never reported with X": the "with" of a report verb is not a break between conditions
    "reported with|reported to have|reported as having|documented with|described with|"
    "noted with|noted to have|documented to have|described as having;"
    "uncertain: possible|possibly|suspected|probable|questionable|equivocal|uncertain|maybe|"
    "including possible|or possible;"
    "per_study: on one ct|on a single ct|on one scan|on a single scan|on the same scan|"
    "on the same ct|in one study|in a single study|per study|per scan|on one study|on one exam|"
    "on a single study|on a single exam|at once|on one chest ct|in one scan|in a single scan|"
    "on the same study|in the same study|on the same exam|in the same exam|in the same scan|"
    "in the same ct|"
    # "the most masses in one exam" (part 36: "in one exam" had been read as nothing, silently)
    "in one exam|in a single exam|in one ct|in a single ct|on one ldct|in one ldct|"
    "on a single ldct|on one examination|in one examination;"
    "age: age|aged|ages|old|year-old|years-old;"
    "anaphor: ones|one|any|them|those ones;"
    "bilateral: bilateral|bilaterally|bilat|both lungs|both sides|both lung fields|each lung|"
    "left and right lungs|right and left lungs;"
    "break: and|but|with|w|&|who|that|whose|have|has|having|while|whereas|plus|as well as|"
    "along with|together with|who have|who had|that have|that had;"
    "stop: the|a|an|all|any|show|me|list|find|get|give|display|return|which|what|"
    "had|in|on|at|of|for|from|by|to|are|is|was|were|be|been|their|"
    "there|those|these|this|among|amongst|please|i|want|need|see|scanned|imaged|seen|found|detected|identified|"
    "showing|shows|show|containing|contain|contains|demonstrating|demonstrate|where|did|do|does|"
    "lung|lungs|pulmonary|located|location|lobe|lobes|measuring|measure|measured|size|sized|"
    "diameter|cases with|diagnosed with|diagnosed|diagnosis of|same nodule|the same nodule|"
    "same nodules|also|some|it|its|they|them|my|our|we|can|you|tell|about|"
    "within|whom|whose report|done|performed|acquired|obtained|taken|any kind of|kind|"
    "carried out|type|types|currently|recorded|catalogue|catalog|database|appliance|here|"
    # "which 4 women in the registry", "patients in the system": the whole cohort (part 31)
    "registry|whole registry|entire registry|in the system|in our system|"
    # "the 6 largest nodules in the whole db": the whole catalogue too (part 35)
    "whole database|entire database|whole db|entire db|in the db|dataset|whole dataset|"
    "entire dataset|"
    "axis|showed|reveal|revealed|revealing|since the previous scan|since the prior scan|"
    "since the previous study|since the prior study|since prior|since previous|"
    # "went up by 3 mm since the prior exam": any noun of the previous study (part 30)
    "since the prior exam|since the previous exam|since the last exam|since the last scan|"
    "since the prior ct|since the previous ct|since the last ct|since prior exam|"
    "since previous exam|since last scan|since last exam|since the prior one|"
    "since the previous one|"
    "compared to prior|compared with prior|from the previous scan|on follow up|"
    # "smooth-borderd ggo", "smooth-edged nodules": the margin said as its border (part 40, J)
    "bordered|edged|margined|contoured|"
    "margin|margins|border|borders|edges|contour|follow-up|follow up|followup|surveillance|"
    "prior|previous|ct scanner|scanner|station|modality|date|dated|dates|pls|plz|pull up|"
    "bring up|look up|rated|graded|in total|in all|pure|purely|s/p|status post|"
    # "screening cts categorised 4A": the verb of a category, as "graded" (part 28)
    "categorised|categorized|classified|classed|scored|"
    # "study X belongs to which patient": the unit is read after it (parser._ASKED_UNIT)
    "belongs to|belong to|belonged to|belonging to|belongs|belong|belonged|belonging|"
    # "mean number of studies per patient across the cohort": the whole catalogue, which every
    # question is over (it had been refused: 'across', 'cohort' left unread)
    "cohort|in the cohort|in our cohort|in this cohort|of the cohort|across the cohort|"
    "across our cohort|across this cohort|the whole cohort|the entire cohort|across the whole "
    "cohort|across the entire cohort|in the whole cohort|in the entire cohort|whole cohort|"
    "entire cohort|across all patients|across all pts|across all studies|across all scans|"
    "across everyone|across the board"
)


# Negations that say the report states the absence ("negative for emphysema", "reports that
# say no emphysema"): of a report concept, a negated mention (and none affirmed), where
# "without" is only the lack of an affirmed one. Of a finding (read from the findings table,
# which holds no negated findings) they are plain negations.
STATED_ABSENT = frozenset(_STATED_ABSENT_WORDS.split("|"))
"""The "neg" words by which a report states an absence (:data:`_STATED_ABSENT_WORDS`)."""


@dataclasses.dataclass
class Parts:
    """What the readers found, by token position, before assembly."""

    tokens: list[Token]
    grounded: list[Grounded]
    roles: list[tuple[str, int, str]]  # role, token index, words
    measures: list[tuple[Measure, int]]
    ages: list[NumberRange]
    counts: list[tuple[int, int]]  # min_count, char position of the noun
    tops: list[TopN]
    lung_rads: list[tuple[str, ...]]
    dates: list[dates.DatePhrase]
    notes: list[str]
    ignored: list[str]
    stations: list[str]
    identifiers: list[IdentifierPhrase] = dataclasses.field(default_factory=list)
    birth: list[DateRange] = dataclasses.field(default_factory=list)
    picks: list[StudyPick] = dataclasses.field(default_factory=list)
    study_counts: list[NumberRange] = dataclasses.field(default_factory=list)
    study_kinds: list[StudyFilter] = dataclasses.field(default_factory=list)
    """The kinds of study those counts count ("more than 1 head CT")."""
    study_count_ends: list[int] = dataclasses.field(default_factory=list)
    """Where each count of studies per patient ends (a date right after it scopes it)."""
    track_scans: list[tuple[NumberRange, int]] = dataclasses.field(default_factory=list)
    growth: list[tuple[NumberRange, int]] = dataclasses.field(default_factory=list)
    top_units: list[str] = dataclasses.field(default_factory=list)
    highest_lung_rads: list[tuple[str, ...]] = dataclasses.field(default_factory=list)
    lung_rads_at: list[int] = dataclasses.field(default_factory=list)  # where each of lung_rads is
    age_at: list[int] = dataclasses.field(default_factory=list)  # where each of ages is
    cautions: list[str] = dataclasses.field(default_factory=list)
    groups: list[GroupField] = dataclasses.field(default_factory=list)
    extremes: list[tuple[bool, int]] = dataclasses.field(default_factory=list)
    aggregates: list[AggregatePhrase] = dataclasses.field(default_factory=list)
    every: list[tuple[int, str, str, bool]] = dataclasses.field(default_factory=list)
    """Each quantifier over a patient's studies: where, its words, the study noun, and whether
    the condition follows it ("whose ldcts were all ...") rather than precedes it ("... on every
    scan")."""
    follow_ups: list[FollowUp] = dataclasses.field(default_factory=list)
    spans: list[intervals.SpanPhrase] = dataclasses.field(default_factory=list)
    since_first: list[tuple[NumberRange, int]] = dataclasses.field(default_factory=list)
    gaps: list[ScanGap] = dataclasses.field(default_factory=list)
    followed_for: list[ScanGap] = dataclasses.field(default_factory=list)
    changes: list[LungRadsChange] = dataclasses.field(default_factory=list)
    overdue: list[Overdue] = dataclasses.field(default_factory=list)
    doubling: list[tuple[NumberRange, int]] = dataclasses.field(default_factory=list)
    text: str = ""
    alternatives: list[str] = dataclasses.field(default_factory=list)

    def rephrase(self, start: int, end: int, pattern: str, replacement: str) -> None:
        """Offer the question with ``pattern`` replaced once inside ``start:end``."""
        inside = re.sub(pattern, replacement, self.text[start:end], count=1)
        if inside != self.text[start:end]:
            self.alternatives.append(self.text[:start] + inside + self.text[end:])

    count_limits: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    held: set[int] = dataclasses.field(default_factory=set)
    """Where the kinds of study are that went into a condition on the patient's history."""
    station_at: list[int] = dataclasses.field(default_factory=list)  # where each of stations is


# "highest lung-rads across all exams was 3", "worst lr over all their scans is 4a": the
# patient's highest category, with the studies it is taken over and a verb between (part 34:
# left unread, warned)
# Part 35: "peak lung-rads category across their history is 4b", "maximum lung-rads reached
# 4x": "peak / maximum / max / top / worst" read as "highest", "lung-rads category" as one
# word, the patient's "history / record" as the studies, and "reached / hit / got to" as the
# verb (the question had been refused)
_HIGHEST_OVER_STUDIES = re.compile(
    r"\b(?P<top>highest|worst|max(?:imum)?|peak|top)\s+"
    r"(?P<lr>lung-rads|lung\s+rads|lr|category)\s+(?:category\s+)?"
    r"(?:(?:across|over|on|of|in|among|throughout)\s+(?:(?:all|any|every)\s+)?"
    r"(?:(?:of\s+)?(?:their|his|her|the)\s+)?"
    r"(?:exams?|studies|study|scans?|cts?|ldcts?|history|record|follow-up)\s+|ever\s+)?"
    r"(?:(?:was|is|were|=|of|at)|(?:has\s+|had\s+|have\s+)?(?:ever\s+)?"
    r"(?:reached|reaches|hit|hits|got\s+to|came\s+to|comes\s+to|went\s+to|rose\s+to)"
    # "top lung rads on record stays at 2", "remained at 3" (part 37: refused)
    r"(?:\s+(?:a|an))?|(?:stays?|stayed|remains?|remained|sits|sat|stands|stood|is|was)\s+at)\s+"
    r"(?=(?:lung-rads\s+|lr\s*|category\s+|cat\s+)?[1-4][abx]?\b)"
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
"""More years than this is a person's age ("ldcts over 70 years old": the patients'), not a
study's."""


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
    """The question's text as the readers expect it; the spoken numbers it rewrote ("'twenty
    twenty four' read as 2024", :mod:`query.spoken_numbers`) are added to ``notes``."""
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
    text = _MARGINED.sub("", text)
    text = _QUOTED.sub(r"\g<inside>", text)
    text = _WHICH_PEOPLE_POSSESSIVE.sub(r"\g<q> \g<who> whose ", text)
    text = _PLURAL_POSSESSIVE.sub("", _PEOPLE_PLURAL_POSSESSIVE.sub("", text))
    text = spoken_numbers.read_spoken(text, notes)  # "one point five cm": "1.5 cm"
    text = typos.split_compounds(text, notes)  # "mean-diameter", "brain/head" (part 40, J)
    text = typos.respell(text, notes)  # "beofre", "nodlue", "more then": the reader's own words
    text = run_together.split_run_together(text, notes)  # "in2024", "lowerlobe" (part 35)
    text = bound_words.read_bound_words(text)  # "exceeds 1 cc", "sits below -700" (part 37)
    text = count_words.read_count_words(text)  # "needed", "one single exam shows" (part 37)
    text = _STUDY_YEARS_OLD.sub(_study_years_ago, text)
    text = dates.year_said_once(text)
    text = dates.quarter_said_twice(text)  # "jul-sep 2024 (q3)": one period (part 40, J)
    text = _DATES_INCLUSIVE.sub(r"\g<date>", text)
    text = _GLUED_SIGN.sub(" ", text)
    text = _BY_IN_BRACKETS.sub(r"\g<by>", text)
    text = plain_forms(text)  # "never underwent a single", "earliest-born" (part 35)
    text = counted_forms(text)  # "the nodule tally reaches 5", "lr2 -> lr3" (part 40, K)
    text = negated_forms(text)  # "excluding anyone ever scanned", "none of which" (part 42, B)
    text = lobe_age_forms(text)  # "apart from the middle lobe", "the 55-65 age band" (43, D)
    text = category_forms(text)  # "scored 4b by lung-rads", "where the prior was 3" (part 42)
    text = growth_forms(text)  # "getting bigger", "not there on the prior scan" (part 42, B)
    text = grouped_values(text)  # "each attenuation type (solid, part-solid, ggn)" (part 42)
    text = ranked_forms(text)  # "the 6 with the latest dates", "the model was surest" (42, C)
    text = leaderboards(text)  # "..., give me 5", "the bulkiest", "exams per person, mean" (43)
    text = per_unit(text)  # "average of the number of nodules on each ldct" (part 39, H)
    text = rank_and_average_words(text)  # "the 6 newest ones", "avg count on ldcts" (part 36)
    text = _PEAKED.sub("highest lung-rads ", text)
    text = _HIGHEST_OVER_STUDIES.sub(r"\g<top> \g<lr> ", text)
    text = _SEX_CODE.sub(_sex_code, text)
    text = _NEVER_HIGHER.sub(r"highest lung-rads \g<n>", text)
    text = _REPORTED_AFTER.sub(_report_negation_first, text)
    text = _ALL_BUT_THOSE.sub("patients who never had", text)
    text = _EXCLUDING_PEOPLE.sub("who never had", text)
    text = _HYPHEN_JOINED.sub(r"\g<1> \g<2>", text)
    text = _PLUS_UNIT.sub(r"at least \g<n> ", text)
    text = _HALF_UNIT.sub(r"0.5 \g<unit>", text)
    text = _SEX_LETTER.sub(lambda m: "female" if m.group(0) == "f" else "male", text)
    text = _WITH_AND_WITHOUT.sub(r"with \g<what> \g<join> without \g<what>", text)
    text = _SEX_RECORDED.sub(_sex_value, text)
    text = _PRE_POST_YEAR.sub(lambda m: "before " if m.group(1) == "pre" else "after ", text)
    text = _HEADCOUNT.sub("patient count", text)
    text = _UNIT_IN_COMMAS.sub(r" in \g<unit> ", text)
    text = _SEX_LETTERS_SPLIT.sub("sex ", text)
    text = _SPREAD_ACROSS.sub(lambda m: f"{m.group('what') or ''}per ", text)
    text = _DISTRIBUTED.sub(r"\g<noun> count per \g<group>", text)
    if _GROUPED.search(text):
        text = _COUNTS_LABEL.sub("", text)
    text = read_said_statistics(text)  # "how old, on average, are ...", "(%)" (part 38)
    text = _AS_A_SHARE.sub(r"% of \g<b> that were \g<a>", text)
    text = _PERCENT_AFTER.sub(r"\g<q> \g<p> of \g<what> \g<rest>", text)
    text = _PERCENT_AFTER_LABEL.sub(_percent_after_label, text)
    text = _AVERAGED_OVER.sub(_averaged_over, text)
    text = _CLOSING_STATISTIC.sub(r"\g<stat> \g<body>", text)
    text = _CAME_BACK.sub("were ", text)
    text = _FIRST_KIND_TO_LATEST.sub(_first_kind_to_latest, text)
    text = _GROWTH_AMOUNT_LATER.sub(_growth_amount_first, text)
    text = _AMOUNT_OF_NAMED_GROWTH.sub(r"\g<what> \g<growth> of \g<amount>", text)
    text = _BUT_NOT_IN.sub(_but_not_in, _came_back_in(_AS_WELL_AS.sub("and", text)))
    text = _patient_asked_after(text)
    text = _WHICH_WAS_FIRST.sub(r"the \g<rank> \g<noun>", text)
    text = _PATIENT_OF_STUDY.sub("patient of study uid ", text)
    text = _SOLID_COMP.sub("solid component", text)
    text = _SOLID_CORE.sub(_solid_core, text)
    text = _ATTENUATION_NAMED.sub(r"\g<value>", text)
    text = _FIELD_LABELLED.sub(r"\g<label>", text)
    text = _UNIT_IN_PARENTHESES.sub(r" in \g<unit>", text)
    text = _PER_REPORT.sub(" on the report", text)
    text = _UNIT_ASKED_IN_PARENTHESES.sub(r", the \g<unit>", text)
    text = _ANY_CATEGORY.sub(r"\g<with> lung-rads 1, 2, 3, 4a, 4b or 4x", text)
    text = _ZERO_FINDINGS.sub("no ", text)
    text = _FIRST_TO_LATEST.sub(lambda m: m.group(0).replace("-", " "), text)
    text = _BIRTH_SIGN.sub(lambda m: f"{m.group('word')} {_SIGN_WORDS[m.group('sign')]} ", text)
    text = _SHORTHAND.sub(lambda m: _SHORTHAND_WORDS[m.group(0)], _count_sign(text))
    text = _A_PATIENT_HAS.sub(r" per \g<who>", text)
    text = _OF_THEM_STUDIES.sub(_of_them_studies, text)
    text = _FOLLOW_UP_WORDS.sub("follow-up", text)
    text = _INTERVAL_GROWTH.sub("", text)
    text = _WHO_ASKED.sub(" - which patients", text)
    text = _ONE_TRACKED.sub("a ", _TRACKED_TENSE.sub(r"\g<noun>", text))
    text = _MEASURE_VALUE.sub(r"\g<what>", _MEAN_HU.sub("mean hu", text))
    text = _MEASURE_SITS.sub(r"\g<what> is ", text)
    text = _MEASURE_MEAN_BOUND.sub(r"\g<what> ", text)
    text = _FIRST_ORDINAL.sub(_first_word, text)
    text = _PLUS_JOINED_IDS.sub(r"\1 and ", text)
    text = _PLUS_SIGN.sub("", text)  # "between -100 and +100 hu": "+100" is 100
    text = _letter_categories(text)
    text = _BARE_CATEGORY.sub(r"\g<head>lung-rads \g<cat>", text)
    text = _LABEL_RANKING.sub("", text)
    text = _STATIONS_VS.sub(_stations_per, text)
    text = _MODALITIES_VS.sub(_modalities_per, text)
    # "head cts: ct01 vs ct02", "men vs women": a count per the field, of the groups named
    text = comparisons.read_breakdowns(comparisons.read_comparisons(text))
    text = _EARLIEST_BIRTHS.sub(r"\g<n> oldest patients", text)
    text = _BIGGEST_FIRST.sub(_ranked_first, text)
    text = _WHICH_EARLIEST.sub(r"the \g<n> \g<sup> \g<noun>", text)
    text = _SOLID_COMPONENTS.sub(_by_solid_component, text)
    text = _SUP_FIELD.sub(lambda m: m.group("sup") + _field_said_once(m.group("field")), text)
    text = _RANKED_UNIT.sub(r"\g<field>", text)
    text = _NOUN_THEN_THE_N.sub(_noun_then_the_n, text)
    text = _WITH_THE_N.sub(_n_before_noun, text)
    text = _MEAN_COUNT_PER_STUDY.sub(_mean_per_study, text)
    # a comma keeps the closing count apart from the noun before it: "patients who had a head ct
    # - how many" counts the patients (as "head ct total count" it had been read as a "<unit>
    # count", the head cts counted, silently; part 37, C)
    text = _CLOSING_COUNT.sub(", total count", text)
    text = _NEITHER_SEX.sub(_other_sex, text)
    text = _LOBES_SLASH.sub(r"\g<lobe> or ", text)
    text = _BREAK_DOWN.sub(lambda m: f"{m.group('obj') or m.group('obj2') or ''}broken down ", text)
    text = _ONE_AND_THE_SAME.sub("the same", text)
    text = _ON_FILE.sub("", text)
    text = _NOUN_TOTAL.sub(r"\g<noun> count", text)
    text = _TOTAL_OPENING.sub(r"\g<lead>total number of ", text)
    text = _TOTAL_CLOSING.sub(" total count", text)
    text = _BOTH_CATEGORIES.sub(r"both \g<a>\g<word> \g<b>", text)
    text = _superlatives_averages_and_fillers(text)
    return history.front_rankings(history.count_words_first(text))


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
_REPORT_VERB = r"(?:reported|mentioned|documented|noted|described|named|recorded)"
_THE_REPORT = r"(?:the|that|this|its|their|any|his|her)\s+reports?"
_REPORTED_AFTER = re.compile(
    r"(?P<lead>^|\b(?:where|whose|with|in\s+which|and|but|while)\s+|[,:;]\s*|\s-\s)"
    r"(?P<what>(?:(?!(?:where|whose|with|which|that|and|but|or|was|were|is|are|has|have|had|"
    r"never|not|no)\b)[a-z][a-z-]*\s+){0,2}(?!(?:where|whose|with|which|that|and|but|or|was|were|"
    r"is|are|has|have|had|never|not|no)\b)[a-z][a-z-]*)\s+"
    r"(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+)?"
    rf"(?:(?P<never>never(?:\s+once)?|not\s+once|not\s+ever)\s+(?:been\s+)?{_REPORT_VERB}|"
    rf"(?P<not>not\s+(?:been\s+)?{_REPORT_VERB}|(?:absent|missing|not)(?=\s+(?:from|in)\s+"
    rf"{_THE_REPORT})))(?:\s+(?:from|in|on)\s+{_THE_REPORT})?(?![\w-])"
)


# At the start of a question, what comes before "never reported" may be the people themselves
# ("patients never reported with emphysema", "how many pts were never documented with ..."):
# those are left as they are, as is any "never reported with / w" (the people's passive)
_PEOPLE_FIRST = re.compile(
    r"\b(?:patients?|pts?|people|persons?|subjects?|individuals|men|women|who|many|anyone)\b"
)
_WITH_AFTER = re.compile(r"\s+(?:with|w/?)(?![\w-])")


def _report_negation_first(m: re.Match[str]) -> str:
    if not m.group("lead") and (
        _PEOPLE_FIRST.search(m.group("what")) or _WITH_AFTER.match(m.string, m.end())
    ):
        return m.group(0)
    if m.group("never"):
        return f"{m.group('lead')}report never mentioned {m.group('what')}"
    return f"{m.group('lead')}report does not mention {m.group('what')}"


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
    r"most|exactly|about|around|approximately|roughly)\b)(?P<noun>[^,:;?\d]+?)\s*[?.!]*$"
)


def _averaged_over(m: re.Match[str]) -> str:
    stat = "median" if m.group("stat") == "median" else "average"
    return f"{stat} {m.group('field')} of {m.group('noun')}"


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
    r"solid[\s-]+(?:core|portion|element|centre|center)(?![\w/-])"
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
}
# "on follow up", "follow up longer than 3 years": the noun in two words is "follow-up" ("follow"
# had been respelt "followed" and "up" left unread)
_FOLLOW_UP_WORDS = re.compile(r"(?<![\w-])follow\s+up(?![\w-])")
# "median mean-HU value", "hu values": "value" after a measurement adds nothing, and a hyphen
# joins "mean-hu" as a space does (part 30: both left unread, warned)
# "... - who?", "..., who": "who" alone after a break asks for the patients, as "which
# patients" does (part 30: "who" had been read as a break and studies listed, warned)
_WHO_ASKED = re.compile(r"(?:\s+-\s*|\s*[,;:]\s*)who\s*\??\s*$")
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


_SHORTHAND = re.compile(r"(?<![\w/.-])(?:vol|sz|yrs?|whats|f/u|btw|b/w|w/in|thru)(?![\w/-])")
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
    r"\b(?:how\s+(?:are|were|is|was)\s+(?P<what>(?:[\w'-]+\s+){1,4}?))?(?:distributed|spread|"
    r"split(?:\s+up)?|divided|grouped|broken\s+up|bucketed|tallied)\s+(?:across|over|among|"
    r"amongst|between|by|on|into|per)\s+(?:the\s+|all\s+(?:the\s+)?|each\s+)?(?:(?:two|three|"
    r"four|five|six|[2-6]|different|various)\s+)?(?=(?:lobes?|stations?|scanners?|modalit(?:y|ies)|"
    r"sex|gender|years?|categor(?:y|ies)|lung[- ]?rads|lr|attenuations?|margins?|sides?|"
    r"laterality|(?:study\s+|exam\s+)?descriptions?|body\s+parts?)\b)"
)
_SEX_WORD_BEFORE = re.compile(r"\b(?:sex|gender)\b(?:\s+[a-z]+){0,2}\s*$")
# "patients who carry the sex code O", "gender value F", "sex coded as M": the recorded sex
# named as a code is that sex; "carry / bear / hold" the field is "have" it (part 37: refused)
_SEX_CODE = re.compile(
    r"\b(?:(?P<verb>carry|carries|carrying|carried|bear|bears|bearing|hold|holds|holding)\s+)?"
    r"(?:(?:the|a)\s+)?(?P<field>sex|gender)\s+(?:code|value|marker|flag|field|entry|recorded\s+as|"
    r"coded\s+as|listed\s+as)\s*(?:of\s+|=\s*|:\s*)?(?P<v>[mfo])\b"
)


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
_WHICH_EARLIEST = re.compile(
    r"\b(?:which|what)\s+(?P<n>\d+)\s+(?P<noun>[a-z][a-z -]{0,40}?)\s+(?:carry|have|has|bear|"
    r"show|with)\s+(?:the\s+)?(?P<sup>earliest|latest|most\s+recent)\s+(?:study\s+|exam\s+|"
    r"scan\s+)?dates?(?:\s+(?:in\s+the\s+(?:archive|cohort|database|catalogue)|overall|on\s+record))?"
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
    r"(?:number|count|total|how\s+many|tally|n)\s*[?.!]*$"
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
    r"finding|lesion|mass|masse|ggn|ggo|patient|pt|case)s?)\s+(?:total|number)\b"
    r"(?!\s+(?:of|count|is|was)\b)(?!\s*[:#]?\s*[a-z]*\d)"
)
_TOTAL_CLOSING = re.compile(
    r"(?<=[a-z0-9])(?<!\bin)(?<!\bmany)(?<!\ball)(?<!\bthe)\s*(?:,|-)?\s+total\s*[?.!]*$"
)
_PLUS_SIGN = re.compile(r"(?<![\w.+)])\+(?=\d)")
_MONTH_START = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$")


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


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in taken)


_TOKEN = re.compile(r"[a-z0-9]+(?:[-'/_.][a-z0-9]+)*|[^\sa-z0-9]")
_SILENT_PUNCTUATION = frozenset(",.?!:/;")
_DEMOGRAPHIC_BEFORE = re.compile(
    r"(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|individuals|aged?|"
    r"ladies|gentlemen|pts|ppl|who\s+are|that\s+are|are|is)\s*$"
)


# a count said with "is" before its number ("the nodule count is over 4", "the number of
# nodules is 2"): not expressible as a condition yet; its number must not become an age
_COUNT_IS = re.compile(r"\b(?:count|number\s+of\s+[a-z-]+|tally|total)\s+(?:is|was|are|were)\s*$")


_PEOPLE_WORDS = ("patients", "patient", "people", "persons", "subjects", "individuals", "women")
_SPELLING_RATIO = 0.84  # the vocabulary's spelling rule: 5+ letters, the same first letter


def _spelt_like(word: str, known: tuple[str, ...]) -> str | None:
    """The word of ``known`` that ``word`` is a misspelling of, by the vocabulary's rule."""
    if len(word) < 5:
        return None
    for candidate in known:
        if (
            word[0] == candidate[0]
            and difflib.SequenceMatcher(None, word, candidate).ratio() >= _SPELLING_RATIO
        ):
            return candidate
    return None


def _demographic_before(before: str) -> bool:
    """Does ``before`` end with a word for people ("women", "pts"), maybe misspelt
    ("pateints over 75": an age, as after "patients")?"""
    if _COUNT_IS.search(before):
        return False  # "ldcts where the nodule count is over 4": not an age (it had been, silently)
    if _DEMOGRAPHIC_BEFORE.search(before):
        return True
    last = re.search(r"([a-z]+)\s*$", before)
    return last is not None and _spelt_like(last.group(1), _PEOPLE_WORDS) is not None


_KIND_NOUN = re.compile(
    r"(?:nodules?|masses|mass|lesions?|findings?|opacit(?:y|ies)|ggns?|ggos?|psns?|nods?)\b"
)
_JOINED = re.compile(r"\s*(?:,|and|but|&)?\s*")
# Parts 32/33: "women who were over 70 at an ldct", "who were over 65 on the angio", "pts were
# under 50 when ...": a comparator after a person's "were / was" is the patient's age at that
# study (it had been read as a diameter in mm, warned); a finding's "that were" stays a size
_WERE_AGED = re.compile(
    r"(?:\bwho|\bthey|\bshe|\bhe|\b(?:women|woman|men|man|females?|males?|patients?|people|"
    r"persons|subjects|individuals|pts|ppl))\s+(?:were|was)\s*(?:still\s+|already\s+)?$"
)
_DEMOGRAPHIC_AFTER = re.compile(
    r"\s*(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|pts|years?|yo)\b"
)


_BIRTH_BEFORE = re.compile(
    r"(?:born|birth\s*date|date\s+of\s+birth|dob|birthday|birth\s+year|year\s+of\s+birth)\s*"
    # "whose DOB falls in 1940 through 1949": the verb of where a birth date lies (part 28)
    r"(?:is\s+|was\s+|of\s+|falls\s+|fell\s+|falling\s+|lies\s+)?(?:in\s+|within\s+)?$"
)
# Part 41: "date of birth falls in 1960 or 1961", "born in 1950, 1951 or 1953": a birth-date word
# governs every date of an "or" / "and" / comma list after it (the later years had been read as
# study dates, silently). A comma joins an item only where the list ends with "or" / "and".
_LIST_JOIN = re.compile(
    r"\s*(?:,\s*(?:(?P<word>or|and|and/or|&)\s+)?|(?P<bare>or|and|and/or|&)\s+)"
)


def _listed_births(text: str, found: list[dates.DatePhrase]) -> set[int]:
    """The indices of the date phrases that are later items of a list whose first item a
    birth-date word governs ("dob in 1960 or 1961": the second)."""
    listed: set[int] = set()
    i = 0
    while i < len(found):
        if _BIRTH_BEFORE.search(text[: found[i].start]) is None and i not in listed:
            i += 1
            continue
        chain: list[int] = []
        closed = False
        j = i + 1
        while j < len(found) and not closed:
            join = _LIST_JOIN.fullmatch(text, found[j - 1].end, found[j].start)
            if join is None:
                break
            chain.append(j)
            closed = join.group("word") is not None or join.group("bare") is not None
            j += 1
        if closed:
            listed.update(chain)
        i = j if closed else i + 1
    return listed


_DECADE_NAMES = numbers.DECADE_WORDS
_BIRTH_DECADE = re.compile(
    r"(?:born|birth\s*date|date\s+of\s+birth|dob|birth\s+year|year\s+of\s+birth)\s*"
    r"(?:is\s+|was\s+|of\s+)?(?:in\s+|during\s+)?(?:the\s+)?(?:'?(?P<d>[0-9]0)'?s|"
    rf"(?P<w>{'|'.join(_DECADE_NAMES)}))\b"
)


def _birth_decade(m: re.Match[str]) -> DateRange:
    """ "born in the 60s", "DOB in the sixties": the 1960s; "the 00s" and "the 10s" are this
    century's (no patient was born in the 1900s' first decades and is scanned now)."""
    two = int(m.group("d")) if m.group("d") else _DECADE_NAMES[m.group("w")]
    first = (2000 if two < 20 else 1900) + two
    return DateRange(dt.date(first, 1, 1), dt.date(first + 9, 12, 31))


_AS_OF = re.compile(r"as\s+(?:of|at)\b")
_HIGHEST_BEFORE = re.compile(
    r"(?:(?:highest|worst|max(?:imum)?|peak|maximal|top)\s+(?:ever\s+)?(?:recorded\s+)?|"
    # "peaked at category 3", "topped out at lr 4a": the verb of a patient's highest (part 28)
    r"(?:peaked|peaking|peaks|topped\s+out|maxed\s+out)\s+(?:at|with)\s+(?:an?\s+)?)$"
)
# "category 3 (highest ever)", "lr 4a, their worst ever": the patient's highest said after the
# category (it had been left unread, part 28)
_HIGHEST_AFTER = re.compile(
    r"\s*[(,-]?\s*(?:(?:their|his|her|the)\s+)?(?:highest|worst|max(?:imum)?|peak)\s+ever"
    r"(?:\s+(?:recorded|seen))?\s*\)?"
)

# "an lr 2 scan and later an lr 4x scan", "category 3, then subsequently 4b": one category on a
# study after another's is an order between two studies the typed query cannot express (part
# 37: refused on "later"); the order word is placed with a caution and each category is asked
# of some study of the patient.
_LATER_CATEGORY = re.compile(
    r"\b(?:lung-rads|lung\s+rads|lr|category|cat)\s*[1-4][abx]?\b(?:\s+[a-z-]+){0,3}?,?\s+"
    r"(?:and\s+|but\s+)?(?P<later>later(?:\s+on)?|afterwards?|subsequently|then|after\s+that|"
    r"eventually|thereafter)\s+(?:(?:had|got|went\s+on\s+to|a|an|with)\s+){0,2}"
    r"(?=(?:[a-z-]+\s+)?(?:lung-rads|lung\s+rads|lr|category|cat)\s*[1-4])"
)


def _take(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Claim the span ``start:end`` unless a reader already placed part of it."""
    if _overlaps((start, end), taken):
        return False
    taken.append((start, end))
    return True


def _read_history(text: str, as_of: dt.date, parts: Parts, taken: list[tuple[int, int]]) -> None:
    for extreme in history.find_extremes(text):
        if _take(taken, extreme.start, extreme.end):
            parts.extremes.append((extreme.largest, extreme.start))
    for group in history.find_groups(text):
        if _take(taken, group.start, group.end):
            parts.groups.append(group.field)
    for rank in history.find_rankings(text):
        spans = [(rank.start, rank.end)] + ([rank.also] if rank.also else [])
        if not any(_overlaps(span, taken) for span in spans):
            taken.extend(spans)
            taken.extend(span for span in rank.more if not _overlaps(span, taken))
            parts.tops.append(rank.top)
            parts.top_units.append(rank.unit)
            if rank.caution:  # "nodules ranked by volume": no count (part 38)
                parts.cautions.append(rank.caution)
    for pick in history.find_picks(text):
        if _take(taken, pick.start, pick.end):
            parts.picks.append(pick.pick)
    for m in _BIRTH_DECADE.finditer(text):  # "born in the 60s": a decade of birth
        if _take(taken, m.start(), m.end()):
            parts.birth.append(_birth_decade(m))
    found = dates.find_dates(text, as_of)
    listed = _listed_births(text, found)
    for i, phrase in enumerate(found):
        birth = _BIRTH_BEFORE.search(text[: phrase.start])
        start = birth.start() if birth else phrase.start
        of_birth = birth is not None or i in listed  # "1961" of "dob in 1960 or 1961" too
        if not _take(taken, start, phrase.end):
            # "% of 2023 ldcts", "what fraction of march 2025 scans": the preposition the
            # date phrase begins with is another reader's ("% of"); the date is the rest
            bare = _LEADING_PREPOSITION.match(text, start, phrase.end)
            if bare is None or not _take(taken, bare.end(), phrase.end):
                continue
        if parts.overdue and _AS_OF.match(text, phrase.start):
            # "overdue as of 2025": the as-of date is the query's, not a study date
            parts.ignored.append(text[start : phrase.end])
            parts.cautions.append(
                f"'{text[start : phrase.end]}' was not read: the as-of date is set with the "
                f"question (--as-of), here {as_of.isoformat()}"
            )
        elif of_birth:
            parts.birth.append(phrase.range)
        else:
            parts.dates.append(phrase)
            for day in dates.ambiguous_days(text[phrase.start : phrase.end]):
                parts.cautions.append(
                    f"'{day}' was read month first (month/day/year); write the date as "
                    "year-month-day to be sure"
                )
    for growth in history.find_growth(text):
        if _take(taken, growth.start, growth.end):
            parts.growth.append((growth.range, growth.start))
    for scans in history.find_track_scans(text):
        if _take(taken, scans.start, scans.end):
            parts.track_scans.append((scans.range, scans.start))
            if scans.conflict:
                parts.cautions.append(
                    f"'{text[scans.start : scans.end].strip()}' says both 'exactly' and a bound: "
                    "the bound was read"
                )
    for count in history.find_study_counts(text):
        if _take(taken, count.start, count.end):
            parts.study_counts.append(count.range)
            parts.study_count_ends.append(count.end)
            if count.kind is not None:
                parts.study_kinds.append(count.kind)
            if count.conflict:
                parts.cautions.append(
                    f"'{text[count.start : count.end].strip()}' says both 'exactly' and a bound: "
                    "the bound was read"
                )
            if count.guessed:
                parts.cautions.append(
                    f"'{text[count.start : count.end].strip()}' was read as exactly "
                    f"{count.range.low:g} studies per patient; say 'or more' for at least"
                )
                parts.rephrase(count.start, count.end, _COUNT_WORD, r"at least \g<0>")


_LEADING_PREPOSITION = re.compile(r"(?:in|during|on|of|from)\s+")
WITH_BEFORE = re.compile(r"(?:(?:with|having|and|who\s+have|who\s+had)\s+)?$")
_COUNT_WORD = rf"\b(?:\d+|{'|'.join(numbers.WORD_NUMBERS)}|once|twice|thrice)\b"
_UNIVERSAL = re.compile(
    r"\b(?P<all>all|every|each)\s+(?:of\s+)?(?:the\s+|their\s+|its\s+|his\s+|her\s+)?"
    r"(?:[a-z-]+\s+)?(?:nodules?|findings?|lesions?|masses|scans|studies)\s+(?:are|were|is|was|"
    r"being|showed|show|had|have)\b"
    # every finding of a patient, the quantifier after ("whose nodules were all solid", "all of
    # their nodules", "every one of whose masses"): not expressible either, named (issue 17)
    r"|\bwhose\s+(?:[a-z-]+\s+)?(?:nodules|findings|lesions|masses)\s+"
    r"(?:(?:were|are|have\s+been|had\s+been)\s+)?(?P<all2>all|each)\b"
    r"|\b(?P<all3>all|each|every\s+(?:single\s+)?one|each\s+one)\s+of\s+"
    r"(?:their|whose|his|her|its)\s+(?:[a-z-]+\s+)?(?:nodules|findings|lesions|masses)\b"
)


# The kinds of study a patient's studies are quantified over ("every ldct", "all of their chest
# cts", "whose scans were all ..."): singular and plural, with up to two words of kind before.
_EVERY_NOUN = (
    r"(?:(?:chest|head|brain|ct|low[- ]dose|screening|follow-?up)\s+){0,2}"
    r"(?:scans?|studies|study|exams?|examinations?|cts?|ldcts?|imaging\s+studies|visits?|"
    r"follow-?ups?|x-?rays?|radiographs?|cxrs?|angiograms?|ctas?|ctpas?|ct\s+scans?)"
)
_THEIR = r"(?:their|his|her|his\s+or\s+her|the\s+patient'?s|whose)"
_EVERY_STUDY = re.compile(
    r"\b(?:(?:on|in|at|across|for)\s+(?P<q>every|each|all)(?:\s+(?:single|one))?\s+(?:of\s+)?"
    r"(?:(?:their|his|her|the|its|his\s+or\s+her)\s+)?|whose\s+(?P<q2>every|each)\s+"
    # "every one of their ldcts", "all of whose chest cts", "each of his scans": the condition
    # follows (issue 17's known limits: these had been read as any study, silently)
    rf"|\b(?P<q3>all|each|every\s+(?:single\s+)?one|each\s+one|every\s+single\s+one)\s+of\s+"
    rf"{_THEIR}\s+"
    # "all their ldcts were ...": "all" before "their" and a verb after the noun
    rf"|\b(?P<q4>all)\s+(?:their|his|her)\s+(?=(?:{_EVERY_NOUN})\s+(?:were|was|are|is|had|have|"
    r"has|showed|show|shows|contained|demonstrated|came\s+back)\b))"
    rf"(?P<noun>{_EVERY_NOUN})\b"
)
# "all (of) their ldcts" in any other place ("pts who had all their ldcts at ct01": a station on
# every study, which the typed query does not ask of each): named, never dropped as a stop word
_ALL_THEIR = re.compile(
    r"\b(?:had|have|has|got|with|w|were|was|are|is)\s+(?P<all>all)\s+(?:of\s+)?(?:their|his|her)\s+"
    rf"(?={_EVERY_NOUN}\b)"
)
# "pts who had all their ldcts at ct01", "who had every scan done at ct02" (part 38, F): a
# station right after the studies quantified is asked of each of them (the parser takes one
# station so, :func:`query.parser._every`; "every scan" had been any scan there, silently)
_ALL_AT_STATION = re.compile(
    r"\b(?:had|have|has|got|with|w)\s+(?P<all>all(?:\s+of)?\s+(?:their|his|her)|every|"
    r"each(?:\s+of\s+(?:their|his|her))?)\s+(?:single\s+)?"
    rf"(?P<noun>{_EVERY_NOUN})\s+(?=(?:(?:done|performed|acquired|taken)\s+)?(?:at|on)\s+"
    r"[a-z]{2}\d{2}\b)"
)
# the forms in which the condition follows the quantifier (the others put it before:
# "nodules on every scan")
_CONDITION_AFTER = ("q2", "q3", "q4")


_ALL_STUDIES = re.compile(
    rf"\bwhose\s+(?P<noun>{_EVERY_NOUN})\s+(?:(?:were|are|was|have\s+been|had\s+been)\s+)?"
    r"(?P<all>all|each)\b"
    r"|\b(?:who|that)\s+(?P<always>always)\s+(?:had|have|has|showed|were|was)\b"
    # "only ever lung-rads 2", "who only ever had nodules under 6 mm": every study has it
    r"|\b(?P<only>only\s+ever)\b"
)


def _read_numbers(
    text: str,
    as_of: dt.date,
    parts: Parts,
    taken: list[tuple[int, int]],
    identify: Identify | None,
) -> None:
    _read_aggregates(text, parts, taken, ("percent", "per"))  # before "all nodules are ..."
    _read_intervals(text, parts, taken)  # before the dates: "within 6 months" is no period
    _read_categories(text, as_of, parts, taken)  # before the Lung-RADS reader and the numbers
    for every in _EVERY_STUDY.finditer(text):  # "on every scan": each of a patient's studies
        if _take(taken, every.start(), every.end()):
            group = next(g for g in ("q", "q2", "q3", "q4") if every.group(g))
            quantifier = re.sub(r"\s+", " ", every.group(group))
            after = group in _CONDITION_AFTER
            parts.every.append((every.start(), quantifier, every.group("noun"), after))
    for every in _ALL_STUDIES.finditer(text):  # "whose scans all showed", "who always had"
        word = next(w for w in ("all", "always", "only") if every.group(w))
        start = every.start("noun") if every.group("noun") else every.start(word)
        if _take(taken, start, every.end(word)):  # the noun too: "whose scans" is not a unit
            said = re.sub(r"\s+", " ", every.group(word))
            parts.every.append((every.start(word), said, every.group("noun") or "scans", True))
    for every in _ALL_AT_STATION.finditer(text):  # "had all their ldcts at ct01"
        if _take(taken, every.start("all"), every.end("noun")):
            said = every.group("all").split()[0]
            parts.every.append((every.start("all"), said, every.group("noun"), True))
    for every in _ALL_THEIR.finditer(text):
        if _take(taken, *every.span("all")):
            parts.ignored.append("all")
    for every in _UNIVERSAL.finditer(text):  # "all nodules are calcified": not expressible
        group = next(g for g in ("all", "all2", "all3") if every.group(g))
        if _take(taken, *every.span(group)):
            parts.ignored.append(re.sub(r"\s+", " ", every.group(group)))
    for ident in find_identifiers(text, identify):
        if _take(taken, ident.start, ident.end):
            parts.identifiers.append(ident)
    for later in _LATER_CATEGORY.finditer(text):  # "an lr 2 scan and later an lr 4x scan"
        if _take(taken, *later.span("later")):
            parts.cautions.append(
                f"'{later.group('later')}': the order of two studies cannot be asked; each "
                "category is on some study of the patient, in either order"
            )
    previous_end = -1
    for lr in numbers.find_lung_rads(text):
        counted = history.category_count(text, lr.start, lr.end, lr.categories)
        if counted is not None and _take(taken, counted.start, counted.end):
            parts.study_counts.append(counted.range)  # "2 or more lung-rads 4a studies"
            parts.study_count_ends.append(counted.end)
            parts.study_kinds.append(counted.kind or StudyFilter())
            continue
        highest = _HIGHEST_BEFORE.search(text[: lr.start])
        said_after = _HIGHEST_AFTER.match(text, lr.end)
        end = said_after.end() if said_after else lr.end
        if _take(taken, highest.start() if highest else lr.start, end):
            highest = highest or said_after
            found = parts.highest_lung_rads if highest else parts.lung_rads
            if found and _OR_ONLY.fullmatch(text[previous_end : lr.start]):
                # "lr4b or lr4x": one condition, either category
                found[-1] = tuple(dict.fromkeys(found[-1] + lr.categories))
            else:
                found.append(lr.categories)
                if not highest:
                    parts.lung_rads_at.append(lr.start)
            previous_end = lr.end
    _read_ages_before_studies(text, parts, taken)  # before the studies per patient
    _read_history(text, as_of, parts, taken)
    measured = _read_measures(text, parts, taken)
    _read_counts(text, parts, taken)
    for age in numbers.find_ages(text):
        if not _overlaps((age.start, age.end), taken):
            taken.append((age.start, age.end))
            if _GROWN_BEFORE.search(text, 0, age.start) and _DURATION.match(text, age.start):
                # "grew by 3 mm over 2 years": how long the growth took, never an age (part 31's
                # fixers found it read as age > 2, silently); growth over a duration is not
                # expressible, so it is named
                parts.cautions.append(
                    f"'{text[age.start : age.end].strip()}' after a growth was not read: growth "
                    "over a duration cannot be asked (growth is since the previous study)"
                )
                continue
            parts.ages.append(age.range)
            parts.age_at.append(age.start)
            if numbers.is_age_decade_word(text[age.start : age.end]):
                parts.roles.append(("patient", age.start, text[age.start : age.end]))
            if text[age.start : age.end].strip() in ("elderly", "geriatric", "senior", "seniors"):
                parts.notes.append(
                    f"'{text[age.start : age.end]}' read as age >= {numbers.ELDERLY}"
                )
    for m in _PEOPLE_RANGE.finditer(text):  # "female pts 45 to 55": an age range
        low, high = int(m.group("a")), int(m.group("b"))
        if low < high <= _OLDEST and not _overlaps(m.span("range"), taken):
            taken.append(m.span("range"))
            parts.ages.append(NumberRange(low, high))
            parts.age_at.append(m.start("range"))
    _read_unitless(text, parts, taken, measured)
    _read_aggregates(text, parts, taken, ("mean", "median"))  # after "mean diameter > 8 mm"


_OR_ONLY = re.compile(r"\s*,?\s*(?:or|and/or|/)\s*")
_OLDEST = 120
# Two numbers without a unit right after a word for people are an age range, both ends
# included: "women 50-60", "male pts 45 to 55 with a mass" (not "... 6-8 mm", a size).
_PEOPLE_RANGE_HEAD = (
    r"\b(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|individuals|"
    r"pts|ppl)\s+(?P<range>(?P<aged>(?:aged?|ages)\s+(?:between\s+)?)?(?P<a>\d{1,3})\s*"
    r"(?:-|to|through|thru)\s*(?P<b>\d{1,3}))"
)
_PEOPLE_RANGE = re.compile(
    _PEOPLE_RANGE_HEAD
    + r"(?![\w.%/-]|\s*(?:mm|millim|cm|centim|hu|cc|ml|cubic|%|percent|months?|mos?|days?|"
    r"weeks?|wks?|times?|nodul|nods?\b|mass|lesion|finding|scans?\b|stud|cts?\b|exam))"
)


# Part 29: the same range right before a noun of studies ("pts 50-55 head ct", "women 60-70
# chest cts") is an age range too, not a count of studies per patient ("55 head ct" had been
# read as 55 studies, the 50 left unread), when the noun is singular (a count of two or more
# takes the plural) or the range starts at 18 or later (no count of studies that large);
# "pts 2-3 scans" stays a count.
_PEOPLE_RANGE_STUDIES = re.compile(
    _PEOPLE_RANGE_HEAD
    + r"(?=\s+(?:(?:chest|head|brain|low[- ]dose|screening|contrast|non-?contrast|pe)\s+){0,2}"
    r"(?:(?P<one>ct|scan|study|exam|ldct|cxr|x-?ray|radiograph|cta)|cts|scans|studies|exams|"
    r"ldcts|cxrs|x-?rays|radiographs|ctas)\b)"
)
_ADULT = 18


def _read_ages_before_studies(text: str, parts: Parts, taken: list[tuple[int, int]]) -> None:
    for m in _PEOPLE_RANGE_STUDIES.finditer(text):
        low, high = int(m.group("a")), int(m.group("b"))
        # "pts aged 52-58 chest x-ray": "aged" says it is an age, whatever the noun (part 33)
        plausible = m.group("one") is not None or low >= _ADULT or m.group("aged") is not None
        if plausible and low < high <= _OLDEST and not _overlaps(m.span("range"), taken):
            taken.append(m.span("range"))
            parts.ages.append(NumberRange(low, high))
            parts.age_at.append(m.start("range"))


def _read_categories(text: str, as_of: dt.date, parts: Parts, taken: list[tuple[int, int]]) -> None:
    """ "Lung-RADS upgraded from 2 to 4A", "overdue for follow-up", "VDT < 400 days"."""
    for change in category_change.find_changes(text):
        if _take(taken, change.start, change.end):
            parts.changes.append(change.change)
    for overdue in category_change.find_overdue(text, as_of):
        if _take(taken, overdue.start, overdue.end):
            parts.overdue.append(overdue.overdue)
    for doubling in over_time.find_doubling_times(text):
        if _take(taken, doubling.start, doubling.end):
            parts.doubling.append((doubling.days, doubling.start))
            if doubling.unitless:
                parts.notes.append("a doubling time without a unit is in days")
    for start, end in over_time.find_stable_durations(text):
        if _take(taken, start, end):  # named, never read as an age or a period
            parts.ignored.append(text[start:end])
            parts.cautions.append(
                "stability over a duration is not expressible: 'stable' was read as stable "
                "since the same nodule's previous study"
            )


def _read_intervals(text: str, parts: Parts, taken: list[tuple[int, int]]) -> None:
    """ "scanned again within 6 months", "days between the first and latest CT", "a gap of
    more than 18 months between consecutive scans"."""
    for follow_up in intervals.find_follow_ups(text):
        if not any(_overlaps(span, taken) for span in follow_up.spans):
            taken.extend(follow_up.spans)
            parts.follow_ups.append(follow_up.follow_up)
    for followed in intervals.find_followed_for(text):  # before the ages: "2 years of follow-up"
        if not any(_overlaps(s, taken) for s in followed.spans):
            taken.extend(followed.spans)
            parts.followed_for.append(followed.gap)
            if followed.guessed:
                words = " ".join(text[s:e] for s, e in followed.spans)
                parts.cautions.append(
                    f"'{words}' has no comparator: read as at least that long from the first to "
                    "the latest study"
                )
    for gap in intervals.find_gaps(text):
        if not any(_overlaps(s, taken) for s in gap.spans):
            taken.extend(gap.spans)
            parts.gaps.append(gap.gap)
    for span in intervals.find_spans(text):
        if not any(_overlaps(s, taken) for s in span.spans):
            taken.extend(span.spans)
            parts.spans.append(span)
    for compared in over_time.find_first_latest(text):  # "larger on the latest than the first"
        if _take(taken, compared.start, compared.end):
            parts.since_first.append((compared.since_first, compared.start))
            parts.picks.append("latest")


def _read_aggregates(
    text: str, parts: Parts, taken: list[tuple[int, int]], kinds: tuple[str, ...]
) -> None:
    """ "average nodule size", "what percentage of patients", "average number of nodules per
    patient": a mean, a median, a share or a rate is asked."""
    for phrase in find_aggregates(text):
        if phrase.kind not in kinds or any(_overlaps(span, taken) for span in phrase.spans):
            continue
        taken.extend(phrase.spans)
        parts.aggregates.append(phrase)
        if phrase.kind in ("percent", "per"):
            # counted like "how many": the noun after it names the unit
            start, end = phrase.spans[0]
            at = start if phrase.count_at is None else phrase.count_at
            parts.roles.append(("count", at, text[start:end]))


def _read_measures(
    text: str, parts: Parts, taken: list[tuple[int, int]]
) -> list[tuple[int, Measure]]:
    """Sizes, volumes, HU and confidence; returns where each ends, for "and < 100"."""
    measured: list[tuple[int, Measure]] = []
    for m in numbers.find_measures(text):
        if not _overlaps((m.start, m.end), taken):
            taken.append((m.start, m.end))
            parts.measures.append((m.measure, m.start))
            measured.append((m.end, m.measure))
            if m.note:
                parts.notes.append(m.note)
    for top in numbers.find_top(text):
        spans = [(top.start, top.end)] + ([top.also] if top.also else [])
        if not any(_overlaps(span, taken) for span in spans):
            taken.extend(spans)
            parts.tops.append(top.top)
            parts.top_units.append("finding")
    return measured


def _read_counts(text: str, parts: Parts, taken: list[tuple[int, int]]) -> None:
    """Findings per study: "3 or more nodules", "exactly 2", "fewer than 3"."""
    for count in numbers.find_counts(text):
        if (
            _demographic_before(text[: count.start].rstrip())
            and re.match(
                rf"\s*(?:{numbers.GT}|{numbers.LT}|{numbers.GE}|{numbers.LE})", text[count.start :]
            )
            and not _KIND_NOUN.match(text, count.noun_start)
        ):
            continue  # "women under 50 calcified nodules": an age next to a word for people
        spans = [(count.start, count.end)] + ([count.also] if count.also else [])
        if not any(_overlaps(span, taken) for span in spans):
            taken.extend(spans)
            parts.counts.append((count.min_count, count.noun_start))
            if count.max_count is not None:
                parts.count_limits.append((count.max_count, count.noun_start))
            if count.guessed:
                parts.cautions.append(
                    f"'{text[count.start : count.end].strip()}' was read as {count.min_count} "
                    "or more in one study; say 'exactly' for that number only"
                )
                parts.rephrase(count.start, count.end, _COUNT_WORD, r"exactly \g<0>")


def _read_unitless(
    text: str,
    parts: Parts,
    taken: list[tuple[int, int]],
    measured: list[tuple[int, Measure]],
) -> None:
    """A number without a unit: a second bound of the measurement before it, an age next to a
    word for people, or else a diameter in mm (a guess, said so)."""
    for loose in numbers.find_unitless(text):
        if _overlaps((loose.start, loose.end), taken):
            continue
        taken.append((loose.start, loose.end))
        before, after = text[: loose.start].rstrip(), text[loose.end :]
        words = text[loose.start : loose.end].strip()
        same = [
            m
            for end, m in measured
            if end <= loose.start and _JOINED.fullmatch(text[end : loose.start])
        ]
        cue = _confidence_cue(text, loose, taken)
        if same:  # "HU > -100 and < 100": the second bound is of the same measurement
            parts.measures.append((Measure(same[0].field, loose.range), loose.start))
        elif cue is not None:  # "low confidence nodules < 0.6": a fraction, and "confidence"
            taken.append(cue)
            parts.measures.append((Measure("confidence", loose.range), loose.start))
        elif (volume := _VOLUME_BEFORE.search(before)) is not None and not _overlaps(
            volume.span(), taken
        ):  # "nodule volume over 100": a volume, in the cohort's mm3 (said so)
            taken.append(volume.span())
            parts.measures.append((Measure("volume_mm3", loose.range), loose.start))
            parts.cautions.append(f"'{words}' has no unit: read as a volume in mm3")
        elif (
            _demographic_before(before)
            or _DEMOGRAPHIC_AFTER.match(after)
            or _WERE_AGED.search(before)
        ):
            parts.ages.append(loose.range)  # "women over 60": the words around say it is an age
            parts.age_at.append(loose.start)
        else:
            parts.measures.append((Measure("diameter_mm", loose.range), loose.start))
            parts.cautions.append(f"'{words}' has no unit: read as a diameter in mm")


_GROWN_BEFORE = re.compile(
    r"(?<![\w-])(?:grew|grown|growing|grow|grows|growth|increased|increase|enlarged|enlarging|"
    r"enlargement|progressed|up)(?:\s+by\s+[^,;]{0,30}?(?:mm|cm))?\s*$"
)
_DURATION = re.compile(r"(?:over|in|within|across|during)\s+\S+\s+(?:years?|months?)\b")
# "volume over 100", "volume is > 500": the bound without a unit right after the word volume
_VOLUME_BEFORE = re.compile(r"(?<![\w-])volume(?:\s+(?:is|of))?$")
_CONFIDENCE_CUE = re.compile(rf"\b(?:(?:low|high|higher|lower)\s+)?{numbers.CONFIDENCE_WORD}")


def _confidence_cue(
    text: str, loose: numbers.UnitlessPhrase, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The free confidence word of a question whose unitless bound is a fraction (0 to 1):
    "low confidence nodules < 0.6" (a size is never under 1 mm)."""
    bounds = [b for b in (loose.range.low, loose.range.high) if b is not None]
    if not bounds or not all(0 < b <= 1 and b != int(b) for b in bounds):
        return None
    for m in _CONFIDENCE_CUE.finditer(text):
        if not _overlaps(m.span(), taken):
            return m.span()
    return None


_LONGEST_ROLE = max(len(words.split()) for words in ROLE_WORDS)
"""Structure phrases are matched up to their longest ("never been found to have", "without ever
being found to have": five words and more had never been reached, and "never" had governed
nothing, part 33); vocabulary terms up to four words, as before."""


def _match_words(
    parts: Parts, free: list[bool], grounder: Grounder, stations: frozenset[str]
) -> None:
    """Longest phrases first: vocabulary terms, then structural words, then stations."""
    tokens = parts.tokens
    soft = [False] * len(tokens)
    for size in range(_LONGEST_ROLE, 0, -1):
        for i in range(len(tokens) - size + 1):
            if not all(free[i : i + size]):
                continue
            phrase = " ".join(t.text for t in tokens[i : i + size])
            term = grounder.lookup(phrase) if size <= 4 else None
            role = ROLE_WORDS.get(phrase)
            if term is not None:
                parts.grounded.append(Grounded(term, i, i + size - 1, "exact", phrase))
            elif role is not None:
                parts.roles.append((role, tokens[i].start, phrase))
                soft[i] = size == 1 and role in ("stop", "break")
            else:
                continue
            free[i : i + size] = [False] * size
        if size in (2, 3):  # "grund glass", "right uper lobe": a form with a word misspelt
            parts.grounded.extend(grounder.misspelt_phrases(tokens, free, size))
    _misspelt_units(parts, free)
    _both_of_a_unit(parts)
    for i, token in enumerate(tokens):
        if free[i] and token.text.upper() in stations:
            parts.stations.append(token.text.upper())
            parts.station_at.append(token.start)
            free[i] = False
        elif free[i] and token.text in _SILENT_PUNCTUATION:
            free[i] = False
        elif free[i] and token.text == "-" and not _signs_a_number(tokens, i):
            free[i] = False  # "P00388 - studies lr 3": a dash between words, as a comma
    parts.grounded.extend(grounder.fuzzy(tokens, free, soft))
    parts.ignored.extend(t.text for i, t in enumerate(tokens) if free[i])


def _signs_a_number(tokens: list[Token], i: int) -> bool:
    """Could the dash ``tokens[i]`` be a minus sign ("below - 600 HU")?"""
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return following[:1].isdigit() or following[:1] == "."


_UNIT_WORDS = ("patients", "patient", "studies", "findings")


def _both_of_a_unit(parts: Parts) -> None:
    """ "both patients with ...", "both scans": "both" right before a unit word counts two of
    them; it joins no conditions, so it is named, never read as "both A and B"."""
    units = {p for role, p, _ in parts.roles if role in ("patient", "study", "finding")}
    for entry in list(parts.roles):
        role, at, words = entry
        after = re.match(r"\s*", parts.text[at + len(words) :])
        following = at + len(words) + (after.end() if after else 0)
        if role == "both" and words == "both" and following in units:
            parts.roles.remove(entry)
            parts.ignored.append(words)


def _misspelt_units(parts: Parts, free: list[bool]) -> None:
    """ "pateints": a unit word misspelt, by the vocabulary's spelling rule (5+ letters, the
    same first letter, similarity >= 0.84), said so in a caution."""
    for i, token in enumerate(parts.tokens):
        if not free[i] or len(token.text) < 5:
            continue
        word = _spelt_like(token.text, _UNIT_WORDS)
        if word is not None:
            parts.roles.append((ROLE_WORDS[word], token.start, token.text))
            parts.cautions.append(f"'{token.text}' read as {word} (spelling)")
            free[i] = False


# Words that the phrase readers (follow-up, gaps, counts, averages, rankings) look for, not
# vocabulary forms, so the grounder's spelling step never sees them: misspelt ("pts folowed for
# more than 3 years", "betwen"), the phrase was not read and its number went to another reading
# (an age).
# Only words no other word of a question is a misspelling of ("interval" / "internal" is not).
_STRUCTURE_WORDS = (
    "followed",
    "between",
    "consecutive",
    "surveillance",
    "monitored",
    "months",
    "years",
    "previous",
    "average",
    "median",
    "percentage",
    "exactly",
    # the measured fields the averages and rankings name ("avg diamter of ggns")
    "diameter",
    "volume",
    "attenuation",
    "component",
)
_WORD = re.compile(r"(?<![\w/.'-])[a-z]{5,}(?![\w/'-])")


_ENDINGS = frozenset(("", "s", "es", "e", "ed", "d", "er", "ers", "ing", "ings", "ly", "al", "ion"))


def _another_form(word: str, right: str) -> bool:
    """Is ``word`` another form of ``right`` ("month" of "months", "follower" of "followed",
    "averaged" of "average"), not a misspelling ("exactley" of "exactly": its ending is no
    inflection; it had been kept as written and left unread)?"""
    if not word.startswith(right[:-1]):
        return False
    rest = word[len(right) - 1 :]
    return rest in _ENDINGS or (rest[:1] == right[-1] and rest[1:] in _ENDINGS)


def _respell_structure(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with misspelt structural words (:data:`_STRUCTURE_WORDS`) written right, by
    the vocabulary's spelling rule, and the words respelt (said in a caution)."""
    respelt: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in _STRUCTURE_WORDS or word in ROLE_WORDS:
            return word
        right = _spelt_like(word, _STRUCTURE_WORDS)
        if right is None or _another_form(word, right):
            return word  # another form of the word ("month", "follower"), not a misspelling
        respelt.append((word, right))
        return right

    return _WORD.sub(fix, text), respelt


def read_question(
    text: str,
    as_of: dt.date,
    grounder: Grounder,
    stations: frozenset[str],
    identify: Identify | None,
) -> Parts:
    def identifier(word: str, at: int) -> bool:  # "accession 20240115" is no day
        known = identify is not None and identify(word) is not None
        return known or named_by_keyword(text[:at])

    text, respelt = _respell_structure(dates.write_out(text, as_of, identifier))
    parts = Parts([], [], [], [], [], [], [], [], [], [], [], [], text=text)
    parts.cautions.extend(f"'{typed}' read as {word} (spelling)" for typed, word in respelt)
    taken: list[tuple[int, int]] = []
    _read_numbers(text, as_of, parts, taken, identify)
    rest = _blank(text, taken)
    parts.tokens = [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(rest)]
    free = [True] * len(parts.tokens)
    _match_words(parts, free, grounder, stations)
    return parts
