"""A cohort question about one model version: "nodules found by model 0.2.4".

Shadow findings (``shadow_findings``, :mod:`appliance.catalogue.shadow`) never reach a cohort
answer unless the question names their version. This module is the only way in:

- :func:`read_version` finds the words that name a version ("found by model 0.2.4", "of the
  shadow model 0.3.0", "did version 0.3.0 flag", "lung_nodule@0.3.0") and takes them out of the
  question, so the reader (:mod:`query.parser`) reads the rest as always;
- :meth:`VersionPhrase.attach` looks the version up in the catalogue and sets
  :attr:`TypedQuery.model_version <query.typed_query.TypedQuery.model_version>`, or refuses
  with the versions the catalogue holds (a version it never stored, "the shadow model" without
  a version, two versions at once);
- :func:`version_scope` gives the compiler the ``WITH`` prefix that makes the statement see
  that version's analyses only: ``findings`` becomes its findings (live ones from ``findings``,
  where the version analysed a series live; shadow ones from ``shadow_findings`` elsewhere),
  ``studies`` the studies it analysed, each with the version's own Lung-RADS category. The rest
  of the statement is compiled as for any question, and the version is a bound parameter;
- :func:`describe` is the version's part of the interpretation.

Live findings are replaced when a series is analysed again (``record_analysis``), so a live
version's findings are those still stored: the series whose latest live analysis
(``series_monitoring``) is by that version.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Literal

from appliance.catalogue.database import Database
from appliance.errors import QueryError
from query.rewrites import MAX_QUESTION_CHARS
from query.typed_query import ModelVersion, TypedQuery

__all__ = ["VersionPhrase", "describe", "read_version", "version_scope"]

# The words that name a version: what leads to it ("found by", "of the", "did"), a qualifier
# ("shadow", "live"), a key word ("model", "version", "v"), NAME@ and the version itself, then
# what may follow ("'s", "(shadow)", "in shadow mode", a verb: "did version 0.3.0 flag").
_LEAD = (
    r"(?:\b(?:that|which)\s+)?(?:\b(?:was|were|is|are|has\s+been|have\s+been)\s+)?"
    r"\b(?:found|detected|flagged|seen|reported|called|marked|identified|picked\s+up|graded|"
    r"categori[sz]ed|classified|scored|produced|returned|analy[sz]ed)\s+"
    r"(?:by|with|from|using|under|in)\s+"
    r"|\b(?:according\s+to|as\s+per|per|by|from|of|with|using|under|in|for|on)\s+"
    r"|\b(?:did|does|do|has|have|had|would|will)\s+"
)
_VERBS = (
    r"found|find|finds|flagged|flag|flags|detected|detect|detects|called|call|calls|reported|"
    r"report|reports|saw|see|sees|identified|identify|identifies|picked\s+up|pick\s+up|picks\s+up|"
    r"graded|grade|grades|categori[sz]ed|categori[sz]e|categori[sz]es|classified|classify|"
    r"classifies|marked|mark|marks"
)
_PHRASE = re.compile(
    rf"(?P<lead>{_LEAD})?"
    r"(?:\b(?:the|a)\s+)?"
    r"(?:\b(?P<qual>shadow|live|production|current|candidate)\s+)?"
    r"(?P<key>(?<!scanner\s)(?:\blung_nodule\s+)?\b(?:model|algorithm|detector)(?:\s+version)?\s*"
    r"|\bversion\s*|\bver\.?\s*)?"
    r"(?:\b(?P<name>[a-z][a-z0-9_\-]*)@)?"
    r"(?P<v>\bv\.?\s*)?"
    r"(?P<version>\d+(?:\.\d+){1,3}(?:[-+](?:rc|alpha|beta|dev|pre|post|a|b)\.?\d*)?)"
    r"(?![\w@]|\.\d)"
    r"(?:['’]s\b)?"
    r"(?:\s*\((?P<tail>shadow|live)\)|\s+(?:running\s+|run\s+|ran\s+)?in\s+"
    r"(?P<tail2>shadow|live)(?:\s+mode)?\b)?"
    rf"(?:\s+(?:{_VERBS})\b)?",
    re.IGNORECASE,
)
# "the shadow model" without a version: refused with the shadow versions stored.
_UNNAMED_SHADOW = re.compile(
    r"\bshadow\s+(?:models?|versions?|mode|findings?|analys[ie]s|results?|runs?)\b"
    r"|\bin\s+shadow\b|\bshadow(?:ed)?\s+(?:nodules?|lesions?)\b",
    re.IGNORECASE,
)
# Every phrase above holds one of these: most questions are passed on after this one search.
_HINT = re.compile(r"model|version|\bver\b|algorithm|detector|shadow|candidate|@|\bv\.?\s*\d", re.I)
_BARE_VERSION = re.compile(r"(?<![\w.])v?(\d+\.\d+\.\d+)(?![\w@]|\.\d)", re.IGNORECASE)
_CATEGORY_SYSTEM = re.compile(r"(?:\brads|\blr)[\s\-]*$", re.IGNORECASE)
_QUALIFIERS: dict[str, Literal["live", "shadow"]] = {
    "shadow": "shadow",
    "candidate": "shadow",
    "live": "live",
    "production": "live",
    "current": "live",
}
Asked = Literal["any", "live", "shadow"]


@dataclasses.dataclass(frozen=True)
class VersionPhrase:
    """What :func:`read_version` found: the question without the words naming a version, the
    version named (if any) and whether "shadow" was said without one."""

    rest: str
    version: str | None = None
    model_name: str | None = None
    asked: Asked = "any"
    unnamed_shadow: bool = False

    def attach(self, query: TypedQuery, db: Database) -> TypedQuery:
        """The reading of :attr:`rest` restricted to the named version, looked up in the
        catalogue; unchanged when the question names none (nothing is looked up then)."""
        if self.version is None and not self.unnamed_shadow:
            return query
        if self.version is None:
            raise QueryError(
                "shadow findings are answered only for a model version named in the question "
                "(for example 'nodules found by shadow model X'); "
                + _listing(_stored(db), only="shadow")
            )
        version = _resolve(self, db)
        cautions = list(query.cautions)
        if self.asked == "shadow" and not version.shadow:
            cautions.append(
                f"model version {version.version} has no shadow analyses in this catalogue "
                "(it analysed as the live version): its live findings are answered"
            )
        if self.asked == "live" and not version.live:
            cautions.append(
                f"model version {version.version} has no live findings in this catalogue (it "
                "ran as a shadow version): its shadow analyses are answered"
            )
        if version.shadow:
            _refuse_over_time(query, version)
        suffix = _canonical(self, version)
        return dataclasses.replace(
            query,
            model_version=version,
            cautions=tuple(cautions),
            alternatives=tuple(f"{alt} {suffix}" for alt in query.alternatives),
        )


def read_version(question: str) -> VersionPhrase:
    """Find the words naming a model version and take them out of ``question``.

    A version needs a key word before it ("model", "version", "algorithm"), "shadow", a "v"
    ("v0.3.0") or a model name ("lung_nodule@0.3.0"): a bare "0.3" stays a number. Naming two
    different versions is refused (comparing versions is ``scanside models compare``).
    """
    if len(question) > MAX_QUESTION_CHARS or not _HINT.search(question):
        return VersionPhrase(question)  # (the reader refuses a question too long)
    found, at = [], 0
    while (match := _PHRASE.search(question, at)) is not None:
        if _names_version(match):
            found.append(match)
            at = match.end()
        else:  # a plain number ("1.2.840...", "0.9"): it must not take the words after it
            at = match.start() + 1
    versions = {m.group("version").lower() for m in found}
    if versions:  # "model 0.2.4 and 0.3.0": a second x.y.z beside a version is one too
        versions |= {v.lower() for v in _BARE_VERSION.findall(question)}
    if len(versions) > 1:
        raise QueryError(
            "the question names more than one model version ("
            + ", ".join(sorted(versions))
            + "); ask about one version at a time (how two versions differ is "
            "'scanside models compare LIVE SHADOW' or GET /api/v1/models/compare)"
        )
    rest = question
    for match in reversed(found):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    rest = re.sub(r"\s+", " ", rest).strip()
    unnamed = bool(_UNNAMED_SHADOW.search(rest))
    if not found:
        return VersionPhrase(question, unnamed_shadow=unnamed)
    asked: Asked = "any"
    names = set()
    for match in found:
        word = (match.group("qual") or match.group("tail") or match.group("tail2") or "").lower()
        asked = _QUALIFIERS.get(word, asked)
        if match.group("name"):
            names.add(match.group("name").lower())
    if unnamed:  # "by version 0.3.0 in shadow": "shadow" qualifies the version named
        asked = "shadow"
        rest = _UNNAMED_SHADOW.sub(" ", rest)
        rest = re.sub(r"\s+", " ", rest).strip()
    return VersionPhrase(
        rest,
        version=versions.pop(),
        model_name=names.pop() if len(names) == 1 else None,
        asked=asked,
    )


def _names_version(match: re.Match[str]) -> bool:
    """Only a key word, "shadow", a "v" or NAME@ makes a dotted number a version, and not
    after "Lung-RADS" ("Lung-RADS v1.1" is the older edition of Lung-RADS)."""
    introduced = (
        match.group("key")
        or match.group("name")
        or match.group("v")
        or (match.group("qual") or "").lower() in ("shadow", "candidate")
    )
    starts = [match.start(g) for g in ("qual", "key", "name", "v") if match.group(g)]
    before = match.string[: min(starts, default=match.start("version"))]
    return bool(introduced) and not _CATEGORY_SYSTEM.search(before)


# --- the catalogue ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Stored:
    """The versions the catalogue holds: (model name, version) pairs."""

    live: frozenset[tuple[str, str]]
    shadow: frozenset[tuple[str, str]]
    replaced: frozenset[tuple[str, str]]
    """Live versions whose findings were all replaced by a later version's analysis."""


_TABLES = ("findings", "series_monitoring", "shadow_analyses", "shadow_findings")
# The live analysis still stored for a series is its latest (findings are replaced).
_CURRENT_LIVE = (
    "SELECT m.series_uid, m.study_uid, m.model_name, m.model_version FROM (SELECT series_uid, "
    "study_uid, model_name, model_version, row_number() OVER (PARTITION BY series_uid ORDER BY "
    "analysed_at DESC) AS n FROM main.series_monitoring) m WHERE m.n = 1"
)


def _stored(db: Database, version: str | None = None) -> _Stored:
    """The versions stored (only those spelling ``version``, or "v" and it, when given: the
    whole listing is read only for a refusal)."""
    present = {
        str(r[0])
        for r in db.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main'"
        )
    }
    if not set(_TABLES) <= present:
        raise QueryError(
            "this catalogue predates model versions in questions (schema 16); open it once "
            "with 'scanside serve' to bring it up to date"
        )
    only, values = "", []
    if version is not None:
        spellings = [version, f"v{version}", version.upper(), f"V{version.upper()}"]
        only, values = " AND model_version IN (?, ?, ?, ?)", spellings

    def pairs(sql: str, times: int = 1) -> frozenset[tuple[str, str]]:
        rows = db.execute(sql.replace("{only}", only), values * times)
        return frozenset((str(r[0] or ""), str(r[1])) for r in rows)

    live = pairs(
        "SELECT DISTINCT model_name, model_version FROM main.findings "  # noqa: S608
        "WHERE model_version IS NOT NULL{only} UNION "
        f"SELECT DISTINCT model_name, model_version FROM ({_CURRENT_LIVE}) c WHERE TRUE{{only}}",
        2,
    )
    shadow = pairs(
        "SELECT DISTINCT model_name, model_version FROM main.shadow_analyses WHERE TRUE{only}"
    )
    ever = pairs(
        "SELECT DISTINCT model_name, model_version FROM main.series_monitoring WHERE TRUE{only}"
    )
    return _Stored(live, shadow, ever - live)


def _resolve(phrase: VersionPhrase, db: Database) -> ModelVersion:
    """The version as the catalogue stores it, with the tables that hold its findings; a
    version it does not hold is refused with the versions it does."""
    assert phrase.version is not None
    stored = _stored(db, phrase.version)

    def same(pair: tuple[str, str]) -> bool:
        name, version = pair
        return version.lower().removeprefix("v") == phrase.version and (
            phrase.model_name is None or name.lower() == phrase.model_name
        )

    live = sorted(p for p in stored.live if same(p))
    shadow = sorted(p for p in stored.shadow if same(p))
    if not live and not shadow:
        shown = f"{phrase.model_name}@{phrase.version}" if phrase.model_name else phrase.version
        everything = _stored(db)
        if any(same(p) for p in stored.replaced):
            raise QueryError(
                f"no findings from model version {shown} are stored any more: every series it "
                "analysed was analysed again by a later live version, which replaced its "
                "findings; " + _listing(everything)
            )
        raise QueryError(
            f"no findings from model version {shown} in this catalogue; " + _listing(everything)
        )
    version = (live or shadow)[0][1]
    names = {name for name, _ in live + shadow}
    use_live, use_shadow = bool(live), bool(shadow)
    if phrase.asked == "shadow" and use_shadow:
        use_live = False
    if phrase.asked == "live" and use_live:
        use_shadow = False
    return ModelVersion(
        version=version,
        model_name=names.pop() if phrase.model_name and len(names) == 1 else None,
        asked=phrase.asked,
        live=use_live,
        shadow=use_shadow,
    )


def _listing(stored: _Stored, only: str | None = None) -> str:
    """ "versions stored: 0.2.3 (live), 0.3.0 (shadow)"."""
    kinds: dict[str, set[str]] = {}
    if only != "shadow":
        for _, version in stored.live:
            kinds.setdefault(version, set()).add("live")
    for _, version in stored.shadow:
        kinds.setdefault(version, set()).add("shadow")
    label = "shadow versions stored" if only == "shadow" else "versions stored"
    if not kinds:
        return f"{label}: none"
    shown = [
        f"{v} ({' and '.join(sorted(k))})" if only is None else v
        for v, k in sorted(kinds.items(), key=lambda item: _version_key(item[0]))
    ]
    return f"{label}: {', '.join(shown)}"


def _version_key(version: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-+]", version))


def _refuse_over_time(query: TypedQuery, version: ModelVersion) -> None:
    """A shadow analysis is not compared with priors: its findings have no track."""
    from query.compiler import needs_track_facts  # noqa: PLC0415 (compiler imports this module)

    flt = query.filter
    tracked = needs_track_facts(query) or any(c.min_scans > 1 for c in flt.findings)
    if tracked:
        raise QueryError(
            f"model version {version.version} ran as a shadow version, and a shadow analysis is "
            "not compared with the patient's earlier scans, so growth, new, shrinking, stable "
            "or resolved nodules, doubling times and the same nodule on several scans cannot "
            "be asked of it; ask them of a live version or without a version"
        )


def _canonical(phrase: VersionPhrase, version: ModelVersion) -> str:
    """The version in words the reader reads back, for the other readings offered."""
    qualifier = "" if phrase.asked == "any" else f"{phrase.asked} "
    named = f"{phrase.model_name}@" if phrase.model_name else ""
    return f"by {qualifier}model version {named}{version.version}"


# --- the SQL and the interpretation -------------------------------------------------------------


def _of_version(alias: str, version: ModelVersion) -> tuple[str, list[Any]]:
    if version.model_name is None:
        return f"{alias}.model_version = ?", [version.version]
    return (
        f"{alias}.model_version = ? AND lower({alias}.model_name) = ?",
        [version.version, version.model_name.lower()],
    )


# The statement's prefix, in constant fragments; {V} is the version's condition on an alias.
_LIVE_SERIES = "SELECT x.series_uid, x.study_uid FROM main.findings x WHERE {V}"
_CURRENT_SERIES = f" UNION SELECT c.series_uid, c.study_uid FROM ({_CURRENT_LIVE}) c WHERE {{V}}"  # noqa: S608
_NO_SERIES = "SELECT NULL::VARCHAR AS series_uid, NULL::VARCHAR AS study_uid WHERE FALSE"
_LIVE_FINDINGS = "SELECT * FROM main.findings x WHERE {V}"
_NO_FINDINGS = "SELECT * FROM main.findings x WHERE FALSE"
# A series the version analysed live keeps its live findings only (a promoted version may have
# analysed it in shadow before).
_SHADOW_FINDINGS = (
    " UNION ALL BY NAME SELECT *, 'shadow' AS source FROM main.shadow_findings y WHERE {V} "
    "AND NOT EXISTS (SELECT 1 FROM _version_live l WHERE l.series_uid = y.series_uid)"
)
_ANALYSED = "SELECT study_uid FROM _version_live"
_SHADOW_ANALYSED = " UNION SELECT a.study_uid FROM main.shadow_analyses a WHERE {V}"
# Each study's category by the version: the highest of its findings' categories there, 1 when
# it found none (one GROUP BY, not a sub-query per study).
_SCOPE = (
    "WITH _version_live AS ({live}), findings AS ({findings}), _version_category AS (SELECT "
    "fc.study_uid, arg_max(fc.lung_rads, list_position(['1','2','3','4A','4B','4X'], "
    "fc.lung_rads)) AS category FROM findings fc GROUP BY fc.study_uid), studies AS (SELECT "
    "s0.* REPLACE (coalesce(vc.category, '1') AS lung_rads) FROM main.studies s0 LEFT JOIN "
    "_version_category vc ON vc.study_uid = s0.study_uid WHERE s0.study_uid IN ({analysed})) "
)


def version_scope(version: ModelVersion) -> tuple[str, list[Any]]:
    """A ``WITH`` prefix (and its parameters, which come first) under which ``findings`` and
    ``studies`` are the version's: its findings (live where it analysed a series live, shadow
    elsewhere) and the studies it analysed, each with its category (the highest of the
    version's findings there, 1 with none). SQL text from constants only; the version (and the
    model name, when the question gave one) are parameters, in the order they appear."""
    params: list[Any] = []

    def scoped(fragment: str, alias: str) -> str:
        condition, values = _of_version(alias, version)
        params.extend(values)
        return fragment.replace("{V}", condition)

    live, findings, analysed = _NO_SERIES, _NO_FINDINGS, _ANALYSED
    if version.live:
        live = scoped(_LIVE_SERIES, "x") + scoped(_CURRENT_SERIES, "c")
        findings = scoped(_LIVE_FINDINGS, "x")
    if version.shadow:
        findings += scoped(_SHADOW_FINDINGS, "y")
        analysed += scoped(_SHADOW_ANALYSED, "a")
    return _SCOPE.format(live=live, findings=findings, analysed=analysed), params


def describe(version: ModelVersion) -> str:
    """The version's part of the interpretation."""
    named = f"{version.model_name} " if version.model_name else ""
    if version.live and version.shadow:
        source = "its live findings, and its shadow analyses of the series it did not analyse live"
    elif version.shadow:
        source = "its shadow analyses (not the live findings)"
    else:
        source = "its live findings still stored (not shadow analyses)"
    return (
        f"model {named}version {version.version} only: {source}, with the Lung-RADS categories "
        "of its findings, over the studies it analysed"
    )
