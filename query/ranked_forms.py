"""Part 42's forms of rankings, averages and percentages, put in the words the readers read
(issue 17, session 23, share C).

Part 42 (``tests/query/bank_fresh_42.py``) asked for things the readers already express in
words they did not know: "the 4 most elderly patients going by date of birth" (the oldest;
"elderly" had been read as an age of 65 or more), "head CTs on record, pull the 6 with the
latest dates" (the 6 most recent), "findings the detector was surest about" (the most
confident), "8 nodule findings ranked by long axis, longest first" (a number and a direction
said around "ranked by"), "stations ranked by how many studies each did" (a count per
station), "the 5 whose solid part measures the most" (the largest solid component), "how
confident was the model about its pneumothorax calls" (the confidence of those findings), "the
avg size of the solid portion" (the solid component), "if you average over every ldct,
including the ones with none, how many nodules does each show" (nodules per ldct) and "out of
every nodule, what percent sit in the LLL" (the share of nodules in that lobe). Each rule
rewrites one such form, keeping its meaning, to the form the readers read; what the typed query
cannot express is left alone, so that it stays warned (a ranking without a direction, an
average over the studies that excludes those with none). Called by
:func:`query.rewrites.clean` on the lower-cased text, after
:func:`query.counted_forms.counted_forms`.
"""

from __future__ import annotations

import re

from query import numbers

__all__ = ["ranked_forms"]

_N = r"(?:\d+|" + "|".join(sorted(numbers.WORD_NUMBERS, key=len, reverse=True)) + ")"
_STUDY = r"(?:ldct|ct|scan|study|exam|examination|x-?ray|cxr|radiograph|cta|ctpa|angio|angiogram)"
_FINDING = r"(?:nodule|nod|ggn|ggo|psn|mass|lesion|finding|effusion|pneumothorax|consolidation)"
_SHOW = r"(?:give|show|get|list|pull|fetch|find|bring\s+up|return)"

# "the 4 most elderly patients": the oldest ("elderly" alone is still an age of 65 or more)
_MOST_ELDERLY = re.compile(r"\b(?P<sup>most|least)\s+elderly\b")
# "going by date of birth", "judging by their birth dates", "based on dob": the ranking's field
# said with another verb ("going" and "birth" had been left unread)
_GOING_BY = re.compile(
    r"\b(?:going|judging|judged|based|ranked|ordered|sorted)\s+(?:by|on)\s+(?:their\s+|the\s+)?"
    r"(?:(?P<birth>dates?\s+of\s+birth|birth\s*-?\s*dates?|dobs?)|ages?)\b"
)
# "name our 3 ...": "name" asks for the list ("name the 3 ..." is part 36's)
_NAME_OUR = re.compile(r"^(?:please\s+)?name\s+(?=(?:our|all|every)\s)")
# "of the ggns, the 3 with the smallest volume": the findings ranked said first, as "among the
# ggns, ..." reads ("of" had kept the number from the ranking, warned)
_OF_THE_FINDINGS = re.compile(
    r"^(?:of|from)\s+(?:all\s+)?(?:(?:the|our)\s+)?(?=(?:[a-z-]+\s+){0,2}?"
    r"(?:nodule|nod|ggn|ggo|psn|mass|lesion|finding|effusion|pneumothorace|pneumothorax|"
    r"consolidation)(?:s|es)?\s*,\s+the\s+" + _N + r"\b)"
)

# "pull the 6 with the latest dates", "the 3 with the earliest study dates": the N most recent
# (earliest) of the studies said before, as "the 6 latest" reads
_WITH_THE_DATES = re.compile(
    rf"\bthe\s+(?P<n>{_N})\s+with\s+the\s+(?P<sup>latest|most\s+recent|newest|earliest|oldest)\s+"
    r"(?:(?:study|exam|scan|acquisition)\s+)?dates?\b"
)
# "of all the head CTs on record, pull the 6 latest": the studies said first, then the N
# latest of them (as "the 6 latest head cts"); "of all (the)" and "on record / on file" say
# only that every such study is ranked
_STUDIES_THEN_N = re.compile(
    r"^(?:(?:of|from|among)\s+(?:all\s+)?(?:the\s+|our\s+)?)?(?P<noun>[a-z0-9][^:;,]{0,50}?"
    rf"{_STUDY}s)(?:\s+(?:on\s+record|on\s+file|in\s+the\s+system|we\s+have|there\s+are))?"
    rf"\s*(?::|;|,|\s-)\s+(?:{_SHOW}\s+(?:me\s+|us\s+)?)?(?:(?:just|only)\s+)?the\s+(?P<n>{_N})\s+"
    r"(?P<sup>newest|latest|most\s+recent|earliest|least\s+recent)(?:\s+(?:ones?|of\s+them))?"
    r"\s*[?.!]*$"
)

# "findings the detector was surest about", "nodules the model was least certain of": the most
# (least) confident findings ("detector" and "surest" had been left unread, the size ranked)
_SUREST = re.compile(
    r"\b(?:(?:that|which)\s+)?(?:the\s+)?(?:detector|model|ai|algorithm|system|software|cad|"
    r"network)\s+(?:was|is|were|felt|seemed)\s+(?:the\s+)?(?P<sup>surest|most\s+sure|most\s+certain|"
    r"most\s+confident|least\s+sure|least\s+certain|least\s+confident)(?:\s+(?:about|of|in|on|"
    r"with))?\b"
)
# "the 3 pneumothorax calls the software was surest about", "2 ggns the model felt least sure
# of" (parts 60 to 63, B): the count and the findings before the model's certainty are one
# ranking, "the 3 most confident pneumothorax findings" ("calls" and the count had been left
# unread, the one first finding shown, warned)
_N_THE_MODEL_WAS_SUREST = re.compile(
    rf"\b(?:the\s+|top\s+)?(?P<n>{_N})\s+"
    rf"(?P<what>(?:[a-z-]+\s+){{0,2}}?(?:{_FINDING}|ptx))(?:s|es)?"
    r"(?:\s+(?:calls|detections|findings|reads|predictions))?\s+"
    r"(?=(?:(?:that|which)\s+)?(?:the\s+)?(?:detector|model|ai|algorithm|system|software|cad|"
    r"network)\s+(?:was|is|were|felt|seemed)\s+(?:the\s+)?(?:surest|most\s+sure|most\s+certain|"
    r"most\s+confident|least\s+sure|least\s+certain|least\s+confident)\b)"
)

# "the 4 chest radiographs we took most recently", "the 2 head cts done least recently": the
# most recent (earliest) of them ("took", "most" and "recently" had been left unread and the
# count read as a number of studies per patient, warned)
_N_DONE_RECENTLY = re.compile(
    rf"\b(?:the\s+|top\s+)?(?P<n>{_N})\s+(?P<what>(?:[a-z-]+\s+){{0,3}}?{_STUDY})(?P<s>e?s)?\s+"
    r"(?:(?:that|which)\s+)?(?:(?:we|they|you|i)\s+)?(?:(?:have|had|were|was)\s+)?(?:took|taken|"
    r"did|done|performed|acquired|ran|run|scanned|got|obtained)\s+(?P<w>most|least)\s+recently\b"
)


# "8 nodule findings ranked by long axis, longest first": the number before the noun and the
# direction after the field are those of one ranking ("the 8 largest nodule findings by long
# axis"); without a direction it is left as it was (warned)
_LARGEST_FIRST = r"(?:longest|largest|biggest|highest|greatest|most|heaviest|widest)"
_SMALLEST_FIRST = r"(?:shortest|smallest|lowest|least|tiniest|narrowest)"
_N_RANKED_BY = re.compile(
    rf"^(?:(?:{_SHOW}|rank|sort)\s+(?:me\s+)?)?(?P<n>{_N})\s+(?P<noun>[a-z][a-z -]{{0,40}}?)\s+"
    r"(?:ranked|sorted|ordered|listed)\s+by\s+(?:their\s+|the\s+|its\s+)?(?P<field>[a-z][a-z -]"
    rf"{{0,30}}?)\s*(?:,|;|\s-)?\s*(?P<dir>{_LARGEST_FIRST}|{_SMALLEST_FIRST})\s+first\s*[?.!]*$"
)
# "long-axis length", "long axis length": the long axis ("length" had been a second ranking)
_AXIS_LENGTH = re.compile(r"\b(?P<axis>long|short)[\s-]+axis\s+length\b")


def _n_ranked_by(m: re.Match[str]) -> str:
    largest = re.fullmatch(_LARGEST_FIRST, m.group("dir")) is not None
    return (
        f"the {m.group('n')} {'largest' if largest else 'smallest'} {m.group('noun')} by "
        f"{m.group('field')}"
    )


# "stations ranked by how many studies each did", "scanners sorted by the number of exams they
# performed": the number of studies per station (a breakdown, every group with its count)
_GROUPS = {
    "stations": "station",
    "scanners": "station",
    "modalities": "modality",
    "descriptions": "description",
    "body parts": "body part",
}
_GROUPS_RANKED = re.compile(
    r"^(?:(?:the|our|all)\s+)?(?P<group>stations|scanners|modalities|descriptions|body\s+parts)\s+"
    r"(?:ranked|sorted|ordered|listed)\s+by\s+(?:how\s+many|the\s+number\s+of|number\s+of|their\s+"
    r"number\s+of|(?:the\s+)?count\s+of)\s+(?P<what>studies|scans|exams|cts|ldcts|examinations)"
    r"(?:\s+(?:each(?:\s+one)?|they|it)(?:\s+(?:did|does|has|had|have|performed|performs|ran|runs|"
    r"acquired|handled|saw|took|did\s+each))?)?\s*[?.!]*$"
)

# "the 5 whose solid part measures the most", "the 3 with the largest solid portion": the N
# largest (smallest) by that field ("measures" and "most" had been left unread)
_SOLID = r"solid\s+(?:parts?|portions?|components?|cores?)"
_WHOSE_MEASURES = re.compile(
    rf"\bthe\s+(?P<n>{_N})\s+whose\s+(?P<field>{_SOLID}|volume|long\s+axis|short\s+axis|"
    r"diameter|size)\s+(?:measures|measured|is|was)\s+(?:the\s+)?(?P<sup>most|largest|biggest|"
    r"greatest|highest|least|smallest|lowest)\b"
)


def _whose_measures(m: re.Match[str]) -> str:
    field = "solid component" if m.group("field").startswith("solid") else m.group("field")
    most = m.group("sup") in ("most", "largest", "biggest", "greatest", "highest")
    return f"the {m.group('n')} with the {'largest' if most else 'smallest'} {field}"


# "avg size of the solid portion in part-solid nodules", "median solid part of psns": the solid
# component averaged ("portion" had been left unread and the diameter averaged)
_STAT_OF_SOLID = re.compile(
    r"\b(?P<stat>average|avg|mean|median)\s+(?:(?:size|diameter|length|measurement)\s+of\s+)?"
    rf"(?:the\s+|their\s+|its\s+)?{_SOLID}(?:\s+size)?\s+(?P<of>in|of|for|among|across)\b"
)

# "how confident was the model about its pneumothorax calls (on average)": the confidence of
# those findings ("on average" makes it their mean, as "average confidence of ..." reads)
_HOW_CONFIDENT = re.compile(
    r"\b(?P<avg>on\s+average\s*,?\s+)?how\s+(?:confident|sure|certain)\s+(?:was|is|were)\s+"
    r"(?:the\s+)?(?:detector|model|ai|algorithm|system|software|cad|network)\s+"
    r"(?P<avg2>on\s+average\s+)?(?:about|of|in|on|with|regarding)\s+(?:its\s+|the\s+|their\s+)?"
    rf"(?P<what>(?:[a-z-]+\s+){{0,2}}?{_FINDING}(?:s|es)?)\s+(?:calls|detections|findings|reads|"
    r"predictions)\b(?P<avg3>\s*,?\s+on\s+average)?"
)


def _how_confident(m: re.Match[str]) -> str:
    said = "average " if m.group("avg") or m.group("avg2") or m.group("avg3") else ""
    return f"{said}confidence of {m.group('what')} findings"


# "if you average over every ldct, including the ones with none, how many nodules does each
# show": the average number of those findings per such study, studies with none counted as 0
# (as "average number of nodules per ldct" reads); "excluding the ones with none" is left
_AVERAGE_OVER = re.compile(
    r"^(?:if\s+(?:you|we|one)\s+)?(?:average|averaged|averaging)\s+(?:over|across)\s+(?:every|"
    r"all|each)\s+(?:(?:of\s+)?the\s+)?(?P<studies>(?:[a-z0-9-]+\s+){0,3}?"
    rf"{_STUDY})s?\s*,?\s+(?:(?:including|counting)\s+(?:the\s+ones|those|ones|the\s+\w+)\s+"
    r"(?:with|that\s+have|that\s+show|showing)\s+(?:none|zero|no\s+[a-z]+)\s*,?\s+)?how\s+many\s+"
    rf"(?P<what>(?:[a-z-]+\s+)?{_FINDING}(?:s|es))\s+(?:does|do|did|would)\s+(?:each(?:\s+one)?|it|"
    r"they)\s+(?:show|have|contain|get|carry|hold)\b"
)

# "out of every nodule we have, what percent sit in the LLL": the share of those findings in
# that lobe ("what percent of nodules are in the lll"; "out", "every" and "sit" had been left)
_OUT_OF = re.compile(
    r"^(?:out\s+of|of)\s+(?:all\s+(?:of\s+)?(?:the\s+|our\s+)?|every\s+|(?:the|our)\s+)"
    rf"(?P<what>(?:[a-z-]+\s+)?{_FINDING})(?P<plural>s|es)?(?:\s+(?:we\s+have|on\s+record|on\s+file|"
    r"in\s+the\s+cohort|there\s+are))?\s*,?\s+what\s+(?P<share>percent(?:age)?|fraction|"
    r"proportion|share|%)\s+(?:sit|sits|lie|lies|are|is|were|was|are\s+located|were\s+found|fall|"
    r"falls)\s+(?=in\b)"
)


def _out_of(m: re.Match[str]) -> str:
    what = m.group("what")
    plural = what + ("es" if what.endswith(("mass", "thorax")) else "s")
    return f"what {m.group('share')} of {plural} are "


# "6 nodules with the tiniest volumes": "tiniest / littlest" before a measured field is the
# smallest (the field had been left unread and the diameter ranked, warned; parts 48-49, B)
_TINIEST_FIELD = re.compile(
    r"\b(?:tiniest|littlest|teeniest)\s+(?=(?:volumes?|diameters?|sizes?|long\s+ax[ie]s|"
    r"short\s+ax[ie]s|solid\s+(?:parts?|portions?|components?|cores?))\b)"
)
# "top 5 by size of solid component", "ranked by the length of their long axis": the measured
# field said through "size / length of" is that field ("component" had been left unread)
_BY_SIZE_OF = re.compile(
    r"\bby\s+(?:the\s+)?(?:size|measurement|length|extent)\s+of\s+(?:the\s+|their\s+|its\s+)?"
    r"(?=(?:solid\s+(?:parts?|portions?|components?|cores?)|long\s+axis|short\s+axis)\b)"
)
# "which 2 lesions measure the longest along the long axis": the N largest by that axis
# ("along" and "long" had been left unread and the number read as a count per study, warned)
_WHICH_MEASURE_ALONG = re.compile(
    rf"\bwhich\s+(?P<n>{_N})\s+(?P<noun>(?:[a-z-]+\s+){{0,2}}?{_FINDING}(?:s|es)?)\s+"
    r"(?:measure|measured|are|were|run|extend|reach)\s+(?:the\s+)?"
    rf"(?P<sup>{_LARGEST_FIRST}|{_SMALLEST_FIRST})\s+(?:along|on|in|by|across)\s+"
    r"(?:the\s+|their\s+|its\s+)?(?P<field>long\s+axis|short\s+axis|diameter)\b"
)


def _which_measure_along(m: re.Match[str]) -> str:
    largest = re.fullmatch(_LARGEST_FIRST, m.group("sup")) is not None
    return (
        f"the {m.group('n')} {'largest' if largest else 'smallest'} {m.group('noun')} by "
        f"{m.group('field')}"
    )


# "of the solid nodules, which 3 show the highest mean hu": "which N show / have the <highest>
# ..." after the findings said first is "the N with the <highest> ..." (the number had been
# left unread and one finding ranked, warned)
_WHICH_N_SHOW = re.compile(
    rf",\s+which\s+(?P<n>{_N})\s+(?:show|shows|showed|have|has|had|carry|carried|display|"
    rf"record|give)\s+the\s+(?=(?:{_LARGEST_FIRST}|{_SMALLEST_FIRST})\b)"
)
# "of the pts with nodules, the 3 born most recently", "among women who had a cta, the 2
# oldest": the people said first, then the N youngest (oldest) of them, as "the 3 youngest pts
# with nodules" reads (the number had been left unread, warned)
_PEOPLE = r"(?:patients|pts|people|persons|subjects|women|men|females|males)"
_PEOPLE_THEN_N = re.compile(
    rf"^(?:of|from|among)\s+(?:all\s+)?(?:the\s+|our\s+)?(?P<people>{_PEOPLE})"
    r"(?P<rest>\s+(?:with|who|that|having|whose)\s[^,;:]{1,60}?)\s*,\s+"
    rf"(?:{_SHOW}\s+(?:me\s+|us\s+)?)?the\s+(?P<n>{_N})\s+(?P<sup>born\s+(?:most\s+recently|"
    r"latest|last|first|earliest)|youngest|oldest)(?:\s+ones?)?\s*[?.!]*$"
)


def _people_then_n(m: re.Match[str]) -> str:
    sup = m.group("sup")
    young = sup == "youngest" or sup.split()[-1] in ("recently", "latest", "last")
    rank = "youngest" if young else "oldest"
    return f"the {m.group('n')} {rank} {m.group('people')}{m.group('rest')}"


# "first 5 screening cts ever done here": a number after "first" opening the question, before
# a kind of study, is the N earliest such studies ("first" had been left unread and the number
# read as a count per patient, warned); not where the question is per patient ("each
# patient's first 2 scans")
_FIRST_N_STUDIES = re.compile(
    rf"^(?:{_SHOW}\s+(?:me\s+|us\s+)?)?(?:the\s+)?(?:very\s+)?first\s+(?P<n>{_N})\s+"
    rf"(?=(?:[a-z0-9-]+\s+){{0,3}}?{_STUDY}s\b)"
)
_PER_PATIENT = re.compile(r"\b(?:each|every|per|their|whose|his|her|patients?|pts?)\b")


def _first_n_studies(text: str) -> str:
    if _PER_PATIENT.search(text):
        return text
    return _FIRST_N_STUDIES.sub(r"the \g<n> earliest ", text)


def ranked_forms(text: str) -> str:
    """The question (lower case, cleaned) with part 42's rankings, averages and shares said
    in the readers' words."""
    text = _MOST_ELDERLY.sub(
        lambda m: "oldest" if m.group("sup") == "most" else "youngest",
        text,
    )
    text = _GOING_BY.sub(lambda m: "by date of birth" if m.group("birth") else "by age", text)
    text = _NAME_OUR.sub("list ", text)
    text = _TINIEST_FIELD.sub("smallest ", text)
    text = _BY_SIZE_OF.sub("by ", text)
    text = _WHICH_MEASURE_ALONG.sub(_which_measure_along, text)
    text = _WHICH_N_SHOW.sub(r", the \g<n> with the ", text)
    text = _PEOPLE_THEN_N.sub(_people_then_n, text)
    text = _first_n_studies(text)
    text = _OF_THE_FINDINGS.sub("among the ", text)
    text = _WITH_THE_DATES.sub(r"the \g<n> \g<sup>", text)
    text = _STUDIES_THEN_N.sub(r"the \g<n> \g<sup> \g<noun>", text)
    text = _N_DONE_RECENTLY.sub(
        lambda m: (
            f"the {m.group('n')} {'most recent' if m.group('w') == 'most' else 'earliest'} "
            f"{m.group('what')}{m.group('s') or ''}"
        ),
        text,
    )
    said = _N_THE_MODEL_WAS_SUREST.search(text)
    if said is not None:  # "the 3 ptx calls the model was surest about": one ranking
        ranked = _SUREST.search(text, said.end())
        if ranked is not None and ranked.end() == len(text.rstrip(" ?.!")):
            sup = "least" if ranked.group("sup").startswith("least") else "most"
            text = (
                text[: said.start()]
                + f"the {said.group('n')} {sup} confident {said.group('what')} findings"
                + text[ranked.end() :]
            )
    text = _SUREST.sub(
        lambda m: "least confident" if m.group("sup").startswith("least") else "most confident",
        text,
    )
    text = _AXIS_LENGTH.sub(r"\g<axis> axis", text)
    text = _N_RANKED_BY.sub(_n_ranked_by, text)
    text = _GROUPS_RANKED.sub(
        lambda m: f"number of {m.group('what')} per {_GROUPS[' '.join(m.group('group').split())]}",
        text,
    )
    text = _WHOSE_MEASURES.sub(_whose_measures, text)
    text = _STAT_OF_SOLID.sub(r"\g<stat> solid component \g<of>", text)
    text = _HOW_CONFIDENT.sub(_how_confident, text)
    text = _AVERAGE_OVER.sub(r"average number of \g<what> per \g<studies>", text)
    return _OUT_OF.sub(_out_of, text)
