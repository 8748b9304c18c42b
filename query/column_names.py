"""The catalogue's column names typed in a question, rewritten as the words the reader knows.

People who know the tables type their columns: "nodule rows sorted by diameter_mm desc, first
5", "average mean_hu, part-solid nodules", "order ct angiograms by study_date asc, take 4",
"avg solid_component_mm over part-solid nodule rows". A column name is the measurement (or
date) it stores, so each is written as its plain words ("diameter_mm" is "diameter",
"mean_hu" "mean hu", "study_date" "study date"); a "row" of findings (a kind of finding before
it: "nodule rows", "every nodule row") is a finding, as the Conventions read "rows". A column
that names no measurement the reader knows is left as typed (and named unread). Parts 56 to 59
(B): these had been left unread, the ranking or average lost (warned). A step of
:data:`query.rewrites.REWRITES`, before the typing slips are corrected.
"""

from __future__ import annotations

import re

__all__ = ["read_column_names"]

# Each column as typed (underscores, or none between the words), and the words it stands for.
_COLUMNS: dict[str, str] = {
    "diameter_mm": "diameter",
    "mean_diameter_mm": "diameter",
    "long_axis_mm": "long axis",
    "short_axis_mm": "short axis",
    "solid_component_mm": "solid component",
    "volume_mm3": "volume",
    "mean_hu": "mean hu",
    "study_date": "study date",
    "birth_date": "birth date",
    "date_of_birth": "birth date",
}
_COLUMN = re.compile(
    r"(?<![\w])(?P<name>" + "|".join(re.escape(name) for name in _COLUMNS) + r")(?![\w])"
    # a bare number compared with it (no unit after it)
    r"(?P<compared>\s*(?:[<>]=?|=|\u2264|\u2265)\s*-?\d+(?:\.\d+)?(?![\w.%]|\s*(?:mm|cm|hu|cc)\b))?"
)
# "nodule rows", "every nodule row", "part-solid nodule rows": rows of findings
_FINDING_ROWS = re.compile(
    r"\b(?P<kind>nodules?|findings?|masses|mass|ggns?|ggos?|psns?|lesions?|effusions?|"
    r"consolidations?|pneumothora(?:x|ces))\s+rows?\b"
)


# "avg over all rows", "across every row": the rows the question asks for, which is what an
# average is over already: said of no kind, the words add nothing and are dropped
_ALL_ROWS = re.compile(
    r"\s*,?\s*\b(?:over|across|among|for|of|from)\s+(?:all|every|each)\s+(?:(?:of\s+)?the\s+)?"
    r"rows?\b"
)
# A column stored in a unit, compared with a bare number ("diameter_mm > 10"): the number is
# in the column's unit, said after it ("diameter > 10 mm")
_UNITS = {"_mm": "mm", "_mm3": "mm3", "_hu": "hu"}


def _column(m: re.Match[str]) -> str:
    name, compared = m.group("name"), m.group("compared")
    unit = next((u for suffix, u in _UNITS.items() if name.endswith(suffix)), None)
    if compared is None:
        return _COLUMNS[name]
    return f"{_COLUMNS[name]}{compared}{f' {unit}' if unit else ''}"


def _kind_finding(m: re.Match[str]) -> str:
    kind, rows = m.group("kind"), m.group(0).endswith("s")
    finding = "findings" if rows else "finding"
    return finding if kind.startswith("finding") else f"{kind} {finding}"


def read_column_names(text: str) -> str:
    """``text`` (lower case) with column names as words and rows of findings as findings."""
    text = _ALL_ROWS.sub("", text)
    text = _COLUMN.sub(_column, text)
    return _FINDING_ROWS.sub(_kind_finding, text)
