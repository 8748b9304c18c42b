"""Questions the reader cannot answer exactly, typed as clinicians type them.

Written by hand for issue 17 before the question-shape head (models/query_intent) was first run on
them, in words that are not those of its training templates, and never used to train or tune it.
Either the typed query cannot express them or the rules do not read their words ("typical size",
"how frequently"), so the only right outcome is a warning or a refusal;
an answer without a warning is silently wrong. ``bench/query_shapes.py`` counts those with and
without the head.
"""

from __future__ import annotations

# Eight of the first forty are expressible since medians, ages, rates per patient, shrinking and
# resolved nodules were added (bank_follow_up.py): "what is the median nodule diameter", "mean
# age of women with spiculated nodules", "how many nodules does a patient have on average",
# "patients with shrinking nodules", "nodules that regressed", "patients whose nodules got
# smaller on follow-up", "which nodules have resolved", "patients whose ground-glass nodule
# disappeared". They are answered by the conventions in docs/query.md and are no longer counted
# here. Four more became expressible with the last families (bank_later_families.py): "patients
# overdue for their yearly low-dose CT", "patients who missed their annual follow-up", "patients
# whose lung-rads category went down", "patients whose lung-rads category was upgraded between
# scans". The last eight below were added with those families: what they still cannot say
# (a duration of stability, "due", a count of changes, work-up that is not a scan interval, a
# doubling time without a comparator, "persistent", a statistic per patient of a doubling time).
UNEXPRESSIBLE = (
    "how many months between a patient's first and second CT",
    "what is the typical interval between screening rounds",
    "volume doubling time for solid nodules",
    "who read the scans with masses",
    "how quickly did the part-solid nodules grow",
    "is emphysema more frequent in men or women",
    "ratio of calcified to non-calcified nodules",
    "how sensitive is the nodule detector",
    "which patients had their nodules biopsied",
    "how many patients went to surgery",
    "what is the range of nodule sizes",
    "the spread of nodule diameters",
    "time until the next scan for patients with 4A nodules",
    "how many smokers have nodules",
    "patients with a 30 pack-year history",
    "radiation dose of screening CTs",
    "nodules with interval decrease in size",
    "patients whose consolidation cleared",
    "patients with fewer nodules than last time",
    "scans with worse findings than the prior",
    "how long has P00010 been in the screening program",
    "patients whose effusion improved",
    "what fraction of masses were malignant",
    "cancer diagnoses among screened patients",
    "how common are spiculated margins in women compared with men",
    "typical size of a calcified nodule",
    "how frequently do screening patients have emphysema",
    "patients who had a nodule at every single visit and then a mass",
    "nodules that have been stable for 2 years",
    "patients due for follow-up next month",
    "patients whose lung-rads went up twice",
    "patients overdue for tissue sampling",
    "nodules with a doubling time of 400 days",
    "persistent nodules",
    "median VDT per patient",
    "patients whose category went up and then down",
)
