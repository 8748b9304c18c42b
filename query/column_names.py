"""The cohort's own column names typed into a question, read as the words they stand for.

Parts 56 to 59 (issue 17, shares B and D, merged into this one step) showed people who know the
catalogue typing its columns as they are written ("nodule findings with long_axis_mm > 22",
"volume_mm3 >= 2000 nodules", "psn where solid_component_mm >= 6", "study_uid X: patient_id?",
"body_part split for CT studies", "all finding_id values on acc# A1", "where a pleural_effusion
finding exists"). The readers left each such word unread: the measurement fell back to the
diameter, a volume bound became a year, an identifier's unit was lost (warned, or refused). A
column name is a name the reader knows in other words, so this step writes those words:

- a measured column with its unit in the name ("long_axis_mm", "volume_mm3", "mean_hu") is the
  measurement, and a bare number bounded right after it takes that unit ("long_axis_mm > 22" is
  "long axis > 22 mm", as the Conventions read "long axis" and a number in mm);
- an identifier column asked for ("patient_id?", "distinct patient_id for ...", "finding_id
  values on ...") is the unit it identifies ("patients", "findings"); one followed by its value
  ("study_uid 1.2.826...", "patient_id P00003") names the identifier, as "study uid" does;
- any other column or value with underscores ("body_part", "pleural_effusion", "part_solid") is
  its words with spaces (or the hyphen the vocabulary spells it with);
- a date column is its words ("study_date" "study date", "birth_date" / "date_of_birth" "birth
  date"), so a ranking or a bound on it reads ("order ct angiograms by study_date asc, take 4");
- "<kind> rows" (or "every <kind> row") are the findings of that kind (the findings table's
  rows), "over all rows" after an average adds nothing (it is over the rows asked for),
  "where a <kind> (finding) exists" is "with a <kind>", "accession in (A1, A2)" is "accession
  A1 or A2", and "distinct" before a unit adds nothing (a list of units holds each once).

Only names with an underscore (or "rows" after a kind) are touched: the same words typed as
words were already read. Called as a step of :data:`query.rewrites.REWRITES`.
"""

from __future__ import annotations

import re

__all__ = ["read_column_names"]

# measured columns, their words and the unit their name carries
_MEASURED: dict[str, tuple[str, str]] = {
    "long_axis_mm": ("long axis", "mm"),
    "short_axis_mm": ("short axis", "mm"),
    "diameter_mm": ("diameter", "mm"),
    "mean_diameter_mm": ("mean diameter", "mm"),
    "solid_component_mm": ("solid component", "mm"),
    "volume_mm3": ("volume", "mm3"),
    "mean_hu": ("mean hu", "hu"),
    "study_date": ("study date", ""),
    "birth_date": ("birth date", ""),
    "date_of_birth": ("birth date", ""),
}
_COMPARATOR = r"(?:>=|<=|=>|=<|>|<|=|\u2265|\u2264|over|under|above|below|at\s+least|at\s+most)"
_BOUNDED = re.compile(
    rf"\b(?P<col>{'|'.join(_MEASURED)})\b\s*(?P<cmp>{_COMPARATOR})\s*(?P<n>-?\d+(?:\.\d+)?)"
    r"(?!\s*(?:mm3?|cm|cc|ml|hu)\b)(?![\d.])"
)
_COLUMN = re.compile(rf"\b(?P<col>{'|'.join(_MEASURED)})\b")

# identifier columns and the unit each identifies
_IDENTIFIERS: dict[str, tuple[str, str]] = {
    "patient_id": ("patient id", "patients"),
    "study_uid": ("study uid", "studies"),
    "finding_id": ("finding id", "findings"),
    "accession": ("accession", "studies"),
}
# an identifier column followed by a value (letters with digits, or a dotted number): named
_VALUE_AFTER = r"\s*(?:[:=#]\s*)?(?:[a-z]*\d[\w.]*)"
_ID_ASKED = re.compile(
    rf"\b(?P<col>patient_id|study_uid|finding_id)s?\b(?:\s+values?)?(?!{_VALUE_AFTER})"
)
_ID_NAMED = re.compile(r"\b(?P<col>patient_id|study_uid|finding_id)\b")

# other columns and values written with underscores: the vocabulary's spelling
_SPELLED: dict[str, str] = {
    "part_solid": "part-solid",
    "ground_glass": "ground-glass",
    "lung_rads": "lung-rads",
    "non_screening": "non-screening",
}
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")

_KIND = r"(?:nodules?|masses|mass|pneumothora(?:x|ces)|pleural\s+effusions?|effusions?|"
_KIND += r"consolidations?|hemorrhages?|lesions?|findings?)"
# "nodule rows", "every nodule row", "part-solid nodule rows", "ggn rows": findings of the kind
_KIND_ROWS = re.compile(
    r"\b(?P<kind>nodules?|findings?|masses|mass|ggns?|ggos?|psns?|lesions?|effusions?|"
    r"consolidations?|hemorrhages?|pneumothora(?:x|ces))\s+rows?\b"
)
# "avg over all rows", "across every row": what an average is over already; dropped
_ALL_ROWS = re.compile(
    r"\s*,?\s*\b(?:over|across|among|for|of|from)\s+(?:all|every|each)\s+(?:(?:of\s+)?the\s+)?"
    r"rows?\b"
)
_FINDING_EXISTS = re.compile(
    rf"\bwhere\s+(?:an?|any|at\s+least\s+one)\s+(?P<what>(?:[a-z-]+\s+){{0,2}}?{_KIND})"
    r"(?:\s+findings?)?\s+(?:exists?|is\s+present|is\s+recorded)\b"
)


# "accession in (A1, A2)": SQL's list of values, the identifiers themselves ("accession A1 or A2")
_IN_LIST = re.compile(
    r"\b(?P<col>accessions?|patient\s+ids?|study\s+uids?|finding\s+ids?)\s+in\s*\(\s*"
    r"(?P<values>[a-z0-9.]+(?:\s*,\s*[a-z0-9.]+)+)\s*\)"
)


# "distinct patient_id", "distinct patients": SQL's DISTINCT; a list of units is of distinct ones
_DISTINCT = re.compile(r"\bdistinct\s+(?=(?:patients|studies|findings|pts|people|patient_ids?)\b)")


def _in_list(m: re.Match[str]) -> str:
    values = re.split(r"\s*,\s*", m.group("values"))
    return f"{m.group('col')} {', '.join(values[:-1])} or {values[-1]}"


def _bounded(m: re.Match[str]) -> str:
    words, unit = _MEASURED[m.group("col")]
    return f"{words} {m.group('cmp')} {m.group('n')} {unit}".rstrip()


def _kind_finding(m: re.Match[str]) -> str:
    kind, rows = m.group("kind"), m.group(0).endswith("s")
    finding = "findings" if rows else "finding"
    return finding if kind.startswith("finding") else f"{kind} {finding}"


def _snake(m: re.Match[str]) -> str:
    said = m.group(0)
    return _SPELLED.get(said, said.replace("_", " "))


def read_column_names(text: str) -> str:
    """``text`` with the catalogue's column names said in words (see the module docstring)."""
    text = _ALL_ROWS.sub("", text)
    text = _DISTINCT.sub("", text)
    if "_" in text:
        text = _BOUNDED.sub(_bounded, text)
        text = _COLUMN.sub(lambda m: _MEASURED[m.group("col")][0], text)
        text = _ID_ASKED.sub(lambda m: _IDENTIFIERS[m.group("col")][1], text)
        text = _ID_NAMED.sub(lambda m: _IDENTIFIERS[m.group("col")][0], text)
        text = _SNAKE.sub(_snake, text)
    text = _IN_LIST.sub(_in_list, text)
    text = _KIND_ROWS.sub(_kind_finding, text)
    return _FINDING_EXISTS.sub(r"with a \g<what>", text)
