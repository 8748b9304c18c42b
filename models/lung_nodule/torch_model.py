"""The shipped weights in PyTorch, with the ONNX model's interface (for the lent GPU).

The device machine has no onnxruntime-gpu, so GPU timings and the GPU evaluation run the same
weights here: BatchNorm folded as in the export, the manifest's patching through the
appliance's own ``sliding_window``. FP32 by default, with TF32 off so the maps match ONNX
Runtime's FP32 on the CPU; ``half=True`` uses FP16 autocast. ``second_stage=True`` attaches the
candidate classifier, the manifest's or the one trained into ``classifier_dir`` (its
``candidate_classifier.json`` at the operating point in ``candidate_training.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from appliance.inference.candidates import CandidateClassifier
from appliance.inference.runtime import sliding_window
from models.lung_nodule.network import NoduleNet, fuse_batchnorm

MANIFEST = Path(__file__).with_name("manifest.json")


class TorchNoduleModel:
    def __init__(
        self,
        weights: Path,
        device: str = "cuda",
        half: bool = False,
        second_stage: bool = False,
        classifier_dir: Path | None = None,
    ) -> None:
        self.manifest = json.loads(MANIFEST.read_text())
        self.name = self.manifest["name"]
        self.version = self.manifest["version"]
        self.device = torch.device(device)
        self.provider = f"torch-{self.device.type}"
        self.precision = "fp16" if half else "fp32"
        self.half = half
        net = NoduleNet()
        net.load_state_dict(torch.load(weights, map_location="cpu"))
        self.net = fuse_batchnorm(net).to(self.device)
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
        self.candidate_classifier = self._classifier(classifier_dir) if second_stage else None

    def _classifier(self, folder: Path | None) -> CandidateClassifier:
        if folder is None:
            entry = self.manifest["candidate_classifier"]
            path = MANIFEST.with_name(entry["path"])
            return CandidateClassifier.load(path, float(entry["operating_threshold"]))
        report = json.loads((folder / "candidate_training.json").read_text())
        threshold = float(report["operating_point_out_of_fold"]["threshold"])
        return CandidateClassifier.load(folder / "candidate_classifier.json", threshold)

    @property
    def spacing_mm(self) -> tuple[float, float, float]:
        z, y, x = self.manifest["input"]["spacing_mm"]
        return (float(z), float(y), float(x))

    @property
    def thresholds(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.manifest["thresholds"].items()}

    def normalise(self, hu: np.ndarray) -> np.ndarray:
        lo, hi = self.manifest["input"]["hu_window"]
        return ((np.clip(hu, lo, hi) - lo) / (hi - lo)).astype(np.float32)

    def _run(self, batch: np.ndarray) -> np.ndarray:
        with (
            torch.no_grad(),
            torch.autocast(self.device.type, dtype=torch.float16, enabled=self.half),
        ):
            out = self.net(torch.from_numpy(batch).to(self.device))
        return out.float().cpu().numpy()

    def predict(self, volume_hu: np.ndarray, batch_size: int | None = None) -> np.ndarray:
        inf = self.manifest["inference"]
        return sliding_window(
            np.asarray(volume_hu, dtype=np.float32),
            self.normalise,
            self._run,
            patch=tuple(inf["patch_size"]),
            overlap=tuple(inf["overlap"]),
            batch_size=batch_size or inf["batch_size"],
            fill_hu=self.manifest["input"]["hu_window"][0],
        )
