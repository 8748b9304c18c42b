"""Part 40's forms of counts, Lung-RADS over time, reports, growth and lobes, put in the words
the readers read (issue 17, session 22, share K).

Part 40 (``tests/query/bank_fresh_40.py``) said things the readers already express in words
they did not know: "the nodule tally reaches five or higher" (a number of nodules on a study,
read as a 5 mm diameter), "nodules counted on one single ct exam", "one tracked nodule shows
up on four-plus separate scans", "topping out at category 3 as their all-time max lung-rads",
"reached 4a at some time yet never 4b", "ldcts, every one of them lung-rads 1", "upgraded lr2
-> lr3 between consecutive exams", "states emphysema is absent", "unchanged-size nodules", "a
nodule in the RUL and another in the LLL", "lesion (nodule or mass)". Each rule rewrites one
such form, keeping its meaning, to the form the readers read; what the typed query cannot
express is left alone, so that it stays warned. Called by :func:`query.rewrites.clean` on the
lower-cased text, after :func:`query.plain_forms.plain_forms`.
"""

from __future__ import annotations

import re

__all__ = ["counted_forms"]

_N = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_FINDING = r"(?:nodule|ggn|ggo|psn|mass|lesion|finding)"
_STUDIES = r"(?:ldcts|cts|scans|studies|exams|examinations|x-?rays|cxrs|radiographs)"
_STUDY = r"(?:ldct|ct|scan|study|exam|examination|x-?ray|cxr|radiograph)"

# "four-plus scans", "5-plus nodules": the number or more (the "-plus" had been left unread)
_N_PLUS = re.compile(rf"\b(?P<n>{_N})-plus\b")

# "exams where the nodule tally reaches five or higher", "studies whose nodule count hits 5+",
# "scans with a nodule total of at least 5": a number of those findings on the study, as "with
# 5 or more nodules" reads (the bound had been read as a diameter in mm, warned)
_MORE = r"or\s+(?:more|higher|greater|above|over|up)"
_FEWER = r"or\s+(?:fewer|less|lower|below|under)"
# "the nodule tally on that one exam is more than 4", "the nodule count per scan": the study
# the tally is of, said again (part 42, A: "one exam" had been read as the patient's only study)
_ON_THAT = (
    r"(?:(?:on|in|per|for|of)\s+(?:(?:that|the|this|each|a|one|its)\s+)?(?:(?:one|single|same|"
    rf"given)\s+)?{_STUDY}\s+)?"
)
_TALLY = re.compile(
    r"\b(?:(?:where|in\s+which)\s+(?:the|their|its)|whose|with\s+(?:a|the|their|its))\s+"
    # "where the solid nodule count is exactly two" (parts 56 to 59, C): a feature or lobe of the
    # findings said before them is theirs (it had been left out of the count, warned)
    r"(?P<feat>(?:(?:solid|part-solid|ground-glass|subsolid|calcified|non-calcified|spiculated|"
    r"smooth|lobulated|rul|rml|rll|lul|lll)\s+){0,2})"
    rf"(?P<what>{_FINDING})s?\s+(?:tally|count|total|number|counts|tallies|totals)\s+{_ON_THAT}"
    r"(?:(?:reaches|reached|hits|hit|is|was|of|equals|equalled|totals|totalled|"
    r"comes\s+to|came\s+to|amounts\s+to|stands\s+at|at|gets\s+to|got\s+to)\s+)?"
    r"(?P<bound>(?:at\s+least|more\s+than|greater\s+than|over|above|fewer\s+than|less\s+than|"
    r"under|below|at\s+most|exactly)\s+)?"
    rf"(?P<n>{_N})(?P<post>\s*\+|\s+{_MORE}|\s+{_FEWER})?(?!\w)"
)
_TALLY_OF = re.compile(
    r"\b(?:(?:where|in\s+which)\s+(?:the|their|its)|whose|with\s+(?:a|the|their|its))\s+"
    rf"(?:tally|count|total|number)\s+of\s+(?P<what>{_FINDING})s?\s+{_ON_THAT}"
    r"(?:(?:reaches|reached|hits|hit|is|was|equals|equalled|totals|totalled|comes\s+to|came\s+to|"
    r"amounts\s+to|stands\s+at|gets\s+to|got\s+to)\s+)"
    r"(?P<bound>(?:at\s+least|more\s+than|greater\s+than|over|above|fewer\s+than|less\s+than|"
    r"under|below|at\s+most|exactly)\s+)?"
    rf"(?P<n>{_N})(?P<post>\s*\+|\s+{_MORE}|\s+{_FEWER})?(?!\w)"
)

# "over 6 nodules counted on one single ct exam": the findings are counted on one study of the
# kind ("counted" had been left unread and "one single ct exam" read as the patient's only CT);
# "5+ findings were recorded on that one exam" too (parts 52 to 55, D)
_COUNTED_ON = re.compile(
    rf"\b(?P<what>{_FINDING}s)\s+(?:(?:were|was|are|is|have\s+been|had\s+been|got)\s+)?"
    r"(?:counted|seen|found|detected|identified|present|reported|noted|recorded|logged|"
    r"documented|flagged)\s+(?P<on>on|in)\s+(?:one\s+single|one\s+and\s+the\s+same|a\s+single|"
    r"that\s+one|that\s+single|this\s+one|this\s+single|one|the\s+same)"
    rf"\s+(?P<kind>(?:(?:chest|screening|low[- ]dose)\s+)?(?:ct|ldct)\s+)?(?P<noun>{_STUDY})\b"
)
_ON_ONE_SINGLE = re.compile(
    rf"\b(?P<what>{_FINDING}s\s+(?:on|in))\s+one\s+single\s+(?P<kind>(?:ct|ldct)\s+)?"
    rf"(?P<noun>{_STUDY})\b"
)

# "one tracked nodule shows up on four-plus separate scans", "whose single tracked nodule spans
# 4 or more distinct exams", "a followed nodule appears on 3+ studies": the same nodule (track)
# seen on that many studies, as "a nodule seen on 4 or more scans" reads
_TRACKED_ON = re.compile(
    r"\b(?:in\s+whom\s+|whose\s+|with\s+|where\s+|in\s+which\s+)?(?:(?:a|one|the|their|his|her|any|a\s+single|single|"
    r"one\s+single|one\s+and\s+the\s+same)\s+)?(?:(?:tracked|followed|monitored|same)\s+)+(?P<what>nodule|ggn|mass|lesion)"
    r"\s+(?:(?:that|which)\s+)?(?:(?:(?:shows|showed|show)\s+up|turns\s+up|turned\s+up|"
    r"appears|appeared|is\s+seen|was\s+seen|is\s+present|was\s+present|is\s+visible|"
    r"was\s+visible|recurs|features|is\s+followed|was\s+followed|is\s+tracked|was\s+tracked)"
    r"\s+(?P<on>on|across|over|in)|spans|spanned|spanning)\s+"
)

# "topping out at category 3 as their all-time max lung-rads", "peaking at lr 4a", "maxed out
# at lung-rads 2": the patient's highest category over all studies, as "whose highest
# lung-rads is 3" reads ("all-time" and "as their max lung-rads" restate it)
_LR = r"(?:lung[- ]?rads|lr|category|cat)"
_TOPPING_OUT = re.compile(
    r"\b(?:(?:who|that|which)\s+(?:are|were|is|was)\s+)?(?:topping\s+out|topped\s+out|tops\s+out|"
    r"top\s+out|peaking|peaked|peaks|maxing\s+out|maxed\s+out|maxes\s+out|max\s+out)\s+at\s+"
    rf"(?:{_LR}\s*)?(?P<cat>[1-4][abx]?|4\s*[abx])\b(?:\s+on\s+(?:the\s+)?(?:{_LR})\b)?"
    rf"(?:\s*,?\s*(?:as|for)\s+(?:their|his|her|the|its)\s+(?:(?:all[- ]time|overall|lifetime|ever)"
    rf"\s+)?(?:max|maximum|peak|highest|worst|top)(?:\s+(?:{_LR}|grade|score))*)?"
)
# said of the category itself ("whose lung-rads peaked at 4a") it is read where it was
_LR_BEFORE = re.compile(
    rf"\b(?:{_LR})(?:\s+(?:category|score|grade))?(?:\s+(?:has|had|have|ever))*\s*$"
)
_ALL_TIME = re.compile(
    r"\b(?:all[- ]time|lifetime|overall)\s+(?=(?:max|maximum|peak|highest|worst|top)\s+"
    rf"(?:{_LR}|grade|score)\b)"
)

# "pts that reached 4a at some time yet never 4b or 4x": had 4A on some study but never 4B or
# 4X ("reached", "at some time" and "yet" had been left unread)
_REACHED = re.compile(
    r"\b(?:reached|reaches|hit|hits|attained|got\s+to|rose\s+to|scored)\s+"
    rf"(?=(?:(?:a|an)\s+)?(?:{_LR}\s*)?(?:[1-4][abx]?|4\s*[abx])\b)"
)
_AT_SOME_TIME = re.compile(
    r"\s+(?:at\s+(?:some|any|one)\s+(?:time|point|stage)|at\s+one\s+time|ever)\b(?=[\s,]+"
    r"(?:yet|but|and|though|while)\s+never\b)"
)
# "scans showing only one nodule, and it is spiculated", "exactly one nodule, which is solid"
# ("it's" is normalised to "it"):
# the study's one nodule has the property, so the study has exactly one nodule and a nodule with
# it, as "exactly one nodule and a spiculated nodule" reads (the property had been put on the
# counted nodules: a study with one spiculated nodule among others was answered, silently)
_PROPERTY = (
    r"(?:solid|part-?solid|sub-?solid|semi-?solid|ground-?glass|spiculated|smooth|lobulated|"
    r"irregular|calcified|non-?calcified|uncalcified)"
)
_SOLE_ONE_IS = re.compile(
    r"\b(?:only|just|exactly|a\s+single|one\s+single|a\s+sole)\s+(?:one\s+)?"
    rf"(?P<noun>{_FINDING})(?:\s+only)?,?\s+(?:and\s+(?:it|that|this)(?:\s+(?:is|was|being))?|"
    rf"(?:which|that)\s+(?:is|was|being))\s+(?P<adj>{_PROPERTY})(?=\s*(?:$|[,.;:?!)-]))"
)


_YET_NEVER = re.compile(r"[\s,]+(?:yet|though|while|although)\s+never\b")
_THEN_NEVER = re.compile(r"[\s,]+(?:yet|but|though|while|although)\s+never\b")

# "patients who had ldcts, every one of them lung-rads 1", "pts with ldcts all of which were
# lr 2": every study of that kind in the category, as "whose ldcts were all lung-rads 1" reads
# (the "every one of them" had been left unread and the category put on any study; "all of
# which" silently so)
_EVERY_ONE_OF_THEM = re.compile(
    r"\b(?:who\s+(?:had|have|has|underwent|got)|with|having)\s+"
    rf"(?P<noun>(?:(?:chest|head|brain|screening|low[- ]dose)\s+)?{_STUDIES}),?\s+"
    r"(?:(?:every|each)(?:\s+single)?\s+one\s+of\s+(?:them|which|those)|all\s+of\s+(?:them|which|"
    r"those)|each\s+of\s+(?:them|which|those)|every\s+single\s+one|each\s+one|all|every\s+one)\s+"
    r"(?:(?:being|was|were|is|are|graded|rated|scored|categorised|categorized|read\s+as|at)\s+)*"
    rf"(?P<cat>(?:{_LR}\s*)(?:[1-4][abx]?|4\s*[abx]))\b"
)

# "upgraded lr2 -> lr3", "went lr 2 to lr 3", "moved from 2 => 3": the change from one category to
# another, as "upgraded from lr2 to lr3" reads (the arrow had been left unread and both categories
# put on one study, which none has: warned); "between (on, across) consecutive exams" says the
# change is from the previous study, which the change is
_CAT = rf"(?:{_LR}\s*)?(?:[1-4][abx]?|4\s*[abx])"
_CHANGE_ARROW = re.compile(
    r"\b(?P<verb>upgraded|downgraded|went|moved|progressed|changed|shifted|jumped|climbed|"
    r"dropped|fell|rose|regressed)\s+(?:from\s+)?"
    rf"(?P<a>{_CAT})(?:\s*(?:->|-->|→|=>|>|to)\s*|\s+)(?P<b>{_CAT})\b"
)
_CONSECUTIVE = re.compile(
    rf"\s+(?:between|on|across|over|in)\s+(?:two\s+|2\s+)?(?:consecutive|successive|back-to-back|"
    rf"sequential)\s+(?:graded\s+)?{_STUDIES}\b"
)
# "lr grade rose above the grade of that pt's preceding graded exam": higher than on the
# patient's previous study with a category, as "whose lung-rads went up from the previous
# study" reads
_ROSE_ABOVE = re.compile(
    rf"\b(?:{_LR})\s+(?:grade|category|score)?\s*(?P<verb>rose|went\s+up|increased|climbed|"
    r"fell|dropped|went\s+down|decreased)\s+(?:above|over|beyond|below|under)\s+(?:the\s+"
    r"(?:grade|category|score|one)\s+(?:of|on|at|from)\s+|that\s+of\s+)?(?:that|the|their|his|"
    r"her|its|this)(?:\s+(?:pt|patient|person)(?:'?s)?)?\s+(?:preceding|previous|prior|last|"
    r"earlier)\s+"
    rf"(?:graded\s+|categori[sz]ed\s+|scored\s+)?{_STUDY}\b"
)
# "upgrades: exams whose lung-rads went up ...": the heading names the change said after it (it
# had been read as a second change, warned); "screening upgrades: any exam whose ...": the
# words before the heading name its topic, and "any (every) exam" after it says which studies
# (the blind part's reading: any study); with a kind word and no "any" the heading is kept,
# warned (which studies is not said plainly)
_UPGRADES_HEADING = re.compile(
    r"(?:^|(?<=[,;.]\s))(?:(?:[a-z-]+\s+){0,2}(?:up|down)grades\s*[:-]\s*"
    rf"(?=(?:any|every|all)\s+(?:{_STUDY}|{_STUDIES})\b)|(?:up|down)grades\s*[:-]\s*)"
)
_SAID_CHANGE = re.compile(
    r"\b(?:went\s+(?:up|down)|rose|increased|fell|dropped|decreased)\s+(?:from|vs\.?|versus|"
    r"compared\s+(?:with|to)|since)\s+(?:the\s+|their\s+)?(?:previous|prior|preceding|last)\b"
)
_UP_WORDS = frozenset({"rose", "went up", "increased", "climbed"})

# "report text states emphysema is absent", "reports stating effusion is not present": a
# negated mention, as "says no emphysema" reads ("absent" had been read as an affirmed mention)
_STATES_ABSENT = re.compile(
    r"\b(?P<verb>states?|stating|stated|says|saying|said|notes?|noting|noted|documents?|"
    r"documenting|documented|reports?|reporting|reported|indicates?|indicating)\s+(?:that\s+)?"
    r"(?:there\s+is\s+)?(?!(?:states?|stating|says|saying|notes?|noting|reports?|that|which|who|"
    r"it|this|they)\b)"
    r"(?P<what>[a-z-]+(?:\s+[a-z-]+)?)\s+(?:is|was|are|were)\s+"
    r"(?:absent|not\s+present|not\s+seen|not\s+identified|negative)\b(?!\s+for\b)"
    # "(says no emphysema)" after it restates it
    r"(?:\s*\(\s*(?:i\.?e\.?,?\s*)?(?:(?:says|saying|states|stating|reads|reading)\s+)?"
    r"no\s+(?P=what)\s*\))?"
)
_SAYING = {
    "stating": "saying",
    "noting": "saying",
    "documenting": "saying",
    "reporting": "saying",
    "indicating": "saying",
    "saying": "saying",
}

# "unchanged-size nodules", "size-stable nodules", "stable in size": a stable nodule (the
# compound had been left unread, warned)
_STABLE_SIZE = re.compile(
    r"\b(?:(?:unchanged|stable|steady|constant)[- ]size[ds]?|size[- ](?:stable|unchanged)|"
    r"same[- ]size[ds]?)\b"
)

# "a nodule in the RUL and another in the LLL", "one nodule in the rul and one in the lll": two
# findings of the kind, one in each lobe, as "a nodule in the rul and a nodule in the lll"
# reads ("and another" had been left unread and the lobes joined with "or"; "one" read as
# exactly one nodule on the study, silently)
# "one nodule sat in the lll and a second one in the rul": a verb of place before each lobe says
# nothing more (parts 52 to 55, D: "sat" and "second" had been left unread, warned)
_SAT = (
    r"(?:(?:sat|sits|sitting|lay|lies|lying|was|is|located|situated|seen|found|present)"
    r"\s+)?"
)
_AND_ANOTHER = re.compile(
    rf"\b(?:a|an|one)\s+(?P<what>(?:[a-z-]+\s+)?{_FINDING})\s+{_SAT}(?P<in>in|within|at|of)\s+"
    r"(?P<first>(?:the\s+)?[a-z-]+(?:\s+[a-z-]+){0,2}?)\s+(?:and|plus|as\s+well\s+as)\s+"
    r"(?:another|a\s+second|one\s+more|another\s+one|a\s+second\s+one|one|a\s+further\s+one)"
    rf"\s+{_SAT}(?P<in2>in|within|at|of)\s+"
)

# "nodules in both the rul and the lll", "nodules in each of the rul and lll", "nodules in the
# rul, rml and rll (all three right lobes on one scan)": a finding of the kind in each lobe
# named, on the same study, as "a nodule in the rul and a nodule in the lll" reads (without
# "both / each / all" a list of lobes joined by "and" is read as before: either lobe)
_LOBE = (
    r"(?:rul|rml|rll|lul|lll|lingula|(?:right|left)\s+(?:upper|middle|lower)(?:\s+lobe)?|"
    r"(?:right|left)\s+(?:upper|middle|lower))"
)
_EACH_LOBE = re.compile(
    rf"\b(?P<what>{_FINDING})s\s+(?P<in>in|within)\s+(?P<each>both|each\s+of|all\s+of|all\s+three"
    r"\s+of)?\s*(?:the\s+)?"
    rf"(?P<lobes>{_LOBE}(?:\s*,\s*(?:the\s+)?{_LOBE})*\s*,?\s+and\s+(?:the\s+)?{_LOBE})"
    r"(?P<bracket>\s*\(\s*(?:all|both|each)\b[^()]*\))?"
)
_LOBE_SPLIT = re.compile(r"\s*,?\s+and\s+|\s*,\s*")


def _each_lobe(m: re.Match[str]) -> str:
    if not (m.group("each") or m.group("bracket")):
        return m.group(0)
    lobes = [re.sub(r"^the\s+", "", x) for x in _LOBE_SPLIT.split(m.group("lobes"))]
    what, place = m.group("what"), m.group("in")
    return " and ".join(f"a {what} {place} the {lobe}" for lobe in lobes)


# "lesion (nodule or mass)": the bracket restates what a lesion is; dropped (it had been left
# unread, and the finding's conditions split in two around it)
_LESION_BRACKET = re.compile(
    r"\b(?P<lesion>lesions?)\s*\(\s*(?:(?:a|either)\s+)?(?:nodules?\s+or\s+(?:a\s+)?mass(?:es)?|"
    r"mass(?:es)?\s+or\s+(?:a\s+)?nodules?)\s*\)"
)


_REACH_VERB = re.compile(r"\b(?:reach(?:es|ed)?|hits?|gets\s+to|got\s+to)\s")


def _tally(m: re.Match[str]) -> str:
    post = (m.group("post") or "").strip()
    bound = (m.group("bound") or "").strip()
    if post == "+" or post.split()[-1:] in (
        ["more"],
        ["higher"],
        ["greater"],
        ["above"],
        ["over"],
        ["up"],
    ):
        said = f"{m.group('n')} or more"
    elif post:
        said = f"{m.group('n')} or fewer"
    elif bound:
        said = f"{bound} {m.group('n')}"
    elif _REACH_VERB.search(m.group(0)):  # "reaches 6": 6 or more
        said = f"{m.group('n')} or more"
    else:
        said = f"exactly {m.group('n')}"
    return f"with {said} {m.groupdict().get('feat') or ''}{m.group('what')}s"


def _counted_on(m: re.Match[str]) -> str:
    kind = m.group("kind") or ""
    return f"{m.group('what')} {m.group('on')} one {kind}{m.group('noun')}"


def _topping_out(m: re.Match[str]) -> str:
    if _LR_BEFORE.search(m.string, 0, m.start()):
        return m.group(0)
    return f"with a highest lung-rads of {m.group('cat')}"


def _every_one(m: re.Match[str]) -> str:
    return f"whose {m.group('noun')} were all {m.group('cat')}"


def _change_arrow(m: re.Match[str]) -> str:
    return f"{m.group('verb')} from {m.group('a')} to {m.group('b')}"


def _rose_above(m: re.Match[str]) -> str:
    up = re.sub(r"\s+", " ", m.group("verb")) in _UP_WORDS
    return f"lung-rads went {'up' if up else 'down'} from the previous study"


def _states_absent(m: re.Match[str]) -> str:
    verb = m.group("verb")
    return f"{_SAYING.get(verb, 'says')} no {m.group('what')}"


# "patients who had one exam with a lul nodule plus a rll nodule": one study having both (the
# pair joined on one study), as "had an exam with ..." reads ("one exam" had been read as the
# patient's only study, warned; parts 52 to 55, D). Without a joined pair "one exam" is left as
# it was read.
_ONE_STUDY_WITH_PAIR = re.compile(
    rf"\b(?P<verb>had|have|has|with|having|got)\s+(?:one|a\s+single)\s+(?P<noun>{_STUDY})\s+"
    r"(?P<with>with|showing|where|in\s+which|on\s+which)\s+(?=[^,.;:?!]*?\b(?:plus|as\s+well\s+as|"
    r"together\s+with|along\s+with|and\s+(?:also\s+)?(?:a|an))\s)"
)


def _and_another(m: re.Match[str]) -> str:
    what = m.group("what")
    return f"a {what} {m.group('in')} {m.group('first')} and a {what} {m.group('in2')} "


# Part 42 (A): "people who have needed a head ct on at least two occasions", "pts who went
# through the ct02 scanner on four or more separate occasions", "patients scanned on 3 or more
# different occasions": so many studies of that kind (or at that station) per patient, as "with
# at least two head cts" (the number had been read as a diameter in mm, warned). What is had
# must be a kind of study (a noun of one) or a station's scanner; anything else is left alone.
_OCCASION_BOUND = (
    r"(?P<bound>(?:at\s+least|more\s+than|over|exactly|no\s+fewer\s+than|fewer\s+than|at\s+most)\s+)?"
    rf"(?P<n>{_N})(?P<more>\s+(?:{_MORE}|{_FEWER}))?"
)
_ON_OCCASIONS = re.compile(
    r"\b(?:(?:who|that)\s+)?(?:(?:have|has|had|were|was|are|is)\s+)?(?:(?:needed|need|had|got|gotten|undergone|"
    r"underwent|received|gone\s+through|went\s+through|been\s+through|passed\s+through)\s+"
    rf"(?P<what>(?:(?:a|an|the|one)\s+)?(?:[a-z][a-z0-9-]*\s+){{0,3}}?{_STUDY}|(?:the\s+)?"
    r"(?P<station>[a-z]{2}\d{2})\s+(?:scanner|machine|station|unit))|(?:been\s+)?"
    r"(?P<scanned>scanned|imaged|studied|(?:come|came|gone|went|passed)\s+(?:through|in\s+for)\s+"
    r"(?:imaging|radiology|the\s+scanner))(?:\s+(?:at|on)\s+(?:the\s+)?(?P<at>[a-z]{2}\d{2})"
    r"(?:\s+(?:scanner|machine|station|unit))?)?)"
    rf"\s+on\s+{_OCCASION_BOUND}\s+(?:separate\s+|different\s+|distinct\s+)?occasions\b"
)
# "people scanned with a chest ct three-plus times", "pts who had a head ct at least 2 times",
# "imaged on a ct twice": the kind of study had that many times is that many studies of the kind
# ("with 3 or more chest cts"; the number had been read as a diameter in mm and "times" left
# unread, warned; part 48)
_KIND_TIMES = re.compile(
    r"\b(?P<verb>(?:scanned|imaged|studied|examined)\s+(?:with|on|by|using)|had|got|"
    r"underwent|received)\s+(?:a|an|one)\s+(?P<what>(?:[a-z][a-z0-9-]*\s+){0,3}?"
    rf"{_STUDY})\s+(?:{_OCCASION_BOUND}\s+times|(?P<twice>twice))\b"
)


def _kind_times(m: re.Match[str]) -> str:
    count = (
        "2"
        if m.group("twice")
        else f"{m.group('bound') or ''}{m.group('n')}{m.group('more') or ''}"
    )
    what = m.group("what")
    plural = f"{what[:-1]}ies" if what.endswith("study") else f"{what}s"
    verb = m.group("verb").split()[0]
    return f"{verb} with {count} {plural}" if verb in _SCANNED else f"{verb} {count} {plural}"


_SCANNED = frozenset({"scanned", "imaged", "studied", "examined"})
# "exams with one ground-glass nod, exactly one, no more", "scans with 2 masses (only 2)",
# "studies with three nodules, and no more": the number restated, which says it is exact (part
# 42, A: "exactly one" had been read as a 1 mm diameter, "no more" left unread, warned)
_NO_MORE = r"(?:and\s+)?(?:no|not\s+any)\s+more(?:\s*,?\s*(?:and\s+)?no\s+(?:less|fewer))?"
_RESTATED_COUNT = re.compile(
    rf"\b(?P<head>with|having|w)\s+(?P<n>{_N})\s+(?P<what>(?:[a-z-]+\s+){{0,3}}?"
    rf"(?:{_FINDING}|nod)s?)(?:\s*,\s*|\s*\(\s*)(?:(?:(?:exactly|only|just)\s+(?P=n)\b"
    rf"(?:\s*,?\s*{_NO_MORE})?)|{_NO_MORE})\s*\)?"
)
_ARTICLE = re.compile(r"^(?:a|an|the|one)\s+")


# Parts 52 to 55 (D): a number of studies said without the studies' word. "imaged 4 or more
# times" / "scanned at least 3 times" is that many studies ("times" had been left unread; "for
# or more times" is "four": the number word mistyped before "or more times"); "three low dose ct
# or more" puts the "or more" after the kind ("more" had been left unread and the count read as
# exact); "two of their scans" is two scans; "plain (chest) films / radiographs" are chest
# radiographs, and a bracket restating the kind ("(xr chest)", "(cxr)") says nothing more ("plain"
# and "films" had been left unread and the number read as a diameter in mm, warned); "ct angio"
# is a CT angiogram (the count had been put on every CT and "angio" on any study, silently); "came
# back for a second (or third) head ct" is two or more of that kind.
_TIMES = re.compile(
    r"\b(?:(?:been|was|were|got|get|being)\s+)?(?:scanned|imaged|studied|examined)\s+"
    rf"{_OCCASION_BOUND}\s+(?:separate\s+|different\s+)?times\b"
)
_FOR_OR_MORE = re.compile(r"\bfor\s+(?=or\s+(?:more|fewer)\s+(?:times|occasions)\b)")
_KIND = (
    r"(?:(?!(?:mm|cm|millimet|centimet|years?|yrs?|hu|ml|cc|days?|months?|weeks?)\b)"
    rf"[a-z][a-z0-9-]*\s+){{0,3}}?(?:{_STUDY}|{_STUDIES})"
)
_KIND_OR_MORE = re.compile(
    r"\b(?<!exactly\s)(?<!category\s)(?<!lung-rads\s)(?<!lr\s)(?<!grade\s)"
    rf"(?P<n>{_N})\s+(?P<what>{_KIND})\s+(?P<more>{_MORE}|{_FEWER})\b"
)
_OF_THEIR = re.compile(
    # "not one of their chest cts", "none ... not one of them": a negation, never a count
    r"\b(?<!every\s)(?<!each\s)(?<!single\s)(?<!any\s)(?<!not\s)(?<!no\s)"
    rf"(?P<count>{_N}(?:\s+{_MORE}|\s+{_FEWER})?)\s+of\s+(?:their|his|her|the\s+patient'?s)\s+"
    rf"(?=(?:[a-z-]+\s+){{0,2}}?{_STUDIES}\b)"
)
_PLAIN = re.compile(r"\bplain\s+(?=(?:chest\s+)?(?:films?|radio[a-z]*|x-?rays?|xrs?|cxrs?)\b)")
_FILM = re.compile(r"\b(?P<chest>chest\s+)?film(?P<s>s?)\b")
_KIND_BRACKET = re.compile(
    r"(?<=radiograph)(?P<s>s?)\s*\(\s*(?:(?:xr|dx|cxr|x-?ray)(?:\s+chest)?|chest\s+(?:xr|dx|x-?ray))"
    r"\s*\)"
)
_CT_ANGIO = re.compile(r"\bct\s+angio(?P<s>s?)\b(?!\s+chest)")
_A_SECOND = re.compile(
    r"\b(?:(?:came|come|comes|coming)\s+back\s+for|returned\s+for|return\s+for|had|got|"
    r"needed|underwent|received)\s+a\s+(?:second|2nd)(?:\s*\(\s*(?:or\s+(?:a\s+)?)?(?:third|3rd)"
    rf"[^)]*\))?\s+(?P<what>(?:[a-z][a-z0-9-]*\s+){{0,3}}?{_STUDY})\b"
)


def _said_counts(text: str) -> str:
    """The counts of studies of parts 52 to 55 (D) said in the readers' words."""
    text = _FOR_OR_MORE.sub("four ", text)
    text = _TIMES.sub(
        lambda m: f"with {m.group('bound') or ''}{m.group('n')}{m.group('more') or ''} studies",
        text,
    )
    text = _PLAIN.sub("", text)
    text = _FILM.sub(lambda m: f"{m.group('chest') or ''}radiograph{m.group('s')}", text)
    text = _KIND_BRACKET.sub(lambda m: m.group("s"), text)
    text = _CT_ANGIO.sub(lambda m: f"ct angiogram{m.group('s')}", text)
    text = _A_SECOND.sub(lambda m: f"with 2 or more {_plural(m.group('what'))}", text)
    text = _OF_THEIR.sub(r"\g<count> ", text)
    return _KIND_OR_MORE.sub(r"\g<n> \g<more> \g<what>", text)


def _plural(what: str) -> str:
    return f"{what[:-1]}ies" if what.endswith("study") else f"{what}s"


def _on_occasions(m: re.Match[str]) -> str:
    count = f"{m.group('bound') or ''}{m.group('n')}{m.group('more') or ''}"
    station = m.group("station") or m.group("at")
    if m.group("what") and not m.group("station"):
        return f"with {count} {_ARTICLE.sub('', m.group('what'))}s"
    return f"with {count} studies" + (f" at {station}" if station else "")


# "under 50 head ct", "over 65 chest ct please": a bound of 18 or more heading the question
# before a kind of study said in the singular is the patients' age, not a number of studies (a
# count of two or more takes the plural; "< 50 studies" per patient had been counted,
# silently; part 43, m1); the studies stay the unit, as in "head ct in patients under 50"
_AGE_BEFORE_STUDY = re.compile(
    r"^\s*(?P<cmp>under|over|below|above|younger\s+than|older\s+than)\s+(?P<n>1[89]|[2-9]\d)\s+"
    rf"(?P<noun>(?:(?:chest|head|brain|low[- ]dose|screening|contrast|pe)\s+){{0,2}}{_STUDY})"
    r"(?![\w-])"
)

# "patients at ct02 with at least 4 scans", "pts seen on ct01 having 3+ studies": the station
# said before the count is where the counted studies were done, as "with at least 4 scans at
# ct02" reads (every study of the patient had been counted, silently; part 42 A, part 43 m1)
_STATION_BEFORE_COUNT = re.compile(
    r"\b(?P<who>patients|pts|people|men|women|subjects)\s+(?:(?:scanned|seen|imaged)\s+)?"
    r"(?:at|on)\s+(?P<station>ct\s?0?\d{1,2})\s+(?:with|having|w|who\s+had)\s+"
    rf"(?P<count>(?:(?:at\s+least|more\s+than|fewer\s+than|over|under|exactly)\s+)?{_N}"
    rf"(?:\s+or\s+(?:more|fewer))?\s+{_STUDIES})(?![\w-])(?!\s+(?:at|on|in)\b)"
)


# "count of patients with scans >= 3", "pts with ldcts > 2" (parts 56 to 59, C): a bound written
# after the plural studies, as a column and a sign, is how many of them ("with >= 3 scans"; the
# bound had been read as a diameter, warned)
_STUDIES_THEN_SIGN = re.compile(
    rf"\bwith\s+(?P<noun>{_STUDIES})\s*(?P<op>>=|<=|>|<|==?|≥|≤)\s*(?P<n>\d{{1,3}})(?![\w.])"
)


def _studies_then_sign(m: re.Match[str]) -> str:
    op = {"=": "exactly", "==": "exactly", "≥": ">=", "≤": "<="}.get(m.group("op"), m.group("op"))
    return f"with {op} {m.group('n')} {m.group('noun')}"


def counted_forms(text: str) -> str:
    """``text`` with part 40's forms said in the readers' words (see the module's rules)."""
    text = _AGE_BEFORE_STUDY.sub(r"\g<noun> in patients \g<cmp> \g<n>", text)
    text = _STATION_BEFORE_COUNT.sub(r"\g<who> with \g<count> at \g<station>", text)
    text = _N_PLUS.sub(r"\g<n> or more", text)
    text = _STUDIES_THEN_SIGN.sub(_studies_then_sign, text)
    text = _ON_OCCASIONS.sub(_on_occasions, _said_counts(text))
    text = _KIND_TIMES.sub(_kind_times, text)
    text = _RESTATED_COUNT.sub(r"\g<head> exactly \g<n> \g<what>", text)
    text = _TALLY_OF.sub(_tally, _TALLY.sub(_tally, text))
    text = _COUNTED_ON.sub(_counted_on, text)
    text = _ON_ONE_SINGLE.sub(r"\g<what> one \g<kind>\g<noun>", text)
    if _TRACKED_ON.search(text):
        text = _TRACKED_ON.sub(
            lambda m: f"with a {m.group('what')} seen {m.group('on') or 'on'} ", text
        )
    text = _ALL_TIME.sub("", text)
    text = _TOPPING_OUT.sub(_topping_out, text)
    if _THEN_NEVER.search(text):
        text = _AT_SOME_TIME.sub("", text)
        text = _REACHED.sub("had ", text)
        text = _YET_NEVER.sub(" but never", text)
    text = _EVERY_ONE_OF_THEM.sub(_every_one, text)
    if _CHANGE_ARROW.search(text):
        text = _CONSECUTIVE.sub("", _CHANGE_ARROW.sub(_change_arrow, text))
    text = _ROSE_ABOVE.sub(_rose_above, text)
    if _SAID_CHANGE.search(text):
        text = _UPGRADES_HEADING.sub("", text)
    text = _STATES_ABSENT.sub(_states_absent, text)
    text = _STABLE_SIZE.sub("stable", text)
    text = _ONE_STUDY_WITH_PAIR.sub(r"\g<verb> a \g<noun> \g<with> ", text)
    text = _AND_ANOTHER.sub(_and_another, text)
    text = _EACH_LOBE.sub(_each_lobe, text)
    text = _SOLE_ONE_IS.sub(r"exactly one \g<noun> and a \g<adj> \g<noun>", text)
    return _LESION_BRACKET.sub(r"\g<lesion>", text)
