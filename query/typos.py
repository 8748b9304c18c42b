"""A hurried typist's slips in the reader's own words, written right before the rules run.

The grounder corrects misspelt vocabulary forms (``query.grounding``), and the reader corrects a
few unit and structural words (``reading._spelt_like``) by a similarity ratio; neither sees a
transposition in a short word ("beofre", "nodlue", "scaned") or the words the date and
comparison rules look for ("octobre", "biger"). Left as typed, those words went unread and the
rule they carried was lost (part 34: "effusions beofre april 2023" lost its bound).

One place corrects them: a word of five or more letters that is not itself a known word is
respelt to the word of :data:`LEXICON` it is one edit (a letter added, dropped, changed, or two
neighbours swapped) away from, when exactly one lexicon word is that close and it starts with the
same letter. Known words (the lexicon, the vocabulary's forms and the words :data:`KNOWN` lists)
are never changed, so a correction cannot turn one meaningful word into another ("scanner" is
not "scanned"). "then" after a comparative ("more then one") is "than". Each correction is said
in the answer's notes. The check is a loop over a fixed list, built once: nothing is compiled
per question.
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
from collections.abc import Callable
from pathlib import Path

from query.dates import MONTH_NAMES
from query.grounding import SPELLING_THRESHOLD
from query.vocabulary import terms_by_form

__all__ = [
    "KNOWN",
    "LEXICON",
    "correction",
    "form_words",
    "one_edit",
    "reader_words",
    "respell",
    "split_compounds",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEXICON = _words(
    # months, as the date rules read them
    "january february march april june july august september october november december "
    # order and comparison
    "before after between since until during within older younger bigger larger smaller "
    "greater fewer higher lower longer shorter earlier later latest earliest previous "
    "never again twice times least exactly without "
    # the reader's nouns and verbs
    "nodule nodules finding findings studies patients people scanned screened imaged "
    "increased decreased "
    # the fields the rankings and averages name (part 35: "by confidance", "averge")
    "confidence average median diameter volume largest smallest highest oldest youngest newest "
    # the words of a breakdown ("lr breakdwon", "exams per scaner"; part 36, C)
    "breakdown scanner "
    # a breakdown's field and the organ (part 42, A: "by descripton", "in both lunsg")
    "description lungs "
    # the words of dates, units and bounds the rules look for (part 37, C: "yeaar", "centimter",
    # "anythign", "pateint")
    "year years month months anything anyone anybody centimeter centimeters centimetre "
    "centimetres millimeter millimeters millimetre millimetres "
    # a margin said as a border ("smooth-borderd ggo", part 40, J)
    "bordered "
    # the words that leave people out ("exluding anyone ever scanned on ...", part 42, B)
    "excluding except "
    # the words of set logic ("imaging in bothe 2023 and 2026", part 44, C)
    "both either neither "
    # a breakdown's field words (issue 17, session 26: "lung-rads catagory", "per acquistion
    # station")
    "category categories station stations acquisition "
)
# Short words, where only two neighbours swapped is read as a slip (part 35: "szie"): a letter
# added, dropped or changed in a four-letter word too often makes another word ("form", "from").
# Part 45 (D): "18 mm or mroe" lost its bound, and "lobulated-edge" went unread: the
# comparison's short words and the margin's "edge" are among them; "how mnay" (session 26) too.
SHORT = _words("size scan scans mass lobe mean patient more less over than edge many")
# Slips of a short word of the reader's (part 37, C: "haed", "yeaar", "womem"), read only when
# the slip is one a hurried typist makes and no English word: two neighbours swapped, a letter
# doubled, or (in a word of five letters or more) a letter struck with its neighbour on the
# keyboard or a letter dropped ("centimter"): in a short word those make another word too often
# ("scam", "stud"). English words one such slip away are listed in KNOWN.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Words that are one edit from a lexicon word but mean something else; never respelt.
KNOWN = _words(
    "scanner scanners screener scans screen screens image images imager lesser letter "
    "lover lowers hither tines timed timer tomes least lease beast after afters other "
    "others since singe nodular studied studier studios finder finders findings later "
    "layer latter water biggie larder marches marcher augusta julys junes never fever "
    "lever seven newer order orders olden elder match marsh lager laser latex latent loser "
    "lowed tiles tides twine trice increases decreases shorted longed patient person study "
    # "follow-up spanned three years" is no "scanned", "altered" no "after"
    "spanned alter altered funding "
    # one or two edits from a field word above, meaning something else
    "medial confident confidant avenge overage volumes diameters averaged averages averaging "
    "medians confidences "
    # English words one slip from a short word of the reader's (part 37, C)
    "makes based sided sides fills mates miles mules bread breed blend women woken heal heed "
    "herd hear heat yearn yeas yarn lover rower tower mine mind mend cheat mixes loves lobed "
    "noses nosed spoked spikes massed filly scabs scams spied loner party cats does brian "
    "medina prat puree basses laddy loeb "
    # English words one slip from a word of another rule's (part 39: the whole vocabulary)
    "statin "
    # English words one edit from "lungs" (part 42, A)
    "lunge lunges lungi "
    # English words one edit from "both", "either" (part 44, C)
    "booth botch broth bother bathe bothy"
)
_SLIP_LENGTH = 6
"""Words this long or shorter may be a letter struck with its neighbour or dropped (part 37)."""
_TWO_EDITS_FROM = 9
"""Words this long (and the lexicon words they are read as) may be two edits away (part 35)."""
_COMPARATIVE_THEN = re.compile(
    r"\b(more|less|fewer|older|younger|bigger|larger|smaller|greater|higher|lower|longer|"
    r"shorter|other|rather|earlier|later)\s+then\b"
)
_WORD = re.compile(r"(?<![\w/.'-])[a-z]{4,}(?![\w/'-])")
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _w in sorted(LEXICON):
    _BY_FIRST[_w[0]] = (*_BY_FIRST.get(_w[0], ()), _w)


@functools.cache
def form_words() -> frozenset[str]:
    """Every word of the vocabulary's forms (built once, on first use)."""
    return frozenset(w for form in terms_by_form() for w in re.findall(r"[a-z]+", form))


_READER_TOKEN = re.compile(r"(?<![a-z\]\)?])[a-z]{5,}(?![a-z(\[?*+{])")
"""A whole word of five or more letters in a pattern or word list: not a fragment of an
alternation ("p(?:atient)") nor a word with an optional ending ("nodules?")."""
_PATTERN_NOISE = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)|\\[a-zA-Z]")


@functools.cache
def reader_words() -> frozenset[str]:
    """Every word of five or more letters the reader's rules look for: the words of the string
    constants (patterns, word lists, tables such as ``numbers``' "septuagenarian") of the
    ``query`` package's modules, docstrings left out (built once, on first use).

    Part 39: the corrector knew only its own lexicon and the vocabulary's forms, so a slip of a
    word another rule reads ("categroy", "intreval", "staton", "grwoing") was left unread. The
    rules' own words are the reader's whole vocabulary; a word among them is also never
    "corrected" into another."""
    words: set[str] = set()
    for text in _constants():
        words.update(_READER_TOKEN.findall(_PATTERN_NOISE.sub(" ", text)))
    return frozenset(words)


@functools.cache
def _constants() -> tuple[str, ...]:
    """The string constants of the ``query`` package's modules, docstrings left out (read
    once)."""
    found: list[str] = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found.extend(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        )
    return tuple(found)


def one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one edit apart (a letter added, dropped or changed, or two
    neighbouring letters swapped)?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def two_edits(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` at most two edits apart (restricted Damerau-Levenshtein)?"""
    if abs(len(a) - len(b)) > 2:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1] <= 2


def _swapped(a: str, b: str) -> bool:
    """Is ``a`` ``b`` with two neighbouring letters swapped?"""
    return len(a) == len(b) and a != b and one_edit(a, b) and sorted(a) == sorted(b)


def _neighbours(a: str, b: str) -> bool:
    """Are the letters ``a`` and ``b`` side by side on a keyboard's row?"""
    return any(
        abs(row.index(a) - row.index(b)) == 1 for row in _KEYBOARD_ROWS if a in row and b in row
    )


def _typist_slip(word: str, known: str) -> bool:
    """Is ``word`` ``known`` with a hurried typist's slip: two neighbours swapped ("haed"), a
    letter doubled ("yeaar"), or, in a word of five or six letters, a letter struck with its
    keyboard neighbour ("womem") or a letter dropped ("centimter" is the lexicon's rule)?"""
    if word[0] != known[0]:
        return False
    if _swapped(word, known):
        return True
    if len(word) == len(known) + 1:  # a doubled letter: the added one repeats its neighbour
        return any(
            word[i] == word[i - 1] and word[:i] + word[i + 1 :] == known
            for i in range(1, len(word))
        )
    if len(word) > _SLIP_LENGTH:  # a longer word: only those two ("pateint")
        return False
    if len(word) == len(known):
        diff = [i for i in range(len(word)) if word[i] != known[i]]
        return len(diff) == 1 and len(word) >= 5 and _neighbours(word[diff[0]], known[diff[0]])
    return (
        len(word) >= 5
        and len(known) == len(word) + 1
        and not known.startswith(word)  # "nodul", "change": a word cut short, not a slip
        and one_edit(word, known)
    )


def _swapped_form(word: str, known: str) -> bool:
    """Is ``word`` the one-word form ``known`` with two neighbours swapped ("lunsg")? The grounder
    reads a word so only inside a form of its own size, and "lunsg" is spelt like "lung" only
    within "lung nodule": alone it had been left unread (part 42, A)."""
    return _swapped(word, known) and known in terms_by_form()


def _grounder_reads(word: str) -> bool:
    """Is ``word`` spelt like a word of the vocabulary's forms by the grounder's own rule
    (:func:`query.grounding._spelt_as`), which reads it and says its guess?"""
    return any(
        w[0] == word[0] and difflib.SequenceMatcher(None, word, w).ratio() >= SPELLING_THRESHOLD
        for w in form_words()
    )


@functools.cache
def _short_words() -> tuple[str, ...]:
    """The reader's own words a typist's slip may be read as (built once)."""
    words = form_words() | LEXICON | SHORT | reader_words()
    return tuple(sorted(w for w in words if len(w) >= 4 and w.isalpha()))


# The two consonants an English word may end with; a four-letter word ending otherwise ("nevr")
# is no English word, so a vowel dropped from a five-letter word of the reader's is read as the
# slip ("lest", "seen" stay: English words, not "least", "seven")
_ENGLISH_ENDINGS = _words(
    "st nd nt ld lt rd rt rn rm rk rs ns ts ks ck sk sp ft pt ct mp nk ng th sh ch ll ss ff "
    "lk lf lm lp rb rf rp rl wn wl ws ds ms ls gs ps bs lb"
)
_VOWELS = frozenset("aeiou")


def _own_word(word: str) -> bool:
    """Is ``word`` one of the corrector's own lists or the vocabulary's forms (not only a word
    of another rule's)? A letter struck with its keyboard neighbour is read only as one of
    these: among the rules' many words it too often makes another English word ("wrote" is no
    "write", "scores" no "scored")."""
    return word in LEXICON or word in SHORT or word in form_words()


def _vowel_dropped(word: str, known: str) -> bool:
    """Is the four-letter ``word`` the five-letter ``known`` with a vowel left out, ending in
    two consonants no English word ends with ("nevr")?"""
    if len(word) != 4 or len(known) != 5 or word[0] != known[0] or not one_edit(word, known):
        return False
    dropped = next(known[i] for i in range(5) if i == 4 or word[i] != known[i])
    ending = word[-2:]
    return (
        dropped in _VOWELS
        and not _VOWELS & set(ending)
        and ending not in _ENGLISH_ENDINGS
        and ending[0] != ending[1]
    )


@functools.lru_cache(maxsize=4096)
def correction(word: str) -> str | None:
    """The lexicon word ``word`` is a slip of, when there is exactly one, else None."""
    if (
        word in LEXICON
        or word in KNOWN
        or word in SHORT
        or word in form_words()
        or word in reader_words()
    ):
        return None
    # "szie", "haed", "yeaar", "womem", "pateint": a typist's slip of one of the reader's words;
    # a four-letter word only as the short list's or the vocabulary's ("jnue" stays: too short
    # to tell), and none the grounder reads as a misspelt form itself ("grund glass", "part
    # solidd": its guess is said as a caution)
    slips = [
        w
        for w in _short_words()
        if (
            _typist_slip(word, w)
            and (len(word) > 4 or w in SHORT or w in form_words())
            and (_own_word(w) or len(w) != len(word) or _swapped(word, w))
        )
        or _vowel_dropped(word, w)
    ]
    if len(slips) == 1 and (not _grounder_reads(word) or _swapped_form(word, slips[0])):
        return slips[0]
    if len(word) == 4:  # "szie": only a swap, only to a short word of the reader's
        return None
    if any(w.startswith(word) and w != word + "e" for w in _BY_FIRST.get(word[0], ())):
        return None  # "patient", "increase": another form of a lexicon word, not a slip
    close = [w for w in _BY_FIRST.get(word[0], ()) if one_edit(word, w)]
    if not close and len(word) >= _TWO_EDITS_FROM:  # "confidance", "spiculatted" ...
        close = [
            w
            for w in _BY_FIRST.get(word[0], ())
            if len(w) >= _TWO_EDITS_FROM and two_edits(word, w)
        ]
    return close[0] if len(close) == 1 else None


def rewrite_words(
    pattern: re.Pattern[str],
    text: str,
    rewrite: Callable[[str], str | None],
    notes: list[str] | None,
    why: str,
) -> str:
    """``text`` with each match of ``pattern`` that ``rewrite`` reads otherwise replaced by its
    reading, each said in ``notes`` ("'beofre' read as before (spelling)"); the corrector and
    :mod:`query.run_together` both rewrite words so."""

    def replace(m: re.Match[str]) -> str:
        read = rewrite(m.group(0))
        if read is None:
            return m.group(0)
        if notes is not None:
            notes.append(f"'{m.group(0)}' read as {read} ({why})")
        return read

    return pattern.sub(replace, text)


# Part 48 (C): "growing sold nodules": a nodule's feature with a letter dropped makes an English
# word ("sold"), which the corrector keeps; right before a finding's noun no English word of
# that spelling is meant, so there it is read as the feature when exactly one is one edit away
_GROUNDER_MIN = 5
"""The grounder respells a single misspelt word of this many letters or more."""
_FEATURES = _words("solid subsolid smooth lobulated spiculated calcified uncalcified noncalcified")
_BEFORE_FINDING = re.compile(
    r"(?<![\w/.'-])[a-z]{4,}(?=\s+(?:nodules?|nods?|lesions?|ggns?|ggos?|psns?|masse?s?)\b)"
)


def _feature_slip(word: str) -> str | None:
    """The nodule feature ``word`` (said before a finding's noun) is a slip of, if exactly one."""
    if word in _FEATURES or word in LEXICON or word in SHORT or word in form_words():
        return None
    # "calcifed": a single word of five letters or more the grounder reads itself, its guess
    # said as a caution (query.grounding respells no shorter one, so "sold" is read here)
    if len(word) >= _GROUNDER_MIN and _grounder_reads(word):
        return None
    close = [f for f in _FEATURES if f[0] == word[0] and one_edit(word, f)]
    return close[0] if len(close) == 1 else None


def respell(text: str, notes: list[str] | None = None) -> str:
    """``text`` (lower case) with the reader's own words written right; each correction is
    added to ``notes`` ("'beofre' read as before (spelling)")."""
    text = rewrite_words(_WORD, text, correction, notes, "spelling")
    text = rewrite_words(_BEFORE_FINDING, text, _feature_slip, notes, "spelling")
    return _COMPARATIVE_THEN.sub(r"\1 than", text)


_MONTHS = "|".join(MONTH_NAMES)
_MONTH_RANGE = re.compile(rf"(?:{_MONTHS})(?:[-/](?:{_MONTHS}))+")
_COMPOUND = re.compile(r"(?<![\w/.'-])[a-z]{2,}(?:[-/][a-z]{2,})+(?![\w/'-])")
_SOURCE_COMPOUND = re.compile(r"[a-z]+(?:[-/][a-z]+)+")


@functools.cache
def known_compounds() -> frozenset[str]:
    """Every hyphenated or slashed compound the reader's rules or the vocabulary's forms spell
    ("ground-glass", "lung-rads", "and/or"): these are read as typed (built once)."""
    found: set[str] = set()
    for text in _constants():
        found.update(_SOURCE_COMPOUND.findall(text.lower()))
    for form in terms_by_form():
        found.update(_SOURCE_COMPOUND.findall(form))
    return frozenset(found)


def _part_read(word: str) -> str | None:
    """``word`` as the reader knows it (respelt when it is a slip of one of its words), or None
    when it is no word of the reader's."""
    if (
        word in LEXICON
        or word in SHORT
        or word in KNOWN
        or word in form_words()
        or word in reader_words()
    ):
        return word
    return correction(word) if len(word) >= 4 else None


def _compound_parts(token: str) -> str | None:
    """The parts of a compound no rule spells ("mean-diameter": "mean diameter", "brain/head":
    "brain or head"), when every part is a word the reader knows; else None."""
    if token in known_compounds() or _MONTH_RANGE.fullmatch(token):
        return None  # "july-september": a range of months, which the date rules read
    words = re.split(r"([-/])", token)
    read = [_part_read(w) for w in words[::2]]
    if any(r is None for r in read):
        return None
    out = [str(read[0])]
    for sep, word in zip(words[1::2], read[1:], strict=True):
        out.append(f"or {word}" if sep == "/" else str(word))
    return " ".join(out)


def split_compounds(text: str, notes: list[str] | None = None) -> str:
    """``text`` (lower case) with each hyphenated or slashed compound that no rule spells written
    as its parts: a hyphen as a space ("unchanged-size", "short-axis", "smooth-borderd", each part
    respelt as :func:`correction` reads it), a slash as "or" ("brain/head ct": one kind said two
    ways, "ct/mri": either). Part 40 (J): such a compound was one unknown word, left unread
    (warned), though each of its parts was a word the reader knows. A compound a rule or a
    vocabulary form spells ("ground-glass", "lung-rads") is kept as typed; a part the reader does
    not know ("non-smoker", "w/o") keeps the whole as typed."""
    text = _HYPHENATED.sub(lambda m: _compound_respelt(m.group(0), notes), text)
    return _COMPOUND.sub(lambda m: _split_noted(m.group(0), notes), text)


_HYPHENATED = re.compile(r"(?<![\w/.'-])[a-z]+(?:-[a-z]+)+(?![\w/'-])")


def _compound_respelt(token: str, notes: list[str] | None) -> str:
    """A hyphenated compound with a typist's slip in one part, whose respelt whole is one the
    reader spells ("x-rasy": "x-rays", "lung-rasd": "lung-rads"), as the reader spells it. Part
    43 (D): the slip was in a part too short for :data:`_COMPOUND` ("x") or the whole was a form
    to keep joined, so the compound was left unread (warned)."""
    if token in known_compounds():
        return token
    parts = token.split("-")
    found = {c for c in known_compounds() if _slipped_once(parts, c.split("-"))}
    if len(found) != 1:
        return token
    (respelt,) = found
    if notes is not None:
        notes.append(f"'{token}' read as {respelt} (spelling)")
    return respelt


def _slipped_once(parts: list[str], known: list[str]) -> bool:
    """Are ``parts`` the parts ``known`` with one typist's slip in one part of four letters or
    more (the others as spelt)?"""
    if len(parts) != len(known):
        return False
    differ = [(p, k) for p, k in zip(parts, known, strict=True) if p != k]
    return len(differ) == 1 and len(differ[0][0]) >= 4 and _typist_slip(*differ[0])


def _split_noted(token: str, notes: list[str] | None) -> str:
    read = _compound_parts(token)
    if read is None:
        return token
    respelt = [w for w in re.split(r"[-/]", token) if w not in read.split()]
    if respelt and notes is not None:
        notes.append(f"'{token}' read as {read} (spelling)")
    return read
