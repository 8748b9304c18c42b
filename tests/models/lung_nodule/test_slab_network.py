"""The INT8 network is the FP32 network's own weights as 2-D convolutions over slabs: the same
map in float, fast integer kernels on the CPU, and masks that agree with FP32's."""

from __future__ import annotations

import numpy as np
import onnx
import pytest

pytest.importorskip("torch")

import torch

from appliance.config import InferenceConfig
from appliance.inference.runtime import InferenceRuntime
from appliance.simulate import simulate_study
from models.lung_nodule.export import MAX_DICE_LOSS, int8_is_chosen
from models.lung_nodule.network import NoduleNet, fuse_batchnorm
from models.lung_nodule.slab_network import SlabNoduleNet
from models.lung_nodule.torch_model import MANIFEST

pytestmark = pytest.mark.training


def _trained_looking_net() -> NoduleNet:
    """A NoduleNet with random weights and BatchNorm statistics, fused as the export fuses."""
    torch.manual_seed(0)
    net = NoduleNet()
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm3d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)
    return fuse_batchnorm(net)


def test_the_slab_form_computes_the_same_map_as_the_3d_network() -> None:
    net = _trained_looking_net()
    slabs = SlabNoduleNet(net).eval()
    ct = torch.rand(2, 1, 16, 24, 40)  # a batch of two, every side a different multiple of 8
    with torch.no_grad():
        assert torch.allclose(slabs(ct), net(ct), atol=1e-5)


def test_a_network_whose_batchnorm_is_not_folded_is_refused() -> None:
    with pytest.raises(ValueError, match="fuse_batchnorm"):
        SlabNoduleNet(NoduleNet())


def test_the_shipped_int8_file_has_only_2d_convolutions() -> None:
    model = onnx.load(str(MANIFEST.with_name("lung_nodule_int8.onnx")))
    weights = {init.name: init for init in model.graph.initializer}
    convs = [node for node in model.graph.node if node.op_type == "Conv"]
    assert convs
    quantized = {node.output[0] for node in model.graph.node if node.op_type == "DequantizeLinear"}
    assert any(node.input[1] in quantized for node in convs)
    for node in convs:
        weight = weights.get(node.input[1])
        if weight is not None:
            assert len(weight.dims) == 4, node.name


def test_int8_finds_a_nodule_where_fp32_does_and_outlines_it_alike() -> None:
    study = simulate_study(
        900_998, slices=60, slice_thickness_mm=1.25, rows=192, pixel_spacing_mm=1.25,
        diameters_mm=(9.0,),
    )  # fmt: skip
    (nodule,) = study.nodules
    k, r, c = (round(v) for v in study.geometry.to_index(nodule.center_mm))
    crop = study.volume_hu[k - 24 : k + 24, r - 40 : r + 40, c - 40 : c + 40].astype(np.float32)
    masks = {
        precision: InferenceRuntime(config=InferenceConfig(precision=precision))
        .nodule_model()
        .predict(crop)
        > 0.5
        for precision in ("fp32", "int8")
    }
    both = (masks["fp32"] & masks["int8"]).sum()
    dice = 2 * both / (masks["fp32"].sum() + masks["int8"].sum())
    assert masks["fp32"].sum() > 100
    assert dice > 0.95


def test_int8_runs_on_the_cpu_only_when_faster_and_as_faithful_to_the_truth() -> None:
    report = {
        "speedup_int8": 1.5,
        "mask_dice_with_truth_fp32": 0.90,
        "mask_dice_with_truth_int8": 0.90 - MAX_DICE_LOSS / 2,
    }
    assert int8_is_chosen(report)
    assert not int8_is_chosen(report | {"speedup_int8": 1.0})
    assert not int8_is_chosen(report | {"mask_dice_with_truth_int8": 0.90 - 2 * MAX_DICE_LOSS})
    assert not int8_is_chosen(report | {"mask_dice_with_truth_int8": None})
