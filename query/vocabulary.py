"""The words ScanSide understands in a cohort question, each tied to a catalogue value.

One :class:`Term` maps surface forms ("GGO", "ground glass", "non-solid") to one value of one
field (``attenuation = ground-glass``) with the code of the concept where a terminology gives one.
The values follow the cohort interchange format (``../shared/cohort/README.md``) and the finding
models of ``../shared/terminology/findingmodels`` (Pulmonary Nodule, RDES195: composition,
margin/morphology, location, calcification); SNOMED CT codes were checked against pydicom's
``pydicom.sr.codedict``. The parser (:mod:`query.grounding`) matches these forms exactly, then
by MiniLM embedding similarity and spelling similarity for words it has not seen.

The report concepts (:data:`REPORT_CONCEPTS`) are the patterns :mod:`query.concepts` looks for in
report sentences; some of them (emphysema, lymphadenopathy, coronary calcification) exist only in
report text, never as a structured finding.
"""

from __future__ import annotations

import dataclasses
import re

__all__ = ["REPORT_CONCEPTS", "TERMS", "ReportConcept", "Term", "terms_by_form"]


@dataclasses.dataclass(frozen=True)
class Term:
    """One value of one query field and the words that name it."""

    field: str
    value: str
    label: str
    forms: tuple[str, ...]
    code: str | None = None


def _t(field: str, value: str, label: str, forms: str, code: str | None = None) -> Term:
    return Term(field, value, label, tuple(f.strip() for f in forms.split("|")), code)


TERMS: tuple[Term, ...] = (
    # Finding kinds (findings.kind). "lesion" stands for nodule or mass (cohort README).
    _t(
        "kind",
        "nodule",
        "nodule",
        "nodule|nodules|nod|nods|pulmonary nodule|pulmonary nodules|lung nodule|"
        "lung nodules|spn|nodular opacity|nodular opacities|opacity|opacities|focal opacity",
        "RadElement RDES195; SCT 27925004",
    ),
    _t("kind", "mass", "mass", "mass|masses|lung mass|pulmonary mass|tumor|tumour", "SCT 4147007"),
    _t(
        "kind",
        "lesion",
        "lesion (nodule or mass)",
        "lesion|lesions|lung lesion|lung lesions|"
        "pulmonary lesion|pulmonary lesions|nodule or mass|nodules or masses",
    ),
    _t(
        "kind",
        "pneumothorax",
        "pneumothorax",
        "pneumothorax|pneumothoraces|pneumothoraxes|ptx|collapsed lung|air in the pleural space",
        "SCT 36118008",
    ),
    _t(
        "kind",
        "pleural_effusion",
        "pleural effusion",
        "pleural effusion|pleural effusions|effusion|effusions|pleural fluid|fluid around the lung",
        "SCT 60046008",
    ),
    _t(
        "kind",
        "consolidation",
        "consolidation",
        "consolidation|consolidations|airspace disease|"
        "airspace consolidation|airspace opacity|airspace opacities|airspace opacification|"
        "opacification|airspace|lung consolidation|pneumonia",
    ),
    _t(
        "kind",
        "intracranial_hemorrhage",
        "intracranial hemorrhage",
        "hemorrhage|haemorrhage|"
        "hemorrhages|bleed|bleeds|bleeding|brain bleed|intracranial hemorrhage|"
        "intracranial haemorrhage|"
        "intracranial bleed|ich|hematoma|haematoma|subdural|subdural hematoma",
        "SCT 1386000",
    ),
    # Composition (finding model Pulmonary Nodule, attribute Composition OIFMA_CDE_001301).
    _t(
        "attenuation",
        "solid",
        "solid",
        "solid|solid-appearing|purely solid|fully solid",
        "OIFMA_CDE_001301.0",
    ),
    _t(
        "attenuation",
        "ground-glass",
        "ground-glass",
        "ground-glass|ground glass|groundglass|gg|ggo|ggos|"
        "ggn|ggns|non-solid|nonsolid|pure ground glass|pure ground-glass|glassy",
        "OIFMA_CDE_001301.1",
    ),
    _t(
        "attenuation",
        "part-solid",
        "part-solid",
        "part-solid|part solid|partly solid|partially solid|"
        "semi-solid|semisolid|mixed attenuation|mixed density|psn|psns",
        "OIFMA_CDE_001301.2",
    ),
    _t(
        "attenuation",
        "subsolid",
        "subsolid (part-solid or ground-glass)",
        "subsolid|sub-solid|sub solid",
    ),
    # Margin (finding model attribute Morphology OIFMA_CDE_001305).
    _t(
        "margin",
        "smooth",
        "smooth",
        "smooth|smoothly|smoothly marginated|well-circumscribed|well circumscribed|"
        "circumscribed|well-defined|well defined|sharply defined|round",
        "SCT 263706005",
    ),
    _t(
        "margin",
        "lobulated",
        "lobulated",
        "lobulated|lobular|lobulation|microlobulated|mildly lobulated",
        "SCT 129739004",
    ),
    _t(
        "margin",
        "spiculated",
        "spiculated",
        "spiculated|spiculation|spiculations|spicules|spiky|spiked|stellate|irregular spiculated",
        "SCT 129742005",
    ),
    # Calcification.
    _t(
        "calcified",
        "true",
        "calcified",
        "calcified|calcification|calcifications|calcific|calcium-containing",
        "SCT 237897009",
    ),
    _t(
        "calcified",
        "false",
        "not calcified",
        "non-calcified|non calcified|noncalcified|uncalcified|not calcified|without calcification",
    ),
    # Location (finding model attribute Location OIFMA_CDE_001304).
    _t(
        "lobe",
        "RUL",
        "right upper lobe",
        "rul|right upper lobe|right upper lung|right upper|right apex",
        "OIFMA_CDE_001304.6",
    ),
    _t(
        "lobe",
        "RML",
        "right middle lobe",
        "rml|right middle lobe|middle lobe|right middle",
        "OIFMA_CDE_001304.7",
    ),
    _t(
        "lobe",
        "RLL",
        "right lower lobe",
        "rll|right lower lobe|right lung base|right base|right lower",
        "OIFMA_CDE_001304.8",
    ),
    _t(
        "lobe",
        "LUL",
        "left upper lobe",
        "lul|left upper lobe|left upper lung|left upper|left apex|lingula|lingular",
        "OIFMA_CDE_001304.2",
    ),
    _t(
        "lobe",
        "LLL",
        "left lower lobe",
        "lll|left lower lobe|left lung base|left base|left lower",
        "OIFMA_CDE_001304.4",
    ),
    _t("lobe", "upper", "upper lobes", "upper lobe|upper lobes|upper lung|upper lungs"),
    _t("lobe", "lower", "lower lobes", "lower lobe|lower lobes|lung bases|bases"),
    _t(
        "side",
        "left",
        "left",
        "left|left lung|left-sided|left sided|left side|lt|l sided|l-sided|lt sided|"
        "lt-sided|l side|lt side|l lung|lt lung",
        "OIFMA_CDE_001304.1",
    ),
    _t(
        "side",
        "right",
        "right",
        "right|right lung|right-sided|right sided|right side|rt|r sided|r-sided|rt sided|"
        "rt-sided|r side|rt side|r lung|rt lung",
        "OIFMA_CDE_001304.5",
    ),
    # Demographics.
    _t("sex", "F", "female", "women|woman|female|females|ladies|lady|girls"),
    _t("sex", "M", "male", "men|man|male|males|gentlemen|boys"),
    # The cohort's third value (README: sex F, M, O); "other" alone is too common a word, so
    # only with "sex" / "gender" ("sex recorded as other" is made "sex other" by the reader).
    _t("sex", "O", "other", "sex other|other sex|gender other|other gender|sex o"),
    # Study attributes.
    _t("modality", "CT", "CT", "ct|cts|ct scan|ct scans|cat scan|cat scans|computed tomography"),
    _t(
        "modality",
        "DX",
        "radiograph (DX)",
        "x-ray|x-rays|xray|xrays|xr|xrs|cxrs|radiograph|radiographs|cxr|"
        "chest film|chest films|dx|plain film|plain films|radiography",
    ),
    _t("body_part", "CHEST", "chest", "chest|thorax|thoracic"),
    _t("body_part", "HEAD", "head", "head|brain|cranial|head ct|head cts|brain ct"),
    _t(
        "description",
        "SCREENING",
        "screening",
        "screening|screen|lung screening|lung cancer screening|low-dose|low dose|ldct|ldcts|lcs",
    ),
    _t(
        "description",
        "ANGIO",
        "CT angiography",
        # "3 ct angios": the plural of "angio" (it had been read by spelling, warned)
        "angio|angios|angiogram|angiograms|angiography|cta|ctas|ctpa|ctpas|pe study|pe protocol|"
        # "ct pe", "pe ct": a CT for pulmonary embolism is the cohort's CT angiogram
        "pe studies|pe protocols|ct pe|ct pes|ct-pe|pe ct|pe cts|pe scan|pe scans|"
        # "pulmonary embolism cts": the same study with the words said out (part 48, C: left
        # unread, warned)
        "pulmonary embolism ct|pulmonary embolism cts|pulmonary embolism scan|"
        "pulmonary embolism scans|pulmonary embolism study|pulmonary embolism studies|"
        "ct for pulmonary embolism|cts for pulmonary embolism|ct for pe|cts for pe",
    ),
    _t(
        "description",
        "W CONTRAST",
        "with contrast",
        "with contrast|contrast-enhanced|contrast enhanced|enhanced|contrast|w contrast",
    ),
    _t(
        "description",
        "W/O CONTRAST",
        "without contrast",
        "without contrast|non-contrast|noncontrast|non contrast|unenhanced|non-enhanced|"
        "non enhanced|w/o contrast|no contrast|no iv contrast",
    ),
    # Concepts read from report text.
    _t(
        "concept",
        "emphysema",
        "emphysema",
        "emphysema|emphysematous|emphysematous changes|"
        "centrilobular emphysema|paraseptal emphysema|copd",
    ),
    _t(
        "concept",
        "lymphadenopathy",
        "lymphadenopathy",
        "lymphadenopathy|adenopathy|"
        "enlarged lymph nodes|enlarged lymph node|enlarged nodes|lymph node enlargement|"
        "mediastinal lymphadenopathy|hilar lymphadenopathy|lymphadenopathies|"
        # where the nodes are, said between "enlarged" and "lymph nodes" (part 39: "mediastinal
        # lymph" had been matched by meaning and "nodes" left over, warned)
        "enlarged mediastinal lymph nodes|enlarged mediastinal lymph node|"
        "enlarged hilar lymph nodes|enlarged hilar lymph node|enlarged mediastinal nodes|"
        "enlarged hilar nodes|mediastinal adenopathy|hilar adenopathy",
        "SCT 30746006",
    ),
    _t(
        "concept",
        "coronary_calcification",
        "coronary artery calcification",
        "coronary calcification|coronary calcifications|coronary artery calcification|"
        "coronary artery calcifications|coronary calcium|cac|calcified coronary arteries|"
        "calcified coronaries|coronary atherosclerosis|calcified coronary atherosclerosis",
    ),
    _t("concept", "granuloma", "granuloma", "granuloma|granulomas|granulomatous"),
)


def terms_by_form() -> dict[str, Term]:
    """Every surface form (lower case) mapped to its term; a form names exactly one term."""
    table: dict[str, Term] = {}
    for term in TERMS:
        for form in term.forms:
            if form in table and table[form] != term:
                raise ValueError(f"vocabulary form {form!r} names two terms")
            table[form] = term
    return table


@dataclasses.dataclass(frozen=True)
class ReportConcept:
    """A concept looked for in report sentences, the pattern that finds it, and the words that,
    just before a match, make it another finding ("pericardial effusion", "subcutaneous
    emphysema")."""

    concept: str
    pattern: re.Pattern[str]
    code: str | None
    not_after: re.Pattern[str] | None = None

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The matches of the concept in ``text``, look-alikes left out."""
        hits = list(self.pattern.finditer(text))
        if self.not_after is None:
            return hits
        not_after = self.not_after
        return [h for h in hits if not not_after.search(text, max(0, h.start() - 30), h.start())]


def _c(concept: str, pattern: str, code: str | None = None, not_after: str = "") -> ReportConcept:
    excluded = re.compile(rf"\b(?:{not_after})\s+$", re.IGNORECASE) if not_after else None
    return ReportConcept(concept, re.compile(pattern, re.IGNORECASE), code, excluded)


REPORT_CONCEPTS: tuple[ReportConcept, ...] = (
    _c(
        "coronary_calcification",
        r"\bcoronary (?:artery |arterial )?calcif\w*|\bcalcified coronar\w*"
        r"(?: \w+)?|\bcoronary (?:artery )?calcium\b|"
        r"\bcalcification of the coronary arter\w*",
    ),
    # Air outside the lung is not emphysema of the lung (issue 23).
    _c(
        "emphysema",
        r"\bemphysema\w*",
        not_after="subcutaneous|surgical|mediastinal|tissues?|interstitial",
    ),
    _c(
        "lymphadenopathy",
        r"\b(?:lymph)?adenopath\w*|\benlarged (?:\w+ ){0,2}?(?:lymph )?nodes?\b|"
        r"\blymph node enlargement\b|\blymph nodes? (?:are|is) not (?:pathologically )?enlarged\b",
        "SCT 30746006",
    ),
    _c(
        "pneumothorax",
        r"\b(?:hydro|hemo|haemo)?pneumothora\w*|\bpleural air\b|\bair in the pleural space\b",
        "SCT 36118008",
    ),
    # A pericardial or joint effusion is not a pleural one; "pleural or pericardial effusion" is.
    _c(
        "pleural_effusion",
        r"\bpleural (?:(?:and|or|and/or) pericardial )?effusions?\b|\beffusions?\b|"
        r"\bpleural fluid\b|\bfluid in the pleural space\b|"
        r"\b(?:hydro|hemo|haemo)pneumothora\w*|\b(?:hydro|hemo|haemo)thora\w*",
        "SCT 60046008",
        not_after="pericardial|joint|knee|hip|shoulder|elbow|ankle|wrist",
    ),
    _c(
        "consolidation",
        r"\bconsolidat\w*|\bair[ -]?space (?:disease|consolidation|opaci\w*)",
    ),
    _c(
        "intracranial_hemorrhage",
        r"\b(?:intracranial |intraparenchymal |subarachnoid )?"
        r"ha?emorrhag\w*|\b(?:subdural |epidural )?ha?ematoma\b",
        "SCT 1386000",
    ),
    _c("granuloma", r"\bgranulom\w*"),
    _c("mass", r"\bmass(?:es)?\b(?! effect| index)|\bmass-?like\b", "SCT 4147007"),
    # The adjective "nodular" is a nodule only in "nodular opacity"; "nodular thickening" is not.
    _c(
        "nodule",
        r"\b(?:micro)?nodules?\b|\bnodular (?:opacit(?:y|ies)|densit(?:y|ies)|lesions?)\b",
        "SCT 27925004",
    ),
)
