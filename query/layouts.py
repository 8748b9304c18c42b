"""How a question is laid out, and the filler words of speech, taken off before it is read.

Part 29 of the question bank (a search box, a dictation and a pasted e-mail) asked questions
laid out as lists and forms, and dictated ones with filler words in them:

- a numbered list of conditions, one a line ("Criteria for the audit:\\n1. patients\\n2. 2 or
  more pe cts\\nhow many meet this?"): the list markers ("1.", "2)", "-") at the start of a
  line number nothing and are dropped, as are a heading line made only of words that name the
  form ("Criteria for the audit:", "Spreadsheet filter:") and "meet this / these criteria";
- conditions written as "field = value" ("lobe = RML", "attenuation = solid"): the sign is
  dropped, and an attenuation written this way is written as one ("solid attenuation"), which
  the reader knows; an arrow before what is asked ("-> studies") is dropped too;
- filler words of speech ("um", "uh", "erm", "so basically", "like" before "exactly" or after
  another filler), kept in :func:`drop_fillers`, a function of their own.

Only these forms are changed: a heading with a word that may be a condition ("Women over 60:")
stays, and is read as usual. Called by :func:`query.rewrites.clean` on the question as typed
(before its lines are joined).
"""

from __future__ import annotations

import re

__all__ = ["drop_fillers", "plain_layout"]

# words that only name the form a question is written in: a heading of these says nothing
_FORM_WORDS = frozenset(
    [
        "criteria",
        "criterion",
        "conditions",
        "condition",
        "filter",
        "filters",
        "spreadsheet",
        "audit",
        "query",
        "search",
        "request",
        "inclusion",
        "for",
        "the",
        "a",
        "an",
        "my",
        "our",
        "this",
        "of",
        "list",
        "cohort",
        "selection",
        "params",
        "parameters",
        "please",
        "question",
    ]
)
_HEADING = re.compile(r"^\s*(?P<words>[a-z][a-z ]{0,60}?)\s*:\s*(?:\n|$)", re.I)
# "1. patients", "2) 2 or more pe cts", "- lobe = rml": a marker at the start of a line
_MARKER = re.compile(r"(?m)^\s*(?:\d{1,2}[.)]|[-*\u2022])\s+")
_MEET = re.compile(
    r"\b(?:meets?|match(?:es)?|satisf(?:y|ies)|fulfils?|fulfills?)\s+(?:all\s+(?:of\s+)?)?"
    r"(?:this|these|that|those|them|the\s+(?:criteria|conditions|filters?|above|list))"
    r"(?:\s+(?:criteria|conditions|filters?))?\b",
    re.I,
)
_ARROW = re.compile(r"\s*(?:->|=>|\u2192)\s*(?=[a-z])", re.I)
_ATTENUATION_EQUALS = re.compile(
    r"\b(?P<field>attenuation|density|composition|consistency)\s*(?:=|==|:)\s*"
    r"(?P<value>ground[- ]?glass|(?:part|sub|non|semi)[- ]?solid|solid)\b",
    re.I,
)
# "lobe = rml", "margin == spiculated": a sign between a word and a word (not ">=", "<=")
_EQUALS = re.compile(r"(?<=[a-z])\s*(?<![<>!=])==?(?![=<>])\s*(?=[a-z])", re.I)

# "lung_rads = 3" (parts 56 to 59, C): the scale written as a column name is the scale ("lung_rads"
# had been left unread and "= 3" read as a diameter, warned), and a sign between the scale and a
# category is the category, as "lung-rads 3"; other names written with "_" ("pleural_effusion",
# "long_axis_mm") are read by :mod:`query.column_names`, which needs their underscores
_LUNG_RADS_SNAKE = re.compile(r"\blung_rads\b", re.I)
_CATEGORY_EQUALS = re.compile(
    r"\b(?P<f>lung[- ]?rads|lr)\s*(?:==?|\bis\b)\s*(?=(?:[1-3]|4[abx])(?![\w.]))", re.I
)
# "Inclusion: at least two LDCTs; Exclusion: any pneumothorax on any scan" (parts 56 to 59, C): a
# trial's criteria said inline; what is included is asked, what is excluded is never had (each
# label had been left unread and the excluded finding required, warned)
_INCLUSION = re.compile(r"^\s*inclusions?(?:\s+criteria)?\s*:\s*", re.I)
_EXCLUSION = re.compile(r"\s*[;,.]?\s*\bexclusions?(?:\s+criteria)?\s*:\s*(?=(?:any|an?)\s)", re.I)


# "Criteria list: - sex F - at least 2 chest CTs - ...": a heading of form words before a list
# laid out on one line, its items after dashes (parts 56 to 59, C: "criteria" had been left
# unread, warned)
_INLINE_HEADING = re.compile(r"^\s*(?P<words>[a-z][a-z ]{0,40}?)\s*:\s*-\s+(?=\S)", re.I)


def _heading(text: str) -> str:
    """Drop a first line that is a heading of form words only ("Spreadsheet filter:")."""
    m = _HEADING.match(text)
    if m is not None and "\n" in text and set(m.group("words").lower().split()) <= _FORM_WORDS:
        return text[m.end() :]
    m = _INLINE_HEADING.match(text)
    if m is not None and set(m.group("words").lower().split()) <= _FORM_WORDS:
        return text[m.end() :]
    return text


# A question pasted in an e-mail (part 30): a greeting before it ("Good afternoon,", "Morning!",
# "Hi all -"), a request for it ("please send me", "could you work out") and a sign-off after
# its last sentence ("Regards, screening office", "Best, R."). Only these words are dropped:
# the sign-off only after a full stop, "!" or "?", with a short signature and no "?" after it,
# so that a signature ("screening office") never becomes a condition.
_GREETING = re.compile(
    r"^\s*(?:(?:good\s+)?(?:morning|afternoon|evening)|hi|hello|hey|dear\s+[a-z]+|greetings|"
    # session 28 (D): how the sender comes in ("quick q,", "sorry to bother,", "urgent-ish -",
    # "on call,") says nothing of the cohort, as a greeting does not
    r"quick\s+(?:q|question|one)|sorry\s+to\s+(?:bother|trouble)(?:\s+(?:you|u))?|"
    r"urgent(?:-?ish)?|not\s+urgent|on[\s-]call)"
    r"(?:\s+(?:all|team|everyone|everybody|there|folks|colleagues))?\s*[,!.:;-]+\s*",
    re.I,
)
_REQUEST = re.compile(
    r"^\s*(?:(?:please|pls|plz)\s+)?(?:(?:could|can|would)\s+(?:you|u|someone|somebody|anyone)\s+"
    r"(?:(?:please|pls|plz)\s+)?(?:(?:work\s+out|figure\s+out|send\s+(?:me|us|over)|pull|"
    r"identify|check)\s+)?|send\s+(?:me|us|over)\s+|(?:please|pls|plz)\s+(?:check|pull)\s+)",
    re.I,
)
_SIGN_OFF = re.compile(
    r"(?:(?<=[!?])|\.)\s+(?:(?:kind|best|warm|many)\s+)?(?:regards|best|thanks|thank\s+you|cheers|thx|"
    r"ta|wishes|sincerely)\b[^?]{0,40}$",
    re.I,
)
# Session 28 (D): a thanks typed after the last word with no full stop ("... 2.983 thx",
# "... patients ta", "... cheers mate"): only these words, only at the very end
_TRAILING_THANKS = re.compile(
    r"\s*[,;-]?\s*\b(?:thx|thanks|thank\s+(?:you|u)|ty|tia|ta|cheers(?:\s+(?:mate|all))?|"
    r"pls|please)\s*[.!]*\s*$",
    re.I,
)


# What a question can be for, and the occasion it is for: the purpose labels below
# (:data:`_PURPOSE`, :data:`_PURPOSE_BEFORE_REQUEST`, :data:`_PURPOSE_AT_END`) share them
_PURPOSE_WORDS = (
    r"(?:audit|research|registry|qa|qi|mdt|mdm|tumou?r\s+board|multidisciplinary\s+(?:meeting|team))"
    r"(?:\s+(?:query|question|request|purposes?|project|meeting|list|review))?"
)
_OCCASION = r"(?:the|an?|our|my|this\s+week'?s|tomorrow'?s|next\s+week'?s)"


# A label naming what the question is for, before a colon ("research query:", "for the audit:",
# part 44/45, C): it says nothing of the cohort (its words had been left unread, warned). Only
# these purposes, only at the start and only before a colon
_PURPOSE = re.compile(
    # session 28 (D): "need for audit:", "tumor board list - ..." (a dash after the label too)
    rf"^\s*(?:(?:(?:i\s+|we\s+)?need(?:ed)?\s+)?(?:for\s+{_OCCASION}?\s*)?{_PURPOSE_WORDS}|"
    r"(?:quick|data|database)\s+(?:query|question|request))"
    r"\s*(?::|\s-|\u2013|\u2014)\s*",
    re.I,
)

# The same purpose said as a phrase before the request, with no colon ("for the tumour board list
# I need ...", "for our mdt, could you pull ..."; part 48: "tumour" had been read as a mass,
# "board" left unread, warned): dropped only before a request ("i need", "we want", "please")
_PURPOSE_BEFORE_REQUEST = re.compile(
    rf"^\s*for\s+{_OCCASION}\s+{_PURPOSE_WORDS}\s*[,;-]?\s+"
    r"(?=(?:i|we)\s+(?:need|want|would\s+like|require)\b|(?:please|pls|can|could|would)\b)",
    re.I,
)


# Who asks, said before the question ("screening coordinator here:", "Screening program update:",
# "screening office wants pts whose ...", "from the QA desk, ...", "for the screening audit:";
# parts 56 to 59, C): the office or person of a programme is no condition, as a sign-off is not
# ("screening" had required a screening study of the patient, warned). Only at the start, and
# only before a colon, a comma or dash, or a verb of asking
_ASKER = re.compile(
    r"^\s*(?:(?:from|for)\s+(?:the|an?|our|my)\s+)?(?:(?:lung\s+(?:cancer\s+)?)?screening|qa|qi|"
    r"radiology|research|registry|trial|audit|spot[\s-]check)\s+(?:office|coordinator|"
    r"co-?ordinator|program(?:me)?(?:\s+(?:update|lead|manager|office|team))?|team|nurse|desk|"
    r"lead|manager|navigator|service|audit|review|check|screen|unit)(?:\s+here)?"
    r"(?:\s*[:,-]\s*|\s+(?:wants|needs|would\s+like|asks\s+for|is\s+asking\s+for|requests|"
    r"asked\s+for)\s+)",
    re.I,
)
# "spot check for the audit:", "reviewing our records -": what the asker is doing, before a colon
# or dash at the start, says nothing of the cohort
_ASKER_DOING = re.compile(
    r"^\s*(?:spot[\s-]check|reviewing\s+(?:our|the|my)\s+(?:records|data|list|cases))"
    r"(?:\s+for\s+(?:the|an?|our|my)\s+(?:audit|review|registry|qa|qi))?\s*[:,-]\s*",
    re.I,
)


# Session 28 (D): the purpose said after the question ("... of P00020 and P00445 for the
# tumour board.", "..., for our mdt"): at the very end only, so that "tumour" there is never read
# as a mass (it had been, silently a wrong kind of finding) while "patients with a tumour" is
_PURPOSE_AT_END = re.compile(
    rf"\s*[,;-]?\s*\bfor\s+(?:{_OCCASION}\s+)?{_PURPOSE_WORDS}\s*[.!]*\s*$",
    re.I,
)


def _letter(text: str) -> str:
    """The question without an e-mail's greeting, request words, purpose label and sign-off."""
    text = _SIGN_OFF.sub("", text)
    text = _TRAILING_THANKS.sub("", text)
    text = _PURPOSE_AT_END.sub("", text)
    text = _GREETING.sub("", text)
    text = _ASKER_DOING.sub("", text)
    text = _ASKER.sub("", text)
    text = _PURPOSE.sub("", text)
    text = _PURPOSE_BEFORE_REQUEST.sub("", text)
    return _REQUEST.sub("", text)


def plain_layout(text: str) -> str:
    """The question without its list markers, form heading, "=" signs and arrows."""
    if len(_MARKER.findall(text)) >= 2:  # a list: at least two marked lines
        text = _MARKER.sub("", text)
    text = _heading(text)
    text = _MEET.sub("", text)
    text = _ARROW.sub(" ", text)
    text = _letter(text)
    text = _LUNG_RADS_SNAKE.sub("lung-rads", text)
    text = _CATEGORY_EQUALS.sub(r"\g<f> ", text)
    text = _INCLUSION.sub("", text)
    text = _EXCLUSION.sub(" but never ", text)
    text = _ATTENUATION_EQUALS.sub(r"\g<value> \g<field>", text)
    return _EQUALS.sub(" ", text)


# "um", "uh", "erm" (not "er": it may be a place, the emergency room); "basically"; "so"
# opening the question (after any other filler); "like" after a filler or before "exactly /
# precisely" ("had like exactly two chest x rays")
_FILLER = re.compile(r"\b(?:um+|uh+|erm+|hmm+|basically)\b,?\s*", re.I)
_OPENING_SO = re.compile(r"^\s*(?:so|ok|okay)\b,?\s+", re.I)
_LIKE = re.compile(
    r"(?:^|(?<=[\s,]))like\b,?\s+(?=(?:exactly|precisely|just|only)\b)|^\s*like\b,?\s+", re.I
)

# A word that only says how the question came ("dictated:", "typed:", "note:", "q:", "fyi:")
# before a colon opening it (part 37, C: "dictated: nodules between five and eight
# millimetres" had "dictated" read as a report's word, a nodule then required in the report,
# silently): no condition, dropped with its colon
# "re clinic list:", "re your email:", "re tomorrow's mdt:": an e-mail's subject line that names
# its occasion, not the cohort (session 28); only these words, so that "re emphysema:" or "re
# spiculated nodules:" keep their subject (a subject dropped whole had lost the finding, silently)
_RE_SUBJECT = (
    r"(?:(?:the|your|my|our|this|today'?s|tomorrow'?s|yesterday'?s|next\s+week'?s)\s+)?"
    r"(?:clinic|ward|mdt|mdm|audit|list|email|e-mail|mail|message|request|query|question|"
    r"meeting|tumou?r\s+board)(?:\s+(?:list|request|query|meeting|review))?"
)
_LEAD_IN = re.compile(
    r"^\s*(?:dictated|dictation|transcribed|transcript|typed|voice\s+note|note|nb|n\.b\.|q|"
    rf"question|query|quick\s+(?:one|question|q)|fyi|re(?:\s+{_RE_SUBJECT})?|ask|request|asking|"
    r"todo|to\s+do)"
    r"\s*:\s*(?=\S)",
    re.I,
)


def drop_fillers(text: str) -> str:
    """The question without the filler words of speech (dictated questions, part 29)."""
    before = None
    while before != text:  # "um so like ...": each filler uncovers the next
        before = text
        text = _FILLER.sub("", text)
        text = _OPENING_SO.sub("", text)
        text = _LIKE.sub("", text)
        text = _LEAD_IN.sub("", text)
    return text
