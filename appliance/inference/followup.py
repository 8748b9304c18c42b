"""Lung-RADS v2022 category of a nodule on a follow-up CT, given what it was on the priors.

The baseline rules (:mod:`appliance.inference.lungrads`) judge a nodule by its size alone; on a
follow-up scan Lung-RADS v2022 also asks whether it is **new**, **growing**, **slowly growing**
or **stable**, and steps the category down for a nodule that stayed stable over the interval its
category prescribed (3 months for 4A, 6 months for 3). :func:`categorise_follow_up` is called by
:mod:`appliance.inference.priors` for every finding of a series whose patient has an earlier
analysed chest CT.

The rules are data (:data:`RULES`): one row per row of the ACR table, with the ACR's own words, so
``tests/appliance/inference/test_followup.py`` checks them one by one and ``docs/analysis.md``
lists them. Definitions used (ACR Lung-RADS v2022):

- *growth*: "an increase in mean diameter size of > 1.5 mm (> 2 mm3) within a 12-month interval".
  We compare mean diameters rounded to 0.1 mm with the previous finding of the track; an increase
  over 1.5 mm across a longer interval, or over 1.5 mm since the first finding of a track of three
  or more exams while each step is not growth, is *slow growth*.
- *stable*: not growing (a nodule that shrank is stable for the stepped management).
- *new*: not seen on the prior (no match), while the patient has a prior chest CT.
- *seen-on-prior*: no prior finding matched, but the prior's detector saw it below the reporting
  threshold (:mod:`appliance.inference.unreported`): "present on the prior" in v2022's sense, so
  not new. Without a prior measurement it gets the baseline category by size.
- a part-solid nodule *grows* when its solid component grows by more than 1.5 mm, or when the
  prior had none (a ground-glass nodule that gained a solid component).

Not implemented (they need information the appliance does not have): perifissural and
juxtapleural nodules, airway nodules, atypical pulmonary cysts, "category 4B lesions proven benign
in etiology following appropriate diagnostic workup", suspected infectious findings (category 0
with 1-3 month follow-up), the S modifier, and volumetric growth thresholds (we use diameters).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from appliance.findings import LUNG_RADS_ORDER
from appliance.inference.lungrads import categorise

__all__ = [
    "GROWTH_MM",
    "RULES",
    "Prior",
    "Rule",
    "Status",
    "categorise_follow_up",
    "status_of",
]

Status = Literal["baseline", "new", "seen-on-prior", "growing", "slow-growing", "stable"]
GROWTH_MM = 1.5
"""Growth: an increase of the mean diameter of more than this within 12 months."""
_TWELVE_MONTHS_DAYS = 396  # 13 months: a "yearly" scan a few weeks late is still within 12
_STEP_DOWN_DAYS = {"4A": 60, "3": 150}
"""Fewest days between scans for the stepped management (the 3- and 6-month follow-ups, less a
month of scheduling slack): a nodule seen again sooner has not shown stability over the interval
its category asked for, and keeps the prior's category."""


@dataclasses.dataclass(frozen=True)
class Prior:
    """What the matched nodule was: its previous finding and, for slow growth, its first one."""

    diameter_mm: float
    lung_rads: str
    interval_days: int
    """Days from the previous scan to this one."""
    solid_component_mm: float | None = None
    attenuation: str = "solid"
    first_diameter_mm: float | None = None
    """Mean diameter at the track's first finding (None when the previous one is the first)."""
    exams: int = 1
    """How many earlier exams the track has (this one not counted)."""


@dataclasses.dataclass(frozen=True)
class Rule:
    """One row of the ACR table: attenuation, status and a size range give a category."""

    rule_id: str
    attenuation: str
    statuses: tuple[Status, ...]
    category: str
    acr_text: str
    """The ACR Lung-RADS v2022 words this row implements."""
    measure: Literal["diameter", "solid_component"] = "diameter"
    low_mm: float = 0.0
    high_mm: float = float("inf")
    """The rule applies when ``low_mm <= measure < high_mm`` (sizes rounded to 0.1 mm)."""


RULES: tuple[Rule, ...] = (
    Rule("solid-new-lt4", "solid", ("new",), "2",
         "Solid nodule(s): < 6 mm (< 113 mm3) at baseline OR new < 4 mm (< 34 mm3)",
         high_mm=4.0),
    Rule("solid-new-4to6", "solid", ("new",), "3",
         "Solid nodule(s): >= 6 to < 8 mm (>= 113 to < 268 mm3) at baseline OR new 4 mm to "
         "< 6 mm (34 to < 113 mm3)", low_mm=4.0, high_mm=6.0),
    Rule("solid-new-6to8", "solid", ("new",), "4A",
         "Solid nodule(s): >= 8 to < 15 mm (>= 268 to < 1767 mm3) at baseline OR growing < 8 mm "
         "(< 268 mm3) OR new 6 to < 8 mm (113 to < 268 mm3)", low_mm=6.0, high_mm=8.0),
    Rule("solid-growing-lt8", "solid", ("growing",), "4A",
         "Solid nodule(s): >= 8 to < 15 mm (>= 268 to < 1767 mm3) at baseline OR growing < 8 mm "
         "(< 268 mm3) OR new 6 to < 8 mm (113 to < 268 mm3)", high_mm=8.0),
    Rule("solid-new-or-growing-ge8", "solid", ("new", "growing"), "4B",
         "Solid nodule(s): >= 15 mm (>= 1767 mm3) at baseline OR new or growing >= 8 mm "
         "(>= 268 mm3)", low_mm=8.0),
    Rule("part-solid-new-lt6", "part-solid", ("new",), "3",
         "Part solid nodule(s): >= 6 mm total mean diameter (>= 113 mm3) with solid component "
         "< 6 mm (< 113 mm3) at baseline OR new < 6 mm total mean diameter (< 113 mm3)",
         high_mm=6.0),
    Rule("part-solid-new-or-growing-solid-lt4", "part-solid", ("new", "growing"), "4A",
         "Part solid nodule(s): >= 6 mm total mean diameter (>= 113 mm3) with solid component "
         ">= 6 mm to < 8 mm (>= 113 to < 268 mm3) at baseline OR new or growing < 4 mm "
         "(< 34 mm3) solid component", measure="solid_component", high_mm=4.0),
    Rule("part-solid-new-or-growing-solid-ge4", "part-solid", ("new", "growing"), "4B",
         "Part solid nodule(s): solid component >= 8 mm (>= 268 mm3) at baseline OR new or "
         "growing >= 4 mm (>= 34 mm3) solid component", measure="solid_component", low_mm=4.0),
    Rule("solid-slow-growing", "solid", ("slow-growing",), "4B",
         "Slow growing solid or part solid nodule that demonstrates growth over multiple "
         "screening exams"),
    Rule("part-solid-slow-growing", "part-solid", ("slow-growing",), "4B",
         "Slow growing solid or part solid nodule that demonstrates growth over multiple "
         "screening exams"),
    Rule("ggn-lt30-new-or-growing", "ground-glass", ("new", "growing", "slow-growing"), "2",
         "Non solid nodule(s) (GGN): < 30 mm (< 14137 mm3) at baseline, new, or growing",
         high_mm=30.0),
    Rule("ggn-ge30-new", "ground-glass", ("new",), "3",
         "Non solid nodule(s) (GGN): >= 30 mm (>= 14137 mm3) at baseline or new", low_mm=30.0),
    Rule("ggn-ge30-stable-or-slow", "ground-glass", ("stable", "slow-growing"), "2",
         "Non solid nodule(s) (GGN): ... OR >= 30 mm (>= 14137 mm3) stable or slowly growing",
         low_mm=30.0),
)  # fmt: skip

STEP_DOWN: dict[str, tuple[str, str]] = {
    "4A": ("3", "Category 4A lesions that are stable or decreased in size at 3-month follow-up "
                "CT (excluding airway nodules)"),
    "3": ("2", "Category 3 lesions that are stable or decreased in size at 6-month follow-up CT"),
    "2": ("2", "Benign appearance or behavior: nodules with a very low likelihood of becoming "
               "a clinically active cancer due to size or lack of growth"),
}  # fmt: skip
"""Stepped management of a stable nodule: the prior's category -> this one's (ACR's words)."""
SIZE_THRESHOLD_TEXT = (
    "Size Thresholds: Apply to nodules at first detection and that enlarge, reaching a higher "
    "size category. When a nodule crosses a new size threshold for other Lung-RADS categories, "
    "even if not meeting the definition of growth, the nodule should be reclassified based on "
    "size and managed accordingly."
)


def _rank(category: str) -> int:
    return LUNG_RADS_ORDER.index(category) if category in LUNG_RADS_ORDER else 0


def _grew(now_mm: float, before_mm: float) -> bool:
    return round(now_mm, 1) - round(before_mm, 1) > GROWTH_MM


def status_of(
    diameter_mm: float,
    prior: Prior | None,
    *,
    had_prior_exam: bool,
    attenuation: str = "solid",
    solid_component_mm: float | None = None,
) -> Status:
    """New, growing, slowly growing or stable against ``prior``; ``baseline`` without priors."""
    if prior is None:
        return "new" if had_prior_exam else "baseline"
    if attenuation == "part-solid" and prior.attenuation == "part-solid":
        now, before = solid_component_mm or 0.0, prior.solid_component_mm or 0.0
    elif attenuation == "part-solid":
        now, before = solid_component_mm or 0.0, -GROWTH_MM  # a new solid component
    else:
        now, before = diameter_mm, prior.diameter_mm
    if _grew(now, before):
        return "growing" if prior.interval_days <= _TWELVE_MONTHS_DAYS else "slow-growing"
    first = prior.first_diameter_mm
    if prior.exams >= 2 and first is not None and _grew(diameter_mm, first):
        return "slow-growing"
    return "stable"


def _size(rule: Rule, diameter: float, solid: float | None) -> float:
    return round(diameter if rule.measure == "diameter" else (solid or 0.0), 1)


def _table_rule(attenuation: str, status: Status, diameter: float, solid: float | None) -> Rule:
    for rule in RULES:
        applies = rule.attenuation == attenuation and status in rule.statuses
        if applies and rule.low_mm <= _size(rule, diameter, solid) < rule.high_mm:
            return rule
    raise LookupError(f"no follow-up rule for a {status} {attenuation} nodule")


def _stable(baseline: str, prior: Prior) -> tuple[str, str]:
    """A stable nodule's category and the reason (stepped management or a crossed size)."""
    prior_size = categorise(
        prior.attenuation, prior.diameter_mm, solid_component_mm=prior.solid_component_mm
    )
    if _rank(baseline) > _rank(prior_size):
        return baseline, "size-threshold"
    step = STEP_DOWN.get(prior.lung_rads)
    if step is None:  # 4B/4X stable: only a benign work-up steps it down
        return baseline, "baseline-size"
    if prior.interval_days < _STEP_DOWN_DAYS.get(prior.lung_rads, 0):
        return prior.lung_rads, "too-early-for-step-down"
    return step[0], f"step-down-from-{prior.lung_rads}"


def categorise_follow_up(
    attenuation: str,
    diameter_mm: float,
    prior: Prior | None,
    *,
    had_prior_exam: bool,
    solid_component_mm: float | None = None,
    calcified: bool = False,
    margin: str = "smooth",
    seen_on_prior: bool = False,
) -> tuple[str, Status, str]:
    """``(category, status, rule_id)`` of one nodule on a follow-up (or baseline) CT.

    ``seen_on_prior``: with no ``prior`` finding but a prior exam, the prior's detector saw the
    nodule unreported; it is then ``seen-on-prior`` with the baseline category, not ``new``.

    ``rule_id`` names the :data:`RULES` row, ``baseline`` (the baseline table), or for a stable
    nodule ``step-down-from-<cat>``, ``size-threshold``, ``too-early-for-step-down`` or
    ``baseline-size``. A spiculated 3, 4A or 4B nodule is 4X, as at baseline.
    """
    status = status_of(
        diameter_mm, prior, had_prior_exam=had_prior_exam, attenuation=attenuation,
        solid_component_mm=solid_component_mm,
    )  # fmt: skip
    if status == "new" and seen_on_prior:
        status = "seen-on-prior"
    baseline = categorise(
        attenuation, diameter_mm, solid_component_mm=solid_component_mm, calcified=calcified
    )
    if calcified or status in ("baseline", "seen-on-prior"):
        category, rule_id = baseline, "baseline"
    elif status == "stable" and prior is not None and attenuation != "ground-glass":
        category, rule_id = _stable(baseline, prior)
    else:
        category, rule_id = _follow_up_table(attenuation, status, diameter_mm, solid_component_mm)
    if margin == "spiculated" and category in ("3", "4A", "4B"):
        category = "4X"
    return category, status, rule_id


def _follow_up_table(
    attenuation: str, status: Status, diameter: float, solid: float | None
) -> tuple[str, str]:
    try:
        rule = _table_rule(attenuation, status, diameter, solid)
    except LookupError:
        return categorise(attenuation, diameter, solid_component_mm=solid), "baseline"
    return rule.category, rule.rule_id
