"""Negations and totals said in other words, put in the words the readers read (part 42, B).

Part 42 (``tests/query/bank_fresh_42.py``, issue 17) showed clinicians saying "none", "not" and
"excluding" where the readers look for "never" or "but not": "excluding anyone ever scanned on
CT01", "nodules none of which ever grew", "people for whom emphysema does not come up in a
single one of their reports", "emphysema noted in the report while coronary artery
calcification is not", and a count said as "the grand total of nodules flagged as calcified".
Their negation word was left unread (warned) and the rest answered as if it were affirmed. Each
rule here rewrites one such form to the form the readers read, keeping its meaning; a form
that says more than the typed query can express is left alone, so that it stays warned.
Called by :func:`query.rewrites.clean` on the lower-cased text, after the typist's slips are
corrected.
"""

from __future__ import annotations

import re

__all__ = ["negated_forms"]

_EXCLUDING = (
    r"(?:excluding|exclude|except(?:\s+for)?|but\s+not|not\s+counting|leaving\s+out|"
    r"other\s+than|omitting|minus)"
)
_ANYONE = (
    r"(?:anyone|anybody|everyone|everybody|any\s+(?:patients?|pts?|one)|"
    r"(?:the\s+)?(?:patients|pts|people|those|ones))"
)
_PEOPLE_WORD = r"(?:men|women|males|females|patients|pts|people|persons|subjects|anyone|those)"
# "all patients excluding anyone ever scanned on CT01": the people left out are those who had
# such a study, so the rest never had one ("who were never scanned on CT01"; "excluding" had
# been left unread and the station kept, warned)
_EXCLUDING_SCANNED = re.compile(
    r"\b" + _EXCLUDING + r"\s+" + _ANYONE + r"\s+(?:(?:who|that)\s+(?:(?:has|have|had)\s+been|"
    r"was|were)\s+)?(?:ever\s+)?(?P<verb>scanned|imaged|examined|studied)\b"
)

_GROWTH_VERB = r"(?:grew|grown|enlarged|increased\s+in\s+size|got\s+bigger|got\s+larger)"
_FEATURE = (
    r"(?:calcified|non-?calcified|uncalcified|spiculated|lobulated|smooth|solid|part-solid|"
    r"ground-glass|subsolid)"
)
_SAID_AS = r"(?:called\s+|described\s+as\s+|labell?ed\s+(?:as\s+)?|read\s+as\s+|reported\s+as\s+)?"
# "patients with nodules none of which ever grew": a nodule, and never one that grew (the
# patient's history, as "patients with nodules but never a nodule that grew"; "none" had been
# left unread and the growth affirmed, warned). A feature said so is the same ("nodules, none
# of which was ever called spiculated": never a spiculated nodule), and so is the same said of
# every exam ("nodules where, in every exam they have had, none of those nodules was ever
# called spiculated")
_NONE_OF_WHICH_GREW = re.compile(
    r"\b(?P<noun>nodules|masses)\s*,?\s+(?:but\s+)?none\s+of\s+(?:which|them|those|these)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:ever\s+)?" + _GROWTH_VERB + r"\b"
)
_EVERY_EXAM = (
    r"(?:\s*(?:where|and|but)?\s*,?\s*(?:in|on|across|over)\s+(?:every|each|all(?:\s+the)?)\s+"
    r"(?:exams?|scans?|studies|cts?|ldcts?)(?:\s+(?:they|he|she)\s+(?:have\s+|has\s+)?had)?"
    r"\s*,?)?"
)
_NONE_OF_WHICH_WAS = re.compile(
    r"\b(?P<noun>nodules)" + _EVERY_EXAM + r"\s*,?\s+(?:but\s+)?none\s+of\s+(?:which|them|those|"
    r"these|the|their)(?:\s+nodules)?\s+(?:was|were|is|are|has\s+been|have\s+been)\s+"
    r"(?:ever\s+)?" + _SAID_AS + r"(?P<feature>" + _FEATURE + r")\b"
)
# "people carrying nodules": "carrying" a finding is having it
_CARRYING = re.compile(
    r"\b(?:carrying|harbou?ring)\s+(?=(?:an?\s+|any\s+)?(?:[a-z-]+\s+)?(?:nodules?|masses|mass)\b)"
)

# "folks who had a pneumothorax at some stage though not one single nodule in their whole
# record": "not one (single) X in their (whole) record / history" is never an X, and "at some
# stage" is "at some point"; "pts w/o a single ldct anywhere in their history" is patients who
# never had one ("folks" are people; each had been left unread, "a single" read as exactly one)
_HISTORY = (
    r"(?:anywhere\s+)?(?:in|on|across|over|throughout)\s+(?:their|his|her)\s+"
    r"(?:whole\s+|entire\s+)?(?:record|history|file|chart|imaging\s+history)\b"
)
_NOT_ONE_IN_RECORD = re.compile(
    r"\b(?:though|although|but|yet|and)\s+(?:not|never)\s+(?:one\s+single|a\s+single|one|a|an|"
    r"any)\s+(?P<what>[a-z][a-z -]*?)\s+" + _HISTORY
)
_WITHOUT_ONE_IN_RECORD = re.compile(
    r"\b(?:w/o|without)\s+(?:one\s+single|a\s+single|a|an|one|any)\s+(?P<what>[a-z][a-z -]*?)"
    r"\s+" + _HISTORY
)
# "list those who have no chest ct at all in their history": "no X (at all) in their history"
# is no X on any study, which is how the readers read "no X" of a patient ("history" had been
# left unread, warned; part 45, C)
_NONE_IN_RECORD = re.compile(
    r"\b(?P<no>no|not\s+a\s+single|not\s+one)\s+(?P<what>[a-z][a-z -]*?)(?P<all>\s+at\s+all)?"
    r"\s+" + _HISTORY
)
# "women with no lung-rads 4 exam ever", "pts having not a single head ct ever": "no X ever" said of
# people is "never had X", as the Conventions read it (with a kind of study or a category the
# "no" had stayed per study, "ever" read as nothing: some study not of the kind, silently;
# part 49). A joining word inside is left alone (the negation's reach is not settled).
_NO_X_EVER = re.compile(
    rf"\b(?P<people>{_PEOPLE_WORD})\s+(?:with|w/?|having|who\s+(?:had|have|has))\s+"
    r"(?:no|zero|not\s+a\s+single|not\s+one|not\s+any)\s+"
    r"(?P<what>(?:(?!and\b|or\b|but\b|with\b|who\b)[a-z0-9][a-z0-9-]*\s+){0,4}?"
    r"(?!and\b|or\b|but\b|with\b|who\b)[a-z0-9][a-z0-9-]*)\s+(?:ever|at\s+any\s+(?:point|time)|"
    # "female patients with zero nodules across their whole history" (parts 56 to 59, C)
    + _HISTORY
    + r")"
    r"(?![\w-])"
)
# "those who ...": "who" is said of people ("those" had been read as the studies, warned)
# (only opening the question or after a request verb: "apart from those who" is part 43's)
_THOSE_WHO = re.compile(
    r"(?:^|(?<=\blist\s)|(?<=\bshow\s)|(?<=\bfind\s))(?:those|the\s+ones)\s+(?=who\b)"
)
# "reports never once documented w emphysema": "never once", "not once", "never ever" are
# "never", and a stray "w" after a report verb is no "with" of a finding (part 44, C: the
# negation had been left unread and the mention affirmed, warned)
_NEVER_ONCE = re.compile(r"\b(?:never\s+(?:once|ever)|not\s+(?:once|ever))\b")
_REPORT_VERB_W = re.compile(
    r"\b(?P<verb>(?:never|not)\s+(?:documented|mentioned|noted|described))\s+w\s+"
)
# "a chest ct with contrast and another chest ct without": the patient had both kinds of the
# study ("both a contrast chest ct and a non-contrast chest ct"; "without" and "another" had
# been left unread, warned; part 45, C). The same said the other way round too.
_STUDY_KIND = r"(?:chest\s+cts?|head\s+cts?|cts?|ctas?|scans?|studies|study|exams?)"
_CONTRAST_AND_ANOTHER = re.compile(
    r"\b(?:an?\s+)?(?P<x>" + _STUDY_KIND + r")\s+(?P<first>with|w/|without|w/o)\s+contrast\s+"
    r"and\s+(?:also\s+)?(?:another|a\s+second|an?\s+other|a\s+further|one)"
    r"(?:\s+" + _STUDY_KIND + r"|\s+one)?\s+(?P<second>with|without|w/o|w/)(?:\s+contrast|\s+it)?\b"
)
_AT_SOME_STAGE = re.compile(r"\bat\s+some\s+(?:stage|time|juncture)\b")
_FOLKS = re.compile(r"\bfolks\b")
# "list everybody with a ct pe study", "everyone who developed a new nodule": a word for all
# people opening what is asked, before "with / who", is the patients ("everybody" had been
# left unread, warned; part 49); "everyone in the cohort with ..." too (parts 52 to 55, D)
_EVERYBODY = re.compile(
    r"^(?P<ask>\s*(?:(?:list|show|find|get|give\s+me|i\s+need|we\s+need)\s+)?(?:me\s+)?(?:all\s+)?)"
    r"(?:everybody|everyone|every\s+one|anybody|anyone)(?=\s+(?:(?:in|from)\s+(?:the|our|this)\s+"
    r"(?:cohort|database|archive|catalogue|dataset|registry)\s+)?(?:with|w/?|who|that|having)\b)"
)
# "pts w/ a head ct and not a single chest study", "women with a mass but not one ldct": said of
# people, "and / but not a single (one, any) X" is never an X ("a single" had been read as
# exactly one study and "not" left unread, warned; part 48). Only where people are asked for.
_NOT_A_SINGLE_AFTER = re.compile(
    r"\b(?:and|but)\s+not\s+(?:one\s+single|a\s+single|one|any)\s+(?=[a-z])"
)
_ASKS_PEOPLE = re.compile(
    r"^\s*(?:(?:list|show|find|get|give\s+me|which|what|how\s+many|count)\s+)?(?:me\s+)?"
    r"(?:all\s+)?(?:the\s+)?(?:patients|pts|people|persons|subjects|women|men|males|females)\b"
)
# "count the exams where nothing at all was found", "scans in which nothing was seen": no
# finding of any kind on the study, as "with no findings at all" ("nothing" had been left
# unplaced, refused; part 48)
_NOTHING_FOUND = re.compile(
    r"\b(?:where|in\s+which|on\s+which|that|which)\s+nothing(?P<all>\s+at\s+all)?\s+"
    r"(?:was|were|is|got|had\s+been|has\s+been)\s+(?:found|seen|detected|reported|noted|"
    r"identified|shown)\b"
)

# "across their whole record, who has shown a calcified nodule on one occasion and a ground-glass
# nodule on another (or on the same one)": each on some study of the patient, the same or not
# ("who has had both A and B"; the occasions had been left unread and the second nodule's
# attenuation read as an "or", warned)
_ACROSS_RECORD = re.compile(
    r"^(?:across|over|in)\s+(?:their|the)\s+(?:whole\s+|entire\s+)?record\s*,?\s*"
)
_ONE_AND_ANOTHER = re.compile(
    r"\b(?P<verb>(?:(?:has|have)\s+)?(?:shown|showed|had|presented\s+with)|with)\s+"
    r"(?P<a>[a-z][a-z -]*?)\s+"
    r"(?:on|at)\s+one\s+(?:occasion|visit|time|scan|study|exam)\s+and\s+(?P<b>[a-z][a-z -]*?)\s+"
    r"(?:on|at)\s+another(?:\s+(?:one|occasion|visit|time|scan|study|exam))?"
    r"\s*(?:,\s*|\(\s*)?(?:or\s+(?:on\s+|at\s+)?the\s+same(?:\s+(?:one|occasion|visit|time|scan|"
    r"study|exam))?)?\s*\)?"
)

# "pt who had a pneumothorax and also, on a different visit or the same, a consolidation": each
# on any study of the patient, the same or not ("had both A and B"; the occasion had been left
# unread, warned, and without it "A and B" of a patient is one study; part 45, C)
_OTHER_OCCASION = r"(?:(?:an)?other|a\s+different|a\s+separate|a\s+later|an\s+earlier)"
_OCCASION = r"(?:occasion|visit|time|one|study|exam|scan|ct|day)"
_AND_ON_EITHER_OCCASION = re.compile(
    r"\b(?P<verb>(?:(?:has|have)\s+)?(?:had|shown|showed)|with)\s+(?P<a>[a-z][a-z -]*?)\s*,?\s+"
    r"and\s*(?:also\s*)?,?\s*(?:on|at)\s+"
    + _OTHER_OCCASION
    + r"\s+"
    + _OCCASION
    + r"\s+or\s+(?:on\s+|at\s+)?the\s+same(?:\s+"
    + _OCCASION
    + r")?\s*,?\s*"
    r"(?P<b>(?:an?\s+|any\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
    r"(?=\s*(?:$|[,.;:?!)]|\s+(?:in|on|at|and|but|with|since|before|after|during|from)\b))"
)

# Parts 52 to 55 (D): "who have had a mass and a pneumothorax, whether on the same scan or on
# different ones", "a nodule and an effusion, on the same or different exams", "effusion on some
# exam and consolidation on some exam, not necessarily the same one": each on some study of the
# patient, the same or not ("had both A and B"; the "whether ..." had been left unread and both
# put on one study, warned, or "not ... the same" read as a negation, warned)
_OCC = r"(?:scan|study|exam|examination|occasion|visit|ct|imaging\s+study)"
_A_WORD = r"(?!(?:with|who|that|had|has|have|having|and|on|in|at|or)\b)[a-z][a-z-]*"
_ONE_THING = r"(?:(?:an?|any)\s+)?" + _A_WORD + r"(?:\s+" + _A_WORD + r"){0,2}?"
_SAME_OR_DIFFERENT = (
    r"\s*,?\s*(?:(?:whether|either)\s+)?(?:(?:on|at|in)\s+the\s+same\s+(?:one|"
    + _OCC
    + r")\s+or\s+(?:on\s+|at\s+|in\s+)?(?:different|separate|other|two\s+different|two\s+separate)"
    r"\s+(?:ones|" + _OCC + r"s|studies)|(?:on|at|in)\s+the\s+same\s+or\s+(?:on\s+|at\s+|in\s+)?"
    r"(?:different|separate)\s+(?:" + _OCC + r"s|studies))"
)
_AND_SAME_OR_NOT = re.compile(
    r"\b(?P<verb>(?:(?:has|have)\s+)?(?:had|shown|showed)|with|having)\s+(?P<a>"
    + _ONE_THING
    + r")\s+and\s+(?P<b>"
    + _ONE_THING
    + r")"
    + _SAME_OR_DIFFERENT
    + r"(?=\s*(?:$|[,.;:?!)]))"
)
_SOME_AND_SOME = re.compile(
    r"(?:\b(?P<verb>(?:(?:has|have)\s+)?(?:had|shown|showed)|with|having)\s+)?\b(?P<a>"
    + _ONE_THING
    + r")\s+(?:on|at|in)\s+(?:some|one|an?|any)\s+"
    + _OCC
    + r"\s+and\s+(?P<b>"
    + _ONE_THING
    + r")\s+(?:on|at|in)\s+(?:some|any|an?|another|some\s+other)(?:\s+"
    + _OCC
    + r")?\s*,?\s*(?:but\s+)?not\s+(?:necessarily|necessarely|neccessarily|necesarily|"
    r"always)\s+(?:on\s+|at\s+|in\s+)?the\s+same(?:\s+(?:one|" + _OCC + r"))?"
)


def _both(m: re.Match[str]) -> str:
    return f"{m.group('verb') or 'had'} both {m.group('a')} and {m.group('b')}"


_REPORTS = r"(?:their|his|her|the\s+patient|the\s+patients)\s+(?:radiology\s+)?reports"
# "people for whom emphysema does not come up in a single one of their reports": no report of
# the patient mentions it ("whose reports never mention emphysema"; "not" had been left unread
# and the mention affirmed, warned)
_NOT_IN_ANY_REPORT = re.compile(
    r"\b(?:for|in)\s+whom\s+(?P<concept>[a-z][a-z -]*?)\s+(?:does|did|do)\s*(?:n'?t|\s+not)\s+"
    r"(?:ever\s+)?(?:come\s+up|show\s+up|appear|feature|get\s+mentioned|turn\s+up)\s+"
    r"(?:in|on)\s+(?:a\s+single\s+one|a\s+single|any\s+one|any|one|even\s+one)\s+of\s+"
    + _REPORTS
    + r"\b"
)

# "emphysema noted in the report while coronary artery calcification is not": the report
# affirms the first and not the second ("emphysema in the report but not coronary artery
# calcification"; the trailing "is not" had been left unread and both affirmed, warned)
_NOTED_WHILE_NOT = re.compile(
    r"\b(?P<a>[a-z][a-z -]*?)\s+(?:is\s+|was\s+)?(?:noted|mentioned|reported|documented|"
    r"described|called)\s+(?P<where>(?:in|on)\s+(?:the|its|a)\s+reports?)\s*,?\s+"
    r"(?:while|whereas|but|yet)\s+(?P<b>[a-z][a-z -]*?)\s+(?:is|was|isn't|wasn't)"
    r"(?:\s+not)?(?=\s*(?:[:;,.?!]|$))"
)

# "grand total of nodules flagged as calcified": "grand total (number) of" is "total number of"
# and a feature a nodule is "flagged / labelled / called" is that feature ("calcified nodules";
# both had been left unread and the count read as a list of studies, warned)
# "men in the cohort free of any nodule finding", "women free of any mass": people free of any
# such finding never had one on any study ("free" had been left aside and "nodule finding" read
# as the unit, the findings listed, silently; part 43, m1). "<kind> finding" is the kind.
_PEOPLE = _PEOPLE_WORD
_FREE_OF_ANY = re.compile(
    rf"\b(?P<people>{_PEOPLE}\b(?:\s+(?:in|of)\s+(?:the|our|this)\s+(?:cohort|archive|"
    r"database|series))?)\s+(?:who\s+(?:are|were|is|was|remained|stayed)\s+)?"
    r"(?:free|clear)\s+of\s+any\s+(?P<what>nodules?|masses|mass|lesions?|ggns?|ggos?)"
    r"(?:\s+findings?)?\b"
)
_GRAND_TOTAL = re.compile(r"\bgrand\s+total(?:\s+number)?\s+of\b")
_FLAGGED_AS = re.compile(
    r"\b(?P<noun>nodules|nodule|findings|masses)\s+(?:that\s+(?:are|were)\s+)?(?:flagged|marked|"
    r"labell?ed|tagged|classed|classified|called|coded)\s+as\s+(?P<feature>calcified|"
    r"non-?calcified|uncalcified|spiculated|lobulated|smooth|solid|part-solid|ground-glass|"
    r"subsolid)\b"
)


def _both_contrasts(m: re.Match[str]) -> str:
    """Both kinds of one study, when one is said with contrast and the other without."""
    first = m.group("first").startswith("with") and m.group("first") != "without"
    second = m.group("second") in ("with", "w/")
    if first == second:  # "with contrast and another with": not two kinds
        return m.group(0)
    x = m.group("x")
    x = x if not x.endswith("s") or x.endswith("studies") else x[:-1]
    x = "study" if x == "studies" else x
    return f"both a contrast {x} and a non-contrast {x}"


def _no_mention(m: re.Match[str]) -> str:
    return f"whose reports never mention {m.group('concept')}"


# "ggns without spiculation bigger than 15 mm": a feature has no size, so the size after it is
# the nodule's own, outside the negation (part 58: it had been negated too, "<= 15 mm", silently)
_FEATURE_THEN_SIZE = re.compile(
    r"\b(?P<neg>without|w/o|with\s+no|no)\s+(?:any\s+)?(?P<what>spiculations?|spicules|"
    r"lobulations?|calcifications?)\s+(?=(?:bigger|larger|greater|smaller|more|less|over|"
    r"under|above|below|at\s+least|at\s+most|exceeding)\b|[<>\u2265\u2264]|\d)"
)


def negated_forms(text: str) -> str:
    """``text`` with part 42's negations and totals said in the readers' words."""
    text = _FEATURE_THEN_SIZE.sub(r"\g<neg> \g<what>, ", text)
    text = _EXCLUDING_SCANNED.sub("who were never scanned", text)
    text = _NONE_OF_WHICH_GREW.sub(r"\g<noun> but never a nodule that grew", text)
    text = _NONE_OF_WHICH_WAS.sub(r"\g<noun> but never a \g<feature> nodule", text)
    text = _CARRYING.sub("with ", text)
    text = _NOT_ONE_IN_RECORD.sub(r"but never a \g<what>", text)
    text = _WITHOUT_ONE_IN_RECORD.sub(r"who never had a \g<what>", text)
    text = _NO_X_EVER.sub(r"\g<people> who never had \g<what>", text)
    text = _NONE_IN_RECORD.sub(r"\g<no> \g<what>\g<all>", text)
    text = _CONTRAST_AND_ANOTHER.sub(_both_contrasts, text)
    text = _NEVER_ONCE.sub("never", text)
    text = _REPORT_VERB_W.sub(r"\g<verb> ", text)
    text = _AT_SOME_STAGE.sub("at some point", text)
    text = _FOLKS.sub("people", text)
    text = _EVERYBODY.sub(r"\g<ask>patients", text)
    if _ASKS_PEOPLE.match(text):
        text = _NOT_A_SINGLE_AFTER.sub("but never a ", text)
    text = _NOTHING_FOUND.sub("with no findings at all", text)
    text = _THOSE_WHO.sub("people ", text)
    text = _AND_ON_EITHER_OCCASION.sub(r"\g<verb> both \g<a> and \g<b>", text)
    text = _SOME_AND_SOME.sub(_both, _AND_SAME_OR_NOT.sub(_both, text))
    if _ONE_AND_ANOTHER.search(text):
        text = _ONE_AND_ANOTHER.sub(r"had both \g<a> and \g<b>", _ACROSS_RECORD.sub("", text))
    text = _NOT_IN_ANY_REPORT.sub(_no_mention, text)
    text = _NOTED_WHILE_NOT.sub(r"\g<a> \g<where> but not \g<b>", text)
    text = _FREE_OF_ANY.sub(r"\g<people> who never had any \g<what>", text)
    text = _GRAND_TOTAL.sub("total number of", text)
    return _FLAGGED_AS.sub(r"\g<feature> \g<noun>", text)
