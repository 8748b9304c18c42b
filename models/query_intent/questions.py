"""Generated and paraphrased training questions for the question-shape head.

Every question here is made from the templates below with slot fillers drawn at random; none is
taken from ``../shared/cohort/dev_queries.jsonl`` or from the held-out parts of the question
bank (``tests/query/question_bank.py``, ``tests/query/bank_issue17.py``). Each template names the
*shape* of answer the question asks for (a list, a count, an average, a percentage, a condition
on every scan, periods compared, a ranking, counts per group), or ``unsupported`` for questions
the typed query cannot express (medians, intervals, shrinking, ratios, model performance ...).
A few typos are put in at random, as clinicians type.
"""

from __future__ import annotations

import random

__all__ = ["SHAPES", "generate"]

SHAPES = (
    "list",
    "count",
    "average",
    "percentage",
    "every",
    "compare_periods",
    "ranking",
    "per_group",
    "unsupported",
)


def _choices(text: str) -> list[str]:
    return text.split("|")


FIND = _choices(
    "nodules|spiculated nodules|ground-glass nodules|calcified nodules|a mass|masses|"
    "solid nodules over 8 mm|part-solid nodules|emphysema|a pleural effusion|nodules in the RUL|"
    "Lung-RADS 4A nodules|a pneumothorax|nodules larger than 6 mm|subsolid nodules|"
    "lobulated nodules|lymphadenopathy|consolidation|GGOs|lung nodules|pulmonary nodules|"
    "nodules in the left lower lobe|smooth nodules|coronary calcification|new nodules|"
    "nodules that grew|noncalcified nodules|lesions"
)
WHO = _choices(
    "patients|women|men|patients over 60|pts|people|female patients|patients aged 50-70|"
    "male patients|subjects|the cohort|patients under 55|elderly patients|screening patients"
)
STUDY = _choices(
    "studies|scans|CTs|chest CTs|screening CTs|exams|LDCTs|chest CT scans|imaging studies"
)
WHEN = _choices(
    "| in 2024| this year| last year| since March| in Q2 2025| in the last 6 months| in 2023|"
    " before 2025| between January and June 2025| over the past year"
)
MEASURE = _choices(
    "size|diameter|volume|HU|density|long axis|confidence|mean diameter|attenuation|dimension"
)
YEARS = ("2023", "2024", "2025", "2026")

TEMPLATES: dict[str, tuple[str, ...]] = {
    "list": (
        "{who} with {find}{when}",
        "{study} showing {find}{when}",
        "show me {study} with {find}",
        "which {who} have {find}",
        "list {find} in {who}",
        "find {study} with {find} and {find2}",
        "{who} who never had {find}",
        "{find}{when}",
        "{who} with {find} but never {find2}",
        "{study} without {find}{when}",
        "give me all {who} with {find}",
        "{who} with both {find} and {find2}",
        "{study} of {who} with {find}",
        "{who} with 3 or more {study}",
        "{find} on the latest scan",
        "{who} whose first scan showed {find}",
        "any {who} with {find}?",
        "pull up {study} where the report mentions {find}",
        "{who} with {find} on a single CT",
        "{study} with exactly 2 nodules",
        "{who} born before 1960 with {find}",
    ),
    "count": (
        "how many {who} have {find}{when}",
        "number of {study} with {find}",
        "count {study} with {find}{when}",
        "how many {find} were found{when}",
        "total number of {who} with {find}",
        "how many {study} were done{when}",
        "how many {who} never had {find}",
        "what number of {study} showed {find}",
        "count of {who} with {find}",
        "how many {who} with {find} are there",
        "no. of {study} with {find}",
    ),
    "average": (
        "average {measure} of {find}",
        "mean {measure} of {find} in {who}",
        "what is the typical {measure} of {find}",
        "how big are {find} on average",
        "avg {measure} of {find}{when}",
        "on average how large are {find}",
        "what's the mean {measure} for {find}",
        "average {find} {measure}{when}",
        "the average {measure} of {find} in {who}",
        "mean {measure} across all {find}",
        "what size are {find} on average",
        "typical {measure} of {find} in {who}",
    ),
    "percentage": (
        "what percentage of {who} have {find}",
        "what proportion of {study} show {find}",
        "what fraction of {who} had {find}",
        "% of {study} with {find}",
        "share of {who} with {find}",
        "how common is {find} among {who}",
        "prevalence of {find} in {who}",
        "percent of {study} with {find}{when}",
        "in what percentage of {study} is there {find}",
        "what rate of {find} do we see in {who}",
        "how often do {who} have {find}",
        "what portion of {find} are calcified",
        "how frequent is {find} in {study}",
    ),
    "every": (
        "{who} with {find} on every scan",
        "{who} whose every scan showed {find}",
        "{who} who had {find} on all their scans",
        "{who} with {find} at each visit",
        "{who} in whom {find} was seen on each CT",
        "{who} with {find} on all follow-ups",
        "{who} where every exam showed {find}",
        "{who} with {find} on every single study",
        "{who} that always had {find}",
        "{who} with {find} present on all of their CTs",
        "{who} who had {find} every time they were scanned",
        "{who} with {find} on each of their studies",
    ),
    "compare_periods": (
        "{who} scanned in {y1} and again in {y2}",
        "{who} with {find} in {y1} and again in {y2}",
        "{who} who had {find} both in {y1} and in {y2}",
        "{who} imaged in {y1} and then in {y2}",
        "{who} with {find} in {y1} as well as in {y2}",
        "{who} who came back in {y2} after a scan in {y1}",
        "{who} seen in {y1} and seen again in {y2}",
        "{who} with {study} in both {y1} and {y2}",
        "{who} who had {find} in {y1} and still had it in {y2}",
    ),
    "ranking": (
        "the {n} largest {find}",
        "top {n} {who} by number of nodules",
        "the most recent {n} {study}",
        "oldest {n} {who}",
        "which {who} has the most {find}",
        "the {find} with the highest HU",
        "smallest {n} {find}",
        "the {n} biggest {find}{when}",
        "{study} with the most nodules",
        "youngest {n} {who} with {find}",
        "the {find} with the lowest confidence",
    ),
    "per_group": (
        "how many {study} per Lung-RADS category",
        "{find} by lobe",
        "number of {who} by sex",
        "count of {study} per year",
        "breakdown of {find} by attenuation",
        "{study} per station",
        "how many {find} in each lobe",
        "{who} with {find} broken down by sex",
        "number of {study} by modality",
        "distribution of {find} by margin",
    ),
    "unsupported": (
        "median {measure} of {find}",
        "standard deviation of {find} {measure}",
        "how long between the first and latest scan of {who}",
        "time from first scan to diagnosis of {find}",
        "{who} whose {find} shrank",
        "{find} that resolved",
        "{who} whose nodules got smaller",
        "how many days between scans for {who} with {find}",
        "average number of {find} per patient",
        "which radiologist reported {find}",
        "what is the sensitivity of the model for {find}",
        "mean age of {who} with {find}",
        "interval between follow-up scans in {who}",
        "{who} whose {find} doubled in volume",
        "doubling time of {find}",
        "how fast did {find} grow",
        "trend of {find} over time",
        "ratio of men to women with {find}",
        "correlation between age and {find} {measure}",
        "{who} with {find} that were biopsied",
        "{who} referred to surgery for {find}",
        "smoking history of {who} with {find}",
        "pack years of {who} with {find}",
        "{who} with more nodules on their latest scan than on their first",
        "{who} lost to follow-up",
        "{who} who are overdue for their annual scan",
        "when is the next scan due for {who} with {find}",
        "false positive rate for {find}",
        "{who} whose {find} disappeared on follow-up",
        "compare {find} {measure} between men and women",
        "is {find} more common in men than women",
        "{who} whose {find} decreased in size",
        "what was the dose of {study}",
        "{who} with {find} that was stable for two years",
    ),
}


def _typo(text: str, rng: random.Random) -> str:
    """Drop, double or swap one letter of one longer word, as a hurried typist does."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w, j = words[i], rng.randrange(1, len(words[i]) - 1)
    how = rng.randrange(3)
    if how == 0:
        w = w[:j] + w[j + 1 :]
    elif how == 1:
        w = w[:j] + w[j] + w[j:]
    else:
        w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def _fill(template: str, rng: random.Random) -> str:
    y1, y2 = sorted(rng.sample(YEARS, 2))
    find, find2 = rng.sample(FIND, 2)
    text = template.format(
        who=rng.choice(WHO),
        find=find,
        find2=find2,
        study=rng.choice(STUDY),
        when=rng.choice(WHEN),
        measure=rng.choice(MEASURE),
        n=rng.choice(("3", "5", "10", "two", "ten")),
        y1=y1,
        y2=y2,
    )
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.15:
        text = _typo(text, rng)
    return text


def generate(per_template: int, seed: int) -> list[tuple[str, str, int]]:
    """Up to ``per_template`` distinct (question, shape, template number) rows per template,
    shuffled; the template number lets a split keep whole templates apart."""
    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[tuple[str, str, int]] = []
    number = 0
    for shape, templates in TEMPLATES.items():
        for template in templates:
            made = 0
            for _ in range(per_template * 4):
                text = _fill(template, rng)
                if text in seen:
                    continue
                seen.add(text)
                rows.append((text, shape, number))
                made += 1
                if made == per_template:
                    break
            number += 1
    rng.shuffle(rows)
    return rows
