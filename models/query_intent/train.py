"""Train the question-shape head: a softmax layer on the shipped MiniLM sentence embedding.

Run from the repository root: ``PYTHONPATH=. python models/query_intent/train.py``. It
generates questions from the templates of :mod:`models.query_intent.questions` (never from the
dev questions or the held-out bank), embeds them with the same ONNX MiniLM the appliance ships
(:class:`query.embedder.Embedder`, no torch), and fits multinomial logistic regression in numpy.

The embeddings are standardised (mean and scale are saved with the weights). First it holds out
one template in four of every shape, fits on the rest and reports accuracy on the held-out
templates (phrasings it never saw), and chooses the probability above which a warning shape
(average, percentage, every, periods compared, unsupported) is worth a warning: the lowest at
which at most 1 % of the held-out questions of the other shapes would be flagged. Then it fits
on all templates and writes ``head.npz`` (weights, bias, shapes, threshold) and
``training.json`` (the figures).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from models.query_intent.questions import SHAPES, generate
from query.embedder import Embedder

HERE = Path(__file__).resolve().parent
WARNING_SHAPES = ("average", "percentage", "every", "compare_periods", "unsupported")
Array = npt.NDArray[np.float32]


def fit(
    x: Array, y: npt.NDArray[np.int64], classes: int, *, l2: float = 1e-2
) -> tuple[Array, Array]:
    """Softmax regression by full-batch gradient descent with momentum (convex; 800 steps),
    each shape weighted by the inverse of its share so that no shape dominates."""
    w = np.zeros((x.shape[1], classes), dtype=np.float32)
    b = np.zeros(classes, dtype=np.float32)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    onehot = np.eye(classes, dtype=np.float32)[y]
    counts = onehot.sum(axis=0)
    weight = (len(y) / (classes * np.maximum(counts, 1)))[y][:, None]
    for _ in range(800):
        grad = (softmax(x @ w + b) - onehot) * weight / len(y)
        vw = 0.9 * vw + x.T @ grad + l2 * w
        vb = 0.9 * vb + grad.sum(axis=0)
        w -= 0.5 * vw
        b -= 0.5 * vb
    return w, b


def softmax(z: Array) -> Array:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: Array = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def threshold(p: Array, y: npt.NDArray[np.int64], false_alarms: float = 0.01) -> float:
    """The lowest confidence at which at most ``false_alarms`` of the held-out questions of the
    shapes the rules read (list, count, ranking, per group) would be flagged."""
    warn = [SHAPES.index(s) for s in WARNING_SHAPES]
    flagged_shape = np.isin(p.argmax(axis=1), warn)
    plain = ~np.isin(y, warn)
    for t in np.arange(0.5, 0.995, 0.01):
        flagged = flagged_shape & (p.max(axis=1) >= t)
        if (flagged & plain).sum() <= false_alarms * plain.sum():
            return round(float(t), 2)
    return 0.99


def recall(p: Array, y: npt.NDArray[np.int64], cut: float) -> float:
    """Of the held-out questions of the warning shapes, the share flagged at ``cut``."""
    warn = [SHAPES.index(s) for s in WARNING_SHAPES]
    flagged = np.isin(p.argmax(axis=1), warn) & (p.max(axis=1) >= cut)
    wanted = np.isin(y, warn)
    return float((flagged & wanted).sum() / max(wanted.sum(), 1))


def main() -> None:
    started = time.time()
    rows = generate(per_template=40, seed=17)
    texts = [q for q, _, _ in rows]
    y = np.array([SHAPES.index(s) for _, s, _ in rows], dtype=np.int64)
    template = np.array([t for _, _, t in rows])
    raw = Embedder(threads=2).embed(texts)
    print(f"{len(texts)} questions embedded in {time.time() - started:.0f} s", file=sys.stderr)
    mean, scale = raw.mean(axis=0), raw.std(axis=0) + 1e-6
    x = ((raw - mean) / scale).astype(np.float32)
    held = template % 4 == 3  # one template in four of each shape, never seen in fitting
    w, b = fit(x[~held], y[~held], len(SHAPES))
    p = softmax(x[held] @ w + b)
    accuracy = float((p.argmax(axis=1) == y[held]).mean())
    cut = threshold(p, y[held])
    per_shape = {
        s: round(float((p.argmax(axis=1) == y[held])[y[held] == i].mean()), 3)
        for i, s in enumerate(SHAPES)
    }
    flagged = recall(p, y[held], cut)
    w, b = fit(x, y, len(SHAPES))
    train_accuracy = float((softmax(x @ w + b).argmax(axis=1) == y).mean())
    np.savez(
        HERE / "head.npz",
        weights=w.astype(np.float32),
        bias=b.astype(np.float32),
        shapes=np.array(SHAPES),
        threshold=np.array(cut, dtype=np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
    )
    figures = {
        "questions": len(texts),
        "templates": int(template.max()) + 1,
        "held_out_template_accuracy": round(accuracy, 3),
        "held_out_template_accuracy_per_shape": per_shape,
        "warning_threshold": cut,
        "held_out_template_warning_shapes_flagged": round(flagged, 3),
        "held_out_template_other_shapes_flagged_at_most": 0.01,
        "train_accuracy_all_templates": round(train_accuracy, 3),
        "head_sha256": hashlib.sha256((HERE / "head.npz").read_bytes()).hexdigest(),
        "seconds": round(time.time() - started, 1),
    }
    (HERE / "training.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
