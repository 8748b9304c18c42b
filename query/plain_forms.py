"""Other ways of saying what the readers already read, put in the words they read (part 35).

Part 35 (``tests/query/bank_fresh_35.py``, issue 17) showed clinicians saying set logic,
rankings, averages and intervals in words the readers did not know: "never underwent a single
LDCT", "no nodule on any of them" after a count of studies, "whose same single scan showed A as
well as B", "studies that went up in lung-rads vs the prior", "which 4 people carry the highest
total count of nodules", "the 2 earliest-born patients", "on a typical LDCT how many nodules ...
on average", "typical spacing, as a mean in days, between one chest CT and the next", "were
nodule-free" (parts 52 to 55, E: "findings of every type across the 2024 ldcts"). Each rule here
rewrites one such form to the form the readers read, keeping its meaning; a form that carries
something the typed query cannot express is left alone, so that it stays warned. Called by
:func:`query.rewrites.clean` on the lower-cased text, after the typist's slips are corrected.
"""

from __future__ import annotations

import re

__all__ = ["plain_forms"]

_STUDY_NOUN = r"(?:ldcts?|cts?|scans?|studies|study|exams?|x-?rays?|cxrs?|mris?|ctas?|radiographs?)"

# "never underwent a single ldct", "has never received an ldct": "underwent / undergone /
# received" after "never" is "had", and "a single" after such a "never" is "a" (none at all;
# "a single" had been read as exactly 1 study, warned)
_NEVER_UNDERWENT = re.compile(
    r"\b(?:(?:has|have|had)\s+)?never\s+(?:been\s+)?(?:underwent|undergone|undergo|received|"
    r"been\s+given|gotten)\b"
)
_NEVER_A_SINGLE = re.compile(
    r"\b(?P<lead>never\s+(?:had|got|been\s+[a-z]+\s+with)\s+)a\s+single\s+"
)

# "patients with 2 or more ldcts and no nodule on any of them": none of those studies had it
# (the patient's history over that kind of study, as "none of their ldcts had a nodule"; it
# had been read per study and warned)
_NONE_ON_ANY_OF_THEM = re.compile(
    r"(?P<count>\b(?:\d+|two|three|four|five)\s+(?:or\s+more\s+|\+\s*)?"
    r"(?P<noun>(?:(?!(?:or|more|than|least)\b)[a-z-]+\s+)?" + _STUDY_NOUN + r"))"
    r"(?P<rest>(?:\s+(?:in|from|since|before|after|during)\s+\d{4})?)"
    r"\s+(?:and|but|with|yet)\s+(?:no|zero)\s+(?P<what>[a-z-]+(?:\s+[a-z-]+)?)\s+"
    r"(?:on|in|at)\s+(?:any|either)\s+(?:one\s+)?of\s+(?:them|those|these|those\s+scans|"
    r"those\s+studies|those\s+exams)\b"
)

# "patients with at least two scans, none of which showed a nodule" (parts 56 to 59, C): none of
# those studies had it, as "2 or more scans and no nodule on any of them" (it had been read per
# study, warned)
_NONE_OF_WHICH_SHOWED = re.compile(
    r"(?P<count>\b(?:\d+|two|three|four|five)\s+(?:or\s+more\s+|\+\s*)?"
    r"(?:(?!(?:or|more|than|least)\b)[a-z-]+\s+)?" + _STUDY_NOUN + r")\s*,?\s+(?:but\s+|and\s+)?"
    r"none\s+of\s+(?:which|them|those|these)\s+(?:ever\s+)?(?:showed|shows|show|had|has|have|"
    r"revealed|reveals|contained|contains|found)\s+(?:an?\s+|any\s+)?(?P<what>[a-z-]+(?:\s+[a-z-]+)?)"
    r"(?=\s*(?:$|[,.;:?!)]))"
)


# "patients whose same single scan showed ground glass as well as solid nodules": both on one
# study ("the same scan" is read so; "same" had been left unread and "single scan" read as the
# patient's only study, warned). Only with "same": "patients whose single scan showed a nodule
# (and a mass)" keeps its reading (a patient with one study in all)
_WHOSE_SAME_SCAN = re.compile(
    r"\bwhose\s+(?:one\s+and\s+)?(?:the\s+)?(?:very\s+)?same\s+(?:single\s+|one\s+)?"
    r"(?P<noun>scan|study|exam|ct|ldct)\s+"
    r"(?:showed|shows|show|had|has|revealed|reveals|demonstrated|demonstrates|contained|"
    r"contains|displayed|displays)\s+(?P<what>[^,;:?()]+?)\s*(?=$|[,;:?()])"
)


# "studies that went up in lung-rads vs the prior": the category change between a study and
# the patient's previous one, said as "whose lung-rads went up from the previous study" (it
# had been read as growth, warned)
_CHANGE_VERB = (
    r"went\s+up|went\s+down|rose|increased|decreased|dropped|fell|climbed|worsened|improved|"
    r"got\s+worse|got\s+better|(?:was|were)\s+(?:upgraded|downgraded)|upgraded|downgraded"
)
# "screening cts that went up a category vs the prior screen" (part 45, C): a step of the scale
# ("a category", "one level") is the category going up ("category" had been left unread and the
# rise read as a nodule's growth, warned); "screen" is a screening study
_CHANGE_IN_CATEGORY = re.compile(
    r"\b(?P<rel>that|which|where|whose)\s+(?P<verb>" + _CHANGE_VERB + r")\s+(?:(?:in|on)\s+"
    r"(?:their\s+|its\s+|the\s+)?(?:lung-rads|lung\s+rads|lr)(?:\s+category)?|(?:by\s+)?"
    r"(?:a|one)\s+(?:lung-rads\s+|lr\s+)?(?:category|level|grade|step))\s+"
    r"(?:vs\.?|versus|compared\s+(?:to|with)|relative\s+to|from|over|since|against)\s+"
    r"(?:the\s+|their\s+|its\s+)?(?:prior|previous|preceding|last|earlier)"
    r"(?:\s+(?:one|study|scan|exam|ct|ldct|screen|screening\s+ct))?\b"
)

# "people who came for imaging in both 2023 and 2026", "came in for a scan": coming for a
# study is having one ("came" had been left unread, warned; part 44, C). Not "came back for",
# which _came_back_in reads as a later study (part 31)
_CAME_FOR = re.compile(
    r"\b(?:came|come|comes|coming)\s+(?:in\s+)?for\s+(?=(?:imaging|an?\s+"
    + _STUDY_NOUN
    + r"|"
    + _STUDY_NOUN
    + r")\b)"
)

# "which 4 people carry the highest total count of nodules": the patients ranked by their
# number of findings, "have the most nodules" ("carry" and "highest" had been left unread)
_MOST_COUNT = re.compile(
    r"\b(?:carry|carries|have|has|had|hold|holds|show|showed)\s+the\s+"
    r"(?:highest|largest|greatest|biggest|most|top)\s+(?:total\s+|overall\s+)?"
    r"(?:count|number|tally|total)\s+of\s+(?=(?:[a-z-]+\s+)?(?:nodules|findings|masses|lesions|"
    r"ggns|ggos|effusions)\b)"
)

# "the 2 earliest-born patients": the oldest by birth date (it had been refused)
_EARLIEST_BORN = re.compile(
    r"\b(?P<n>\d+)\s+(?:earliest|first)[- ]?born\s+(?P<who>patients|pts|people|persons|subjects)\b"
)

# "on a typical ldct how many nodules do we see, on average (mean)": the mean number of those
# findings per study of that kind (the mean had been left unread and the findings counted,
# warned)
_TYPICAL_STUDY_COUNT = re.compile(
    r"^(?:on|in|for)\s+(?:a|an|the|each|any|one)\s+(?P<front>typical\s+|average\s+|given\s+|"
    r"usual\s+|single\s+)?"
    # parts 52 to 55 (E): up to three words before the study ("low-dose screening ct"), the verb
    # said otherwise ("are found", "are there") and "average / typical" said only before it
    r"(?P<study>(?:[a-z-]+\s+){0,3}?" + _STUDY_NOUN + r")\s*,?\s+how\s+many\s+"
    r"(?P<what>(?:[a-z-]+\s+){0,2}?(?:nodules|findings|masses|lesions|ggns))"
    r"(?:\s+(?:do|does|did|would|will|can)\s+(?:we|you|they|one|it)\s+(?:see|find|get|count|"
    r"report|expect)|\s+(?:are|is)\s+(?:there|seen|found|reported)|\s+(?:are\s+)?(?:seen|found))?"
    r"(?P<stat>\s*,?\s*(?:on\s+average|on\s+avg|in\s+average|in\s+the\s+mean|on\s+the\s+average)"
    r"\s*(?:\(\s*(?:mean|average)\s*\))?)?\s*\??$"
)

# "findings of every type across the 2024 ldcts", "lesions of any kind across the head cts": every
# finding, whatever its kind, is what "findings" alone reads, and "across the <studies>" after
# the findings is "on" them ("every" and "across" had been left unread and the studies with a
# finding counted, warned; parts 52 to 55, E). "across all their scans" is left (each study).
# "of each kind" asks for a count per kind, and so may "of every kind": "every" is read so only
# where a total is said too ("- total count", "altogether"); otherwise it stays unread, warned.
_OF_EVERY_KIND = re.compile(
    r"\b(?P<noun>findings|lesions|abnormalities)\s+of\s+(?P<q>every|any|all)\s+(?:types?|kinds?|"
    r"sorts?)\b"
)
_A_TOTAL = re.compile(r"\b(?:total|altogether|combined|in\s+all|overall)\b")


def _of_every_kind(m: re.Match[str]) -> str:
    if m.group("q") == "every" and not _A_TOTAL.search(m.string):
        return m.group(0)
    return m.group("noun")


_FINDINGS_ACROSS = re.compile(
    r"\b(?P<noun>findings|lesions|nodules|masses|ggns|abnormalities)\s+across\s+"
    r"(?=the\s+(?:[a-z0-9-]+\s+){0,3}?" + _STUDY_NOUN + r"\b)"
)

# "typical spacing, as a mean in days, between one chest ct and the next": the mean interval
# between consecutive studies of that kind ("one ... and the next" had been read as exactly one
# study, warned)
_ONE_AND_THE_NEXT = re.compile(
    r"\b(?:(?:typical|average|usual|mean)\s+)?(?:spacing|interval|gap|time|days?)\s*,?\s*"
    r"(?:as\s+an?\s+)?(?P<stat>mean|average|median)\s+in\s+days\s*,?\s+between\s+"
    r"(?:one|a|each)\s+(?P<study>(?:[a-z-]+\s+)?"
    + _STUDY_NOUN
    + r")\s+and\s+the\s+next(?:\s+one)?\b"
)

# "what % of chest cts were nodule-free": had no nodule ("nodule-free" had been left unread)
_FREE_AFTER_VERB = re.compile(
    r"\b(?:were|was|are|is|came\s+back|stayed|remained)\s+(?P<what>nodule|finding|mass|lesion|"
    r"effusion|pneumothorax)s?[- ]free\b"
)

# "reports calling emphysema": a report that calls it mentions it ("calling" had been left
# unread, warned)
_REPORT_CALLING = re.compile(
    r"\b(?P<report>reports?|impressions?)\s+(?:calling|that\s+calls?|that\s+called|which\s+calls?)\b"
)
# "reports calling emphysema on a study with no nodules at all": the reports, and so the
# studies, that mention it, on a study whose findings show no X; said with the studies first
# ("studies with no nodules at all, report mentions emphysema") so that the negation is of the
# findings, not of the report's words (it had been read as the report not affirming X, warned)
_REPORTS_ON_A_STUDY_WITH_NO = re.compile(
    r"^(?:(?:which|the|all|list)\s+)?(?:radiology\s+)?reports?\s+(?:mentioning|naming|noting|"
    r"describing|documenting|reporting|that\s+mentions?)\s+(?P<concept>[a-z -]+?)\s+"
    r"(?:on|in|for|from)\s+(?:a|an|the)\s+(?:study|scan|exam|ct|ldct)\s+(?:with|showing|"
    r"that\s+had|that\s+has|that\s+showed|having)\s+(?:no|zero)\s+(?P<what>[^,;:]+)$"
)

# "documented interval nodule growth between consecutive exams": growth is measured on the
# tracked nodule against the patient's previous study, so "documented / recorded / measured"
# before it and "between consecutive exams" after it say nothing more (they had been read as a
# report mention and left unread, warned)
_SAID_GROWTH = re.compile(
    r"\b(?:documented|recorded|measured|confirmed|measurable)\s+(?=(?:interval\s+)?"
    r"(?:[a-z-]+\s+)?(?:growth|enlargement|increase\s+in\s+size)\b)"
)
_GROWTH_BETWEEN_CONSECUTIVE = re.compile(
    r"(?P<g>\b(?:growth|enlargement|grew|growing|enlarged|enlarging|increase\s+in\s+size))\s+"
    r"(?:between|across|over|on)\s+(?:consecutive|successive|sequential|subsequent)\s+"
    r"(?:exams|studies|scans|cts|ldcts|visits|imaging)\b"
)

# "a nodule that enlarged more than 3 mm from one scan to the next", "growth of 2 mm from one
# study to the next": growth is measured against the patient's previous study, so "from one scan
# to the next" says nothing more ("one scan" had been read as the patient's only study and
# "next" left unread, warned; parts 52 to 55, D)
_GROWTH_ONE_TO_NEXT = re.compile(
    r"(?P<g>\b(?:growth|enlargement|grew|grown|growing|enlarged|enlarging|increased\s+in\s+size|"
    r"increase\s+in\s+size)(?:\s+(?:by\s+|of\s+)?(?:(?:more\s+than|over|at\s+least|above)\s+)?"
    r"\d+(?:\.\d+)?\s*(?:mm|millimet(?:er|re)s?|cm))?)\s+from\s+one\s+(?:scan|study|exam|ct|ldct|"
    r"visit)\s+to\s+the\s+(?:next|following)(?:\s+(?:one|scan|study|exam))?\b"
)

# Part 39 (share G): counts and sets said in other words.
_NUMBER_WORD = r"(?:\d{1,2}|zero|none|one|two|three|four|five|six|seven|eight|nine|ten)"
# "fewer than two nodules (zero or one)": a bracket holding nothing but numbers restates the
# range said before it; it is dropped (its "or" had been read as a second condition, warned).
# Numbers of one or two digits only: a bracketed year ("ldcts (2024)") is a period, kept
_NUMBERS_IN_BRACKETS = re.compile(
    r"\s*\((?:i\.?e\.?,?\s*)?"
    + _NUMBER_WORD
    + r"(?:\s*(?:or|to|-|,|and)\s*"
    + _NUMBER_WORD
    + r")*\)"
)
# "patients with an ldct, every one of whose ldcts had no nodule": each of the patient's studies
# of a kind lacks it, said as the readers read it ("none of their ldcts had a nodule"; the
# "no" had been read per study, warned)
_EVERY_ONE_HAD_NO = re.compile(
    r",?\s*\b(?:every\s+one|each\s+one|each|all|every\s+single\s+one)\s+of\s+(?:whose|their)\s+"
    r"(?P<noun>(?:(?:chest|head|brain|screening)\s+)?" + _STUDY_NOUN + r")\s+"
    r"(?:had|has|have|showed|show|shows)\s+no\s+"
)
# "pts screened in 2024 but with no ldct at all in 2025": about patients, no study of a kind in
# a period is never one then, as "but never an ldct in 2025" reads (both periods had been
# joined into one and the kind negated on the same study: an empty answer, silently)
_NO_STUDY_IN_PERIOD = re.compile(
    r"\b(?P<j>but|and)\s+(?:with\s+)?no\s+(?P<noun>(?:(?:chest|head|brain|screening)\s+)?"
    + _STUDY_NOUN
    + r")\s+(?:at\s+all\s+)?(?=(?:in|during)\s+(?:\d{4}|this\s+year|last\s+year)\b)"
)
# "a ground-glass nodule on one occasion and, on the same or another occasion, a spiculated
# nodule": each on any of the patient's studies, which is how the readers read "a patient
# with A and B"; the occasions only say so (they had been read as an "or", warned)
_ON_ONE_OCCASION = re.compile(r"\s+(?:on|at)\s+one\s+(?:occasion|visit|time)\b")
_SAME_OR_ANOTHER = re.compile(
    r",?\s*(?:on|at)\s+(?:the\s+same\s+or\s+(?:an)?other|(?:an)?other\s+or\s+the\s+same)\s+"
    r"(?:occasion|visit|time|one)\s*,?\s*"
)

# "anyone's scan showing a nodule", "somebody's ldcts with ...": an indefinite owner before a
# study noun asks for the studies (the possessive is gone by now: "anyone scan"; the patients
# had been listed, silently, part 43)
_ANYONES_STUDY = re.compile(
    r"\b(?:anyone|anybody|someone|somebody|everyone|everybody|any\s+(?:patient|pt|one))\s+"
    r"(?=(?:(?:chest|head|brain|screening)\s+)?" + _STUDY_NOUN + r"\b)"
)


# Part 45 (A): "pts with either a spiculated nodule or a mass", "either emphysema or lr 4x":
# "either" opening two conditions joined by "or" only announces the "or" (it had been read as
# "ever", each condition required on some study: an "and", silently). "either" before a side or
# a level ("either lower lobe", "either side", "either lung") is not this form and stays.
_EITHER_OR = re.compile(
    r"\beither\s+(?!(?:upper|lower|middle|side|sides|lung|lungs|lobe|lobes|one|way|of)\b)"
    r"(?=(?:(?!\b(?:and|but|never|nor|without)\b)[^,;:?.()])+?(?:,\s*)?\bor\b)"
)
# Part 45 (A): "had a part-solid nodule at some point but never lung-rads 4", "ever had a mass":
# a question that opens on "had" (or "has had", "ever had") leaves out its subject, and what
# "had" a finding or a study over time is a patient (the studies had been listed, silently)
_HAD_FIRST = re.compile(
    r"^(?:(?:has|have)\s+)?(?:ever\s+)?had\s+"
    r"(?=(?:an?|any|some|no|both|lung-rads|lr|at\s+least|more\s+than|\d+)\b)"
)


def _none_on_any(m: re.Match[str]) -> str:
    noun = m.group("noun")
    return f"{m.group('count')}{m.group('rest')} and none of their {noun} had {m.group('what')}"


def _typical_count(m: re.Match[str]) -> str:
    front = (m.group("front") or "").strip()
    if m.group("stat") is None and front not in ("typical", "average", "usual"):
        return m.group(0)  # "on a given ct, how many nodules": no mean asked, counted as said
    study = m.group("study")
    return f"mean number of {m.group('what')} per {study}"


def _one_and_the_next(m: re.Match[str]) -> str:
    study = m.group("study")
    plural = study if study.endswith("s") else study + "s"
    return f"{m.group('stat')} interval in days between consecutive {plural}"


# "upper lobes head to head: rul against lul nodule numbers", "ct01 and ct02 head-to-head": an
# idiom for a comparison, said beside the groups compared; it adds nothing to them (its "head"
# had been read as the head's studies, the counts emptied, silently; part 43, m1)
_HEAD_TO_HEAD = re.compile(r"\s*\b(?:go(?:ing)?\s+|compared\s+)?head[\s-]+to[\s-]+head\b")


# "pe cts run on ct01", "head cts ran at ct02": a study run on a station is one done there (part
# 48, C: "run" had been left unread, warned); only a study noun, the verb and a station's code
_STATION_WORD = r"(?:(?:scanner|station|machine|unit)\s+)?"
_RUN_ON_STATION = re.compile(
    r"\b(?P<noun>" + _STUDY_NOUN + r")\s+(?:(?:were|was|being|been|got|get|gets)\s+)?(?:run|ran)\s+"
    r"(?P<on>on|at|through)\s+(?=(?:the\s+)?" + _STATION_WORD + r"[a-z]{2}\d{2}\b)"
)
# "of all q1 2023 exams, what percentage ran on scanner ct01" (parts 60 to 63, B): the share
# run on a station is the share done there ("ran" had been left unread and the station read
# as the population, 100 %, warned)
_SHARE_RUN_ON_STATION = re.compile(
    r"\b(?P<share>percent(?:age)?|share|fraction|proportion|%)\s+(?:of\s+(?:them|those)\s+)?"
    r"(?:(?:were|was|got|get)\s+)?(?:run|ran)\s+(?:on|at|through)\s+(?=(?:the\s+)?"
    + _STATION_WORD
    + r"[a-z]{2}\d{2}\b)"
)


# "patients with a mass on any study and a pneumothorax on any study", "pts having a ggn on some
# scan and a solid nodule on some scan": each on some study of the patient, not both on one ("on
# any study" had been read as nothing and the two asked of one study, silently; session 26).
# "on another scan" asks for two different studies, which the typed query cannot: left, warned
_ANY_STUDY = (
    r"on\s+(?:any|some)\s+(?:of\s+(?:their|his|her)\s+)?(?:(?:single|one)\s+)?"
    r"(?:studies|study|scans?|exams?|cts?|occasions?)"
)
_EACH_ON_SOME_STUDY = re.compile(
    r"\b(?P<verb>with|who\s+(?:had|have|has)|having|that\s+(?:had|have))\s+(?P<a>(?:an?\s+)?"
    r"[a-z0-9-]+(?:\s+[a-z0-9-]+){0,3}?)\s+"
    + _ANY_STUDY
    + r"\s+and\s+(?:also\s+)?(?P<b>(?:an?\s+)?"
    r"[a-z0-9-]+(?:\s+[a-z0-9-]+){0,3}?)\s+" + _ANY_STUDY + r"(?![\w-])"
)


# "headcount of women across our whole screening cohort": the whole cohort said as a place is
# every patient, as "in the registry" is (part 56, D: "screening cohort" had been read as the
# screening studies, "across", "whole" unread, warned); without "whole / entire" ("women in the
# screening cohort") it may name the screened ones, and is left as it was
_WHOLE_COHORT = re.compile(
    r"\s*\b(?:across|in|of|from|among|within|throughout)\s+(?:(?:our|the|my|this)\s+)?"
    r"(?:whole|entire|full|complete)\s+(?:lung\s+)?(?:(?:cancer\s+)?screening\s+)?"
    r"(?:cohort|population|programme|program|registry|database|dataset)\b"
)


# "patients with at least one study on CT01 and at least one on CT02" (parts 56 to 59, C): a study
# at each, the same study or not, as "a study on CT01 and a study on CT02" reads (the second "at
# least one", its noun left out, had been read as a diameter, warned)
_AT_LEAST_ONE_EACH = re.compile(
    r"\bat\s+least\s+one\s+(?P<n>study|scan|exam|ct|ldct)\s+(?P<p>on|at|in|from)\s+"
    r"(?P<a>[a-z0-9-]+)\s+and\s+at\s+least\s+one\s+(?:(?:study|scan|exam|ct|ldct)\s+)?"
    r"(?P<q>on|at|in|from)\s+(?P<b>[a-z0-9-]+)\b"
)


# "participants whose worst-ever lung-rads is 4a", "enrollees with a mass" (parts 56 to 59, C):
# the people of a screening programme or a trial are its patients (the word had been left
# unread and the studies listed, warned). Not "screenees": they are people screened, a kind of
# study said of them (part 50: "male screenees scanned in their 50s" would lose the screening)
_PARTICIPANTS = re.compile(r"\b(?:participant|enrollee|enrolee)(?P<s>s?)\b")


def plain_forms(text: str) -> str:
    """``text`` with part 35's forms said in the readers' words (see the module's rules)."""
    text = _WHOLE_COHORT.sub("", text)
    text = _HEAD_TO_HEAD.sub("", text)
    text = _PARTICIPANTS.sub(r"patient\g<s>", text)
    text = _AT_LEAST_ONE_EACH.sub(r"a \g<n> \g<p> \g<a> and a \g<n> \g<q> \g<b>", text)
    text = _EACH_ON_SOME_STUDY.sub(r"\g<verb> both \g<a> and \g<b>", text)
    text = _RUN_ON_STATION.sub(lambda m: f"{m.group('noun')} done on ", text)
    text = _SHARE_RUN_ON_STATION.sub(r"\g<share> were done on ", text)
    text = _EITHER_OR.sub("", text)
    text = _HAD_FIRST.sub("patients who had ", text)
    text = _CAME_FOR.sub("had ", text)
    text = _NEVER_UNDERWENT.sub("never had", text)
    text = _ANYONES_STUDY.sub("", text)
    text = _NEVER_A_SINGLE.sub(r"\g<lead>a ", text)
    text = _NONE_OF_WHICH_SHOWED.sub(r"\g<count> and no \g<what> on any of them", text)
    text = _NONE_ON_ANY_OF_THEM.sub(_none_on_any, text)
    text = _WHOSE_SAME_SCAN.sub(r"with \g<what> on the same \g<noun>", text)
    text = _CHANGE_IN_CATEGORY.sub(r"whose lung-rads \g<verb> from the previous study", text)
    text = _MOST_COUNT.sub("have the most ", text)
    text = _EARLIEST_BORN.sub(r"\g<n> oldest \g<who>", text)
    text = _TYPICAL_STUDY_COUNT.sub(_typical_count, text)
    text = _OF_EVERY_KIND.sub(_of_every_kind, text)
    text = _FINDINGS_ACROSS.sub(r"\g<noun> on ", text)
    text = _ONE_AND_THE_NEXT.sub(_one_and_the_next, text)
    text = _FREE_AFTER_VERB.sub(r"had no \g<what>", text)
    text = _REPORT_CALLING.sub(r"\g<report> mentioning", text)
    text = _REPORTS_ON_A_STUDY_WITH_NO.sub(
        r"studies with no \g<what>, report mentions \g<concept>", text
    )
    text = _SAID_GROWTH.sub("", text)
    text = _NUMBERS_IN_BRACKETS.sub("", text)
    text = _EVERY_ONE_HAD_NO.sub(r" and none of their \g<noun> had ", text)
    text = _NO_STUDY_IN_PERIOD.sub(r"\g<j> never a \g<noun> ", text)
    if _SAME_OR_ANOTHER.search(text):
        text = _SAME_OR_ANOTHER.sub(" ", _ON_ONE_OCCASION.sub("", text))
    text = _GROWTH_ONE_TO_NEXT.sub(r"\g<g>", text)
    return _GROWTH_BETWEEN_CONSECUTIVE.sub(r"\g<g>", text)
