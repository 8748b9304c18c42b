"""A second opinion on what kind of answer a question asks for, from the MiniLM encoder.

The rules (:mod:`query.parser`) read a question exactly when they know its words, but a question
asking for something they do not read ("how common is emphysema among women", "typical size of
a calcified nodule", "patients whose category went down") can come out as a plain list with every
word placed, and so with no warning. This module embeds the whole question with the shipped
MiniLM (:mod:`query.embedder`, onnxruntime, no torch) and scores it with a softmax head (numpy
weights in ``models/query_intent/head.npz``, trained by ``models/query_intent/train.py`` on
generated questions only) over the shapes of answer: list, count, average, percentage, every
scan, periods compared, ranking, per group, or unsupported.

It never changes an answer, and never warns about an answer the rules read cleanly (measured:
doing so questioned 3-7 % of the bank's exact answers and caught no silent error). When the rules
already warn (a word unplaced or guessed) about a plain list or count, and the head is at least
its threshold sure that the question asks for an average, a percentage, a condition on every
scan, periods compared, or something the typed query cannot express, the warning names that;
for the first three it also offers the question rephrased in the rules' words as the other
reading (``Answer.alternatives``: ctrl+o in the TUI), checked by reading it again. Called by
:mod:`query.engine`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np

from appliance.errors import ModelError
from appliance.shipped_models import models_dir_of
from query.embedder import Embedder
from query.rewrites import clean
from query.typed_query import TypedQuery

__all__ = ["Opinion", "ShapeReader", "default_head_path", "rule_shape"]

_LABELS = {
    "list": "a list",
    "count": "a count",
    "average": "an average",
    "percentage": "a percentage",
    "every": "a condition on every scan of a patient",
    "compare_periods": "a patient's studies compared across periods",
    "ranking": "a ranking",
    "per_group": "counts per group",
    "unsupported": "something the reader cannot express (a ratio, a comparison between groups, "
    "a rate of growth, a change of category ...)",
}
_WARNING_SHAPES = frozenset({"average", "percentage", "every", "compare_periods", "unsupported"})


def default_head_path(models_dir: str = "") -> Path:
    """``query_intent/head.npz`` of the model repository: ``inference.models_dir`` when set,
    else the shipped models (the source tree's ``models/`` or the installed wheel's)."""
    return models_dir_of(models_dir) / "query_intent" / "head.npz"


def rule_shape(query: TypedQuery) -> str:
    """The shape of answer the rules read."""
    if query.aggregate is not None:  # a median or a rate per patient is one number too
        return "percentage" if query.aggregate.kind == "percent" else "average"
    patient = query.filter.patient
    if patient is not None and patient.every is not None:
        return "every"
    if patient is not None and any(has.dates is not None for has in patient.has):
        return "compare_periods"
    if query.group_by is not None:
        return "per_group"
    if query.top is not None:
        return "ranking"
    return "count" if query.unit == "count" else "list"


class ShapeReader:
    """The head over the sentence embedding; ``caution`` is the warning, if one is due."""

    def __init__(self, embedder: Embedder, path: Path | None = None) -> None:
        where = path or default_head_path()
        try:
            with np.load(where) as head:
                self._weights = head["weights"].astype(np.float32)
                self._bias = head["bias"].astype(np.float32)
                self._mean = head["mean"].astype(np.float32)
                self._scale = head["scale"].astype(np.float32)
                self._shapes = [str(s) for s in head["shapes"]]
                self.threshold = float(head["threshold"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load the question-shape head {where}: {exc}") from exc
        self._embedder = embedder

    def probabilities(self, question: str) -> dict[str, float]:
        """Each shape's probability for ``question``."""
        x = (self._embedder.embed([question])[0] - self._mean) / self._scale
        z = x @ self._weights + self._bias
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {shape: float(v) for shape, v in zip(self._shapes, p, strict=True)}

    def opinion(
        self, question: str, query: TypedQuery, reread: Callable[[str], TypedQuery | None]
    ) -> Opinion | None:
        """What the head adds to an answer the rules already warn about, if anything.

        Only a reading that left words unplaced or guessed (so the answer already carries a
        warning) and was read as a plain list or count is looked at: the head never puts a
        warning on an answer the rules read cleanly. When the head is sure of an average, a
        percentage or "every scan", the question is rephrased in the rules' own words and
        offered as the other reading if ``reread`` reads it cleanly as that shape.
        """
        read = rule_shape(query)
        if read not in ("list", "count") or not (query.ignored or query.cautions):
            return None
        p = self.probabilities(question)
        shape = max(p, key=p.__getitem__)
        if shape not in _WARNING_SHAPES or p[shape] < self.threshold:
            return None
        offered = next(
            (
                alternative
                for alternative in _rephrasings(shape, question, query)
                if _reads_cleanly_as(reread(alternative), shape)
            ),
            None,
        )
        sentence = (
            f"the question reads like one asking for {_LABELS[shape]} (the question-shape "
            f"model is {p[shape]:.0%} sure), but it was answered as {_LABELS[read]}"
            + (f"; the other reading asks '{offered}'" if offered else "")
        )
        return Opinion(sentence, offered)


@dataclasses.dataclass(frozen=True)
class Opinion:
    """A warning sentence and, when one reads cleanly, the question rephrased to match it."""

    caution: str
    alternative: str | None


_PEOPLE_FIELDS = ("sexes", "age", "birth")
_STUDY_FIELDS = ("modalities", "body_parts", "descriptions", "stations")


def _rest(question: str, query: TypedQuery) -> str:
    """The question's words without the ones the rules could not place."""
    left = list(query.ignored)
    kept = []
    for word in clean(question).split():
        bare = word.strip(",.?!;:")
        if bare in left:
            left.remove(bare)
        else:
            kept.append(bare)
    return " ".join(kept)


def _rephrasings(shape: str, question: str, query: TypedQuery) -> list[str]:
    rest, flt = _rest(question, query), query.filter
    if shape == "average":
        return [f"average {rest}", f"average size of {rest}"]
    if shape == "percentage":
        nouns = []
        if query.unit == "patient" or any(getattr(flt, f) for f in _PEOPLE_FIELDS):
            nouns.append("patients")
        if any(getattr(flt, f) for f in _STUDY_FIELDS):
            nouns.append("studies")
        return [f"what percentage of {noun} {rest}" for noun in nouns] + [
            f"what percentage of {rest}"
        ]
    if shape == "every" and (query.unit == "patient" or query.count_of == "patient"):
        return [f"{rest} on every scan"]
    return []


def _reads_cleanly_as(query: TypedQuery | None, shape: str) -> bool:
    return query is not None and not query.ignored and rule_shape(query) == shape
