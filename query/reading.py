"""The first pass of reading a question: which words each deterministic reader places.

:func:`read_question` runs on the text :func:`query.rewrites.clean` made of the question (its
phrasings rewritten into the words read here). It runs the readers in a fixed order, each
claiming the characters it places so no later reader reads them again: identifiers
(:mod:`query.identifiers`: a UID's tail is never a year), Lung-RADS categories, patient history
and rankings (:mod:`query.history`), dates (:mod:`query.dates`), measurements, counts and ages
(:mod:`query.numbers`), numbers without a unit; then the remaining words are matched to the
vocabulary or to structure words (:data:`ROLE_WORDS`: "patients", "how many", "without",
"never", "both", "on one CT") and the rest are grounded by :class:`query.grounding.Grounder`
(spelling, MiniLM meaning). What was found is a :class:`Parts`; :mod:`query.clauses` and
:mod:`query.parser` assemble it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re

from query import (
    category_change,
    dates,
    history,
    intervals,
    numbers,
    over_time,
)
from query.aggregates import AggregatePhrase, find_aggregates
from query.grounding import Grounded, Grounder, Token
from query.identifiers import IdentifierPhrase, Identify, find_identifiers, named_by_keyword
from query.ranked_groups import find_group_order
from query.typed_query import (
    DateRange,
    FollowUp,
    GroupField,
    GroupOrder,
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
    "ROLE_WORDS",
    "STATED_ABSENT",
    "WITH_BEFORE",
    "Parts",
    "read_question",
]


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
    # "lobulated-edge ggos" (part 45, D): the margin's word in the singular too
    "margin|margins|border|borders|edges|edge|contour|follow-up|follow up|followup|surveillance|"
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
    group_orders: list[GroupOrder] = dataclasses.field(default_factory=list)
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


"""More years than this is a person's age ("ldcts over 70 years old": the patients'), not a
study's."""


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
    r"(?:is\s+|was\s+|of\s+|falls\s+|fell\s+|falling\s+|lies\s+)?"
    # "a birth year somewhere in the 1950s" (session 28, D: the decade had been a study date)
    r"(?:(?:somewhere|sometime|anywhere|some\s+time)\s+)?(?:in\s+|within\s+)?$"
)
# Session 28 (D): "patients with a 1957 birth year", "a 1960 year of birth": the birth-date word
# after the year it dates (the year had been read as a study date, the words left unread)
_BIRTH_AFTER = re.compile(r"\s+(?:birth\s*years?|years?\s+of\s+birth|birth\s*dates?|dobs?)\b")
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
    r"(?:is\s+|was\s+|of\s+)?(?:(?:somewhere|sometime|anywhere)\s+)?(?:in\s+|during\s+)?"
    r"(?:the\s+)?(?:'?(?P<d>[0-9]0)'?s|"
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
    order = find_group_order(text)  # "per lobe, most first": before the rankings read "most"
    if order is not None and _take(taken, order.start, order.end):
        parts.group_orders.append(order.order)
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
        after = None if birth else _BIRTH_AFTER.match(text, phrase.end)
        end = after.end() if after else phrase.end
        # "1961" of "dob in 1960 or 1961" too; "a 1957 birth year" (the word after)
        of_birth = birth is not None or after is not None or i in listed
        if not _take(taken, start, end):
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
    # "max long axis among ...": a value, before the rankings take "max" (parts 56 to 59, B)
    _read_aggregates(text, parts, taken, ("max", "min"))
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
