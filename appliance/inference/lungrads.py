"""Lung-RADS v2022 category of a nodule at a baseline screening CT.

The pipeline calls :func:`categorise` for each finding after measuring it; the study's category
is the highest (:func:`appliance.findings.highest_lung_rads`). Sizes are mean diameters rounded to
0.1 mm, as Lung-RADS v2022 prescribes.

Implemented (ACR Lung-RADS v2022, *baseline* rules, one series without a prior):

======================  ==========================================================  ========
type                    size (mean diameter)                                        category
======================  ==========================================================  ========
benign calcification    any (``calcified``: see :mod:`appliance.inference.measure`)  1
solid                   < 6 mm                                                      2
solid                   6 to < 8 mm                                                 3
solid                   8 to < 15 mm                                                4A
solid                   >= 15 mm                                                    4B
part-solid              < 6 mm total                                                2
part-solid              >= 6 mm total, solid component < 6 mm                      3
part-solid              >= 6 mm total, solid component 6 to < 8 mm                  4A
part-solid              >= 6 mm total, solid component >= 8 mm                      4B
ground-glass            < 30 mm                                                     2
ground-glass            >= 30 mm                                                    3
======================  ==========================================================  ========

Category 4X: a category 3, 4A or 4B nodule with an additional feature that raises suspicion;
the one we can measure is a spiculated margin.

The follow-up rules (new or growing nodules, growth > 1.5 mm in 12 months, slow-growing
ground-glass, stepped management) are in :mod:`appliance.inference.followup`. Not implemented:
juxtapleural / perifissural nodules
(category 2 below 10 mm), airway and atypical pulmonary cysts, and the S modifier. A calcified
nodule is taken to be benign (Lung-RADS asks for a benign pattern: complete, central, popcorn or
laminated, which a voxel fraction cannot tell); this is documented in ``docs/analysis.md``.
"""

from __future__ import annotations

__all__ = ["categorise"]


def _solid(diameter: float) -> str:
    if diameter < 6.0:
        return "2"
    if diameter < 8.0:
        return "3"
    return "4A" if diameter < 15.0 else "4B"


def _part_solid(diameter: float, solid_component: float) -> str:
    if diameter < 6.0:
        return "2"
    if solid_component < 6.0:
        return "3"
    return "4A" if solid_component < 8.0 else "4B"


def categorise(
    attenuation: str,
    diameter_mm: float,
    *,
    solid_component_mm: float | None = None,
    calcified: bool = False,
    margin: str = "smooth",
) -> str:
    """The Lung-RADS v2022 baseline category of one nodule (see the table in the module doc)."""
    if calcified:
        return "1"
    diameter = round(diameter_mm, 1)
    if attenuation == "solid":
        category = _solid(diameter)
    elif attenuation == "part-solid":
        category = _part_solid(diameter, round(solid_component_mm or 0.0, 1))
    elif attenuation == "ground-glass":
        category = "2" if diameter < 30.0 else "3"
    else:
        raise ValueError(
            f'Argument "attenuation" must be solid, part-solid or ground-glass, not {attenuation!r}'
        )
    if margin == "spiculated" and category in ("3", "4A", "4B"):
        return "4X"
    return category
