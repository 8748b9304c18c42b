"""The nodule history's wording and which earlier exam is drawn (tracks.py, no Textual)."""

from __future__ import annotations

from datetime import date

from appliance.tui.tracks import change_summary, default_prior, exam_row
from tests.appliance.tui.samples import exam, finding


def test_the_current_findings_own_prior_is_drawn_even_when_a_later_exam_exists() -> None:
    exams = [exam("A"), exam("B"), exam("C", prior_finding_id="A"), exam("D")]
    assert default_prior(exams, "C") == exams[0]
    assert default_prior(exams, "D") == exams[2]
    assert default_prior(exams, "A") is None
    assert default_prior(exams, "nowhere") is None


def test_the_change_reads_as_the_radiologist_says_it() -> None:
    grown = finding(prior_diameter_mm=5.9, interval_days=365, growth_mm=1.9,
                    volume_doubling_days=310.4, follow_up="growing")  # fmt: skip
    assert change_summary(grown).plain == "was 5.9 mm 365 d ago, +1.9 mm, VDT 310 d: growing"
    # The study screen's caption is 32 characters wide: the fullest wording that fits.
    assert change_summary(grown, width=40).plain == "was 5.9 mm 365 d ago, +1.9 mm: growing"
    assert change_summary(grown, width=32).plain == "was 5.9 mm, +1.9 mm: growing"
    slow = finding(prior_diameter_mm=5.9, interval_days=365, growth_mm=1.9,
                   volume_doubling_days=310.4, follow_up="slow-growing")  # fmt: skip
    assert change_summary(slow, width=32).plain == "+1.9 mm: slow-growing"
    shrunk = finding(prior_diameter_mm=6.0, interval_days=90, growth_mm=-0.4, follow_up="stable")
    assert change_summary(shrunk).plain == "was 6.0 mm 90 d ago, -0.4 mm: stable"
    assert change_summary(finding(follow_up="new")).plain == "new since the prior exam"
    # present on the prior below its reporting threshold: not new, and fits the 32-wide caption
    seen = change_summary(finding(follow_up="seen-on-prior"), width=32)
    assert seen.plain == "on the prior, not reported" and len(seen.plain) <= 32
    assert change_summary(exam("A", follow_up="baseline")).plain == "first exam of this nodule"
    assert change_summary(finding()).plain == "no prior exam"


def test_a_prior_read_from_a_pacs_sr_is_marked_in_the_table() -> None:
    row = exam_row(exam("P", study_date=date(2025, 1, 10), has_images=False, diameter_mm=5.0), "C")
    assert [str(c) for c in row[:4]] == ["", "2025-01-10 (SR)", "5.0", "-"]
