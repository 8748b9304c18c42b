"""Parts 50's and 51's silent answers, mended in session 25 by general rules, in phrasings
written here.

Parts 50 and 51 (``bank_fresh_50.py``, ``bank_fresh_51.py``) judged round 8 and were then read
for the answers they got wrong without a warning. Each family here is a rule, not a sentence:

- a study "never reported with" a finding is that study's report not mentioning it ("patients
  with an ldct never reported with emphysema" had asked for emphysema and patients with no
  LDCT);
- hundreds dictated as a digit and a pair after a sign or before "hu" ("minus six fifty" is
  -650; part 51: it had been -6 and a stray 50);
- a question that opens with "most recent / latest" and one study in the singular asks for that
  one study, as "the most recent study with a mass" already did (a chest x-ray had been each
  patient's latest);
- "which nodules ...?" with no unit word is answered, by the Conventions, with the studies that
  have them, and now says so, as "list" does.

Expected answers come from the cohort in plain Python (:mod:`blind_reference`), never through
ScanSide.
"""

from __future__ import annotations

import blind_reference as b
import pytest
from family_reading import answer, ids

from query.engine import QueryEngine


@pytest.mark.parametrize(
    ("question", "kind", "concept"),
    [
        (
            "patients with a chest ct never reported with lymphadenopathy",
            b.chest_ct,
            "lymphadenopathy",
        ),
        ("pts with an ldct that was never reported with emphysema", b.ldct, "emphysema"),
    ],
)
def test_a_study_never_reported_with_a_finding_is_its_report(
    engine: QueryEngine, question: str, kind: b.Test, concept: str
) -> None:
    expected = b.pids(kind, b.neg(b.says(concept)))
    assert ids(engine, question, "patient_id") == expected
    assert not answer(engine, question).warnings


def test_hundreds_said_as_a_digit_and_a_pair_after_minus(engine: QueryEngine) -> None:
    question = "nodules with attenuation between minus seven hundred and minus five fifty hu"
    expected = b.sids(b.nod(b.within("mean_hu", -700, -550)))
    assert expected
    assert ids(engine, question, "study_uid") == expected
    assert "'minus five fifty' read as -550" in answer(engine, question).interpretation


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("most recent chest x-ray", b.cxr),
        ("latest head ct?", b.head_ct),
        ("the most recent ct angiogram", b.cta),
    ],
)
def test_the_most_recent_study_in_the_singular_is_one_study(
    engine: QueryEngine, question: str, kind: b.Test
) -> None:
    newest = max(s["study_date"] for s in b.studies() if kind(s))
    on_that_day = b.sids(kind, b.dated(newest, newest))
    (row,) = answer(engine, question).rows
    assert row["study_uid"] in on_that_day


def test_several_studies_in_the_plural_stay_each_patients_latest(engine: QueryEngine) -> None:
    reply = answer(engine, "latest head cts")
    assert len(reply.rows) == len(b.pids(b.head_ct))


@pytest.mark.parametrize(
    "question", ["which nodules grew by more than 3mm?", "what calcified nodules are in the lul"]
)
def test_which_nodules_with_no_unit_word_says_it_answers_studies(
    engine: QueryEngine, question: str
) -> None:
    reply = answer(engine, question)
    assert any("no unit word is answered with the studies" in w for w in reply.warnings)
    assert reply.rows and all("study_uid" in row for row in reply.rows)
