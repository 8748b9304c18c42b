"""Sentence embeddings with all-MiniLM-L6-v2 on onnxruntime, without torch.

The model ships as a dynamic-INT8 ONNX file and a ``tokenizers`` tokenizer in ``minilm/`` of the
model repository (``models/minilm/`` of a checkout, the ``scanside_models`` package of a wheel, or
``inference.models_dir``; built by ``models/minilm/export_onnx.py``; Apache-2.0, see
``models/minilm/NOTICE.md``). This module does what sentence-transformers would: tokenize, run
the encoder, mean-pool the token states over the attention mask and L2-normalise, giving 384
floats per text. Used by
:mod:`reports.store` (report sentences) and :mod:`query.grounding` (question phrases).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Tokenizer

from appliance.errors import ModelError
from appliance.shipped_models import models_dir_of

__all__ = ["DIMENSIONS", "Embedder", "default_model_dir", "shared_embedder"]

DIMENSIONS = 384
MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 128

_SHARED: dict[Path, Embedder] = {}
_SHARED_LOCK = threading.Lock()


def default_model_dir(models_dir: str = "") -> Path:
    """``minilm/`` of the model repository: ``inference.models_dir`` when set, else the shipped
    models (:func:`appliance.shipped_models.shipped_models_dir`)."""
    return models_dir_of(models_dir) / "minilm"


class Embedder:
    """MiniLM sentence embeddings (384 floats, unit length) from the ONNX model in ``model_dir``."""

    def __init__(self, model_dir: Path | None = None, *, threads: int = 1) -> None:
        folder = model_dir or default_model_dir()
        model, vocab = folder / MODEL_FILE, folder / TOKENIZER_FILE
        for needed in (model, vocab):
            if not needed.is_file():
                raise ModelError(
                    f"the sentence model file {needed} is missing: reinstall ScanSide "
                    "or rebuild it with models/minilm/export_onnx.py"
                )
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(
                str(model), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = Tokenizer.from_file(str(vocab))
        except Exception as exc:  # onnxruntime and tokenizers raise their own base types
            raise ModelError(f"cannot load the sentence model from {folder}: {exc}") from exc
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - not a secret
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, batch_size: int = 64) -> npt.NDArray[np.float32]:
        """Return one unit-length row of 384 floats per text (an empty array for no texts)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding per batch
        ordered = [texts[i] for i in order]
        parts = [
            self._embed_batch(ordered[i : i + batch_size]) for i in range(0, len(texts), batch_size)
        ]
        result = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        result[order] = np.concatenate(parts, axis=0)
        return result

    def _embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._lock:
            states = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        unit: npt.NDArray[np.float32] = (pooled / norms).astype(np.float32)
        return unit


def shared_embedder(model_dir: Path | None = None) -> Embedder:
    """One loaded model per folder and process (loading takes about a quarter of a second)."""
    folder = (model_dir or default_model_dir()).resolve()
    with _SHARED_LOCK:
        if folder not in _SHARED:
            _SHARED[folder] = Embedder(folder)
        return _SHARED[folder]
