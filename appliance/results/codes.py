"""The coded vocabulary of ScanSide's DICOM results, in one place.

The SR writer (:mod:`appliance.results.sr`) codes every finding with these concepts and the SR
reader (:mod:`appliance.results.reader`) maps them back, so the two can never disagree. Each
code was checked against two sources: pydicom's code dictionary (``pydicom.sr.codedict``, from
DICOM PS3.16) where it has the concept, the openimagingdata finding models and common data
elements (``../shared/terminology/``, RadLex / SNOMED CT index codes), and published HL7 FHIR
value sets for the lung lobes. ``docs/results.md`` lists them with their sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from appliance.errors import ResultsError
from appliance.findings import Finding

__all__ = [
    "ABSENT",
    "ALGORITHM_FAMILY",
    "ATTENUATION",
    "ATTENUATION_CONCEPT",
    "CALCIFICATION",
    "CALCIFICATION_CONCEPT",
    "DAYS",
    "DIAMETER",
    "DIAMETER_CHANGE",
    "FINDING_TYPES",
    "HU",
    "LOBES",
    "LONG_AXIS",
    "LUNG",
    "LUNG_RADS",
    "LUNG_RADS_CONCEPT",
    "MARGIN",
    "MARGIN_CONCEPT",
    "MEAN",
    "MEAN_ATTENUATION",
    "MM",
    "MM3",
    "PERCENT",
    "PRESENT",
    "PRIOR_DIAMETER",
    "PROCEDURE_CT_CHEST",
    "PULMONARY_NODULE",
    "SEGMENT_CATEGORY",
    "SHORT_AXIS",
    "VOLUME",
    "VOLUME_CHANGE",
    "VOLUME_DOUBLING_TIME",
    "finding_type",
    "lookup",
    "measurements",
]

_K = TypeVar("_K")
_RADLEX = "RADLEX"

# Finding type (TID 1411 row "Finding"): CID 6102/6104 "Abnormal Opacity Finding or Feature".
FINDING_TYPES: Mapping[str, Code] = {"nodule": codes.SCT.Nodule, "mass": codes.SCT.Mass}
PULMONARY_NODULE = Code("RID50149", _RADLEX, "Pulmonary nodule")
"""Concept name used to say that no nodule was found (value: Absent)."""

# Finding site: SNOMED CT lobes (FHIR lung-lobe value sets; 72481006 and 44714003 also in pydicom).
LUNG: Code = codes.SCT.Lung
LOBES: Mapping[str, Code] = {
    "RUL": Code("42400003", "SCT", "Upper lobe of right lung"),
    "RML": Code("72481006", "SCT", "Middle lobe of right lung"),
    "RLL": Code("266005", "SCT", "Lower lobe of right lung"),
    "LUL": Code("44714003", "SCT", "Upper lobe of left lung"),
    "LLL": Code("41224006", "SCT", "Lower lobe of left lung"),
}

# Measurements (TID 300), units in UCUM.
LONG_AXIS: Code = codes.SCT.LongAxis
SHORT_AXIS: Code = codes.SCT.ShortAxis
DIAMETER: Code = codes.SCT.Diameter
VOLUME: Code = codes.SCT.Volume
MEAN_ATTENUATION: Code = codes.DCM.AttenuationCoefficient
MEAN: Code = codes.SCT.Mean
"""Derivation modifier: the diameter is the mean of the axes, the HU the mean over voxels."""
MM: Code = codes.UCUM.Millimeter
MM3: Code = codes.UCUM.CubicMillimeter
HU: Code = codes.UCUM.HounsfieldUnit
CERTAINTY_OF_FINDING: Code = codes.DCM.CertaintyOfFinding
"""DCM 111012, as CAD SR documents use it: here the calibrated probability (percent) that the
finding is a real nodule; written only when the model's confidence is calibrated."""
PERCENT: Code = codes.UCUM.Percent

# Qualitative evaluations: RadLex, as in the openimagingdata pulmonary nodule common data elements.
ATTENUATION_CONCEPT = Code("RID46010", _RADLEX, "Solidness descriptor")
ATTENUATION: Mapping[str, Code] = {
    "solid": Code("RID5741", _RADLEX, "Solid"),
    "part-solid": Code("RID46011", _RADLEX, "Partially solid"),
    "ground-glass": Code("RID46016", _RADLEX, "Non-solid"),
}
MARGIN_CONCEPT = Code("RID5972", _RADLEX, "Margin")
MARGIN: Mapping[str, Code] = {
    "smooth": Code("RID5714", _RADLEX, "Smooth margin"),
    "lobulated": Code("RID5711", _RADLEX, "Lobular margin"),
    "spiculated": Code("RID5713", _RADLEX, "Spiculated margin"),
}
CALCIFICATION_CONCEPT = Code("RID5196", _RADLEX, "Calcification")
PRESENT: Code = codes.SCT.Present  # 52101004, also in ../shared/terminology
ABSENT = Code("2667000", "SCT", "Absent")  # as in ../shared/terminology (RadLex RID28473)
CALCIFICATION: Mapping[bool, Code] = {True: PRESENT, False: ABSENT}
LUNG_RADS_CONCEPT = Code("RID50134", _RADLEX, "Lung-RADS assessment")
LUNG_RADS: Mapping[str, Code] = {
    "1": Code("RID50136", _RADLEX, "Lung-RADS 1"),
    "2": Code("RID50137", _RADLEX, "Lung-RADS 2"),
    "3": Code("RID50138", _RADLEX, "Lung-RADS 3"),
    "4A": Code("RID50139", _RADLEX, "Lung-RADS 4A"),
    "4B": Code("RID50140", _RADLEX, "Lung-RADS 4B"),
    "4X": Code("RID50141", _RADLEX, "Lung-RADS 4X"),
}

# Procedure reported (TID 1500; CID 100 is extensible): LOINC "CT Chest" (in pydicom: CID 7000).
PROCEDURE_CT_CHEST = Code("24627-2", "LN", "CT Chest")

# SEG: segment property category and family of the algorithm.
SEGMENT_CATEGORY: Code = codes.SCT.MorphologicallyAbnormalStructure
ALGORITHM_FAMILY: Code = codes.DCM.ArtificialIntelligence


def lookup(table: Mapping[_K, Code], value: str, scheme: str, meaning: str) -> _K:
    """The key of ``table`` whose code has this value and scheme (the reader's inverse map)."""
    for key, code in table.items():
        if code.value == value and code.scheme_designator == scheme:
            return key
    raise KeyError(f"unknown code ({value}, {scheme}, {meaning!r})")


def finding_type(kind: str) -> Code:
    """The code of a finding kind (``nodule``, ``mass``), or ResultsError naming the known ones."""
    try:
        return FINDING_TYPES[kind]
    except KeyError:
        raise ResultsError(
            f"finding kind {kind!r} has no code in ScanSide's results "
            f"(known: {', '.join(FINDING_TYPES)})"
        ) from None


def measurements(finding: Finding) -> tuple[tuple[Code, float, Code], ...]:
    """A finding's numbers as (concept, value, unit), in the order every message lists them."""
    return (
        (LONG_AXIS, finding.long_axis_mm, MM),
        (SHORT_AXIS, finding.short_axis_mm, MM),
        (DIAMETER, finding.diameter_mm, MM),
        (VOLUME, finding.volume_mm3, MM3),
        (MEAN_ATTENUATION, finding.mean_hu, HU),
    )


# Follow-up comparison (issue 19). Neither DICOM nor RadLex has a concept for a nodule's prior
# mean diameter, its change or its volume doubling time, so these three are ScanSide's own codes
# in a private coding scheme ("99" prefix, PS3.16 section 8.1); the volume change is DICOM's
# "Fractional Change" in percent.
_PRIVATE = "99SCANSIDE"
PRIOR_DIAMETER = Code("SS-PRIOR-DIAM", _PRIVATE, "Mean diameter on prior study")
DIAMETER_CHANGE = Code("SS-DIAM-CHANGE", _PRIVATE, "Change in mean diameter since prior study")
VOLUME_DOUBLING_TIME = Code("SS-VDT", _PRIVATE, "Volume doubling time")
VOLUME_CHANGE = codes.DCM.FractionalChange
PERCENT = codes.UCUM.Percent
DAYS = codes.UCUM.Day
