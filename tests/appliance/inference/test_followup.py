"""Lung-RADS v2022 follow-up categories: one test per rule, each quoting the ACR's words."""

from __future__ import annotations

import pytest

from appliance.inference.followup import (
    RULES,
    SIZE_THRESHOLD_TEXT,
    STEP_DOWN,
    Prior,
    categorise_follow_up,
    status_of,
)

YEAR = 365


def _prior(diameter: float, category: str, days: int = YEAR, **kw: object) -> Prior:
    return Prior(diameter_mm=diameter, lung_rads=category, interval_days=days, **kw)  # type: ignore[arg-type]


# (rule_id, ACR words the rule must carry, attenuation, diameter, solid component, prior, category)
CASES: list[tuple[str, str, str, float, float | None, Prior | None, str]] = [
    ("solid-new-lt4", "new < 4 mm", "solid", 3.9, None, None, "2"),
    ("solid-new-4to6", "new 4 mm to < 6 mm", "solid", 5.0, None, None, "3"),
    ("solid-new-6to8", "new 6 to < 8 mm", "solid", 7.0, None, None, "4A"),
    ("solid-growing-lt8", "growing < 8 mm", "solid", 7.9, None, _prior(6.3, "3"), "4A"),
    ("solid-new-or-growing-ge8", "new or growing >= 8 mm", "solid", 9.6, None,
     _prior(8.0, "4A", 90), "4B"),
    ("part-solid-new-lt6", "new < 6 mm total mean diameter", "part-solid", 5.5, 2.0, None, "3"),
    ("part-solid-new-or-growing-solid-lt4", "new or growing < 4 mm (< 34 mm3) solid component",
     "part-solid", 9.0, 3.5, _prior(8.5, "3", solid_component_mm=1.5, attenuation="part-solid"),
     "4A"),
    ("part-solid-new-or-growing-solid-ge4", "new or growing >= 4 mm (>= 34 mm3) solid component",
     "part-solid", 10.0, 4.5, None, "4B"),
    ("solid-slow-growing", "Slow growing solid or part solid nodule", "solid", 6.9, None,
     _prior(6.0, "2", exams=3, first_diameter_mm=5.2), "4B"),
    ("part-solid-slow-growing", "growth over multiple screening exams", "part-solid", 12.0, 5.0,
     _prior(11.0, "3", 2 * YEAR, solid_component_mm=3.4, attenuation="part-solid"), "4B"),
    ("ggn-lt30-new-or-growing", "< 30 mm (< 14137 mm3) at baseline, new, or growing",
     "ground-glass", 14.0, None, _prior(11.0, "2", attenuation="ground-glass"), "2"),
    ("ggn-ge30-new", ">= 30 mm (>= 14137 mm3) at baseline or new", "ground-glass", 31.0, None,
     None, "3"),
    ("ggn-ge30-stable-or-slow", ">= 30 mm (>= 14137 mm3) stable or slowly growing",
     "ground-glass", 33.0, None,
     _prior(31.0, "3", 2 * YEAR, attenuation="ground-glass"), "2"),
]  # fmt: skip


def test_every_rule_has_a_case() -> None:
    assert sorted(c[0] for c in CASES) == sorted(r.rule_id for r in RULES)


@pytest.mark.parametrize(
    ("rule_id", "quote", "attenuation", "diameter", "solid", "prior", "expected"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_follow_up_rule(
    rule_id: str,
    quote: str,
    attenuation: str,
    diameter: float,
    solid: float | None,
    prior: Prior | None,
    expected: str,
) -> None:
    rule = next(r for r in RULES if r.rule_id == rule_id)
    assert quote in rule.acr_text  # the rule quotes the ACR table
    category, _, used = categorise_follow_up(
        attenuation, diameter, prior, had_prior_exam=True, solid_component_mm=solid
    )
    assert (category, used) == (expected, rule_id)


def test_growth_is_more_than_1_5_mm_within_12_months() -> None:
    """ACR: "Nodule growth: An increase in mean diameter size of > 1.5 mm (> 2 mm3) within a
    12-month interval." Exactly 1.5 mm is not growth; over two years it is slow growth."""
    assert status_of(7.5, _prior(6.0, "3"), had_prior_exam=True) == "stable"
    assert status_of(7.6, _prior(6.0, "3"), had_prior_exam=True) == "growing"
    assert status_of(7.6, _prior(6.0, "3", 2 * YEAR), had_prior_exam=True) == "slow-growing"
    assert status_of(4.0, _prior(6.0, "3"), had_prior_exam=True) == "stable"  # shrank


def test_a_gained_solid_component_is_growth() -> None:
    prior = _prior(9.0, "2", attenuation="ground-glass")
    assert status_of(9.0, prior, had_prior_exam=True, attenuation="part-solid",
                     solid_component_mm=2.0) == "growing"  # fmt: skip


def test_without_a_prior_exam_the_baseline_rules_apply() -> None:
    assert categorise_follow_up("solid", 7.0, None, had_prior_exam=False) == (
        "3",
        "baseline",
        "baseline",
    )
    assert categorise_follow_up("solid", 5.0, None, had_prior_exam=False)[0] == "2"


def test_4a_stable_at_3_month_follow_up_is_3() -> None:
    """ACR: "Category 4A lesions that are stable or decreased in size at 3-month follow-up CT"."""
    assert "stable or decreased in size at 3-month follow-up" in STEP_DOWN["4A"][1]
    result = categorise_follow_up("solid", 9.0, _prior(9.2, "4A", 92), had_prior_exam=True)
    assert result == ("3", "stable", "step-down-from-4A")


def test_3_stable_at_6_month_follow_up_is_2() -> None:
    """ACR: "Category 3 lesions that are stable or decreased in size at 6-month follow-up CT"."""
    assert "stable or decreased in size at 6-month follow-up" in STEP_DOWN["3"][1]
    result = categorise_follow_up("solid", 7.0, _prior(7.0, "3", 183), had_prior_exam=True)
    assert result == ("2", "stable", "step-down-from-3")


def test_a_nodule_stable_for_years_stays_2() -> None:
    """The issue's case: a stable 7 mm solid nodule seen for years is 2, not the baseline 3."""
    assert categorise_follow_up("solid", 7.1, _prior(7.0, "2"), had_prior_exam=True)[0] == "2"


def test_stability_over_a_too_short_interval_does_not_step_down() -> None:
    result = categorise_follow_up("solid", 7.0, _prior(7.0, "3", 30), had_prior_exam=True)
    assert result == ("3", "stable", "too-early-for-step-down")


def test_crossing_a_size_threshold_reclassifies_by_size() -> None:
    """ACR: "When a nodule crosses a new size threshold ... even if not meeting the definition of
    growth, the nodule should be reclassified based on size"."""
    assert "reclassified based on size" in SIZE_THRESHOLD_TEXT
    result = categorise_follow_up("solid", 8.2, _prior(7.0, "2"), had_prior_exam=True)
    assert result == ("4A", "stable", "size-threshold")


def test_stable_4b_keeps_its_size_category() -> None:
    assert categorise_follow_up("solid", 16.0, _prior(16.0, "4B"), had_prior_exam=True)[0] == "4B"


def test_spiculated_is_still_4x_and_calcified_still_1() -> None:
    assert (
        categorise_follow_up("solid", 7.0, None, had_prior_exam=True, margin="spiculated")[0]
        == "4X"
    )
    assert categorise_follow_up("solid", 7.0, None, had_prior_exam=True, calcified=True)[0] == "1"
