"""A real but trivial ONNX model repository for tests of the pipeline and the dispatcher.

The model is a soft threshold: probability = sigmoid(k * (normalised HU - 0.5)), i.e. voxels
denser than about -300 HU are "nodule". It is a genuine ONNX graph run by ONNX Runtime through
the repository and runtime code, so everything around the model is exercised for real; only the
network's weights are replaced by a rule, which keeps the tests fast and their outcome known.
In a simulated chest it finds nodules, and also vessels and the chest wall next to the lungs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import onnx
from onnx import TensorProto, helper

NAME = "lung_nodule"
HU_WINDOW = (-1000.0, 400.0)


def _graph() -> onnx.ModelProto:
    dims = ["n", 1, "z", "y", "x"]
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, dims)
    probability = helper.make_tensor_value_info("probability", TensorProto.FLOAT, dims)
    half = helper.make_tensor("half", TensorProto.FLOAT, [], [0.5])
    gain = helper.make_tensor("gain", TensorProto.FLOAT, [], [40.0])
    nodes = [
        helper.make_node("Sub", ["image", "half"], ["centred"]),
        helper.make_node("Mul", ["centred", "gain"], ["logits"]),
        helper.make_node("Sigmoid", ["logits"], ["probability"]),
    ]
    graph = helper.make_graph(nodes, "soft_threshold", [image], [probability], [half, gain])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def write_repository(
    root: Path, *, spacing_mm: tuple[float, float, float] = (2.5, 1.5, 1.5)
) -> Path:
    """Write ``root/lung_nodule/{manifest.json, model.onnx}`` and return ``root``."""
    folder = root / NAME
    folder.mkdir(parents=True, exist_ok=True)
    onnx_path = folder / "model.onnx"
    onnx.save(_graph(), onnx_path)
    manifest = {
        "name": NAME,
        "version": "0.0.1-test",
        "task": "nodule_segmentation",
        "routing": {"modality": ["CT"], "body_part": ["CHEST"], "min_slices": 10},
        "input": {"name": "image", "spacing_mm": list(spacing_mm), "hu_window": list(HU_WINDOW)},
        "inference": {"patch_size": [32, 64, 64], "overlap": [8, 16, 16], "batch_size": 2},
        "output": {"name": "probability", "classes": ["background", "nodule"]},
        "thresholds": {"nodule": 0.5},
        "files": {
            "fp32": {
                "path": "model.onnx",
                "sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
            }
        },
        "precision": {"CPUExecutionProvider": "fp32"},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return root
