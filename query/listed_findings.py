"""What a list of findings lists (part 38, share D).

By the cohort's conventions "X nodules" are answered with the studies that have them, and
earlier fixes kept "give me the nodules of women over 70" studies. Blind writers read "list the
nodules" both ways, so the reader keeps one general rule that is never silent:

- where the question pins one study (one study UID or accession) and asks for a kind of finding
  heading it ("list the nodules on study uid X", "which nodules are on accession A1"), or names
  the study first and then, after a break, asks for its findings ("accession A1: which of its
  nodules are over 6 mm?"), "the nodules" on that study can only be its findings: listing the
  one study would answer nothing asked ("nodules on accession A1", "any nodules on acc A1?" ask
  whether it has one: the study);
- where "list / enumerate / itemise" asks for a kind of finding with no unit word and the answer
  stays studies by the conventions ("psn w smooth margins, list", "nodules 1-2 cm, list them"),
  the answer says so and names the other reading, so it is never silently the wrong unit; so
  does "which / what" asking for a kind of finding with no unit word ("which nodules grew by
  more than 4 mm?").
"""

from __future__ import annotations

import re

from query.clauses import Clause, position
from query.reading import Parts

__all__ = ["findings_of_one_study", "listed_findings_caution"]

_STUDY_KIND_FIELDS = ("modality", "body_part", "description")
_LIST_VERB = re.compile(r"\b(?:list|listing|enumerate|itemi[sz]e)\b")
# the findings asked for, not asked about: "list / show me / give me / what / which (the) ...
# nodules on accession A1"; "nodules on accession A1", "any nodules on acc A1?" ask whether the
# study has one, and the study answers them (earlier parts)
_ASKED_FOR = re.compile(
    r"\b(?:list|show(?:\s+(?:me|us))?|give\s+(?:me|us)|get\s+(?:me|us)|display|enumerate|"
    r"itemi[sz]e|what|which)\s+(?:(?:all\s+)?(?:of\s+)?(?:the|its|every|each)\s+|all\s+)?"
    r"(?:[a-z-]+\s+){0,3}$"
)

# a break after the study named first: a colon, a dash, a semicolon or a comma
_BREAK = re.compile(r"\s*(?:[:;,]|\s-+|\u2014|\u2013)\s*")

# "which nodules grew ...", "what solid nodules are in the rul": the kind of finding asked for
# right after "which" / "what" (a verb there asks about something else: "which is ...")
_WHICH = re.compile(
    r"\b(?P<which>which|what)\s+(?:(?!(?:is|are|was|were|has|have|had|do|does|did|of)\b)"
    r"[a-z-]+\s+){0,2}$"
)


def _head_clause(parts: Parts, clauses: list[Clause]) -> Clause | None:
    """The clause of a kind of finding that comes before any unit word or kind of study: the
    thing the question is about ("nodules on accession A1"), not a condition of it ("ldcts with
    nodules")."""
    kinds = [c for c in clauses if c.kinds and c.positions and not c.absent and not c.never]
    if not kinds:
        return None
    head = min(kinds, key=lambda c: min(c.positions))
    at = min(head.positions)
    units = [p for role, p, _ in parts.roles if role in ("patient", "study", "finding", "count")]
    studies = [position(parts, g) for g in parts.grounded if g.term.field in _STUDY_KIND_FIELDS]
    if any(p < at for p in studies) or units:
        return None
    return head


def findings_of_one_study(parts: Parts, clauses: list[Clause]) -> bool:
    """Does a question whose identifiers pin one study ask for the kind of finding heading it,
    with no unit word ("list the nodules on study uid X", "show me the masses on accession A1")?
    Then its findings are asked for (part 38: the one study had been listed, silently)."""
    if parts.aggregates or parts.tops or parts.groups:
        return False
    studies = {i.value for i in parts.identifiers if i.kind in ("study", "accession")}
    if len(studies) != 1:
        return False
    head = _head_clause(parts, clauses)
    if head is None:
        return False
    pinned = [i for i in parts.identifiers if i.kind in ("study", "accession")]
    at = min(i.start for i in pinned)
    start = min(head.positions)
    if start < at:
        return _ASKED_FOR.search(parts.text, 0, start) is not None
    # the study named first, then a break and the question about its findings: "accession A1:
    # which of its nodules measure over 6 mm?", "study uid X - list the masses" (part 58)
    end = max(i.end for i in pinned)
    said = _BREAK.search(parts.text, end, start)
    return said is not None and _ASKED_FOR.search(parts.text, said.end(), start) is not None


def listed_findings_caution(parts: Parts, clauses: list[Clause]) -> str | None:
    """The caution of a list of findings answered with studies, or None: "list" asks for a kind
    of finding with no unit word named, and the conventions answer the studies that have them
    (part 38: "psn w smooth margins, list" had listed studies, silently, where the writer meant
    each nodule). "which nodules grew ...?" asks the same way (part 50: studies, silently)."""
    head = _head_clause(parts, clauses)
    if head is None:
        return None
    verb = "list" if _LIST_VERB.search(parts.text) else None
    if verb is None and not parts.groups:
        which = _WHICH.search(parts.text, 0, min(head.positions))
        verb = which.group("which") if which else None
    if verb is None:
        return None
    kind = head.kinds[0]
    kinds = kind + ("es" if kind.endswith(("s", "x")) else "s")
    return (
        f"'{verb}' with '{kinds}' and no unit word is answered with the studies that have "
        f"them (the unit of '{kinds}' by the Conventions); ask for '{kind} findings' for "
        f"each {kind}"
    )
