"""Part 43's forms of rankings and averages, put in the words the readers read (issue 17,
session 23, share F).

Part 43 (``tests/query/bank_fresh_43.py``) asked for rankings the readers already express in
words they did not know: a count said after the ranking ("least dense nodules by hu, give me 5",
"..., top 3", "...? leaderboard of 3"), a leaderboard ("leaderboard of 6 people ..." is the top
6), patients said by a verb of having ("people carrying the most nodules", "whose lungs hold the
most ggns"), size said as bulk ("the bulkiest", "the chunkiest solid portion": the largest), a
unit naming the field ranked ("measured in mm3": by volume; "by hu" after "least dense", which
names that field already), a reach along an axis ("stretching furthest along the long axis": the
longest long axis); and averages said last ("exams per person across the registry, mean": the
mean number of exams per patient; "back-to-back chest ct spacing per patient, mean in days": the
mean interval between consecutive chest CTs; "what slice of all nodules sits in the lll, %": the
share of nodules in that lobe). Each rule rewrites one such form, keeping its meaning, to the
form the readers read; what the typed query cannot express (a sum of volumes per patient) is
left alone, so that it stays warned. Called by :func:`query.rewrites.clean` on the lower-cased
text, after :func:`query.ranked_forms.ranked_forms`.
"""

from __future__ import annotations

import re

from query import numbers

__all__ = ["leaderboards"]

_N = r"(?:\d+|" + "|".join(sorted(numbers.WORD_NUMBERS, key=len, reverse=True)) + ")"
# a ranking said in the question ("chest" or "interest" is no superlative)
_SUPERLATIVE = (
    r"\b(?:most|least|fewest|top|bottom|largest|biggest|smallest|tiniest|highest|lowest|longest|"
    r"shortest|oldest|eldest|youngest|newest|latest|earliest|densest|greatest|widest|narrowest|"
    r"heaviest|bulkiest|chunkiest|beefiest|hugest|fattest|surest|farthest|furthest)\b"
)
# "..., bottom 6" (part 45, B): the count of a ranking from the low end ("lowest confidence,
# bottom 6" is the 6 lowest); after a ranking from the top it says nothing the readers read
_LOW_END = r"\b(?:least|fewest|lowest|smallest|tiniest|shortest|narrowest)\b"
_PEOPLE = r"(?:people|patients|pts|persons|individuals|subjects|folks)"
_HAVE = (
    r"(?:carrying|carry|holding|hold|harbou?ring|harbou?r|having|who\s+have|that\s+have|who\s+"
    r"carry|who\s+hold|with)"
)

# "leaderboard of 6 people ...", "a leaderboard of the 4 ...": the top N ("leaderboard" had
# been left unread and the number read as an age)
# "leaderboard: 6 patients ..." (parts 60 to 63, B) likewise
_LEADERBOARD = re.compile(
    rf"^(?:(?:a|the)\s+)?leaderboard(?:\s+of|\s*:|\s+-)\s*(?:the\s+)?(?P<n>{_N})\s+"
)
# "least dense nodules by hu, give me 5", "the tiniest ggns? just 4", "whose lungs hold the most
# ggns? leaderboard of 3": the count said after a ranking is that ranking's ("5" had been left
# unread, or read as a diameter); "..., top 3" the readers read already, except after "the most"
# ("patients with the most ggns? top 3" had been two rankings)
_COUNT_LAST = re.compile(
    r"^(?P<body>[a-z][^?:;,]*?)\s*(?:,|;|:|\?|\s-)\s*(?:(?:just|only)\s+)?"
    r"(?:(?:give|show|get|list|pull|fetch)\s+(?:me|us)\s+(?:the\s+)?(?:top\s+)?|(?P<top>top\s+)|"
    r"(?P<bottom>bottom\s+)|"
    r"(?:a\s+|the\s+)?leaderboard\s+of\s+|(?:the\s+)?first\s+|(?:just|only)\s+|"
    rf"(?=(?:{_N})\s+of\s+them\b))"
    rf"(?P<n>{_N})(?:\s+(?:of\s+them|please))?\s*[?.!]*$"
)
# "5 spiculated nodules with the longest long axis", "3 patients with the most scans" (parts 60
# to 63, B): a bare count opening a ranking is the ranking's count ("5" had been read as a count
# of nodules per study, or left unread and the one first shown)
_BARE_COUNT_FIRST = re.compile(
    rf"(?:^|(?<=[,:;]\s)|(?<=\s-\s))(?P<n>{_N})\s+(?P<noun>[a-z][a-z -]{{0,40}}?)\s+"
    r"(?P<with>with|having|showing|that\s+have|"
    r"which\s+have)\s+the\s+(?=(?:most|fewest|largest|biggest|smallest|highest|lowest|longest|"
    r"shortest|greatest|densest)\b)"
)
# "the most nodule findings across all their scans": a patient's count is over all their studies
# already ("across all their scans" had been read as a nodule on every study, silently)
_MOST_ACROSS_ALL = re.compile(
    r"\b(?P<most>the\s+(?:most|fewest)\s+[a-z -]{1,40}?)\s+(?:across|over|in|on|from)\s+(?:all|"
    r"each|every\s+one)\s+(?:of\s+)?(?:their|his|her|the(?:ir)?\s+own)\s+(?:scans|studies|exams|"
    r"imaging(?:\s+studies)?|visits)\b"
)
# "the largest single nodule", "the biggest individual finding": each finding on its own, as
# any ranking of findings is ("single" had been read as exactly one nodule, silently)
_SUPERLATIVE_SINGLE = re.compile(
    r"\b(?P<sup>largest|biggest|smallest|highest|lowest|longest|shortest|greatest|densest)\s+"
    r"(?:single|individual|one)\s+(?=[a-z])"
)
# "people carrying the most nodules", "patients holding the fewest ggns": those with the most
_PEOPLE_HAVING = re.compile(rf"\b(?P<who>{_PEOPLE})\s+{_HAVE}\s+the\s+(?P<sup>most|fewest)\b")
# "whose lungs hold the most ggns": the patients with the most ("lungs" and "hold" unread)
_WHOSE_LUNGS = re.compile(
    r"^(?P<top>(?:top\s+|the\s+)" + _N + r"\s+)?whose\s+(?:lungs?|chests?|scans?)\s+"
    r"(?:hold|holds|have|has|contain|contains|carry|carries|show|shows|harbou?rs?)\s+the\s+"
    r"(?P<sup>most|fewest)\b"
)
# "the bulkiest nodules", "the chunkiest solid portion": the largest (a size, as "biggest")
_BULKIEST = re.compile(r"\b(?:bulkiest|chunkiest|beefiest|hugest|fattest)\b")
# "the 6 bulkiest nodules measured in mm3", "the largest in cubic mm", "biggest by volume in
# mm³": ranked by volume (only in a question that ranks); after the word "volume" itself
# ("the highest volume in mm3") the unit only names the volume's unit, as before
_MEASURED_IN_VOLUME = re.compile(
    r"(?<!volume\s)\b(?:measured\s+(?:in|by)|by|in)\s+(?:volume\s+(?:in\s+)?)?(?:mm3|mm\^3|mm³|cubic\s+mm|"
    r"cubic\s+millimet(?:er|re)s|volume)\b"
)
# "least dense nodules by hu", "the most dense ggns by attenuation": the density ranked already
# names the field ("by hu" had been read as a breakdown by attenuation)
_DENSE_BY_HU = re.compile(
    r"\b(?P<rank>(?:least|most)\s+dense\s+[a-z -]{0,30}?)\s+by\s+(?:(?:the|their|its)\s+)?"
    r"(?:mean\s+)?(?:hu|hounsfield(?:\s+units?)?|attenuation|density)\b"
)
# "stretching furthest along the long axis", "reaching farthest on the short axis": the
# longest long (short) axis
_ALONG_AXIS = re.compile(
    r"\b(?:stretching|extending|reaching|running|measuring|going)\s+(?:the\s+)?(?P<sup>furthest|"
    r"farthest|longest|most|least|shortest)\s+(?:along|on|in)\s+(?:the\s+|their\s+|its\s+)?"
    r"(?P<axis>long|short)[\s-]+axis\b"
)
# "exams per person across the registry, mean", "studies per patient - average": the average
# number of them per patient, said with the statistic last
_STAT_LAST = re.compile(
    r"^(?:the\s+)?(?P<what>studies|exams|examinations|scans|cts|ldcts|chest\s+cts|imaging\s+"
    r"studies)\s+per\s+(?:person|patient|pt|head|individual|subject)(?:\s+(?:across|in|over|for)\s+"
    r"(?:the\s+)?(?:whole\s+|entire\s+)?(?:registry|cohort|database|dataset|population))?\s*"
    r"(?:,|;|:|\s-)\s*(?:on\s+)?(?P<stat>mean|average|avg|median|averaged)"
    # "..., averaged over everyone" (parts 60 to 63, B): over every patient, as the mean is
    r"(?:\s+(?:over|across|for)\s+(?:everyone|everybody|all(?:\s+(?:the\s+)?(?:patients|people))?|"
    r"every\s+(?:patient|person)|the\s+(?:cohort|registry)))?\s*[?.!]*$"
)
# "what slice of all nodules sits in the lll, %", "what portion of the nodules lie in the rml
# (%)": the share of those findings in that lobe
_SLICE_OF = re.compile(
    r"^what\s+(?:slice|portion|part|chunk|piece|fraction|share|proportion|percent(?:age)?)\s+of\s+"
    r"(?:all\s+(?:of\s+)?(?:the\s+|our\s+)?|the\s+|our\s+)?(?P<what>(?:[a-z-]+\s+)?(?:nodules|"
    r"ggns|ggos|psns|masses|lesions|findings))\s+(?:sits?|lies?|are|is|falls?|is\s+located|are\s+"
    r"located)\s+in\s+(?P<where>[a-z ]+?)\s*(?:,\s*|\(\s*)?(?:%|in\s+percent|as\s+a\s+"
    r"percent(?:age)?)\s*\)?\s*[?.!]*$"
)

# "part-solid ones with ...", "the solid ones": nodules of that attenuation (only nodules have
# one; "ones" had been left unread)
_ATTENUATION_ONES = re.compile(
    r"\b(?P<att>part-solid|part\s+solid|subsolid|sub-solid|non-solid|solid|ground-glass|"
    r"ground\s+glass)\s+ones\b"
)

# "back-to-back chest ct spacing per patient, mean in days", "successive ldct gaps - median":
# the statistic of the days between a patient's consecutive studies of that kind, said last
_SPACING_STAT_LAST = re.compile(
    r"^(?:the\s+)?(?:back[\s-]+to[\s-]+back|consecutive|successive|neighbou?ring)\s+"
    r"(?P<kind>(?:[a-z-]+\s+){0,2}?(?:ldct|ct|cta|scan|study|studie|exam|x-?ray|cxr))s?\s+"
    r"(?:spacing|gaps?|intervals?|spacings?)(?:\s+per\s+(?:patient|person|pt))?\s*(?:,|;|:|\s-)\s*"
    r"(?P<stat>mean|average|avg|median)(?P<unit>\s+in\s+(?:days|months|weeks|years))?\s*[?.!]*$"
)


def _spacing_stat_last(m: re.Match[str]) -> str:
    kind = m.group("kind")
    kinds = kind[:-1] + "ies" if kind.endswith("study") else kind + "s"
    return f"{m.group('stat')} interval between consecutive {kinds}{m.group('unit') or ''}"


def _count_last(m: re.Match[str]) -> str:
    body = m.group("body")
    if re.search(_SUPERLATIVE, body) is None or re.match(rf"(?:top\s+|the\s+)?{_N}\b", body):
        return m.group(0)  # no ranking said, or a count said already: left as it was
    if m.group("top") and re.search(r"\bthe\s+(?:most|fewest)\b", body) is None:
        return m.group(0)
    if m.group("bottom") and re.search(_LOW_END, body) is None:
        return m.group(0)  # "bottom N" of a ranking from the top down: left as it was (warned)
    body = re.sub(r"^the\s+", "", body)
    return f"the {m.group('n')} {body}"


def leaderboards(text: str) -> str:
    """The question (lower case, cleaned) with part 43's rankings and averages said in the
    readers' words."""
    text = _LEADERBOARD.sub(r"top \g<n> ", text)
    text = _ATTENUATION_ONES.sub(r"\g<att> nodules", text)
    text = _COUNT_LAST.sub(_count_last, text)
    text = _BARE_COUNT_FIRST.sub(r"the \g<n> \g<noun> \g<with> the ", text)
    text = _MOST_ACROSS_ALL.sub(r"\g<most>", text)
    text = _SUPERLATIVE_SINGLE.sub(r"\g<sup> ", text)
    text = _WHOSE_LUNGS.sub(
        lambda m: f"{m.group('top') or ''}patients with the {m.group('sup')}",
        text,
    )
    text = _PEOPLE_HAVING.sub(r"\g<who> with the \g<sup>", text)
    text = _BULKIEST.sub("largest", text)
    if re.search(_SUPERLATIVE, text):  # a unit said after a ranking names its field
        text = _MEASURED_IN_VOLUME.sub("by volume", text)
    text = _DENSE_BY_HU.sub(r"\g<rank>", text)
    text = _ALONG_AXIS.sub(
        lambda m: (
            f"with the {'shortest' if m.group('sup') in ('least', 'shortest') else 'longest'} "
            f"{m.group('axis')} axis"
        ),
        text,
    )
    text = _SPACING_STAT_LAST.sub(_spacing_stat_last, text)
    text = _STAT_LAST.sub(
        lambda m: f"{m.group('stat').removesuffix('d')} number of {m.group('what')} per patient",
        text,
    )
    return _SLICE_OF.sub(r"what percent of \g<what> are in \g<where>", text)
