"""A few training steps run end to end and are reproducible from the seed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from models.lung_nodule import train  # noqa: E402
from models.lung_nodule.data import training_case  # noqa: E402

pytestmark = pytest.mark.training


def _run(out: Path) -> dict[str, object]:
    args = train.parse_args(
        [
            "--out",
            str(out),
            "--seed",
            "3",
            "--studies",
            "1",
            "--steps",
            "3",
            "--batch",
            "2",
            "--patch",
            "32",
            "--rows",
            "128",
            "--pixel-spacing",
            "2.6",
            "--device",
            "cpu",
        ]
    )
    return train.train(args)


def test_a_few_steps_train_and_reproduce(tmp_path: Path) -> None:
    first = _run(tmp_path / "a")
    _run(tmp_path / "b")
    assert first["steps"] == 3
    assert np.isfinite(first["final_loss"])
    info = json.loads((tmp_path / "a" / "training.json").read_text())
    assert info["train_seeds"] == [103_000, 103_000]
    a = torch.load(tmp_path / "a" / "nodulenet.pt")
    b = torch.load(tmp_path / "b" / "nodulenet.pt")
    assert a.keys() == b.keys()
    for key in a:
        assert torch.allclose(a[key].float(), b[key].float(), atol=1e-6), key


def test_hard_negatives_inside_the_lungs_are_dense_voxels_off_the_nodules() -> None:
    case = training_case(103_000, rows=128, pixel_spacing_mm=2.6)
    sampler = train.PatchSampler(
        [case], patch=32, device=torch.device("cpu"), seed=0, hard_in_lung_share=1.0
    )
    points = tuple(sampler.dense_in_lung[0].T)
    assert len(points[0]) > 0
    assert ((case.hu[points] > -750) & (case.hu[points] < 200)).all()
    assert (case.labels[points] == 0).all()
    # without the option the sampler keeps the 0.1.0 recipe: dense voxels anywhere
    plain = train.PatchSampler([case], patch=32, device=torch.device("cpu"), seed=0)
    assert plain.dense_in_lung is plain.dense
