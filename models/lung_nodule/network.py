"""NoduleNet: a compact 3D U-Net built to quantize well (static INT8 QDQ in ONNX Runtime).

Design choices for INT8 on CPU (../shared/PLATFORM-NOTES.md measured a plain QDQ U-Net with
ConvTranspose as no faster in INT8):

* only Conv (3x3x3 or 1x1x1), ReLU, Add and nearest-neighbour Resize: every op has an INT8
  kernel; no ConvTranspose (upsampling is Resize then conv), no InstanceNorm (BatchNorm, folded
  into the convolutions at export), no Concat (skips are added, after a 1x1x1 projection);
* few channels at full resolution (6), where most of the arithmetic is; downsampling by
  stride-2 convolutions;
* the sigmoid is part of the graph, so the ONNX output is already a probability.

About 0.1 M parameters. (8, 16, 32, 64) channels ran 2.9x slower on the 2-core CPU (1.86 s vs
0.65 s per 96^3 patch in ONNX Runtime FP32) for no need of the extra capacity on this task.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


class ConvBlock(nn.Sequential):
    def __init__(self, cin: int, cout: int, stride: int = 1) -> None:
        super().__init__(
            nn.Conv3d(cin, cout, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm3d(cout),
            nn.ReLU(inplace=True),
        )


class UpBlock(nn.Module):
    """1x1x1 projection, nearest 2x upsampling, add the skip, 3x3x3 conv."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.project = nn.Conv3d(cin, cout, 1)
        self.conv = ConvBlock(cout, cout)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(self.project(x), scale_factor=2.0, mode="nearest")
        return self.conv(x + skip)


class NoduleNet(nn.Module):
    def __init__(self, channels: tuple[int, int, int, int] = (6, 12, 24, 48)) -> None:
        super().__init__()
        c0, c1, c2, c3 = channels
        self.enc0 = nn.Sequential(ConvBlock(1, c0), ConvBlock(c0, c0))
        self.enc1 = nn.Sequential(ConvBlock(c0, c1, stride=2), ConvBlock(c1, c1))
        self.enc2 = nn.Sequential(ConvBlock(c1, c2, stride=2), ConvBlock(c2, c2))
        self.bottom = nn.Sequential(ConvBlock(c2, c3, stride=2), ConvBlock(c3, c3))
        self.up2 = UpBlock(c3, c2)
        self.up1 = UpBlock(c2, c1)
        self.up0 = UpBlock(c1, c0)
        self.head = nn.Conv3d(c0, 1, 1)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        s0 = self.enc0(x)
        s1 = self.enc1(s0)
        s2 = self.enc2(s1)
        b = self.bottom(s2)
        return self.head(self.up0(self.up1(self.up2(b, s2), s1), s0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Probability map; spatial sizes must be multiples of 8."""
        return torch.sigmoid(self.logits(x))


def fuse_batchnorm(model: NoduleNet) -> NoduleNet:
    """Fold every BatchNorm into its convolution (eval mode), for export and quantization."""
    from torch.nn.utils.fusion import fuse_conv_bn_eval  # noqa: PLC0415

    model = model.eval()
    for module in model.modules():
        if isinstance(module, ConvBlock) and isinstance(module[1], nn.BatchNorm3d):
            module[0] = fuse_conv_bn_eval(module[0], module[1])
            module[1] = nn.Identity()
    return model
