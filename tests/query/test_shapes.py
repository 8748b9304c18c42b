"""The question-shape head (query/shapes.py): numpy weights over the shipped MiniLM, no torch.

It never changes an answer and never warns about a reading the rules made cleanly; when the
rules already warn and the head is sure of a shape they did not read, it says so and offers the
question in the rules' words, checked by reading it again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from query.engine import QueryEngine
from query.shapes import rule_shape

AS_OF = "2026-11-01"


def test_a_clean_reading_gets_no_word_from_the_head(engine: QueryEngine) -> None:
    for question in ("spiculated nodules over 8 mm", "how many patients have emphysema"):
        answer = engine.answer(question, AS_OF)
        assert answer.warnings == () and answer.alternatives == ()


def test_a_warned_reading_gets_the_shape_and_a_checked_other_reading(engine: QueryEngine) -> None:
    answer = engine.answer("how common is emphysema among women", AS_OF)
    assert answer.unit == "patient"  # the rules' answer is kept
    assert any("percentage" in w and "question-shape model" in w for w in answer.warnings)
    other = engine.answer(answer.alternatives[0], AS_OF)
    assert other.unit == "value" and other.warnings == ()
    assert rule_shape(other.query) == "percentage"


def test_without_the_head_the_answer_is_the_same(cohort_catalogue: Path) -> None:
    with QueryEngine(cohort_catalogue, use_shapes=False) as plain:
        answer = plain.answer("how common is emphysema among women", AS_OF)
    assert answer.unit == "patient"
    assert not any("question-shape model" in w for w in answer.warnings)
    assert answer.alternatives == ()


def test_the_head_runs_without_torch() -> None:
    code = (
        "import sys; from query.embedder import shared_embedder; from query.shapes import "
        "ShapeReader; r = ShapeReader(shared_embedder()); r.probabilities('average nodule size'); "
        "assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
