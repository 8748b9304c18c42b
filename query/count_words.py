"""Other words for a count, a study had, both findings on one study and a change since the prior.

Part 37 (C) showed clinicians asking for counts and features in words the readers did not know:
"anybody who needed more than one non-contrast head ct over time", "pts in whom one single exam
shows a ground-glass nodule alongside a solid nodule on the same scan", "ldct q3 2025 total
exams", "nodule findings stable compared with the prior", "patients never screened with an
ldct". Each rule writes one form in the words the readers read, keeping its meaning:

- "needed / required / was sent for" a study is "had" it;
- "over time", "over the years", "across their history" after a kind of study adds nothing:
  a count of a patient's studies is over all of them already;
- "screened with / by / using an <kind of study>" is "scanned with" it: the verb of having the
  study, not the word "screening" (the grounder had read "screened" as screening, a spelling,
  and the patient required to have a screening study besides: "never screened with an ldct"
  was no patient at all);
- "(in whom / where / whose) one single (a single, the same) exam shows A alongside / as well as
  B" is "A and B on the same scan" (the single exam had been read as the patient's only study);
  "alongside" between two findings is "and";
- "<...> total exams" closing a question is "<...> exams total", a count of them, as "total
  exams <...>" is;
- "give (me) the number / total / count" and "number please" are a count (part 38, F); a
  closing "(count)", or "(count of <unit>)", ": number of <unit>" of the noun the question
  opens with, is ", count";
- "(where / with) one / a single / the same <study> shows / showing A and (plus) B" is A and B
  on the same study, with or without a word before it (part 38, F: "one ct showing A plus B");
  "a single <study> shows A" alone is A on a study: "a single" had been read as the patient's
  only study, silently;
- "<n> plus <findings>" is "<n> or more" of them (part 45, D);
- "one-and-done / one-time / single-visit patients" are patients with exactly one study, a
  bracket after them that says so restating it (part 45, D);
- "compared with / to / vs the prior (scan)" after a word of change since the previous study
  ("stable", "grew", "new") restates it and adds nothing.
- "on / in one (a single, the same) ldct / chest ct / low-dose ct / screening ct (scan)" is
  "on one scan that was an ldct": the study holds the findings and is of that kind (session 21's
  review: the reader's phrase for one study took the whole "on one ldct", and the kind was
  lost, silently: "patients with more than 2 nodules on one ldct" counted any study).

The patterns are compiled once, at import.
"""

from __future__ import annotations

import re

__all__ = ["read_count_words"]

_STUDY = r"(?:ldcts?|cts?|scans?|studies|study|exams?|x-?rays?|cxrs?|ctas?|radiographs?)"
_UNIT = rf"(?:{_STUDY}|patients|pts|people|findings|nodules|masses)"
_NEEDED = re.compile(
    r"(?<![\w-])(?P<who>who|that|which)\s+(?:needed|required|necessitated|was\s+sent\s+for|"
    r"were\s+sent\s+for)\s+"
)
_OVER_TIME = re.compile(
    rf"(?<![\w-])(?P<noun>{_STUDY})\s+(?:over\s+time|over\s+the\s+years|across\s+(?:their|his|"
    r"her|the)\s+(?:history|record|records)|in\s+their\s+history)(?![\w-])"
)
_SCREENED_WITH = re.compile(
    r"(?<![\w-])screened\s+(?=(?:with|by|using|via|on)\s+(?:an?\s+|the\s+)?(?:low[- ]dose\s+)?"
    r"(?:ldcts?|cts?|ct\s+scans?|scans?)\b)"
)
_SINGLE_EXAM_SHOWS = re.compile(
    r"(?:^|(?<![\w-])(?P<lead>in\s+whom|where|whose|in\s+which|with|who\s+had|who\s+have|"
    r"having)\s+)"
    r"(?P<one>one\s+single|a\s+single|the\s+same|one\s+and\s+the\s+same|one|a)\s+"
    r"(?P<noun>scan|study|exam|examination|ct|ldct|chest\s+ct)\s+(?:(?:that|which)\s+)?"
    r"(?:shows|showed|show|showing|has|had|having|contains|contained|containing|revealed|reveals|"
    r"revealing|demonstrated|demonstrates|demonstrating|displayed|displays|displaying)\s+"
    r"(?P<what>[^,;:?()]+?)\s*(?P<same>on\s+the\s+same\s+(?:scan|study|exam|ct|ldct))?\s*"
    r"(?=$|[,;:?()]|\s[-\u2013\u2014]\s)"
)
_ANY_STUDY = frozenset({"scan", "study", "exam", "examination"})
_STUDY_WORD = re.compile(rf"(?<![\w-]){_STUDY}(?![\w-])")
_ALONGSIDE = re.compile(r"(?<![\w-])(?:alongside|along\s+with|together\s+with)(?![\w-])")
_TOTAL_CLOSING = re.compile(rf"(?<![\w-])total\s+(?P<unit>{_UNIT})\s*[?.!]*\s*$")
# "...: give the number", "give me the total", "number please" (part 38, F: "number" had been
# left unread, warned): the count asked, only where the phrase ends ("give the number of ..."
# is the count word it was; "tell me the total volume" no count at all).
_GIVE_NUMBER = re.compile(
    r"(?<![\w-])(?:(?:give|tell|get|send)\s+(?:me\s+|us\s+)?(?:the\s+|a\s+)?(?:total\s+)?"
    r"(?:number|total|count|tally)|(?:just\s+)?(?:the\s+)?(?:number|total|count)\s+please)"
    r"(?=\s*(?:[,;:.?!()]|\s-\s|$))"
)
# "nodules > 6 mm and < 8 mm (count of nodules)", "...: number of nodules" (part 38, F): a
# closing count of the very noun the question opens with is a count of what it asks; it had
# been read as a second nodule of its own (the two sizes on two nodules, silently).
_CLOSING_COUNT_OF = re.compile(
    r"\s*(?:[(:,]|\s[-\u2013\u2014])\s*(?:the\s+)?(?:count|number|total|tally|#)\s+of\s+"
    r"(?:the\s+|all\s+)?(?P<unit>[a-z]+)\s*\)?\s*[?.!]*\s*$"
)
_BRACKETED_COUNT = re.compile(
    r"\s*\(\s*(?:count|number|total|tally|how\s+many|#)\s*\)\s*[?.!]*\s*$"
)
_OPENING_UNIT = re.compile(rf"(?<![\w-])(?P<unit>{_UNIT})(?![\w-])")
_VS_PRIOR = re.compile(
    r"(?<![\w-])(?P<change>stable|unchanged|grew|grown|growing|enlarged|enlarging|new|larger|"
    r"bigger|smaller|shrank|shrunk|shrinking)(?P<noun>\s+(?:nodules?|ggns?|ggos?|masses|mass|"
    r"findings?|lesions?))?\s+(?:when\s+)?(?:compared\s+(?:with|to)|relative\s+to|"
    r"versus|vs\.?|as\s+against)\s+(?:the\s+|their\s+|its\s+)?(?:prior|previous|preceding|last)"
    r"(?:\s+(?:scan|study|exam|ct|ldct|one|imaging))?(?![\w-])"
)

_ON_ONE_KIND = re.compile(
    r"(?<![\w-])(?P<prep>on|in)\s+(?:one\s+single|a\s+single|one\s+and\s+the\s+same|the\s+same|"
    r"one)\s+(?P<kind>ldct|low[- ]dose\s+ct|chest\s+ct|(?:lung\s+)?screening\s+ct)"
    r"(?:\s+(?:scan|study|exam|examination))?(?![\w-])"
)


def _on_one_kind(m: re.Match[str]) -> str:
    """ "on one ldct" as "on one scan that was an ldct": one study, and its kind kept."""
    kind = re.sub(r"\s+", " ", m.group("kind"))
    return f"{m.group('prep')} one scan that was {'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _on_one_study(m: re.Match[str]) -> str:
    """Two findings or more on one study ("A and B", "A plus B"), or one finding on "a single"
    study; anything else is left as typed ("one ct showing a nodule" may count the CTs)."""
    what = m.group("what")
    lead = "" if m.group("lead") is None else "with "
    if _STUDY_WORD.search(what) is not None:
        return m.group(0)  # "one ct showing a nodule and a head ct": a study of its own
    noun = re.sub(r"\s+", " ", m.group("noun"))
    # a kind of study ("ldct", "chest ct") is kept as a study the patient had: the words "on
    # the same ldct" would be read as one study only, the kind lost
    kind = "" if noun in _ANY_STUDY else f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} with "
    if re.search(r"\b(?:and|as\s+well\s+as|plus)\b", what) is not None:
        return f"{lead}{kind}{what} on the same scan"
    if m.group("one") in ("a single", "one single", "the same", "one and the same"):
        return f"{lead}{kind}{what}"
    return m.group(0)


def _closing_count(text: str) -> str:
    """``text`` with a closing "(count of <unit>)" written ", count" when ``<unit>`` is the noun
    the question asks about first; another noun ("nodules ...: number of patients") is left."""
    bracketed = _BRACKETED_COUNT.search(text)
    if bracketed is not None:
        return f"{text[: bracketed.start()]}, count"
    m = _CLOSING_COUNT_OF.search(text)
    if m is None:
        return text
    first = _OPENING_UNIT.search(text, 0, m.start())
    if first is None or first.group("unit").rstrip("s") != m.group("unit").rstrip("s"):
        return text
    return f"{text[: m.start()]}, count"


# "two plus ground glass nods on one study", "3 plus solid nodules" (part 45, D): a count said
# with "plus" before what it counts is "or more" ("two" had been left unread, warned); only a
# small count before a word, so "two plus three" and "5 plus 2 mm" stay as said
_PLUS_COUNT = re.compile(
    r"(?<![\w.-])(?P<n>[1-9]|one|two|three|four|five|six|seven|eight|nine|ten)\s+plus\s+"
    r"(?=[a-z])(?!(?:one|two|three|four|five|six|seven|eight|nine|ten|mm|cm|hu|years?|months?)\b)"
)


# "one-and-done patients", "single-visit pts", "one-time patients (a single scan, never back)"
# (part 45, D): people with exactly one study; a bracket after it that says the same (a single
# / one / only study) restates it. "of one" had been read as a diameter, warned.
_ONE_AND_DONE = re.compile(
    r"\b(?:one[\s-]+and[\s-]+done|one[\s-]+time|one[\s-]+off|single[\s-]+(?:visit|scan|study|exam)|"
    r"one[\s-]+(?:visit|scan|study|exam))\s+(?P<who>patients|pts|people|persons|subjects|women|men|"
    r"females|males|"
    r"individuals)\b(?:\s*\((?P<said>[^()]*\b(?:single|one|only|1)\b[^()]*)\))?"
    # an age said right after the people stays theirs ("single-visit patients over 70")
    r"(?P<age>\s+(?:aged\s+)?(?:over|under|above|below|older\s+than|younger\s+than)\s+\d+"
    r"(?:\s*(?:years?|yrs?|y/?o))?(?![\w.]))?"
)


def _one_and_done(m: re.Match[str]) -> str:
    age = (m.group("age") or "").strip()
    aged = f" {age}" if age.startswith("aged") else f" aged {age}" if age else ""
    return f"{m.group('who')}{aged} with exactly one study"


# "P00210 last exam - nodule tally?", "screening cts: ggn count": a closing "<finding> tally"
# after a dash or colon is how many of those findings (part 47: the study named before had
# been counted, a number of studies with a nodule, silently)
_CLOSING_FINDING_TALLY = re.compile(
    r"(?:\s[-\u2013\u2014]|:)\s*(?P<what>nodules?|nods?|ggns?|ggos?|masses|mass|findings?|"
    r"lesions?)\s+(?:tally|count|total|number)\s*(?P<end>[?.!]*)\s*$"
)
_PLURALS = {"mass": "masses", "masses": "masses"}


def _finding_tally(m: re.Match[str]) -> str:
    what = m.group("what")
    plural = _PLURALS.get(what, what if what.endswith("s") else what + "s")
    return f" - how many {plural}{m.group('end') or '?'}"


# "single ldct studies that show more than three nodules", "individual scans with 5+ nodules"
# (parts 56 to 59, C): "single" or "individual" before studies said in the plural is each study on
# its own, the studies themselves asked for (it had been read as patients with exactly one study,
# silently). After "with / had / a / one / their" it stays as said ("patients with a single scan").
_SINGLE_STUDIES = re.compile(
    r"(?<![\w-])(?<!\bwith\s)(?<!\bhad\s)(?<!\bhave\s)(?<!\ba\s)(?<!\bone\s)(?<!\btheir\s)"
    r"(?<!\bof\s)(?<!\bon\s)(?<!\bin\s)(?:single|individual)\s+"
    r"(?=(?:(?:low[- ]dose|chest|screening|head|ct|ldct)\s+)*(?:ldcts|cts|scans|studies|exams|"
    r"radiographs|x-?rays|cxrs)\b)"
)


# "count of distinct patients with ...", "number of unique studies": a count of patients or studies
# counts each once already, so "distinct / unique" says it again (it had been left unread, warned)
_DISTINCT = re.compile(
    r"(?P<c>\b(?:count|number|total|many)\s+(?:of\s+)?)(?:distinct|unique|different|individual)\s+"
    r"(?=(?:patients|pts|people|persons|subjects|studies|exams|scans)\b)"
)


def read_count_words(text: str) -> str:
    """``text`` (lower case) with its other words for counts, studies had, findings on one
    study and changes since the prior written as the readers read them."""
    text = _PLUS_COUNT.sub(r"\g<n> or more ", text)
    text = _SINGLE_STUDIES.sub("", text)
    text = _DISTINCT.sub(r"\g<c>", text)
    text = _ONE_AND_DONE.sub(_one_and_done, text)
    text = _NEEDED.sub(r"\g<who> had ", text)
    text = _OVER_TIME.sub(r"\g<noun>", text)
    text = _SCREENED_WITH.sub("scanned ", text)
    text = _ALONGSIDE.sub("and", text)
    text = _SINGLE_EXAM_SHOWS.sub(_on_one_study, text)
    text = _ON_ONE_KIND.sub(_on_one_kind, text)
    text = _TOTAL_CLOSING.sub(r"\g<unit> total", text)
    text = _GIVE_NUMBER.sub("count", text)
    text = _CLOSING_FINDING_TALLY.sub(_finding_tally, text)
    text = _closing_count(text)
    return _VS_PRIOR.sub(r"\g<change>\g<noun>", text)
