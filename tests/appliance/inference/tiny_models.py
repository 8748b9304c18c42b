"""A real but trivial ONNX model repository for tests of the pipeline and the dispatcher.

The model is a soft threshold: probability = sigmoid(k * (normalised HU - 0.5)), i.e. voxels
denser than about -300 HU are "nodule". It is a genuine ONNX graph run by ONNX Runtime through
the repository and runtime code, so everything around the model is exercised for real; only the
network's weights are replaced by a rule, which keeps the tests fast and their outcome known.
In a simulated chest it finds nodules, and also vessels and the chest wall next to the lungs.

:func:`add_head` gives a version of it a trivial learned attenuation head (every coefficient 0,
one class's bias high), so a test knows what the head decides whatever the finding.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import onnx
from onnx import TensorProto, helper

from appliance.inference.attenuation_head import CLASSES, FORMAT
from appliance.inference.measure import ATTENUATION_FEATURES

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


def trivial_head(mode: str = "replace", favour: str = "ground-glass") -> dict[str, object]:
    """A head file's content that decides ``favour`` (in ``replace`` mode: always; in
    ``override`` mode, with ``favour`` solid: every call solid)."""
    n = len(ATTENUATION_FEATURES)
    return {
        "format": FORMAT,
        "mode": mode,
        "classes": list(CLASSES),
        "features": list(ATTENUATION_FEATURES),
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "coef": [[0.0] * n for _ in CLASSES],
        "bias": [5.0 if c == favour else 0.0 for c in CLASSES],
    }


def add_head(folder: Path, head: dict[str, object], *, sha256: str | None = None) -> Path:
    """Write ``head`` as ``folder/attenuation_head.json`` and name it in the folder's manifest
    with its sha256 (or ``sha256``, to make a damaged copy); the file's path."""
    path = folder / "attenuation_head.json"
    path.write_text(json.dumps(head))
    manifest = json.loads((folder / "manifest.json").read_text())
    digest = sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    manifest["attenuation_head"] = {"path": path.name, "sha256": digest}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return path
